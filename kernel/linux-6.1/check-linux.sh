#!/bin/sh
# SPDX-License-Identifier: MIT
#
# check-linux.sh BUILDDIR CC - build Debian's Linux 6.1 with the pvcall
# plugin of BUILDDIR and check what it made:
#
#   1. extract /usr/src/linux-source-6.1.tar.xz into BUILDDIR/linux-6.1
#      (once) and apply the overlay (apply.sh);
#   2. configure (config.sh): tinyconfig plus a serial console, an
#      initramfs, ELF binaries, a Xen PV guest (PARAVIRT_XXL),
#      GCC_PLUGIN_PVCALL and loadable modules;
#   3. build bzImage (and the modules step, for Module.symvers) with CC
#      and PVCALL_PLUGIN=BUILDDIR/pvcall.so;
#   4. check-sites.sh: every call through pv_ops recorded, every record a
#      valid site;
#   5. module: build the test module pvmod.c against the tree into
#      BUILDDIR/linux-6.1-pvmod, and check-sites.sh its sites on a copy
#      linked at a fixed address (pvmod.elf: .text at 0xffffffffc0000000,
#      every symbol it imports at 0xffffffff81000000);
#   6. boot.sh: boot under QEMU to an init that loads the module, check
#      what the module computed, and read the patched sites of the kernel
#      and the module back.
#
# Each step prints "check-linux: PASS: STEP" or "check-linux: FAIL: STEP"
# (testsuite/pvcall.linux turns them into DejaGnu results); the build log
# is BUILDDIR/linux-6.1/pvcall-build.log.  Environment: LINUX_TARBALL
# (default /usr/src/linux-source-6.1.tar.xz), JOBS (default: nproc).
set -u

b=$(cd "${1:?usage: check-linux.sh BUILDDIR CC}" && pwd)
cc=${2:?usage: check-linux.sh BUILDDIR CC}
here=$(cd "$(dirname "$0")" && pwd)
tarball=${LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
jobs=${JOBS:-$(nproc)}
tree=$b/linux-6.1
plugin=$b/pvcall.so

pass() { echo "check-linux: PASS: $*"; }
fail() { echo "check-linux: FAIL: $*"; exit 1; }

[ -f "$tarball" ] || fail "overlay: $tarball not found (Debian linux-source-6.1)"
[ -f "$plugin" ] || fail "overlay: $plugin not built"

if [ ! -f "$tree/.pvcall-overlay" ]; then
	rm -rf "$tree"
	mkdir -p "$tree"
	tar -xf "$tarball" -C "$tree" --strip-components=1 ||
		fail "overlay: tar failed"
	sh "$here/apply.sh" "$tree" || fail "overlay: apply.sh failed"
	touch "$tree/.pvcall-overlay"
fi
pass "overlay: $tree"

# Modules only here, not in config.sh: the comparison builds (bench.sh)
# stay the configuration their report describes.
sh "$here/config.sh" "$tree" "$cc" pvcall || fail "configure: config.sh"
"$tree/scripts/config" --file "$tree/.config" -e MODULES
make -C "$tree" -s CC="$cc" olddefconfig >/dev/null
grep -q "^CONFIG_MODULES=y" "$tree/.config" ||
	fail "configure: CONFIG_MODULES is not set"
pass "configure: tinyconfig + XEN_PV + GCC_PLUGIN_PVCALL + MODULES with $cc"

# kbuild STEP LOG ARGS...: make ARGS into LOG; STEP fails on an error or
# on any warning.
kbuild() {
	step=$1 blog=$2
	shift 2
	if ! make "$@" > "$blog" 2>&1; then
		tail -30 "$blog"
		fail "$step: make $* (log: $blog)"
	fi
	warnings=$(grep -c "warning:" "$blog" || true)
	grep "warning:" "$blog" | head -20
	[ "$warnings" -eq 0 ] || fail "$step: $warnings warnings"
}

# sites STEP IMAGE: check-sites.sh IMAGE into IMAGE's directory; STEP fails
# on a bad or unrecorded site, or if the plugin made none.
sites() {
	slog=$(dirname "$2")/pvcall-sites.log
	sh "$here/check-sites.sh" "$2" > "$slog" 2>&1
	st=$?
	tail -2 "$slog"
	if [ $st -ne 0 ]; then
		head -20 "$slog"
		fail "$1: check-sites $2"
	fi
	grep -q "records ([1-9][0-9]* plugin" "$slog" ||
		fail "$1: no plugin sites in $2"
}

start=$(date +%s)
kbuild build "$tree/pvcall-build.log" -C "$tree" -j"$jobs" CC="$cc" \
	PVCALL_PLUGIN="$plugin" bzImage modules
pass "build: bzImage in $(($(date +%s) - start)) s, no warnings"

sites check-sites "$tree/vmlinux"
pass "check-sites: vmlinux"

mod=$b/linux-6.1-pvmod
rm -rf "$mod"
mkdir -p "$mod"
cp "$here/pvmod.c" "$mod/"
echo "obj-m := pvmod.o" > "$mod/Kbuild"
kbuild module "$mod/build.log" -C "$tree" M="$mod" CC="$cc" \
	PVCALL_PLUGIN="$plugin" modules
# A module is relocatable: link a copy so that check-sites.sh (and boot.sh)
# see addresses.  Every other section is an orphan and keeps its own name,
# as the module loader keeps them apart.
printf 'SECTIONS\n{\n\t. = 0xffffffffc0000000;\n\t.text : { *(.text) }\n}\n' \
	> "$mod/pvmod.lds"
defsyms=$(nm -u "$mod/pvmod.ko" |
	awk '{ printf " --defsym=%s=0xffffffff81000000", $2 }')
# shellcheck disable=SC2086
ld -m elf_x86_64 --no-warn-rwx-segments -T "$mod/pvmod.lds" -e 0 $defsyms \
	-o "$mod/pvmod.elf" "$mod/pvmod.ko" || fail "module: cannot link pvmod.elf"
sites module "$mod/pvmod.elf"
pass "module: pvmod.ko built, its sites recorded and valid"

sh "$here/boot.sh" "$tree" "$mod" || fail "boot: $tree"
pass "boot: patched sites checked"
