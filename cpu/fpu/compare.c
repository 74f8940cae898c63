/* x87 comparisons and classification: FCOM/FCOMP/FCOMPP, FUCOM/FUCOMP/FUCOMPP, FICOM/FICOMP, FTST (condition
 * codes C3 C2 C0), FCOMI/FUCOMI and their popping forms (EFLAGS ZF PF CF), FXAM, and FCMOVcc. */
#include "cpu/fpu/x87.h"
#include "cpu/fpu/x87_table.h"
#include "cpu/flags.h"

/* C3 C2 C0 of a relation: greater 000, less 001, equal 100, unordered 111. */
static unsigned relation_codes(enum ext80_relation rel)
{
    static const uint16_t codes[4] = { X87_C0, X87_C3, 0, X87_C3 | X87_C2 | X87_C0 };
    return codes[rel];
}

/* Compares ST(0) with b (already converted, with its flags in env), then pops `pops` times. */
static void compare_st0(struct cpu *c, struct ext80_env *env, int b_empty, struct ext80 b, int quiet, int pops)
{
    struct fpu *f = &c->fpu;
    enum ext80_relation rel = REL_UNORDERED;
    if (st_empty(f, 0) || b_empty) {
        env->flags = 0;
        x87_stack_underflow(env);
    } else {
        rel = ext80_compare(env, st_get(f, 0), b, quiet);
    }
    env->flags = (uint16_t)((env->flags & ~X87_C1) | relation_codes(rel));
    if (!x87_record(f, env->flags, X87_CC))
        return;
    for (int k = 0; k < pops; k++)
        st_pop(f);
}

static void compare_register(struct cpu *c, unsigned r, int quiet, int pops)
{
    struct fpu *f = &c->fpu;
    struct ext80_env env = x87_env(f);
    compare_st0(c, &env, st_empty(f, r), st_get(f, r), quiet, pops);
}

void fcom_sti(struct cpu *c, const struct insn *i) { compare_register(c, i->rm, 0, 0); }
void fcomp_sti(struct cpu *c, const struct insn *i) { compare_register(c, i->rm, 0, 1); }
void fucom_sti(struct cpu *c, const struct insn *i) { compare_register(c, i->rm, 1, 0); }
void fucomp_sti(struct cpu *c, const struct insn *i) { compare_register(c, i->rm, 1, 1); }
void fcompp(struct cpu *c, const struct insn *i) { (void)i; compare_register(c, 1, 0, 2); }
void fucompp(struct cpu *c, const struct insn *i) { (void)i; compare_register(c, 1, 1, 2); }

static void compare_m32(struct cpu *c, const struct insn *i, int pops)
{
    uint32_t bits = seg_read32(c, i->seg, ea(c, i));
    struct ext80_env env = x87_env(&c->fpu);
    struct ext80 b = ext80_from_f32(&env, bits);
    compare_st0(c, &env, 0, b, 0, pops);
}

static void compare_m64(struct cpu *c, const struct insn *i, int pops)
{
    uint8_t buf[8];
    x87_read_block(c, i->seg, ea(c, i), buf, 8);
    struct ext80_env env = x87_env(&c->fpu);
    struct ext80 b = ext80_from_f64(&env, ld64(buf));
    compare_st0(c, &env, 0, b, 0, pops);
}

static void compare_int(struct cpu *c, int64_t v, int pops)
{
    struct ext80_env env = x87_env(&c->fpu);
    compare_st0(c, &env, 0, ext80_from_int(v), 0, pops);
}

void fcom_m32(struct cpu *c, const struct insn *i) { compare_m32(c, i, 0); }
void fcomp_m32(struct cpu *c, const struct insn *i) { compare_m32(c, i, 1); }
void fcom_m64(struct cpu *c, const struct insn *i) { compare_m64(c, i, 0); }
void fcomp_m64(struct cpu *c, const struct insn *i) { compare_m64(c, i, 1); }
void ficom_m16(struct cpu *c, const struct insn *i) { compare_int(c, (int16_t)seg_read16(c, i->seg, ea(c, i)), 0); }
void ficomp_m16(struct cpu *c, const struct insn *i) { compare_int(c, (int16_t)seg_read16(c, i->seg, ea(c, i)), 1); }
void ficom_m32(struct cpu *c, const struct insn *i) { compare_int(c, (int32_t)seg_read32(c, i->seg, ea(c, i)), 0); }
void ficomp_m32(struct cpu *c, const struct insn *i) { compare_int(c, (int32_t)seg_read32(c, i->seg, ea(c, i)), 1); }

void ftst(struct cpu *c, const struct insn *i)
{
    (void)i;
    struct ext80_env env = x87_env(&c->fpu);
    compare_st0(c, &env, 0, ext80_zero(0), 0, 0);
}

/* FCOMI and friends: ZF PF CF as C3 C2 C0 would be, OF SF AF cleared. The status word's condition codes stay
 * (C1 too, although the SDM says it is cleared), except that a stack underflow clears C1. */
static void compare_eflags(struct cpu *c, unsigned r, int quiet, int pop)
{
    struct fpu *f = &c->fpu;
    struct ext80_env env = x87_env(f);
    enum ext80_relation rel = REL_UNORDERED;
    if (st_empty(f, 0) || st_empty(f, r))
        x87_stack_underflow(&env);
    else
        rel = ext80_compare(&env, st_get(f, 0), st_get(f, r), quiet);
    /* EFLAGS are written even when an unmasked exception suppresses the pop */
    int deliver = x87_record(f, env.flags, env.flags & X87_SF ? X87_C1 : 0);
    static const uint32_t eflags[4] = { FL_CF, FL_ZF, 0, FL_ZF | FL_PF | FL_CF };
    set_arith_flags(c, eflags[rel]);
    if (deliver && pop)
        st_pop(f);
}

void fcomi(struct cpu *c, const struct insn *i) { compare_eflags(c, i->rm, 0, 0); }
void fucomi(struct cpu *c, const struct insn *i) { compare_eflags(c, i->rm, 1, 0); }
void fcomip(struct cpu *c, const struct insn *i) { compare_eflags(c, i->rm, 0, 1); }
void fucomip(struct cpu *c, const struct insn *i) { compare_eflags(c, i->rm, 1, 1); }

/* FXAM: C3 C2 C0 = class (unsupported 000, NaN 001, normal 010, infinity 011, zero 100, empty 101, denormal
 * 110), C1 = the sign bit, also of an empty register. */
void fxam(struct cpu *c, const struct insn *i)
{
    (void)i;
    struct fpu *f = &c->fpu;
    struct ext80 v = st_get(f, 0);
    static const uint16_t class_codes[] = {
        [CL_ZERO] = X87_C3, [CL_DENORMAL] = X87_C3 | X87_C2, [CL_NORMAL] = X87_C2, [CL_INF] = X87_C2 | X87_C0,
        [CL_QNAN] = X87_C0, [CL_SNAN] = X87_C0, [CL_UNSUPPORTED] = 0,
    };
    unsigned codes = st_empty(f, 0) ? X87_C3 | X87_C0 : class_codes[ext80_classify(v)];
    if (ext80_sign(v))
        codes |= X87_C1;
    x87_record(f, codes, X87_CC);
}

/* FCMOVcc: ST(0) = ST(i) when the EFLAGS condition (a Jcc condition number) holds; C1 changes only on a stack
 * underflow (to 0). */
static void fcmov(struct cpu *c, const struct insn *i, unsigned cond)
{
    struct fpu *f = &c->fpu;
    struct ext80_env env = x87_env(f);
    if (st_empty(f, 0) || st_empty(f, i->rm)) {
        x87_stack_underflow(&env);
        if (x87_record(f, env.flags, X87_C1))
            st_set(f, 0, ext80_indefinite());
        return;
    }
    if (cond_true(c, cond))
        st_set(f, 0, st_get(f, i->rm));
}

void fcmovb(struct cpu *c, const struct insn *i) { fcmov(c, i, 0x2); }
void fcmove(struct cpu *c, const struct insn *i) { fcmov(c, i, 0x4); }
void fcmovbe(struct cpu *c, const struct insn *i) { fcmov(c, i, 0x6); }
void fcmovu(struct cpu *c, const struct insn *i) { fcmov(c, i, 0xa); }
void fcmovnb(struct cpu *c, const struct insn *i) { fcmov(c, i, 0x3); }
void fcmovne(struct cpu *c, const struct insn *i) { fcmov(c, i, 0x5); }
void fcmovnbe(struct cpu *c, const struct insn *i) { fcmov(c, i, 0x7); }
void fcmovnu(struct cpu *c, const struct insn *i) { fcmov(c, i, 0xb); }
