/* Operations on the integer and exponent parts of 80-bit values: the partial remainders of FPREM and FPREM1,
 * rounding to an integer (FRNDINT), scaling by a power of two (FSCALE) and splitting off the exponent (FXTRACT). */
#include "cpu/fpu/ext80.h"

#define CODES_ALL (X87_C0 | X87_C1 | X87_C2 | X87_C3)

static struct u128 high(uint64_t sig) { return u128_make(sig, 0); }

/* Long division of sig_a * 2^steps by sig_b (both normalized): returns the remainder and the quotient's low bits. */
static uint64_t divide_steps(uint64_t sig_a, uint64_t sig_b, int32_t steps, uint64_t *quotient)
{
    uint64_t r = sig_a, q = 0;
    if (r >= sig_b) {
        r -= sig_b;
        q = 1;
    }
    for (int32_t k = 0; k < steps; k++) {
        uint64_t top = r >> 63;
        r <<= 1;
        q <<= 1;
        if (top || r >= sig_b) {
            r -= sig_b;          /* exact modulo 2^64: the true difference is below sig_b */
            q |= 1;
        }
    }
    *quotient = q;
    return r;
}

/* The quotient bits FPREM reports: Q2 in C0, Q1 in C3, Q0 in C1. */
static uint16_t quotient_status(uint64_t q)
{
    return (uint16_t)(((q & 4) ? X87_C0 : 0) | ((q & 2) ? X87_C3 : 0) | ((q & 1) ? X87_C1 : 0));
}

/* An exponent difference of 64 or more reduces only partially (C2 = 1). The SDM leaves the step N between 32 and
 * 63 to the implementation; this one takes N = 32 + (difference mod 32), as the hardware does (tests/fpu/diff_fpu
 * checks it against the host x87), so the next FPREM sees a difference that is a multiple of 32. */
static struct ext80 partial_remainder(struct ext80_env *env, struct unpacked ua, struct unpacked ub, int32_t d,
                                      uint16_t *status)
{
    int32_t n = 32 + (d & 31);
    uint64_t q;
    uint64_t r = divide_steps(ua.sig, ub.sig, n, &q);
    *status = X87_C2;
    if (r == 0)
        return ext80_zero(ua.sign);
    return ext80_round_pack(env, ua.sign, ub.exp + d - n, high(r));
}

struct ext80 ext80_rem(struct ext80_env *env, struct ext80 a, struct ext80 b, int nearest, uint16_t *status,
                       uint16_t *codes_mask)
{
    struct ext80 out;
    *status = 0;
    *codes_mask = X87_C1 | X87_C2;
    if (ext80_check_operands(env, a, b, &out))
        return out;
    if (ext80_is_inf(a) || ext80_is_zero(b)) {
        env->flags |= X87_IE;
        return ext80_indefinite();
    }
    ext80_check_denormal(env, a, b);
    *codes_mask = CODES_ALL;     /* from here on the reduction completes or continues: quotient bits and C2 */
    if (ext80_is_zero(a))
        return a;
    struct unpacked ua = ext80_unpack(a), ub = ext80_unpack(b);
    int32_t d = ext80_is_inf(b) ? -1 : ua.exp - ub.exp;
    if (d >= 64)
        return partial_remainder(env, ua, ub, d, status);
    if (d < 0 && !(nearest && d == -1 && ua.sig > ub.sig && !ext80_is_inf(b)))
        return ext80_round_pack(env, ua.sign, ua.exp, high(ua.sig));   /* normalizes a pseudo-denormal */
    uint64_t q = 0, r;
    unsigned sign = ua.sign;
    int32_t exp = ub.exp;
    if (d < 0) {
        /* FPREM1 with |a| in (|b|/2, |b|): the quotient rounds to 1 */
        q = 1;
        r = ub.sig - (ua.sig - ub.sig);
        exp = ua.exp;
        sign ^= 1;
    } else {
        r = divide_steps(ua.sig, ub.sig, d, &q);
        if (nearest && (r > ub.sig - r || (r == ub.sig - r && (q & 1)))) {
            q++;
            r = ub.sig - r;
            sign ^= 1;
        }
    }
    *status = quotient_status(q);
    if (r == 0)
        return ext80_zero(ua.sign);
    return ext80_round_pack(env, sign, exp, high(r));
}

struct ext80 ext80_round_int(struct ext80_env *env, struct ext80 a)
{
    if (ext80_is_unsupported(a)) {
        env->flags |= X87_IE;
        return ext80_indefinite();
    }
    if (ext80_is_nan(a))
        return ext80_propagate_nan(env, a, a);
    if (ext80_is_inf(a) || ext80_is_zero(a))
        return a;
    if (ext80_is_denormal(a))
        env->flags |= X87_DE;
    struct unpacked u = ext80_unpack(a);
    int32_t e = u.exp - EXT80_BIAS;
    if (e >= 63)
        return a;
    if (e < 0) {
        /* |a| < 1: the result is 0 or 1; exactly one half (sig = 2^63, e = -1) goes to the even 0 */
        uint64_t rem = e == -1 ? u.sig : 1, half = e == -1 ? 1ull << 63 : 2;
        int up = ext80_round_up(env->rc, u.sign, 0, rem, half);
        env->flags |= X87_PE | (up ? X87_C1 : 0);
        return up ? ext80_one(u.sign) : ext80_zero(u.sign);
    }
    uint64_t unit = 1ull << (63 - e);
    uint64_t kept = u.sig & ~(unit - 1), rem = u.sig & (unit - 1);
    if (!rem)
        return a;
    int up = ext80_round_up(env->rc, u.sign, kept & unit, rem, unit >> 1);
    env->flags |= X87_PE | (up ? X87_C1 : 0);
    if (up) {
        kept += unit;
        if (kept == 0) {
            kept = 1ull << 63;
            u.exp++;
        }
    }
    return ext80_make(u.sign, (unsigned)u.exp, kept);
}

/* trunc(b) as a scale count, clamped far beyond any exponent so that the sum cannot overflow an int32. */
static int32_t scale_count(struct ext80 b)
{
    struct unpacked u = ext80_unpack(b);
    int32_t e = u.exp - EXT80_BIAS;
    int32_t n = e < 0 ? 0 : e >= 20 ? 1 << 20 : (int32_t)(u.sig >> (63 - e));
    return u.sign ? -n : n;
}

struct ext80 ext80_scale(struct ext80_env *env, struct ext80 a, struct ext80 b)
{
    struct ext80 out;
    if (ext80_check_operands(env, a, b, &out))
        return out;
    ext80_check_denormal(env, a, b);
    unsigned sa = ext80_sign(a);
    if (ext80_is_inf(b)) {
        /* scaling by +inf makes finite values infinite and 0 invalid; by -inf makes them 0 and inf invalid */
        int bad = ext80_sign(b) ? ext80_is_inf(a) : ext80_is_zero(a);
        if (bad) {
            env->flags |= X87_IE;
            return ext80_indefinite();
        }
        if (ext80_is_inf(a) || ext80_is_zero(a))
            return a;
        return ext80_sign(b) ? ext80_zero(sa) : ext80_inf(sa);
    }
    if (ext80_is_inf(a) || ext80_is_zero(a))
        return a;
    struct unpacked ua = ext80_unpack(a);
    return ext80_round_pack(env, sa, ua.exp + scale_count(b), high(ua.sig));
}

struct ext80 ext80_extract(struct ext80_env *env, struct ext80 a, struct ext80 *exponent)
{
    if (ext80_is_unsupported(a)) {
        env->flags |= X87_IE;
        *exponent = ext80_indefinite();
        return *exponent;
    }
    if (ext80_is_nan(a)) {
        *exponent = ext80_propagate_nan(env, a, a);
        return *exponent;
    }
    if (ext80_is_zero(a)) {
        env->flags |= X87_ZE;
        *exponent = ext80_inf(1);
        return a;
    }
    if (ext80_is_inf(a)) {
        *exponent = ext80_inf(0);
        return a;
    }
    if (ext80_is_denormal(a))
        env->flags |= X87_DE;
    struct unpacked u = ext80_unpack(a);
    *exponent = ext80_from_int(u.exp - EXT80_BIAS);
    return ext80_make(u.sign, EXT80_BIAS, u.sig);
}
