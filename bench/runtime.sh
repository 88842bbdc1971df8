#!/bin/sh
# runtime.sh - instruction counts (valgrind --tool=callgrind) for the hot
# loop of bench/runtime-bench.c unpatched, patched to direct calls, patched
# to native templates, and built native; the per-call cost of an op as a
# plain C call, a no_caller_saved_registers function, a PVCALL_THUNK and a
# Linux-style callee-save thunk; and the patcher's rate on a synthetic
# table of 100,000 sites.
#
#	CC=gcc-12 BUILD=build-gcc-12 sh bench/runtime.sh
set -eu
: "${CC:=gcc-12}" "${BUILD:?build directory with pvcall.so and libpvcall.a}"
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$BUILD" && pwd)
inc=$(cd "$here/../include" && pwd)
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
N=${N:-100000}

command -v valgrind >/dev/null || { echo "runtime.sh: valgrind is needed" >&2; exit 1; }
$CC -O2 -I"$inc" -fplugin="$build/pvcall.so" "$here/runtime-bench.c" \
	"$build/libpvcall.a" -o "$out/bench"
$CC -O2 -I"$inc" -DNATIVE -fplugin="$build/pvcall.so" "$here/runtime-bench.c" \
	"$build/libpvcall.a" -o "$out/bench-native"
$CC -O2 -I"$inc" -fplugin="$build/pvcall.so" -fplugin-arg-pvcall-regs=any \
	"$here/runtime-bench.c" "$build/libpvcall.a" -o "$out/bench-any"
$CC -O2 -I"$inc" "$here/runtime-bench.c" "$build/libpvcall.a" -o "$out/bench-plain"
$CC -O2 -I"$inc" -DTHUNKED -fplugin="$build/pvcall.so" "$here/runtime-bench.c" \
	"$build/libpvcall.a" -o "$out/bench-thunked"
$CC -O2 -I"$inc" -DLINUX_MACROS -fplugin="$build/pvcall.so" \
	"$here/runtime-bench.c" "$build/libpvcall.a" -o "$out/bench-linux"

# count FUNCTION PROGRAM ARGS...: instructions executed in FUNCTION.
count() {
	fn=$1; shift
	valgrind --tool=callgrind --callgrind-out-file="$out/cg.out" \
		--toggle-collect="$fn" "$@" >/dev/null 2>"$out/cg.err"
	awk '/^summary:/ { print $2 }' "$out/cg.out"
}

native=$(count hot_loop "$out/bench-native" loop native $N)
printf '%-34s %12s %10s %8s\n' "hot loop ($N iterations)" instructions "per iter" "/native"
row() {	# label count
	awk -v m="$1" -v n="$2" -v it="$N" -v nat="$native" \
		'BEGIN { printf "%-34s %12d %10.2f %8.3f\n", m, n, n / it, n / nat }'
}
row "plain C calls (no plugin)" "$(count hot_loop "$out/bench-plain" loop plain $N)"
row "Linux macros + callee-save thunks" "$(count hot_loop "$out/bench-linux" loop linux $N)"
row "pvcall unpatched, thunked C ops" "$(count hot_loop "$out/bench-thunked" loop unpatched $N)"
for mode in unpatched direct inline; do
	row "pvcall ABI sites, $mode" "$(count hot_loop "$out/bench" loop $mode $N)"
done
for mode in unpatched inline; do
	row "pvcall regs=any, $mode" "$(count hot_loop "$out/bench-any" loop $mode $N)"
done
awk -v n="$native" -v it="$N" \
	'BEGIN { printf "%-34s %12d %10.2f %8.3f\n", "native (pushf;pop inline)", n, n / it, 1 }'

echo
plain=$(count call_plain "$out/bench" call plain $N)
printf '%-34s %12s %10s %8s\n' "one op, $N calls" instructions "per call" "/plain"
for kind in plain ncsr thunk linux; do
	n=$(count call_$kind "$out/bench" call $kind $N)
	case $kind in
	plain) label="plain C call through a table" ;;
	ncsr) label="no_caller_saved_registers op" ;;
	thunk) label="PVCALL_THUNK around plain C" ;;
	linux) label="Linux callee-save thunk (8+8)" ;;
	esac
	awk -v l="$label" -v n="$n" -v it="$N" -v p="$plain" \
		'BEGIN { printf "%-34s %12d %10.2f %8.3f\n", l, n, n / it, n / p }'
done

echo
"$out/bench" rate 100000
