/* SPDX-License-Identifier: MIT */
/*
 * The user-space text writer: make the pages writable, copy, make them
 * read-only and executable again.  Raw system calls, no libc.  The pages
 * stay executable while they are written, because the patcher's own code
 * may share a page with a site.  x86 keeps instruction fetch coherent
 * with stores made by the same thread; a kernel uses text_poke_early()
 * instead.
 */
#include "pvcall/patch.h"

#define SYS_MPROTECT	10
#define PROT_READ	1
#define PROT_WRITE	2
#define PROT_EXEC	4
#define PAGE_SIZE	4096UL

static long sys_mprotect(unsigned long addr, unsigned long len, long prot)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"((long)SYS_MPROTECT), "D"(addr), "S"(len),
			   "d"(prot)
			 : "rcx", "r11", "memory");
	return ret;
}

int pvcall_user_text_write(void *ctx, void *dst, const void *src, size_t len)
{
	unsigned long start = (unsigned long)dst & ~(PAGE_SIZE - 1);
	unsigned long end = ((unsigned long)dst + len + PAGE_SIZE - 1) &
			    ~(PAGE_SIZE - 1);
	unsigned char *d = (unsigned char *)dst;
	const unsigned char *s = (const unsigned char *)src;

	(void)ctx;
	if (sys_mprotect(start, end - start,
			 PROT_READ | PROT_WRITE | PROT_EXEC))
		return -1;
	while (len--)
		*d++ = *s++;
	return sys_mprotect(start, end - start, PROT_READ | PROT_EXEC) ? -1 : 0;
}
