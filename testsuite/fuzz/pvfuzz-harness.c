/* SPDX-License-Identifier: MIT */
/*
 * pvfuzz-harness.c - the part of the poisoning harness that run.sh
 * compiles once per compiler and links into every program, which it
 * builds with -DPVT_SITE_DEAD_EXTERN (see site-dead.h).  It is built
 * without the plugin and with -fPIC, so the one object serves every
 * configuration: PIE, -no-pie, -flto and the kernel-like flags.
 */
#include "site-dead.h"
