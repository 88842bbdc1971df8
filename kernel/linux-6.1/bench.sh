#!/bin/sh
# SPDX-License-Identifier: MIT
#
# bench.sh BUILDDIR CC - the Linux 6.1 comparison of the bench report:
# builds, side by side from clean trees of /usr/src/linux-source-6.1.tar.xz
# in BUILDDIR, the same configuration three ways (config.sh): with the
# overlay and BUILDDIR's plugin (linux-6.1-pvcall), with the stock PVOP
# macros (linux-6.1-stock) and without PARAVIRT (linux-6.1-native), times
# each build (make -j JOBS bzImage), and writes compare.sh's tables and the
# build times to stdout.  A fourth build, the overlay without the plugin
# (linux-6.1-overlay, the stock configuration), must have the same .text
# as the stock one: the overlay changes nothing unless the plugin is on.
set -eu

b=$(cd "${1:?usage: bench.sh BUILDDIR CC}" && pwd)
cc=${2:?usage: bench.sh BUILDDIR CC}
here=$(cd "$(dirname "$0")" && pwd)
tarball=${LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
jobs=${JOBS:-$(nproc)}
times=

for kind in pvcall stock native overlay; do
	tree=$b/linux-6.1-$kind
	rm -rf "$tree"
	mkdir -p "$tree"
	tar -xf "$tarball" -C "$tree" --strip-components=1
	config=$kind
	case $kind in
	pvcall) sh "$here/apply.sh" "$tree" >/dev/null ;;
	overlay) sh "$here/apply.sh" "$tree" >/dev/null; config=stock ;;
	esac
	sh "$here/config.sh" "$tree" "$cc" $config
	start=$(date +%s)
	make -C "$tree" -s -j"$jobs" CC="$cc" PVCALL_PLUGIN="$b/pvcall.so" \
		bzImage > "$tree/pvcall-build.log" 2>&1
	times="$times $kind=$(($(date +%s) - start))"
done

sh "$here/compare.sh" "$b/linux-6.1-stock" "$b/linux-6.1-pvcall" "$b/linux-6.1-native"
echo
echo "Build time (make -j$jobs bzImage from a clean tree, one run each, s):$times."
for t in stock overlay; do
	objcopy -O binary --only-section=.text "$b/linux-6.1-$t/vmlinux" "$b/linux-6.1-$t/text.bin"
done
if cmp -s "$b/linux-6.1-stock/text.bin" "$b/linux-6.1-overlay/text.bin"; then
	same="byte-identical to"
else
	same="DIFFERENT from"
fi
echo
echo "The overlay without the plugin (stock configuration): .text $same the stock build's" \
	"($(wc -c < "$b/linux-6.1-stock/text.bin") bytes)."
