#!/bin/sh
# SPDX-License-Identifier: MIT
#
# check-linux.sh [--xen] BUILDDIR CC - build Debian's Linux 6.1 with the
# pvcall plugin of BUILDDIR, once for each patcher, and check what it made
# (with --xen, `make check-xen': only step 7, on the kernels and modules
# an earlier run built):
#
#   1. extract /usr/src/linux-source-6.1.tar.xz into BUILDDIR/linux-6.1
#      (once) and apply the patch series and the runtime (apply.sh);
#   then for the kernel's patcher (GCC_PLUGIN_PVCALL_PARAINSTRUCTIONS,
#   output in BUILDDIR/linux-6.1-kernel) and pvcall's own
#   (GCC_PLUGIN_PVCALL_PATCHER, BUILDDIR/linux-6.1-own):
#   2. configure (config.sh, DOM0=1): tinyconfig plus SMP, a serial
#      console, an initramfs, ELF binaries, a Xen PV guest (PARAVIRT_XXL)
#      with PARAVIRT_SPINLOCKS that can be Xen's dom0 (XEN_DOM0, HVC_XEN,
#      PCI, ACPI), GCC_PLUGIN_PVCALL and loadable modules;
#   3. build bzImage and the modules step (for Module.symvers) with CC and
#      PVCALL_PLUGIN=BUILDDIR/pvcall.so: no warning allowed;
#   4. check the sites: every call through pv_ops recorded and every
#      record a valid site (check-sites.sh for the kernel's records,
#      pvcall-sites --check and no stray pv_ops call for pvcall's own);
#   5. module: build the test module pvmod.c against it, and check its
#      sites on a copy linked at a fixed address (pvmod.elf: .text at
#      0xffffffffc0000000, every symbol it imports at 0xffffffff81000000);
#   6. boot.sh: boot under QEMU to an init that loads the module, check
#      what the module computed, and read the patched sites of the kernel
#      and the module back (every one of them with pvcall's own patcher,
#      through check-patched.c), then run the workload;
#   7. xen: the same kernel, module and checks booted as the PV dom0 of Xen
#      (boot.sh --xen: Debian's xen-hypervisor-4.17-amd64), where every
#      site must call the function in its slot (or its stub), or be NOPs
#      for paravirt_nop, and no native replacement may be patched in but
#      the spinlock ones the stock kernel patches in there too; what the
#      module and the workload found must be what they found on bare
#      hardware.
#
# Each step prints "check-linux: PASS: STEP" or "check-linux: FAIL: STEP",
# the steps of the own-patcher build prefixed with "own " (testsuite/
# pvcall.linux turns them into DejaGnu results); build logs are
# KBUILD/pvcall-build.log, console logs KBUILD/pvcall-boot.log and
# KBUILD/pvcall-xen.log.  A failing build of one patcher does not stop
# the other's.  Without the hypervisor the xen step says
# "check-linux: UNSUPPORTED: xen: WHY".  Environment: LINUX_TARBALL
# (default /usr/src/linux-source-6.1.tar.xz), JOBS (default: nproc),
# PVCALL_MODES (default "kernel own"), XEN (an uncompressed Xen image
# instead of /boot/xen-4.17-amd64.gz), PVCALL_CHECK_XEN=0 (no xen step).
set -u

usage="usage: check-linux.sh [--xen] BUILDDIR CC"
xen_only=0
[ "${1:-}" = --xen ] && { xen_only=1; shift; }
b=$(cd "${1:?$usage}" && pwd)
cc=${2:?$usage}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=kernel/linux-6.1/reproducible.sh
. "$here/reproducible.sh"
# shellcheck source=kernel/linux-6.1/xen.sh
. "$here/xen.sh"
top=$(cd "$here/../.." && pwd)
tarball=${LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
jobs=${JOBS:-$(nproc)}
tree=$b/linux-6.1
plugin=$b/pvcall.so
status=0

pass() { echo "check-linux: PASS: $prefix$*"; }
# fail STEP: report, and give up on this patcher's build.
fail() { echo "check-linux: FAIL: $prefix$*"; status=1; return 1; }

# xen_again: step 7 alone, for each mode, on what check-linux built.
xen_again() {
	for mode in ${PVCALL_MODES:-kernel own}; do
		case $mode in
		kernel) prefix= ;;
		own) prefix="own " ;;
		*) echo "check-linux: unknown mode '$mode'"; status=1; continue ;;
		esac
		kb=$b/linux-6.1-$mode
		if [ ! -f "$kb/pvcall-boot.results" ] ||
		   [ ! -f "$b/linux-6.1-$mode-pvmod/pvmod.elf" ]; then
			fail "xen: no booted build in $kb: run make check-linux first"
			continue
		fi
		check_xen "$kb" "$b/linux-6.1-$mode-pvmod"
	done
}

prefix=
[ $xen_only -eq 1 ] || [ -f "$tarball" ] ||
	{ fail "overlay: $tarball not found (Debian linux-source-6.1)"; exit 1; }
[ -f "$plugin" ] || { fail "overlay: $plugin not built"; exit 1; }

if [ $xen_only -eq 0 ]; then
	# The series and the runtime are the tree's: re-extract when either changes.
	stamp=$(cat "$here/patches/series" "$here"/patches/*.patch "$top/runtime/patch.c" \
		"$top/runtime/encode.c" "$top/include/pvcall/patch.h" \
		"$top/include/pvcall/site.h" "$top/include/pvcall/format.h" | cksum)
	if [ "$(cat "$tree/.pvcall-series" 2>/dev/null)" != "$stamp" ]; then
		rm -rf "$tree"
		mkdir -p "$tree"
		tar -xf "$tarball" -C "$tree" --strip-components=1 ||
			{ fail "overlay: tar failed"; exit 1; }
		sh "$here/apply.sh" "$tree" || { fail "overlay: apply.sh failed"; exit 1; }
		echo "$stamp" > "$tree/.pvcall-series"
	fi
	pass "overlay: $tree"
fi

# kbuild STEP LOG ARGS...: make ARGS into LOG; STEP fails on an error or
# on any warning.
kbuild() {
	step=$1 blog=$2
	shift 2
	if ! make "$@" > "$blog" 2>&1; then
		tail -30 "$blog"
		fail "$step: make $* (log: $blog)"
		return 1
	fi
	warnings=$(grep -c "warning:" "$blog" || true)
	grep "warning:" "$blog" | head -20
	[ "$warnings" -eq 0 ] || { fail "$step: $warnings warnings"; return 1; }
}

# kernel_sites STEP IMAGE: the records of the kernel's patcher
# (check-sites.sh) into IMAGE's directory; STEP fails on a bad or
# unrecorded site, or if the plugin made none.
kernel_sites() {
	slog=$(dirname "$2")/pvcall-sites.log
	sh "$here/check-sites.sh" "$2" > "$slog" 2>&1
	st=$?
	tail -2 "$slog"
	if [ $st -ne 0 ]; then
		head -20 "$slog"
		fail "$1: check-sites $2"
		return 1
	fi
	grep -q "records ([1-9][0-9]* plugin" "$slog" ||
		{ fail "$1: no plugin sites in $2"; return 1; }
}

# own_sites STEP IMAGE: pvcall's own records: pvcall-sites --check, at
# least one site, and no call through pv_ops outside the plugin's stubs
# (a pv call the plugin did not make a site), nor a jump to a stub (a pv
# call made a tail call).
own_sites() {
	slog=$(dirname "$2")/pvcall-sites.log
	if ! "$b/pvcall-sites" --check --quiet "$2" > "$slog" 2>&1; then
		head -20 "$slog"
		fail "$1: pvcall-sites --check $2"
		return 1
	fi
	tail -1 "$slog"
	grep -q ": [1-9][0-9]* sites checked, 0 errors" "$slog" ||
		{ fail "$1: no plugin sites in $2"; return 1; }
	sh "$here/stray-calls.sh" "$2" > "$slog.stray"
	if [ -s "$slog.stray" ]; then
		head -10 "$slog.stray"
		fail "$1: $(wc -l < "$slog.stray") pv calls in $2 are not sites"
		return 1
	fi
}

# check_build MODE KIND: steps 2-6 for one patcher.
check_build() {
	mode=$1 kind=$2
	kb=$b/linux-6.1-$mode
	mod=$b/linux-6.1-$mode-pvmod
	sites=kernel_sites
	[ "$mode" = own ] && sites=own_sites

	# Modules only here, not in config.sh: the comparison builds
	# (bench.sh) stay the configuration their report describes.
	DOM0=1 sh "$here/config.sh" "$kb" "$cc" "$kind" "$tree" ||
		{ fail "configure: config.sh"; return 1; }
	"$tree/scripts/config" --file "$kb/.config" -e MODULES
	make -C "$tree" O="$kb" -s CC="$cc" olddefconfig >/dev/null
	grep -q "^CONFIG_MODULES=y" "$kb/.config" ||
		{ fail "configure: CONFIG_MODULES is not set"; return 1; }
	pass "configure: tinyconfig + SMP + XEN_PV + XEN_DOM0 + GCC_PLUGIN_PVCALL ($kind) + MODULES with $cc"

	start=$(date +%s)
	kbuild build "$kb/pvcall-build.log" -C "$tree" O="$kb" -j"$jobs" \
		CC="$cc" PVCALL_PLUGIN="$plugin" bzImage modules || return 1
	pass "build: bzImage in $(($(date +%s) - start)) s, no warnings"

	$sites check-sites "$kb/vmlinux" || return 1
	pass "check-sites: vmlinux"

	rm -rf "$mod"
	mkdir -p "$mod"
	cp "$here/pvmod.c" "$mod/"
	echo "obj-m := pvmod.o" > "$mod/Kbuild"
	kbuild module "$mod/build.log" -C "$tree" O="$kb" M="$mod" CC="$cc" \
		PVCALL_PLUGIN="$plugin" modules || return 1
	# A module is relocatable: link a copy so that the checks see
	# addresses.  Every other section is an orphan and keeps its own
	# name, as the module loader keeps them apart.
	printf 'SECTIONS\n{\n\t. = 0xffffffffc0000000;\n\t.text : { *(.text) }\n}\n' \
		> "$mod/pvmod.lds"
	defsyms=$(nm -u "$mod/pvmod.ko" |
		awk '{ printf " --defsym=%s=0xffffffff81000000", $2 }')
	# shellcheck disable=SC2086
	ld -m elf_x86_64 --no-warn-rwx-segments -T "$mod/pvmod.lds" -e 0 $defsyms \
		-o "$mod/pvmod.elf" "$mod/pvmod.ko" ||
		{ fail "module: cannot link pvmod.elf"; return 1; }
	$sites module "$mod/pvmod.elf" || return 1
	pass "module: pvmod.ko built, its sites recorded and valid"

	CHECK_PATCHED=$b/check-patched sh "$here/boot.sh" "$kb" "$mod" ||
		{ fail "boot: $kb"; return 1; }
	pass "boot: patched sites checked"

	check_xen "$kb" "$mod"
}

# check_xen KBUILD MODDIR: step 7.
check_xen() {
	if [ "${PVCALL_CHECK_XEN:-1}" = 0 ]; then
		echo "check-linux: UNSUPPORTED: ${prefix}xen: PVCALL_CHECK_XEN=0"
		return 0
	fi
	if ! why=$(xen_hypervisor "$b" 2>&1 >/dev/null); then
		echo "check-linux: UNSUPPORTED: ${prefix}xen: $why"
		return 0
	fi
	CHECK_PATCHED=$b/check-patched sh "$here/boot.sh" --xen "$1" "$2" ||
		{ fail "xen: $1 as a Xen PV dom0 (log: $1/pvcall-xen.log)"; return 1; }
	if ! diff "$1/pvcall-boot.results" "$1/pvcall-xen.results"; then
		fail "xen: the module and the workload found otherwise than on bare hardware"
		return 1
	fi
	pass "xen: booted as a Xen PV dom0, patched sites checked, results as on bare hardware"
}

# The host side of the own patcher's read-back: the runtime's encoders and
# libelf.
${CC_FOR_BUILD:-cc} -std=gnu99 -O2 -Wall -I"$top/include" -o "$b/check-patched" \
	"$here/check-patched.c" "$b/libpvcall.a" -lelf ||
	echo "check-linux: cannot build check-patched (libelf-dev?)"

if [ $xen_only -eq 1 ]; then
	xen_again
	exit $status
fi
for mode in ${PVCALL_MODES:-kernel own}; do
	case $mode in
	kernel) prefix= kind=pvcall ;;
	own) prefix="own " kind=pvcall-own ;;
	*) echo "check-linux: unknown mode '$mode'"; status=1; continue ;;
	esac
	check_build "$mode" "$kind"
done
exit $status
