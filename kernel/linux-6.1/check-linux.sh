#!/bin/sh
# SPDX-License-Identifier: MIT
#
# check-linux.sh BUILDDIR CC - build Debian's Linux 6.1 with the pvcall
# plugin of BUILDDIR and check what it made:
#
#   1. extract /usr/src/linux-source-6.1.tar.xz into BUILDDIR/linux-6.1
#      (once) and apply the overlay (apply.sh);
#   2. configure (config.sh): tinyconfig plus a serial console, an
#      initramfs, ELF binaries, a Xen PV guest (PARAVIRT_XXL) and
#      GCC_PLUGIN_PVCALL;
#   3. build bzImage with CC and PVCALL_PLUGIN=BUILDDIR/pvcall.so;
#   4. check-sites.sh: every call through pv_ops recorded, every record a
#      valid site;
#   5. boot.sh: boot under QEMU to an init, and read the patched sites back.
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

sh "$here/config.sh" "$tree" "$cc" pvcall || fail "configure: config.sh"
pass "configure: tinyconfig + XEN_PV + GCC_PLUGIN_PVCALL with $cc"

start=$(date +%s)
if ! make -C "$tree" -j"$jobs" CC="$cc" PVCALL_PLUGIN="$plugin" bzImage \
		> "$tree/pvcall-build.log" 2>&1; then
	tail -30 "$tree/pvcall-build.log"
	fail "build: make bzImage (log: $tree/pvcall-build.log)"
fi
secs=$(($(date +%s) - start))
warnings=$(grep -c "warning:" "$tree/pvcall-build.log" || true)
grep "warning:" "$tree/pvcall-build.log" | head -20
[ "$warnings" -eq 0 ] || fail "build: $warnings warnings"
pass "build: bzImage in $secs s, no warnings"

sh "$here/check-sites.sh" "$tree/vmlinux" > "$tree/pvcall-sites.log" 2>&1
st=$?
tail -2 "$tree/pvcall-sites.log"
if [ $st -ne 0 ]; then
	head -20 "$tree/pvcall-sites.log"
	fail "check-sites: vmlinux"
fi
grep -q "records ([1-9][0-9]* plugin" "$tree/pvcall-sites.log" ||
	fail "check-sites: no plugin sites in vmlinux"
pass "check-sites: vmlinux"

sh "$here/boot.sh" "$tree" || fail "boot: $tree"
pass "boot: patched sites checked"
