/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Linux 6.1 site records (-fplugin-arg-pvcall-format=linux-6.1).
 *
 * In this mode the kernel's own boot-time patching consumes the sites, so
 * each one gets the records Linux 6.1's PVOP macros would have made:
 *
 *   .parainstructions  struct paravirt_patch_site, 16 bytes:
 *	.quad site; .byte type; .byte len; .short clobbers; padding
 *     with type = offset of the slot in pv_ops / 8.  apply_paravirt()
 *     hands it to paravirt_patch(), which writes `call <current op>' (or
 *     NOPs for paravirt_nop) over the site and pads it with NOPs.
 *
 *   .altinstructions   struct alt_instr, 12 bytes, only for an op whose
 *     type says pvcall_native("INSNS", COND):
 *	.long site - .; .long repl - .; .short COND; .byte len; .byte rlen
 *     and INSNS in .altinstr_replacement.  apply_alternatives(), which
 *     runs after apply_paravirt(), copies INSNS over the site when COND
 *     holds and pads it with NOPs.
 *
 * The site is the 5-byte `call stub' of the ABI form: Linux's patcher
 * writes a plain `call', so the operands must be where the ABI puts them
 * (register-agnostic sites are off in this mode).  A replacement longer
 * than 5 bytes lengthens the site with NOPs after the call, as Linux's
 * ALTERNATIVE() does with the original instruction, so it always fits;
 * the site's length in both records includes them.
 *
 * Stubs go to .noinstr.text (still one COMDAT group per stub): kernels
 * link that section by name, and noinstr code such as the entry code
 * calls irq ops.
 *
 * Only calls through pv_ops can be patched this way: Linux knows no other
 * table.  Another pv call keeps its contract, but gets a warning and no
 * record, so that it is never silently left unpatched.
 */
#include "pvcall-plugin.h"

/* The table Linux's paravirt_patch() indexes, and its largest type.  */
#define PVCALL_LINUX_TABLE	"pv_ops"
#define PVCALL_LINUX_MAX_TYPE	255

static unsigned int pvcall_linux_counter;

const char *pvcall_linux_text_section(void)
{
	return ".noinstr.text";
}

/* Linux's CLBR_* bits (rax, rcx, rdx, rdi, rsi, r8..r11) for MASK.  6.1
 * no longer reads the field, but keeps it in the record.  */
static unsigned int pvcall_linux_clobbers(unsigned int mask)
{
	static const unsigned char order[] = {
		PVCALL_REG_RAX, PVCALL_REG_RCX, PVCALL_REG_RDX,
		PVCALL_REG_RDI, PVCALL_REG_RSI, PVCALL_REG_R8,
		PVCALL_REG_R9, PVCALL_REG_R10, PVCALL_REG_R11,
	};
	unsigned int i, clbr = 0;

	for (i = 0; i < sizeof(order); i++)
		if (mask & PVCALL_REG_BIT(order[i]))
			clbr |= 1u << i;
	return clbr;
}

/* Whether OP can have a Linux record; if not, say why, once per op.  */
static bool pvcall_linux_patchable(const rtx_insn *insn,
				   struct pvcall_opdef *op)
{
	const char *why = NULL;

	if ((op->flags & PVCALL_OP_DIRECT) ||
	    strcmp(op->sym, PVCALL_LINUX_TABLE))
		why = "it is not a call through " PVCALL_LINUX_TABLE;
	else if (op->offset % 8 ||
		 op->offset / 8 > PVCALL_LINUX_MAX_TYPE)
		why = "its slot is beyond the first 256 pointers of "
		      PVCALL_LINUX_TABLE;
	if (!why)
		return true;
	if (!op->warned)
		warning_at(INSN_LOCATION(insn), 0,
			   "pv call through %qs has no Linux patch record: %s",
			   op->name, why);
	op->warned = true;
	return false;
}

/* The replacement, in .altinstr_replacement, before the site's records so
 * that the padding below refers to it backwards.  */
static void pvcall_linux_replacement(FILE *f, const struct pvcall_opdef *op,
				     unsigned int n)
{
	fprintf(f, "\t.pushsection .altinstr_replacement,\"ax\"\n"
		".Lpvl.rs.%u:\n\t%s\n.Lpvl.re.%u:\n\t.popsection\n",
		n, op->native, n);
	/* Pad the site to the replacement's length: max(0, r - 5) bytes of
	 * 0x90; gas's "true" is -1, hence the leading minus.  (.fill, unlike
	 * .skip, does not warn about a count of zero.)  */
	fprintf(f, "\t.fill -((.Lpvl.re.%u - .Lpvl.rs.%u) > %d) * "
		"((.Lpvl.re.%u - .Lpvl.rs.%u) - %d), 1, 0x90\n",
		n, n, PVCALL_CALL_REL32_LEN, n, n, PVCALL_CALL_REL32_LEN);
}

/* The records of the site whose 5-byte call final has just printed.  */
void pvcall_linux_site(FILE *f, const rtx_insn *insn, struct pvcall_opdef *op)
{
	unsigned int n = pvcall_linux_counter++;

	if (!pvcall_linux_patchable(insn, op))
		return;
	op->used = true;
	fprintf(f, ".Lpvl.call.%u:\n", n);
	if (op->native)
		pvcall_linux_replacement(f, op, n);
	fprintf(f, ".Lpvl.end.%u:\n", n);
	fprintf(f, "\t.set .Lpvl.site.%u, .Lpvl.call.%u - %d\n", n, n,
		PVCALL_CALL_REL32_LEN);
	fprintf(f, "\t.pushsection .parainstructions,\"a\"\n"
		"\t.balign 8\n"
		"\t.quad .Lpvl.site.%u\n"
		"\t.byte " HOST_WIDE_INT_PRINT_DEC "\n"
		"\t.byte .Lpvl.end.%u - .Lpvl.site.%u\n"
		"\t.short %#x\n"
		"\t.balign 8\n"
		"\t.popsection\n",
		n, op->offset / 8, n, n,
		pvcall_linux_clobbers(op->clobbers | PVCALL_REG_BIT(PVCALL_REG_RAX)));
	if (!op->native)
		return;
	fprintf(f, "\t.pushsection .altinstructions,\"a\"\n"
		"\t.long .Lpvl.site.%u - .\n"
		"\t.long .Lpvl.rs.%u - .\n"
		"\t.short %#x\n"
		"\t.byte .Lpvl.end.%u - .Lpvl.site.%u\n"
		"\t.byte .Lpvl.re.%u - .Lpvl.rs.%u\n"
		"\t.popsection\n",
		n, n, op->native_cond, n, n, n, n);
}
