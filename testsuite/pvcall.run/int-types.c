/* Arguments and results of every integer and pointer width up to eight
   bytes: _Bool, char, short, int (signed and unsigned), long, pointers.
   Narrow results leave the extension to the caller, as in the plain ABI:
   their thunks poison the bits of rax above the result.  */
/* { dg-do run } */
/* { dg-final { pvcall-compare-plain } } */
/* { dg-final { pvcall-sites-check } } */

#include "poison.h"

struct obj { long a, b; };
static struct obj objs[4];

PVT_IMPL _Bool tb_impl(_Bool b, signed char c) { return !b ^ (c < 0); }
PVT_IMPL signed char tc_impl(signed char c, unsigned char u) { return c - u; }
PVT_IMPL unsigned short ts_impl(short s, unsigned short u) { return s * 3 + u; }
PVT_IMPL int ti_impl(int i, unsigned u, short s) { return i * 7 - (int) u + s; }
PVT_IMPL unsigned tu_impl(unsigned u, int i) { return u / 3 + (unsigned) i; }
PVT_IMPL struct obj *tp_impl(struct obj *base, int idx) { return base + (idx & 3); }
PVT_IMPL const char *tstr_impl(const char *s, long off) { return s + off; }
PVT_IMPL long tmix_impl(_Bool b, signed char c, short s, int i, struct obj *p, unsigned long l)
{
  return (b ? 1000 : 2000) + c * 3 + s * 5 + i * 7 + (p ? p->a : 0) + (long) l;
}

PVT_THUNK_NARROW(tb, tb_impl, 8, "");
PVT_THUNK_NARROW(tc, tc_impl, 8, "");
PVT_THUNK_NARROW(ts, ts_impl, 16, "");
PVT_THUNK_NARROW(ti, ti_impl, 32, "");
PVT_THUNK_NARROW(tu, tu_impl, 32, "");
PVT_THUNK(tp, tp_impl, "");
PVT_THUNK(tstr, tstr_impl, "");
PVT_THUNK(tmix, tmix_impl, "");

struct tops {
  _Bool (*tb)(_Bool, signed char) __pvcall;
  signed char (*tc)(signed char, unsigned char) __pvcall;
  unsigned short (*ts)(short, unsigned short) __pvcall;
  int (*ti)(int, unsigned, short) __pvcall;
  unsigned (*tu)(unsigned, int) __pvcall;
  struct obj *(*tp)(struct obj *, int) __pvcall;
  const char *(*tstr)(const char *, long) __pvcall;
  long (*tmix)(_Bool, signed char, short, int, struct obj *, unsigned long) __pvcall;
};
extern _Bool tb(_Bool, signed char) __pvcall;
extern signed char tc(signed char, unsigned char) __pvcall;
extern unsigned short ts(short, unsigned short) __pvcall;
extern int ti(int, unsigned, short) __pvcall;
extern unsigned tu(unsigned, int) __pvcall;
extern struct obj *tp(struct obj *, int) __pvcall;
extern const char *tstr(const char *, long) __pvcall;
extern long tmix(_Bool, signed char, short, int, struct obj *, unsigned long) __pvcall;
struct tops pv_tops = { tb, tc, ts, ti, tu, tp, tstr, tmix };

#define PV(f) pv_tops.f
#define REF(f) f##_impl

static const char text[] = "paravirt";

#define N 48
#define BODY(C, out)							\
  do {									\
    PVT_LIVE20(15);							\
    (out)[0] = C(tb)(v0 & 1, (signed char) v1);				\
    (out)[1] = C(tc)((signed char) v2, (unsigned char) v3);		\
    (out)[2] = C(ts)((short) v4, (unsigned short) v5);			\
    (out)[3] = C(ti)((int) v6, (unsigned) v7, (short) v8);		\
    (out)[4] = C(tu)((unsigned) v9, (int) v10);				\
    struct obj *p_ = C(tp)(objs, (int) v11);				\
    p_->a = v12;							\
    (out)[5] = p_ - objs;						\
    (out)[6] = *C(tstr)(text, v13 & 7);					\
    (out)[7] = C(tmix)(v14 & 2, (signed char) v15, (short) v16,	\
		       (int) v17, p_, (unsigned long) v18);		\
    /* Narrow results used in wider arithmetic: extension matters.  */	\
    (out)[8] = C(tc)(-100, 200) * 1000l + C(ts)(-1, 0xffff);		\
    PVT_SINK20((out) + 9);						\
  } while (0)

static __attribute__((noinline)) void run_pv(long *out) { BODY(PV, out); }
static __attribute__((noinline)) void run_ref(long *out) { BODY(REF, out); }

int
main(void)
{
  long got[N], want[N];

  run_pv(got);
  run_ref(want);
  PVT_CHECK_ARRAY(got, want, 29);
  return pvt_finish("int-types");
}
