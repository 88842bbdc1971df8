/* pvcall_inline takes no arguments and applies to function types only;
   GCC's own attribute checks say so.  */
/* { dg-do compile } */

int x __attribute__((pvcall_inline));		/* { dg-warning "'pvcall_inline' attribute only applies to function types" } */
typedef void f1(void) __attribute__((pvcall, pvcall_inline("any"))); /* { dg-error "wrong number of arguments specified for 'pvcall_inline' attribute" } */
typedef void f2(void) __attribute__((pvcall, pvcall_inline));
