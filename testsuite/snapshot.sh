#!/bin/sh
# testsuite/snapshot.sh - what the plugin makes of every test and of
# bench/corpus.c, so that a change meant to leave its output alone (a
# refactoring) can be shown to:
#
#	sh testsuite/snapshot.sh build-gcc-12 /tmp/before
#	... change the plugin, make -C build-gcc-12 ...
#	sh testsuite/snapshot.sh build-gcc-12 /tmp/after
#	diff -r /tmp/before /tmp/after && echo identical
#
# BUILDDIR is a built build directory; its site.exp names the compiler
# and the plugin.  The suites that compile C with the plugin run with
# PVCALL_SNAPSHOT=OUTDIR/tests, which makes testsuite/lib/pvcall.exp write
# each test's assembly and compiler messages per option set (their
# results go to OUTDIR/runtest, and are not the point).  Under -flto the
# assembly is the IR, not what lto1 makes of it; the run tests check that.  Then
# bench/around-sites.sh writes bench/corpus.c's assembly and objects,
# built every way it is benchmarked, to OUTDIR/corpus.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 BUILDDIR OUTDIR" >&2; exit 2; }
build=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$build/pvcall.so" ] || { echo "$0: $build has no pvcall.so (run make there)" >&2; exit 2; }
${MAKE:-make} -s -C "$build" site.exp >/dev/null
cc=$(sed -n 's/^if !\[info exists pvcall_cc\] { set pvcall_cc {\(.*\)} }$/\1/p' \
	"$build/pvcall-site.exp")

# Debug info and LTO's option records name the working directory and the
# plugin's path: both are the same fixed ones in every snapshot, so one
# snapshot at a time.
fixed=${TMPDIR:-/tmp}/pvcall-snapshot
rm -rf "$out/tests" "$out/runtest" "$out/corpus" "$fixed"
mkdir -p "$fixed/run"
cp "$build/pvcall.so" "$fixed/pvcall.so"
cp "$build/site.exp" "$fixed/run/"
(
	cd "$fixed/run"
	PVCALL_SNAPSHOT=$out/tests runtest --tool pvcall \
		--srcdir "$src/testsuite" PVCALL_PLUGIN="$fixed/pvcall.so" \
		pvcall.compile/pvcall.exp pvcall.diag/pvcall.exp \
		pvcall.run/pvcall.exp pvcall.runtime/pvcall.exp \
		pvcall.sites/pvcall.exp >/dev/null 2>&1 || true
)
mv "$fixed/run" "$out/runtest"
OUT=$out/corpus CC=$cc PLUGIN=$fixed/pvcall.so \
	sh "$src/bench/around-sites.sh" >/dev/null
rm -rf "$fixed"
n=$(find "$out/tests" -name '*.s' | wc -l)
echo "snapshot: $n test assemblies and bench/corpus.c with $cc in $out"
