/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pvcall: a GCC plugin for reduced-clobber paravirt calls on x86-64.
 *
 * This file holds the plugin entry point and the __PVCALL__ predefined
 * macro.  The options are parsed in options.cc, the attributes live in
 * attr.cc, the per-call ABI selection in abi.cc and the passes in
 * passes.cc (plugin/README has the whole layout).
 */
#include "pvcall-plugin.h"
#include "plugin-version.h"
#include <dlfcn.h>

int plugin_is_GPL_compatible;

static struct plugin_info pvcall_plugin_info = {
	PVCALL_VERSION_STRING,
	"Reduced-clobber paravirt calls through the pvcall attribute.\n"
	"Options:\n"
	"  -fplugin-arg-pvcall-disable  accept the attribute but emit plain calls\n"
	"  -fplugin-arg-pvcall-verbose  print a note at each pv call\n"
	"  -fplugin-arg-pvcall-section=NAME  put site records in section NAME\n"
	"                               (default " PVCALL_SITES_SECTION ")\n"
	"  -fplugin-arg-pvcall-regs=any|abi  register-agnostic sites or ABI\n"
	"                               registers (default: any with -mno-red-zone)\n"
	"  -fplugin-arg-pvcall-format=pvcall|linux-6.1  site records in pvcall's\n"
	"                               format (default) or Linux 6.1's\n"
	"                               .parainstructions and .altinstructions\n"
	"  -fplugin-arg-pvcall-stub-section=NAME  put the stubs in section NAME\n"
	"                               (default .text.STUB; .noinstr.text with\n"
	"                               format=linux-6.1)\n"
	"  -fplugin-arg-pvcall-local-stubs  give each unit its own stubs, ops and\n"
	"                               classes instead of COMDAT groups\n"
};

/*
 * Define __PVCALL__ so that <pvcall.h> turns its macros into attributes.
 * parse_in belongs to the C family front ends and does not exist in lto1,
 * so it is looked up at run time: a direct reference would stop the plugin
 * from loading into lto1, where the passes are needed for -flto.
 */
static void pvcall_define_macro(void *gcc_data, void *user_data)
{
	cpp_reader **parse_in_p;

	(void)gcc_data;
	(void)user_data;
	parse_in_p = (cpp_reader **)dlsym(RTLD_DEFAULT, "parse_in");
	/* Preprocessed input (-save-temps, ccache) already has the macro
	 * expanded, and a definition injected into it would be read as
	 * part of its text.  */
	if (parse_in_p && *parse_in_p &&
	    !cpp_get_options(*parse_in_p)->preprocessed)
		cpp_define(*parse_in_p, "__PVCALL__=" PVCALL_VERSION_STRING);
}

int plugin_init(struct plugin_name_args *info,
		struct plugin_gcc_version *version)
{
	const char *name = info->base_name;

	if (!plugin_default_version_check(version, &gcc_version)) {
		error("pvcall: plugin built for GCC %s, loaded into GCC %s",
		      gcc_version.basever, version->basever);
		return 1;
	}

	pvcall_parse_args(info);

	register_callback(name, PLUGIN_INFO, NULL, &pvcall_plugin_info);
	register_callback(name, PLUGIN_ATTRIBUTES,
			  pvcall_register_attributes, NULL);
	/* PLUGIN_PRAGMAS runs from the C front end's init, before any
	 * source line is preprocessed, including under -E.  */
	register_callback(name, PLUGIN_PRAGMAS, pvcall_define_macro, NULL);
	register_callback(name, PLUGIN_FINISH_PARSE_FUNCTION,
			  pvcall_check_definition, NULL);

	/* Type identity is part of the source language, so it holds even
	 * when code generation is disabled.  */
	pvcall_install_type_hook();
	if (!pvcall_disabled) {
		pvcall_install_abi_hook();
		pvcall_register_passes(name);
	}
	return 0;
}
