/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The plugin's options, -fplugin-arg-pvcall-KEY[=VALUE]: parsed once, at
 * plugin_init, into the globals every stage reads.
 */
#include "pvcall-plugin.h"

bool pvcall_disabled;
bool pvcall_verbose;
bool pvcall_local_stubs;
const char *pvcall_section = PVCALL_SITES_SECTION;
const char *pvcall_stub_section;
enum pvcall_regs_mode pvcall_regs_mode = PVCALL_REGS_AUTO;
enum pvcall_format pvcall_format = PVCALL_FORMAT_PVCALL;

static bool pvcall_parse_flag(const struct plugin_argument *arg)
{
	if (arg->value) {
		error("option %<-fplugin-arg-pvcall-%s%> does not take a value",
		      arg->key);
		return false;
	}
	return true;
}

/* The records' section must stay a C identifier, so that the linker
 * defines __start_NAME and __stop_NAME for it.  */
static bool pvcall_c_identifier_p(const char *s)
{
	if (!ISIDST(*s))
		return false;
	while (*++s)
		if (!ISIDNUM(*s))
			return false;
	return true;
}

static void pvcall_parse_section(const struct plugin_argument *arg)
{
	if (!arg->value || !*arg->value) {
		error("option %<-fplugin-arg-pvcall-section%> requires a "
		      "section name");
		return;
	}
	if (!pvcall_c_identifier_p(arg->value)) {
		error("section name %qs given to "
		      "%<-fplugin-arg-pvcall-section%> is not a C identifier",
		      arg->value);
		return;
	}
	pvcall_section = arg->value;
}

/* Stubs may go to any section a kernel's linker script names, such as
 * .noinstr.text: letters, digits, '.' and '_'.  */
static void pvcall_parse_stub_section(const struct plugin_argument *arg)
{
	const char *s = arg->value;

	if (!s || !*s) {
		error("option %<-fplugin-arg-pvcall-stub-section%> requires a "
		      "section name");
		return;
	}
	for (; *s; s++)
		if (!ISIDNUM(*s) && *s != '.') {
			error("section name %qs given to "
			      "%<-fplugin-arg-pvcall-stub-section%> has a "
			      "character other than a letter, a digit, %<.%> "
			      "or %<_%>", arg->value);
			return;
		}
	pvcall_stub_section = arg->value;
}

/* The index in NAMES (two of them) of ARG's value, or -1 after an error
 * that names both.  */
static int pvcall_parse_choice(const struct plugin_argument *arg,
			       const char *const names[2])
{
	int i;

	for (i = 0; i < 2; i++)
		if (arg->value && !strcmp(arg->value, names[i]))
			return i;
	error("option %<-fplugin-arg-pvcall-%s%> takes %qs or %qs", arg->key,
	      names[0], names[1]);
	return -1;
}

static void pvcall_parse_regs(const struct plugin_argument *arg)
{
	static const char *const names[2] = { "any", "abi" };
	static const enum pvcall_regs_mode modes[2] = {
		PVCALL_REGS_ANY, PVCALL_REGS_ABI,
	};
	int i = pvcall_parse_choice(arg, names);

	if (i >= 0)
		pvcall_regs_mode = modes[i];
}

static void pvcall_parse_format(const struct plugin_argument *arg)
{
	static const char *const names[2] = { "pvcall", "linux-6.1" };
	static const enum pvcall_format formats[2] = {
		PVCALL_FORMAT_PVCALL, PVCALL_FORMAT_LINUX61,
	};
	int i = pvcall_parse_choice(arg, names);

	if (i >= 0)
		pvcall_format = formats[i];
}

void pvcall_parse_args(const struct plugin_name_args *info)
{
	int i;

	for (i = 0; i < info->argc; i++) {
		const struct plugin_argument *arg = &info->argv[i];

		if (!strcmp(arg->key, "disable")) {
			if (pvcall_parse_flag(arg))
				pvcall_disabled = true;
		} else if (!strcmp(arg->key, "verbose")) {
			if (pvcall_parse_flag(arg))
				pvcall_verbose = true;
		} else if (!strcmp(arg->key, "local-stubs")) {
			if (pvcall_parse_flag(arg))
				pvcall_local_stubs = true;
		} else if (!strcmp(arg->key, "section")) {
			pvcall_parse_section(arg);
		} else if (!strcmp(arg->key, "regs")) {
			pvcall_parse_regs(arg);
		} else if (!strcmp(arg->key, "format")) {
			pvcall_parse_format(arg);
		} else if (!strcmp(arg->key, "stub-section")) {
			pvcall_parse_stub_section(arg);
		} else {
			error("unrecognized command-line option "
			      "%<-fplugin-arg-pvcall-%s%>", arg->key);
		}
	}
	/* Linux's patcher writes `call target' over a site, so the site
	 * must pass its operands in the ABI registers.  */
	if (pvcall_format == PVCALL_FORMAT_LINUX61 &&
	    pvcall_regs_mode == PVCALL_REGS_ANY)
		error("%<-fplugin-arg-pvcall-regs=any%> is not supported with "
		      "%<-fplugin-arg-pvcall-format=linux-6.1%>: the Linux "
		      "patcher expects the operands in ABI registers");
}

