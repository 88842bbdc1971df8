#!/bin/sh
# SPDX-License-Identifier: MIT
#
# compare.sh STOCK PVCALL [NATIVE] - compare Linux 6.1 builds of the same
# configuration: STOCK with the PVOP macros, PVCALL with the overlay and
# the plugin, and optionally NATIVE, the same configuration without
# PARAVIRT (build trees, each with vmlinux).  Writes Markdown to stdout:
#
#   - pv sites by origin (check-sites.sh);
#   - text, data and bss sizes (size(1));
#   - code around the irq sites: for the functions with the most irq op
#     sites (save_fl, irq_disable, irq_enable) in both STOCK and PVCALL,
#     their instructions, push/pop instructions and stack accesses, with
#     the NATIVE function alongside where it exists.  Counts are static:
#     instructions in the image, before boot-time patching.
set -eu

stock=$(cd "${1:?usage: compare.sh STOCK PVCALL [NATIVE]}" && pwd)
pv=$(cd "${2:?usage: compare.sh STOCK PVCALL [NATIVE]}" && pwd)
native=${3:+$(cd "$3" && pwd)}
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
	function flush() {
		if (fn != "")
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
		} else if (insn ~ /<__pvcall\.s\.pv_ops\.[0-9]+\./) {
			off = insn; sub(/.*<__pvcall\.s\.pv_ops\./, "", off); sub(/\..*/, "", off)
			if (irq[off]) sites++
		}
	}
	END { flush() }'
}

functions "$stock" > "$tmp/stock"
functions "$pv" > "$tmp/pv"
if [ -n "$native" ]; then
	functions "$native" > "$tmp/native"
else
	: > "$tmp/native"
fi

echo "## Linux 6.1: stock PVOP macros and pvcall"
echo
echo "Same configuration (tinyconfig + XEN_PV, PARAVIRT_XXL), gcc $("${CC:-gcc}" -dumpfullversion);"
echo "pvcall: kernel/linux-6.1/apply.sh, CONFIG_GCC_PLUGIN_PVCALL."
echo
echo "| | stock | pvcall |"
echo "| --- | --- | --- |"
sh "$here/check-sites.sh" "$stock/vmlinux" > "$tmp/cs.stock" || true
# PVCALL's was run with --list above; its last two lines are the summary.
cp "$tmp/list" "$tmp/cs.pv"
row() {	# label sed-expression
	a=$(tail -2 "$tmp/cs.stock" | sed -n "$2")
	b=$(tail -2 "$tmp/cs.pv" | sed -n "$2")
	echo "| $1 | $a | $b |"
}
row "pv call sites with a record" 's/.*: \([0-9]*\) records.*/\1/p'
row "... from PVOP macros" 's/.*records ([0-9]* plugin, \([0-9]*\) macro).*/\1/p'
row "... from the plugin" 's/.*records (\([0-9]*\) plugin.*/\1/p'
row "... with a native replacement" 's/.* (\([0-9]*\) with a native.* sites (\([0-9]*\))$/\1, \2/p'
row "calls through pv_ops without a record" 's/.*, \([0-9]*\) unrecorded.*/\1/p'
row "bad records" 's/.*unrecorded, \([0-9]*\) bad/\1/p'
echo
echo "(\"with a native replacement\": plugin, macro.)"
echo
size "$stock/vmlinux" "$pv/vmlinux" ${native:+"$native/vmlinux"} | awk -v stock="$stock" '
	NR == 1 { next }
	{ t[NR] = $1; d[NR] = $2; b[NR] = $3 }
	END {
		nat = (NR > 3)
		print "| size (bytes) | stock | pvcall | pvcall / stock |" (nat ? " native |" : "")
		print "| --- | --- | --- | --- |" (nat ? " --- |" : "")
		printf "| text | %d | %d | %.4f |%s\n", t[2], t[3], t[3] / t[2], (nat ? " " t[4] " |" : "")
		printf "| data | %d | %d | %.4f |%s\n", d[2], d[3], d[3] / d[2], (nat ? " " d[4] " |" : "")
		printf "| bss | %d | %d | %.4f |%s\n", b[2], b[3], b[3] / b[2], (nat ? " " b[4] " |" : "")
	}'
echo
echo "Functions with the most irq op sites (save_fl, irq_disable, irq_enable) in"
echo "both builds: instructions / push+pop / other stack accesses (static)."
echo
echo "| function | irq sites | stock | pvcall |$([ -n "$native" ] && echo " native |")"
echo "| --- | --- | --- | --- |$([ -n "$native" ] && echo " --- |")"
awk 'FILENAME == ARGV[1] { s[$1] = $0; next }
     FILENAME == ARGV[2] { nat[$1] = $2 " / " $3 " / " $4; next }
     $5 > 0 && ($1 in s) { split(s[$1], a, " "); if (a[5] > 0) print $5, $0, a[2], a[3], a[4], ($1 in nat) ? nat[$1] : "" }' \
	"$tmp/stock" "$tmp/native" "$tmp/pv" | sort -k1,1nr -k2,2 | head -12 |
	while read -r n name insns pp st sites si spp sst nat; do
		line="| \`$name\` | $n | $si / $spp / $sst | $insns / $pp / $st |"
		[ -n "$native" ] && line="$line ${nat:--} |"
		echo "$line"
	done
awk 'FILENAME == ARGV[1] { if ($5 > 0) { n++; i += $2; p += $3; s += $4 } next }
     { if ($5 > 0) { m++; j += $2; q += $3; t += $4 } }
     END { printf "\nAll functions with irq sites: stock %d functions, %d instructions, %d push/pop, %d stack accesses; pvcall %d functions, %d instructions, %d push/pop, %d stack accesses (%.4f of stock instructions).\n", n, i, p, s, m, j, q, t, j / i }' \
	"$tmp/stock" "$tmp/pv"
