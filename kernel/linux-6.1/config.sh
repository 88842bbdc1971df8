#!/bin/sh
# SPDX-License-Identifier: MIT
#
# config.sh KBUILD CC KIND [SRCTREE] - configure a Linux 6.1 build the way
# check-linux and the comparison build it: tinyconfig, SMP, a serial
# console, an initramfs and ELF binaries, SUSPEND (so that every kind has
# the freezer, which the Xen guest's save/restore support brings in), SLUB
# instead of tinyconfig's SLOB (whose first-fit walk of its free list
# costs what the heap's history makes it: the signal workload, which
# allocates a sigqueue per iteration, ran 15% slower in some boots than in
# others of the same kernel), and by KIND
#   pvcall      a Xen PV guest (PARAVIRT_XXL, PARAVIRT_SPINLOCKS) with
#               GCC_PLUGIN_PVCALL and the kernel's patcher
#               (GCC_PLUGIN_PVCALL_PARAINSTRUCTIONS)
#   pvcall-own  the same with pvcall's own patcher
#               (GCC_PLUGIN_PVCALL_PATCHER)
#   stock       the same guest without the plugin (the PVOP macros)
#   native      no paravirtualization at all
# KBUILD is the tree, or with SRCTREE the output directory of a build of
# SRCTREE (make O=KBUILD).  With DOM0=1 in the environment, a paravirt
# kind also gets what a Xen PV dom0 needs (XEN_DOM0, its hvc0 console,
# and PCI and ACPI, which dom0 takes from the hardware and powers off
# through).  Checks that the options it needs took, and exits non-zero
# if not.
set -eu

usage="usage: config.sh KBUILD CC pvcall|pvcall-own|stock|native [SRCTREE]"
kb=${1:?$usage}
cc=${2:?$usage}
kind=${3:?$usage}
mkdir -p "$kb"
kb=$(cd "$kb" && pwd)
src=$kb oflag=
if [ -n "${4:-}" ]; then
	src=$(cd "$4" && pwd) oflag=O=$kb
fi
# shellcheck disable=SC2086
mk() { make -C "$src" $oflag -s CC="$cc" "$@"; }

# A Xen PV guest and nothing more: no KVM guest support, no Xen HVM
# support and none of the Xen device drivers, whose hooks (the KVM
# async page fault check, the MMU notifiers of the grant device) run on
# bare hardware too and would be counted as paravirt's cost.
pv="-e HYPERVISOR_GUEST -e PARAVIRT -e XEN -e XEN_PV -e PARAVIRT_SPINLOCKS
    -d KVM_GUEST -d XEN_PVHVM -d XEN_BALLOON -d XEN_DEV_EVTCHN -d XEN_GNTDEV
    -d XEN_GRANT_DEV_ALLOC -d XEN_PRIVCMD -d XENFS"
case $kind in
pvcall)	opts="$pv -e GCC_PLUGINS -e GCC_PLUGIN_PVCALL -e GCC_PLUGIN_PVCALL_PARAINSTRUCTIONS"
	want="XEN_PV PARAVIRT_XXL PARAVIRT_SPINLOCKS GCC_PLUGINS GCC_PLUGIN_PVCALL GCC_PLUGIN_PVCALL_PARAINSTRUCTIONS" ;;
pvcall-own)
	opts="$pv -e GCC_PLUGINS -e GCC_PLUGIN_PVCALL -e GCC_PLUGIN_PVCALL_PATCHER"
	want="XEN_PV PARAVIRT_XXL PARAVIRT_SPINLOCKS GCC_PLUGINS GCC_PLUGIN_PVCALL GCC_PLUGIN_PVCALL_PATCHER" ;;
stock)	opts="$pv"
	want="XEN_PV PARAVIRT_XXL PARAVIRT_SPINLOCKS" ;;
native)	opts="-d HYPERVISOR_GUEST -d PARAVIRT"
	want="" ;;
*)	echo "config.sh: unknown kind '$kind'" >&2; exit 2 ;;
esac
if [ "${DOM0:-0}" = 1 ]; then
	[ "$kind" != native ] ||
		{ echo "config.sh: a native kernel cannot be a Xen dom0" >&2; exit 2; }
	opts="$opts -e PCI -e ACPI -e X86_LOCAL_APIC -e X86_IO_APIC -e XEN_DOM0
	      -e HVC_XEN -e PCI_XEN -e SWIOTLB_XEN -e XEN_BACKEND"
	want="$want XEN_DOM0 HVC_XEN"
fi

mk tinyconfig >/dev/null
# shellcheck disable=SC2086
"$src/scripts/config" --file "$kb/.config" \
	-e 64BIT -e SMP -e SUSPEND -e PRINTK -e TTY -e SERIAL_8250 -e SERIAL_8250_CONSOLE \
	-e BLK_DEV_INITRD -e BINFMT_ELF -d SLOB -e SLUB $opts
mk olddefconfig >/dev/null
for opt in SMP SLUB $want; do
	if ! grep -q "^CONFIG_$opt=y" "$kb/.config"; then
		echo "config.sh: CONFIG_$opt is not set (is $cc's plugin-dev package installed?)" >&2
		exit 1
	fi
done
if [ "$kind" = native ] && grep -q "^CONFIG_PARAVIRT=y" "$kb/.config"; then
	echo "config.sh: CONFIG_PARAVIRT is still set" >&2
	exit 1
fi
