/* 128-bit-significand arithmetic for the transcendentals (see wide.h). */
#include "cpu/fpu/wide.h"

struct wide wide_make(unsigned sign, int32_t exp, struct u128 m)
{
    struct wide w = { sign, exp, m };
    if (u128_is_zero(m)) {
        w.exp = 0;
        return w;
    }
    unsigned shift = u128_clz(m);
    w.m = u128_shl(m, shift);
    w.exp -= (int32_t)shift;
    return w;
}

struct wide wide_from_ext80(struct ext80 a)
{
    if (ext80_is_zero(a))
        return wide_make(ext80_sign(a), 0, u128_make(0, 0));
    struct unpacked u = ext80_unpack(a);
    return wide_make(u.sign, u.exp - EXT80_BIAS, u128_make(u.sig, 0));
}

struct wide wide_from_int(int64_t v)
{
    unsigned sign = v < 0;
    uint64_t mag = sign ? 0 - (uint64_t)v : (uint64_t)v;
    return wide_make(sign, 127, u128_make(0, mag));
}

struct ext80 wide_to_ext80(struct ext80_env *env, struct wide a)
{
    if (wide_is_zero(a))
        return ext80_zero(a.sign);
    return ext80_round_pack(env, a.sign, a.exp + EXT80_BIAS, a.m);
}

int wide_less_mag(struct wide a, struct wide b)
{
    if (wide_is_zero(a) || wide_is_zero(b))
        return wide_is_zero(a) && !wide_is_zero(b);
    return a.exp < b.exp || (a.exp == b.exp && u128_lt(a.m, b.m));
}

struct wide wide_add(struct wide a, struct wide b)
{
    if (wide_is_zero(a))
        return b;
    if (wide_is_zero(b))
        return a;
    if (wide_less_mag(a, b)) {
        struct wide t = a;
        a = b;
        b = t;
    }
    int32_t d = a.exp - b.exp;
    /* one bit of headroom for a carry; the smaller operand's lost bits only make it sticky */
    struct u128 x = u128_shr(a.m, 1), y = u128_shr_jam(b.m, (uint32_t)d + 1);
    struct u128 r = a.sign == b.sign ? u128_add(x, y) : u128_sub(x, y);
    return wide_make(a.sign, a.exp + 1, r);
}

struct wide wide_sub(struct wide a, struct wide b) { return wide_add(a, wide_neg(b)); }

struct wide wide_mul(struct wide a, struct wide b)
{
    unsigned sign = a.sign ^ b.sign;
    if (wide_is_zero(a) || wide_is_zero(b))
        return wide_make(sign, 0, u128_make(0, 0));
    /* the top 128 bits of the 256-bit product (a.hi b.hi 2^128 + (a.hi b.lo + a.lo b.hi) 2^64 + a.lo b.lo) */
    struct u128 hh = mul64(a.m.hi, b.m.hi), hl = mul64(a.m.hi, b.m.lo), lh = mul64(a.m.lo, b.m.hi);
    struct u128 ll = mul64(a.m.lo, b.m.lo);
    struct u128 mid = u128_add(u128_make(0, hl.hi), u128_make(0, lh.hi));
    struct u128 low = u128_add(u128_make(0, hl.lo), u128_make(0, lh.lo));
    low = u128_add(low, u128_make(0, ll.hi));
    mid = u128_add(mid, u128_make(0, low.hi));
    struct u128 top = u128_add(hh, mid);
    /* the product of two values in [1, 2) is in [1, 4): the top bit is 255 or 254 */
    return wide_make(sign, a.exp + b.exp + 1, u128_make(top.hi, top.lo | ((low.lo | ll.lo) != 0)));
}

/* 128 quotient bits by restoring division. */
struct wide wide_div(struct wide a, struct wide b)
{
    unsigned sign = a.sign ^ b.sign;
    if (wide_is_zero(a) || wide_is_zero(b))
        return wide_make(sign, 0, u128_make(0, 0));
    int32_t exp = a.exp - b.exp;
    struct u128 r = a.m, q = u128_make(0, 0);
    uint64_t carry = 0;          /* bit 128 of the partial remainder */
    if (u128_lt(a.m, b.m)) {
        carry = r.hi >> 63;
        r = u128_shl(r, 1);
        exp--;
    }
    for (int k = 0; k < 128; k++) {
        unsigned bit = carry || u128_le(b.m, r);
        if (bit)
            r = u128_sub(r, b.m);
        q = u128_add(u128_shl(q, 1), u128_make(0, bit));
        carry = r.hi >> 63;
        r = u128_shl(r, 1);
    }
    q.lo |= carry || !u128_is_zero(r);       /* an inexact quotient stays inexact */
    return wide_make(sign, exp, q);
}

/* Division by a small integer, 32 bits at a time, with 64 bits more below the significand. */
struct wide wide_div_small(struct wide a, uint32_t n)
{
    uint32_t digit[6] = { (uint32_t)(a.m.hi >> 32), (uint32_t)a.m.hi, (uint32_t)(a.m.lo >> 32), (uint32_t)a.m.lo,
                          0, 0 };
    uint64_t rem = 0;
    uint32_t q[6];
    for (int k = 0; k < 6; k++) {
        uint64_t cur = rem << 32 | digit[k];
        q[k] = (uint32_t)(cur / n);
        rem = cur % n;
    }
    struct u128 hi = u128_make((uint64_t)q[0] << 32 | q[1], (uint64_t)q[2] << 32 | q[3]);
    uint64_t lo = (uint64_t)q[4] << 32 | q[5];
    unsigned shift = u128_clz(hi);
    if (shift >= 64)
        shift = 63;              /* n < 2^32: at most 32 leading zeros */
    struct u128 m = u128_shl(hi, shift);
    if (shift)
        m.lo |= lo >> (64 - shift);
    m.lo |= (rem != 0);
    return wide_make(a.sign, a.exp - (int32_t)shift, m);
}

/* One Newton step from the correctly rounded 64-bit square root doubles its precision. */
struct wide wide_sqrt(struct wide a)
{
    if (wide_is_zero(a))
        return a;
    struct ext80_env env = { RC_NEAREST, 64, X87_EXCEPTIONS, 0, 0 };
    struct ext80 top = wide_to_ext80(&env, a);
    struct wide s0 = wide_from_ext80(ext80_sqrt(&env, top));
    return wide_scale(wide_add(s0, wide_div(a, s0)), -1);
}

/* Constants computed with integer arithmetic (Machin's formula for pi, the series of ln 2 = sum 1/(k 2^k)). */
struct wide wide_pi(void) { return wide_make(0, 1, u128_make(0xc90fdaa22168c234ull, 0xc4c6628b80dc1cd1ull)); }
struct wide wide_ln2(void) { return wide_make(0, -1, u128_make(0xb17217f7d1cf79abull, 0xc9e3b39803f2f6afull)); }
struct wide wide_log2e(void) { return wide_make(0, 0, u128_make(0xb8aa3b295c17f0bbull, 0xbe87fed0691d3e88ull)); }
