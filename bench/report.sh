#!/bin/sh
# report.sh - run every benchmark and write bench/report.md with its plots
# (bench/around.png, bench/throughput.png).  Run by `make bench'.
#
#	CC=gcc-12 BUILD=build-gcc-12 [CC11=gcc-11 BUILD11=build-gcc-11] sh bench/report.sh
#
# Needs valgrind, gnuplot (Debian: gnuplot-nox) and, for the compile-time
# medians, hyperfine (else repeated runs timed with date).
set -eu
: "${CC:=gcc-12}" "${BUILD:?build directory}"
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$BUILD" && pwd)
inc=$(cd "$here/../include" && pwd)
work=$(mktemp -d)
report="$here/report.md"
KFLAGS="-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3
 -mgeneral-regs-only -mskip-rax-setup -fno-asynchronous-unwind-tables"

echo "report.sh: code around sites"
CC=$CC PLUGIN="$build/pvcall.so" OUT="$work/around" sh "$here/around-sites.sh" > "$work/around.txt"
# gcc-11's table too, when its build directory sits next to this one.
if [ -z "${BUILD11:-}" ] && [ "$CC" != gcc-11 ] && [ -f "$build/../build-gcc-11/pvcall.so" ]; then
	BUILD11="$build/../build-gcc-11"
fi
if [ -n "${BUILD11:-}" ]; then
	CC11=${CC11:-gcc-11}
	CC=$CC11 PLUGIN="$(cd "$BUILD11" && pwd)/pvcall.so" OUT="$work/around11" \
		sh "$here/around-sites.sh" > "$work/around11.txt"
fi
echo "report.sh: run time (callgrind)"
CC=$CC BUILD="$build" OUT="$work/runtime" sh "$here/runtime.sh" > "$work/runtime.txt"

echo "report.sh: patcher throughput"
$CC -O2 -I"$inc" "$here/runtime-bench.c" "$build/libpvcall.a" -o "$work/bench-rate"
: > "$work/rate.dat"
for n in 1000 10000 100000 1000000; do
	best=0
	for r in 1 2 3 4 5; do
		s=$("$work/bench-rate" rate $n | sed -n 's/.*: \([0-9]*\) sites\/s/\1/p')
		[ "$s" -gt "$best" ] && best=$s
	done
	echo "$n $best" >> "$work/rate.dat"
done

echo "report.sh: metadata and compile time"
sh "$here/gen-corpus.sh" pv 2000 > "$work/pv.c"
sh "$here/gen-corpus.sh" plain 2000 > "$work/plain.c"
$CC $KFLAGS -I"$inc" -fplugin="$build/pvcall.so" -c "$work/pv.c" -o "$work/pv-any.o"
$CC $KFLAGS -I"$inc" -fplugin="$build/pvcall.so" -fplugin-arg-pvcall-regs=abi \
	-c "$work/pv.c" -o "$work/pv-abi.o"
meta_any=$("$build/pvcall-sites" --quiet "$work/pv-any.o" | head -1 | sed 's|^[^:]*: ||')
meta_abi=$("$build/pvcall-sites" --quiet "$work/pv-abi.o" | head -1 | sed 's|^[^:]*: ||')

# median CMD...: median wall time of 7 runs, in milliseconds.
median() {
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N --runs 7 --export-json "$work/hf.json" "$*" >/dev/null 2>&1
		sed -n 's/.*"median": *\([0-9.e-]*\).*/\1/p' "$work/hf.json" | head -1 |
			awk '{ printf "%.1f", $1 * 1000 }'
	else
		for r in 1 2 3 4 5 6 7; do
			a=$(date +%s%N); "$@" >/dev/null 2>&1; b=$(date +%s%N)
			echo $(( (b - a) / 1000 ))
		done | sort -n | sed -n 4p | awk '{ printf "%.1f", $1 / 1000 }'
	fi
}
# cpu_median CMD...: median user + sys CPU seconds of 3 runs, for the long
# compiles, where wall time would also count whatever else runs.
# (The shell's own `times`, whose second line is its children's.)
cpu_median() {
	for r in 1 2 3; do
		sh -c '"$@" >/dev/null 2>&1; times' sh "$@" | sed -n 2p |
			awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m");
				t += p[1] * 60 + p[2] } printf "%.2f\n", t }'
	done | sort -n | sed -n 2p
}
ct_plain_off=$(median $CC $KFLAGS -I"$inc" -c "$work/plain.c" -o /dev/null)
ct_plain_on=$(median $CC $KFLAGS -I"$inc" -fplugin="$build/pvcall.so" -c "$work/plain.c" -o /dev/null)
ct_pv_off=$(median $CC $KFLAGS -I"$inc" -c "$work/pv.c" -o /dev/null)
ct_pv_on=$(median $CC $KFLAGS -I"$inc" -fplugin="$build/pvcall.so" -c "$work/pv.c" -o /dev/null)
# The plugin's registries at scale: 16,000 distinct ops in one unit, to an
# object and to assembly only (the compiler proper, without the assembler).
sh "$here/gen-corpus.sh" ops 16000 > "$work/ops.c"
ct_ops_off=$(cpu_median $CC $KFLAGS -I"$inc" -c "$work/ops.c" -o "$work/ops.o")
ct_ops_on=$(cpu_median $CC $KFLAGS -I"$inc" -fplugin="$build/pvcall.so" -c "$work/ops.c" -o "$work/ops.o")
ct_ops_s_off=$(cpu_median $CC $KFLAGS -I"$inc" -S "$work/ops.c" -o "$work/ops.s")
ct_ops_s_on=$(cpu_median $CC $KFLAGS -I"$inc" -fplugin="$build/pvcall.so" -S "$work/ops.c" -o "$work/ops.s")

# ratio_row LABEL WITHOUT WITH UNIT: a table row, the two times and their ratio.
ratio_row() {
	awk -v l="$1" -v a="$2" -v b="$3" -v u="$4" \
		'BEGIN { printf "| %s | %s %s | %s %s | %.3f |\n", l, a, u, b, u, b / a }'
}

echo "report.sh: plots"
awk -F'\t' '{ v[$1, $2] = $3; f[$1] = 1 } END {
	for (x in f) printf "%s %.3f %.3f %.3f\n", x, v[x, "linux"] / v[x, "native"],
		v[x, "abi"] / v[x, "native"], v[x, "any"] / v[x, "native"] }' \
	"$work/around/around.tsv" | sort > "$work/ratios.dat"
if command -v gnuplot >/dev/null 2>&1; then
	gnuplot <<GP
set terminal png size 900,460 noenhanced
set output "$here/around.png"
set title "Instructions around pv sites, relative to native (bench/corpus.c, $CC, kernel flags)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [0:*]
set ylabel "ratio to native"
set xtics rotate by -30
set key outside bottom center horizontal
plot "$work/ratios.dat" using 2:xtic(1) title "Linux 6.1 PVOP macros", \
     "" using 3 title "pvcall, ABI registers", \
     "" using 4 title "pvcall, register-agnostic", 1 with lines lt -1 notitle
GP
	gnuplot <<GP
set terminal png size 700,400 noenhanced
set output "$here/throughput.png"
set title "Patcher throughput (synthetic tables, inline template)"
set logscale x
set xlabel "sites in the table"
set ylabel "million sites per second"
set yrange [0:*]
plot "$work/rate.dat" using 1:(\$2/1e6) with linespoints title "$CC -O2"
GP
fi

echo "report.sh: writing $report"
{
	echo "# pvcall benchmark report"
	echo
	echo "Generated by \`make bench\` (bench/report.sh) on $(date -u +%Y-%m-%d) with"
	echo "$($CC --version | head -1).  Instruction counts are deterministic"
	echo "(static counts from the assembly, or valgrind --tool=callgrind); times"
	echo "are medians."
	echo
	echo "## 1. Code around the sites"
	echo
	echo "bench/corpus.c, nine kernel-like hot paths, built with Linux's x86-64"
	echo "kernel flags five ways from one source: native inline instructions,"
	echo "Linux 6.1-style PVOP macros (pinned to rdi/rsi/rax, callee-save ops"
	echo "clobbering rax only, with .parainstructions records), plain C calls,"
	echo "pvcall with ABI registers (regs=abi) and pvcall register-agnostic"
	echo "(regs=any, the kernel default).  Instructions exclude the sites"
	echo "themselves (the native op's own instructions; the call otherwise)."
	echo
	echo '```'
	cat "$work/around.txt"
	echo '```'
	echo
	echo "Per function: bytes of the whole function, push/pop, and other stack"
	echo "memory accesses:"
	echo
	echo "| function | variant | insns | bytes | push/pop | stack mem |"
	echo "|---|---|---|---|---|---|"
	sort "$work/around/around.tsv" | awk -F'\t' '{ printf "| %s | %s | %d | %d | %d | %d |\n", $1, $2, $3, $4, $5, $6 }'
	echo
	echo "![ratios](around.png)"
	echo
	echo "Register-agnostic pvcall matches native on every function but"
	echo "change_prot (one move more: the stub's output register is chosen"
	echo "before the loop's induction variable), and is never worse than the"
	echo "Linux macros.  pvcall with ABI registers is never worse than the"
	echo "Linux macros either; where they tie (walk_ptes, irq_restore_mix,"
	echo "change_prot) both pay the same moves into rdi and out of rax, which"
	echo "only register-agnostic sites remove."
	if [ -f "$work/around11.txt" ]; then
		echo
		echo "The same with $CC11:"
		echo
		echo '```'
		cat "$work/around11.txt"
		echo '```'
	fi
	echo
	echo "## 2. Run time (callgrind, user space)"
	echo
	echo "bench/runtime-bench.c: a loop of save_fl and pte_val per iteration;"
	echo "privileged ops are replaced by user-safe stand-ins (pushf;pop is"
	echo "user-safe, pte_val is the identity).  Patched sites keep their NOP"
	echo "padding, which callgrind counts as one instruction per site."
	echo
	echo '```'
	cat "$work/runtime.txt"
	echo '```'
	echo
	echo "Goals.  *Patched inline within 2% of native*: not met in these counts,"
	echo "and only because of padding: a 5-byte site whose template is shorter"
	echo "keeps one NOP, which callgrind counts as an instruction (two per"
	echo "iteration here: 17 against 15 with register-agnostic sites, exactly"
	echo "native without the NOPs).  A NOP costs a decode slot, no execution"
	echo "unit.  Closing it would take sites as long as their templates, or"
	echo "templates that absorb a neighbouring instruction.  *Unpatched no"
	echo "worse than plain C calls*: an unpatched ABI site pays one instruction"
	echo "more per call than a plain indirect call (the stub's jmp; 25 against"
	echo "23), while its callers save the spills a plain call forces (section"
	echo "1).  Patching to direct calls removes the jmp (23).  Unpatched"
	echo "register-agnostic stubs in user space also realign the stack to 16"
	echo "bytes; kernel stubs (8-byte boundary) do not."
	echo
	echo "## 3. Compile time"
	echo
	echo "Median of 7 runs of $CC with kernel flags on 2,000 generated functions"
	echo "(bench/gen-corpus.sh), without and with -fplugin=pvcall:"
	echo
	echo "| corpus | without | with plugin | ratio |"
	echo "|---|---|---|---|"
	ratio_row "no pv calls" "$ct_plain_off" "$ct_plain_on" ms
	ratio_row "dense pv calls" "$ct_pv_off" "$ct_pv_on" ms
	echo
	echo "16,000 distinct ops in one unit (bench/gen-corpus.sh ops), each called"
	echo "once: median user + sys CPU seconds of 3 runs, to an object and to"
	echo "assembly only (-S, the compiler proper).  Each op brings a stub, an op"
	echo "descriptor and a class, each a COMDAT group of its own."
	echo
	echo "| 16,000 ops | without | with plugin | ratio |"
	echo "|---|---|---|---|"
	ratio_row "to an object (-c)" "$ct_ops_off" "$ct_ops_on" s
	ratio_row "to assembly (-S)" "$ct_ops_s_off" "$ct_ops_s_on" s
	echo
	echo "## 4. Patcher throughput"
	echo
	echo "| sites | sites per second (best of 5) |"
	echo "|---|---|"
	awk '{ printf "| %d | %d |\n", $1, $2 }' "$work/rate.dat"
	echo
	echo "![throughput](throughput.png)"
	echo
	echo "## 5. Metadata"
	echo
	echo "The dense corpus with kernel flags (pvcall-sites --quiet):"
	echo
	echo '```'
	echo "regs=any: $meta_any"
	echo "regs=abi: $meta_abi"
	echo '```'
	echo
	echo "Records are 8 bytes per site; classes (16 bytes) and ops (16 bytes"
	echo "plus the name) are shared.  Linux 6.1 uses 16 bytes per site."
} > "$report"
rm -rf "$work"
echo "report.sh: done"
