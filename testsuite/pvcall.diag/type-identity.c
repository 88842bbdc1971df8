/* pvcall is part of the function type: converting between plain and
   pvcall function pointers, or between different clobber sets, is an
   incompatible-pointer-type diagnostic.  The same set spelled in another
   order is the same type.  */
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
}

void annotated(void);			/* { dg-error "conflicting types" } */
