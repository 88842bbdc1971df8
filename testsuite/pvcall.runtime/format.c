/* <pvcall/format.h>, the record format's one home: register names and
   lookup, the ABI's argument order, masks and operands as text, the regs
   field, stub names written and read back, and which records are valid.
   pvcall.exp also builds and runs this file as C++ (g++ -fno-rtti
   -fno-exceptions), as the plugin includes the header.  */
/* { dg-do run } */

#include <stdio.h>
#include <string.h>
#include <pvcall/format.h>

static int failed;

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			printf("FAIL line %d: %s\n", __LINE__, #cond);	\
			failed = 1;					\
		}							\
	} while (0)

#define RAX PVCALL_REG_BIT(PVCALL_REG_RAX)
#define RCX PVCALL_REG_BIT(PVCALL_REG_RCX)
#define RBX PVCALL_REG_BIT(PVCALL_REG_RBX)
#define R11 PVCALL_REG_BIT(PVCALL_REG_R11)

static void test_regs(void)
{
	int args[3] = { PVCALL_REG_R12, PVCALL_REG_RBX, PVCALL_REG_R8 };
	uint32_t regs = pvcall_regs_make(PVCALL_REG_R15, args, 3);
	unsigned int i;

	CHECK(!strcmp(pvcall_reg_name(PVCALL_REG_R9), "r9"));
	CHECK(!strcmp(pvcall_reg_name(PVCALL_NR_REGS), "?"));
	for (i = 0; i < PVCALL_NR_REGS; i++)
		CHECK(pvcall_reg_lookup(pvcall_reg_name(i),
					strlen(pvcall_reg_name(i))) == (int)i);
	CHECK(pvcall_reg_lookup("r1", 2) == -1);
	CHECK(pvcall_reg_lookup("r10x", 3) == PVCALL_REG_R10);
	CHECK(pvcall_abi_arg(0) == PVCALL_REG_RDI);
	CHECK(pvcall_abi_arg(3) == PVCALL_REG_RCX);
	CHECK(pvcall_abi_arg(5) == PVCALL_REG_R9);
	CHECK(pvcall_regs_out(regs) == PVCALL_REG_R15);
	CHECK(pvcall_regs_nargs(regs) == 3);
	CHECK(PVCALL_REGS_ARG(regs, 1) == PVCALL_REG_RBX);
	CHECK(pvcall_regs_out(pvcall_regs_make(-1, args, 0)) == -1);
	CHECK(pvcall_regs_nargs(7u << 5) == PVCALL_MAX_ARGS);
	CHECK(!pvcall_regs_are_abi(regs));
	CHECK(pvcall_regs_are_abi(pvcall_regs_abi(regs)));
}

static void test_text(void)
{
	char buf[80], small[6];
	struct pvcall_str s;

	CHECK(!strcmp(pvcall_mask_text(buf, sizeof(buf), RAX | RCX | R11,
				       ",", "-"), "rax,rcx,r11"));
	CHECK(!strcmp(pvcall_mask_text(buf, sizeof(buf), RAX | RBX, ", ",
				       ""), "rax, rbx"));
	CHECK(!strcmp(pvcall_mask_text(buf, sizeof(buf), 0, ",", "-"), "-"));
	CHECK(!strcmp(pvcall_mask_text(small, sizeof(small), RAX | RCX, ",",
				       "-"), "rax,r"));
	CHECK(!strcmp(pvcall_operands_text(buf, sizeof(buf), 0), "-"));
	CHECK(!strcmp(pvcall_operands_text(buf, sizeof(buf),
					   pvcall_regs_abi(0x30u)), "rax<-rdi"));
	CHECK(!strcmp(pvcall_operands_text(buf, sizeof(buf), 0xffffffe0u),
		      "-<-r15,r15,r15,r15,r15,r15,?"));
	pvcall_str_init(&s, buf, sizeof(buf));
	pvcall_str_hex(&s, 0x1, 3);
	pvcall_str_hex(&s, 0xabcd, 3);
	pvcall_str_hex(&s, 0, 1);
	pvcall_str_hex(&s, 0xffffffffu, 3);
	CHECK(!strcmp(buf, "001abcd0ffffffff"));
}

static void test_stub_names(void)
{
	int args[2] = { PVCALL_REG_R12, PVCALL_REG_RDI };
	uint32_t regs = pvcall_regs_make(PVCALL_REG_RBX, args, 2), got = 0;
	uint32_t none = pvcall_regs_make(-1, args, 1);
	struct pvcall_str s;
	char buf[120];

	pvcall_str_init(&s, buf, sizeof(buf));
	pvcall_str_stub_head(&s, "pv_ops.8.001", ".rx", 1, 0x5);
	pvcall_str_stub_regs(&s, regs);
	CHECK(!strcmp(buf, "__pvcall.r.pv_ops.8.001.rx.a16.d005.rbx.r12.rdi"));
	CHECK(pvcall_is_stub(buf));
	CHECK(pvcall_stub_parse(buf, &got) && got == regs);
	CHECK(pvcall_stub_matches(buf, regs));
	CHECK(!pvcall_stub_matches(buf, none));

	pvcall_str_init(&s, buf, sizeof(buf));
	pvcall_str_stub_head(&s, "f.native_cli.001.g", "", 0, 0);
	pvcall_str_stub_regs(&s, none);
	CHECK(!strcmp(buf, "__pvcall.r.f.native_cli.001.g.v.r12"));
	CHECK(pvcall_stub_parse(buf, &got) && got == none);
	CHECK(pvcall_stub_matches(buf, none));

	CHECK(!pvcall_stub_parse("__pvcall.s.pv_ops.8.001", &got));
	CHECK(!pvcall_stub_parse("__pvcall.r.pv_ops.8.001", &got));
	CHECK(!pvcall_stub_matches("native_cli", regs));
}

static void test_faults(void)
{
	struct pvcall_class c;
	struct pvcall_op op;

	memset(&c, 0, sizeof(c));
	memset(&op, 0, sizeof(op));
	c.target = 8;
	c.len = PVCALL_CALL_REL32_LEN;
	c.form = PVCALL_FORM_CALL_REL32;
	c.regs = pvcall_regs_abi(0x50u);
	c.dead = RCX;
	op.version = PVCALL_SITE_VERSION;
	op.flags = PVCALL_OP_EXACT;
	op.clobbers = RAX | R11;
	op.ref = 16;
	CHECK(pvcall_record_faults(&c, &op) == 0);

	c.regs = pvcall_regs_make(PVCALL_REG_RBX, 0, 0) | PVCALL_REGS_HAS_OUT;
	CHECK(pvcall_class_faults(&c) == PVCALL_BAD_ABI_REGS);
	c.form = PVCALL_FORM_CALL_REL32_ANY;
	CHECK(pvcall_class_faults(&c) == 0);
	c.regs = pvcall_regs_make(PVCALL_REG_RSP, 0, 0);
	CHECK(pvcall_class_faults(&c) == PVCALL_BAD_RSP);
	c.regs = 7u << 5;
	CHECK(pvcall_class_faults(&c) == PVCALL_BAD_NARGS);
	c.regs = 0;
	c.form = 3;
	c.len = 6;
	c.dead = RBX;
	c.target = 0;
	CHECK(pvcall_class_faults(&c) == (PVCALL_BAD_FORM | PVCALL_BAD_LEN |
					  PVCALL_BAD_DEAD |
					  PVCALL_BAD_TARGET));

	op.flags = 0x20 | PVCALL_OP_DIRECT;
	op.clobbers = RBX;
	op.ref = 0;
	op.offset = 8;
	CHECK(pvcall_op_faults(&op) == (PVCALL_BAD_FLAGS |
					PVCALL_BAD_CLOBBERS |
					PVCALL_BAD_NO_RAX |
					PVCALL_BAD_OFFSET));
	op.flags = PVCALL_OP_GOT;
	op.clobbers = RAX;
	CHECK(pvcall_op_faults(&op) == PVCALL_BAD_REF);
	op.ref = 4;
	CHECK(pvcall_op_faults(&op) == 0);
	op.version = PVCALL_SITE_VERSION + 1;
	op.flags = 0xff;
	CHECK(pvcall_op_faults(&op) == PVCALL_BAD_VERSION);
}

int main(void)
{
	test_regs();
	test_text();
	test_stub_names();
	test_faults();
	if (!failed)
		printf("format: ok\n");
	return failed;
}
