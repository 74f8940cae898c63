/* Binary floating point with a 128-bit significand, the working precision of the x87 transcendentals: their
 * results are computed to about 125 bits and then rounded once to the 64-bit significand, so they come out
 * correctly rounded except when the exact value lies within about 2^-60 ULP of a rounding boundary.
 * Integer arithmetic only. Results are truncated to 128 bits (no IEEE rounding inside). */
#ifndef X86PC_CPU_FPU_WIDE_H
#define X86PC_CPU_FPU_WIDE_H

#include "cpu/fpu/ext80.h"

/* value = (-1)^sign * m * 2^(exp - 127); m has bit 127 set, or is zero for the value 0. */
struct wide {
    unsigned sign;
    int32_t exp;
    struct u128 m;
};

struct wide wide_make(unsigned sign, int32_t exp, struct u128 m);     /* normalizes m */
static inline int wide_is_zero(struct wide a) { return u128_is_zero(a.m); }
static inline struct wide wide_neg(struct wide a) { a.sign ^= 1; return a; }
static inline struct wide wide_scale(struct wide a, int32_t k) { a.exp += k; return a; }

struct wide wide_from_ext80(struct ext80 a);     /* exact, for finite values */
struct wide wide_from_int(int64_t v);
/* Rounds to the 80-bit format under env (precision, rounding, overflow and underflow responses). */
struct ext80 wide_to_ext80(struct ext80_env *env, struct wide a);

struct wide wide_add(struct wide a, struct wide b);
struct wide wide_sub(struct wide a, struct wide b);
struct wide wide_mul(struct wide a, struct wide b);
struct wide wide_div(struct wide a, struct wide b);
struct wide wide_div_small(struct wide a, uint32_t n);
struct wide wide_sqrt(struct wide a);
/* a < b in magnitude */
int wide_less_mag(struct wide a, struct wide b);

/* Constants to 128 bits: pi, ln 2, log2(e). */
struct wide wide_pi(void);
struct wide wide_ln2(void);
struct wide wide_log2e(void);

#endif
