#!/bin/sh
# SPDX-License-Identifier: MIT
#
# boot.sh [--xen] KBUILD [MODDIR] - boot a Linux 6.1 build (vmlinux,
# arch/x86/boot/bzImage and usr/gen_init_cpio under KBUILD) under QEMU to a
# tiny init, and read the kernel text back through QEMU's monitor while
# init runs, to see what the kernel's own patching made of the plugin's
# sites:
#
#   - the first site of each op with a native replacement must hold
#     exactly the replacement followed by Linux's NOPs (apply_alternatives);
#   - the first site of up to three ops without one must hold `call
#     <the op's function>' (apply_paravirt), the function read from pv_ops.
#
# With --xen the kernel boots as the PV dom0 of Xen (xen.sh: Debian's
# xen-hypervisor-4.17-amd64, or XEN), with idle=poll so that the CPU stays
# in the kernel's page tables while the monitor reads them.  A kernel that
# lacks what a dom0 needs is refused, naming the option.  There the sites
# must hold what the stock kernel's patching makes of them in a Xen PV
# guest: NOPs where the slot holds paravirt_nop, the spinlock replacements
# where it still holds the native function (ALT_NOT(PVUNLOCK),
# ALT_NOT(VCPUPREEMPT)), and a call to the function in the slot anywhere
# else (ALT_NOT(XENPV): never a native replacement).  pvcall's own
# patcher's sites are read back by check-patched --xen, where a
# register-agnostic site of an op without a template keeps calling its
# stub.
#
# After the checks init runs the workload of the bare-hardware
# measurement (workload.c, one repetition), which must run to its end.
# What the module and the workload found is written to
# KBUILD/pvcall-boot.results (pvcall-xen.results with --xen), lines that
# must be the same for both boots of a kernel: check-linux compares them.
#
# With MODDIR (check-linux.sh's module step: pvmod.ko and pvmod.elf, its
# copy linked at a fixed address), init loads the module first; the
# module's own checks must all say ok, and every one of its sites that
# outlives its init must hold what the same rules say, after
# module_finalize() patched it.  The module prints the address of
# pvmod_mix_pv; its sites are read at their offsets from it in pvmod.elf.
#
# The serial output goes to KBUILD/pvcall-boot.log (pvcall-xen.log).
# Every wait is bounded.  Prints one line per site checked and closes with
#	boot: KBUILD: booted, N sites checked, F wrong
# exiting 0 only if init ran, QEMU exited 0, the module (if any) loaded and
# agreed with itself, the workload ran, and every site was right.
set -u

usage="usage: boot.sh [--xen] KBUILD [MODDIR]"
xen=0
[ "${1:-}" = --xen ] && { xen=1; shift; }
kb=$(cd "${1:?$usage}" && pwd)
mod=
[ -n "${2:-}" ] && mod=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=kernel/linux-6.1/xen.sh
. "$here/xen.sh"
tmp=$(mktemp -d)
qpid=
trap '[ -n "$qpid" ] && kill $qpid 2>/dev/null; rm -rf "$tmp"' EXIT
log=$kb/pvcall-boot.log results=$kb/pvcall-boot.results
# Seconds to wait for init, and then for the workload and the reboot.
init_limit=60 end_limit=120
if [ $xen -eq 1 ]; then
	log=$kb/pvcall-xen.log results=$kb/pvcall-xen.results
	init_limit=300 end_limit=300
fi

fail() { echo "boot: $*"; exit 1; }

command -v qemu-system-x86_64 >/dev/null || fail "qemu-system-x86_64 not found"
if [ $xen -eq 1 ]; then
	missing=$(xen_dom0_missing "$kb")
	[ -z "$missing" ] ||
		fail "$kb cannot boot as a Xen PV dom0: $missing is not set (configure with DOM0=1 config.sh)"
	hv=$(xen_hypervisor "$kb") || fail "no Xen hypervisor"
	case $kb$tmp in *,*) fail "a comma in $kb or $tmp (Xen's module list)" ;; esac
fi
gcc -static -nostdlib -ffreestanding -fno-pic -no-pie -O2 -mgeneral-regs-only \
	-o "$tmp/init" "$here/init.c" || fail "cannot build init"
gcc -static -nostdlib -ffreestanding -fno-pic -no-pie -O2 -mgeneral-regs-only \
	-fno-stack-protector -DREPS=1 -o "$tmp/workload" "$here/workload.c" ||
	fail "cannot build the workload"
printf 'dir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\nfile /init %s 0755 0 0\nfile /workload %s 0755 0 0\n' \
	"$tmp/init" "$tmp/workload" > "$tmp/cpio.list"
[ -n "$mod" ] && printf 'file /pvmod.ko %s 0644 0 0\n' "$mod/pvmod.ko" >> "$tmp/cpio.list"
"$kb/usr/gen_init_cpio" "$tmp/cpio.list" > "$tmp/initramfs.cpio" ||
	fail "cannot build the initramfs"

nm "$kb/vmlinux" > "$tmp/nm"
pvops=$(awk '$3 == "pv_ops" { print $1 }' "$tmp/nm")
own=0
grep -q '^CONFIG_GCC_PLUGIN_PVCALL_PATCHER=y' "$kb/.config" && own=1
if [ $own -eq 1 ]; then
	[ -x "${CHECK_PATCHED:-}" ] ||
		fail "pvcall's own patcher: set CHECK_PATCHED to a built check-patched.c"
else
	sh "$here/check-sites.sh" --list "$kb/vmlinux" > "$tmp/sites" ||
		fail "check-sites.sh failed on $kb/vmlinux"
	# The sites to read: per op type, its first site.
	awk 'NF == 5 && !seen[$2]++' "$tmp/sites" > "$tmp/pick"
	awk '$4 > 0' "$tmp/pick" > "$tmp/native"
	awk '$4 == 0' "$tmp/pick" | head -3 > "$tmp/direct"
	[ -s "$tmp/native" ] || fail "no plugin site with a native replacement in $kb/vmlinux"
fi

# The serial port and the monitor are FIFO pairs (QEMU opens them both
# ways, so neither side blocks): init waits for a line on the serial port.
mkfifo "$tmp/mon.in" "$tmp/mon.out" "$tmp/ser.in" "$tmp/ser.out"
: > "$log"
if [ $xen -eq 1 ]; then
	set -- -m 1024 -kernel "$hv" -append "$(xen_cmdline)" \
		-initrd "$kb/arch/x86/boot/bzImage console=hvc0 idle=poll panic=-1,$tmp/initramfs.cpio"
else
	set -- -m 256 -kernel "$kb/arch/x86/boot/bzImage" -initrd "$tmp/initramfs.cpio" \
		-append "console=ttyS0 panic=-1"
fi
# timeout: the waits below bound it too, but QEMU must never outlive them.
timeout $((init_limit + end_limit + 120)) qemu-system-x86_64 -accel tcg -M pc \
	-display none -no-reboot -net none -serial "pipe:$tmp/ser" \
	-monitor "pipe:$tmp/mon" "$@" &
qpid=$!
cat "$tmp/ser.out" > "$log" &
cat "$tmp/mon.out" > "$tmp/mon.log" &
exec 3> "$tmp/mon.in" 4> "$tmp/ser.in"

i=0
until grep -q "pvcall-linux: init ok" "$log"; do
	i=$((i + 1))
	kill -0 $qpid 2>/dev/null || { tail -40 "$log"; fail "QEMU exited before init ran (log: $log)"; }
	[ $i -lt $((init_limit * 10)) ] ||
		{ tail -40 "$log"; fail "init did not run within $init_limit s (log: $log)"; }
	sleep 0.1
done

# monitor CMD: what QEMU answers, the lines "ADDR: 0x.. 0x..".
monitor() {
	before=$(wc -l < "$tmp/mon.log")
	echo "$1" >&3
	sleep 0.3
	tail -n +$((before + 1)) "$tmp/mon.log" | tr -d '\r' |
		grep -E '^[0-9a-f]+: 0x' | sed 's/^[0-9a-f]*: //'
}

# Linux's x86-64 NOPs, as apply_alternatives pads (longest first).
nops() {
	n=$1 out=
	while [ "$n" -gt 0 ]; do
		k=$n; [ $k -gt 8 ] && k=8
		case $k in
		1) out="$out 90" ;; 2) out="$out 66 90" ;; 3) out="$out 0f 1f 00" ;;
		4) out="$out 0f 1f 40 00" ;; 5) out="$out 0f 1f 44 00 00" ;;
		6) out="$out 66 0f 1f 44 00 00" ;; 7) out="$out 0f 1f 80 00 00 00 00" ;;
		8) out="$out 0f 1f 84 00 00 00 00 00" ;;
		esac
		n=$((n - k))
	done
	echo $out
}

# Kernel addresses are ffffffff........: shell arithmetic (signed 64 bits)
# works on the low half.
lo() { echo "$1" | cut -c9-16; }

hexbytes() { tr ' ' '\n' | sed -n 's/^0x//p' | tr '\n' ' ' | sed 's/ $//'; }

# Kernel text address for the low half L.
khi() { printf 'ffffffff%08x' $(($1 & 0xffffffff)); }

# check_native IMAGE DELTA < SITES: each site (a check-sites.sh --list line
# of IMAGE), DELTA bytes on from its address in IMAGE, must hold IMAGE's
# replacement for it followed by Linux's NOPs.
check_native() {
	while read -r site type len rlen repl; do
		at=$(khi $((0x$(lo $site) + $2)))
		want=$(objdump -s -j .altinstr_replacement --start-address=0x$repl \
			--stop-address=0x$(khi $((0x$(lo $repl) + rlen))) "$1" |
			awk '/^ [0-9a-f]+ / { for (i = 2; i <= 5; i++) if ($i ~ /^[0-9a-f]+$/) printf "%s", $i }' |
			sed 's/../& /g; s/ $//')
		want="$want $(nops $((len - rlen)))"
		want=$(echo $want)
		got=$(monitor "x/${len}xb 0x$at" | hexbytes)
		checked=$((checked + 1))
		if [ "$got" = "$want" ]; then
			echo "boot: site $at (type $type, $len bytes): native: $got"
		else
			echo "boot: site $at (type $type): got '$got', want '$want'"
			wrong=$((wrong + 1))
		fi
	done
}

# slot_target TYPE: the function in pv_ops slot TYPE of the running
# kernel (16 hex digits).
slot_target() {
	monitor "x/1xg 0x$(khi $((0x$(lo $pvops) + $1 * 8)))" | sed 's/^0x//'
}

# The name vmlinux gives the function at address $1.
function_name() {
	awk -v a="$1" '$1 == a && $3 !~ /^__pfx_/ { print $3; exit }' "$tmp/nm"
}

# xen_split SITES NATIVE DIRECT: in a Xen PV guest only the spinlock
# replacements apply, where the slot still holds the native function
# (ALT_NOT(PVUNLOCK), ALT_NOT(VCPUPREEMPT)); every other site of SITES
# must hold what apply_paravirt wrote (a call, or NOPs): to DIRECT.
xen_split() {
	: > "$2"
	: > "$3"
	while read -r site type len rlen repl; do
		case $(function_name "$(slot_target "$type")") in
		__raw_callee_save___native_queued_spin_unlock|__raw_callee_save___native_vcpu_is_preempted)
			echo "$site $type $len $rlen $repl" >> "$2" ;;
		*)	echo "$site $type $len $rlen $repl" >> "$3" ;;
		esac
	done < "$1"
}

# check_direct DELTA < SITES: each site, DELTA bytes on, must hold `call'
# the function in its pv_ops slot (in the running kernel), then NOPs; or
# only NOPs where the slot holds paravirt_nop, and ud2 where it holds
# nothing (apply_paravirt).
check_direct() {
	while read -r site type len rlen repl; do
		at=$(khi $((0x$(lo $site) + $1)))
		target=$(slot_target "$type")
		got=$(monitor "x/${len}xb 0x$at" | hexbytes)
		rel=$(( (0x$(lo ${target:-0000000000000000}) - (0x$(lo $at) + 5)) & 0xffffffff ))
		want=$(printf 'e8 %02x %02x %02x %02x' $((rel & 255)) $((rel >> 8 & 255)) \
			$((rel >> 16 & 255)) $((rel >> 24 & 255)))
		[ "$len" -gt 5 ] && want="$want $(nops $((len - 5)))"
		what="direct call to $target"
		if [ "$target" = 0000000000000000 ]; then
			want="0f 0b $(nops $((len - 2)))" what="empty slot: ud2"
		elif [ -n "$target" ] && [ "$(function_name "$target")" = _paravirt_nop ]; then
			want=$(nops "$len") what="paravirt_nop: NOPs"
		fi
		checked=$((checked + 1))
		if [ -n "$target" ] && [ "$got" = "$want" ]; then
			echo "boot: site $at (type $type, $len bytes): $what: $got"
		else
			echo "boot: site $at (type $type): got '$got', want '$want' (call to '$target')"
			wrong=$((wrong + 1))
		fi
	done
}

# in_section LIST NAME ADDRESS: whether ADDRESS is in section NAME of
# LIST, lines "NAME SIZE VMA" (objdump -h).
in_section() {
	while read -r is_name is_size is_vma; do
		[ "$is_name" = "$2" ] || continue
		is_a=$((0x$(lo $3))) is_start=$((0x$(lo $is_vma)))
		[ $is_a -ge $is_start ] && [ $is_a -lt $((is_start + 0x$is_size)) ] &&
			return 0
	done < "$1"
	return 1
}

# check_module: what the module found, then its sites, each at its offset
# from pvmod_mix_pv in pvmod.elf from the address the module printed.  The
# loader frees .init.text after init, so the sites there are gone; every
# other site must be in pvmod_mix_pv's section, where the offsets hold.
module_anchor() {
	tr -d '\r' < "$log" > "$tmp/serial"
	if ! grep -q "pvcall-linux: module loaded" "$tmp/serial"; then
		grep "pvcall-linux: module\|pvmod" "$tmp/serial"
		fail "$mod/pvmod.ko did not load"
	fi
	grep "pvmod: mix" "$tmp/serial" | sed 's/.*pvmod: /boot: module: /'
	if [ "$(grep -c "pvmod: mix .*: ok\$" "$tmp/serial")" -ne 3 ]; then
		echo "boot: module: pvmod_mix_pv and pvmod_mix_native disagree"
		wrong=$((wrong + 1))
	fi
	anchor=$(sed -n 's/.*pvmod: anchor pvmod_mix_pv \([0-9a-f]*\)$/\1/p' "$tmp/serial")
	[ -n "$anchor" ] || fail "the module did not print its anchor"
	linked=$(nm "$mod/pvmod.elf" | awk '$3 == "pvmod_mix_pv" { print $1 }')
	objdump -h -w "$mod/pvmod.elf" |
		awk '$1 ~ /^[0-9]+$/ { print $2, $3, $4 }' > "$tmp/modsecs"
	section=$(while read -r name size vma; do
		in_section "$tmp/modsecs" "$name" "$linked" && echo "$name"
	done < "$tmp/modsecs" | head -1)
	[ -n "$section" ] || fail "pvmod_mix_pv is in no section of pvmod.elf"
}

check_module() {
	module_anchor
	sh "$here/check-sites.sh" --list "$mod/pvmod.elf" > "$tmp/modlist" ||
		fail "check-sites.sh failed on $mod/pvmod.elf"
	: > "$tmp/modsites"
	awk 'NF == 5' "$tmp/modlist" | while read -r site type len rlen repl; do
		if in_section "$tmp/modsecs" "$section" "$site"; then
			echo "$site $type $len $rlen $repl" >> "$tmp/modsites"
		elif ! in_section "$tmp/modsecs" .init.text "$site"; then
			echo "boot: module: site $site is outside $section and .init.text"
			echo "$site" >> "$tmp/modstray"
		fi
	done
	[ -s "$tmp/modstray" ] && wrong=$((wrong + $(wc -l < "$tmp/modstray")))
	awk '$4 > 0' "$tmp/modsites" > "$tmp/modnative"
	awk '$4 == 0' "$tmp/modsites" > "$tmp/moddirect"
	[ -s "$tmp/modnative" ] && [ -s "$tmp/moddirect" ] ||
		fail "pvmod.elf: no native and direct sites in $section"
	if [ $xen -eq 1 ]; then
		cat "$tmp/modnative" "$tmp/moddirect" > "$tmp/modall"
		xen_split "$tmp/modall" "$tmp/modnative" "$tmp/moddirect"
	fi
	echo "boot: module: pvmod_mix_pv at $anchor ($linked in pvmod.elf, $section)"
	delta=$((0x$(lo $anchor) - 0x$(lo $linked)))
	check_native "$mod/pvmod.elf" $delta < "$tmp/modnative"
	check_direct $delta < "$tmp/moddirect"
}

# memsave ADDR SIZE FILE: SIZE bytes of the guest's memory at virtual
# address ADDR (16 hex digits) into FILE, through the monitor.
memsave() {
	# The size is an expression: quote the file name, or "/tmp" divides it.
	monitor "memsave 0x$1 $2 \"$3\"" > /dev/null
	ms=0
	while [ "$(wc -c < "$3" 2>/dev/null || echo 0)" -lt "$2" ]; do
		ms=$((ms + 1))
		[ $ms -lt 100 ] || fail "memsave of $2 bytes at $1 did not finish"
		sleep 0.1
	done
}

# own_line WHAT N: the patcher's boot-log line for WHAT (vmlinux or a
# module) must say N sites, none left and none rejected; in a Xen PV
# guest, where register-agnostic sites of ops without a template are left
# calling their stubs, none rejected.
own_line() {
	line=$(tr -d '\r' < "$log" | grep "pvcall: $1: [0-9]* sites:" | tail -1)
	echo "boot: log: ${line#*pvcall: }"
	case $xen$line in
	0*"pvcall: $1: $2 sites: "*" 0 left, 0 rejected") ;;
	1*"pvcall: $1: $2 sites: "*" left, 0 rejected") ;;
	*) echo "boot: $1: the patcher did not patch all $2 sites"
	   wrong=$((wrong + 1)) ;;
	esac
}

# own_check ARGS...: check-patched ARGS; adds its counts to checked and
# wrong, and sets own_n to the number of sites it saw.
own_check() {
	"$CHECK_PATCHED" "$@" > "$tmp/own.out"
	st=$?
	grep -v ': [0-9]* sites: ' "$tmp/own.out" | head -20 | sed 's/^check-patched/boot/'
	sum=$(grep ': [0-9]* sites: ' "$tmp/own.out")
	echo "boot: ${sum#check-patched: }"
	set -- $(echo "$sum" | sed 's/.*: \([0-9]*\) sites: \([0-9]*\) inline, \([0-9]*\) direct, \([0-9]*\) stub, \([0-9]*\) not dumped, \([0-9]*\) wrong$/\1 \2 \3 \4 \5 \6/')
	[ $# -eq 6 ] || { wrong=$((wrong + 1)); own_n=0; return; }
	own_n=$1 own_inline=$2 own_direct=$3 own_stub=$4
	checked=$((checked + $2 + $3 + $4))
	wrong=$((wrong + $6))
	[ $st -eq 0 ] || [ "$6" -ne 0 ] || wrong=$((wrong + 1))
}

# The running kernel's pv_ops, which says what each site must hold.
save_pvops() {
	pvsize=$(nm -S "$kb/vmlinux" | awk '$4 == "pv_ops" { print $2 }')
	memsave "$pvops" $((0x$pvsize)) "$tmp/pvops.bin"
}

# pvcall's own patcher: every site of the kernel's text, read back.
check_own_kernel() {
	text=$(nm "$kb/vmlinux" | awk '$3 == "_text" { print $1 }')
	etext=$(nm "$kb/vmlinux" | awk '$3 == "_etext" { print $1 }')
	memsave "$text" $((0x$(lo $etext) - 0x$(lo $text))) "$tmp/text.bin"
	xflag=
	[ $xen -eq 1 ] && xflag=--xen
	own_check $xflag "$kb/vmlinux" "$kb/vmlinux" "$tmp/pvops.bin@$pvops" \
		"$tmp/text.bin@$text"
	own_line vmlinux "$own_n"
}

# pvcall's own patcher: the module's sites in pvmod_mix_pv's section, read
# back at their offsets from it (the others are in its init text, freed).
check_own_module() {
	module_anchor
	delta=$((0x$(lo $anchor) - 0x$(lo $linked)))
	set -- $(awk -v s="$section" '$1 == s { print $2, $3 }' "$tmp/modsecs")
	at=$(khi $((0x$(lo $2) + delta)))
	memsave "$at" $((0x$1)) "$tmp/modtext.bin"
	echo "boot: module: pvmod_mix_pv at $anchor ($linked in pvmod.elf, $section)"
	xflag=
	[ $xen -eq 1 ] && xflag=--xen
	own_check $xflag --delta $delta --pvops-at ffffffff81000000 "$mod/pvmod.elf" \
		"$kb/vmlinux" "$tmp/pvops.bin@$pvops" "$tmp/modtext.bin@$at"
	# On bare hardware the module has sites of both kinds; in a Xen PV
	# guest, direct calls and calls to stubs.
	if [ $xen -eq 0 ] && { [ "$own_inline" -eq 0 ] || [ "$own_direct" -eq 0 ]; }; then
		echo "boot: module: no inline and direct sites read back"
		wrong=$((wrong + 1))
	elif [ $xen -eq 1 ] && { [ "$own_direct" -eq 0 ] || [ "$own_stub" -eq 0 ]; }; then
		echo "boot: module: no direct and stub sites read back"
		wrong=$((wrong + 1))
	fi
	own_line pvmod "$own_n"
}

checked=0 wrong=0
if [ $own -eq 1 ]; then
	save_pvops
	check_own_kernel
	[ -n "$mod" ] && check_own_module
else
	if [ $xen -eq 1 ]; then
		cat "$tmp/native" "$tmp/direct" > "$tmp/all"
		xen_split "$tmp/all" "$tmp/native" "$tmp/direct"
	fi
	check_native "$kb/vmlinux" 0 < "$tmp/native"
	check_direct 0 < "$tmp/direct"
	[ -n "$mod" ] && check_module
fi

# Let init run the workload, which reboots at its end.
echo >&4
i=0
while kill -0 $qpid 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt $((end_limit * 10)) ] ||
		{ kill $qpid; tail -20 "$log"; fail "QEMU did not exit within $end_limit s of the checks (log: $log)"; }
	sleep 0.1
done
wait $qpid
status=$?
qpid=
exec 3>&- 4>&-
sleep 0.2
tr -d '\r' < "$log" > "$tmp/serial"
grep -q "pvcall-linux: running /workload" "$tmp/serial" || fail "init did not finish (log: $log)"
[ $status -eq 0 ] || fail "QEMU exited with status $status (log: $log)"
if grep "workload: error" "$tmp/serial"; then
	fail "the workload failed (log: $log)"
fi
grep -q "workload: done\$" "$tmp/serial" ||
	fail "the workload did not run to its end (log: $log)"

# What must not depend on the machine: the module's verdicts and the
# operations the workload ran.
{
	sed -n 's/.*pvmod: mix \([0-9a-f]*\): .*: \([A-Za-z]*\)$/module mix \1: \2/p' "$tmp/serial"
	sed -n 's/.*workload: median \([a-z]*\): [0-9.]*$/workload \1: ran/p' "$tmp/serial"
} > "$results"
echo "boot: $kb: booted, $checked sites checked, $wrong wrong"
[ $wrong -eq 0 ]
