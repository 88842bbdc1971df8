#!/bin/sh
# boot.sh - boot the pvcall test kernel under QEMU and show its report.
#
#	sh kernel/boot.sh KERNEL [MODE...]	(modes: native hyp off; default
#						 native and hyp)
#
# Exit status 0 if every boot reported success (isa-debug-exit code 33),
# 1 if one failed, 77 if qemu-system-x86_64 is missing.
set -u
kernel=${1:?usage: boot.sh KERNEL [MODE...]}
shift
[ $# -gt 0 ] || set -- native hyp
qemu=${QEMU:-qemu-system-x86_64}
if ! command -v "$qemu" >/dev/null 2>&1; then
	echo "boot.sh: $qemu not found (Debian: apt-get install qemu-system-x86)" >&2
	exit 77
fi
rc=0
for mode in "$@"; do
	echo "== booting $kernel with pvcall=$mode"
	out=$(timeout 60 "$qemu" -accel tcg -nodefaults -nographic -serial stdio \
		-no-reboot -m 64 -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-kernel "$kernel" -append "pvcall=$mode" 2>&1)
	status=$?
	printf '%s\n' "$out" | tr -d '\r' | sed -n '/pvcall/,$p' |
		sed 's/^.*\(pvcall test kernel\)/\1/' 
	if [ $status -eq 33 ]; then
		echo "== exit status 33: success"
	else
		echo "== exit status $status: FAILED"
		rc=1
	fi
done
exit $rc
