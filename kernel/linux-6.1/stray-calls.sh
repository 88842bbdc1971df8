#!/bin/sh
# SPDX-License-Identifier: MIT
#
# stray-calls.sh IMAGE - the pv calls of a kernel image or module built
# with pvcall's own records that are not patch sites: an indirect call or
# jump through pv_ops outside the plugin's stubs (a pv call the plugin did
# not make a site), or a jump to a stub (a pv call made a tail call).
# Prints one "FUNCTION: INSTRUCTION" line for each; none is right.
set -eu

objdump -d -w --no-show-raw-insn "${1:?usage: stray-calls.sh IMAGE}" | awk '
	/^[0-9a-f]+ <.*>:$/ { fn = $2; next }
	fn ~ /^<__pvcall\./ { next }
	/\*(0x[0-9a-f]+)?\(%rip\).*<pv_ops\+/ || /\tjmp +[0-9a-f]+ <__pvcall\./ {
		print fn " " $0
	}'
