/* SPDX-License-Identifier: MIT */
/*
 * runtime-bench.c - what the runtime costs and buys (bench/runtime.sh).
 *
 *   runtime-bench loop MODE N    the hot loop, N iterations; MODE is
 *                                unpatched, direct or inline (patch the
 *                                sites first); built with -DNATIVE it runs
 *                                the native instructions instead
 *   runtime-bench call KIND N    N calls of one op implemented as KIND:
 *                                plain (C call through a table, no
 *                                plugin), ncsr (no_caller_saved_registers),
 *                                thunk (PVCALL_THUNK), linux (8 pushes
 *                                and pops like PV_CALLEE_SAVE_REGS_THUNK)
 *   runtime-bench rate N         sites patched per second on a synthetic
 *                                table of N sites
 *
 * Counts come from valgrind --tool=callgrind (--toggle-collect on the
 * measured function), so they are instructions, not seconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pvcall.h>
#include <pvcall/patch.h>
#include <pvcall/thunk.h>

/* ---- The ops.  ---- */

__attribute__((no_caller_saved_registers, target("general-regs-only")))
unsigned long __pvcall ncsr_pte_val(unsigned long v)
{
	return v;
}

__attribute__((no_caller_saved_registers, target("general-regs-only")))
unsigned long __pvcall ncsr_save_fl(void)
{
	unsigned long f;

	__asm__ volatile("pushf\n\tpop %0" : "=r"(f));
	return f;
}

__attribute__((noinline, visibility("hidden"))) unsigned long
plain_pte_val(unsigned long v)
{
	return v;
}

PVCALL_THUNK(thunk_pte_val, plain_pte_val, "");

__attribute__((noinline, visibility("hidden"), used)) unsigned long
plain_save_fl_for_thunk(void)
{
	unsigned long f;

	__asm__ volatile("pushf\n\tpop %0" : "=r"(f));
	return f;
}
extern unsigned long thunk_pte_val(unsigned long) __pvcall;

/* Linux 6.1's PV_CALLEE_SAVE_REGS_THUNK: push rcx, rdx, rsi, rdi,
 * r8-r11, call, pop them.  */
__asm__(".pushsection .text\n"
	".globl linux_thunk_pte_val\n"
	".type linux_thunk_pte_val, @function\n"
	"linux_thunk_pte_val:\n"
	"\tpush %rcx\n\tpush %rdx\n\tpush %rsi\n\tpush %rdi\n"
	"\tpush %r8\n\tpush %r9\n\tpush %r10\n\tpush %r11\n"
	"\tcall plain_pte_val\n"
	"\tpop %r11\n\tpop %r10\n\tpop %r9\n\tpop %r8\n"
	"\tpop %rdi\n\tpop %rsi\n\tpop %rdx\n\tpop %rcx\n"
	"\tret\n"
	".size linux_thunk_pte_val, .-linux_thunk_pte_val\n"
	".popsection\n");
extern unsigned long linux_thunk_pte_val(unsigned long) __pvcall;

struct pv_ops {
	unsigned long (*pte_val)(unsigned long) __pvcall;
	unsigned long (*save_fl)(void) __pvcall;
	unsigned long (*ncsr)(unsigned long) __pvcall;
	unsigned long (*thunk)(unsigned long) __pvcall;
	unsigned long (*linux_thunk)(unsigned long) __pvcall;
};
#ifdef THUNKED
/* The ops as plain C behind PVCALL_THUNKs instead.  */
PVCALL_THUNK(thunk_save_fl, plain_save_fl_for_thunk, "");
extern unsigned long thunk_save_fl(void) __pvcall;
#define HOT_SAVE_FL	thunk_save_fl
#define HOT_PTE_VAL	thunk_pte_val
#else
#define HOT_SAVE_FL	ncsr_save_fl
#define HOT_PTE_VAL	ncsr_pte_val
#endif

struct pv_ops pv_ops = {
	HOT_PTE_VAL, HOT_SAVE_FL, ncsr_pte_val, thunk_pte_val,
	linux_thunk_pte_val,
};

/* Plain C calls through a table: no plugin in sight.  */
struct plain_ops { unsigned long (*pte_val)(unsigned long); };
struct plain_ops plain_ops = { plain_pte_val };

/* Linux 6.1-style PVOP_CALLEE macros: calls pinned to rdi and rax,
 * through callee-save thunks (8 pushes, 8 pops) around plain C.  */
__attribute__((noinline, visibility("hidden"))) unsigned long
plain_save_fl(void)
{
	unsigned long f;

	__asm__ volatile("pushf\n\tpop %0" : "=r"(f));
	return f;
}

__asm__(".pushsection .text\n"
	".globl linux_thunk_save_fl\n"
	".type linux_thunk_save_fl, @function\n"
	"linux_thunk_save_fl:\n"
	"\tpush %rcx\n\tpush %rdx\n\tpush %rsi\n\tpush %rdi\n"
	"\tpush %r8\n\tpush %r9\n\tpush %r10\n\tpush %r11\n"
	"\tcall plain_save_fl\n"
	"\tpop %r11\n\tpop %r10\n\tpop %r9\n\tpop %r8\n"
	"\tpop %rdi\n\tpop %rsi\n\tpop %rdx\n\tpop %rcx\n"
	"\tret\n"
	".size linux_thunk_save_fl, .-linux_thunk_save_fl\n"
	".popsection\n");

extern char linux_thunk_save_fl[];

struct linux_ops { void *save_fl, *pte_val; };
struct linux_ops linux_ops = {
	(void *)linux_thunk_save_fl, (void *)linux_thunk_pte_val,
};

#define LINUX_CALLEE0(slot) ({ unsigned long r_;			\
	__asm__ volatile("call *%c1+linux_ops(%%rip)" : "=a"(r_)	\
			 : "i"(__builtin_offsetof(struct linux_ops, slot))	\
			 : "memory", "cc"); r_; })
#define LINUX_CALLEE1(slot, a) ({ unsigned long r_, d_;		\
	__asm__ volatile("call *%c2+linux_ops(%%rip)" : "=a"(r_), "=D"(d_)	\
			 : "i"(__builtin_offsetof(struct linux_ops, slot)),	\
			   "1"(a) : "memory", "cc"); r_; })

/* ---- The hot loop: a page-table scan with the irq flags saved.  ---- */

__attribute__((noinline)) unsigned long hot_loop(const unsigned long *ptes,
						 long n)
{
	unsigned long sum = 0, young = 0;
	long i;

	for (i = 0; i < n; i++) {
#if defined(NATIVE)
		unsigned long f, v = ptes[i & 1023];

		__asm__ volatile("pushf\n\tpop %0" : "=r"(f));
#elif defined(LINUX_MACROS)
		unsigned long f = LINUX_CALLEE0(save_fl);
		unsigned long v = LINUX_CALLEE1(pte_val, ptes[i & 1023]);
#else
		unsigned long f = pv_ops.save_fl();
		unsigned long v = pv_ops.pte_val(ptes[i & 1023]);
#endif
		sum += v & 1;
		young |= (v & 0x20) ^ (f & 0x200);
	}
	return sum + young;
}

/* ---- One op, N calls, one loop per kind.  ---- */

#define CALL_LOOP(name, call)						\
	__attribute__((noinline)) unsigned long name(long n)		\
	{								\
		unsigned long acc = 0;					\
		long i;							\
									\
		for (i = 0; i < n; i++)					\
			acc += call(i);					\
		return acc;						\
	}

CALL_LOOP(call_plain, plain_ops.pte_val)
CALL_LOOP(call_ncsr, pv_ops.ncsr)
CALL_LOOP(call_thunk, pv_ops.thunk)
CALL_LOOP(call_linux, pv_ops.linux_thunk)

#if !defined(NATIVE) && defined(__PVCALL__)
extern const struct pvcall_site __start_pvcall_sites[], __stop_pvcall_sites[];
extern const char __start_pvcall_classes[], __stop_pvcall_classes[];
extern const char __start_pvcall_ops[], __stop_pvcall_ops[];
extern const char __executable_start[], etext[];

static const struct pvcall_template inline_templates[] = {
	{ "pv_ops.save_fl", 0, pvcall_encode_save_fl },
	{ "pv_ops.pte_val", 0, pvcall_encode_identity },
};

static void patch_sites(int inline_ops)
{
	struct pvcall_image im = {
		__start_pvcall_sites, __stop_pvcall_sites,
		__start_pvcall_classes, __stop_pvcall_classes,
		__start_pvcall_ops, __stop_pvcall_ops,
		__executable_start, etext,
	};
	struct pvcall_backend be = {
		inline_templates, inline_ops ? 2 : 0,
		pvcall_user_text_write, 0, 0, 0,
	};
	struct pvcall_result r = { 0 };

	if (pvcall_patch(&im, &be, &r)) {
		fprintf(stderr, "patch rejected sites\n");
		exit(1);
	}
	fprintf(stderr, "patched: %lu inline, %lu direct, %lu left\n",
		r.inlined, r.direct, r.left);
}
#endif

/* ---- Patch rate on a synthetic table.  ---- */

static int memory_write(void *ctx, void *dst, const void *src, size_t len)
{
	(void)ctx;
	memcpy(dst, src, len);
	return 0;
}

static void set_ref(int32_t *field, const void *to)
{
	*field = (int32_t)((const char *)to - (const char *)field);
}

#define RATE_MAX	1000000

static void rate(long n)
{
	/* One op through a slot, one class: n call sites in a buffer that
	 * stands for text, each `call stub'.  */
	static unsigned char stub[16];
	static void *slot = stub;
	static struct { struct pvcall_op op; char name[8]; } op;
	static struct pvcall_class cls;
	static const struct pvcall_template t[] = {
		{ "op", 0, pvcall_encode_save_fl },
	};
	struct pvcall_backend be = { t, 1, memory_write, 0, 0, 0 };
	/* Static, so that the stub is within a call's reach of the text.  */
	static unsigned char text[RATE_MAX * 5 + 64];
	static struct pvcall_site sites[RATE_MAX];
	struct pvcall_result r = { 0 };
	struct timespec a, b;
	struct pvcall_image im;
	double secs;
	long i;

	if (n > RATE_MAX)
		n = RATE_MAX;
	op.op.version = PVCALL_SITE_VERSION;
	op.op.clobbers = PVCALL_REG_BIT(PVCALL_REG_RAX);
	strcpy(op.name, "op");
	set_ref(&op.op.name, op.name);
	set_ref(&op.op.ref, &slot);
	set_ref(&cls.op, &op.op);
	set_ref(&cls.target, stub);
	cls.len = 5;
	cls.form = PVCALL_FORM_CALL_REL32;
	cls.regs = PVCALL_REGS_HAS_OUT | PVCALL_REG_RAX;
	for (i = 0; i < n; i++) {
		unsigned char *site = text + i * 5;
		int32_t rel = (int32_t)((unsigned char *)stub - (site + 5));

		site[0] = 0xe8;
		memcpy(site + 1, &rel, 4);
		set_ref(&sites[i].site, site);
		set_ref(&sites[i].cls, &cls);
	}
	im = (struct pvcall_image){ sites, sites + n, &cls, &cls + 1,
				    &op, (char *)&op + sizeof(op),
				    text, text + n * 5 };
	clock_gettime(CLOCK_MONOTONIC, &a);
	pvcall_patch(&im, &be, &r);
	clock_gettime(CLOCK_MONOTONIC, &b);
	secs = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	printf("%ld sites: %lu inlined, %lu rejected (record %lu, range %lu, "
	       "overlap %lu, bytes %lu) in %.4f s: %.0f sites/s\n",
	       n, r.inlined, r.rejected[PVCALL_REJ_RECORD] +
	       r.rejected[PVCALL_REJ_RANGE] + r.rejected[PVCALL_REJ_OVERLAP] +
	       r.rejected[PVCALL_REJ_BYTES] + r.rejected[PVCALL_REJ_FIT] +
	       r.rejected[PVCALL_REJ_WRITE], r.rejected[PVCALL_REJ_RECORD],
	       r.rejected[PVCALL_REJ_RANGE], r.rejected[PVCALL_REJ_OVERLAP],
	       r.rejected[PVCALL_REJ_BYTES], secs, (double)n / secs);
}

int main(int argc, char **argv)
{
	static unsigned long ptes[1024];
	long n = argc > 3 ? atol(argv[3]) : 1000000;
	long i;

	for (i = 0; i < 1024; i++)
		ptes[i] = (unsigned long)i * 0x9e3779b97f4a7c15UL;
	if (argc > 2 && !strcmp(argv[1], "loop")) {
#if !defined(NATIVE) && defined(__PVCALL__)
		if (!strcmp(argv[2], "direct"))
			patch_sites(0);
		else if (!strcmp(argv[2], "inline"))
			patch_sites(1);
#endif
		printf("%lu\n", hot_loop(ptes, n));
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "call")) {
		unsigned long (*loop)(long) =
			!strcmp(argv[2], "plain") ? call_plain :
			!strcmp(argv[2], "ncsr") ? call_ncsr :
			!strcmp(argv[2], "thunk") ? call_thunk : call_linux;

		printf("%lu\n", loop(n));
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "rate")) {
		rate(atol(argv[2]));
		return 0;
	}
	fprintf(stderr, "usage: %s loop|call|rate ...\n", argv[0]);
	return 2;
}
