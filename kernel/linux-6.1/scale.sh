#!/bin/sh
# SPDX-License-Identifier: MIT
#
# scale.sh BUILDDIR CC - pvcall's own patcher beyond tinyconfig (make
# bench-linux-defconfig): x86_64_defconfig plus a Xen PV guest
# (XEN_PV, PARAVIRT_SPINLOCKS), built from one tree of
# /usr/src/linux-source-6.1.tar.xz with the pvcall series, in
# BUILDDIR/linux-6.1-defconfig:
#
#   own    GCC_PLUGIN_PVCALL with pvcall's own patcher: bzImage and modules,
#          no warning allowed; every call through pv_ops a recorded site
#          (pvcall-sites --check, and no call through pv_ops outside the
#          stubs); booted under QEMU to the workload (measure.sh), with
#          the patcher's boot-log line;
#   stock  the same configuration without the plugin, for the build time.
#
# Each build's CPU time is user + sys of make -jJOBS bzImage modules from
# a clean output directory.  Writes Markdown to stdout; exits non-zero if
# a check fails (after writing what it found).
set -eu

b=$(cd "${1:?usage: scale.sh BUILDDIR CC}" && pwd)
cc=${2:?usage: scale.sh BUILDDIR CC}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=kernel/linux-6.1/reproducible.sh
. "$here/reproducible.sh"
tarball=${LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
jobs=${JOBS:-$(nproc)}
d=$b/linux-6.1-defconfig
src=$d/src
status=0

# configure KIND: x86_64_defconfig + XEN_PV (+ the plugin for own).
configure() {
	kb=$d/$1
	rm -rf "$kb"
	mkdir -p "$kb"
	make -C "$src" O="$kb" -s CC="$cc" x86_64_defconfig >/dev/null
	opts="-e HYPERVISOR_GUEST -e PARAVIRT -e XEN -e XEN_PV -e PARAVIRT_SPINLOCKS"
	[ "$1" = own ] && opts="$opts -e GCC_PLUGINS -e GCC_PLUGIN_PVCALL -e GCC_PLUGIN_PVCALL_PATCHER"
	# shellcheck disable=SC2086
	"$src/scripts/config" --file "$kb/.config" $opts
	make -C "$src" O="$kb" -s CC="$cc" olddefconfig >/dev/null
	want="XEN_PV PARAVIRT_XXL PARAVIRT_SPINLOCKS"
	[ "$1" = own ] && want="$want GCC_PLUGIN_PVCALL_PATCHER"
	for opt in $want; do
		grep -q "^CONFIG_$opt=y" "$kb/.config" ||
			{ echo "scale.sh: CONFIG_$opt is not set in $kb" >&2; exit 1; }
	done
}

# build KIND: make bzImage modules into $d/KIND, CPU seconds in cpu-seconds.
build() {
	kb=$d/$1
	/usr/bin/time -f "%U %S" -o "$kb/time" \
		make -C "$src" O="$kb" -j"$jobs" CC="$cc" \
		PVCALL_PLUGIN="$b/pvcall.so" bzImage modules \
		> "$kb/pvcall-build.log" 2>&1 ||
		{ tail -30 "$kb/pvcall-build.log" >&2; echo "scale.sh: $1 build failed" >&2; exit 1; }
	awk '{ printf "%.1f\n", $1 + $2 }' "$kb/time" > "$kb/cpu-seconds"
}

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
	rm -rf "$d"
	mkdir -p "$src"
	tar -xf "$tarball" -C "$src" --strip-components=1
	sh "$here/apply.sh" "$src" >&2
	for k in own stock; do
		configure "$k"
		build "$k"
	done
fi

own=$d/own
warnings=$(grep -c "warning:" "$own/pvcall-build.log" || true)
"$b/pvcall-sites" --check --quiet "$own/vmlinux" > "$d/sites.log" 2>&1 || status=1
stray=$(sh "$here/stray-calls.sh" "$own/vmlinux" | wc -l)
# A module may have no sites at all: one that makes no pv call.  Its
# stray calls say whether that is so.
modsites=0
nmods=0
for m in $(find "$own" -name '*.ko' | sort); do
	nmods=$((nmods + 1))
	if ! out=$("$b/pvcall-sites" --check --quiet "$m" 2>&1); then
		echo "scale.sh: bad sites in $m: $out" >&2
		status=1
		continue
	fi
	n=$(echo "$out" | sed -n 's/.*: \([0-9]*\) sites checked, 0 errors$/\1/p')
	case $out in
	*": no pvcall sites") n=0 ;;
	esac
	[ -n "$n" ] || { echo "scale.sh: bad sites in $m: $out" >&2; status=1; n=0; }
	modsites=$((modsites + n))
	stray=$((stray + $(sh "$here/stray-calls.sh" "$m" | wc -l)))
done
KERNEL_ARGS=loglevel=7 sh "$here/measure.sh" "$own" "$d/ops" >&2 || status=1
[ "$warnings" -eq 0 ] && [ "$stray" -eq 0 ] || status=1

echo "### Beyond tinyconfig: x86_64_defconfig + XEN_PV"
echo
echo "\`make bench-linux-defconfig\` (kernel/linux-6.1/scale.sh), gcc"
echo "$("$cc" -dumpfullversion), $(date -u +%Y-%m-%d): x86_64_defconfig with a Xen PV guest"
echo "(PARAVIRT_XXL, PARAVIRT_SPINLOCKS) and the plugin with pvcall's own patcher."
echo
echo "- build: bzImage and $nmods modules, $warnings warnings;"
echo "- sites: $(sed -n 's/.*: \([0-9]*\) sites checked, \([0-9]*\) errors/\1 in vmlinux (\2 bad records)/p' "$d/sites.log"), $modsites in the modules; $stray calls through \`pv_ops\` that are not sites (stray-calls.sh, in vmlinux and every module: memory-indirect, or a slot loaded into a register that a retpoline thunk or an indirect call then uses);"
echo "- boot: \`$(tr -d '\r' < "$d/ops.log" | grep -a "pvcall: vmlinux:" | sed 's/.*\(pvcall: vmlinux:.*\)/\1/')\`"
echo "- the workload ran to its end (median instructions per operation):"
echo
echo "| operation | median |"
echo "| --- | --- |"
awk '{ printf "| %s | %s |\n", $1, $2 }' "$d/ops"
echo
echo "Build CPU time (user + sys of make -j$jobs bzImage modules, one build each):"
echo "stock $(cat "$d/stock/cpu-seconds") s, pvcall $(cat "$own/cpu-seconds") s" \
	"($(awk -v a="$(cat "$own/cpu-seconds")" -v b="$(cat "$d/stock/cpu-seconds")" 'BEGIN { printf "%.3f", a / b }') of stock)."
exit $status
