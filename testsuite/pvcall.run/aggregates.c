/* Structs, unions and arrays-in-structs by value, up to 16 bytes of
   integers: the shapes the signature check accepts (pvcall(7), "What a pv
   call can carry").  Each is one or two argument registers, partly filled
   when it is not a multiple of 8 bytes (a 3-byte struct uses the low 24
   bits, a 12-byte one a full register and the low half of the next), and
   a two-word result comes back in rax:rdx.  Linux's pte_t is the
   one-field case.  Six words of aggregates fill every argument
   register.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

struct pte { unsigned long pte; };
struct pair { long a, b; };
struct tri { int a, b, c; };
struct rgb { unsigned char r, g, b; };
union word { unsigned long l; unsigned char b[8]; };
struct arr { unsigned short w[6]; };
struct bits { unsigned lo : 5, mid : 11, hi : 16; unsigned long d; };

PVT_IMPL struct pte make_pte_impl(unsigned long v)
{
  struct pte p = { v | 0x63 };
  return p;
}
PVT_IMPL unsigned long pte_val_impl(struct pte p) { return p.pte & ~0xfffUL; }
PVT_IMPL struct pair swap_impl(struct pair p, long k)
{
  struct pair r = { p.b * k, p.a - k };
  return r;
}
PVT_IMPL struct tri make_tri_impl(int a, int b, int c)
{
  struct tri t = { a + 1, b * 3, c ^ 0x5a5a };
  return t;
}
PVT_IMPL long tri_dot_impl(struct tri x, struct tri y)
{
  return (long) x.a * y.a + (long) x.b * y.b + (long) x.c * y.c;
}
PVT_IMPL struct rgb rgb_mix_impl(struct rgb x, struct rgb y)
{
  struct rgb m = { (unsigned char) (x.r + y.g), (unsigned char) (x.g ^ y.b),
		   (unsigned char) (x.b - y.r) };
  return m;
}
PVT_IMPL union word word_rot_impl(union word w, unsigned n)
{
  union word r;
  int i;
  for (i = 0; i < 8; i++)
    r.b[i] = w.b[(i + n) & 7];
  return r;
}
PVT_IMPL unsigned long arr_fold_impl(struct arr a)
{
  unsigned long s = 0;
  int i;
  for (i = 0; i < 6; i++)
    s = s * 65599 + a.w[i];
  return s;
}
PVT_IMPL struct bits make_bits_impl(unsigned long x)
{
  struct bits b = { (unsigned) x & 31, (unsigned) (x >> 5) & 2047,
		    (unsigned) (x >> 16) & 65535, x * 7 };
  return b;
}
PVT_IMPL long mix6_impl(long k, struct pair p, struct rgb c, struct tri t)
{
  return k * 11 + p.a - p.b * 3 + c.r + c.g * 5 + c.b * 7
	 + t.a - t.b + t.c * 13;
}

PVT_THUNK(make_pte, make_pte_impl, "");
PVT_THUNK(pte_val, pte_val_impl, "");
PVT_THUNK_I128(swap, swap_impl, "");
PVT_THUNK_I96(make_tri, make_tri_impl, "rcx, r11");
PVT_THUNK(tri_dot, tri_dot_impl, "rcx, r11");
PVT_THUNK_NARROW(rgb_mix, rgb_mix_impl, 24, "rsi");
PVT_THUNK(word_rot, word_rot_impl, "");
PVT_THUNK(arr_fold, arr_fold_impl, "rsi");
PVT_THUNK_I128(make_bits, make_bits_impl, "");
PVT_THUNK(mix6, mix6_impl, "");

extern struct pte make_pte(unsigned long) __pvcall;
extern unsigned long pte_val(struct pte) __pvcall;
extern struct pair swap(struct pair, long) __pvcall;
extern struct tri make_tri(int, int, int) __pvcall_clobbers("rcx", "r11");
extern long tri_dot(struct tri, struct tri) __pvcall_clobbers("rcx", "r11");
extern struct rgb rgb_mix(struct rgb, struct rgb) __pvcall_clobbers("rsi");
extern union word word_rot(union word, unsigned) __pvcall;
extern unsigned long arr_fold(struct arr) __pvcall_clobbers("rsi");
extern struct bits make_bits(unsigned long) __pvcall;
extern long mix6(long, struct pair, struct rgb, struct tri) __pvcall;

struct aops {
  struct pte (*make_pte)(unsigned long) __pvcall;
  unsigned long (*pte_val)(struct pte) __pvcall;
  struct pair (*swap)(struct pair, long) __pvcall;
  struct tri (*make_tri)(int, int, int) __pvcall_clobbers("rcx", "r11");
  long (*tri_dot)(struct tri, struct tri) __pvcall_clobbers("rcx", "r11");
  struct rgb (*rgb_mix)(struct rgb, struct rgb) __pvcall_clobbers("rsi");
  union word (*word_rot)(union word, unsigned) __pvcall;
  unsigned long (*arr_fold)(struct arr) __pvcall_clobbers("rsi");
  struct bits (*make_bits)(unsigned long) __pvcall;
  long (*mix6)(long, struct pair, struct rgb, struct tri) __pvcall;
};
struct aops pv_aops = { make_pte, pte_val, swap, make_tri, tri_dot,
			rgb_mix, word_rot, arr_fold, make_bits, mix6 };

#define PV(f) pv_aops.f
#define REF(f) f##_impl

#define N 64
#define BODY(C, out)							\
  do {									\
    PVT_LIVE20(9);							\
    struct pte p_ = C(make_pte)(v0 << 12);				\
    (out)[0] = p_.pte;							\
    (out)[1] = C(pte_val)(p_);						\
    struct pair q_ = { v1, v2 };					\
    q_ = C(swap)(q_, v3 & 0xff);					\
    (out)[2] = q_.a; (out)[3] = q_.b;					\
    struct tri t_ = C(make_tri)((int) v4, (int) v5, (int) v6);		\
    (out)[4] = t_.a; (out)[5] = t_.b; (out)[6] = t_.c;			\
    struct tri u_ = { (int) v7, (int) (v8 >> 32), 77 };			\
    (out)[7] = C(tri_dot)(t_, u_);					\
    struct rgb c_ = { (unsigned char) v9, (unsigned char) v10,		\
		      (unsigned char) v11 };				\
    struct rgb d_ = C(rgb_mix)(c_, c_);					\
    d_ = C(rgb_mix)(d_, c_);						\
    (out)[8] = d_.r | d_.g << 8 | d_.b << 16;				\
    union word w_ = { (unsigned long) v12 };				\
    for (int i_ = 0; i_ < 3; i_++)					\
      w_ = C(word_rot)(w_, (unsigned) i_ + (unsigned) v13);		\
    (out)[9] = w_.l;							\
    struct arr a_ = { { (unsigned short) v14, (unsigned short) v15,	\
			(unsigned short) v16, (unsigned short) (v14 >> 16), \
			(unsigned short) (v15 >> 32), 0xffff } };	\
    (out)[10] = C(arr_fold)(a_);					\
    struct bits b_ = C(make_bits)(v17);					\
    (out)[11] = b_.lo; (out)[12] = b_.mid; (out)[13] = b_.hi;		\
    (out)[14] = b_.d;							\
    (out)[15] = C(mix6)(v18, q_, d_, t_);				\
    /* Results used straight as arguments.  */				\
    (out)[16] = C(mix6)(v19, C(swap)(q_, 3), C(rgb_mix)(d_, c_),	\
			C(make_tri)(1, 2, 3));				\
    (out)[17] = C(pte_val)(C(make_pte)((unsigned long) v0));		\
    PVT_SINK20((out) + 18);						\
  } while (0)

static __attribute__((noinline)) void run_pv(long *out) { BODY(PV, out); }
static __attribute__((noinline)) void run_ref(long *out) { BODY(REF, out); }

/* An aggregate argument that is the caller's own argument, passed on in
   the same registers, and used again after the call (noipa: with the
   constants of main propagated in, the registers would not be the
   caller's).  */
static __attribute__((noipa)) long
forward(struct pair p, struct rgb c, struct tri t)
{
  long r = pv_aops.mix6(p.a, p, c, t);
  return r + p.a * 3 + p.b + c.g + t.c;
}

static __attribute__((noipa)) long
forward_ref(struct pair p, struct rgb c, struct tri t)
{
  long r = mix6_impl(p.a, p, c, t);
  return r + p.a * 3 + p.b + c.g + t.c;
}

int
main(void)
{
  long got[N], want[N];
  struct pair p = { PVT_SEED(3), PVT_SEED(4) };
  struct rgb c = { 1, 2, 250 };
  struct tri t = { -5, (int) PVT_SEED(5), 9 };

  run_pv(got);
  run_ref(want);
  PVT_CHECK_ARRAY(got, want, 38);
  PVT_CHECK(forward(p, c, t), forward_ref(p, c, t));
  return pvt_finish("aggregates");
}
