#!/bin/sh
# testsuite/check-all.sh - build pvcall and run the DejaGnu testsuite for
# every supported target GCC.  This is THE test command:
#
#	sh testsuite/check-all.sh
#
# run from anywhere inside a clone.  For each compiler CC (default: gcc-12
# gcc-11; override with PVCALL_COMPILERS="gcc-12") it configures build-$CC
# (../configure CC=$CC, only if not configured yet), runs make and
# make check (continuing past failures), then counts the results in
# build-$CC/pvcall.sum:
#	passed = PASS + XFAIL
#	failed = FAIL + XPASS + UNRESOLVED + ERROR
# A failed build step, or a compiler with no results at all, counts as a
# failure.  The last line printed is always
#	dejagnu: N passed, N failed
# and the exit status is non-zero unless failed == 0 and passed > 0.
#
# Environment:
#   PVCALL_COMPILERS   compilers to test (default "gcc-12 gcc-11")
#   RUNTESTFLAGS       passed to make check, e.g. RUNTESTFLAGS="pvcall.exp=foo*.c"
#   MAKEFLAGS/MAKE     honoured as usual (MAKE defaults to make)
# Extra arguments are appended to RUNTESTFLAGS.

top=$(cd "$(dirname "$0")/.." && pwd) || exit 2
cd "$top" || exit 2

compilers=${PVCALL_COMPILERS:-gcc-12 gcc-11}
make=${MAKE:-make}
rtflags=${RUNTESTFLAGS:-}
if [ $# -gt 0 ]; then
	rtflags="${rtflags:+$rtflags }$*"
fi

total_pass=0
total_fail=0
summary=

note() { echo "check-all: $*"; }

finish() {
	[ -n "$summary" ] && printf '%s' "$summary"
	echo "dejagnu: $total_pass passed, $total_fail failed"
	if [ "$total_fail" -gt 0 ] || [ "$total_pass" -eq 0 ]; then
		exit 1
	fi
	exit 0
}

# count PATTERN FILE: number of lines of FILE starting with PATTERN.
count() {
	if [ -f "$2" ]; then
		grep -c "^$1" "$2" 2>/dev/null
	else
		echo 0
	fi
}

if [ -f "$top/config.status" ]; then
	note "the source tree itself is configured (in-tree build); the per-compiler"
	note "builds need a clean source tree: run 'make distclean' at the top first."
	total_fail=$((total_fail + 1))
	finish
fi

if [ ! -x "$top/configure" ]; then
	note "no configure script: running autoreconf -fi"
	if ! autoreconf -fi; then
		note "autoreconf -fi failed"
		total_fail=$((total_fail + 1))
		finish
	fi
fi

for cc in $compilers; do
	dir="build-$cc"
	step_fail=0
	echo
	note "===== $cc: $dir ====="

	if ! command -v "$cc" >/dev/null 2>&1; then
		note "$cc: compiler not found"
		step_fail=1
	else
		mkdir -p "$dir" || step_fail=1
	fi

	if [ $step_fail -eq 0 ] && [ ! -f "$dir/Makefile" ]; then
		note "$cc: configuring"
		if ! (cd "$dir" && ../configure CC="$cc"); then
			note "$cc: configure FAILED (see $dir/config.log)"
			step_fail=1
		fi
	fi

	if [ $step_fail -eq 0 ]; then
		note "$cc: building"
		if ! (cd "$dir" && $make); then
			note "$cc: make FAILED"
			step_fail=1
		fi
	fi

	sum="$dir/pvcall.sum"
	log="$dir/pvcall.log"
	if [ $step_fail -eq 0 ]; then
		rm -f "$sum" "$log"
		note "$cc: running the testsuite${rtflags:+ (RUNTESTFLAGS=$rtflags)}"
		# make check fails when tests fail; the counts below decide.
		(cd "$dir" && $make check RUNTESTFLAGS="$rtflags") ||
			note "$cc: make check exited non-zero"
	fi

	pass=`count 'PASS:' "$sum"`
	xfail=`count 'XFAIL:' "$sum"`
	fail=`count 'FAIL:' "$sum"`
	xpass=`count 'XPASS:' "$sum"`
	unres=`count 'UNRESOLVED:' "$sum"`
	unsup=`count 'UNSUPPORTED:' "$sum"`
	untested=`count 'UNTESTED:' "$sum"`
	# runtest does not count ERRORs (e.g. Tcl errors in a driver); they
	# go to the .log (and mostly the .sum too): take the larger count.
	err_sum=`count 'ERROR:' "$sum"`
	err_log=`count 'ERROR:' "$log"`
	err=$err_sum
	[ "$err_log" -gt "$err" ] && err=$err_log

	passed=$((pass + xfail))
	failed=$((fail + xpass + unres + err + step_fail))
	if [ $step_fail -eq 0 ] && [ ! -f "$sum" ]; then
		note "$cc: no $sum: the testsuite did not run"
		failed=$((failed + 1))
	elif [ $step_fail -eq 0 ] && [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
		note "$cc: $sum has no results"
		failed=$((failed + 1))
	fi

	line="$cc: $passed passed, $failed failed (PASS $pass, XFAIL $xfail, FAIL $fail, XPASS $xpass, UNRESOLVED $unres, ERROR $err; UNSUPPORTED $unsup, UNTESTED $untested)"
	[ $step_fail -ne 0 ] && line="$line [build failed]"
	note "$line"
	summary="$summary$line
"
	total_pass=$((total_pass + passed))
	total_fail=$((total_fail + failed))
done

echo
finish
