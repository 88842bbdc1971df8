#!/bin/sh
# testsuite/install-deps.sh - install the Debian 12 packages that pvcall's
# build, demo and whole testsuite need (the Linux 6.1 source, what a
# kernel build needs and the Xen hypervisor included).  README's first
# command and .ci/run both start with it:
#
#	sh testsuite/install-deps.sh
#
# Only packages that are not installed yet are installed; with all of them
# present it says so and changes nothing.  Not as root it goes through
# sudo: plain sudo from a terminal (which may ask for a password), sudo -n
# otherwise (CI).  The Xen hypervisor is installed on its own with
# --no-install-recommends: of it only /boot/xen-4.17-amd64.gz is used.
#
# Exit status: 0 if every package is installed at the end, 1 if some are
# still missing (each is named; .ci/run carries on regardless, and
# check-all.sh reports what cannot be built), 2 for a usage error.
#
#	sh testsuite/install-deps.sh --list	print the packages, one a line

packages="gcc-11 gcc-11-plugin-dev gcc-12-plugin-dev g++-12 libgmp-dev libmpfr-dev dejagnu autoconf automake libtool make qemu-system-x86 gdb valgrind csmith libcsmith-dev linux-source-6.1 flex bison bc libelf-dev pkg-config xz-utils clang libclang-rt-14-dev"

# Only the hypervisor image: its recommends (the Xen tools, grub, systemd)
# have no use here, so it is installed on its own, without them.
xen_package=xen-hypervisor-4.17-amd64

me=install-deps

case ${1:-} in
'') ;;
--list)
	for p in $packages $xen_package; do echo "$p"; done
	exit 0 ;;
*)
	echo "usage: sh testsuite/install-deps.sh [--list]" >&2
	exit 2 ;;
esac

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# missing PACKAGE...: those of PACKAGE... that are not installed.
missing() {
	for p in "$@"; do
		installed "$p" || printf ' %s' "$p"
	done
}

# shellcheck disable=SC2086
need=$(missing $packages)
need_xen=$(missing $xen_package)
if [ -z "$need$need_xen" ]; then
	# shellcheck disable=SC2086
	echo "$me: all $(echo $packages $xen_package | wc -w) packages are installed; nothing to do"
	exit 0
fi

sudo=
if [ "$(id -u)" -ne 0 ]; then
	if ! command -v sudo >/dev/null 2>&1; then
		echo "$me: missing packages:$need$need_xen (not root and no sudo)" >&2
		exit 1
	fi
	if [ -t 0 ]; then
		sudo=sudo
	else
		sudo="sudo -n"
	fi
fi
quiet=-qq
[ -t 1 ] && quiet=-q

echo "$me: installing missing packages:$need$need_xen"
$sudo apt-get update $quiet || echo "$me: warning: apt-get update failed" >&2
if [ -n "$need" ]; then
	# shellcheck disable=SC2086
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y $quiet $need ||
		echo "$me: warning: apt-get install failed" >&2
fi
if ! installed $xen_package; then
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y $quiet \
		--no-install-recommends $xen_package ||
		echo "$me: warning: apt-get install $xen_package failed" >&2
fi

# shellcheck disable=SC2086
still=$(missing $packages $xen_package)
if [ -n "$still" ]; then
	echo "$me: still missing:$still" >&2
	exit 1
fi
echo "$me: done"
exit 0
