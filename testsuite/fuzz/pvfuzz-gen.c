/* SPDX-License-Identifier: MIT */
/*
 * pvfuzz-gen SEED - print a random, well-defined C program that exercises
 * pv calls, for the differential campaign (docs/fuzzing.md).
 *
 * The program has an ops table with random signatures (arguments in 0-6
 * registers: integers of every width, _Bool, pointers, and structs and
 * unions of up to 16 bytes; void, integer, two-register integer or
 * two-register struct results) and random
 * declared clobber sets, drawn per program within the per-unit limit and
 * served by the poisoning thunks of testsuite/pvcall.run/poison.h, which
 * honour each op's set exactly and trash everything else they may,
 * including each site's dead registers.
 * Callers keep many values live through straight code, branches, bounded
 * loops, inlined wrappers, calls in tail position, pointer copies and
 * void * slots converted at the call.
 * Only unsigned arithmetic, bounded loops and in-range shifts: no
 * undefined behaviour, so every correct build prints the same checksum.
 *
 * Built with -DPVFUZZ_PATCH (and libpvcall.a), the program also prints
 * the checksum again after patching its sites to direct calls, and again
 * after inlining the identity ops.
 */
#include <stdio.h>
#include <stdlib.h>

static unsigned long long rng;

static unsigned int rnd(unsigned int n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)((rng >> 33) % n);
}

#define MAX_OPS		10
#define MAX_FNS		12
#define MAX_VARS	16

/* The registers a declared clobber set may name, bit i for regs[i]; rax
 * is clobbered by every pv call anyway.  */
static const char *const regs[] = {
	"rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11"
};
#define NREGS		8
#define REG_RDX		0x02u

/* Each program draws its own clobber sets: at most 5, so that with the
 * {rax, rdx} of a two-register result there are at most 6 distinct masks,
 * the plugin's per-unit limit.  sets[0] is the empty set.  */
#define MAX_SETS	5
static unsigned int sets[MAX_SETS];
static int nsets;

/* Results: none, an integer of some width (rtype), unsigned __int128 or
 * struct pv_s16 in rax:rdx, or the identity of an unsigned long (an op
 * the patcher inlines as a move).  */
enum ret_kind { RET_VOID, RET_LONG, RET_WIDE, RET_ID, RET_PAIR, NRET };

/* Argument types.  A narrow integer has to be extended on one side of
 * the call or the other, an aggregate takes one register (partly filled
 * when under 8 bytes) or two (the second partly filled for 12 bytes).  */
enum arg_kind {
	A_ULONG, A_PTR, A_UINT, A_INT, A_USHORT, A_SHORT, A_UCHAR, A_SCHAR,
	A_BOOL, A_S3, A_S12, A_S16, A_UNION, NARG
};

static const struct {
	const char *type;
	int words;		/* argument registers */
} arg_types[NARG] = {
	[A_ULONG] = { "unsigned long", 1 },
	[A_PTR] = { "const unsigned long *", 1 },
	[A_UINT] = { "unsigned int", 1 },
	[A_INT] = { "int", 1 },
	[A_USHORT] = { "unsigned short", 1 },
	[A_SHORT] = { "short", 1 },
	[A_UCHAR] = { "unsigned char", 1 },
	[A_SCHAR] = { "signed char", 1 },
	[A_BOOL] = { "_Bool", 1 },
	[A_S3] = { "struct pv_s3", 1 },
	[A_S12] = { "struct pv_s12", 2 },
	[A_S16] = { "struct pv_s16", 2 },
	[A_UNION] = { "union pv_u", 1 },
};

/* The integer results of RET_LONG, the first the common case, and their
 * widths: the thunk of a narrow one poisons the rest of rax.  */
static const struct {
	const char *type;
	int bits;
} int_rets[] = {
	{ "unsigned long", 64 }, { "unsigned int", 32 }, { "int", 32 },
	{ "unsigned short", 16 }, { "signed char", 8 }, { "_Bool", 8 }
};
#define NINT_RETS	6
#define RT_BOOL		5

#define MAX_ARGS	6

struct op {
	int nargs;
	enum arg_kind arg[MAX_ARGS];
	enum ret_kind ret;
	int rtype;		/* index in int_rets, for RET_LONG */
	int clobbers;
};

static struct op ops[MAX_OPS];
static int nops, nfns;

/* Two-register results: the thunk leaves rdx, the high word, alone.  */
static int two_reg_ret(enum ret_kind ret)
{
	return ret == RET_WIDE || ret == RET_PAIR;
}

static const char *ret_type(const struct op *o)
{
	switch (o->ret) {
	case RET_VOID: return "void";
	case RET_WIDE: return "unsigned __int128";
	case RET_PAIR: return "struct pv_s16";
	case RET_LONG: return int_rets[o->rtype].type;
	default: return "unsigned long";
	}
}

static void print_params(const struct op *o, int names)
{
	int i;

	if (!o->nargs)
		printf("void");
	for (i = 0; i < o->nargs; i++) {
		printf("%s%s", i ? ", " : "", arg_types[o->arg[i]].type);
		if (names)
			printf(" a%d", i);
	}
}

static void gen_sets(void)
{
	int k, r;

	nsets = 2 + (int)rnd(MAX_SETS - 1);
	sets[0] = 0;
	for (k = 1; k < nsets; k++) {
		unsigned int m = 0;

		/* Mostly a few registers; now and then all of them, which
		 * makes the type an ordinary function type.  */
		if (rnd(8) == 0)
			m = (1u << NREGS) - 1;
		else
			for (r = 0; r < NREGS; r++)
				if (rnd(4) == 0)
					m |= 1u << r;
		sets[k] = m;
	}
}

/* An op's clobber set.  An identity op (patched inline to a move) takes
 * the empty set.  A two-register result clobbers rdx anyway, so its op
 * takes the empty set ({rax, rdx}) or one that names rdx: no new mask.  */
static int pick_set(enum ret_kind ret)
{
	int k, n = 0, with_rdx[MAX_SETS];

	if (ret == RET_ID)
		return 0;
	if (!two_reg_ret(ret))
		return (int)rnd((unsigned int)nsets);
	for (k = 0; k < nsets; k++)
		if (k == 0 || (sets[k] & REG_RDX))
			with_rdx[n++] = k;
	return with_rdx[rnd((unsigned int)n)];
}

/* The registers of M separated by commas, in quotes if QUOTE.  */
static void print_regs(unsigned int m, int quote)
{
	const char *sep = "";
	int r;

	for (r = 0; r < NREGS; r++)
		if (m & (1u << r)) {
			printf(quote ? "%s\"%s\"" : "%s%s", sep, regs[r]);
			sep = ", ";
		}
}

/* The set as the thunk's list of registers to poison.  The high half of
 * a two-register result is in rdx, so the thunk must leave rdx alone.  */
static void print_thunk_set(unsigned int m, enum ret_kind ret)
{
	print_regs(two_reg_ret(ret) ? m & ~REG_RDX : m, 0);
}

/* The set as an attribute: the empty set in either spelling.  */
static void print_attr_set(unsigned int m)
{
	if (m == 0 && rnd(2)) {
		printf("__pvcall");
		return;
	}
	printf("__pvcall_clobbers(");
	print_regs(m, 1);
	printf(")");
}

/* An argument's type: mostly unsigned long, as most pv ops take, now and
 * then a pointer or any of the other kinds.  */
static enum arg_kind pick_arg(void)
{
	unsigned int r = rnd(8);

	if (r < 4)
		return A_ULONG;
	if (r == 4)
		return A_PTR;
	return (enum arg_kind)(A_UINT + rnd(NARG - A_UINT));
}

/* A signature whose arguments fit in the six argument registers.  */
static void gen_signature(struct op *o)
{
	int want, words = 0;

	o->ret = (enum ret_kind)rnd(NRET);
	o->rtype = rnd(2) ? 0 : (int)rnd(NINT_RETS);
	o->nargs = 0;
	if (o->ret == RET_ID) {
		o->nargs = 1;
		o->arg[0] = A_ULONG;
		return;
	}
	want = (int)rnd(MAX_ARGS + 1);
	while (o->nargs < want) {
		enum arg_kind k = pick_arg();

		if (words + arg_types[k].words > MAX_ARGS)
			break;
		words += arg_types[k].words;
		o->arg[o->nargs++] = k;
	}
}

/* The implementation's use of argument J: every bit that the type
 * carries goes into r, nothing the ABI leaves undefined.  */
static void gen_use_arg(const struct op *o, int j)
{
	unsigned int mul = 3 + rnd(40), x = rnd(100000);

	switch (o->arg[j]) {
	case A_PTR:
		printf("\tr = r * 31 + *a%d;\n", j);
		break;
	case A_BOOL:
		printf("\tr = r * %u + a%d;\n", mul, j);
		break;
	case A_S3:
		printf("\tr = r * %u + a%d.b[0] + (a%d.b[1] << 8) + ((unsigned long)a%d.b[2] << 16);\n",
		       mul, j, j, j);
		break;
	case A_S12:
		printf("\tr = r * %u + a%d.a + ((unsigned long)a%d.b << 21) + ((unsigned long)a%d.c << 42);\n",
		       mul, j, j, j);
		break;
	case A_S16:
		printf("\tr = r * %u + (a%d.a ^ a%d.b * %uUL);\n", mul, j, j, x);
		break;
	case A_UNION:
		printf("\tr = r * %u + (a%d.l ^ a%d.h[%u]);\n", mul, j, j, x & 3);
		break;
	default:
		printf("\tr = r * %u + ((unsigned long)a%d ^ %uUL);\n", mul, j, x);
		break;
	}
}

static void gen_return(const struct op *o)
{
	switch (o->ret) {
	case RET_ID:
		printf("\treturn a0;\n");
		break;
	case RET_WIDE:
		printf("\treturn ((unsigned __int128)r << 64) | (r * 5);\n");
		break;
	case RET_PAIR:
		printf("\treturn (struct pv_s16){ r * 7, r ^ %uUL };\n", rnd(100000));
		break;
	case RET_LONG:
		if (o->rtype == RT_BOOL)
			printf("\treturn r >> %u & 1;\n", rnd(8));
		else
			printf("\treturn (%s)r;\n", int_rets[o->rtype].type);
		break;
	default:
		printf("\tgarr[r & 7] += r;\n");
		break;
	}
}

static void gen_impl(const struct op *o, int i)
{
	int j;

	printf("PVT_IMPL %s op%d_impl(", ret_type(o), i);
	print_params(o, 1);
	printf(")\n{\n\tunsigned long r = %uUL;\n", rnd(1000));
	for (j = 0; j < o->nargs; j++)
		gen_use_arg(o, j);
	gen_return(o);
	if (o->ret == RET_LONG && int_rets[o->rtype].bits < 64)
		printf("}\nPVT_THUNK_NARROW(op%d, op%d_impl, %d, \"", i, i,
		       int_rets[o->rtype].bits);
	else
		printf("}\nPVT_THUNK%s(op%d, op%d_impl, \"",
		       o->ret == RET_VOID ? "_VOID" :
		       two_reg_ret(o->ret) ? "_I128" : "", i, i);
	print_thunk_set(sets[o->clobbers], o->ret);
	printf("\");\nextern %s op%d(", ret_type(o), i);
	print_params(o, 0);
	printf(") ");
	print_attr_set(sets[o->clobbers]);
	printf(";\n\n");
}

static void gen_ops(void)
{
	int i, j;

	gen_sets();
	nops = 3 + rnd(MAX_OPS - 2);
	for (i = 0; i < nops; i++) {
		gen_signature(&ops[i]);
		ops[i].clobbers = pick_set(ops[i].ret);
	}
	printf("#include \"poison.h\"\n");
	printf("#ifdef PVFUZZ_PATCH\n#include <pvcall/patch.h>\n#endif\n\n");
	printf("unsigned long garr[8] = { 1, 3, 7, 15, 31, 63, 127, 255 };\n");
	printf("struct pv_s3 { unsigned char b[3]; };\n"
	       "struct pv_s12 { unsigned int a, b, c; };\n"
	       "struct pv_s16 { unsigned long a, b; };\n"
	       "union pv_u { unsigned long l; unsigned short h[4]; };\n"
	       "static inline unsigned long pv_fold(struct pv_s16 p) { return p.a ^ (p.b * 3); }\n\n");
	for (i = 0; i < nops; i++)
		gen_impl(&ops[i], i);
	printf("struct ops {\n");
	for (i = 0; i < nops; i++) {
		printf("\t%s (*op%d)(", ret_type(&ops[i]), i);
		print_params(&ops[i], 0);
		printf(") ");
		print_attr_set(sets[ops[i].clobbers]);
		printf(";\n");
	}
	printf("};\nstruct ops pv_ops = {");
	for (i = 0; i < nops; i++)
		printf("%s op%d", i ? "," : "", i);
	printf(" };\n");
	/* The same ops in void * slots, converted at the call (as Linux
	 * stores its callee-save ops).  */
	printf("struct cs_ops {");
	for (i = 0; i < nops; i++)
		printf(" void *op%d;", i);
	printf(" } cs_ops = {");
	for (i = 0; i < nops; i++)
		printf("%s (void *)op%d", i ? "," : "", i);
	printf(" };\n\n");
	/* Inlined wrappers, one per op.  */
	for (i = 0; i < nops; i++) {
		printf("static inline %s w%d(", ret_type(&ops[i]), i);
		print_params(&ops[i], 1);
		printf(")\n{\n\t%spv_ops.op%d(", ops[i].ret == RET_VOID ? "" : "return ", i);
		for (j = 0; j < ops[i].nargs; j++)
			printf("%sa%d", j ? ", " : "", j);
		printf(");\n}\n");
	}
	printf("\n");
}

/* Argument J of a call, made from the caller's live values.  */
static void gen_arg(const struct op *o, int j, int nvars)
{
	unsigned int n = (unsigned int)nvars;

	switch (o->arg[j]) {
	case A_ULONG:
		printf("v%u", rnd(n));
		break;
	case A_PTR:
		printf("&garr[v%u & 7]", rnd(n));
		break;
	case A_BOOL:
		if (rnd(2)) {
			printf("(_Bool)(v%u & 1)", rnd(n));
		} else {
			/* Two different values: v < v would be constant.  */
			unsigned int x = rnd(n);

			printf("v%u < v%u", x, (x + 1 + rnd(n - 1)) % n);
		}
		break;
	case A_S3:
		printf("(struct pv_s3){ { v%u, v%u, v%u } }", rnd(n), rnd(n), rnd(n));
		break;
	case A_S12:
		printf("(struct pv_s12){ v%u, v%u, v%u }", rnd(n), rnd(n), rnd(n));
		break;
	case A_S16:
		printf("(struct pv_s16){ v%u, v%u }", rnd(n), rnd(n));
		break;
	case A_UNION:
		printf("(union pv_u){ .l = v%u }", rnd(n));
		break;
	default:
		printf("(%s)v%u", arg_types[o->arg[j]].type, rnd(n));
		break;
	}
}

static void gen_args(const struct op *o, int nvars)
{
	int j;

	for (j = 0; j < o->nargs; j++) {
		if (j)
			printf(", ");
		gen_arg(o, j, nvars);
	}
}

/* One pv call, its value (if any) folded into a variable.  */
static void gen_call(int nvars, int depth)
{
	int k = (int)rnd((unsigned int)nops);
	const struct op *o = &ops[k];
	unsigned int how = rnd(4), dst = rnd((unsigned int)nvars);

	printf("%*s", depth * 8, "");
	if (o->ret == RET_PAIR)
		printf("v%u %s= pv_fold(", dst, rnd(2) ? "+" : "^");
	else if (o->ret != RET_VOID)
		printf("v%u %s= (unsigned long)(", dst, rnd(2) ? "+" : "^");
	if (how == 0)
		printf("pv_ops.op%d(", k);
	else if (how == 1)
		printf("w%d(", k);
	else if (how == 2)
		printf("({ typeof(pv_ops.op%d) fp = pv_ops.op%d; fp; })(", k, k);
	else
		printf("((typeof(pv_ops.op%d))cs_ops.op%d)(", k, k);
	gen_args(o, nvars);
	printf(")%s%s;\n", o->ret == RET_WIDE ? " >> (v0 & 63)" : "",
	       o->ret != RET_VOID ? ")" : "");
}

static void gen_stmt(int nvars, int depth)
{
	unsigned int a = rnd((unsigned int)nvars), b = rnd((unsigned int)nvars);
	unsigned int c = rnd((unsigned int)nvars);

	switch (rnd(depth < 2 ? 6 : 4)) {
	case 0:
	case 1:
		gen_call(nvars, depth);
		break;
	case 2:
		printf("%*sv%u = v%u * %u + (v%u >> %u);\n", depth * 8, "",
		       a, b, 3 + rnd(60), c, rnd(64));
		break;
	case 3:
		printf("%*sv%u ^= v%u + %uUL;\n", depth * 8, "", a, b, rnd(1 << 20));
		break;
	case 4:
		printf("%*sif ((v%u & %u) == 0) {\n", depth * 8, "", a, 1 + rnd(7));
		gen_stmt(nvars, depth + 1);
		gen_stmt(nvars, depth + 1);
		printf("%*s} else {\n", depth * 8, "");
		gen_stmt(nvars, depth + 1);
		printf("%*s}\n", depth * 8, "");
		break;
	default:
		printf("%*sfor (unsigned long i%d = 0; i%d < (v%u & 3) + 1; i%d++) {\n",
		       depth * 8, "", depth, depth, a, depth);
		gen_stmt(nvars, depth + 1);
		gen_stmt(nvars, depth + 1);
		printf("%*s}\n", depth * 8, "");
		break;
	}
}

static void gen_fn(int f)
{
	int nvars = 4 + (int)rnd(MAX_VARS - 3), i, nstmts = 3 + (int)rnd(8);

	printf("static __attribute__((noinline)) unsigned long\nfn%d(unsigned long a, unsigned long b, unsigned long c)\n{\n", f);
	for (i = 0; i < nvars; i++)
		printf("\tunsigned long v%d = a * %u + (b ^ %uUL) + c * %u;\n",
		       i, 1 + rnd(100), rnd(1 << 16), rnd(50));
	for (i = 0; i < nstmts; i++)
		gen_stmt(nvars, 1);
	if (rnd(3) == 0) {
		/* A pv call in tail position.  */
		int k = (int)rnd((unsigned int)nops);

		if (ops[k].ret == RET_LONG || ops[k].ret == RET_ID) {
			printf("\treturn pv_ops.op%d(", k);
			gen_args(&ops[k], nvars);
			printf(");\n}\n\n");
			return;
		}
	}
	printf("\treturn 0");
	for (i = 0; i < nvars; i++)
		printf(" + v%d * %u", i, 1 + 2 * rnd(50));
	printf(";\n}\n\n");
}

static void gen_main(void)
{
	int f, i;

	printf("static unsigned long\nchecksum(void)\n{\n\tunsigned long s = 0;\n");
	for (f = 0; f < nfns; f++)
		printf("\ts = s * 1000003 + fn%d(PVT_SEED(%d), PVT_SEED(%d), s);\n",
		       f, f, f + 7);
	printf("\tfor (int k = 0; k < 8; k++)\n\t\ts = s * 31 + garr[k];\n");
	printf("\treturn s;\n}\n\n");
	printf("static void\nshow(const char *what)\n{\n"
	       "\tunsigned long saved[8], s;\n"
	       "\tfor (int k = 0; k < 8; k++) saved[k] = garr[k];\n"
	       "\ts = checksum();\n"
	       "\tfor (int k = 0; k < 8; k++) garr[k] = saved[k];\n"
	       "\tpvt_puts(what);\n\tpvt_puts(\" \");\n\tpvt_put_hex(s);\n"
	       "\tpvt_puts(\"\\n\");\n}\n\n");
	printf("#ifdef PVFUZZ_PATCH\n"
	       "extern const struct pvcall_site __start_pvcall_sites[] __attribute__((weak)), __stop_pvcall_sites[] __attribute__((weak));\n"
	       "extern const char __start_pvcall_classes[] __attribute__((weak)), __stop_pvcall_classes[] __attribute__((weak));\n"
	       "extern const char __start_pvcall_ops[] __attribute__((weak)), __stop_pvcall_ops[] __attribute__((weak));\n"
	       "extern const char __executable_start[], etext[];\n"
	       "static const struct pvcall_template templates[] = {\n");
	for (i = 0; i < nops; i++)
		if (ops[i].ret == RET_ID)
			printf("\t{ \"pv_ops.op%d\", 0, pvcall_encode_identity },\n", i);
	printf("\t{ 0, 0, 0 }\n};\n"
	       "static int\npatch(size_t ntemplates)\n{\n"
	       "\tstruct pvcall_image im = { __start_pvcall_sites, __stop_pvcall_sites,\n"
	       "\t\t__start_pvcall_classes, __stop_pvcall_classes,\n"
	       "\t\t__start_pvcall_ops, __stop_pvcall_ops, __executable_start, etext };\n"
	       "\tstruct pvcall_backend be = { templates, ntemplates, pvcall_user_text_write, 0, 0, 0 };\n"
	       "\tstruct pvcall_result r = { 0 };\n"
	       "\tif (!__start_pvcall_sites)\n\t\treturn 0;\n"
	       "\tpvcall_unpatch(&im, &be, &r);\n"
	       "\treturn pvcall_patch(&im, &be, &r) != 0;\n}\n#endif\n\n");
	printf("int\nmain(void)\n{\n\tshow(\"checksum\");\n"
	       "#ifdef PVFUZZ_PATCH\n"
	       "\tif (patch(0))\n\t\tpvt_puts(\"patch rejected sites\\n\");\n"
	       "\tshow(\"checksum\");\n"
	       "\tif (patch(sizeof templates / sizeof templates[0] - 1))\n\t\tpvt_puts(\"patch rejected sites\\n\");\n"
	       "\tshow(\"checksum\");\n"
	       "#endif\n"
	       "\treturn pvt_misaligned != 0;\n}\n");
}

int main(int argc, char **argv)
{
	int f;

	rng = argc > 1 ? strtoull(argv[1], 0, 0) : 1;
	rng = rng * 0x9e3779b97f4a7c15ULL + 12345;
	printf("/* pvfuzz program, seed %s */\n", argc > 1 ? argv[1] : "1");
	gen_ops();
	nfns = 2 + (int)rnd(MAX_FNS - 1);
	for (f = 0; f < nfns; f++)
		gen_fn(f);
	gen_main();
	return 0;
}
