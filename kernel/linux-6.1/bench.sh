#!/bin/sh
# SPDX-License-Identifier: MIT
#
# bench.sh BUILDDIR CC - the Linux 6.1 comparison of the bench report:
# builds, side by side from clean trees of /usr/src/linux-source-6.1.tar.xz
# in BUILDDIR, the same configuration three ways (config.sh): with the
# overlay and BUILDDIR's plugin (linux-6.1-pvcall), with the stock PVOP
# macros (linux-6.1-stock) and without PARAVIRT (linux-6.1-native), times
# each build (make -j JOBS bzImage), and writes compare.sh's tables and the
# build times to stdout.
set -eu

b=$(cd "${1:?usage: bench.sh BUILDDIR CC}" && pwd)
cc=${2:?usage: bench.sh BUILDDIR CC}
here=$(cd "$(dirname "$0")" && pwd)
tarball=${LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
jobs=${JOBS:-$(nproc)}
times=

for kind in pvcall stock native; do
	tree=$b/linux-6.1-$kind
	rm -rf "$tree"
	mkdir -p "$tree"
	tar -xf "$tarball" -C "$tree" --strip-components=1
	[ $kind = pvcall ] && sh "$here/apply.sh" "$tree" >/dev/null
	sh "$here/config.sh" "$tree" "$cc" $kind
	start=$(date +%s)
	make -C "$tree" -s -j"$jobs" CC="$cc" PVCALL_PLUGIN="$b/pvcall.so" \
		bzImage > "$tree/pvcall-build.log" 2>&1
	times="$times $kind=$(($(date +%s) - start))"
done

sh "$here/compare.sh" "$b/linux-6.1-stock" "$b/linux-6.1-pvcall" "$b/linux-6.1-native"
echo
echo "Build time (make -j$jobs bzImage from a clean tree, one run each, s):$times."
