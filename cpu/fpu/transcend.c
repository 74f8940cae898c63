/* The x87 transcendental instructions: F2XM1, FYL2X, FYL2XP1, FPATAN, FSIN, FCOS, FSINCOS and FPTAN. The
 * functions themselves are in transcend_math.c; precision control does not apply to them (64-bit results). */
#include "cpu/fpu/transcend.h"
#include "cpu/fpu/x87.h"
#include "cpu/fpu/x87_table.h"

static struct ext80_env full_precision_env(const struct fpu *f)
{
    struct ext80_env env = x87_env(f);
    env.prec = 64;
    return env;
}

void f2xm1(struct cpu *c, const struct insn *i)
{
    (void)i;
    struct fpu *f = &c->fpu;
    struct ext80_env env = full_precision_env(f);
    struct ext80 r = ext80_indefinite();
    if (st_empty(f, 0))
        x87_stack_underflow(&env);
    else
        r = x87_f2xm1(&env, st_get(f, 0));
    if (x87_record(f, env.flags, X87_C1))
        st_set(f, 0, r);
}

/* ST(1) = op(ST(0), ST(1)), then pop. */
typedef struct ext80 x87_pair_fn(struct ext80_env *env, struct ext80 st0, struct ext80 st1);

static struct ext80 atan2_op(struct ext80_env *env, struct ext80 st0, struct ext80 st1)
{
    return x87_atan2(env, st1, st0);
}

static void pair_and_pop(struct cpu *c, x87_pair_fn *op)
{
    struct fpu *f = &c->fpu;
    struct ext80_env env = full_precision_env(f);
    struct ext80 r = ext80_indefinite();
    if (st_empty(f, 0) || st_empty(f, 1))
        x87_stack_underflow(&env);
    else
        r = op(&env, st_get(f, 0), st_get(f, 1));
    if (!x87_record(f, env.flags, X87_C1))
        return;
    st_set(f, 1, r);
    st_pop(f);
}

void fyl2x(struct cpu *c, const struct insn *i) { (void)i; pair_and_pop(c, x87_fyl2x); }
void fyl2xp1(struct cpu *c, const struct insn *i) { (void)i; pair_and_pop(c, x87_fyl2xp1); }
void fpatan(struct cpu *c, const struct insn *i) { (void)i; pair_and_pop(c, atan2_op); }

/* An argument of 2^63 or more: C2 is set and nothing else changes. */
static int out_of_range(struct fpu *f)
{
    if (st_empty(f, 0) || !x87_trig_too_large(st_get(f, 0)))
        return 0;
    x87_record(f, X87_C2, X87_C2);
    return 1;
}

static void trig_st0(struct cpu *c, struct ext80 (*fn)(struct ext80_env *, struct ext80))
{
    struct fpu *f = &c->fpu;
    if (out_of_range(f))
        return;
    struct ext80_env env = full_precision_env(f);
    struct ext80 r = ext80_indefinite();
    if (st_empty(f, 0))
        x87_stack_underflow(&env);
    else
        r = fn(&env, st_get(f, 0));
    if (x87_record(f, env.flags, X87_C1 | X87_C2))
        st_set(f, 0, r);
}

void fsin(struct cpu *c, const struct insn *i) { (void)i; trig_st0(c, x87_sin); }
void fcos(struct cpu *c, const struct insn *i) { (void)i; trig_st0(c, x87_cos); }

/* FPTAN (ST(0) = tan, push 1) and FSINCOS (ST(0) = sin, push cos): two results. */
static void trig_push(struct cpu *c, int sincos)
{
    struct fpu *f = &c->fpu;
    struct ext80_env env = full_precision_env(f);
    struct ext80 first = ext80_indefinite(), pushed = ext80_indefinite();
    /* stack faults come before the range check */
    if (st_empty(f, 0)) {
        x87_stack_underflow(&env);
    } else if (!st_empty(f, 7)) {
        x87_stack_overflow(&env);
    } else if (out_of_range(f)) {
        return;
    } else if (sincos) {
        struct ext80 x = st_get(f, 0);
        struct ext80_env sin_env = env;
        first = x87_sin(&sin_env, x);
        pushed = x87_cos(&env, x);
        env.flags |= sin_env.flags & (uint16_t)~X87_C1;
    } else {
        first = x87_tan(&env, st_get(f, 0));
        pushed = ext80_is_nan(first) ? first : ext80_one(0);
    }
    if (!x87_record(f, env.flags, X87_C1 | X87_C2))
        return;
    st_set(f, 0, first);
    st_push(f, pushed);
}

void fptan(struct cpu *c, const struct insn *i) { (void)i; trig_push(c, 0); }
void fsincos(struct cpu *c, const struct insn *i) { (void)i; trig_push(c, 1); }
