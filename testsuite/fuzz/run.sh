#!/bin/sh
# run.sh - the differential campaign: generate programs with pvfuzz-gen,
# build each without the plugin (the reference) and with it in every
# configuration, run them, and compare the checksums.
#
#	sh testsuite/fuzz/run.sh [N [SEED]]
#
# runs the programs of seeds SEED .. SEED+N-1.
#
# Environment: PVCALL_COMPILERS (default "gcc-12 gcc-11"), each built in
# build-$CC (plugin, libpvcall.a, pvcall-sites), or FUZZ_CC with its build
# directory FUZZ_BUILD; FUZZ_CONFIGS to narrow the option sets; FUZZ_JOBS
# (default 1) programs built at once; OUT for the work directory
# (mismatching programs are kept there); SUMMARY, a file that receives the
# summary as well.
# Prints one line per finding and a summary ending in
#	fuzz: N programs, M builds, K runs: X mismatches, Y ICEs, Z check failures
# and exits non-zero on any finding.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-20}
seed=${2:-1}
jobs=${FUZZ_JOBS:-1}
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
inc="-I$top/include -I$top/testsuite/pvcall.run -DPVT_SITE_DEAD_EXTERN"

gen="$out/pvfuzz-gen"
gcc-12 -O2 -o "$gen" "$top/testsuite/fuzz/pvfuzz-gen.c" || exit 2
# The harness's site lookup, once per compiler (see site-dead.h).  The
# compiler may be given as a path, hence the file name made of its name.
harness_of() { echo "$out/harness-$(echo "$1" | tr -c 'A-Za-z0-9.\n-' _).o"; }
for cc in $compilers; do
	$cc -O2 -fPIC -I"$top/include" -I"$top/testsuite/pvcall.run" \
		-c "$top/testsuite/fuzz/pvfuzz-harness.c" \
		-o "$(harness_of "$cc")" || exit 2
done

# finding DIR KIND MESSAGE: report a finding and count it in DIR/counts.
finding() {
	echo "fuzz: $2: $3"
	echo "$2" >> "$1/counts"
}

# build_and_run DIR SEED CC BUILD HARNESS REF CFG: one configuration of a
# program.
build_and_run() {
	d=$1 s=$2 cc=$3 b=$4 h=$5 ref=$6 cfg=$7
	exe="$d/p$s.exe"
	$cc -fplugin="$b/pvcall.so" $cfg $inc \
		-DPVFUZZ_PATCH "$d/p$s.c" "$h" "$b/libpvcall.a" \
		-o "$exe" >"$d/log" 2>&1
	st=$?
	echo build >> "$d/counts"
	if grep -q "internal compiler error" "$d/log"; then
		finding "$d" ICE "seed $s: $cc $cfg"
		return
	fi
	if [ $st -ne 0 ]; then
		finding "$d" check "seed $s: $cc $cfg: build failed"
		sed -n 1,5p "$d/log"
		return
	fi
	got=$(timeout 20 "$exe" 2>&1)
	echo run >> "$d/counts"
	# Unpatched, patched to direct calls, patched inline.
	want=$(printf '%s\n%s\n%s' "$ref" "$ref" "$ref")
	if [ "$got" != "$want" ]; then
		finding "$d" mismatch "seed $s: $cc $cfg"
		cp "$d/p$s.c" "$out/mismatch-$s.c"
	fi
	if ! "$b/pvcall-sites" --check "$exe" >/dev/null 2>&1; then
		finding "$d" check "seed $s: $cc $cfg: pvcall-sites --check failed"
	fi
}

# program DIR SEED: generate one program and run it through the matrix.
program() {
	d=$1 s=$2
	"$gen" "$s" > "$d/p$s.c"
	echo program >> "$d/counts"
	# The reference: the first compiler, no plugin, -O0.  Programs are
	# well defined, so every compiler must agree with it.
	set -- $compilers
	b=${FUZZ_BUILD:-$top/build-$1}
	if ! $1 -O0 $inc -DPVFUZZ_PATCH "$d/p$s.c" "$(harness_of "$1")" \
			"$b/libpvcall.a" -o "$d/ref" >"$d/log" 2>&1; then
		finding "$d" check "seed $s: $1 reference build failed"
		return
	fi
	ref=$(timeout 20 "$d/ref" | head -1)
	echo run >> "$d/counts"
	for cc in $compilers; do
		b=${FUZZ_BUILD:-$top/build-$cc}
		h=$(harness_of "$cc")
		echo "$configs" | while read -r cfg; do
			[ -n "$cfg" ] || continue
			build_and_run "$d" "$s" "$cc" "$b" "$h" "$ref" "$cfg"
		done
		# Kernel code model: compile and check the object only.
		$cc -O2 $KFLAGS -mcmodel=kernel -fno-pic $inc \
			-fplugin="$b/pvcall.so" -c "$d/p$s.c" -o "$d/k.o" \
			>"$d/log" 2>&1
		echo build >> "$d/counts"
		if grep -q "internal compiler error" "$d/log"; then
			finding "$d" ICE "seed $s: $cc kernel"
		elif ! "$b/pvcall-sites" --check "$d/k.o" >/dev/null 2>&1; then
			finding "$d" check "seed $s: $cc kernel object"
		fi
	done
	rm -f "$d/p$s.c" "$d/p$s.exe" "$d/ref" "$d/k.o"
}

# worker W: the programs whose index is W modulo the number of jobs.
worker() {
	d="$out/w$1"
	mkdir -p "$d"
	: > "$d/counts"
	i=$1
	while [ "$i" -lt "$n" ]; do
		program "$d" $((seed + i))
		i=$((i + jobs))
	done
}

start=$(date +%s)
w=0
while [ $w -lt "$jobs" ]; do
	worker $w &
	w=$((w + 1))
done
wait
elapsed=$(($(date +%s) - start))

tally() { cat "$out"/w*/counts | grep -c "^$1\$" || true; }
programs=$(tally program)
builds=$(tally build)
runs=$(tally run)
mismatches=$(tally mismatch)
ices=$(tally ICE)
checks=$(tally check)
nconfigs=$(($(echo "$configs" | grep -c .) + 1))
commit=$(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)
summary="fuzz campaign: seeds $seed..$((seed + n - 1)), compilers $compilers, $nconfigs configurations each
fuzz campaign: pvcall $commit, $jobs jobs, $elapsed s
fuzz: $programs programs, $builds builds, $runs runs: $mismatches mismatches, $ices ICEs, $checks check failures"
echo "$summary"
[ -n "${SUMMARY:-}" ] && echo "$summary" > "$SUMMARY"
[ "$programs" -eq "$n" ] && [ "$mismatches" -eq 0 ] && [ "$ices" -eq 0 ] &&
	[ "$checks" -eq 0 ]
