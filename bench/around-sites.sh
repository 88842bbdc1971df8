#!/bin/sh
# around-sites.sh - the code around pv sites in bench/corpus.c, built five
# ways with Linux's x86-64 kernel flags: per function, the instructions
# outside the sites themselves, the function's bytes, its push/pop count
# and its other stack memory accesses.
#
#	CC=gcc-12 PLUGIN=build-gcc-12/pvcall.so [OUT=dir] sh bench/around-sites.sh
#
# A site is the op's own instructions: the native instructions (cli, ...)
# or the Linux macro's call (both marked "# site" in their asm), or the
# call instruction of a plain, pvcall or register-agnostic site.  Writes
# OUT/around.tsv (function, variant, insns, bytes, pushpop, stackmem) and
# prints a table.
set -eu
: "${CC:=gcc-12}" "${PLUGIN:?path of pvcall.so}"
here=$(cd "$(dirname "$0")" && pwd)
inc=$(cd "$here/../include" && pwd)
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
KFLAGS="-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3
 -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx -mno-80387 -mno-fp-ret-in-387
 -mskip-rax-setup -fno-asynchronous-unwind-tables"
VARIANTS="native linux plain abi any"

build() {	# name flags...
	name=$1; shift
	$CC $KFLAGS -I"$inc" "$@" -S "$here/corpus.c" -o "$out/$name.s"
	$CC $KFLAGS -I"$inc" "$@" -c "$here/corpus.c" -o "$out/$name.o"
}
build native -DCORPUS_NATIVE
build linux -DCORPUS_LINUX
build plain
build abi -fplugin="$PLUGIN" -fplugin-arg-pvcall-regs=abi
build any -fplugin="$PLUGIN" -fplugin-arg-pvcall-regs=any

# count FILE.s: "function insns pushpop stackmem", outside the sites.
count() {
	awk '
	/^[A-Za-z_][A-Za-z0-9_]*:$/ { fn = substr($0, 1, length($0) - 1); insite = 0; next }
	/^\t\.size\t/ {
		if (fn != "" && fn !~ /^__pvcall/)
			print fn, total - site, pp + 0, mem + 0
		fn = ""; total = site = pp = mem = 0; next
	}
	fn == "" { next }
	/^\t# site/ { insite = 1; next }
	/^#/ { insite = 0; next }
	/^\t[a-z]/ {
		total++
		if (insite) { site++; next }
		if ($0 ~ /^\tcall\t(__pvcall\.|\*pv_ops|\*%r)/) { site++; next }
		if ($0 ~ /^\t(push|pop)q?\t%/) pp++
		else if ($0 ~ /\(%rsp\)|\(%rbp\)/) mem++
	}' "$1"
}

: > "$out/around.tsv"
for v in $VARIANTS; do
	count "$out/$v.s" | sort > "$out/$v.count"
	nm -S -t d "$out/$v.o" |
		awk '$3 ~ /^[Tt]$/ && $4 !~ /^__pvcall/ { print $4, $2 + 0 }' |
		sort > "$out/$v.bytes"
	join "$out/$v.count" "$out/$v.bytes" |
		awk -v v="$v" '{ printf "%s\t%s\t%d\t%d\t%d\t%d\n", $1, v, $2, $5, $3, $4 }' \
		>> "$out/around.tsv"
done

printf '%-18s %7s %7s %7s %7s %7s   %s\n' function native linux plain pvcall any "push/pop (native linux plain pvcall any)"
awk -F'\t' '
	{ insn[$1, $2] = $3; pp[$1, $2] = $5; fns[$1] = 1 }
	END {
		n = split("native linux plain abi any", v, " ")
		for (f in fns) {
			printf "%-18s", f
			for (i = 1; i <= n; i++) printf " %7d", insn[f, v[i]]
			printf "  "
			for (i = 1; i <= n; i++) printf " %d", pp[f, v[i]]
			printf "\n"
		}
	}' "$out/around.tsv" | sort
awk -F'\t' '
	{ tot[$2] += $3 }
	END {
		n = split("native linux plain abi any", v, " ")
		printf "%-18s", "total"
		for (i = 1; i <= n; i++) printf " %7d", tot[v[i]]
		printf "\n%-18s", "ratio to native"
		for (i = 1; i <= n; i++) printf " %7.3f", tot[v[i]] / tot["native"]
		printf "\n"
	}' "$out/around.tsv"
