#!/bin/sh
# SPDX-License-Identifier: MIT
#
# check-sites.sh VMLINUX - the static check of a Linux 6.1 x86-64 image's
# pv call sites, with or without the pvcall overlay:
#
#   - every call through pv_ops has a .parainstructions record: a macro
#     site `call *pv_ops+OFF(%rip)' (ff 15) or a plugin site `call
#     __pvcall.s.pv_ops.OFF.*' (e8) that no record names is "unrecorded",
#     and so is a jump to a plugin stub (a pv call GCC made a tail call);
#   - every record names the start of such a call, through the slot its
#     type says (type * 8 = OFF), no longer than the record's length, and
#     whatever follows the call inside that length is NOPs;
#   - every .altinstructions entry at a plugin site fits it.
#
# Prints the per-origin counts and one closing line
#	check-sites: VMLINUX: N records (P plugin, M macro), U unrecorded, B bad
# and exits 1 if U or B is not 0 (2 on a tool error).  --list also prints
# each plugin site as "ADDRESS TYPE LEN RLEN REPLACEMENT" (RLEN 0 and
# REPLACEMENT "-": no native replacement).
set -eu

list=0
if [ "${1:-}" = --list ]; then
	list=1
	shift
fi
vmlinux=${1:?usage: check-sites.sh [--list] VMLINUX}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# dump SECTION: the section's bytes as hex, one byte per line, after a line
# with the low 32 bits of its address.
dump() {
	vma=$(objdump -h -w "$vmlinux" | awk -v s="$1" '$2 == s { print $4 }')
	[ -n "$vma" ] || { echo "check-sites: $vmlinux has no $1 section" >&2; exit 2; }
	echo "$vma" | cut -c9-16
	objcopy -O binary --only-section="$1" "$vmlinux" "$tmp/sec"
	od -An -v -tx1 "$tmp/sec" | tr -s ' ' '\n' | grep .
}

pvops=$(nm "$vmlinux" | awk '$3 == "pv_ops" { print $1 }')
[ -n "$pvops" ] || { echo "check-sites: $vmlinux has no pv_ops symbol" >&2; exit 2; }
dump .parainstructions > "$tmp/para"
dump .altinstructions > "$tmp/alt"
objdump -d -w "$vmlinux" > "$tmp/dis"

awk -v pvops="$pvops" -v list="$list" -v name="$vmlinux" '
function hex(s,   i, c, v) {
	v = 0
	s = tolower(s)
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1)) - 1
		v = v * 16 + c
	}
	return v
}
# Addresses are kept as offsets from 0xffffffff80000000, where the kernel
# code model puts everything: below 2^31, so that awk (whose numbers turn
# into "%.6g" strings as array subscripts once they pass 2^31) keeps them
# exact and distinct.
function koff(s) { return hex(substr(s, length(s) - 7)) - 2147483648 }
function kaddr(o) { return sprintf("ffffffff%08x", o + 2147483648) }
function u32le(b, i) {
	return hex(b[i + 3] b[i + 2] b[i + 1] b[i])
}
function s32le(b, i,   v) {
	v = u32le(b, i)
	return v >= 2147483648 ? v - 4294967296 : v
}

# A NOP GNU as or Linux pads with.
function nop_p(insn) { return insn ~ /^(nop|xchg +%ax,%ax|data16|cs nop|ds nop)/ }
FILENAME == ARGV[1] {		# .parainstructions
	if (FNR == 1) { pbase = koff($0); next }
	pb[np++] = $0
	next
}
FILENAME == ARGV[2] {		# .altinstructions
	if (FNR == 1) { abase = koff($0); next }
	ab[na++] = $0
	next
}
# Disassembly: "ffffffff81000000:\tbytes\tinsn"
/^ffffffff[0-9a-f]+:\t/ {
	split($0, f, "\t")
	a = koff(substr(f[1], 1, length(f[1]) - 1))
	nb = split(f[2], bytes, " ")
	insn = f[3]
	order[ni++] = a
	ilen[a] = nb
	itext[a] = insn
	kind = ""
	if (insn ~ /^call +\*-?0x[0-9a-f]+\(%rip\) +# [0-9a-f]+ <pv_ops(\+0x[0-9a-f]+)?>/) {
		off = insn; sub(/.*<pv_ops/, "", off); sub(/>.*/, "", off)
		off = off == "" ? 0 : hex(substr(off, 4))
		kind = "macro"
	} else if (insn ~ /^(call|jmp) +[0-9a-f]+ <__pvcall\.s\.pv_ops\.[0-9]+\./) {
		off = insn; sub(/.*<__pvcall\.s\.pv_ops\./, "", off); sub(/\..*/, "", off)
		off = off + 0
		kind = insn ~ /^jmp/ ? "jump" : "plugin"
	}
	if (kind != "") {
		site[a] = kind
		siteoff[a] = off
	}
	next
}
END {
	nrec = np / 16
	for (i = 0; i < nrec; i++) {
		addr = pb[16 * i + 7] pb[16 * i + 6] pb[16 * i + 5] pb[16 * i + 4] \
		       pb[16 * i + 3] pb[16 * i + 2] pb[16 * i + 1] pb[16 * i]
		type = hex(pb[16 * i + 8])
		len = hex(pb[16 * i + 9])
		if (substr(addr, 1, 9) !~ /^ffffffff[89a-f]$/) {
			print "check-sites: record " i ": address " addr " is not kernel text"
			bad++; continue
		}
		a = koff(addr)
		if (!(a in site) || site[a] == "jump") {
			printf "check-sites: record %d: %s is not a pv call (%s)\n", i, addr, \
				(a in itext) ? itext[a] : "not an instruction start"
			bad++; continue
		}
		if (siteoff[a] != type * 8) {
			printf "check-sites: record %d: %s calls through pv_ops+%d, type %d says %d\n", \
				i, addr, siteoff[a], type, type * 8
			bad++
		}
		if (len < ilen[a]) {
			printf "check-sites: record %d: %s: length %d, the call takes %d\n", i, addr, len, ilen[a]
			bad++
		}
		for (p = a + ilen[a]; p < a + len; p += ilen[p]) {
			if (!(p in itext) || !nop_p(itext[p])) {
				printf "check-sites: record %d: %s: byte %d of the site is not padding\n", \
					i, addr, p - a
				bad++
				break
			}
		}
		if (a in recorded) {
			printf "check-sites: record %d: %s has two records\n", i, addr
			bad++
		}
		recorded[a] = 1
		reclen[a] = len
		origin[site[a]]++
	}
	# Replacements at pv sites must fit.
	for (i = 0; i + 12 <= na; i += 12) {
		a = abase + i + s32le(ab, i)
		if (!(a in site) || site[a] == "jump")
			continue
		slen = hex(ab[i + 10]); rlen = hex(ab[i + 11])
		altlen[a] = rlen
		altrepl[a] = abase + i + 4 + s32le(ab, i + 4)
		nalt[site[a]]++
		if (!(a in recorded) || slen != reclen[a] || rlen > slen) {
			printf "check-sites: alternative at %s: site length %d, replacement %d, record %d\n", \
				kaddr(a), slen, rlen, reclen[a]
			bad++
		}
	}
	for (k = 0; k < ni; k++) {
		a = order[k]
		if (!(a in site))
			continue
		if (!(a in recorded)) {
			printf "check-sites: unrecorded %s site at %s: %s\n", site[a], kaddr(a), itext[a]
			unrec++
			unrec_kind[site[a]]++
		} else if (list && site[a] == "plugin") {
			printf "%s %d %d %d %s\n", kaddr(a), siteoff[a] / 8, \
				reclen[a], altlen[a] + 0, (a in altrepl) ? kaddr(altrepl[a]) : "-"
		}
	}
	printf "check-sites: %d plugin sites (%d with a native replacement), %d macro sites (%d)\n", \
		origin["plugin"] + 0, nalt["plugin"] + 0, origin["macro"] + 0, nalt["macro"] + 0
	printf "check-sites: %s: %d records (%d plugin, %d macro), %d unrecorded, %d bad\n", \
		name, nrec, origin["plugin"] + 0, origin["macro"] + 0, unrec + 0, bad + 0
	exit (unrec + bad) ? 1 : 0
}' "$tmp/para" "$tmp/alt" "$tmp/dis"
