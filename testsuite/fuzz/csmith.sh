#!/bin/sh
# csmith.sh - the plugin must not disturb ordinary code.  Builds Csmith's
# random programs (Debian's csmith and libcsmith-dev), which have no pv
# calls, with and without the plugin loaded, in each configuration:
#
#	sh testsuite/fuzz/csmith.sh [N [SEED]]
#
# for the programs of Csmith seeds SEED .. SEED+N-1.  With no pvcall type
# in sight the plugin must change nothing, so the two objects (the two
# executables under -flto, where code is generated at link time) must be
# byte-identical; a difference is a finding even where the output agrees.
# The plugin build is also run and its output compared with a plugin-free
# -O0 build's.  A program whose reference does not finish within 10 s is
# skipped (Csmith programs may loop for very long).
#
# Environment: PVCALL_COMPILERS (default "gcc-12 gcc-11"), each built in
# build-$CC, or FUZZ_CC with its build directory FUZZ_BUILD; CSMITH_CONFIGS
# to narrow the option sets; OUT for the work directory (programs with a
# finding are kept there); SUMMARY, a file that receives the summary too.
# Prints one line per finding and a summary ending in
#	csmith: N programs (S skipped), M builds, K runs: X differences, Y mismatches, Z ICEs
# and exits non-zero on any finding or build failure.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-10}
seed=${2:-1}
compilers=${FUZZ_CC:-${PVCALL_COMPILERS:-gcc-12 gcc-11}}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
# "link" marks a configuration compared on executables rather than objects;
# "norun" one compiled only (the kernel code model cannot run here).
configs=${CSMITH_CONFIGS:-"
-O0
-O1
-O2
-O3
-Os
-O2 -fPIC
-O2 -mno-red-zone
-O2 -fplugin-arg-pvcall-regs=any
link -O2 -flto
norun -O2 -mno-red-zone -mcmodel=kernel -fno-pic -mgeneral-regs-only -mskip-rax-setup
"}
inc="-I/usr/include/csmith -w"

if ! command -v csmith >/dev/null 2>&1 || [ ! -f /usr/include/csmith/csmith.h ]; then
	echo "csmith: csmith or /usr/include/csmith/csmith.h missing (Debian csmith, libcsmith-dev)"
	exit 77
fi

programs=0 skipped=0 builds=0 runs=0 diffs=0 mismatches=0 ices=0 fails=0

# compile OUT OPTIONS...: compile (or, for "link", build) $src: 0 on
# success, 2 on an internal compiler error (reported here), 1 otherwise.
compile() {
	o=$1; shift
	if [ "$mode" = link ]; then
		$cc "$@" $inc "$src" -o "$o" >"$out/log" 2>&1
	else
		$cc "$@" $inc -c "$src" -o "$o" >"$out/log" 2>&1
	fi
	st=$?
	builds=$((builds + 1))
	if grep -q "internal compiler error" "$out/log"; then
		echo "csmith: ICE: seed $s: $cc $cfg $*"
		ices=$((ices + 1)); keep=1
		return 2
	fi
	[ $st -eq 0 ] || return 1
}

i=0
while [ $i -lt "$n" ]; do
	s=$((seed + i))
	i=$((i + 1))
	src="$out/c$s.c"
	csmith --seed "$s" > "$src" 2>/dev/null || { echo "csmith: seed $s: csmith failed"; fails=$((fails + 1)); continue; }
	programs=$((programs + 1))
	set -- $compilers
	if ! $1 -O0 $inc "$src" -o "$out/ref" >"$out/log" 2>&1; then
		echo "csmith: seed $s: reference build failed"; fails=$((fails + 1)); continue
	fi
	if ! ref=$(timeout 10 "$out/ref" 2>&1 </dev/null); then
		skipped=$((skipped + 1)); rm -f "$src"; continue
	fi
	keep=0
	for cc in $compilers; do
		b=${FUZZ_BUILD:-$top/build-$cc}
		echo "$configs" > "$out/configs"
		while read -r cfg; do
			[ -n "$cfg" ] || continue
			mode=obj
			case $cfg in
			link\ *) mode=link; cfg=${cfg#link } ;;
			norun\ *) mode=norun; cfg=${cfg#norun } ;;
			esac
			# The plugin-free build may fail (e.g. floating point under
			# -mgeneral-regs-only): then there is nothing to compare.
			# Plugin arguments are for the plugin build only.
			plain=$(echo "$cfg" | sed 's/-fplugin-arg-[^ ]*//g')
			compile "$out/plain" $plain || continue
			compile "$out/plugin" -fplugin="$b/pvcall.so" $cfg
			case $? in
			0) ;;
			2) continue ;;
			*) echo "csmith: seed $s: $cc $cfg: plugin build failed"
			   fails=$((fails + 1)); keep=1; continue ;;
			esac
			if ! cmp -s "$out/plain" "$out/plugin"; then
				echo "csmith: difference: seed $s: $cc $cfg"
				diffs=$((diffs + 1)); keep=1
			fi
			[ "$mode" = norun ] && continue
			if [ "$mode" = obj ]; then
				$cc $cfg "$out/plugin" -o "$out/plugin.exe" >"$out/log" 2>&1 || continue
			else
				mv "$out/plugin" "$out/plugin.exe"
			fi
			got=$(timeout 20 "$out/plugin.exe" 2>&1 </dev/null)
			runs=$((runs + 1))
			if [ "$got" != "$ref" ]; then
				echo "csmith: mismatch: seed $s: $cc $cfg"
				mismatches=$((mismatches + 1)); keep=1
			fi
		done < "$out/configs"
	done
	[ $keep -eq 1 ] && cp "$src" "$out/finding-$s.c"
	rm -f "$src" "$out/ref" "$out/plain" "$out/plugin" "$out/plugin.exe"
done
summary="csmith: seeds $seed..$((seed + n - 1)), compilers $compilers
csmith: $programs programs ($skipped skipped), $builds builds, $runs runs: $diffs differences, $mismatches mismatches, $ices ICEs"
echo "$summary"
[ -n "${SUMMARY:-}" ] && echo "$summary" > "$SUMMARY"
[ $diffs -eq 0 ] && [ $mismatches -eq 0 ] && [ $ices -eq 0 ] && [ $fails -eq 0 ] &&
	[ $programs -gt $skipped ]
