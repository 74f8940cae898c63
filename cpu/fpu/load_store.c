/* x87 loads and stores: FLD/FST/FSTP of 32-, 64- and 80-bit reals and of ST(i), FILD/FIST/FISTP/FISTTP of 16-,
 * 32- and 64-bit integers, FBLD/FBSTP, and the constants FLD1 ... FLDZ. */
#include "cpu/fpu/x87.h"
#include "cpu/fpu/x87_table.h"

/* Pushes v, or the indefinite QNaN when ST(7) is occupied (stack overflow, which replaces any other flag but a
 * stack underflow of FLD ST(i): then C1 reports the underflow). */
static void push_result(struct fpu *f, struct ext80_env *env, struct ext80 v)
{
    if (!((f->empty >> ((f->top - 1) & 7)) & 1) && !(env->flags & X87_SF)) {
        env->flags = 0;
        x87_stack_overflow(env);
        v = ext80_indefinite();
    }
    if (x87_record_suppressed(f, env->flags, X87_C1, X87_IE))
        st_push(f, v);
}

/* A loaded 32/64-bit real: a signaling NaN raises IE and is loaded quiet; a denormal raises DE. */
static void push_loaded_real(struct fpu *f, struct ext80_env *env, struct ext80 v)
{
    if (env->denormal_source)
        env->flags |= X87_DE;
    if (ext80_is_snan(v)) {
        env->flags |= X87_IE;
        v = ext80_quiet(v);
    }
    push_result(f, env, v);
}

void fld_m32(struct cpu *c, const struct insn *i)
{
    uint32_t bits = seg_read32(c, i->seg, ea(c, i));
    struct ext80_env env = x87_env(&c->fpu);
    push_loaded_real(&c->fpu, &env, ext80_from_f32(&env, bits));
}

void fld_m64(struct cpu *c, const struct insn *i)
{
    uint8_t buf[8];
    x87_read_block(c, i->seg, ea(c, i), buf, 8);
    struct ext80_env env = x87_env(&c->fpu);
    push_loaded_real(&c->fpu, &env, ext80_from_f64(&env, ld64(buf)));
}

/* An 80-bit load is a copy: no exception but stack overflow, whatever the encoding. */
void fld_m80(struct cpu *c, const struct insn *i)
{
    uint8_t buf[10];
    x87_read_block(c, i->seg, ea(c, i), buf, 10);
    struct ext80_env env = x87_env(&c->fpu);
    push_result(&c->fpu, &env, x87_unpack80(buf));
}

void fld_sti(struct cpu *c, const struct insn *i)
{
    struct fpu *f = &c->fpu;
    struct ext80_env env = x87_env(f);
    struct ext80 v = st_get(f, i->rm);
    if (st_empty(f, i->rm)) {
        x87_stack_underflow(&env);
        v = ext80_indefinite();
    }
    push_result(f, &env, v);
}

static void push_integer(struct cpu *c, int64_t v)
{
    struct ext80_env env = x87_env(&c->fpu);
    push_result(&c->fpu, &env, ext80_from_int(v));
}

void fild_m16(struct cpu *c, const struct insn *i) { push_integer(c, (int16_t)seg_read16(c, i->seg, ea(c, i))); }
void fild_m32(struct cpu *c, const struct insn *i) { push_integer(c, (int32_t)seg_read32(c, i->seg, ea(c, i))); }
void fild_m64(struct cpu *c, const struct insn *i)
{
    uint8_t buf[8];
    x87_read_block(c, i->seg, ea(c, i), buf, 8);
    push_integer(c, (int64_t)ld64(buf));
}

void fbld(struct cpu *c, const struct insn *i)
{
    uint8_t buf[10];
    x87_read_block(c, i->seg, ea(c, i), buf, 10);
    struct ext80_env env = x87_env(&c->fpu);
    push_result(&c->fpu, &env, ext80_from_bcd(buf));
}

/* The constants, truncated to 64 bits, and whether round-to-nearest rounds them up: the x87 rounds its internal
 * constants by RC, without raising PE. Values: log2(10), log2(e), pi, log10(2), ln(2). */
struct x87_constant {
    uint16_t se;
    uint64_t sig;
    uint8_t nearest_up;
};
static const struct x87_constant constants[] = {
    { 0x4000, 0xd49a784bcd1b8afeull, 0 },        /* log2(10) = 3.3219... */
    { 0x3fff, 0xb8aa3b295c17f0bbull, 1 },        /* log2(e)  = 1.4426... */
    { 0x4000, 0xc90fdaa22168c234ull, 1 },        /* pi       = 3.1415... */
    { 0x3ffd, 0x9a209a84fbcff798ull, 1 },        /* log10(2) = 0.3010... */
    { 0x3ffe, 0xb17217f7d1cf79abull, 1 },        /* ln(2)    = 0.6931... */
};

static void push_constant(struct cpu *c, const struct x87_constant *k)
{
    struct ext80_env env = x87_env(&c->fpu);
    int up = env.rc == RC_UP || (env.rc == RC_NEAREST && k->nearest_up);
    push_result(&c->fpu, &env, ext80_make(0, k->se, k->sig + (uint64_t)up));
}

void fld1(struct cpu *c, const struct insn *i)
{
    (void)i;
    struct ext80_env env = x87_env(&c->fpu);
    push_result(&c->fpu, &env, ext80_one(0));
}
void fldz(struct cpu *c, const struct insn *i)
{
    (void)i;
    struct ext80_env env = x87_env(&c->fpu);
    push_result(&c->fpu, &env, ext80_zero(0));
}
void fldl2t(struct cpu *c, const struct insn *i) { (void)i; push_constant(c, &constants[0]); }
void fldl2e(struct cpu *c, const struct insn *i) { (void)i; push_constant(c, &constants[1]); }
void fldpi(struct cpu *c, const struct insn *i) { (void)i; push_constant(c, &constants[2]); }
void fldlg2(struct cpu *c, const struct insn *i) { (void)i; push_constant(c, &constants[3]); }
void fldln2(struct cpu *c, const struct insn *i) { (void)i; push_constant(c, &constants[4]); }

/* A memory store of ST(0): the converted bytes are written only when no unmasked exception suppresses them
 * (for memory destinations, unmasked overflow and underflow too); the write comes before the status word and
 * the pop change, so a page fault leaves the FPU as it was. */
static void store_st0(struct cpu *c, const struct insn *i, const uint8_t *bytes, unsigned len, unsigned flags,
                      int pop)
{
    struct fpu *f = &c->fpu;
    const unsigned stopping = X87_IE | X87_DE | X87_ZE | X87_OE | X87_UE;
    if (!(flags & ~f->cw & stopping))
        x87_write_block(c, i->seg, ea(c, i), bytes, len);
    if (x87_record_suppressed(f, flags, X87_C1, stopping) && pop)
        st_pop(f);
}

static void store_real(struct cpu *c, const struct insn *i, unsigned len, int pop)
{
    struct fpu *f = &c->fpu;
    struct ext80_env env = x87_env(f);
    struct ext80 v = ext80_indefinite();
    if (st_empty(f, 0))
        x87_stack_underflow(&env);
    else
        v = st_get(f, 0);
    uint8_t buf[10];
    if (len == 4)
        st32(buf, ext80_to_f32(&env, v));
    else if (len == 8)
        st64(buf, ext80_to_f64(&env, v));
    else
        x87_pack80(buf, v);
    store_st0(c, i, buf, len, env.flags, pop);
}

void fst_m32(struct cpu *c, const struct insn *i) { store_real(c, i, 4, 0); }
void fstp_m32(struct cpu *c, const struct insn *i) { store_real(c, i, 4, 1); }
void fst_m64(struct cpu *c, const struct insn *i) { store_real(c, i, 8, 0); }
void fstp_m64(struct cpu *c, const struct insn *i) { store_real(c, i, 8, 1); }
void fstp_m80(struct cpu *c, const struct insn *i) { store_real(c, i, 10, 1); }

static void store_integer(struct cpu *c, const struct insn *i, unsigned bits, int truncate, int pop)
{
    struct fpu *f = &c->fpu;
    struct ext80_env env = x87_env(f);
    int64_t v;
    if (st_empty(f, 0)) {
        x87_stack_underflow(&env);
        v = bits == 64 ? INT64_MIN : -((int64_t)1 << (bits - 1));
    } else {
        v = ext80_to_int(&env, st_get(f, 0), bits, truncate);
    }
    uint8_t buf[8];
    st64(buf, (uint64_t)v);
    store_st0(c, i, buf, bits / 8, env.flags, pop);
}

void fist_m16(struct cpu *c, const struct insn *i) { store_integer(c, i, 16, 0, 0); }
void fistp_m16(struct cpu *c, const struct insn *i) { store_integer(c, i, 16, 0, 1); }
void fist_m32(struct cpu *c, const struct insn *i) { store_integer(c, i, 32, 0, 0); }
void fistp_m32(struct cpu *c, const struct insn *i) { store_integer(c, i, 32, 0, 1); }
void fistp_m64(struct cpu *c, const struct insn *i) { store_integer(c, i, 64, 0, 1); }
void fisttp_m16(struct cpu *c, const struct insn *i) { store_integer(c, i, 16, 1, 1); }
void fisttp_m32(struct cpu *c, const struct insn *i) { store_integer(c, i, 32, 1, 1); }
void fisttp_m64(struct cpu *c, const struct insn *i) { store_integer(c, i, 64, 1, 1); }

void fbstp(struct cpu *c, const struct insn *i)
{
    struct fpu *f = &c->fpu;
    struct ext80_env env = x87_env(f);
    uint8_t buf[10];
    if (st_empty(f, 0)) {
        x87_stack_underflow(&env);
        ext80_to_bcd(&env, ext80_indefinite(), buf);
        env.flags &= (uint16_t)~X87_C1;
    } else {
        ext80_to_bcd(&env, st_get(f, 0), buf);
    }
    store_st0(c, i, buf, 10, env.flags, 1);
}

/* FST/FSTP ST(i): a register copy, no conversion and no exception but stack underflow. */
static void store_register(struct cpu *c, unsigned dst, int pop)
{
    struct fpu *f = &c->fpu;
    struct ext80_env env = x87_env(f);
    struct ext80 v = st_get(f, 0);
    if (st_empty(f, 0)) {
        x87_stack_underflow(&env);
        v = ext80_indefinite();
    }
    if (!x87_record(f, env.flags, X87_C1))
        return;
    st_set(f, dst, v);
    if (pop)
        st_pop(f);
}

void fst_sti(struct cpu *c, const struct insn *i) { store_register(c, i->rm, 0); }
void fstp_sti(struct cpu *c, const struct insn *i) { store_register(c, i->rm, 1); }

/* D9 D8+i, the undocumented FSTP1 alias: like FSTP ST(i), but an empty ST(0) is popped silently (C1 cleared, no
 * stack fault, ST(i) unchanged), as the host x87 does (and as is reported of Intel Core parts). */
void fstp1_sti(struct cpu *c, const struct insn *i)
{
    struct fpu *f = &c->fpu;
    if (!st_empty(f, 0)) {
        store_register(c, i->rm, 1);
        return;
    }
    x87_record(f, 0, X87_C1);
    st_pop(f);
}
