#!/bin/sh
# SPDX-License-Identifier: MIT
#
# measure.sh KBUILD OUTFILE [PAD_KB] - count the guest instructions a Linux
# 6.1 build (arch/x86/boot/bzImage and usr/gen_init_cpio under KBUILD)
# spends on a few operations: boot it under QEMU TCG with
# `-icount shift=0,sleep=off', where the guest's rdtsc counts guest
# instructions, to workload.c as /init, which times each operation REPS
# times in one boot and reboots.  With the options below (a virtual RTC at
# a fixed date, -cpu qemu64, one CPU, nokaslr norandmaps, serial output to
# a file) the same kernel and initramfs give the same counts to the last
# instruction, boot after boot.
#
# With PAD_KB (nonzero), the initramfs also holds /pad, PAD_KB KB of zeros,
# which the workload ignores: it only shifts the kernel's memory, so the
# medians' move against a run without it is the noise floor for comparing
# two different kernels.
#
# The serial output goes to OUTFILE.log; OUTFILE gets one line per
# operation, `OPERATION MEDIAN', the median over the repetitions of the
# instructions per iteration (one decimal):
#	getppid		getppid()
#	pagefault	the first write to a fresh anonymous page
#	mmap		mmap + write one page + munmap
#	fork		fork + child _exit + wait4
#	pipe		a one-byte round trip between two processes
#	signal		kill(self) + handler + rt_sigreturn (irq save/restore
#			and spinlock paths)
# Exits 0 only if QEMU ran the workload to its end and every operation
# gave a median.  Environment: REPS (repetitions, default 15), TIMEOUT
# (seconds for the whole boot, default 600), WORKLOAD_CFLAGS (more gcc
# options for workload.c, e.g. -DN_FORK=50 for another batch size),
# KERNEL_ARGS (more kernel parameters, e.g. loglevel=7 to see the info
# lines that quiet hides), QEMU_ARGS (more QEMU options, e.g. profile.sh's
# -plugin), XEN (the Xen hypervisor, gunzipped: boot the kernel as its PV
# dom0, with 1 GB for the machine, 256 MB and one vCPU for dom0, and the
# kernel's console on hvc0, which Xen copies to the serial port; the
# workload's reboot resets the machine, which ends QEMU).
#
# Every entry of the initramfs has a fixed date: gen_init_cpio's default,
# the time it runs, changes the boot by a few instructions (probably in
# parsing the header's hex digits: a letter costs more than a digit), and
# that was enough to move the mmap and fork medians by 0.1-0.3% from one
# run to the next.
set -u

usage="usage: measure.sh KBUILD OUTFILE [PAD_KB]"
[ $# -ge 2 ] && [ $# -le 3 ] || { echo "$usage" >&2; exit 2; }
[ -d "$1" ] || { echo "measure: no directory $1" >&2; exit 1; }
kb=$(cd "$1" && pwd)
out=$2
pad=${3:-0}
reps=${REPS:-15}
limit=${TIMEOUT:-600}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=kernel/linux-6.1/xen.sh
. "$here/xen.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log=$out.log
ops="getppid pagefault mmap fork pipe signal"

fail() { echo "measure: $*" >&2; exit 1; }

case $pad in *[!0-9]*|'') fail "PAD_KB must be a number of kilobytes: $pad" ;; esac
case $reps in *[!0-9]*|''|0) fail "REPS must be a positive number: $reps" ;; esac
command -v qemu-system-x86_64 >/dev/null || fail "qemu-system-x86_64 not found"
[ -f "$kb/arch/x86/boot/bzImage" ] || fail "no $kb/arch/x86/boot/bzImage"
[ -x "$kb/usr/gen_init_cpio" ] || fail "no $kb/usr/gen_init_cpio"

gcc -static -nostdlib -ffreestanding -fno-pic -no-pie -O2 -mgeneral-regs-only \
	-fno-stack-protector -DREPS="$reps" ${WORKLOAD_CFLAGS:-} -o "$tmp/init" "$here/workload.c" ||
	fail "cannot build the workload"
printf 'dir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\nfile /init %s 0755 0 0\n' \
	"$tmp/init" > "$tmp/cpio.list"
if [ "$pad" -gt 0 ]; then
	dd if=/dev/zero of="$tmp/pad" bs=1024 count="$pad" 2>/dev/null ||
		fail "cannot make the padding file"
	printf 'file /pad %s 0644 0 0\n' "$tmp/pad" >> "$tmp/cpio.list"
fi
# The same bytes every time: every entry dated 2000-01-01 00:00 UTC.
TZ=UTC0 touch -t 200001010000 "$tmp/init" &&
	{ [ "$pad" -eq 0 ] || TZ=UTC0 touch -t 200001010000 "$tmp/pad"; } &&
	"$kb/usr/gen_init_cpio" -t 946684800 "$tmp/cpio.list" > "$tmp/initramfs.cpio" ||
	fail "cannot build the initramfs"

# The serial port writes to a file, which never makes QEMU wait (a pipe
# could, at times that depend on the host); the reboot at the end of the
# workload ends QEMU (-no-reboot), and so does a panic (panic=-1).
: > "$log" || fail "cannot write $log"
start=$(date +%s)
kargs="nokaslr norandmaps panic=-1 quiet${KERNEL_ARGS:+ $KERNEL_ARGS}"
if [ -n "${XEN:-}" ]; then
	[ -f "$XEN" ] || fail "no Xen image $XEN"
	missing=$(xen_dom0_missing "$kb")
	[ -z "$missing" ] ||
		fail "$kb cannot boot as a Xen PV dom0: $missing is not set (configure with DOM0=1 config.sh)"
	# Xen takes the kernel and the initramfs as multiboot modules, a
	# comma between them: a comma in either would need doubling.
	case $kb$tmp$kargs in *,*) fail "a comma in $kb or $tmp or the kernel arguments" ;; esac
	set -- -m 1024 -kernel "$XEN" -append "$(xen_cmdline)" \
		-initrd "$kb/arch/x86/boot/bzImage console=hvc0 $kargs,$tmp/initramfs.cpio"
else
	set -- -m 512 -kernel "$kb/arch/x86/boot/bzImage" -initrd "$tmp/initramfs.cpio" \
		-append "console=ttyS0 $kargs"
fi
# QEMU_ARGS is split into words on purpose: it holds options.
# shellcheck disable=SC2086
timeout "$limit" qemu-system-x86_64 -accel tcg -icount shift=0,sleep=off \
	-rtc base=2024-01-01T00:00:00,clock=vm -cpu qemu64 -smp 1 \
	-nographic -no-reboot -net none -monitor none -serial "file:$log" \
	${QEMU_ARGS:-} "$@" \
	< /dev/null > "$tmp/qemu.out" 2>&1
status=$?
secs=$(($(date +%s) - start))

# The workload's lines, without the carriage returns of the tty and what
# the firmware printed before the kernel's first line.
tr -d '\r' < "$log" > "$tmp/raw"
sed -n 's/.*\(workload: \)/\1/p' "$tmp/raw" > "$tmp/serial"
if [ $status -eq 124 ]; then
	tail -n 20 "$tmp/raw" >&2
	fail "$kb: QEMU did not finish within $limit s (log: $log)"
fi
if [ $status -ne 0 ]; then
	cat "$tmp/qemu.out" >&2
	tail -n 20 "$tmp/raw" >&2
	fail "$kb: QEMU exited with status $status (log: $log)"
fi
if grep -q "^workload: error" "$tmp/serial"; then
	grep "^workload: error" "$tmp/serial" >&2
	fail "$kb: the workload failed (log: $log)"
fi
if ! grep -q "^workload: done\$" "$tmp/serial"; then
	tail -n 20 "$tmp/raw" >&2
	fail "$kb: the workload did not run to its end (log: $log)"
fi

: > "$tmp/medians"
for op in $ops; do
	m=$(sed -n "s/^workload: median $op: \([0-9]*\.[0-9]\)\$/\1/p" "$tmp/serial")
	[ -n "$m" ] || fail "$kb: no median for $op (log: $log)"
	n=$(grep -c "^workload: $op rep [0-9]*: [0-9]*\.[0-9]\$" "$tmp/serial")
	[ "$n" -eq "$reps" ] || fail "$kb: $n repetitions of $op, not $reps (log: $log)"
	echo "$op $m" >> "$tmp/medians"
done
cp "$tmp/medians" "$out" || fail "cannot write $out"
echo "measure: $kb: $(echo $ops | wc -w) operations, $reps repetitions, pad $pad KB, $secs s"
