/* The basic arithmetic of the software 80-bit format: add, subtract, multiply, divide and square root with one
 * correct rounding each, the special cases of the Intel SDM's operand tables, and comparison. */
#include "cpu/fpu/ext80.h"

#include <stddef.h>

/* Operands are taken apart with ext80_unpack: value = sig * 2^(exp - bias - 63). ext80_round_pack takes a 128-bit
 * significand whose value is sig * 2^(exp - bias - 127), so a 64-bit significand goes in the high half. */
static struct u128 high(uint64_t sig) { return u128_make(sig, 0); }

/* The sign of an exact zero sum of two nonzero values: +0, except -0 when rounding down. */
static unsigned zero_sum_sign(const struct ext80_env *env) { return env->rc == RC_DOWN; }

static struct ext80 add_finite(struct ext80_env *env, struct unpacked a, struct unpacked b)
{
    if (a.exp < b.exp || (a.exp == b.exp && a.sig < b.sig)) {
        struct unpacked t = a;
        a = b;
        b = t;
    }
    /* One bit of headroom so that a sum cannot carry out of 128 bits. */
    struct u128 x = u128_shr(high(a.sig), 1);
    struct u128 y = u128_shr_jam(high(b.sig), (uint32_t)(a.exp - b.exp) + 1);
    int32_t exp = a.exp + 1;
    if (a.sign == b.sign)
        return ext80_round_pack(env, a.sign, exp, u128_add(x, y));
    struct u128 d = u128_sub(x, y);
    if (u128_is_zero(d))
        return ext80_zero(zero_sum_sign(env));
    return ext80_round_pack(env, a.sign, exp, d);
}

/* a + (b with its sign flipped when `negate_b`): FSUB is an addition whose NaN operand keeps its own sign. */
static struct ext80 add_signed(struct ext80_env *env, struct ext80 a, struct ext80 b, unsigned negate_b)
{
    struct ext80 out;
    if (ext80_check_operands(env, a, b, &out))
        return out;
    ext80_check_denormal(env, a, b);
    unsigned sa = ext80_sign(a), sb = ext80_sign(b) ^ negate_b;
    if (ext80_is_inf(a)) {
        if (ext80_is_inf(b) && sa != sb) {
            env->flags |= X87_IE;
            return ext80_indefinite();
        }
        return a;
    }
    if (ext80_is_inf(b))
        return ext80_inf(sb);
    int za = ext80_is_zero(a), zb = ext80_is_zero(b);
    if (za && zb)
        return ext80_zero(sa == sb ? sa : zero_sum_sign(env));
    struct unpacked ua = ext80_unpack(a), ub = ext80_unpack(b);
    ub.sign = sb;
    /* x + 0 is x, rounded to the precision control (and denormals stay denormal) */
    if (zb)
        return ext80_round_pack(env, ua.sign, ua.exp, high(ua.sig));
    if (za)
        return ext80_round_pack(env, ub.sign, ub.exp, high(ub.sig));
    return add_finite(env, ua, ub);
}

struct ext80 ext80_add(struct ext80_env *env, struct ext80 a, struct ext80 b) { return add_signed(env, a, b, 0); }
struct ext80 ext80_sub(struct ext80_env *env, struct ext80 a, struct ext80 b) { return add_signed(env, a, b, 1); }

struct ext80 ext80_mul(struct ext80_env *env, struct ext80 a, struct ext80 b)
{
    struct ext80 out;
    if (ext80_check_operands(env, a, b, &out))
        return out;
    ext80_check_denormal(env, a, b);
    unsigned sign = ext80_sign(a) ^ ext80_sign(b);
    if (ext80_is_inf(a) || ext80_is_inf(b)) {
        if (ext80_is_zero(a) || ext80_is_zero(b)) {
            env->flags |= X87_IE;
            return ext80_indefinite();
        }
        return ext80_inf(sign);
    }
    if (ext80_is_zero(a) || ext80_is_zero(b))
        return ext80_zero(sign);
    struct unpacked ua = ext80_unpack(a), ub = ext80_unpack(b);
    /* the product of two 64-bit significands is a 128-bit one: value = p * 2^(ea + eb - 2 bias - 126) */
    return ext80_round_pack(env, sign, ua.exp + ub.exp - EXT80_BIAS + 1, mul64(ua.sig, ub.sig));
}

struct ext80 ext80_div(struct ext80_env *env, struct ext80 a, struct ext80 b)
{
    struct ext80 out;
    if (ext80_check_operands(env, a, b, &out))
        return out;
    unsigned sign = ext80_sign(a) ^ ext80_sign(b);
    /* a zero divisor is reported before a denormal dividend */
    if (ext80_is_zero(b) && !ext80_is_inf(a)) {
        if (ext80_is_zero(a)) {
            env->flags |= X87_IE;
            return ext80_indefinite();
        }
        env->flags |= X87_ZE;
        return ext80_inf(sign);
    }
    ext80_check_denormal(env, a, b);
    if (ext80_is_inf(a)) {
        if (ext80_is_inf(b)) {
            env->flags |= X87_IE;
            return ext80_indefinite();
        }
        return ext80_inf(sign);
    }
    if (ext80_is_inf(b))
        return ext80_zero(sign);
    if (ext80_is_zero(a))
        return ext80_zero(sign);
    struct unpacked ua = ext80_unpack(a), ub = ext80_unpack(b);
    /* 128 quotient bits of sigA * 2^(128 - s) / sigB, with s = 1 when sigA >= sigB so the first 64 fit */
    unsigned s = ua.sig >= ub.sig;
    struct u128 n = s ? u128_make(ua.sig >> 1, ua.sig << 63) : high(ua.sig);
    uint64_t r, r2;
    uint64_t q1 = div128by64(n, ub.sig, &r);
    uint64_t q0 = div128by64(high(r), ub.sig, &r2);
    struct u128 q = u128_make(q1, q0 | (r2 != 0));
    return ext80_round_pack(env, sign, ua.exp - ub.exp + EXT80_BIAS + (int32_t)s - 1, q);
}

/* floor(sqrt(v)) for a 32-bit v, digit by digit. */
static uint32_t isqrt32(uint32_t v)
{
    uint32_t root = 0, bit = 1u << 30;
    while (bit > v)
        bit >>= 2;
    while (bit) {
        if (v >= root + bit) {
            v -= root + bit;
            root = (root >> 1) + bit;
        } else {
            root >>= 1;
        }
        bit >>= 2;
    }
    return root;
}

/* floor(sqrt(n)) for n in [2^126, 2^128), and *rem = n - root^2: Newton's iteration r' = (r + n / r) / 2 from an
 * estimate above the root (the iterates then fall monotonically onto it, and n / r always fits 64 bits). */
static uint64_t isqrt128(struct u128 n, struct u128 *rem)
{
    uint64_t top = isqrt32((uint32_t)(n.hi >> 32)) + 1ull;    /* sqrt(n) < top * 2^48 */
    uint64_t r = top >= 1ull << 16 ? ~0ull : top << 48;
    for (;;) {
        uint64_t q = div128by64(n, r, NULL);
        uint64_t next = (r >> 1) + (q >> 1) + (r & q & 1);
        if (next >= r)
            break;
        r = next;
    }
    *rem = u128_sub(n, mul64(r, r));
    return r;
}

static int32_t floor_half(int32_t v) { return v >= 0 ? v / 2 : -((1 - v) / 2); }

struct ext80 ext80_sqrt(struct ext80_env *env, struct ext80 a)
{
    if (ext80_is_unsupported(a)) {
        env->flags |= X87_IE;
        return ext80_indefinite();
    }
    if (ext80_is_nan(a))
        return ext80_propagate_nan(env, a, a);
    if (ext80_is_zero(a))
        return a;
    if (ext80_sign(a)) {
        env->flags |= X87_IE;
        return ext80_indefinite();
    }
    if (ext80_is_inf(a))
        return a;
    if (ext80_is_denormal(a))
        env->flags |= X87_DE;
    struct unpacked u = ext80_unpack(a);
    /* value = sig * 2^(e - 63) with e unbiased; the radicand sig * 2^k (k = 63 or 64) makes e - 63 - k even */
    int32_t e = u.exp - EXT80_BIAS;
    unsigned odd = (unsigned)e & 1;
    struct u128 radicand = odd ? high(u.sig) : u128_make(u.sig >> 1, u.sig << 63);
    struct u128 rem;
    uint64_t root = isqrt128(radicand, &rem);
    /* the fraction below the root: zero, below one half, or above it (exactly one half is impossible) */
    uint64_t below = 0;
    if (!u128_is_zero(rem))
        below = u128_lt(u128_make(0, root), rem) ? 0xc000000000000000ull : 0x4000000000000000ull;
    return ext80_round_pack(env, 0, floor_half(e) + EXT80_BIAS, u128_make(root, below));
}

enum ext80_relation ext80_compare(struct ext80_env *env, struct ext80 a, struct ext80 b, int quiet)
{
    if (ext80_is_unsupported(a) || ext80_is_unsupported(b)) {
        env->flags |= X87_IE;
        return REL_UNORDERED;
    }
    if (ext80_is_nan(a) || ext80_is_nan(b)) {
        if (!quiet || ext80_is_snan(a) || ext80_is_snan(b))
            env->flags |= X87_IE;
        return REL_UNORDERED;
    }
    if (ext80_is_denormal(a) || ext80_is_denormal(b) || env->denormal_source)
        env->flags |= X87_DE;
    int za = ext80_is_zero(a), zb = ext80_is_zero(b);
    if (za && zb)
        return REL_EQUAL;
    if (za)
        return ext80_sign(b) ? REL_GREATER : REL_LESS;
    if (zb)
        return ext80_sign(a) ? REL_LESS : REL_GREATER;
    struct unpacked ua = ext80_unpack(a), ub = ext80_unpack(b);
    if (ua.sign != ub.sign)
        return ua.sign ? REL_LESS : REL_GREATER;
    if (ua.exp == ub.exp && ua.sig == ub.sig)
        return REL_EQUAL;
    int a_bigger = ua.exp > ub.exp || (ua.exp == ub.exp && ua.sig > ub.sig);
    return a_bigger != (int)ua.sign ? REL_GREATER : REL_LESS;
}
