/* SPDX-License-Identifier: MIT */
/*
 * main.c - the pvcall test kernel.
 *
 * Its pv ops are real privileged operations.  Two backends serve them:
 * "hyp", C functions behind thunks that keep shadow state and count their
 * calls, as a paravirtualised guest's hypercall layer would, and
 * "native", the runtime's templates, patched in at boot.
 *
 *   1. self-test through the unpatched sites with the hyp backend;
 *   2. patch (pvcall=native: templates; pvcall=hyp: sites left calling
 *      their stubs; pvcall=off: no patching at all);
 *   3. the same self-test again, now checking real effects in native
 *      mode: IF as seen by pushf, CR3 round trip, invlpg;
 *   4. every site's bytes against the template encoding plus NOPs;
 *   5. text made read-only, and a write to it caught by #PF;
 *   6. a per-op summary on the serial port, then isa-debug-exit:
 *      exit status 33 on success, 3 on failure.
 */
#include <pvcall.h>
#include <pvcall/patch.h>
#include <pvcall/thunk.h>

#define EFLAGS_IF	0x200UL

/* ---- Port I/O, serial console, exit.  ---- */

static inline void outb(unsigned short port, unsigned char v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(unsigned short port, unsigned int v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static void putc(char c)
{
	if (c == '\n')
		outb(0x3f8, '\r');
	outb(0x3f8, (unsigned char)c);
}

static void puts(const char *s)
{
	while (*s)
		putc(*s++);
}

static void put_dec(unsigned long v)
{
	char buf[24];
	int n = 0;

	do
		buf[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n)
		putc(buf[--n]);
}

static __attribute__((noreturn)) void qemu_exit(int ok)
{
	/* isa-debug-exit: QEMU exits with (value << 1) | 1.  */
	outl(0xf4, ok ? 16 : 1);
	for (;;)
		__asm__ volatile("cli; hlt");
}

static int failures;

static void check(int ok, const char *what)
{
	if (ok)
		return;
	failures++;
	puts("FAIL: ");
	puts(what);
	puts("\n");
}

/* ---- The hypervisor backend: shadow state, counters.  ---- */

static unsigned long hyp_if = EFLAGS_IF;	/* the virtual IF */
static unsigned long hyp_calls[11];

enum { OP_DISABLE, OP_ENABLE, OP_SAVE, OP_RESTORE, OP_RCR3, OP_WCR3,
       OP_INVLPG, OP_RCR2, OP_PTE, OP_HALT, NR_OPS };

static const char *const op_names[NR_OPS] = {
	"pv_ops.irq_disable", "pv_ops.irq_enable", "pv_ops.save_fl",
	"pv_ops.restore_fl", "pv_ops.read_cr3", "pv_ops.write_cr3",
	"pv_ops.flush_tlb_one", "pv_ops.read_cr2", "pv_ops.pte_val",
	"pv_ops.halt",
};

__attribute__((used)) void hyp_irq_disable(void)
{
	hyp_calls[OP_DISABLE]++;
	hyp_if = 0;
}

__attribute__((used)) void hyp_irq_enable(void)
{
	hyp_calls[OP_ENABLE]++;
	hyp_if = EFLAGS_IF;
}

__attribute__((used)) unsigned long hyp_save_fl(void)
{
	hyp_calls[OP_SAVE]++;
	return hyp_if | 0x2;
}

__attribute__((used)) void hyp_restore_fl(unsigned long f)
{
	hyp_calls[OP_RESTORE]++;
	hyp_if = f & EFLAGS_IF;
}

__attribute__((used)) unsigned long hyp_read_cr3(void)
{
	unsigned long v;

	hyp_calls[OP_RCR3]++;
	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

__attribute__((used)) void hyp_write_cr3(unsigned long v)
{
	hyp_calls[OP_WCR3]++;
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

__attribute__((used)) void hyp_flush_tlb_one(unsigned long addr)
{
	hyp_calls[OP_INVLPG]++;
	__asm__ volatile("invlpg (%0)" : : "r"(addr) : "memory");
}

__attribute__((used)) unsigned long hyp_read_cr2(void)
{
	hyp_calls[OP_RCR2]++;
	return 0;
}

__attribute__((used)) unsigned long hyp_pte_val(unsigned long v)
{
	hyp_calls[OP_PTE]++;
	return v;
}

__attribute__((used)) void hyp_halt(void)
{
	hyp_calls[OP_HALT]++;
}

/* Plain C behind register-saving thunks: each op may clobber only rax
 * (and the flags).  */
PVCALL_THUNK(hyp_irq_disable_thunk, hyp_irq_disable, "");
PVCALL_THUNK(hyp_irq_enable_thunk, hyp_irq_enable, "");
PVCALL_THUNK(hyp_save_fl_thunk, hyp_save_fl, "");
PVCALL_THUNK(hyp_restore_fl_thunk, hyp_restore_fl, "");
PVCALL_THUNK(hyp_read_cr3_thunk, hyp_read_cr3, "");
PVCALL_THUNK(hyp_write_cr3_thunk, hyp_write_cr3, "");
PVCALL_THUNK(hyp_flush_tlb_one_thunk, hyp_flush_tlb_one, "");
PVCALL_THUNK(hyp_read_cr2_thunk, hyp_read_cr2, "");
PVCALL_THUNK(hyp_pte_val_thunk, hyp_pte_val, "");
PVCALL_THUNK(hyp_halt_thunk, hyp_halt, "");

extern void hyp_irq_disable_thunk(void) __pvcall;
extern void hyp_irq_enable_thunk(void) __pvcall;
extern unsigned long hyp_save_fl_thunk(void) __pvcall;
extern void hyp_restore_fl_thunk(unsigned long) __pvcall;
extern unsigned long hyp_read_cr3_thunk(void) __pvcall;
extern void hyp_write_cr3_thunk(unsigned long) __pvcall;
extern void hyp_flush_tlb_one_thunk(unsigned long) __pvcall;
extern unsigned long hyp_read_cr2_thunk(void) __pvcall;
extern unsigned long hyp_pte_val_thunk(unsigned long) __pvcall;
extern void hyp_halt_thunk(void) __pvcall;

struct pv_ops {
	void (*irq_disable)(void) __pvcall;
	void (*irq_enable)(void) __pvcall;
	unsigned long (*save_fl)(void) __pvcall;
	void (*restore_fl)(unsigned long) __pvcall;
	unsigned long (*read_cr3)(void) __pvcall;
	void (*write_cr3)(unsigned long) __pvcall;
	void (*flush_tlb_one)(unsigned long) __pvcall;
	unsigned long (*read_cr2)(void) __pvcall;
	unsigned long (*pte_val)(unsigned long) __pvcall;
	void (*halt)(void) __pvcall;
};

struct pv_ops pv_ops = {
	hyp_irq_disable_thunk, hyp_irq_enable_thunk, hyp_save_fl_thunk,
	hyp_restore_fl_thunk, hyp_read_cr3_thunk, hyp_write_cr3_thunk,
	hyp_flush_tlb_one_thunk, hyp_read_cr2_thunk, hyp_pte_val_thunk,
	hyp_halt_thunk,
};

/* ---- The self-test: kernel-like code around the sites.  ---- */

static unsigned long ptes[64];

static __attribute__((noinline)) unsigned long irq_save_disable(void)
{
	unsigned long f = pv_ops.save_fl();

	pv_ops.irq_disable();
	return f;
}

static __attribute__((noinline)) void irq_restore(unsigned long f)
{
	pv_ops.restore_fl(f);
}

/* IF as save_fl sees it after irq_disable and after irq_enable.  */
static __attribute__((noinline)) unsigned long irq_off_on(void)
{
	unsigned long off, on;

	pv_ops.irq_disable();
	off = pv_ops.save_fl();
	pv_ops.irq_enable();
	on = pv_ops.save_fl();
	return (off & EFLAGS_IF) | (on & EFLAGS_IF) << 1;
}

static __attribute__((noinline)) unsigned long walk(long n, unsigned long m)
{
	unsigned long sum = 0, young = 0;
	long i;

	for (i = 0; i < n; i++) {
		unsigned long v = pv_ops.pte_val(ptes[i]);

		sum += v & 1;
		young |= v & m;
	}
	return sum ^ young;
}

static __attribute__((noinline)) unsigned long pte_mix(unsigned long a,
							unsigned long b)
{
	/* Several live values: the same op with other registers.  */
	unsigned long x = pv_ops.pte_val(a * 3);
	unsigned long y = pv_ops.pte_val(b ^ x);

	return x + y * 5 + a;
}

static __attribute__((noinline)) int cr3_round_trip(void)
{
	unsigned long cr3 = pv_ops.read_cr3();

	pv_ops.write_cr3(cr3);
	return pv_ops.read_cr3() == cr3;
}

static __attribute__((noinline)) void flush_range(unsigned long a, int n)
{
	int i;

	for (i = 0; i < n; i++)
		pv_ops.flush_tlb_one(a + (unsigned long)i * 4096);
}

/* Never called: the halt op's site is patched all the same.  */
__attribute__((noinline, used)) void idle(void)
{
	pv_ops.halt();
}

static unsigned long native_flags(void)
{
	unsigned long f;

	__asm__ volatile("pushf\n\tpop %0" : "=r"(f));
	return f;
}

static unsigned long expected_walk(long n, unsigned long m)
{
	unsigned long sum = 0, young = 0;
	long i;

	for (i = 0; i < n; i++) {
		sum += ptes[i] & 1;
		young |= ptes[i] & m;
	}
	return sum ^ young;
}

/* NATIVE: the ops now are the real instructions.  */
static void self_test(int native)
{
	unsigned long f, before[NR_OPS];
	int i;

	for (i = 0; i < NR_OPS; i++)
		before[i] = hyp_calls[i];

	f = irq_save_disable();
	check(f & EFLAGS_IF, "interrupts were enabled before irq_save");
	if (native)
		check(!(native_flags() & EFLAGS_IF), "cli cleared IF");
	else
		check(hyp_if == 0, "hyp irq_disable cleared the virtual IF");
	irq_restore(f);
	if (native)
		check(native_flags() & EFLAGS_IF, "popf set IF again");
	else
		check(hyp_if == EFLAGS_IF, "hyp restore_fl set the virtual IF");

	check(irq_off_on() == EFLAGS_IF << 1, "IF off, then on again");
	if (native)
		check(native_flags() & EFLAGS_IF, "sti set IF");
	check(walk(64, 0x20) == expected_walk(64, 0x20), "pte_val walk");
	check(pte_mix(7, 9) == 21 + (9 ^ 21) * 5 + 7, "pte_val with live values");
	check(cr3_round_trip(), "CR3 round trip");
	flush_range(0x200000, 4);
	check(pv_ops.read_cr2() == 0 || native, "read_cr2");

	if (native) {
		for (i = 0; i < NR_OPS; i++)
			check(hyp_calls[i] == before[i],
			      "no hypercall after native patching");
	} else {
		check(hyp_calls[OP_SAVE] - before[OP_SAVE] == 3, "save_fl count");
		check(hyp_calls[OP_DISABLE] - before[OP_DISABLE] == 2,
		      "irq_disable count");
		check(hyp_calls[OP_ENABLE] - before[OP_ENABLE] == 1,
		      "irq_enable count");
		check(hyp_calls[OP_RESTORE] - before[OP_RESTORE] == 1,
		      "restore_fl count");
		check(hyp_calls[OP_PTE] - before[OP_PTE] == 66, "pte_val count");
		check(hyp_calls[OP_RCR3] - before[OP_RCR3] == 2, "read_cr3 count");
		check(hyp_calls[OP_WCR3] - before[OP_WCR3] == 1, "write_cr3 count");
		check(hyp_calls[OP_INVLPG] - before[OP_INVLPG] == 4,
		      "flush_tlb_one count");
	}
}

/* ---- Patching.  ---- */

extern const struct pvcall_site __start_pvcall_sites[], __stop_pvcall_sites[];
extern const char __start_pvcall_classes[], __stop_pvcall_classes[];
extern const char __start_pvcall_ops[], __stop_pvcall_ops[];
extern char __text_start[], __text_end[];

static const struct pvcall_template native_templates[] = {
	{ "pv_ops.irq_disable", 0, pvcall_encode_cli, 0 },
	{ "pv_ops.irq_enable", 0, pvcall_encode_sti, 0 },
	{ "pv_ops.save_fl", 0, pvcall_encode_save_fl, 0 },
	{ "pv_ops.restore_fl", 0, pvcall_encode_restore_fl, 0 },
	{ "pv_ops.read_cr3", 0, pvcall_encode_read_cr3, 0 },
	{ "pv_ops.write_cr3", 0, pvcall_encode_write_cr3, 0 },
	{ "pv_ops.flush_tlb_one", 0, pvcall_encode_invlpg, 0 },
	{ "pv_ops.read_cr2", 0, pvcall_encode_read_cr2, 0 },
	{ "pv_ops.pte_val", 0, pvcall_encode_identity, 0 },
	{ "pv_ops.halt", 0, pvcall_encode_halt, 0 },
};

/* Text is still writable when the kernel patches itself; the jump back
 * to the caller serialises instruction fetch for this CPU.  */
static int boot_text_write(void *ctx, void *dst, const void *src,
			   unsigned long len)
{
	unsigned char *d = (unsigned char *)dst;
	const unsigned char *s = (const unsigned char *)src;

	(void)ctx;
	while (len--)
		*d++ = *s++;
	return 0;
}

static const struct pvcall_image image = {
	.sites = __start_pvcall_sites, .sites_end = __stop_pvcall_sites,
	.classes = __start_pvcall_classes, .classes_end = __stop_pvcall_classes,
	.ops = __start_pvcall_ops, .ops_end = __stop_pvcall_ops,
	.text = __text_start, .text_end = __text_end,
};

static int op_index(const struct pvcall_op *op)
{
	const char *name = (const char *)pvcall_ref(&op->name);
	int i;

	for (i = 0; i < NR_OPS; i++) {
		const char *a = name, *b = op_names[i];

		while (*a && *a == *b)
			a++, b++;
		if (*a == *b)
			return i;
	}
	return -1;
}

static int name_len(const char *s)
{
	int n = 0;

	while (s[n])
		n++;
	return n;
}

static const char *const reg_names[16] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

/* Each site's bytes against the template for its registers plus NOPs;
 * then, per op, the sites and the registers their code uses.  */
static void check_sites_and_report(int native)
{
	const struct pvcall_site *s;
	unsigned long sites[NR_OPS] = { 0 };
	unsigned int regs_seen[NR_OPS] = { 0 };
	int i;

	for (s = __start_pvcall_sites; s < __stop_pvcall_sites; s++) {
		const struct pvcall_class *c = pvcall_site_class(s);
		const unsigned char *p = (const unsigned char *)pvcall_ref(&s->site);
		int op = op_index(pvcall_class_op(c));
		struct pvcall_operands ops;
		unsigned char want[8];
		unsigned int clobbers, j;
		int n;

		if (op < 0) {
			check(0, "site of an unknown op");
			continue;
		}
		sites[op]++;
		ops.out = (c->regs & PVCALL_REGS_HAS_OUT) ?
			  (int)PVCALL_REGS_OUT(c->regs) : -1;
		ops.nargs = PVCALL_REGS_NARGS(c->regs);
		for (j = 0; j < ops.nargs; j++)
			ops.args[j] = (int)PVCALL_REGS_ARG(c->regs, j);
		ops.free = c->dead | (ops.out >= 0 ? 1u << ops.out : 0);
		if (ops.out >= 0)
			regs_seen[op] |= 1u << ops.out;
		else if (ops.nargs)
			regs_seen[op] |= 1u << ops.args[0];
		if (!native) {
			check(p[0] == 0xe8, "unpatched site is still a call");
			continue;
		}
		n = native_templates[op].encode(&ops, want, &clobbers);
		pvcall_fill_nops(want + n, (unsigned int)(5 - n));
		for (j = 0; j < 5; j++)
			if (p[j] != want[j])
				break;
		check(j == 5, "site bytes are the native encoding plus NOPs");
	}

	puts("op                       sites  registers\n");
	for (i = 0; i < NR_OPS; i++) {
		int r, first = 1;

		puts(op_names[i]);
		for (r = 0; r < 25 - name_len(op_names[i]); r++)
			putc(' ');
		put_dec(sites[i]);
		puts("      ");
		for (r = 0; r < 16; r++) {
			if (!(regs_seen[i] & (1u << r)))
				continue;
			if (!first)
				putc(',');
			puts(reg_names[r]);
			first = 0;
		}
		if (first)
			putc('-');
		putc('\n');
	}
}

/* ---- W^X: text read-only, and a write to it caught.  ---- */

extern unsigned long pt[512];
volatile int fault_expected, fault_seen;
extern char wx_fixup[];

__asm__(".pushsection .text\n"
	"pf_entry:\n"
	"\tcmpl $0, fault_expected(%rip)\n"
	"\tje other_entry\n"
	"\tmovl $0, fault_expected(%rip)\n"
	"\tmovl $1, fault_seen(%rip)\n"
	"\taddq $8, %rsp\n"			/* the error code */
	"\tmovq $wx_fixup, (%rsp)\n"		/* resume there */
	"\tiretq\n"
	"other_entry:\n"
	"\tmovw $0x3f8, %dx\n"
	"\tmovb $'!', %al\n"
	"\toutb %al, %dx\n"
	"\tmovl $1, %eax\n"
	"\tmovw $0xf4, %dx\n"
	"\toutl %eax, %dx\n"
	"1:\tcli\n\thlt\n\tjmp 1b\n"
	".popsection\n");

extern char pf_entry[], other_entry[];

struct idt_gate {
	unsigned short off0, sel;
	unsigned char ist, type;
	unsigned short off1;
	unsigned int off2, zero;
};

static struct idt_gate idt[32];

static void set_gate(int n, void *handler)
{
	unsigned long a = (unsigned long)handler;

	idt[n].off0 = (unsigned short)a;
	idt[n].sel = 0x08;
	idt[n].ist = 0;
	idt[n].type = 0x8e;		/* present, interrupt gate */
	idt[n].off1 = (unsigned short)(a >> 16);
	idt[n].off2 = (unsigned int)(a >> 32);
	idt[n].zero = 0;
}

static void setup_idt(void)
{
	struct { unsigned short limit; unsigned long base; }
		__attribute__((packed)) desc = { sizeof(idt) - 1,
						 (unsigned long)idt };
	int i;

	for (i = 0; i < 32; i++)
		set_gate(i, other_entry);
	set_gate(14, pf_entry);
	__asm__ volatile("lidt %0" : : "m"(desc));
}

static void text_read_only(void)
{
	unsigned long a;

	for (a = (unsigned long)__text_start; a < (unsigned long)__text_end;
	     a += 4096)
		pt[a >> 12] &= ~2UL;		/* clear R/W */
	__asm__ volatile("mov %%cr3, %%rax\n\tmov %%rax, %%cr3" : : : "rax",
			 "memory");
}

static void wx_test(void)
{
	fault_expected = 1;
	/* A write to text: with CR0.WP set it faults even in ring 0.  The
	 * handler resumes at wx_fixup.  */
	__asm__ volatile("movb $0xcc, (%0)\n"
			 "wx_fixup:\n"
			 : : "r"(__text_start) : "memory");
	check(fault_seen, "a write to read-only text faults");
	check(!fault_expected, "the fault handler ran");
}

/* ---- Command line.  ---- */

static int starts_with(const char *s, const char *p)
{
	while (*p && *s == *p)
		s++, p++;
	return !*p;
}

/* The value of pvcall= on the command line, or NULL.  */
static const char *cmdline_mode(const void *start_info)
{
	const char *cmd;

	if (!start_info || *(const unsigned int *)start_info != 0x336ec578)
		return 0;
	cmd = (const char *)*(const unsigned long *)
		((const char *)start_info + 24);
	while (cmd && *cmd) {
		if (starts_with(cmd, "pvcall="))
			return cmd + 7;
		while (*cmd && *cmd != ' ')
			cmd++;
		while (*cmd == ' ')
			cmd++;
	}
	return 0;
}

static int mode_is(const char *mode, const char *name)
{
	while (*name && *mode == *name)
		mode++, name++;
	return !*name && (!*mode || *mode == ' ');
}

void kmain(const void *start_info)
{
	const char *mode = cmdline_mode(start_info);
	struct pvcall_result r = { 0 };
	int native = 0, i;

	/* Mask the legacy PICs before the first sti.  */
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
	setup_idt();
	__asm__ volatile("sti");

	puts("pvcall test kernel: ");
	put_dec((unsigned long)(__stop_pvcall_sites - __start_pvcall_sites));
	puts(" pv sites\n");
	if (!mode)
		mode = "native";
	if (!mode_is(mode, "native") && !mode_is(mode, "hyp") &&
	    !mode_is(mode, "off")) {
		puts("pvcall: unknown mode '");
		while (*mode && *mode != ' ')
			putc(*mode++);
		puts("': use pvcall=native, pvcall=hyp or pvcall=off\n");
		qemu_exit(0);
	}

	self_test(0);
	puts("self-test through the hyp backend: ");
	puts(failures ? "FAILED\n" : "ok\n");

	if (!mode_is(mode, "off")) {
		struct pvcall_backend be = {
			.templates = native_templates,
			.write = boot_text_write,
		};

		native = mode_is(mode, "native");
		if (native)
			be.ntemplates = sizeof(native_templates) /
					sizeof(native_templates[0]);
		check(pvcall_patch(&image, &be, &r) == 0, "no site rejected");
		puts(native ? "patched to native: " : "patched for hyp: ");
		put_dec(r.inlined);
		puts(" inline, ");
		put_dec(r.direct);
		puts(" direct, ");
		put_dec(r.left);
		puts(" left, ");
		for (i = 0; i < PVCALL_NR_REJECTS; i++)
			r.rejected[0] += i ? r.rejected[i] : 0;
		put_dec(r.rejected[0]);
		puts(" rejected\n");
	} else {
		puts("not patched (pvcall=off)\n");
	}

	self_test(native);
	puts("self-test after patching: ");
	puts(failures ? "FAILED\n" : "ok\n");

	check_sites_and_report(native);

	text_read_only();
	wx_test();
	puts("text read-only, write caught: ");
	puts(fault_seen ? "yes\n" : "no\n");

	puts(failures ? "pvcall test kernel: FAILED (" : "pvcall test kernel: all ok (");
	put_dec((unsigned long)failures);
	puts(" failures)\n");
	qemu_exit(!failures);
}
