/* SPDX-License-Identifier: MIT */
/*
 * workload.c - the whole user space of measure.sh's boot: time a few
 * kernel-bound operations with rdtsc, which under QEMU's
 * `-icount shift=0,sleep=off' counts guest instructions (user, kernel and
 * interrupt code alike), print the counts and reboot, which with
 * -no-reboot ends QEMU.  No libc: raw system calls only.
 *
 *	gcc -static -nostdlib -ffreestanding -fno-pic -no-pie -O2 \
 *		-mgeneral-regs-only -fno-stack-protector -o init workload.c
 *
 * Each operation is run as REPS repetitions (default 15, -DREPS=N), after
 * one unreported warm-up repetition.  A repetition times a batch of
 * iterations with one pair of rdtsc and records the cost per iteration in
 * tenths of an instruction; the loop's own few instructions are included,
 * the same for every kernel.  Nothing is printed while measuring (serial
 * output would interrupt the measurements); at the end it prints
 *
 *	workload: OP rep I: COST		(I = 1..REPS, in order)
 *	workload: median OP: COST		(one per operation)
 *	workload: done				(or "workload: failed")
 *
 * with COST per iteration, one decimal (e.g. 205.1), and an error line
 *	workload: error OP: WHAT returned -ERRNO
 * for each failed system call.  An operation that failed prints no median.
 * It reads nothing but the clock counter: no wall time, no input, and it
 * ignores any other file in the initramfs (measure.sh's /pad).
 *
 * The operations (batch sizes can be changed with -DN_OP=...):
 *	getppid		getppid()				batch 10000
 *	pagefault	first write to a fresh anonymous page	batch 4096
 *			(one mmap of 4096 pages per repetition;
 *			only the touches are timed)
 *	mmap		mmap + write one page + munmap		batch 1000
 *	fork		fork + child _exit + wait4		batch 200
 *	pipe		one byte there and back between two	batch 2000
 *			processes over two pipes
 *	signal		kill(self, SIGUSR1) with a handler	batch 2000
 *
 * The batches are large, a few million instructions or more, so that each
 * spans one or more timer ticks (one per 4 M instructions at HZ=250) and
 * averages the deferred work that lands in it (RCU callbacks freeing page
 * tables and task structs, for one): with batches ten times smaller, mmap
 * and fork spread by 15% within one boot, against 2-4% with these.  The
 * whole workload is then about 1.1 G instructions, a few seconds of QEMU
 * after the boot.
 *
 * "signal" is the irq save/restore and spinlock workload.  Sending takes
 * the target's siglock with spin_lock_irqsave (lock_task_sighand);
 * delivery on the way back to user mode takes it with spin_lock_irq
 * (get_signal), and again to block the signal during the handler
 * (signal_setup_done) and to unblock it in rt_sigreturn
 * (set_current_blocked): every iteration does several irq
 * save/disable/restore/enable and lock/unlock pairs in two system calls.
 * The usual alternatives are missing from the tinyconfig kernels this
 * measures: FUTEX, EVENTFD, SIGNALFD, EPOLL and TIMERFD are all off, and
 * signals are always built in.
 */
#ifndef REPS
#define REPS 15
#endif

#define SYS_read	0
#define SYS_write	1
#define SYS_close	3
#define SYS_mmap	9
#define SYS_munmap	11
#define SYS_rt_sigaction 13
#define SYS_rt_sigreturn 15
#define SYS_ioctl	16
#define SYS_pipe	22
#define SYS_getpid	39
#define SYS_fork	57
#define SYS_exit	60
#define SYS_wait4	61
#define SYS_kill	62
#define SYS_getppid	110
#define SYS_reboot	169
#define SYS_exit_group	231

#define PROT_READ	1
#define PROT_WRITE	2
#define MAP_PRIVATE	0x02
#define MAP_ANONYMOUS	0x20
#define SIGUSR1		10
#define SA_RESTORER	0x04000000UL
#define TCSBRK		0x5409

#define LINUX_REBOOT_MAGIC1	0xfee1deadUL
#define LINUX_REBOOT_MAGIC2	672274793UL
#define LINUX_REBOOT_CMD_RESTART 0x01234567UL

#define PAGE		4096UL

typedef unsigned long u64;

static long syscall6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

static long syscall3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

static long syscall0(long nr)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr) : "rcx", "r11", "memory");
	return ret;
}

/* Under icount, the guest instructions executed so far (3 between two
   back-to-back reads).  The memory clobber keeps the timed work between
   the two reads.  */
static inline u64 rdtsc(void)
{
	unsigned int lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (u64)hi << 32 | lo;
}

static __attribute__((noreturn)) void die_child(int status)
{
	for (;;)
		syscall3(SYS_exit_group, status, 0, 0);
}

/* Output: a line is built in buf and written whole.  */
static char buf[256];
static unsigned long pos;

static void put(const char *s)
{
	while (*s && pos < sizeof(buf) - 1)
		buf[pos++] = *s++;
}

static void put_u64(u64 v)
{
	char d[24];
	int n = 0;

	do {
		d[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n && pos < sizeof(buf) - 1)
		buf[pos++] = d[--n];
}

/* A cost in tenths, as "INT.D".  */
static void put_tenths(u64 v)
{
	char d[2] = { '0' + v % 10, 0 };

	put_u64(v / 10);
	put(".");
	put(d);
}

static void flush(void)
{
	unsigned long done = 0;
	long r;

	while (done < pos) {
		r = syscall3(SYS_write, 1, (long)(buf + done), pos - done);
		if (r <= 0)
			break;
		done += r;
	}
	pos = 0;
}

/* The operations, in the order they run and print.  */
enum { GETPPID, PAGEFAULT, MMAP, FORK, PIPE, SIGNAL, NOPS };
static const char *const names[NOPS] = {
	"getppid", "pagefault", "mmap", "fork", "pipe", "signal",
};

static u64 cost[NOPS][REPS];	/* tenths of an instruction per iteration */
static int failed[NOPS];

static void error(int op, const char *what, long r)
{
	put("workload: error ");
	put(names[op]);
	put(": ");
	put(what);
	put(" returned ");
	if (r < 0) {
		put("-");
		put_u64(-r);
	} else {
		put_u64(r);
	}
	put("\n");
	flush();
	failed[op] = 1;
}

/* Per iteration, in tenths, rounded to nearest.  */
static u64 per_iter(u64 t0, u64 t1, u64 n)
{
	return ((t1 - t0) * 10 + n / 2) / n;
}

#ifndef N_GETPPID
#define N_GETPPID	10000
#endif
#ifndef N_PAGEFAULT
#define N_PAGEFAULT	4096
#endif
#ifndef N_MMAP
#define N_MMAP		1000
#endif
#ifndef N_FORK
#define N_FORK		200
#endif
#ifndef N_PIPE
#define N_PIPE		2000
#endif
#ifndef N_SIGNAL
#define N_SIGNAL	2000
#endif

/* Each run_OP times one batch and returns its cost per iteration in
   tenths, or sets failed[OP] and returns 0.  */

static u64 run_getppid(void)
{
	u64 t0, t1;
	long r = 0;
	int i;

	t0 = rdtsc();
	for (i = 0; i < N_GETPPID; i++)
		r |= syscall0(SYS_getppid);
	t1 = rdtsc();
	/* init's parent is the idle task, pid 0.  */
	if (r < 0) {
		error(GETPPID, "getppid", r);
		return 0;
	}
	return per_iter(t0, t1, N_GETPPID);
}

static long map(unsigned long len)
{
	return syscall6(SYS_mmap, 0, len, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static int map_failed(long r)
{
	return r < 0 && r > -4096;
}

static u64 run_pagefault(void)
{
	long a = map(N_PAGEFAULT * PAGE), r;
	u64 t0, t1;
	int i;

	if (map_failed(a)) {
		error(PAGEFAULT, "mmap", a);
		return 0;
	}
	t0 = rdtsc();
	for (i = 0; i < N_PAGEFAULT; i++)
		*(volatile char *)(a + i * PAGE) = 1;
	t1 = rdtsc();
	r = syscall3(SYS_munmap, a, N_PAGEFAULT * PAGE, 0);
	if (r) {
		error(PAGEFAULT, "munmap", r);
		return 0;
	}
	return per_iter(t0, t1, N_PAGEFAULT);
}

static u64 run_mmap(void)
{
	u64 t0, t1;
	long a, r;
	int i;

	t0 = rdtsc();
	for (i = 0; i < N_MMAP; i++) {
		a = map(PAGE);
		if (map_failed(a)) {
			error(MMAP, "mmap", a);
			return 0;
		}
		*(volatile char *)a = 1;
		r = syscall3(SYS_munmap, a, PAGE, 0);
		if (r) {
			error(MMAP, "munmap", r);
			return 0;
		}
	}
	t1 = rdtsc();
	return per_iter(t0, t1, N_MMAP);
}

static u64 run_fork(void)
{
	u64 t0, t1;
	long pid, r;
	int i, status;

	t0 = rdtsc();
	for (i = 0; i < N_FORK; i++) {
		pid = syscall0(SYS_fork);
		if (pid == 0)
			die_child(0);
		if (pid < 0) {
			error(FORK, "fork", pid);
			return 0;
		}
		status = -1;
		r = syscall6(SYS_wait4, pid, (long)&status, 0, 0, 0, 0);
		if (r != pid || status != 0) {
			error(FORK, "wait4", r != pid ? r : status);
			return 0;
		}
	}
	t1 = rdtsc();
	return per_iter(t0, t1, N_FORK);
}

/* The pipe workload's child and its two pipes, set up once for all its
   repetitions: the child echoes each byte from there[0] to back[1] until
   end of file.  */
static int there[2], back[2];
static long echo_pid;

static int pipe_start(void)
{
	long r;
	char c;

	r = syscall3(SYS_pipe, (long)there, 0, 0);
	if (r == 0)
		r = syscall3(SYS_pipe, (long)back, 0, 0);
	if (r) {
		error(PIPE, "pipe", r);
		return -1;
	}
	echo_pid = syscall0(SYS_fork);
	if (echo_pid < 0) {
		error(PIPE, "fork", echo_pid);
		return -1;
	}
	if (echo_pid == 0) {
		syscall3(SYS_close, there[1], 0, 0);
		syscall3(SYS_close, back[0], 0, 0);
		while ((r = syscall3(SYS_read, there[0], (long)&c, 1)) == 1)
			if (syscall3(SYS_write, back[1], (long)&c, 1) != 1)
				die_child(2);
		die_child(r == 0 ? 0 : 1);
	}
	syscall3(SYS_close, there[0], 0, 0);
	syscall3(SYS_close, back[1], 0, 0);
	return 0;
}

static void pipe_stop(void)
{
	int status = -1;
	long r;

	syscall3(SYS_close, there[1], 0, 0);
	r = syscall6(SYS_wait4, echo_pid, (long)&status, 0, 0, 0, 0);
	if (r != echo_pid || status != 0)
		error(PIPE, "wait4 (echo child)", r != echo_pid ? r : status);
	syscall3(SYS_close, back[0], 0, 0);
}

static u64 run_pipe(void)
{
	char c = 'x', d;
	u64 t0, t1;
	long r;
	int i;

	t0 = rdtsc();
	for (i = 0; i < N_PIPE; i++) {
		r = syscall3(SYS_write, there[1], (long)&c, 1);
		if (r != 1) {
			error(PIPE, "write", r);
			return 0;
		}
		r = syscall3(SYS_read, back[0], (long)&d, 1);
		if (r != 1) {
			error(PIPE, "read", r);
			return 0;
		}
	}
	t1 = rdtsc();
	return per_iter(t0, t1, N_PIPE);
}

/* The signal workload: a handler that counts, returning through
   restore_rt (rt_sigreturn), as the x86-64 kernel requires SA_RESTORER.  */
static volatile long caught;

static void on_usr1(int sig)
{
	(void)sig;
	caught++;
}

void restore_rt(void);
__asm__(".text\n"
	".globl restore_rt\n"
	".type restore_rt, @function\n"
	"restore_rt:\n"
	"	mov $15, %eax\n"	/* SYS_rt_sigreturn */
	"	syscall\n"
	"	hlt\n"
	".size restore_rt, . - restore_rt\n");

struct k_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

static long self;

static int signal_start(void)
{
	struct k_sigaction sa;
	long r;

	sa.handler = on_usr1;
	sa.flags = SA_RESTORER;
	sa.restorer = restore_rt;
	sa.mask = 0;
	r = syscall6(SYS_rt_sigaction, SIGUSR1, (long)&sa, 0, sizeof(sa.mask), 0, 0);
	if (r) {
		error(SIGNAL, "rt_sigaction", r);
		return -1;
	}
	self = syscall0(SYS_getpid);
	return 0;
}

static u64 run_signal(void)
{
	long before = caught, r;
	u64 t0, t1;
	int i;

	t0 = rdtsc();
	for (i = 0; i < N_SIGNAL; i++) {
		r = syscall3(SYS_kill, self, SIGUSR1, 0);
		if (r) {
			error(SIGNAL, "kill", r);
			return 0;
		}
	}
	t1 = rdtsc();
	if (caught - before != N_SIGNAL) {
		error(SIGNAL, "handler count", caught - before);
		return 0;
	}
	return per_iter(t0, t1, N_SIGNAL);
}

static u64 run(int op)
{
	switch (op) {
	case GETPPID: return run_getppid();
	case PAGEFAULT: return run_pagefault();
	case MMAP: return run_mmap();
	case FORK: return run_fork();
	case PIPE: return run_pipe();
	default: return run_signal();
	}
}

/* The median of REPS costs: the middle one, or for an even REPS the mean
   of the two middle ones, rounded down.  */
static u64 median(const u64 *v)
{
	u64 s[REPS], x;
	int i, j;

	for (i = 0; i < REPS; i++) {
		x = v[i];
		for (j = i; j > 0 && s[j - 1] > x; j--)
			s[j] = s[j - 1];
		s[j] = x;
	}
	if (REPS % 2)
		return s[REPS / 2];
	return (s[REPS / 2 - 1] + s[REPS / 2]) / 2;
}

/* The kernel enters _start with a 16-byte aligned stack, not the 8 mod 16
   of a called function.  */
__attribute__((force_align_arg_pointer)) void _start(void)
{
	int op, i, bad = 0;

	for (op = 0; op < NOPS; op++) {
		if (op == PIPE && pipe_start())
			continue;
		if (op == SIGNAL && signal_start())
			continue;
		/* Warm-up, then the repetitions.  */
		for (i = -1; i < REPS && !failed[op]; i++) {
			u64 c = run(op);

			if (i >= 0)
				cost[op][i] = c;
		}
		if (op == PIPE)
			pipe_stop();
	}

	for (op = 0; op < NOPS; op++) {
		if (failed[op]) {
			bad = 1;
			continue;
		}
		for (i = 0; i < REPS; i++) {
			put("workload: ");
			put(names[op]);
			put(" rep ");
			put_u64(i + 1);
			put(": ");
			put_tenths(cost[op][i]);
			put("\n");
			flush();
		}
	}
	for (op = 0; op < NOPS; op++) {
		if (failed[op])
			continue;
		put("workload: median ");
		put(names[op]);
		put(": ");
		put_tenths(median(cost[op]));
		put("\n");
		flush();
	}
	put(bad ? "workload: failed\n" : "workload: done\n");
	flush();
	/* Let the serial port send it all before the reset.  */
	syscall3(SYS_ioctl, 1, TCSBRK, 1);
	syscall3(SYS_reboot, (long)LINUX_REBOOT_MAGIC1,
		 (long)LINUX_REBOOT_MAGIC2, (long)LINUX_REBOOT_CMD_RESTART);
	for (;;)
		;
}
