#!/bin/sh
# SPDX-License-Identifier: MIT
#
# stray-calls.sh IMAGE - the pv calls of a kernel image or module built
# with pvcall's own records that are not patch sites, outside the
# plugin's stubs:
#   - an indirect call or jump through a pv_ops slot in memory;
#   - a load from pv_ops into a register that a later indirect call or
#     jump of the same function goes through, directly or by a retpoline
#     thunk (__x86_indirect_thunk_REG), as a kernel with retpolines
#     compiles an indirect call;
#   - a jump to a stub (a pv call made a tail call).
# In a module (a relocatable file) the operands are relocations, which
# objdump -r prints on the instruction's line: the symbol a relocation
# names is the target, not the address objdump guesses from the zero
# displacement.  Prints one "FUNCTION INSTRUCTION" line for each; none is
# right.
set -eu

objdump -d -r -w --no-show-raw-insn "${1:?usage: stray-calls.sh IMAGE}" | awk '
	function target(line,    m) {
		if (match(line, /R_X86_64_(PLT32|PC32)[ \t]+[^ \t]+/)) {
			m = substr(line, RSTART, RLENGTH)
			sub(/^R_X86_64_(PLT32|PC32)[ \t]+/, "", m)
			return m
		}
		if (match(line, /<[^>]+>/))
			return substr(line, RSTART + 1, RLENGTH - 2)
		return ""
	}
	# The register of a retpoline thunk: by name, or in an image
	# without relocations by its offset in __x86_indirect_thunk_array
	# (32 bytes per register, in encoding order).
	function thunk_reg(t,    n) {
		sub(/-0x4$/, "", t)
		if (t !~ /^__x86_indirect_thunk_array/) {
			sub(/^__x86_indirect_thunk_/, "", t)
			return t
		}
		n = 0
		if (match(t, /\+0x[0-9a-f]+$/))
			n = hex(substr(t, RSTART + 3))
		return regs[int(n / 32)]
	}
	function hex(s,    i, v) {
		v = 0
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	# The register named in LINE after the text matched by PRE.
	function reg_after(line, pre) {
		sub(pre, "", line)
		sub(/[ \t#].*/, "", line)
		return line
	}
	function stray() { print fn " " $0 }
	BEGIN { split("rax rcx rdx rbx rsp rbp rsi rdi r8 r9 r10 r11 r12 r13 r14 r15", r16)
		for (i = 1; i <= 16; i++) regs[i - 1] = r16[i] }
	/^[0-9a-f]+ <.*>:$/ { fn = $2; split("", pv); next }
	fn ~ /^<__pvcall\./ { next }
	/\t(call|jmp) +\*/ && /pv_ops[+>]|pv_ops$/ { stray(); next }
	/\tmov +(0x[0-9a-f]+)?\(%rip\),%r[a-z0-9]+/ && /pv_ops/ {
		pv[reg_after($0, ".*\\(%rip\\),%")] = 1
		next
	}
	/\t(call|jmp) +\*%r[a-z0-9]+/ {
		if (reg_after($0, ".*\\*%") in pv) stray()
		next
	}
	/\t(call|jmp) / {
		t = target($0)
		if (t ~ /^__x86_indirect_thunk_/) {
			r = thunk_reg(t)
			if (r in pv) stray()
		} else if ($0 ~ /\tjmp / && t ~ /^__pvcall\./) {
			stray()
		}
		next
	}
	/,%r[a-z0-9]+$/ || /,%r[a-z0-9]+[ \t]/ {
		delete pv[reg_after($0, ".*,%")]
	}'
