#!/bin/sh
# SPDX-License-Identifier: MIT
#
# bench.sh BUILDDIR CC - the Linux 6.1 comparison of the bench report
# (make bench-linux).  It builds one configuration (config.sh: tinyconfig
# + SMP + what the workload needs) four ways, as out-of-tree builds in
# BUILDDIR/linux-6.1-bench, from a pristine tree of
# /usr/src/linux-source-6.1.tar.xz and from one with the pvcall series
# (apply.sh):
#
#   native   no PARAVIRT (series tree)                  .../native
#   stock    PARAVIRT_XXL (XEN_PV), the PVOP macros, Linux 6.1 as it is
#            (pristine tree)                             .../stock
#   kernel   the plugin, Linux's patcher (format=linux-6.1)  .../kernel
#   own      the plugin, pvcall's own patcher                 .../own
#
# and a fifth, the stock configuration from the series tree (.../series),
# whose code must be stock's but where the series means to change it
# without the plugin: the functions whose instructions differ are listed.
# Each build's CPU time (user + sys of make -jJOBS bzImage, from a clean
# output directory) is recorded.  DIFF_FUNCS names the functions whose
# disassembly is compared with native's.
#
# Then each kernel boots under QEMU with exact instruction counting and
# runs the same workload as init (measure.sh, workload.c): the median
# guest instructions per operation over its repetitions.  The noise floor
# is the same kernel measured again with a padded initramfs (PAD_KB,
# default 300), for native and own.  profile.sh then charges the own
# kernel's extra instructions to functions (PROFILE_ROWS per operation,
# default 12).  BENCH_SKIP_BUILD=1 reuses the builds.
#
# Writes Markdown to stdout and the plot (gnuplot) to
# bench/linux-6.1-ops.png, beside the report: instructions per operation
# against native, the noise floor, compare.sh's static tables for all four
# kernels, the sizes, and the build CPU times.
set -eu

b=$(cd "${1:?usage: bench.sh BUILDDIR CC}" && pwd)
cc=${2:?usage: bench.sh BUILDDIR CC}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=kernel/linux-6.1/reproducible.sh
. "$here/reproducible.sh"
# shellcheck source=kernel/linux-6.1/plot.sh
. "$here/plot.sh"
top=$(cd "$here/../.." && pwd)
tarball=${LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
jobs=${JOBS:-$(nproc)}
pad=${PAD_KB:-300}
d=$b/linux-6.1-bench
PVCALL_SITES=$b/pvcall-sites
export PVCALL_SITES
src=$d/src
kinds="native stock kernel own"

# config.sh's name for each kind.
config_kind() {
	case $1 in
	kernel) echo pvcall ;;
	own) echo pvcall-own ;;
	series) echo stock ;;
	*) echo "$1" ;;
	esac
}

# build KIND SRCTREE: configure and build KIND into $d/KIND, recording
# its CPU seconds (user + sys) in $d/KIND/cpu-seconds.
build() {
	kb=$d/$1
	rm -rf "$kb"
	sh "$here/config.sh" "$kb" "$cc" "$(config_kind "$1")" "$2"
	/usr/bin/time -f "%U %S" -o "$kb/time" \
		make -C "$2" O="$kb" -s -j"$jobs" CC="$cc" \
		PVCALL_PLUGIN="$b/pvcall.so" bzImage > "$kb/pvcall-build.log" 2>&1 ||
		{ tail -20 "$kb/pvcall-build.log" >&2; exit 1; }
	awk '{ printf "%.1f\n", $1 + $2 }' "$kb/time" > "$kb/cpu-seconds"
}

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
	rm -rf "$d"
	mkdir -p "$src" "$d/pristine-src"
	tar -xf "$tarball" -C "$src" --strip-components=1
	tar -xf "$tarball" -C "$d/pristine-src" --strip-components=1
	sh "$here/apply.sh" "$src" >&2
	for k in native kernel own series; do
		build "$k" "$src" >&2
	done
	build stock "$d/pristine-src" >&2
fi

for k in $kinds; do
	sh "$here/measure.sh" "$d/$k" "$d/$k/ops" >&2
done
# The own patcher's kernel again, with its templates padded with NOPs.
KERNEL_ARGS=pvcall=nops sh "$here/measure.sh" "$d/own" "$d/own/ops-nops" >&2
for k in native own; do
	sh "$here/measure.sh" "$d/$k" "$d/$k/ops-pad" "$pad" >&2
done

cpu() { cat "$d/$1/cpu-seconds"; }
# of_stock KIND: KIND's build CPU time as a fraction of stock's.
of_stock() {
	awk -v a="$(cpu "$1")" -v b="$(cpu stock)" 'BEGIN { printf "%.3f of stock", a / b }'
}

# The table of medians: one row per operation, the four kernels, their
# ratios to native and the noise floor.  Also writes $d/ratios.dat for the
# plot: operation, stock, kernel, own, own with NOP padding (ratio - 1,
# in %), floor (%).
ops_table() {
	echo "| operation | native | stock | pvcall, kernel's patcher | pvcall, own patcher | stock / native | kernel's / native | own / native | own, NOP padding / native | noise floor |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
	awk '
	FNR == 1 { f++ }
	{ v[f, $1] = $2; if (f == 1) op[++n] = $1 }
	END {
		for (i = 1; i <= n; i++) {
			o = op[i]; nat = v[1, o]
			fl = v[5, o] / nat - 1; if (fl < 0) fl = -fl
			g = v[6, o] / v[4, o] - 1; if (g < 0) g = -g
			if (g > fl) fl = g
			printf "| %s | %s | %s | %s | %s | %.4f | %.4f | %.4f | %.4f | %.4f |\n",
				o, nat, v[2, o], v[3, o], v[4, o], v[2, o] / nat,
				v[3, o] / nat, v[4, o] / nat, v[7, o] / nat, fl
			printf "%s %.3f %.3f %.3f %.3f %.3f\n", o,
				100 * (v[2, o] / nat - 1), 100 * (v[3, o] / nat - 1),
				100 * (v[4, o] / nat - 1), 100 * (v[7, o] / nat - 1),
				100 * fl > dat
		}
	}' dat="$d/ratios.dat" "$d/native/ops" "$d/stock/ops" "$d/kernel/ops" \
		"$d/own/ops" "$d/native/ops-pad" "$d/own/ops-pad" "$d/own/ops-nops"
}

# The plot of $d/ratios.dat into $1 (PNG).
ops_plot() {
	histogram_plot "$1" \
		"Linux 6.1 on bare QEMU: guest instructions per operation, against native" \
		"% more instructions than native" \
		"plot \"$d/ratios.dat\" using 2:xtic(1) title \"stock (PVOP macros)\", \\
     \"\" using 3 title \"pvcall, kernel's patcher\", \\
     \"\" using 4 title \"pvcall, own patcher\", \\
     \"\" using 5 title \"pvcall, own patcher, NOP padding\", \\
     \"\" using 6 title \"noise floor\" lc rgb \"gray\""
}

echo "## Linux 6.1 on bare QEMU: native, stock paravirt and pvcall"
echo
echo "One configuration (tinyconfig + SMP + SLUB + a Xen PV guest for the"
echo "paravirt kernels: PARAVIRT_XXL, PARAVIRT_SPINLOCKS), four kernels, gcc"
echo "$("$cc" -dumpfullversion), $(date -u +%Y-%m-%d):"
echo
echo "- **native**: no PARAVIRT;"
echo "- **stock**: Linux 6.1 as it is (a pristine tree): the PVOP macros,"
echo "  patched by the kernel's apply_paravirt() and apply_alternatives();"
echo "- **pvcall, kernel's patcher**: the pvcall series (kernel/linux-6.1/patches),"
echo "  the plugin's sites with Linux's records (GCC_PLUGIN_PVCALL_PARAINSTRUCTIONS);"
echo "- **pvcall, own patcher**: the plugin's own records, register-agnostic"
echo "  sites for ops with a native form, patched by pvcall's runtime"
echo "  (GCC_PLUGIN_PVCALL_PATCHER)."
echo
echo "### Instructions executed per operation"
echo
echo "Each kernel boots under QEMU TCG with \`-icount shift=0,sleep=off\`"
echo "(the guest's TSC counts its instructions: user, kernel and interrupts),"
echo "\`-rtc base=2024-01-01T00:00:00,clock=vm -cpu qemu64 -smp 1\`,"
echo "\`nokaslr norandmaps\`, and runs kernel/linux-6.1/workload.c as init:"
echo "the median over its repetitions of guest instructions per operation."
echo "The noise floor is the same kernel with a ${pad} KB file added to its"
echo "initramfs: |padded / plain - 1|, the larger of native's and own's."
echo "\"own, NOP padding\" is the own patcher's kernel booted with"
echo "\`pvcall=nops\`: its templates padded with NOPs, as Linux's patcher"
echo "pads, rather than with prefixes."
echo
ops_table
echo
echo "![instructions per operation against native](linux-6.1-ops.png)"
echo
ops_plot "$top/bench/linux-6.1-ops.png" >&2
sh "$here/compare.sh" "$d/stock" "$d/kernel" "$d/native" "$d/own"
echo
echo "### Where the own patcher's kernel differs from native"
echo
echo "Functions on the measured paths, the own patcher's kernel against native"
echo "(diff-func.sh; the text as compiled: each \`call __pvcall.*\` is a site,"
echo "which the patcher makes the native instruction, prefix-padded, or a direct"
echo "call to the op's function; other lines are code the compiler made"
echo "differently, or that the paravirt configuration adds)."
echo
# shellcheck disable=SC2086
sh "$here/diff-func.sh" "$d/native" "$d/own" ${DIFF_FUNCS:-syscall_exit_to_user_mode \
	exc_page_fault __handle_mm_fault __switch_to switch_mm_irqs_off \
	__schedule copy_page_range _raw_spin_lock_irqsave}
echo
echo "### Where the own patcher's kernel executes more than native"
echo
echo "profile.sh: each kernel booted once more (REPS=1) with a QEMU plugin"
echo "(insn-profile.c) that counts each kernel instruction executed inside the"
echo "workload's timed batches, charged to its function (System.map), per"
echo "iteration; the functions whose share differs most.  A function that only"
echo "one kernel has is usually code the other inlines into its callers."
echo
ROWS=${PROFILE_ROWS:-12} sh "$here/profile.sh" "$b" "$d/native" "$d/own"
echo "### Build CPU time"
echo
echo "make -j$jobs bzImage from a clean output directory, user + sys CPU seconds"
echo "(one build each).  \"stock again\" is the stock configuration built from"
echo "the series tree, the same compilation as stock's: how far two builds of"
echo "the same work fall apart is the floor for these ratios."
echo
echo "| native | stock | stock again | pvcall, kernel's patcher | pvcall, own patcher |"
echo "| --- | --- | --- | --- | --- |"
echo "| $(cpu native) | $(cpu stock) | $(cpu series) ($(of_stock series)) | $(cpu kernel) ($(of_stock kernel)) | $(cpu own) ($(of_stock own)) |"
# functions KBUILD: each function's instructions, one line each prefixed
# with the function's name, with addresses, displacements and targets
# taken out: what stays the same when only the layout moves.
functions() {
	objdump -d -w --no-show-raw-insn -j .text "$1/vmlinux" | awk '
		/^[0-9a-f]+ <.*>:$/ { fn = $2; next }
		/\tint3 *$/ { next }	# the padding between functions
		/^ *[0-9a-f]+:\t/ { sub(/^ *[0-9a-f]+:\t/, ""); print fn, $0 }' |
		sed -e 's/0x[0-9a-f]*(%rip)/(%rip)/g' -e 's/ *# [0-9a-f]* <[^>]*>//' \
		    -e 's/\(j[a-z]*\|call\) *[0-9a-f]* <\([^>+]*\)\(+0x[0-9a-f]*\)\?>/\1 <\2>/' \
		    -e 's/\$0xffffffff[0-9a-f]*/$ADDR/g' -e 's/[[:space:]]\+/ /g'
}
objcopy -O binary --only-section=.text "$d/stock/vmlinux" "$d/stock/text.bin"
objcopy -O binary --only-section=.text "$d/series/vmlinux" "$d/series/text.bin"
echo
if cmp -s "$d/stock/text.bin" "$d/series/text.bin"; then
	echo "The stock configuration built from the tree with the pvcall series has"
	echo "a .text byte-identical to pristine Linux 6.1's ($(wc -c < "$d/stock/text.bin") bytes):"
	echo "without the plugin the series changes nothing."
else
	functions "$d/stock" > "$d/stock/functions"
	functions "$d/series" > "$d/series/functions"
	changed=$(diff "$d/stock/functions" "$d/series/functions" |
		sed -n 's/^[<>] <\([^>]*\)>:.*/\1/p' | sort -u)
	echo "The stock configuration built from the tree with the pvcall series"
	echo "differs from pristine Linux 6.1 (.text $(wc -c < "$d/stock/text.bin") and"
	echo "$(wc -c < "$d/series/text.bin") bytes) in $(echo "$changed" | grep -c .) functions, their"
	echo "instructions compared with addresses and displacements taken out:"
	echo "$changed" | head -20 | sed 's/.*/`&`/' | paste -sd, - | sed 's/,/, /g; s/$/./'
	echo "(Patch 5 of the series inlines the irq helpers of the exit to user"
	echo "mode into their noinstr callers, in every paravirt kernel.)"
fi
