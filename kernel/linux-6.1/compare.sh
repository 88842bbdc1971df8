#!/bin/sh
# SPDX-License-Identifier: MIT
#
# compare.sh STOCK PVCALL [NATIVE [OWN]] - compare Linux 6.1 builds of the
# same configuration: STOCK with the PVOP macros, PVCALL with the plugin
# and the kernel's patcher (Linux's records), optionally NATIVE, the same
# configuration without PARAVIRT, and OWN, the plugin with pvcall's own
# records and patcher (build trees, each with vmlinux; PVCALL_SITES names
# pvcall-sites for OWN).  Writes Markdown to stdout:
#
#   - pv sites by origin (check-sites.sh; pvcall-sites for OWN);
#   - text, data and bss sizes (size(1));
#   - code around the irq sites: for the functions with the most irq op
#     sites (save_fl, irq_disable, irq_enable) in both STOCK and PVCALL,
#     their instructions, push/pop instructions and stack accesses, with
#     the NATIVE and OWN functions alongside where they exist.  Counts are
#     static: instructions in the image, before boot-time patching.
set -eu

stock=$(cd "${1:?usage: compare.sh STOCK PVCALL [NATIVE [OWN]]}" && pwd)
pv=$(cd "${2:?usage: compare.sh STOCK PVCALL [NATIVE [OWN]]}" && pwd)
native=${3:+$(cd "$3" && pwd)}
own=${4:+$(cd "$4" && pwd)}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The irq ops' offsets in pv_ops: the types of PVCALL's sites whose native
# replacement is pushf; pop %rax (save_fl), cli (irq_disable) or sti
# (irq_enable).
sh "$here/check-sites.sh" --list "$pv/vmlinux" > "$tmp/list" || true
irq_offs=
for t in $(awk 'NF == 5 && ($4 == 1 || $4 == 2) && !seen[$2]++ { print $2 ":" $5 ":" $4 }' "$tmp/list"); do
	type=${t%%:*} rest=${t#*:}
	repl=${rest%%:*} rlen=${rest#*:}
	bytes=$(objdump -s -j .altinstr_replacement --start-address=0x$repl \
		--stop-address=0x$(echo $repl | cut -c1-8)$(printf '%08x' $((0x$(echo $repl | cut -c9-16) + rlen))) \
		"$pv/vmlinux" | awk '/^ [0-9a-f]+ / { printf "%s", $2 }')
	case $bytes in
	9c58|fa|fb) irq_offs="$irq_offs $((type * 8))" ;;
	esac
done
[ -n "$irq_offs" ] || { echo "compare.sh: no irq op sites found in $pv/vmlinux" >&2; exit 2; }

# functions TREE: "name insns pushpop stack irqsites" per function.
functions() {
	objdump -d -w --no-show-raw-insn "$1/vmlinux" | awk -v offs="$irq_offs" '
	BEGIN { n = split(offs, o, " "); for (i = 1; i <= n; i++) irq[o[i]] = 1 }
	# The stubs are not code around sites, and with local-stubs each
	# unit has its own copies.
	function flush() {
		if (fn != "" && fn !~ /^__pvcall\./)
			print fn, insns, pp, stack, sites
	}
	/^[0-9a-f]+ <.*>:$/ {
		flush()
		fn = $2; gsub(/[<>:]/, "", fn)
		insns = pp = stack = sites = 0
		next
	}
	/^ *[0-9a-f]+:\t/ {
		insn = $0; sub(/^ *[0-9a-f]+:\t/, "", insn)
		insns++
		if (insn ~ /^(push|pop) /) pp++
		else if (insn ~ /\(%rsp\)|\(%rbp\)/) stack++
		if (insn ~ /<pv_ops\+0x[0-9a-f]+>/) {
			off = insn; sub(/.*<pv_ops\+0x/, "", off); sub(/>.*/, "", off)
			if (irq[sprintf("%d", ("0x" off) + 0)]) sites++
		} else if (insn ~ /<__pvcall\.[sr]\.pv_ops\.[0-9]+\./) {
			off = insn; sub(/.*<__pvcall\.[sr]\.pv_ops\./, "", off); sub(/\..*/, "", off)
			if (irq[off]) sites++
		}
	}
	END { flush() }'
}

functions "$stock" > "$tmp/stock"
functions "$pv" > "$tmp/pv"
for k in native own; do
	eval "dir=\$$k"
	if [ -n "$dir" ]; then
		functions "$dir" > "$tmp/$k"
	else
		: > "$tmp/$k"
	fi
done

echo "### Sites and sizes"
echo
echo "pvcall: the pvcall series (kernel/linux-6.1/patches/), GCC_PLUGIN_PVCALL;"
echo "\"kernel's\": Linux's records and patcher; \"own\": pvcall's records and patcher."
echo
sh "$here/check-sites.sh" "$stock/vmlinux" > "$tmp/cs.stock" || true
# PVCALL's was run with --list above; its last two lines are the summary.
cp "$tmp/list" "$tmp/cs.pv"
# OWN: pvcall-sites' count, and calls through pv_ops outside the stubs.
if [ -n "$own" ]; then
	"${PVCALL_SITES:-pvcall-sites}" --check --quiet "$own/vmlinux" > "$tmp/cs.own" 2>&1 || true
	own_n=$(sed -n 's/.*: \([0-9]*\) sites checked, \([0-9]*\) errors/\1/p' "$tmp/cs.own")
	own_bad=$(sed -n 's/.*: \([0-9]*\) sites checked, \([0-9]*\) errors/\2/p' "$tmp/cs.own")
	own_stray=$(sh "$here/stray-calls.sh" "$own/vmlinux" | wc -l)
fi
ownhead=${own:+" own |"}
ownrule=${own:+" --- |"}
row() {	# label sed-expression own-value
	a=$(tail -2 "$tmp/cs.stock" | sed -n "$2")
	b=$(tail -2 "$tmp/cs.pv" | sed -n "$2")
	echo "| $1 | $a | $b |${own:+ $3 |}"
}
echo "| | stock | pvcall, kernel's |$ownhead"
echo "| --- | --- | --- |$ownrule"
row "pv call sites with a record" 's/.*: \([0-9]*\) records.*/\1/p' "${own_n:-}"
row "... from PVOP macros" 's/.*records ([0-9]* plugin, \([0-9]*\) macro).*/\1/p' 0
row "... from the plugin" 's/.*records (\([0-9]*\) plugin.*/\1/p' "${own_n:-}"
row "... with a native replacement" 's/.* (\([0-9]*\) with a native.* sites (\([0-9]*\))$/\1, \2/p' "(from the slot at boot)"
row "calls through pv_ops without a record" 's/.*, \([0-9]*\) unrecorded.*/\1/p' "${own_stray:-}"
row "bad records" 's/.*unrecorded, \([0-9]*\) bad/\1/p' "${own_bad:-}"
echo
echo "(\"with a native replacement\": plugin, macro.)"
echo
# shellcheck disable=SC2086
size "$stock/vmlinux" "$pv/vmlinux" ${native:+"$native/vmlinux"} ${own:+"$own/vmlinux"} |
	awk -v nat="${native:+1}" -v own="${own:+1}" '
	NR == 1 { next }
	{ t[NR - 1] = $1; d[NR - 1] = $2; b[NR - 1] = $3 }
	function line(name, v,   o) {
		o = sprintf("| %s | %d | %d | %.4f |", name, v[1], v[2], v[2] / v[1])
		if (nat) o = o sprintf(" %d |", v[3])
		if (own) o = o sprintf(" %d | %.4f |", v[4], v[4] / v[1])
		print o
	}
	END {
		print "| size (bytes) | stock | pvcall, kernel'"'"'s | kernel'"'"'s / stock |" (nat ? " native |" : "") (own ? " pvcall, own | own / stock |" : "")
		print "| --- | --- | --- | --- |" (nat ? " --- |" : "") (own ? " --- | --- |" : "")
		line("text", t); line("data", d); line("bss", b)
	}'
echo
echo "### Code around the irq sites (static)"
echo
echo "Functions with the most irq op sites (save_fl, irq_disable, irq_enable) in"
echo "both stock and pvcall: instructions / push+pop / other stack accesses,"
echo "in the image before boot-time patching."
echo
echo "| function | irq sites | stock | pvcall, kernel's |${native:+ native |}${own:+ pvcall, own |}"
echo "| --- | --- | --- | --- |${native:+ --- |}${own:+ --- |}"
awk 'FILENAME == ARGV[1] { s[$1] = $0; next }
     FILENAME == ARGV[2] { nat[$1] = $2 " / " $3 " / " $4; next }
     FILENAME == ARGV[3] { ow[$1] = $2 " / " $3 " / " $4; next }
     $5 > 0 && ($1 in s) { split(s[$1], a, " "); if (a[5] > 0) print $5, $0, a[2], a[3], a[4], ($1 in nat) ? nat[$1] : "-", ($1 in ow) ? ow[$1] : "-" }' \
	"$tmp/stock" "$tmp/native" "$tmp/own" "$tmp/pv" | sort -k1,1nr -k2,2 | head -12 |
	while read -r n name insns pp st sites si spp sst rest; do
		line="| \`$name\` | $n | $si / $spp / $sst | $insns / $pp / $st |"
		nv=$(echo "$rest" | awk '{ if ($1 == "-") print "-"; else print $1 " / " $3 " / " $5 }')
		ov=$(echo "$rest" | awk '{ k = ($1 == "-") ? 2 : 6; if ($k == "-") print "-"; else print $k " / " $(k + 2) " / " $(k + 4) }')
		[ -n "$native" ] && line="$line $nv |"
		[ -n "$own" ] && line="$line $ov |"
		echo "$line"
	done
# totals FILE: functions with irq sites, their instructions, push/pop and
# stack accesses.
totals() {
	awk '$5 > 0 { n++; i += $2; p += $3; s += $4 } END { print n + 0, i + 0, p + 0, s + 0 }' "$1"
}
echo
echo "All functions with irq sites (functions, instructions, push/pop, stack accesses):"
set -- $(totals "$tmp/stock")
echo "stock $1, $2, $3, $4;"
st_i=$2
set -- $(totals "$tmp/pv")
end=.
[ -n "$own" ] && end=";"
echo "pvcall with the kernel's patcher $1, $2, $3, $4 ($(awk -v a="$2" -v b="$st_i" 'BEGIN { printf "%.4f", a / b }') of stock instructions)$end"
if [ -n "$own" ]; then
	set -- $(totals "$tmp/own")
	echo "pvcall with its own patcher $1, $2, $3, $4 ($(awk -v a="$2" -v b="$st_i" 'BEGIN { printf "%.4f", a / b }') of stock instructions)."
fi
