/* The core of the software 80-bit arithmetic: classifying encodings, NaN propagation, and rounding an exact
 * (or sticky-truncated) result to the destination format with the x87's overflow, underflow and inexact
 * responses. The operations themselves are in ext80_arith.c and ext80_convert.c. */
#include "cpu/fpu/ext80.h"

enum ext80_class ext80_classify(struct ext80 a)
{
    unsigned e = ext80_exp(a);
    if (e == 0)
        return a.sig ? CL_DENORMAL : CL_ZERO;
    if (!(a.sig >> 63))
        return CL_UNSUPPORTED;
    if (e != EXT80_EXP_MAX)
        return CL_NORMAL;
    if (!(a.sig << 1))
        return CL_INF;
    return (a.sig >> 62) & 1 ? CL_QNAN : CL_SNAN;
}

struct unpacked ext80_unpack(struct ext80 a)
{
    struct unpacked u = { ext80_sign(a), (int32_t)ext80_exp(a), a.sig };
    if (u.exp == 0 && u.sig) {
        /* a denormal's value is sig * 2^(1 - bias - 63): normalize it with an exponent below 1 */
        unsigned shift = clz64(u.sig);
        u.sig <<= shift;
        u.exp = 1 - (int32_t)shift;
    }
    return u;
}

int ext80_round_up(unsigned rc, unsigned sign, uint64_t kept_lsb, uint64_t rem, uint64_t half)
{
    switch (rc) {
    case RC_NEAREST:
        return rem > half || (rem == half && kept_lsb);
    case RC_UP:
        return rem != 0 && !sign;
    case RC_DOWN:
        return rem != 0 && sign;
    default:
        return 0;
    }
}

/* The masked response to overflow: infinity, or the largest finite value when the rounding direction points
 * toward zero (Intel SDM vol. 1, 4.9.1.4). */
static int32_t masked_overflow(struct ext80_env *env, const struct round_format *f, unsigned sign, uint64_t *sig_out)
{
    env->flags |= X87_OE | X87_PE;
    int to_inf = env->rc == RC_NEAREST || (env->rc == RC_UP && !sign) || (env->rc == RC_DOWN && sign);
    if (to_inf) {
        env->flags |= X87_C1;
        *sig_out = 1ull << 63;
        return f->emax + 1;
    }
    env->flags &= (uint16_t)~X87_C1;
    *sig_out = ~0ull << (64 - f->prec);
    return f->emax;
}

/* Rounding of a normalized 128-bit significand to `prec` bits: the kept bits (before any carry), whether they go
 * up by one unit, and whether anything was discarded. */
struct rounding {
    uint64_t kept, unit;
    int up, inexact;
};

static struct rounding round_bits(unsigned rc, unsigned sign, unsigned prec, struct u128 sig)
{
    struct rounding r;
    uint64_t rem, half;
    if (prec >= 64) {
        r.unit = 1;
        r.kept = sig.hi;
        rem = sig.lo;
        half = 1ull << 63;
    } else {
        r.unit = 1ull << (64 - prec);
        r.kept = sig.hi & ~(r.unit - 1);
        rem = (sig.hi & (r.unit - 1)) | (sig.lo != 0);
        half = r.unit >> 1;
    }
    r.up = ext80_round_up(rc, sign, r.kept & r.unit, rem, half);
    r.inexact = rem != 0;
    return r;
}

/* Tininess is detected after rounding, as the x87 does: a value below the smallest normal that rounds (to the
 * precision, with an unbounded exponent) up to it is not tiny. */
static int is_tiny(const struct ext80_env *env, const struct round_format *f, unsigned sign, int32_t exp,
                   struct u128 sig)
{
    if (exp >= 1)
        return 0;
    if (exp < 0)
        return 1;
    struct rounding r = round_bits(env->rc, sign, f->prec, sig);
    return !(r.up && r.kept == ~(r.unit - 1));
}

/* The unmasked response to a tiny result: a register receives it with the exponent wrapped up by f->wrap (unless
 * even that is too small, as FSCALE can make it: then a zero, inexact); a memory destination receives nothing and
 * UE is the only news. Returns 1 when that ends the rounding, with *exp and *sig_out set. */
static int unmasked_underflow(struct ext80_env *env, const struct round_format *f, uint16_t flags_before,
                              int32_t *exp, uint64_t *sig_out)
{
    *sig_out = 0;
    if (!f->wrap) {
        env->flags = (uint16_t)((flags_before | X87_UE) & ~X87_C1);
        *exp = 0;
        return 1;
    }
    env->flags |= X87_UE;
    *exp += f->wrap;
    if (*exp >= 1)
        return 0;
    env->flags = (uint16_t)((env->flags | X87_PE) & ~X87_C1);
    *exp = 0;
    return 1;
}

/* Overflow: masked, infinity or the largest finite value; unmasked, a register receives the result with the
 * exponent wrapped down (infinity when even that is too large, as FSCALE can make it), memory nothing but OE. */
static int32_t overflow(struct ext80_env *env, const struct round_format *f, unsigned sign, uint16_t flags_before,
                        int32_t exp, uint64_t kept, uint64_t *sig_out)
{
    if (env->masks & X87_OE)
        return masked_overflow(env, f, sign, sig_out);
    *sig_out = 1ull << 63;
    if (!f->wrap) {
        env->flags = (uint16_t)((flags_before | X87_OE) & ~X87_C1);
        return f->emax + 1;
    }
    env->flags |= X87_OE;
    exp -= f->wrap;
    if (exp > f->emax) {
        env->flags |= X87_PE | X87_C1;
        return f->emax + 1;
    }
    *sig_out = kept;
    return exp;
}

int32_t ext80_round_generic(struct ext80_env *env, const struct round_format *f, unsigned sign, int32_t exp,
                            struct u128 sig, uint64_t *sig_out)
{
    if (u128_is_zero(sig)) {
        *sig_out = 0;
        return 0;
    }
    unsigned shift = u128_clz(sig);
    sig = u128_shl(sig, shift);
    exp -= (int32_t)shift;
    uint16_t flags_before = env->flags;
    int tiny = is_tiny(env, f, sign, exp, sig);
    if (tiny && !(env->masks & X87_UE) && unmasked_underflow(env, f, flags_before, &exp, sig_out))
        return exp;
    int denormal = exp < 1;
    if (denormal) {
        sig = u128_shr_jam(sig, (uint32_t)(1 - exp));
        exp = 0;
    }
    struct rounding r = round_bits(env->rc, sign, f->prec, sig);
    uint64_t kept = r.kept;
    if (r.up) {
        kept += r.unit;
        if (kept == 0) {         /* carried out of bit 63 */
            kept = 1ull << 63;
            exp++;
        } else if (denormal && (kept >> 63)) {
            exp = 1;             /* rounded up into the normal range */
        }
    }
    if (r.inexact)
        env->flags |= X87_PE | (r.up ? X87_C1 : 0) | (tiny && (env->masks & X87_UE) ? X87_UE : 0);
    if (exp > f->emax)
        return overflow(env, f, sign, flags_before, exp, kept, sig_out);
    *sig_out = kept;
    return exp;
}

struct ext80 ext80_round_pack(struct ext80_env *env, unsigned sign, int32_t exp, struct u128 sig)
{
    const struct round_format f = { env->prec, EXT80_EXP_MAX - 1, EXT80_WRAP };
    uint64_t out;
    int32_t e = ext80_round_generic(env, &f, sign, exp, sig, &out);
    return ext80_make(sign, (unsigned)e, out);
}

struct ext80 ext80_propagate_nan(struct ext80_env *env, struct ext80 a, struct ext80 b)
{
    int a_nan = ext80_is_nan(a), b_nan = ext80_is_nan(b);
    int a_snan = ext80_is_snan(a), b_snan = ext80_is_snan(b);
    if (a_snan || b_snan)
        env->flags |= X87_IE;
    if (!b_nan)
        return ext80_quiet(a);
    if (!a_nan)
        return ext80_quiet(b);
    /* two NaNs: a QNaN wins over an SNaN, else the larger significand, else the smaller sign/exponent word */
    if (a_snan != b_snan)
        return a_snan ? ext80_quiet(b) : ext80_quiet(a);
    if (a.sig != b.sig)
        return ext80_quiet(a.sig > b.sig ? a : b);
    return ext80_quiet(a.se < b.se ? a : b);
}

int ext80_check_operands(struct ext80_env *env, struct ext80 a, struct ext80 b, struct ext80 *out)
{
    if (ext80_is_unsupported(a) || ext80_is_unsupported(b)) {
        env->flags |= X87_IE;
        *out = ext80_indefinite();
        return 1;
    }
    if (ext80_is_nan(a) || ext80_is_nan(b)) {
        *out = ext80_propagate_nan(env, a, b);
        return 1;
    }
    return 0;
}

void ext80_check_denormal(struct ext80_env *env, struct ext80 a, struct ext80 b)
{
    if (ext80_is_denormal(a) || ext80_is_denormal(b) || env->denormal_source)
        env->flags |= X87_DE;
}
