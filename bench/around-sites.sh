#!/bin/sh
# around-sites.sh - the code around pv sites in bench/corpus.c, built five
# ways with Linux's x86-64 kernel flags: instructions per function outside
# the sites themselves, and push/pop counts.
#
#	CC=gcc-12 PLUGIN=build-gcc-12/pvcall.so sh bench/around-sites.sh
#
# A site is the op's own instructions: the native instructions (cli, ...)
# or the Linux macro's call (both marked "# site" in their asm), or the
# call instruction of a plain, pvcall or register-agnostic site.
set -eu
: "${CC:=gcc-12}" "${PLUGIN:?path of pvcall.so}"
here=$(cd "$(dirname "$0")" && pwd)
inc=$(cd "$here/../include" && pwd)
out=${OUT:-$(mktemp -d)}
KFLAGS="-O2 -fno-pic -mno-red-zone -mcmodel=kernel -mpreferred-stack-boundary=3
 -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx -mno-80387 -mno-fp-ret-in-387
 -mskip-rax-setup -fno-asynchronous-unwind-tables"

build() {	# name flags...
	name=$1; shift
	$CC $KFLAGS -I"$inc" "$@" -S "$here/corpus.c" -o "$out/$name.s"
}
build native -DCORPUS_NATIVE
build linux -DCORPUS_LINUX
build plain
build abi -fplugin="$PLUGIN" -fplugin-arg-pvcall-regs=abi
build any -fplugin="$PLUGIN" -fplugin-arg-pvcall-regs=any

# count FILE: "function outside-insns pushpop" for each function.
count() {
	awk '
	/^[A-Za-z_][A-Za-z0-9_]*:$/ { fn = substr($0, 1, length($0) - 1); insite = 0; next }
	/^\t\.size\t/ { if (fn != "" && fn !~ /^__pvcall/) print fn, total - site, pp + 0; fn = ""; total = site = pp = 0; next }
	fn == "" { next }
	/^\t# site/ { insite = 1; next }
	/^#/ { insite = 0; next }
	/^\t[a-z]/ {
		total++
		if (insite) site++
		else if ($0 ~ /^\tcall\t(__pvcall\.|\*pv_ops|\*%r)/) site++
		if (!insite && $0 ~ /^\t(push|pop)q?\t%/) pp++
	}' "$1"
}

for v in native linux plain abi any; do
	count "$out/$v.s" | sort > "$out/$v.count"
done

printf '%-18s %7s %7s %7s %7s %7s   %s\n' function native linux plain pvcall any "push/pop (native linux plain pvcall any)"
join "$out/native.count" "$out/linux.count" | join - "$out/plain.count" |
	join - "$out/abi.count" | join - "$out/any.count" |
	awk '{ printf "%-18s %7d %7d %7d %7d %7d   %d %d %d %d %d\n", $1, $2, $4, $6, $8, $10, $3, $5, $7, $9, $11
	       n += $2; l += $4; p += $6; a += $8; y += $10 }
	END { printf "%-18s %7d %7d %7d %7d %7d\n", "total", n, l, p, a, y
	      printf "%-18s %7.3f %7.3f %7.3f %7.3f %7.3f\n", "ratio to native", 1, l / n, p / n, a / n, y / n }'
