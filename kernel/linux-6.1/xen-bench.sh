#!/bin/sh
# SPDX-License-Identifier: MIT
#
# xen-bench.sh BUILDDIR CC - the Xen section of the Linux 6.1 report (make
# bench-linux runs it after bench.sh, on bench.sh's two source trees in
# BUILDDIR/linux-6.1-bench): the hypervisor path, measured.
#
# The paravirt kernels of the bare-hardware comparison, configured as a
# Xen PV dom0 as well (config.sh DOM0=1), are built three ways:
#
#   stock    Linux 6.1 as it is (pristine tree)        .../xen-stock
#   kernel   the plugin, Linux's patcher                .../xen-kernel
#   own      the plugin, pvcall's own patcher           .../xen-own
#
# and each boots as the dom0 of Debian's Xen 4.17 (xen.sh) under the same
# QEMU, with exact instruction counting, to the same workload (measure.sh
# with XEN).  The noise floor is stock and own measured again with a
# padded initramfs (PAD_KB, default 300).  profile.sh then charges the own
# kernel's instructions against stock's to functions (PROFILE_ROWS per
# operation, default 10).  BENCH_SKIP_BUILD=1 reuses the builds.
#
# Writes Markdown to stdout and the plot to bench/linux-6.1-xen.png.
set -eu

b=$(cd "${1:?usage: xen-bench.sh BUILDDIR CC}" && pwd)
cc=${2:?usage: xen-bench.sh BUILDDIR CC}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=kernel/linux-6.1/reproducible.sh
. "$here/reproducible.sh"
# shellcheck source=kernel/linux-6.1/xen.sh
. "$here/xen.sh"
# shellcheck source=kernel/linux-6.1/plot.sh
. "$here/plot.sh"
top=$(cd "$here/../.." && pwd)
jobs=${JOBS:-$(nproc)}
pad=${PAD_KB:-300}
d=$b/linux-6.1-bench
XEN=$(xen_hypervisor "$b") || exit 1
export XEN

# build KIND CONFIG-KIND SRCTREE: a dom0 kernel into $d/xen-KIND.
build() {
	kb=$d/xen-$1
	rm -rf "$kb"
	DOM0=1 sh "$here/config.sh" "$kb" "$cc" "$2" "$3"
	/usr/bin/time -f "%U %S" -o "$kb/time" \
		make -C "$3" O="$kb" -s -j"$jobs" CC="$cc" \
		PVCALL_PLUGIN="$b/pvcall.so" bzImage > "$kb/pvcall-build.log" 2>&1 ||
		{ tail -20 "$kb/pvcall-build.log" >&2; exit 1; }
	awk '{ printf "%.1f\n", $1 + $2 }' "$kb/time" > "$kb/cpu-seconds"
}

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
	[ -d "$d/src" ] && [ -d "$d/pristine-src" ] ||
		{ echo "xen-bench.sh: no $d/src: run bench.sh first" >&2; exit 1; }
	build stock stock "$d/pristine-src" >&2
	build kernel pvcall "$d/src" >&2
	build own pvcall-own "$d/src" >&2
fi

for k in stock kernel own; do
	sh "$here/measure.sh" "$d/xen-$k" "$d/xen-$k/ops" >&2
done
for k in stock own; do
	sh "$here/measure.sh" "$d/xen-$k" "$d/xen-$k/ops-pad" "$pad" >&2
done

# The patcher's boot line of the own kernel, what became of its sites: an
# info line, which the measurements' `quiet' hides, so from one more boot.
REPS=1 KERNEL_ARGS=loglevel=7 sh "$here/measure.sh" "$d/xen-own" "$d/xen-own/ops-info" >&2
own_line=$(tr -d '\r' < "$d/xen-own/ops-info.log" |
	sed -n 's/.*pvcall: \(vmlinux: [0-9]* sites: .*\)/\1/p' | tail -1)

# The table: one row per operation, ratios to stock and the floor (the
# larger of stock's and own's |padded / plain - 1|).  Also writes
# $d/xen-ratios.dat for the plot: operation, kernel, own (ratio - 1, in
# %), floor (%).
ops_table() {
	echo "| operation | stock | pvcall, kernel's patcher | pvcall, own patcher | kernel's / stock | own / stock | noise floor |"
	echo "| --- | --- | --- | --- | --- | --- | --- |"
	awk '
	FNR == 1 { f++ }
	{ v[f, $1] = $2; if (f == 1) op[++n] = $1 }
	END {
		for (i = 1; i <= n; i++) {
			o = op[i]; st = v[1, o]
			fl = v[4, o] / st - 1; if (fl < 0) fl = -fl
			g = v[5, o] / v[3, o] - 1; if (g < 0) g = -g
			if (g > fl) fl = g
			printf "| %s | %s | %s | %s | %.4f | %.4f | %.4f |\n",
				o, st, v[2, o], v[3, o], v[2, o] / st,
				v[3, o] / st, fl
			printf "%s %.3f %.3f %.3f\n", o,
				100 * (v[2, o] / st - 1), 100 * (v[3, o] / st - 1),
				100 * fl > dat
		}
	}' dat="$d/xen-ratios.dat" "$d/xen-stock/ops" "$d/xen-kernel/ops" \
		"$d/xen-own/ops" "$d/xen-stock/ops-pad" "$d/xen-own/ops-pad"
}

ops_plot() {
	histogram_plot "$1" \
		"Linux 6.1 as a Xen PV dom0: guest instructions per operation, against stock" \
		"% more instructions than stock" \
		"plot \"$d/xen-ratios.dat\" using 2:xtic(1) title \"pvcall, kernel's patcher\", \\
     \"\" using 3 title \"pvcall, own patcher\", \\
     \"\" using 4 title \"noise floor\" lc rgb \"gray\"" \
		"bottom left"
}

cpu() { cat "$d/xen-$1/cpu-seconds"; }

echo "## Linux 6.1 as a Xen PV dom0: the hypervisor path"
echo
echo "The paravirt configuration above, made able to be Xen's dom0 as well"
echo "(config.sh DOM0=1: XEN_DOM0, HVC_XEN, PCI, ACPI, the IO-APIC), three"
echo "kernels, gcc $("$cc" -dumpfullversion), $(date -u +%Y-%m-%d): stock Linux 6.1, and"
echo "pvcall with either patcher.  Each boots as the PV dom0 of Debian's Xen"
echo "$(basename "$XEN" | sed 's/^xen-//; s/-amd64$//') (xen-hypervisor-4.17-amd64) under the same QEMU and the"
echo "same options, Xen given 1 GB and dom0 256 MB and one vCPU, and runs the"
echo "same workload as init.  Xen does not trap rdtsc in dom0, so the counts"
echo "include the hypervisor's instructions: hypercalls, event delivery and"
echo "the PV traps.  The noise floor is stock and own with a ${pad} KB file"
echo "added to the initramfs: |padded / plain - 1|, the larger of the two."
echo
ops_table
echo
echo "![instructions per operation against stock, under Xen](linux-6.1-xen.png)"
echo
ops_plot "$top/bench/linux-6.1-xen.png" >&2
echo "The own patcher's boot line under Xen: \`$own_line\`."
echo "A Xen PV guest gets the NOPs and the spinlock templates (the stock"
echo "kernel's ALT_NOT(PVUNLOCK) and ALT_NOT(VCPUPREEMPT) hold with one vCPU);"
echo "every other site calls the function in its slot: directly where its"
echo "operands are in the ABI registers and the registers the function may"
echo "clobber are free there, through its stub otherwise (\"left\")."
echo
echo "### Where the own patcher's kernel executes more than stock, under Xen"
echo
echo "profile.sh, both kernels booted once more under Xen (REPS=1): kernel and"
echo "hypervisor instructions inside the timed batches, charged to the"
echo "kernel's functions; what Xen executes is \"(below the kernel)\"."
echo
ROWS=${PROFILE_ROWS:-10} sh "$here/profile.sh" "$b" "$d/xen-stock" "$d/xen-own"
echo "### Build CPU time, dom0 configuration"
echo
echo "make -j$jobs bzImage from a clean output directory, user + sys CPU seconds:"
echo
echo "| stock | pvcall, kernel's patcher | pvcall, own patcher |"
echo "| --- | --- | --- |"
echo "| $(cpu stock) | $(cpu kernel) ($(awk -v a="$(cpu kernel)" -v b="$(cpu stock)" 'BEGIN { printf "%.3f", a / b }') of stock) | $(cpu own) ($(awk -v a="$(cpu own)" -v b="$(cpu stock)" 'BEGIN { printf "%.3f", a / b }') of stock) |"
