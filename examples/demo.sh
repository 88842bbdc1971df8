#!/bin/sh
# demo.sh - driver for `make demo' (see Makefile.am).
#
# Builds examples/demo.c with $CC -O2 plain and with the pvcall plugin,
# compiles its native variant (inline pushf/cli/sti, -DDEMO_NATIVE) for
# reference, compares the generated code of irq_save_mix() and runs the
# plain and pvcall programs.  Environment (set by the Makefile):
#   CC          the target GCC
#   PLUGIN      absolute path of the built pvcall.so
#   INCLUDEDIR  directory holding pvcall.h
#   EXAMPLES    directory holding demo.c and demo-impl.c
#   OUT         output directory (created)

set -u
: "${CC:=gcc}" "${PLUGIN:?}" "${INCLUDEDIR:?}" "${EXAMPLES:?}" "${OUT:?}"

FUNC=irq_save_mix
CFLAGS="-O2 -I$INCLUDEDIR"

fail() { echo "demo: $*" >&2; exit 1; }
run() { echo "  $*"; "$@" || fail "command failed: $*"; }

mkdir -p "$OUT" || fail "cannot create $OUT"
cd "$OUT" || fail "cannot cd to $OUT"

echo "== Building examples/demo.c with $CC -O2: plain, with the plugin, and native"
# The pv-op implementations must preserve all registers the call sites
# keep live: no_caller_saved_registers, general registers only.
run $CC -O2 -mgeneral-regs-only -c "$EXAMPLES/demo-impl.c" -o demo-impl.o
run $CC $CFLAGS -S "$EXAMPLES/demo.c" -o demo-plain.s
run $CC $CFLAGS "$EXAMPLES/demo.c" demo-impl.o -o demo-plain
run $CC $CFLAGS -fplugin="$PLUGIN" -S "$EXAMPLES/demo.c" -o demo-pvcall.s
run $CC $CFLAGS -fplugin="$PLUGIN" "$EXAMPLES/demo.c" demo-impl.o -o demo-pvcall
run $CC $CFLAGS -DDEMO_NATIVE -S "$EXAMPLES/demo.c" -o demo-native.s

# Print the body of $FUNC from an assembly file: from its label to its
# .size directive (or the end of the file).
body() {
	sed -n "/^$FUNC:/,/^[[:space:]]*\.size[[:space:]]*$FUNC,/p" "$1"
}
# Instructions are indented lines that do not start with a '.' directive.
count_insns() { body "$1" | grep -Ec '^[[:space:]]+[a-z]' ; }
# Saves and restores of callee-saved registers (not the native pushf; pop).
count_pushpop() {
	body "$1" | grep -Ec '^[[:space:]]+(push|pop)q?[[:space:]]+%(rbx|rbp|r1[2-5])'
}

plain_insns=`count_insns demo-plain.s`
plain_pp=`count_pushpop demo-plain.s`
pv_insns=`count_insns demo-pvcall.s`
pv_pp=`count_pushpop demo-pvcall.s`
native_insns=`count_insns demo-native.s`
native_pp=`count_pushpop demo-native.s`
[ "$plain_insns" -gt 0 ] && [ "$pv_insns" -gt 0 ] && [ "$native_insns" -gt 0 ] ||
	fail "could not find $FUNC in the generated assembly ($OUT/demo-*.s)"

echo
echo "== Code generated for $FUNC() (six values live across pv_ops.irq_disable())"
printf '  %-22s %6s instructions, %3s push/pop of callee-saved registers\n' "plain calls:" "$plain_insns" "$plain_pp"
printf '  %-22s %6s instructions, %3s push/pop of callee-saved registers\n' "with -fplugin=pvcall:" "$pv_insns" "$pv_pp"
printf '  %-22s %6s instructions, %3s push/pop of callee-saved registers\n' "native pushf/cli/sti:" "$native_insns" "$native_pp"
echo "  (full listings: $OUT/demo-plain.s, demo-pvcall.s and demo-native.s)"

echo
echo "== Running the plain build"
./demo-plain > demo-plain.out || fail "demo-plain exited with status $?"
cat demo-plain.out
echo "== Running the pvcall build"
./demo-pvcall > demo-pvcall.out || fail "demo-pvcall exited with status $?"
cat demo-pvcall.out

echo
echo "== What happened"
if grep -q 'built with the pvcall plugin' demo-pvcall.out; then :; else
	echo "  The plugin did not define __PVCALL__, so <pvcall.h> expanded __pvcall"
	echo "  to nothing and both builds are plain C calls.  Is $PLUGIN the real plugin?"
fi
if [ "$pv_pp" -lt "$plain_pp" ]; then
	echo "  Without the plugin, a call through pv_ops may clobber every caller-saved"
	echo "  register, so GCC keeps the six live values in callee-saved registers and"
	echo "  must save/restore those: $plain_pp push/pop in $FUNC()."
	echo "  With __pvcall the call only clobbers the return registers and the flags,"
	echo "  so the values stay in caller-saved registers across the call:"
	echo "  $pv_pp push/pop, $plain_insns -> $pv_insns instructions, against $native_insns for the"
	echo "  native kernel's inline pushf/cli/sti.  The callee pays"
	echo "  instead, and only for the registers it actually uses"
	echo "  (no_caller_saved_registers in examples/demo-impl.c)."
else
	echo "  The plugin did not reduce the push/pop count of $FUNC()"
	echo "  ($plain_pp plain vs $pv_pp with the plugin); compare the two .s files."
fi
# Lines 1-2 are the checksum and the call counts; line 3 names the build.
if [ "`sed -n 1,2p demo-plain.out`" = "`sed -n 1,2p demo-pvcall.out`" ]; then
	echo "  Both builds computed the same checksum and made the same pv_ops calls."
else
	fail "the two builds computed different results"
fi
