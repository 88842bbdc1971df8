#!/bin/sh
# SPDX-License-Identifier: MIT
#
# profile.sh BUILDDIR BASE OTHER [OP...] - where one Linux build executes
# more instructions than another, per kernel function, for the operations
# of workload.c (default: all six).
#
# BASE and OTHER are kernel build directories (e.g. the native and own
# kernels of make bench-linux).  Each is booted once by measure.sh, with
# REPS=1, and the insn-profile.c QEMU plugin (built into
# BUILDDIR/linux-6.1-profile) counts every execution of every kernel
# instruction inside the workload's timed batches: the same instructions
# the measurement counts, less user space (the same program in both).
# Each instruction is charged to the function symbol (System.map) that
# holds it, and divided by the iterations timed (the warm-up batch and the
# repetition: 2 N_OP).
#
# Prints, per operation, the kernel instructions per iteration of each
# build, and the functions whose share differs by at least 0.05
# instructions per iteration, largest difference first (at most ROWS of
# them, default all).
set -eu

usage="usage: profile.sh BUILDDIR BASE OTHER [OP...]"
[ $# -ge 3 ] || { echo "$usage" >&2; exit 2; }
b=$(cd "$1" && pwd)
base=$(cd "$2" && pwd)
other=$(cd "$3" && pwd)
shift 3
all="getppid pagefault mmap fork pipe signal"
ops=${*:-$all}
here=$(cd "$(dirname "$0")" && pwd)
work=$b/linux-6.1-profile
mkdir -p "$work"

gcc -O2 -fPIC -shared -Wall -o "$work/insn-profile.so" "$here/insn-profile.c"

# batch OP: the workload's default batch size for OP (workload.c's N_OP).
batch() {
	sed -n "s/^#define N_$(echo "$1" | tr '[:lower:]' '[:upper:]')[[:space:]]*\([0-9]*\).*/\1/p" \
		"$here/workload.c"
}

# per_function KBUILD PROFILE COLUMN ITERATIONS: `FUNCTION COUNT' per
# iteration for every function with an instruction counted in group COLUMN
# (1 = the first operation).  Kernel addresses are all 16 hex digits, so
# sorting them as text sorts them as numbers; a symbol sorts before an
# instruction at its own address.  What runs below the kernel's first
# symbol (the hypervisor, when measure.sh boots it under XEN) is charged
# to "(below the kernel)".
per_function() {
	{
		awk '$2 ~ /^[tTwW]$/ { print $1, "S", $3 }' "$1/System.map"
		awk -v c="$3" '{ print $1, "P", $(c + 1) }' "$2"
	} | LC_ALL=C sort -k1,1 -k2,2r |
		awk -v it="$4" 'BEGIN { f = "(below the kernel)" }
			$2 == "S" { f = $3; next } { n[f] += $3 }
			END { for (f in n) if (n[f]) printf "%s %.2f\n", f, n[f] / it }'
}

for op in $ops; do
	case " $all " in
	*" $op "*) ;;
	*) echo "profile.sh: no operation $op (one of: $all)" >&2; exit 2 ;;
	esac
done

# The whole workload, REPS=1: two timed batches per operation.
for k in "$base" "$other"; do
	QEMU_ARGS="-plugin $work/insn-profile.so,out=$work/$(basename "$k").raw,group=2" \
		REPS=1 sh "$here/measure.sh" "$k" "$work/$(basename "$k").ops" >&2
done

bn=$(basename "$base")
on=$(basename "$other")
for op in $ops; do
	n=$(batch "$op")
	col=$(echo "$all" | tr ' ' '\n' | grep -n -x "$op" | cut -d: -f1)
	for k in "$base" "$other"; do
		name=$(basename "$k")
		per_function "$k" "$work/$name.raw" "$col" $((2 * n)) > "$work/$name.$op"
	done
	echo "#### $op: kernel instructions per iteration"
	echo
	awk -v bn="$bn" -v on="$on" 'NR == FNR { ta += $2; next } { to += $2 }
		END { printf "%s %.1f, %s %.1f (%+.1f)\n\n", bn, ta, on, to, to - ta }' \
		"$work/$bn.$op" "$work/$on.$op"
	printf '| function | %s | %s | difference |\n| --- | --- | --- | --- |\n' "$bn" "$on"
	awk 'NR == FNR { a[$1] = $2; next } { o[$1] = $2 }
		END {
			for (f in a) if (!(f in o)) o[f] = 0
			for (f in o) if (!(f in a)) a[f] = 0
			for (f in o) {
				d = o[f] - a[f]
				if (d >= 0.05 || d <= -0.05)
					printf "%.2f| `%s` | %.2f | %.2f | %+.2f |\n", (d < 0 ? -d : d), f, a[f], o[f], d
			}
		}' "$work/$bn.$op" "$work/$on.$op" |
		LC_ALL=C sort -t '|' -k1,1 -g -r | sed 's/^[^|]*|/|/' |
		head -n "${ROWS:-1000000}"
	echo
done
