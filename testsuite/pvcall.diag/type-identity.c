/* pvcall is part of the function type: converting between plain and
   pvcall function pointers, or between different clobber sets, is an
   incompatible-pointer-type diagnostic.  The same set spelled in another
   order is the same type.  A pvcall type that clobbers every
   caller-saved register promises no more than the ABI, so it converts
   to and from plain function types.  */
/* { dg-do compile } */
/* { dg-options "-O2" } */

#include <pvcall.h>

void plain(void);
void annotated(void) __pvcall;
void annotated_rcx(void) __pvcall_clobbers("rcx");

void (*pv)(void) __pvcall;
void (*pv_rcx_r11)(void) __pvcall_clobbers("rcx", "r11");
void (*pv_r11_rcx)(void) __pvcall_clobbers("r11", "rcx");
void (*pl)(void);
#define ALL_CALLER_SAVED "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11"
void (*pv_all)(void) __pvcall_clobbers(ALL_CALLER_SAVED);
void (*pv_all_but_r11)(void) __pvcall_clobbers("rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10");

typedef void pvfn_t(void) __pvcall;
pvfn_t *good_init = annotated;
pvfn_t *bad_init = plain;		/* { dg-warning "incompatible pointer type" } */

void f(void)
{
	pv = annotated;
	pv = plain;			/* { dg-warning "incompatible pointer type" } */
	pl = annotated;			/* { dg-warning "incompatible pointer type" } */
	pv = annotated_rcx;		/* { dg-warning "incompatible pointer type" } */
	pv_rcx_r11 = pv_r11_rcx;
	pv_rcx_r11 = pv;		/* { dg-warning "incompatible pointer type" } */
	pv_all = plain;
	pl = pv_all;
	pv_all_but_r11 = plain;		/* { dg-warning "incompatible pointer type" } */
	pv_all = pv_all_but_r11;	/* { dg-warning "incompatible pointer type" } */
}

void annotated(void);			/* { dg-error "conflicting types" } */
