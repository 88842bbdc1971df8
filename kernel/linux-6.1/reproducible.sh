# SPDX-License-Identifier: MIT
#
# reproducible.sh - sourced by the scripts that build kernels: the date,
# user and host of a build go into the kernel's version banner, which it
# prints at boot.  Left to kbuild, two builds of one tree differ there, and
# so do their instruction counts: a native kernel's fork median moved by
# 0.04% from one build to the next.  Fixed, the same tree, configuration
# and compiler give the same image.
export KBUILD_BUILD_TIMESTAMP="Sat Jan  1 00:00:00 UTC 2000"
export KBUILD_BUILD_USER=pvcall
export KBUILD_BUILD_HOST=pvcall
