#!/bin/sh
# SPDX-License-Identifier: MIT
#
# diff-func.sh NATIVE OTHER FUNCTION... - where a paravirt kernel's
# instructions go: the disassembly of each FUNCTION in OTHER's vmlinux
# against NATIVE's (build directories), as a unified diff of the
# instructions with addresses and jump targets taken out, so that only
# real differences remain.  For OTHER built with pvcall's own patcher the
# text is as compiled, before boot-time patching: each site is still
# `call __pvcall.*' (5 bytes, which the patcher turns into the native
# instruction, or a direct call).  Prints, per function, its instruction
# counts and the diff.
set -eu

nat=$(cd "${1:?usage: diff-func.sh NATIVE OTHER FUNCTION...}" && pwd)
oth=$(cd "${2:?usage: diff-func.sh NATIVE OTHER FUNCTION...}" && pwd)
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# insns KBUILD FUNCTION: the function's instructions, one per line,
# without what only the layout changes: addresses, raw bytes, the numeric
# part of branch targets, rip-relative displacements, per-CPU offsets and
# kernel addresses in immediates.
insns() {
	objdump -d -w --no-show-raw-insn --disassemble="$2" "$1/vmlinux" |
		awk '/\tint3 *$/ { next }
		     /^ *[0-9a-f]+:\t/ { sub(/^ *[0-9a-f]+:\t/, ""); print }' |
		sed -e 's/\(j[a-z]*\|call\) *[0-9a-f]* </\1 </' \
		    -e 's/<\([^>+]*\)+0x[0-9a-f]*>/<\1+...>/' \
		    -e 's/ *# [0-9a-f]* </ # </' -e 's/0x[0-9a-f]*(%rip)/(%rip)/g' \
		    -e 's/%gs:0x[0-9a-f]*/%gs:OFF/g' -e 's/\$0xffffffff[0-9a-f]*/$ADDR/g' \
		    -e 's/[[:space:]]\+/ /g'
}

for f in "$@"; do
	insns "$nat" "$f" > "$tmp/a"
	insns "$oth" "$f" > "$tmp/b"
	echo "#### \`$f\`: native $(wc -l < "$tmp/a") instructions, other $(wc -l < "$tmp/b")"
	echo
	echo '```diff'
	diff -u "$tmp/a" "$tmp/b" | tail -n +3 || true
	echo '```'
	echo
done
