#!/bin/sh
# run.sh - the differential campaign: generate programs with pvfuzz-gen,
# build each without the plugin (the reference) and with it in every
# configuration, run them, and compare the checksums.
#
#	sh testsuite/fuzz/run.sh [N [SEED]]
#
# Environment: PVCALL_COMPILERS (default "gcc-12 gcc-11"), each built in
# build-$CC (plugin, libpvcall.a, pvcall-sites), or FUZZ_CC with its build
# directory FUZZ_BUILD; FUZZ_CONFIGS to narrow the option sets; OUT for the
# work directory (mismatching programs are kept there).
# Prints one line per finding and a summary:
#	fuzz: N programs, M builds, K runs: X mismatches, Y ICEs, Z check failures
# and exits non-zero on any finding.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-20}
seed=${2:-1}
compilers=${FUZZ_CC:-${PVCALL_COMPILERS:-gcc-12 gcc-11}}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
KFLAGS="-mno-red-zone -mpreferred-stack-boundary=3 -mgeneral-regs-only -mskip-rax-setup"
configs=${FUZZ_CONFIGS:-"
-O0 -fplugin-arg-pvcall-regs=abi
-O1 -fplugin-arg-pvcall-regs=abi
-O2 -fplugin-arg-pvcall-regs=abi
-O3 -fplugin-arg-pvcall-regs=abi
-Os -fplugin-arg-pvcall-regs=abi
-O2 -fPIC -fplugin-arg-pvcall-regs=abi
-O2 -flto -fplugin-arg-pvcall-regs=abi
-O0 -fplugin-arg-pvcall-regs=any
-O1 -fplugin-arg-pvcall-regs=any
-O2 -fplugin-arg-pvcall-regs=any
-O3 -fplugin-arg-pvcall-regs=any
-Os -fplugin-arg-pvcall-regs=any
-O2 -fPIC -fplugin-arg-pvcall-regs=any
-O2 -flto -fplugin-arg-pvcall-regs=any
-O2 -mno-red-zone
-O2 $KFLAGS -fno-pic -no-pie -DPVT_KERNEL_FLAGS
"}

programs=0 builds=0 runs=0 mismatches=0 ices=0 checks=0
: > "$out/counts"
gen="$out/pvfuzz-gen"
gcc-12 -O2 -o "$gen" "$top/testsuite/fuzz/pvfuzz-gen.c" || exit 2

finding() {	# kind message
	echo "fuzz: $1: $2"
	case $1 in
	mismatch) mismatches=$((mismatches + 1)) ;;
	ICE) ices=$((ices + 1)) ;;
	*) checks=$((checks + 1)) ;;
	esac
}

i=0
while [ $i -lt "$n" ]; do
	s=$((seed + i))
	i=$((i + 1))
	src="$out/p$s.c"
	"$gen" $s > "$src"
	programs=$((programs + 1))
	for cc in $compilers; do
		b=${FUZZ_BUILD:-$top/build-$cc}
		inc="-I$top/include -I$top/testsuite/pvcall.run"
		# The reference: no plugin, -O0, run once, checksum line.
		if ! $cc -O0 $inc -DPVFUZZ_PATCH "$src" "$b/libpvcall.a" -o "$out/ref" >"$out/log" 2>&1; then
			finding build "seed $s: $cc reference build failed"; continue
		fi
		ref=$("$out/ref" | head -1)
		runs=$((runs + 1))
		echo "$configs" | while read -r cfg; do
			[ -n "$cfg" ] || continue
			exe="$out/p$s-$cc.exe"
			$cc -fplugin="$b/pvcall.so" $cfg $inc \
				-DPVFUZZ_PATCH "$src" "$b/libpvcall.a" -o "$exe" >"$out/log" 2>&1
			st=$?
			echo build >> "$out/counts"
			if grep -q "internal compiler error" "$out/log"; then
				echo "fuzz: ICE: seed $s: $cc $cfg" ; echo ICE >> "$out/counts"; continue
			fi
			if [ $st -ne 0 ]; then
				echo "fuzz: build: seed $s: $cc $cfg failed"; echo check >> "$out/counts"
				sed -n 1,5p "$out/log"; continue
			fi
			got=$(timeout 20 "$exe" 2>&1)
			echo run >> "$out/counts"
			want=$(printf '%s\n%s\n%s' "$ref" "$ref" "$ref")
			if [ "$got" != "$want" ]; then
				echo "fuzz: mismatch: seed $s: $cc $cfg"; echo mismatch >> "$out/counts"
				cp "$src" "$out/mismatch-$s.c"
			fi
			if ! "$b/pvcall-sites" --check "$exe" >/dev/null 2>&1; then
				echo "fuzz: check: seed $s: $cc $cfg: pvcall-sites --check failed"
				echo check >> "$out/counts"
			fi
		done
		# Kernel code model: compile and check the object only.
		$cc -O2 $KFLAGS -mcmodel=kernel -fno-pic $inc -fplugin="$b/pvcall.so" \
			-c "$src" -o "$out/k.o" >"$out/log" 2>&1
		echo build >> "$out/counts"
		if grep -q "internal compiler error" "$out/log"; then
			echo "fuzz: ICE: seed $s: $cc kernel"; echo ICE >> "$out/counts"
		elif ! "$b/pvcall-sites" --check "$out/k.o" >/dev/null 2>&1; then
			echo "fuzz: check: seed $s: $cc kernel object"; echo check >> "$out/counts"
		fi
	done
	rm -f "$src" "$out"/p$s-*.exe
done
tally() { grep -c "^$1\$" "$out/counts" || true; }
builds=$(tally build)
runs=$((runs + $(tally run)))
mismatches=$(tally mismatch)
ices=$(tally ICE)
checks=$(tally check)
echo "fuzz: $programs programs, $builds builds, $runs runs: $mismatches mismatches, $ices ICEs, $checks check failures"
[ "$mismatches" -eq 0 ] && [ "$ices" -eq 0 ] && [ "$checks" -eq 0 ]
