#!/bin/sh
# SPDX-License-Identifier: MIT
#
# apply.sh TREE - turn a pristine Linux 6.1 tree (Debian's linux-source-6.1)
# into one that builds with the pvcall plugin:
#
#   1. apply the patch series patches/series (git format-patch files, one
#      logical change each, whose commit messages say what and why), all
#      or nothing: the whole series is checked (`git apply --check', patch
#      after patch, on a scratch copy of the files it touches) before any
#      patch is applied to TREE;
#   2. copy the pvcall runtime that pvcall's own patcher is built from
#      (CONFIG_GCC_PLUGIN_PVCALL_PATCHER): runtime/patch.c and
#      runtime/encode.c into arch/x86/kernel/pvcall/, and
#      include/pvcall/{patch,site,format}.h into include/pvcall/.  kbuild builds
#      them from source like the rest of the kernel.
#
# A tree the series does not apply to (an edited one, or one that already
# has it) is refused, and left as it was.
#
# Build with  make PVCALL_PLUGIN=/path/to/pvcall.so  (default: pvcall.so
# in GCC's plugin directory, where `make install' puts it), and choose the
# patcher under GCC_PLUGIN_PVCALL: the kernel's (.parainstructions, the
# default) or pvcall's own (GCC_PLUGIN_PVCALL_PATCHER).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tree=$(cd "${1:?usage: apply.sh LINUX-TREE}" && pwd)
cd "$tree"

# The tree may lie inside a git repository (a build directory of this
# project): git apply would then take the paths from that repository's
# top.  Stop git from looking above the tree.
GIT_CEILING_DIRECTORIES=$(dirname "$(pwd)")
export GIT_CEILING_DIRECTORIES

patches=
while read -r p; do
	case $p in
	''|'#'*) continue ;;
	esac
	patches="$patches $here/patches/$p"
done < "$here/patches/series"

# All or nothing: git apply checks each patch against the files as they
# are, not as the patches before it leave them, so check the series on a
# scratch copy of the files it touches, applying one patch after the
# other; only then apply it to the tree.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
GIT_CEILING_DIRECTORIES=$GIT_CEILING_DIRECTORIES:$(dirname "$scratch")
# shellcheck disable=SC2086
for f in $(sed -n 's|^diff --git a/\([^ ]*\) b/.*|\1|p' $patches | sort -u); do
	if [ -e "$f" ]; then
		mkdir -p "$scratch/$(dirname "$f")"
		cp "$f" "$scratch/$f"
	fi
done
for p in $patches; do
	if ! (cd "$scratch" && git apply --check "$p" && git apply "$p") \
		2>"$scratch/.err"; then
		if grep -q "pvcall overlay" arch/x86/include/asm/paravirt_types.h; then
			echo "apply.sh: $tree already has the pvcall series" >&2
		else
			sed 's/^/apply.sh: /' "$scratch/.err" >&2
			echo "apply.sh: $(basename "$p") does not apply to $tree" >&2
		fi
		echo "apply.sh: nothing changed" >&2
		exit 1
	fi
done
for p in $patches; do
	git apply "$p"
done

mkdir -p arch/x86/kernel/pvcall include/pvcall
cp "$top/runtime/patch.c" "$top/runtime/encode.c" arch/x86/kernel/pvcall/
cp "$top/include/pvcall/patch.h" "$top/include/pvcall/site.h" \
   "$top/include/pvcall/format.h" include/pvcall/

echo "apply.sh: pvcall series ($(echo $patches | wc -w) patches) and runtime applied to $tree"
