/* The x87 transcendentals in 128-bit precision (see transcend.h): series for atanh, exp - 1, sin, cos and atan
 * after argument reduction, special operands per the Intel SDM's tables for each instruction. */
#include "cpu/fpu/transcend.h"
#include "cpu/fpu/wide.h"

/* Terms below this many bits under the sum no longer change it but for a sticky bit. */
enum { SERIES_BITS = 132 };

static int negligible(struct wide term, struct wide sum)
{
    return wide_is_zero(term) || term.exp < sum.exp - SERIES_BITS;
}

/* atanh(t) = t + t^3/3 + t^5/5 + ... for |t| <= 0.18 */
static struct wide atanh_series(struct wide t)
{
    struct wide t2 = wide_mul(t, t), power = t, sum = t;
    for (uint32_t k = 3; k < 400; k += 2) {
        power = wide_mul(power, t2);
        struct wide term = wide_div_small(power, k);
        sum = wide_add(sum, term);  /* a negligible term still makes the sum inexact, in its direction */
        if (negligible(term, sum))
            break;
    }
    return sum;
}

/* log2 of a positive finite value: e + log2(m), with m in [sqrt(1/2), sqrt(2)) and ln m = 2 atanh((m-1)/(m+1)). */
static struct wide log2_wide(struct ext80 x)
{
    struct unpacked u = ext80_unpack(x);
    int32_t e = u.exp - EXT80_BIAS;
    struct wide m = wide_make(0, 0, u128_make(u.sig, 0));
    if (u.sig > 0xb504f333f9de6484ull) {           /* above sqrt(2) */
        m = wide_scale(m, -1);
        e++;
    }
    struct wide one = wide_from_int(1);
    struct wide t = wide_div(wide_sub(m, one), wide_add(m, one));
    struct wide ln_m = wide_scale(atanh_series(t), 1);
    return wide_add(wide_from_int(e), wide_mul(ln_m, wide_log2e()));
}

/* The common special cases of the two-operand functions: unsupported and NaN operands. */
static int special_pair(struct ext80_env *env, struct ext80 a, struct ext80 b, struct ext80 *out)
{
    return ext80_check_operands(env, a, b, out);
}

static struct ext80 invalid(struct ext80_env *env)
{
    env->flags |= X87_IE;
    return ext80_indefinite();
}

struct ext80 x87_fyl2x(struct ext80_env *env, struct ext80 x, struct ext80 y)
{
    struct ext80 out;
    if (special_pair(env, x, y, &out))
        return out;
    unsigned sy = ext80_sign(y);
    if (ext80_sign(x) && !ext80_is_zero(x))
        return invalid(env);                    /* before DE for a negative denormal */
    if (ext80_is_zero(x)) {                     /* log2(0) = -inf; no DE for a denormal y */
        if (ext80_is_zero(y))
            return invalid(env);
        if (!ext80_is_inf(y))
            env->flags |= X87_ZE;
        return ext80_inf(!sy);
    }
    ext80_check_denormal(env, x, y);
    if (ext80_is_inf(x)) {
        if (ext80_is_zero(y))
            return invalid(env);
        return ext80_inf(sy);
    }
    struct wide l = log2_wide(x);               /* exactly 0 for x = 1 */
    if (ext80_is_inf(y)) {
        if (wide_is_zero(l))
            return invalid(env);
        return ext80_inf(sy ^ l.sign);
    }
    if (ext80_is_zero(y) || wide_is_zero(l))
        return ext80_zero(sy ^ l.sign);
    struct ext80 r = wide_to_ext80(env, wide_mul(wide_from_ext80(y), l));
    /* The hardware reports every finite nonzero FYL2X result as inexact, even y * k for x = 2^k (and then a
     * tiny one as underflow too). */
    if (!(env->flags & X87_PE)) {
        env->flags |= X87_PE;
        if (ext80_exp(r) == 0 && (env->masks & X87_UE))
            env->flags |= X87_UE;
    }
    return r;
}

struct ext80 x87_fyl2xp1(struct ext80_env *env, struct ext80 x, struct ext80 y)
{
    struct ext80 out;
    if (special_pair(env, x, y, &out))
        return out;
    unsigned sx = ext80_sign(x), sy = ext80_sign(y);
    /* the invalid cases come before DE */
    if ((ext80_is_zero(x) && ext80_is_inf(y)) || (ext80_is_inf(x) && (sx || ext80_is_zero(y))))
        return invalid(env);
    ext80_check_denormal(env, x, y);
    if (ext80_is_zero(x))
        return ext80_zero(sx ^ sy);
    if (ext80_is_inf(x))
        return ext80_inf(sy);
    if (ext80_is_inf(y))
        return ext80_inf(sx ^ sy);
    if (ext80_is_zero(y))
        return ext80_zero(sx ^ sy);
    /* ln(1 + x) = 2 atanh(x / (2 + x)) */
    struct wide w = wide_from_ext80(x);
    struct wide t = wide_div(w, wide_add(wide_from_int(2), w));
    struct wide l = wide_mul(wide_scale(atanh_series(t), 1), wide_log2e());
    return wide_to_ext80(env, wide_mul(wide_from_ext80(y), l));
}

/* e^z - 1 = z + z^2/2! + z^3/3! + ... */
static struct wide expm1_series(struct wide z)
{
    struct wide term = z, sum = z;
    for (uint32_t k = 2; k < 400; k++) {
        term = wide_div_small(wide_mul(term, z), k);
        sum = wide_add(sum, term);  /* a negligible term still makes the sum inexact, in its direction */
        if (negligible(term, sum))
            break;
    }
    return sum;
}

struct ext80 x87_f2xm1(struct ext80_env *env, struct ext80 x)
{
    if (ext80_is_unsupported(x))
        return invalid(env);
    if (ext80_is_nan(x))
        return ext80_propagate_nan(env, x, x);
    if (ext80_is_zero(x))
        return x;
    if (ext80_is_inf(x))
        return ext80_sign(x) ? ext80_one(1) : x;
    ext80_check_denormal(env, x, x);
    /* 2^1 - 1 and 2^-1 - 1 come out of the hardware as 1 - e and -(1/2 + e) for a tiny e (inexact, rounded by
     * RC: 1 or the value just below it; -1/2 or the value just below it) */
    if (ext80_exp(x) == EXT80_BIAS && x.sig == 1ull << 63) {
        struct wide v = ext80_sign(x) ? wide_make(1, -1, u128_make(1ull << 63, 1))
                                      : wide_make(0, -1, u128_make(~0ull, ~0ull));
        return wide_to_ext80(env, v);
    }
    return wide_to_ext80(env, expm1_series(wide_mul(wide_from_ext80(x), wide_ln2())));
}

/* atan(t) for 0 <= t <= 1: four halvings atan(t) = 2 atan(t / (1 + sqrt(1 + t^2))), then the series
 * t - t^3/3 + t^5/5 - ... */
static struct wide atan_wide(struct wide t)
{
    struct wide one = wide_from_int(1);
    int halvings = 0;
    for (; halvings < 4 && !wide_is_zero(t) && t.exp > -10; halvings++)
        t = wide_div(t, wide_add(one, wide_sqrt(wide_add(one, wide_mul(t, t)))));
    struct wide t2 = wide_mul(t, t), power = t, sum = t;
    for (uint32_t k = 3; k < 400; k += 2) {
        power = wide_neg(wide_mul(power, t2));
        struct wide term = wide_div_small(power, k);
        sum = wide_add(sum, term);  /* a negligible term still makes the sum inexact, in its direction */
        if (negligible(term, sum))
            break;
    }
    return wide_scale(sum, halvings);
}

/* The special results of FPATAN: multiples of pi/4, rounded. */
static struct ext80 pi_multiple(struct ext80_env *env, unsigned sign, unsigned quarters)
{
    struct wide v = wide_div_small(wide_pi(), 4);
    if (quarters == 3)
        v = wide_add(wide_scale(v, 1), v);
    else
        v = wide_scale(v, quarters == 4 ? 2 : quarters == 2 ? 1 : 0);
    v.sign = sign;
    return wide_to_ext80(env, v);
}

struct ext80 x87_atan2(struct ext80_env *env, struct ext80 y, struct ext80 x)
{
    struct ext80 out;
    if (special_pair(env, y, x, &out))
        return out;
    ext80_check_denormal(env, x, y);
    unsigned sy = ext80_sign(y), sx = ext80_sign(x);
    if (ext80_is_zero(y))
        return sx ? pi_multiple(env, sy, 4) : ext80_zero(sy);
    if (ext80_is_inf(y))
        return pi_multiple(env, sy, ext80_is_inf(x) ? (sx ? 3 : 1) : 2);
    if (ext80_is_inf(x))
        return sx ? pi_multiple(env, sy, 4) : ext80_zero(sy);
    if (ext80_is_zero(x))
        return pi_multiple(env, sy, 2);
    struct wide wy = wide_from_ext80(ext80_abs(y)), wx = wide_from_ext80(ext80_abs(x));
    struct wide a;
    if (wide_less_mag(wx, wy))                  /* |y| > |x|: pi/2 - atan(|x| / |y|) */
        a = wide_sub(wide_scale(wide_pi(), -1), atan_wide(wide_div(wx, wy)));
    else
        a = atan_wide(wide_div(wy, wx));
    if (sx)
        a = wide_sub(wide_pi(), a);
    a.sign = sy;
    return wide_to_ext80(env, a);
}

int x87_trig_too_large(struct ext80 x)
{
    return ext80_classify(x) == CL_NORMAL && ext80_exp(x) >= EXT80_BIAS + 63;
}

/* The x87 reduces arguments modulo its internal pi, which has 66 significant bits (Intel SDM vol. 1, 8.3.10):
 * PI66 * 2^-66 = C90FDAA22168C234Ch * 2^-66. Matching the hardware's results for large arguments needs exactly
 * this value rather than the true pi (the host x87 agrees with it in over 98% of cases, with the true pi in under
 * 10%). pi/2 = PI66 * 2^-67. */
static const uint64_t pi66_hi = 0xc, pi66_lo = 0x90fdaa22168c234cull;

/* Three-limb two's complement integers, least significant limb first. */
static void sub3(uint64_t *a, const uint64_t *b)
{
    uint64_t borrow = 0;
    for (int k = 0; k < 3; k++) {
        uint64_t d = a[k] - b[k] - borrow;
        borrow = (a[k] < b[k]) || (a[k] - b[k] < borrow);
        a[k] = d;
    }
}

static void pi66_times(uint64_t k, uint64_t *out)
{
    struct u128 lo = mul64(k, pi66_lo), hi = mul64(k, pi66_hi);
    struct u128 mid = u128_add(u128_make(0, lo.hi), u128_make(0, hi.lo));
    out[0] = lo.lo;
    out[1] = mid.lo;
    out[2] = hi.hi + mid.hi;
}

/* round(v) for 0 <= v < 2^63 */
static uint64_t nearest_integer(struct wide v)
{
    if (wide_is_zero(v) || v.exp < -1)
        return 0;
    if (v.exp == -1)
        return 1;                /* v in [1/2, 1) */
    struct u128 i = u128_shr(v.m, (unsigned)(127 - v.exp - 1));     /* one fraction bit left */
    return (i.lo >> 1) + (i.lo & 1);
}

/* sig * 2^(e + 4) - k * PI66, the remainder at scale 2^-67, as a sign and a 192-bit magnitude. */
static int pi66_remainder(uint64_t sig, int32_t e, uint64_t k, uint64_t *mag)
{
    struct u128 xs = u128_shl(u128_make(0, sig), (unsigned)(e + 4 < 64 ? e + 4 : 63));
    uint64_t r[3] = { xs.lo, xs.hi, 0 }, kp[3];
    if (e + 4 > 63) {            /* the rest of the shift: sig << (e + 4) needs up to 130 bits */
        unsigned more = (unsigned)(e + 4 - 63);
        r[2] = r[1] >> (64 - more);
        r[1] = (r[1] << more) | (r[0] >> (64 - more));
        r[0] <<= more;
    }
    pi66_times(k, kp);
    sub3(r, kp);
    int negative = (int64_t)r[2] < 0;
    for (int j = 0; j < 3; j++)
        mag[j] = negative ? 0 : r[j];
    if (negative)
        sub3(mag, r);
    return negative;
}

/* |x| = k * pi66/2 + r with |r| <= pi66/4: returns r exactly (an integer multiple of 2^-67) and k mod 4. */
static struct wide reduce(struct ext80 x, unsigned *quadrant)
{
    struct unpacked u = ext80_unpack(ext80_abs(x));
    int32_t e = u.exp - EXT80_BIAS;
    *quadrant = 0;
    if (e < -1)
        return wide_from_ext80(ext80_abs(x));   /* below pi/4 already */
    const struct wide two_over_pi = { 0, -1, { 0xa2f9836e4e441529ull, 0xfc2757d1f534ddc0ull } };
    uint64_t k = nearest_integer(wide_mul(wide_from_ext80(ext80_abs(x)), two_over_pi));
    uint64_t mag[3];
    int negative = pi66_remainder(u.sig, e, k, mag);
    /* the estimate of k may be off by one near a half-integer: then |r| > pi66/4, and r moves to the other side */
    const uint64_t half[3] = { pi66_lo >> 1 | pi66_hi << 63, pi66_hi >> 1, 0 };
    if (mag[2] || mag[1] > half[1] || (mag[1] == half[1] && mag[0] > half[0])) {
        k += negative ? (uint64_t)-1 : 1;
        uint64_t t[3] = { pi66_lo, pi66_hi, 0 };
        sub3(t, mag);            /* |r'| = pi66/2 - |r| */
        mag[0] = t[0], mag[1] = t[1];
        negative = !negative;
    }
    *quadrant = (unsigned)(k & 3);
    return wide_make((unsigned)negative, 60, u128_make(mag[1], mag[0]));
}

/* sin r = r - r^3/3! + ..., cos r = 1 - r^2/2! + ... for |r| <= pi/4 */
static struct wide sin_series(struct wide r)
{
    struct wide r2 = wide_mul(r, r), term = r, sum = r;
    for (uint32_t k = 2; k < 200; k += 2) {
        term = wide_neg(wide_div_small(wide_div_small(wide_mul(term, r2), k), k + 1));
        sum = wide_add(sum, term);  /* a negligible term still makes the sum inexact, in its direction */
        if (negligible(term, sum))
            break;
    }
    return sum;
}

static struct wide cos_series(struct wide r)
{
    struct wide r2 = wide_mul(r, r), term = wide_from_int(1), sum = term;
    for (uint32_t k = 1; k < 200; k += 2) {
        term = wide_neg(wide_div_small(wide_div_small(wide_mul(term, r2), k), k + 1));
        sum = wide_add(sum, term);  /* a negligible term still makes the sum inexact, in its direction */
        if (negligible(term, sum))
            break;
    }
    return sum;
}

/* sin and cos of |x| through the quadrant: sin(r + k pi/2) cycles sin, cos, -sin, -cos. */
static struct wide sin_abs(struct ext80 x, unsigned *quadrant_out)
{
    unsigned q;
    struct wide r = reduce(x, &q);
    *quadrant_out = q;
    struct wide v = (q & 1) ? cos_series(r) : sin_series(r);
    return q & 2 ? wide_neg(v) : v;
}

static int trig_special(struct ext80_env *env, struct ext80 x, struct ext80 *out)
{
    if (ext80_is_unsupported(x) || ext80_is_inf(x)) {
        *out = invalid(env);
        return 1;
    }
    if (ext80_is_nan(x)) {
        *out = ext80_propagate_nan(env, x, x);
        return 1;
    }
    ext80_check_denormal(env, x, x);
    return 0;
}

struct ext80 x87_sin(struct ext80_env *env, struct ext80 x)
{
    struct ext80 out;
    if (trig_special(env, x, &out))
        return out;
    if (ext80_is_zero(x))
        return x;
    unsigned q;
    struct wide v = sin_abs(x, &q);
    if (ext80_sign(x))
        v = wide_neg(v);
    return wide_to_ext80(env, v);
}

struct ext80 x87_cos(struct ext80_env *env, struct ext80 x)
{
    struct ext80 out;
    if (trig_special(env, x, &out))
        return out;
    if (ext80_is_zero(x))
        return ext80_one(0);
    unsigned q;
    struct wide r = reduce(x, &q);
    struct wide v = (q & 1) ? sin_series(r) : cos_series(r);
    if (q == 1 || q == 2)
        v = wide_neg(v);
    return wide_to_ext80(env, v);
}

struct ext80 x87_tan(struct ext80_env *env, struct ext80 x)
{
    struct ext80 out;
    if (trig_special(env, x, &out))
        return out;
    if (ext80_is_zero(x))
        return x;
    unsigned q;
    struct wide r = reduce(x, &q);
    struct wide s = sin_series(r), c = cos_series(r), v;
    if (!(q & 1) && r.exp < -40)
        v = wide_add(r, wide_scale(r, -200));   /* tan r = r + r^3/3 + ...: just above r (the quotient would lose that) */
    else
        v = (q & 1) ? wide_neg(wide_div(c, s)) : wide_div(s, c);
    if (ext80_sign(x))
        v = wide_neg(v);
    return wide_to_ext80(env, v);
}
