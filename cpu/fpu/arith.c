/* x87 arithmetic: FADD/FSUB/FSUBR/FMUL/FDIV/FDIVR in their memory (real and integer), register and popping
 * forms, and the one-operand FSQRT, FABS, FCHS, FRNDINT, FSCALE, FPREM, FPREM1 and FXTRACT. */
#include "cpu/fpu/x87.h"
#include "cpu/fpu/x87_table.h"

static struct ext80 subr(struct ext80_env *env, struct ext80 a, struct ext80 b) { return ext80_sub(env, b, a); }
static struct ext80 divr(struct ext80_env *env, struct ext80 a, struct ext80 b) { return ext80_div(env, b, a); }

/* ST(dst) = op(ST(a), ST(b)), then an optional pop. */
static void arith_registers(struct cpu *c, unsigned dst, unsigned a, unsigned b, x87_binary_fn *op, int pop)
{
    struct fpu *f = &c->fpu;
    struct ext80_env env = x87_env(f);
    struct ext80 r;
    if (st_empty(f, a) || st_empty(f, b)) {
        x87_stack_underflow(&env);
        r = ext80_indefinite();
    } else {
        r = op(&env, st_get(f, a), st_get(f, b));
    }
    if (!x87_record(f, env.flags, X87_C1))
        return;
    st_set(f, dst, r);
    if (pop)
        st_pop(f);
}

/* ST(0) = op(ST(0), m): the memory operand was converted with its own flags (DE for a denormal) in `env`. */
static void arith_memory(struct cpu *c, struct ext80_env *env, struct ext80 m, x87_binary_fn *op)
{
    struct fpu *f = &c->fpu;
    struct ext80 r;
    if (st_empty(f, 0)) {
        env->flags = 0;
        x87_stack_underflow(env);
        r = ext80_indefinite();
    } else {
        r = op(env, st_get(f, 0), m);
    }
    if (x87_record(f, env->flags, X87_C1))
        st_set(f, 0, r);
}

static void arith_m32(struct cpu *c, const struct insn *i, x87_binary_fn *op)
{
    uint32_t bits = seg_read32(c, i->seg, ea(c, i));
    struct ext80_env env = x87_env(&c->fpu);
    arith_memory(c, &env, ext80_from_f32(&env, bits), op);
}

static void arith_m64(struct cpu *c, const struct insn *i, x87_binary_fn *op)
{
    uint8_t buf[8];
    x87_read_block(c, i->seg, ea(c, i), buf, 8);
    struct ext80_env env = x87_env(&c->fpu);
    arith_memory(c, &env, ext80_from_f64(&env, ld64(buf)), op);
}

static void arith_int(struct cpu *c, int64_t v, x87_binary_fn *op)
{
    struct ext80_env env = x87_env(&c->fpu);
    arith_memory(c, &env, ext80_from_int(v), op);
}
static void arith_m16int(struct cpu *c, const struct insn *i, x87_binary_fn *op)
{
    arith_int(c, (int16_t)seg_read16(c, i->seg, ea(c, i)), op);
}
static void arith_m32int(struct cpu *c, const struct insn *i, x87_binary_fn *op)
{
    arith_int(c, (int32_t)seg_read32(c, i->seg, ea(c, i)), op);
}

void fadd_m32(struct cpu *c, const struct insn *i) { arith_m32(c, i, ext80_add); }
void fmul_m32(struct cpu *c, const struct insn *i) { arith_m32(c, i, ext80_mul); }
void fsub_m32(struct cpu *c, const struct insn *i) { arith_m32(c, i, ext80_sub); }
void fsubr_m32(struct cpu *c, const struct insn *i) { arith_m32(c, i, subr); }
void fdiv_m32(struct cpu *c, const struct insn *i) { arith_m32(c, i, ext80_div); }
void fdivr_m32(struct cpu *c, const struct insn *i) { arith_m32(c, i, divr); }
void fadd_m64(struct cpu *c, const struct insn *i) { arith_m64(c, i, ext80_add); }
void fmul_m64(struct cpu *c, const struct insn *i) { arith_m64(c, i, ext80_mul); }
void fsub_m64(struct cpu *c, const struct insn *i) { arith_m64(c, i, ext80_sub); }
void fsubr_m64(struct cpu *c, const struct insn *i) { arith_m64(c, i, subr); }
void fdiv_m64(struct cpu *c, const struct insn *i) { arith_m64(c, i, ext80_div); }
void fdivr_m64(struct cpu *c, const struct insn *i) { arith_m64(c, i, divr); }
void fiadd_m16(struct cpu *c, const struct insn *i) { arith_m16int(c, i, ext80_add); }
void fimul_m16(struct cpu *c, const struct insn *i) { arith_m16int(c, i, ext80_mul); }
void fisub_m16(struct cpu *c, const struct insn *i) { arith_m16int(c, i, ext80_sub); }
void fisubr_m16(struct cpu *c, const struct insn *i) { arith_m16int(c, i, subr); }
void fidiv_m16(struct cpu *c, const struct insn *i) { arith_m16int(c, i, ext80_div); }
void fidivr_m16(struct cpu *c, const struct insn *i) { arith_m16int(c, i, divr); }
void fiadd_m32(struct cpu *c, const struct insn *i) { arith_m32int(c, i, ext80_add); }
void fimul_m32(struct cpu *c, const struct insn *i) { arith_m32int(c, i, ext80_mul); }
void fisub_m32(struct cpu *c, const struct insn *i) { arith_m32int(c, i, ext80_sub); }
void fisubr_m32(struct cpu *c, const struct insn *i) { arith_m32int(c, i, subr); }
void fidiv_m32(struct cpu *c, const struct insn *i) { arith_m32int(c, i, ext80_div); }
void fidivr_m32(struct cpu *c, const struct insn *i) { arith_m32int(c, i, divr); }

void fadd_st0_sti(struct cpu *c, const struct insn *i) { arith_registers(c, 0, 0, i->rm, ext80_add, 0); }
void fmul_st0_sti(struct cpu *c, const struct insn *i) { arith_registers(c, 0, 0, i->rm, ext80_mul, 0); }
void fsub_st0_sti(struct cpu *c, const struct insn *i) { arith_registers(c, 0, 0, i->rm, ext80_sub, 0); }
void fsubr_st0_sti(struct cpu *c, const struct insn *i) { arith_registers(c, 0, 0, i->rm, subr, 0); }
void fdiv_st0_sti(struct cpu *c, const struct insn *i) { arith_registers(c, 0, 0, i->rm, ext80_div, 0); }
void fdivr_st0_sti(struct cpu *c, const struct insn *i) { arith_registers(c, 0, 0, i->rm, divr, 0); }
/* ST(i) = ST(i) op ST(0): the register forms of DC and DE name ST(i) first */
void fadd_sti_st0(struct cpu *c, const struct insn *i) { arith_registers(c, i->rm, i->rm, 0, ext80_add, 0); }
void fmul_sti_st0(struct cpu *c, const struct insn *i) { arith_registers(c, i->rm, i->rm, 0, ext80_mul, 0); }
void fsub_sti_st0(struct cpu *c, const struct insn *i) { arith_registers(c, i->rm, i->rm, 0, ext80_sub, 0); }
void fsubr_sti_st0(struct cpu *c, const struct insn *i) { arith_registers(c, i->rm, i->rm, 0, subr, 0); }
void fdiv_sti_st0(struct cpu *c, const struct insn *i) { arith_registers(c, i->rm, i->rm, 0, ext80_div, 0); }
void fdivr_sti_st0(struct cpu *c, const struct insn *i) { arith_registers(c, i->rm, i->rm, 0, divr, 0); }
void faddp(struct cpu *c, const struct insn *i) { arith_registers(c, i->rm, i->rm, 0, ext80_add, 1); }
void fmulp(struct cpu *c, const struct insn *i) { arith_registers(c, i->rm, i->rm, 0, ext80_mul, 1); }
void fsubp(struct cpu *c, const struct insn *i) { arith_registers(c, i->rm, i->rm, 0, ext80_sub, 1); }
void fsubrp(struct cpu *c, const struct insn *i) { arith_registers(c, i->rm, i->rm, 0, subr, 1); }
void fdivp(struct cpu *c, const struct insn *i) { arith_registers(c, i->rm, i->rm, 0, ext80_div, 1); }
void fdivrp(struct cpu *c, const struct insn *i) { arith_registers(c, i->rm, i->rm, 0, divr, 1); }

/* One-operand functions of ST(0). */
typedef struct ext80 x87_unary_fn(struct ext80_env *env, struct ext80 a);

static void unary_st0(struct cpu *c, x87_unary_fn *op)
{
    struct fpu *f = &c->fpu;
    struct ext80_env env = x87_env(f);
    struct ext80 r;
    if (st_empty(f, 0)) {
        x87_stack_underflow(&env);
        r = ext80_indefinite();
    } else {
        r = op(&env, st_get(f, 0));
    }
    if (x87_record(f, env.flags, X87_C1))
        st_set(f, 0, r);
}

/* FABS and FCHS change only the sign bit, whatever the encoding (a NaN too), and raise nothing. */
static struct ext80 abs_op(struct ext80_env *env, struct ext80 a) { (void)env; return ext80_abs(a); }
static struct ext80 chs_op(struct ext80_env *env, struct ext80 a) { (void)env; return ext80_neg(a); }

void fsqrt_st0(struct cpu *c, const struct insn *i) { (void)i; unary_st0(c, ext80_sqrt); }
void fabs_st0(struct cpu *c, const struct insn *i) { (void)i; unary_st0(c, abs_op); }
void fchs_st0(struct cpu *c, const struct insn *i) { (void)i; unary_st0(c, chs_op); }
void frndint(struct cpu *c, const struct insn *i) { (void)i; unary_st0(c, ext80_round_int); }

/* FSCALE: precision control does not apply (it only rounds on underflow, overflow or to a shorter format). */
static struct ext80 scale_full(struct ext80_env *env, struct ext80 a, struct ext80 b)
{
    env->prec = 64;
    return ext80_scale(env, a, b);
}

void fscale(struct cpu *c, const struct insn *i) { (void)i; arith_registers(c, 0, 0, 1, scale_full, 0); }

/* FPREM/FPREM1: exact, so precision control does not apply; C0, C1, C3 get the quotient bits, C2 whether the
 * reduction is complete; special operands (and stack faults) clear C1 and C2 and keep C0 and C3. */
static void partial_remainder(struct cpu *c, int nearest)
{
    struct fpu *f = &c->fpu;
    struct ext80_env env = x87_env(f);
    struct ext80 r;
    uint16_t status = 0, codes = X87_C1 | X87_C2;
    env.prec = 64;
    if (st_empty(f, 0) || st_empty(f, 1)) {
        x87_stack_underflow(&env);
        r = ext80_indefinite();
    } else {
        r = ext80_rem(&env, st_get(f, 0), st_get(f, 1), nearest, &status, &codes);
    }
    env.flags = (uint16_t)((env.flags & ~X87_C1) | status);
    if (env.flags & ~f->cw & (X87_IE | X87_DE | X87_ZE)) {
        codes = X87_C1 | X87_C2;                 /* stopped before any quotient bit */
        env.flags &= (uint16_t)~(X87_C1 | X87_C2);
    }
    if (x87_record(f, env.flags, codes))
        st_set(f, 0, r);
}

void fprem(struct cpu *c, const struct insn *i) { (void)i; partial_remainder(c, 0); }
void fprem1(struct cpu *c, const struct insn *i) { (void)i; partial_remainder(c, 1); }

/* FXTRACT: ST(0) becomes the exponent and the significand is pushed above it. */
void fxtract(struct cpu *c, const struct insn *i)
{
    (void)i;
    struct fpu *f = &c->fpu;
    struct ext80_env env = x87_env(f);
    struct ext80 exponent, significand;
    if (st_empty(f, 0)) {
        x87_stack_underflow(&env);
        exponent = significand = ext80_indefinite();
    } else if (!st_empty(f, 7)) {
        x87_stack_overflow(&env);
        exponent = significand = ext80_indefinite();
    } else {
        significand = ext80_extract(&env, st_get(f, 0), &exponent);
    }
    if (!x87_record(f, env.flags, X87_C1))
        return;
    st_set(f, 0, exponent);
    st_push(f, significand);
}
