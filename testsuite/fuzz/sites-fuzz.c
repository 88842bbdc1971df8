/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sites-fuzz.c - libFuzzer harness for pvcall-sites.
 *
 * The input is a file for the tool: libFuzzer damages the ELF objects,
 * executables and shared objects of the corpus (testsuite/fuzz/
 * sites-corpus/, seeded with small files the plugin built) and each
 * input is listed and then checked, through the same stages as a file
 * named on the command line (tools/sites.h), only read from memory.
 * Whatever the input, the tool must answer with a listing, findings or a
 * clear refusal: AddressSanitizer and UBSan stop it on any invalid read
 * or write, leak, overflow or misaligned access (libelf itself is not
 * instrumented; what it hands back is).
 *
 *   make fuzz-sites TIME=600     the campaign (clang, libFuzzer)
 *   pvcall.fuzz/pvcall.exp       replays the corpus under ASan and UBSan
 *                                (built with -DSITES_FUZZ_REPLAY)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sites.h"

static void run(const uint8_t *data, size_t size, bool check)
{
	struct options opt = {
		.section = PVCALL_SITES_SECTION, .check = check,
	};
	struct elf e = { .path = "fuzz-input" };

	e.buf = malloc(size ? size : 1);
	if (!e.buf)
		abort();
	memcpy(e.buf, data, size);
	e.size = size;
	process_elf(&e, &opt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size, false);
	run(data, size, true);
	return 0;
}

#ifdef SITES_FUZZ_REPLAY
static int replay(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long len;

	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		perror(path);
		return -1;
	}
	buf = malloc(len ? (size_t)len : 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		perror(path);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)len);
	free(buf);
	return 0;
}

/* Replay the files named: the tool's listings go to /dev/null, its
 * messages and the sanitizers' reports to stderr.  */
int main(int argc, char **argv)
{
	int i;

	if (!freopen("/dev/null", "w", stdout))
		return 2;
	for (i = 1; i < argc; i++)
		if (replay(argv[i]))
			return 2;
	fprintf(stderr, "sites-fuzz replay: %d inputs, no failure\n",
		argc - 1);
	return 0;
}
#endif
