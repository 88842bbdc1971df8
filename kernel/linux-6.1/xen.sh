# SPDX-License-Identifier: MIT
#
# xen.sh - sourced by the scripts that boot a Linux 6.1 build as a Xen PV
# dom0 under QEMU (boot.sh, measure.sh, check-linux.sh, xen-bench.sh):
#
#   xen_hypervisor DIR	print the path of an uncompressed Xen image: $XEN
#			if set, else Debian's /boot/xen-4.17-amd64.gz
#			(package xen-hypervisor-4.17-amd64) gunzipped into
#			DIR once; returns 1 with a message naming the
#			package if there is none
#   xen_dom0_missing KBUILD
#			print the first option KBUILD/.config lacks to boot
#			as a PV dom0 ("" if none)
#   xen_cmdline		Xen's own command line
#
# QEMU's -kernel loads the 32-bit multiboot image as it is, and the
# kernel and its initramfs are multiboot modules (-initrd "KERNEL
# ARGS,INITRAMFS"), so a comma in either path would need doubling.

XEN_PACKAGE=xen-hypervisor-4.17-amd64
XEN_GZ=/boot/xen-4.17-amd64.gz

xen_hypervisor() {
	if [ -n "${XEN:-}" ]; then
		[ -f "$XEN" ] || { echo "no Xen image $XEN (XEN)" >&2; return 1; }
		echo "$XEN"
		return 0
	fi
	if [ ! -f "$XEN_GZ" ]; then
		echo "no $XEN_GZ: install $XEN_PACKAGE (apt-get install --no-install-recommends $XEN_PACKAGE), or set XEN to an uncompressed Xen image" >&2
		return 1
	fi
	if [ ! -s "$1/xen-4.17-amd64" ] || [ "$XEN_GZ" -nt "$1/xen-4.17-amd64" ]; then
		gunzip -c "$XEN_GZ" > "$1/xen-4.17-amd64.tmp" &&
			mv "$1/xen-4.17-amd64.tmp" "$1/xen-4.17-amd64" ||
			{ echo "cannot gunzip $XEN_GZ into $1" >&2; return 1; }
	fi
	echo "$1/xen-4.17-amd64"
}

# What a 64-bit PV dom0 needs to boot and talk: without XEN_DOM0 the
# kernel dies after "about to get started..." ("Hardware Dom0 shutdown"),
# and without HVC_XEN it has no console.  config.sh's DOM0=1 sets them.
xen_dom0_missing() {
	for opt in XEN_PV XEN_DOM0 HVC_XEN BLK_DEV_INITRD; do
		if ! grep -q "^CONFIG_$opt=y" "$1/.config"; then
			echo "CONFIG_$opt"
			return
		fi
	done
}

# One vCPU and 256 MB for dom0, Xen's console on the serial port, where
# dom0's hvc0 output is copied, and the serial input goes to dom0.
xen_cmdline() {
	echo "console=com1 com1=115200,8n1 dom0_mem=256M,max:256M dom0_max_vcpus=1"
}
