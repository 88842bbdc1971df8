/* SPDX-License-Identifier: MIT */
/*
 * patcher-fuzz.c - libFuzzer harness for the runtime's patcher.
 *
 * The input describes a small text (256 bytes), some call sites in it,
 * their classes and two ops, all in writable memory with self-relative
 * fields, mostly well-formed and sometimes not.  pvcall_patch() runs with
 * templates for both ops, then pvcall_unpatch().  Checked, besides what
 * AddressSanitizer and UBSan see:
 *   - the text-write callback is only ever called for 5 bytes inside the
 *     text, at the address of a record's site;
 *   - bytes change only inside sites;
 *   - after unpatching, the text is exactly what it was.
 *
 *	clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *	    testsuite/fuzz/patcher-fuzz.c runtime/patch.c runtime/encode.c
 *	./a.out -max_total_time=600 testsuite/fuzz/patcher-corpus
 *
 * Built with -DPATCHER_FUZZ_REPLAY (any compiler), main() runs the files
 * named on the command line instead: the regression replay in make check.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pvcall/patch.h"

#define TEXT_SIZE	256
#define MAX_SITES	16
#define NCLASSES	4

static unsigned char text[TEXT_SIZE + 64];	/* stubs live past the text */
static unsigned char original[TEXT_SIZE];
static struct pvcall_site sites[MAX_SITES];
static struct pvcall_class classes[NCLASSES];
static struct { struct pvcall_op op; char name[4]; } ops[2];
static void *slots[2];

static void set_ref(int32_t *field, const void *to)
{
	*field = (int32_t)((const char *)to - (const char *)field);
}

static int write_text(void *ctx, void *dst, const void *src, size_t len)
{
	unsigned char *d = (unsigned char *)dst;
	unsigned int i;
	int known = 0;

	(void)ctx;
	if (len != 5 || d < text || d + len > text + TEXT_SIZE)
		abort();		/* wrote outside the text */
	for (i = 0; i < MAX_SITES; i++)
		if (pvcall_ref(&sites[i].site) == dst)
			known = 1;
	if (!known)
		abort();		/* wrote where no record points */
	memcpy(dst, src, len);
	return 0;
}

struct input {
	const uint8_t *p;
	size_t n;
};

static unsigned int take(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static void build(struct input *in, unsigned int *nsites)
{
	unsigned int i, j;

	for (i = 0; i < TEXT_SIZE; i++)
		text[i] = (unsigned char)take(in);
	for (i = 0; i < 2; i++) {
		struct pvcall_op *op = &ops[i].op;

		memset(op, 0, sizeof(*op));
		op->version = take(in) < 240 ? PVCALL_SITE_VERSION : (uint8_t)take(in);
		op->flags = (uint8_t)(take(in) & 0x7);
		op->clobbers = (uint16_t)(PVCALL_REG_BIT(PVCALL_REG_RAX) |
					  (take(in) << 1));
		strcpy(ops[i].name, i ? "b" : "a");
		set_ref(&op->name, ops[i].name);
		slots[i] = text + TEXT_SIZE + 16 * i;
		if (op->flags & PVCALL_OP_DIRECT) {
			op->flags &= (uint8_t)~PVCALL_OP_GOT;
			set_ref(&op->ref, slots[i]);
		} else {
			op->flags &= (uint8_t)~PVCALL_OP_GOT;
			set_ref(&op->ref, &slots[i]);
		}
	}
	for (i = 0; i < NCLASSES; i++) {
		struct pvcall_class *c = &classes[i];
		unsigned int nargs = take(in) % 8;

		set_ref(&c->op, &ops[take(in) & 1].op);
		set_ref(&c->target, text + TEXT_SIZE + 16 * (take(in) & 3));
		c->dead = (uint16_t)(take(in) | take(in) << 8);
		c->len = take(in) < 250 ? PVCALL_CALL_REL32_LEN : (uint8_t)take(in);
		c->form = (uint8_t)(1 + (take(in) % 3 == 0));
		c->regs = (take(in) & 0x1f) | nargs << 5;
		for (j = 0; j < 6; j++)
			c->regs |= (take(in) & 0xfu) << (8 + 4 * j);
	}
	*nsites = take(in) % (MAX_SITES + 1);
	for (i = 0; i < *nsites; i++) {
		unsigned int at = take(in) % (TEXT_SIZE + 8);
		struct pvcall_class *c = &classes[take(in) % NCLASSES];

		set_ref(&sites[i].site, text + at);
		set_ref(&sites[i].cls, c);
		/* Usually a well-formed call to the class target.  */
		if (take(in) < 200 && at + 5 <= TEXT_SIZE) {
			int32_t rel = (int32_t)((const unsigned char *)
						pvcall_ref(&c->target) -
						(text + at + 5));

			text[at] = 0xe8;
			memcpy(text + at + 1, &rel, 4);
		}
	}
}

static const struct pvcall_template templates[] = {
	{ "a", 0, pvcall_encode_identity },
	{ "b", 0, pvcall_encode_zero },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct pvcall_backend be = { templates, 2, write_text, 0, 0, 0 };
	struct pvcall_image im;
	struct pvcall_result r;
	unsigned int nsites, i, j;

	memset(sites, 0, sizeof(sites));
	build(&in, &nsites);
	memcpy(original, text, TEXT_SIZE);
	im = (struct pvcall_image){ sites, sites + nsites, classes,
				    classes + NCLASSES, ops,
				    (const char *)ops + sizeof(ops),
				    text, text + TEXT_SIZE };
	memset(&r, 0, sizeof(r));
	pvcall_patch(&im, &be, &r);
	/* Bytes change only inside sites.  */
	for (i = 0; i < TEXT_SIZE; i++) {
		int in_site = 0;

		if (text[i] == original[i])
			continue;
		for (j = 0; j < nsites; j++) {
			const unsigned char *s = pvcall_ref(&sites[j].site);

			if (text + i >= s && text + i < s + 5)
				in_site = 1;
		}
		if (!in_site)
			abort();
	}
	memset(&r, 0, sizeof(r));
	pvcall_unpatch(&im, &be, &r);
	if (memcmp(text, original, TEXT_SIZE))
		abort();		/* unpatch did not restore the text */
	return 0;
}

#ifdef PATCHER_FUZZ_REPLAY
int main(int argc, char **argv)
{
	static uint8_t buf[1 << 16];
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		size_t len;

		if (!f) {
			perror(argv[i]);
			return 2;
		}
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
		n++;
	}
	printf("patcher-fuzz replay: %d inputs, no failure\n", n);
	return 0;
}
#endif
