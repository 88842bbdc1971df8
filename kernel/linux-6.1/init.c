/* SPDX-License-Identifier: MIT */
/*
 * init.c - the whole user space of the check-linux boot: load the test
 * module /pvmod.ko if the initramfs has one, say that user space runs, wait
 * for a line on the console while the harness reads the patched kernel and
 * module text through QEMU's monitor, then run /workload in its place (the
 * measurement's workload, which reboots at its end), or reboot if there is
 * none; with -no-reboot either ends QEMU with status 0.  No libc: raw
 * system calls only.
 *
 *	gcc -static -nostdlib -ffreestanding -mgeneral-regs-only -O2 -o init init.c
 */
#define SYS_read	0
#define SYS_write	1
#define SYS_open	2
#define SYS_execve	59
#define SYS_reboot	169
#define SYS_finit_module 313

#define LINUX_REBOOT_MAGIC1	0xfee1deadUL
#define LINUX_REBOOT_MAGIC2	672274793UL
#define LINUX_REBOOT_CMD_RESTART 0x01234567UL

static long syscall3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

static void say(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	syscall3(SYS_write, 1, (long)s, (long)n);
}

/* "-N" for a negative system call result (an errno) below 1000.  */
static void say_error(long r)
{
	char s[] = "-000\n";

	r = -r;
	s[1] = '0' + r / 100 % 10;
	s[2] = '0' + r / 10 % 10;
	s[3] = '0' + r % 10;
	say(s);
}

/* Load /pvmod.ko: its init function runs, and prints, before this returns. */
static void load_module(void)
{
	long fd = syscall3(SYS_open, (long)"/pvmod.ko", 0 /* O_RDONLY */, 0);
	long r;

	if (fd < 0)
		return;
	r = syscall3(SYS_finit_module, fd, (long)"", 0);
	if (r == 0) {
		say("pvcall-linux: module loaded\n");
		return;
	}
	say("pvcall-linux: module load failed: error ");
	say_error(r);
}

/* The kernel enters _start with a 16-byte aligned stack, not the 8 mod 16
   of a called function.  */
__attribute__((force_align_arg_pointer)) void _start(void)
{
	char c = 0;

	load_module();
	say("pvcall-linux: init ok\n");
	/* Until the harness is done: a line on the console, or its end.  */
	while (c != '\n' && syscall3(SYS_read, 0, (long)&c, 1) == 1)
		;
	say("pvcall-linux: running /workload\n");
	{
		char *const argv[] = { "/workload", 0 };
		char *const envp[] = { 0 };

		syscall3(SYS_execve, (long)argv[0], (long)argv, (long)envp);
	}
	say("pvcall-linux: no /workload: rebooting\n");
	syscall3(SYS_reboot, (long)LINUX_REBOOT_MAGIC1,
		 (long)LINUX_REBOOT_MAGIC2, (long)LINUX_REBOOT_CMD_RESTART);
	for (;;)
		;
}
