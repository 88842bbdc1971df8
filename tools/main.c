/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pvcall-sites - list and check the pvcall patch-site records of ELF files.
 *
 * Reads ELF64 x86-64 files (relocatable objects, executables, PIEs, shared
 * objects, kernel images) and decodes the records the pvcall GCC plugin
 * emits (the format is in include/pvcall/site.h): one line per patch site
 * and a size summary, or with --check a validation of every record against
 * the code it describes.  The stages are in sites.h.
 *
 * All input is untrusted: a malformed file is reported, never trusted.
 * Multi-byte values are read with memcpy, so the tool must run on a
 * little-endian host (checked).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sites.h"

/* Print "pvcall-sites: FILE: MESSAGE" to stderr; returns -1 for chaining. */
int report(const char *file, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG ": %s: ", file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

/* Running out of memory is not worth unwinding for in a listing tool.  */
void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p) {
		fprintf(stderr, PROG ": out of memory\n");
		exit(EXIT_BAD);
	}
	return p;
}

static int do_sites(const struct image *im, const struct options *opt)
{
	const char *path = im->e->path;
	size_t nsec, n, bad_size, errors;
	struct rec *recs;

	if (count_records(im, opt->section, &nsec, &n, &bad_size))
		return EXIT_BAD;
	if (!nsec) {
		printf("%s: no pvcall sites\n", path);
		return EXIT_FINE;
	}
	recs = xcalloc(n, sizeof(*recs));
	decode_all(im, opt->section, recs);
	if (opt->check) {
		errors = bad_size + check_records(im, recs, n);
		printf("%s: %zu sites checked, %zu error%s\n", path, n, errors,
		       errors == 1 ? "" : "s");
		free(recs);
		return errors ? EXIT_CHECK : EXIT_FINE;
	}
	if (!opt->quiet) {
		if (opt->many)
			printf("%s:\n", path);
		list_records(im, recs, n);
	}
	summary(im, recs, n);
	if (opt->many && !opt->quiet)
		printf("\n");
	free(recs);
	return EXIT_FINE;
}

/* List or check one file: read from e->path, unless the caller has read
 * it into e->buf (malloc'ed; freed here either way).  */
int process_elf(struct elf *e, const struct options *opt)
{
	struct image im;
	int ret = EXIT_BAD;

	if (!open_elf(e)) {
		if (!build_image(&im, e))
			ret = do_sites(&im, opt);
		free_image(&im);
	}
	close_elf(e);
	return ret;
}

/* ---- Command line ----------------------------------------------------- */

static const char usage_text[] =
"Usage: " PROG " [OPTION]... FILE...\n"
"List the pvcall patch-site records of ELF64 x86-64 files (objects,\n"
"executables, shared objects, kernel images), or check them.\n"
"\n"
"  --check         check every record instead of listing them: each\n"
"                  problem goes to stderr, a count per file to stdout\n"
"  --quiet         print only the summary, not a line per site\n"
"  --section=NAME  read the records from section NAME instead of\n"
"                  " PVCALL_SITES_SECTION "\n"
"  --help          print this help and exit\n"
"  --version       print the record format version and exit\n"
"\n"
"Records are numbered from 0 in messages (site #N).  Sites in an object\n"
"are shown as SECTION+0xOFFSET, in a linked file as addresses.  The ref\n"
"column is the slot a slot op calls through, or the function a direct\n"
"op calls (through the GOT where the op says so).  The regs column says\n"
"where the operands are, OUTPUT<-ARGUMENTS (- for none); the form column\n"
"is abi for a call with them in the ABI registers, any for a call to a\n"
"" PVCALL_STUB_PREFIX "* stub made for the registers the caller chose.\n"
"\n"
"Exit status: 0 if all is well, 1 if --check found errors, 2 for a\n"
"usage error or an unreadable or malformed file.\n";

static int usage_error(const char *msg, const char *arg)
{
	if (arg)
		fprintf(stderr, PROG ": %s '%s'\n", msg, arg);
	else
		fprintf(stderr, PROG ": %s\n", msg);
	fprintf(stderr, "Try '" PROG " --help' for more information.\n");
	return EXIT_BAD;
}

static bool host_is_little_endian(void)
{
	const uint16_t one = 1;
	unsigned char b;

	memcpy(&b, &one, 1);
	return b == 1;
}

/* Parse the options and collect the file names into files.  */
static int parse_args(int argc, char **argv, struct options *opt,
		      char **files, size_t *nfiles)
{
	bool dashdash = false;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (dashdash || a[0] != '-' || !a[1]) {
			files[(*nfiles)++] = argv[i];
		} else if (!strcmp(a, "--")) {
			dashdash = true;
		} else if (!strcmp(a, "--check")) {
			opt->check = true;
		} else if (!strcmp(a, "--quiet")) {
			opt->quiet = true;
		} else if (!strncmp(a, "--section=", 10)) {
			opt->section = a + 10;
		} else if (!strcmp(a, "--section")) {
			if (++i >= argc)
				return usage_error("missing NAME after", a);
			opt->section = argv[i];
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage_text, stdout);
			exit(EXIT_FINE);
		} else if (!strcmp(a, "--version")) {
			printf(PROG " %d\n", PVCALL_SITE_VERSION);
			exit(EXIT_FINE);
		} else {
			return usage_error("unknown option", a);
		}
	}
	if (!opt->section[0])
		return usage_error("empty section name", NULL);
	if (!*nfiles)
		return usage_error("no input files", NULL);
	return EXIT_FINE;
}

#ifndef PVCALL_SITES_NO_MAIN
int main(int argc, char **argv)
{
	struct options opt = { .section = PVCALL_SITES_SECTION };
	char **files = xcalloc(argc, sizeof(char *));
	size_t nfiles = 0, i;
	int status = EXIT_FINE, ret;

	if (!host_is_little_endian()) {
		fprintf(stderr, PROG ": needs a little-endian host\n");
		return EXIT_BAD;
	}
	ret = parse_args(argc, argv, &opt, files, &nfiles);
	if (ret)
		return ret;
	opt.many = nfiles > 1;
	for (i = 0; i < nfiles; i++) {
		struct elf e = { .path = files[i] };

		ret = process_elf(&e, &opt);
		if (ret > status)
			status = ret;
	}
	free(files);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, PROG ": error writing output\n");
		return EXIT_BAD;
	}
	return status;
}
#endif
