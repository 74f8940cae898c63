/* Conversions between the 80-bit format and the x87's memory formats: 32- and 64-bit reals, 16/32/64-bit
 * integers and 18-digit packed BCD. */
#include "cpu/fpu/ext80.h"

/* An IEEE single or double: fraction bits and exponent bias. */
struct ieee_format {
    unsigned frac_bits;
    int32_t bias;
};
static const struct ieee_format f32_format = { 23, 127 };
static const struct ieee_format f64_format = { 52, 1023 };

static struct ext80 from_ieee(struct ext80_env *env, const struct ieee_format *f, uint64_t bits)
{
    unsigned total = f->frac_bits + 1 + (f->frac_bits == 23 ? 8 : 11);
    unsigned sign = (unsigned)(bits >> (total - 1)) & 1;
    uint32_t emax = (1u << (total - 1 - f->frac_bits)) - 1;
    uint32_t e = (uint32_t)(bits >> f->frac_bits) & emax;
    uint64_t frac = bits & ((1ull << f->frac_bits) - 1);
    uint64_t sig = frac << (63 - f->frac_bits);
    if (e == emax) {
        if (frac == 0)
            return ext80_inf(sign);
        return ext80_make(sign, EXT80_EXP_MAX, sig | (1ull << 63));
    }
    if (e == 0) {
        if (frac == 0)
            return ext80_zero(sign);
        env->denormal_source = 1;
        unsigned shift = clz64(sig);
        return ext80_make(sign, (unsigned)(EXT80_BIAS - f->bias + 1 - (int32_t)shift), sig << shift);
    }
    return ext80_make(sign, (unsigned)((int32_t)e - f->bias + EXT80_BIAS), sig | (1ull << 63));
}

struct ext80 ext80_from_f32(struct ext80_env *env, uint32_t bits) { return from_ieee(env, &f32_format, bits); }
struct ext80 ext80_from_f64(struct ext80_env *env, uint64_t bits) { return from_ieee(env, &f64_format, bits); }

static uint64_t to_ieee(struct ext80_env *env, const struct ieee_format *f, struct ext80 a)
{
    unsigned exp_bits = f->frac_bits == 23 ? 8 : 11;
    uint64_t emax = (1ull << exp_bits) - 1;
    uint64_t sign = (uint64_t)ext80_sign(a) << (f->frac_bits + exp_bits);
    uint64_t inf = sign | (emax << f->frac_bits);
    unsigned drop = 63 - f->frac_bits;           /* significand bits that do not fit the fraction */
    switch (ext80_classify(a)) {
    case CL_UNSUPPORTED:
        env->flags |= X87_IE;
        return (1ull << (f->frac_bits + exp_bits)) | (emax << f->frac_bits) | (1ull << (f->frac_bits - 1));
    case CL_SNAN:
        env->flags |= X87_IE;
        /* fall through */
    case CL_QNAN:
        return inf | ((ext80_quiet(a).sig >> drop) & ((1ull << f->frac_bits) - 1));
    case CL_INF:
        return inf;
    case CL_ZERO:
        return sign;
    default:
        break;
    }
    struct unpacked u = ext80_unpack(a);
    const struct round_format rf = { f->frac_bits + 1, (int32_t)emax - 1, 0 };
    uint64_t sig;
    int32_t e = ext80_round_generic(env, &rf, u.sign, u.exp - EXT80_BIAS + f->bias, u128_make(u.sig, 0), &sig);
    if (e > (int32_t)emax - 1)
        return inf;
    return sign | ((uint64_t)e << f->frac_bits) | ((sig >> drop) & ((1ull << f->frac_bits) - 1));
}

uint32_t ext80_to_f32(struct ext80_env *env, struct ext80 a) { return (uint32_t)to_ieee(env, &f32_format, a); }
uint64_t ext80_to_f64(struct ext80_env *env, struct ext80 a) { return to_ieee(env, &f64_format, a); }

struct ext80 ext80_from_int(int64_t v)
{
    if (v == 0)
        return ext80_zero(0);
    unsigned sign = v < 0;
    uint64_t mag = sign ? 0 - (uint64_t)v : (uint64_t)v;
    unsigned shift = clz64(mag);
    return ext80_make(sign, (unsigned)(EXT80_BIAS + 63 - (int32_t)shift), mag << shift);
}

/* The magnitude of a rounded to an integer, or -1 (as an all-ones value) when it does not fit 64 bits. Sets PE
 * and C1 (rounded up) for inexact results. */
static int integer_magnitude(struct ext80_env *env, struct ext80 a, unsigned rc, uint64_t *mag)
{
    if (ext80_is_zero(a)) {
        *mag = 0;
        return 0;
    }
    struct unpacked u = ext80_unpack(a);
    int32_t e = u.exp - EXT80_BIAS;
    if (e > 63)
        return -1;
    /* integer part in hi, fraction in lo */
    struct u128 x = u128_shr_jam(u128_make(u.sig, 0), (uint32_t)(63 - e));
    int up = ext80_round_up(rc, u.sign, x.hi & 1, x.lo, 1ull << 63);
    if (up && x.hi == ~0ull)
        return -1;
    if (x.lo)
        env->flags |= X87_PE | (up ? X87_C1 : 0);
    *mag = x.hi + (uint64_t)up;
    return 0;
}

int64_t ext80_to_int(struct ext80_env *env, struct ext80 a, unsigned bits, int truncate)
{
    const int64_t indefinite = bits == 64 ? INT64_MIN : -((int64_t)1 << (bits - 1));
    enum ext80_class cl = ext80_classify(a);
    struct ext80_env trial = *env;
    uint64_t mag;
    if (cl == CL_UNSUPPORTED || cl == CL_QNAN || cl == CL_SNAN || cl == CL_INF ||
        integer_magnitude(&trial, a, truncate ? RC_ZERO : env->rc, &mag) < 0 ||
        mag > ((uint64_t)1 << (bits - 1)) - !ext80_sign(a)) {
        env->flags |= X87_IE;
        return indefinite;
    }
    *env = trial;
    return ext80_sign(a) ? (int64_t)(0 - mag) : (int64_t)mag;
}

struct ext80 ext80_from_bcd(const uint8_t bcd[10])
{
    uint64_t v = 0;
    for (int k = 8; k >= 0; k--)
        v = v * 100 + (uint64_t)(bcd[k] >> 4) * 10 + (bcd[k] & 15);
    struct ext80 r = ext80_from_int((int64_t)v);
    if (bcd[9] & 0x80)
        r = ext80_neg(r);
    return r;
}

void ext80_to_bcd(struct ext80_env *env, struct ext80 a, uint8_t bcd[10])
{
    static const uint64_t limit = 999999999999999999ull;
    enum ext80_class cl = ext80_classify(a);
    struct ext80_env trial = *env;
    uint64_t mag;
    if (cl == CL_UNSUPPORTED || cl == CL_QNAN || cl == CL_SNAN || cl == CL_INF ||
        integer_magnitude(&trial, a, env->rc, &mag) < 0 || mag > limit) {
        /* the packed BCD indefinite: FFFF C000 0000 0000 0000 */
        env->flags |= X87_IE;
        for (int k = 0; k < 7; k++)
            bcd[k] = 0;
        bcd[7] = 0xc0;
        bcd[8] = bcd[9] = 0xff;
        return;
    }
    *env = trial;
    for (int k = 0; k < 9; k++) {
        unsigned low = (unsigned)(mag % 10), high_digit = (unsigned)(mag / 10 % 10);
        bcd[k] = (uint8_t)(high_digit << 4 | low);
        mag /= 100;
    }
    bcd[9] = ext80_sign(a) ? 0x80 : 0;
}
