/* Unsigned 128-bit integers as two 64-bit halves, for the software 80-bit arithmetic. Plain C: no __int128 and no
 * host floating point, so every host computes the same bits. */
#ifndef X86PC_CPU_FPU_U128_H
#define X86PC_CPU_FPU_U128_H

#include <stdint.h>

struct u128 {
    uint64_t hi, lo;
};

static inline struct u128 u128_make(uint64_t hi, uint64_t lo)
{
    struct u128 r = { hi, lo };
    return r;
}

static inline int u128_is_zero(struct u128 a) { return (a.hi | a.lo) == 0; }
static inline int u128_eq(struct u128 a, struct u128 b) { return a.hi == b.hi && a.lo == b.lo; }
static inline int u128_lt(struct u128 a, struct u128 b) { return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo); }
static inline int u128_le(struct u128 a, struct u128 b) { return !u128_lt(b, a); }

static inline struct u128 u128_add(struct u128 a, struct u128 b)
{
    struct u128 r = { a.hi + b.hi, a.lo + b.lo };
    r.hi += r.lo < a.lo;
    return r;
}

static inline struct u128 u128_sub(struct u128 a, struct u128 b)
{
    struct u128 r = { a.hi - b.hi - (a.lo < b.lo), a.lo - b.lo };
    return r;
}

/* Shifts for any count 0..127 (and 128 and more for the right shifts: zero). */
static inline struct u128 u128_shl(struct u128 a, unsigned n)
{
    if (n == 0)
        return a;
    if (n >= 128)
        return u128_make(0, 0);
    if (n >= 64)
        return u128_make(a.lo << (n - 64), 0);
    return u128_make((a.hi << n) | (a.lo >> (64 - n)), a.lo << n);
}

static inline struct u128 u128_shr(struct u128 a, unsigned n)
{
    if (n == 0)
        return a;
    if (n >= 128)
        return u128_make(0, 0);
    if (n >= 64)
        return u128_make(0, a.hi >> (n - 64));
    return u128_make(a.hi >> n, (a.lo >> n) | (a.hi << (64 - n)));
}

/* Right shift that ORs every bit shifted out into bit 0 ("sticky"), so rounding still sees an inexact value. */
static inline struct u128 u128_shr_jam(struct u128 a, uint32_t n)
{
    if (n == 0)
        return a;
    if (n >= 128)
        return u128_make(0, !u128_is_zero(a));
    struct u128 r = u128_shr(a, n);
    int lost = !u128_eq(u128_shl(r, n), a);
    r.lo |= (uint64_t)lost;
    return r;
}

static inline unsigned clz64(uint64_t v)
{
#if defined(__GNUC__) || defined(__clang__)
    return v ? (unsigned)__builtin_clzll(v) : 64;
#else
    unsigned n = 0;
    if (!v)
        return 64;
    while (!(v & 0x8000000000000000ull)) {
        v <<= 1;
        n++;
    }
    return n;
#endif
}

static inline unsigned u128_clz(struct u128 a) { return a.hi ? clz64(a.hi) : 64 + clz64(a.lo); }

/* The full 128-bit product of two 64-bit numbers, from four 32x32 partial products. */
static inline struct u128 mul64(uint64_t a, uint64_t b)
{
    uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    struct u128 r;
    r.lo = (mid << 32) | (p00 & 0xffffffffu);
    r.hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    return r;
}

/* Divides the 128-bit number n by d, where d has its top bit set and n.hi < d, so the quotient fits 64 bits.
 * Long division in two 32-bit digits (Knuth's algorithm D with a normalized divisor). */
static inline uint64_t div128by64(struct u128 n, uint64_t d, uint64_t *rem)
{
    const uint64_t base = 1ull << 32;
    uint64_t dh = d >> 32, dl = d & 0xffffffffu;
    uint64_t n1 = n.lo >> 32, n0 = n.lo & 0xffffffffu;
    /* first digit: (n.hi : n1) / d */
    uint64_t q1 = n.hi / dh, r = n.hi % dh;
    while (q1 >= base || q1 * dl > ((r << 32) | n1)) {
        q1--;
        r += dh;
        if (r >= base)
            break;
    }
    uint64_t mid = (n.hi << 32) + n1 - q1 * d;          /* exact modulo 2^64: the true value is below d */
    /* second digit: (mid : n0) / d */
    uint64_t q0 = mid / dh;
    r = mid % dh;
    while (q0 >= base || q0 * dl > ((r << 32) | n0)) {
        q0--;
        r += dh;
        if (r >= base)
            break;
    }
    if (rem)
        *rem = (mid << 32) + n0 - q0 * d;
    return (q1 << 32) | q0;
}

#endif
