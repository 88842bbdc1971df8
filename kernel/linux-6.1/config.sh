#!/bin/sh
# SPDX-License-Identifier: MIT
#
# config.sh TREE CC pvcall|stock|native - configure a Linux 6.1 tree the way
# check-linux and the comparison build it: tinyconfig, a serial console,
# an initramfs and ELF binaries, and
#   pvcall  a Xen PV guest (PARAVIRT_XXL) with GCC_PLUGIN_PVCALL
#   stock   the same guest without the plugin (the PVOP macros)
#   native  no paravirtualization at all
# Checks that the options it needs took, and exits non-zero if not.
set -eu

tree=${1:?usage: config.sh TREE CC pvcall|stock|native}
cc=${2:?usage: config.sh TREE CC pvcall|stock|native}
kind=${3:?usage: config.sh TREE CC pvcall|stock|native}

case $kind in
pvcall)	opts="-e HYPERVISOR_GUEST -e PARAVIRT -e XEN -e XEN_PV -e GCC_PLUGINS -e GCC_PLUGIN_PVCALL"
	want="XEN_PV PARAVIRT_XXL GCC_PLUGINS GCC_PLUGIN_PVCALL" ;;
stock)	opts="-e HYPERVISOR_GUEST -e PARAVIRT -e XEN -e XEN_PV"
	want="XEN_PV PARAVIRT_XXL" ;;
native)	opts="-d HYPERVISOR_GUEST -d PARAVIRT"
	want="" ;;
*)	echo "config.sh: unknown kind '$kind'" >&2; exit 2 ;;
esac

make -C "$tree" -s CC="$cc" tinyconfig >/dev/null
# shellcheck disable=SC2086
"$tree/scripts/config" --file "$tree/.config" \
	-e 64BIT -e PRINTK -e TTY -e SERIAL_8250 -e SERIAL_8250_CONSOLE \
	-e BLK_DEV_INITRD -e BINFMT_ELF $opts
make -C "$tree" -s CC="$cc" olddefconfig >/dev/null
for opt in $want; do
	if ! grep -q "^CONFIG_$opt=y" "$tree/.config"; then
		echo "config.sh: CONFIG_$opt is not set (is $cc's plugin-dev package installed?)" >&2
		exit 1
	fi
done
if [ "$kind" = native ] && grep -q "^CONFIG_PARAVIRT=y" "$tree/.config"; then
	echo "config.sh: CONFIG_PARAVIRT is still set" >&2
	exit 1
fi
