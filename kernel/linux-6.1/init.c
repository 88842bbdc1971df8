/* SPDX-License-Identifier: MIT */
/*
 * init.c - the whole user space of the check-linux boot: say that user
 * space runs, wait for a line on the console while the harness reads the
 * patched kernel text through QEMU's monitor, then reboot, which with
 * -no-reboot ends QEMU with status 0.  No libc: raw system calls only.
 *
 *	gcc -static -nostdlib -ffreestanding -mgeneral-regs-only -O2 -o init init.c
 */
#define SYS_read	0
#define SYS_write	1
#define SYS_reboot	169

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

/* The kernel enters _start with a 16-byte aligned stack, not the 8 mod 16
   of a called function.  */
__attribute__((force_align_arg_pointer)) void _start(void)
{
	char c = 0;

	say("pvcall-linux: init ok\n");
	/* Until the harness is done: a line on the console, or its end.  */
	while (c != '\n' && syscall3(SYS_read, 0, (long)&c, 1) == 1)
		;
	say("pvcall-linux: rebooting\n");
	syscall3(SYS_reboot, (long)LINUX_REBOOT_MAGIC1,
		 (long)LINUX_REBOOT_MAGIC2, (long)LINUX_REBOOT_CMD_RESTART);
	for (;;)
		;
}
