/* SPDX-License-Identifier: MIT */
/*
 * insn-profile.c - a QEMU TCG plugin for profile.sh: count how many times
 * each kernel instruction runs inside workload.c's timed batches.
 *
 *	qemu-system-x86_64 -plugin insn-profile.so,out=FILE,group=G ...
 *
 * The workload reads the clock (rdtsc) at the start and at the end of each
 * batch and nowhere else, so each rdtsc executed in user space opens or
 * closes a window.  Windows are numbered from 0 and taken G at a time
 * (G = REPS + 1, the warm-up and the repetitions of one operation), so
 * group K is the K-th operation.  When QEMU exits, FILE gets one line per
 * kernel instruction that ran in a window:
 *
 *	ADDRESS COUNT0 COUNT1 ...	(hex; decimal, one per group)
 *
 * Each instruction gets an inline counter, so an instruction that faults
 * (or a block left early) counts exactly what ran, and the guest's own
 * instruction count (-icount) is not changed.  A block translated more than
 * once gets its counters again; the output sums them per address.
 *
 * Debian's QEMU exports the plugin API but ships no qemu-plugin.h, so the
 * few declarations used are written here, as version 1 of the API (QEMU
 * 7.2) defines them.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };

typedef void (*tb_trans_cb)(qemu_plugin_id_t, struct qemu_plugin_tb *);
typedef void (*udata_cb)(qemu_plugin_id_t, void *);
typedef void (*vcpu_udata_cb)(unsigned int, void *);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t, tb_trans_cb);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t, udata_cb, void *);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *,
						 size_t);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *,
					    vcpu_udata_cb,
					    enum qemu_plugin_cb_flags, void *);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *,
						enum qemu_plugin_op, void *,
						uint64_t);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

/* User space: the lower canonical half.  Everything above it is counted:
   the kernel's text and modules (the top 2 GB), and under Xen the
   hypervisor, whose own rdtsc must not open or close a window.  */
#define USER_END 0x0000800000000000ULL
/* Linux's text and modules: the top 2 GB.  */
#define KERNEL_BASE 0xffffffff80000000ULL

/* Operations per boot that the output can tell apart.  */
#define MAX_GROUPS 8

struct counter {
	uint64_t vaddr;
	uint64_t count;			/* every execution */
	uint64_t base;			/* count when the window opened */
	uint64_t group[MAX_GROUPS];	/* executions inside windows */
};

/* Counters are never freed or moved while QEMU runs: the translated code
   holds their addresses.  */
struct chunk {
	struct chunk *next;
	size_t used;
	struct counter c[65536];
};

static struct chunk *chunks;
static const char *out_path;
static unsigned long group_size = 1;
static unsigned long window;	/* windows closed so far */
static int in_window;

static struct counter *new_counter(uint64_t vaddr)
{
	struct counter *c;

	if (!chunks || chunks->used == sizeof(chunks->c) / sizeof(chunks->c[0])) {
		struct chunk *n = calloc(1, sizeof(*n));

		if (!n) {
			fprintf(stderr, "insn-profile: out of memory\n");
			abort();
		}
		n->next = chunks;
		chunks = n;
	}
	c = &chunks->c[chunks->used++];
	c->vaddr = vaddr;
	return c;
}

/* Whether Linux has run yet.  Before it, an rdtsc in the lower half is
   not the workload's: Xen executes some in its early boot, at low
   addresses, before it starts its dom0.  */
static int linux_started(void)
{
	static int started;
	struct chunk *ch;
	size_t i;

	for (ch = chunks; ch && !started; ch = ch->next)
		for (i = 0; i < ch->used && !started; i++)
			started = ch->c[i].vaddr >= KERNEL_BASE && ch->c[i].count;
	return started;
}

/* A user-space rdtsc: open a window, or close one and add what ran in it
   to its group.  */
static void on_rdtsc(unsigned int vcpu, void *data)
{
	unsigned long g = window / group_size;
	struct chunk *ch;
	size_t i;

	(void)vcpu;
	(void)data;
	if (!linux_started())
		return;
	for (ch = chunks; ch; ch = ch->next)
		for (i = 0; i < ch->used; i++) {
			struct counter *c = &ch->c[i];

			if (!in_window)
				c->base = c->count;
			else if (g < MAX_GROUPS)
				c->group[g] += c->count - c->base;
		}
	if (in_window)
		window++;
	in_window = !in_window;
}

static int is_rdtsc(const struct qemu_plugin_insn *insn)
{
	const unsigned char *p = qemu_plugin_insn_data(insn);

	return qemu_plugin_insn_size(insn) == 2 && p[0] == 0x0f && p[1] == 0x31;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t va = qemu_plugin_insn_vaddr(insn);

		if (va < USER_END) {
			if (is_rdtsc(insn))
				qemu_plugin_register_vcpu_insn_exec_cb(
					insn, on_rdtsc, QEMU_PLUGIN_CB_NO_REGS, NULL);
			continue;
		}
		qemu_plugin_register_vcpu_insn_exec_inline(
			insn, QEMU_PLUGIN_INLINE_ADD_U64, &new_counter(va)->count, 1);
	}
}

static int by_vaddr(const void *a, const void *b)
{
	const struct counter *x = a, *y = b;

	return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

/* Sort all counters by address and write one line per address, with the
   groups' sums.  */
static void write_profile(qemu_plugin_id_t id, void *data)
{
	struct chunk *ch;
	struct counter *all;
	size_t n = 0, i, k = 0, g, ng = (window + group_size - 1) / group_size;
	FILE *f;

	(void)id;
	(void)data;
	for (ch = chunks; ch; ch = ch->next)
		n += ch->used;
	all = malloc((n ? n : 1) * sizeof(*all));
	f = fopen(out_path, "w");
	if (!all || !f) {
		fprintf(stderr, "insn-profile: cannot write %s\n", out_path);
		return;
	}
	for (ch = chunks; ch; ch = ch->next) {
		memcpy(all + k, ch->c, ch->used * sizeof(*all));
		k += ch->used;
	}
	qsort(all, n, sizeof(*all), by_vaddr);
	if (ng > MAX_GROUPS)
		ng = MAX_GROUPS;
	for (i = 0; i < n; i = k) {
		uint64_t sum[MAX_GROUPS] = { 0 }, any = 0;

		for (k = i; k < n && all[k].vaddr == all[i].vaddr; k++)
			for (g = 0; g < ng; g++) {
				sum[g] += all[k].group[g];
				any |= all[k].group[g];
			}
		if (!any)
			continue;
		fprintf(f, "%" PRIx64, all[i].vaddr);
		for (g = 0; g < ng; g++)
			fprintf(f, " %" PRIu64, sum[g]);
		fprintf(f, "\n");
	}
	fclose(f);
	free(all);
}

__attribute__((visibility("default"))) int
qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info_t *info,
		    int argc, char **argv)
{
	int i;

	(void)info;
	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			out_path = argv[i] + 4;
		else if (!strncmp(argv[i], "group=", 6))
			group_size = strtoul(argv[i] + 6, NULL, 10);
	if (!out_path || !group_size) {
		fprintf(stderr, "insn-profile: needs out=FILE and group=G > 0\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, write_profile, NULL);
	return 0;
}
