/* The x87's 80-bit extended format in software: values, the rounding environment, and every arithmetic operation
 * the FPU instructions need, computed with integers only so the result is the same on every host.
 *
 * A value is a 64-bit significand with an explicit integer bit (bit 63) and a 16-bit sign-and-exponent word
 * (exponent bias 16383). The encodings a P6 rejects as operands (unnormals, pseudo-infinities, pseudo-NaNs) are
 * "unsupported": an operation on them is an invalid operation. Pseudo-denormals (exponent 0 with the integer bit
 * set) are accepted as denormal operands.
 *
 * Every operation takes a struct ext80_env: the rounding control and precision control of the FPU control word,
 * its exception masks (which decide the unmasked overflow/underflow responses), and the exception flags the
 * operation raised, in the bit positions of the x87 status word, plus X87_C1 when the result was rounded up. */
#ifndef X86PC_CPU_FPU_EXT80_H
#define X86PC_CPU_FPU_EXT80_H

#include <stdint.h>

#include "cpu/fpu/u128.h"

struct ext80 {
    uint64_t sig;                /* significand, integer bit in bit 63 */
    uint16_t se;                 /* sign (bit 15) and biased exponent (bits 0-14) */
};

/* Exception flags: the status-word bits. */
enum {
    X87_IE = 1 << 0, X87_DE = 1 << 1, X87_ZE = 1 << 2, X87_OE = 1 << 3, X87_UE = 1 << 4, X87_PE = 1 << 5,
    X87_SF = 1 << 6, X87_ES = 1 << 7, X87_C0 = 1 << 8, X87_C1 = 1 << 9, X87_C2 = 1 << 10, X87_C3 = 1 << 14,
    X87_B = 1 << 15,
};
#define X87_EXCEPTIONS 0x3f

/* Rounding control (control word bits 10-11). */
enum { RC_NEAREST = 0, RC_DOWN = 1, RC_UP = 2, RC_ZERO = 3 };

struct ext80_env {
    uint8_t rc;                  /* RC_* */
    uint8_t prec;                /* significand bits of results: 24, 53 or 64 (precision control) */
    uint8_t masks;               /* control word bits 0-5: an exception whose bit is set is masked */
    uint16_t flags;              /* X87_* raised so far (OR-ed in) */
    uint8_t denormal_source;     /* a 32/64-bit memory operand was denormal: the operation raises DE for it
                                  * where it would for an 80-bit denormal (not when a NaN or an invalid
                                  * operand decides the result first) */
};

enum { EXT80_BIAS = 16383, EXT80_EXP_MAX = 0x7fff };
/* Unmasked overflow/underflow deliver the result with the exponent wrapped by this bias (Intel SDM 8.5.4/8.5.5). */
enum { EXT80_WRAP = 24576 };

static inline struct ext80 ext80_make(unsigned sign, unsigned exp, uint64_t sig)
{
    struct ext80 r = { sig, (uint16_t)((sign << 15) | (exp & 0x7fff)) };
    return r;
}
static inline unsigned ext80_exp(struct ext80 a) { return a.se & 0x7fffu; }
static inline unsigned ext80_sign(struct ext80 a) { return a.se >> 15; }
static inline struct ext80 ext80_neg(struct ext80 a) { a.se ^= 0x8000; return a; }
static inline struct ext80 ext80_abs(struct ext80 a) { a.se &= 0x7fff; return a; }

/* Classes of an 80-bit encoding, as FXAM and the operand checks see them. */
enum ext80_class { CL_ZERO, CL_DENORMAL, CL_NORMAL, CL_INF, CL_QNAN, CL_SNAN, CL_UNSUPPORTED };
enum ext80_class ext80_classify(struct ext80 a);

static inline int ext80_is_nan(struct ext80 a)
{
    return ext80_exp(a) == EXT80_EXP_MAX && (a.sig >> 63) && (a.sig << 1);
}
static inline int ext80_is_snan(struct ext80 a) { return ext80_is_nan(a) && !((a.sig >> 62) & 1); }
static inline int ext80_is_inf(struct ext80 a) { return ext80_exp(a) == EXT80_EXP_MAX && a.sig == 1ull << 63; }
static inline int ext80_is_zero(struct ext80 a) { return ext80_exp(a) == 0 && a.sig == 0; }
/* Exponent 0 with a nonzero significand: a denormal or a pseudo-denormal. */
static inline int ext80_is_denormal(struct ext80 a) { return ext80_exp(a) == 0 && a.sig != 0; }
/* Unnormals, pseudo-infinities and pseudo-NaNs: an explicit integer bit of 0 where it must be 1. */
static inline int ext80_is_unsupported(struct ext80 a)
{
    unsigned e = ext80_exp(a);
    return e != 0 && !(a.sig >> 63);
}

/* The QNaN "real indefinite" every masked invalid operation returns, and +/-0, +/-infinity, 1. */
static inline struct ext80 ext80_indefinite(void) { return ext80_make(1, EXT80_EXP_MAX, 0xc000000000000000ull); }
static inline struct ext80 ext80_zero(unsigned sign) { return ext80_make(sign, 0, 0); }
static inline struct ext80 ext80_inf(unsigned sign) { return ext80_make(sign, EXT80_EXP_MAX, 1ull << 63); }
static inline struct ext80 ext80_one(unsigned sign) { return ext80_make(sign, EXT80_BIAS, 1ull << 63); }
static inline struct ext80 ext80_quiet(struct ext80 a) { a.sig |= 1ull << 62; return a; }

/* An operand taken apart: value = sig * 2^(exp - EXT80_BIAS - 63), sig normalized (bit 63 set) unless zero.
 * Denormals and pseudo-denormals are normalized with an exponent below 1. */
struct unpacked {
    unsigned sign;
    int32_t exp;
    uint64_t sig;
};
struct unpacked ext80_unpack(struct ext80 a);

/* Rounds sign * (hi:lo) * 2^(exp - EXT80_BIAS - 127) to the precision control and the extended exponent range,
 * with the x87's responses to overflow, underflow and inexact results (masked or not). hi:lo need not be
 * normalized; zero gives a zero of that sign. */
struct ext80 ext80_round_pack(struct ext80_env *env, unsigned sign, int32_t exp, struct u128 sig);

/* Whether rounding moves kept bits up by one unit, given the discarded part `rem`, the value `half` of exactly
 * half a unit, and whether the kept value is odd (ties go to even in RC_NEAREST). */
int ext80_round_up(unsigned rc, unsigned sign, uint64_t kept_odd, uint64_t rem, uint64_t half);

/* A result format for ext80_round_generic: significand bits, largest normal biased exponent, and the exponent
 * bias an unmasked overflow or underflow wraps by (0: the destination is memory, which is then not written). */
struct round_format {
    unsigned prec;
    int32_t emax;
    int32_t wrap;
};
/* Rounds to a format; returns the biased exponent field (emax + 1 for infinity, 0 for denormals and zeros) and
 * the significand with its integer bit in bit 63 in *sig_out. `exp` is biased for that format. */
int32_t ext80_round_generic(struct ext80_env *env, const struct round_format *f, unsigned sign, int32_t exp,
                            struct u128 sig, uint64_t *sig_out);

/* The x87's choice among NaN operands (Intel SDM vol. 1, table 4-7), raising IE for a signaling NaN. */
struct ext80 ext80_propagate_nan(struct ext80_env *env, struct ext80 a, struct ext80 b);
/* The common checks of a two-operand arithmetic operation: unsupported encodings and NaNs give their result in
 * *out and return 1; otherwise it returns 0. */
int ext80_check_operands(struct ext80_env *env, struct ext80 a, struct ext80 b, struct ext80 *out);
/* DE for a denormal operand (or a denormal 32/64-bit source, env->denormal_source). */
void ext80_check_denormal(struct ext80_env *env, struct ext80 a, struct ext80 b);

/* Arithmetic (ext80_arith.c) */
struct ext80 ext80_add(struct ext80_env *env, struct ext80 a, struct ext80 b);
struct ext80 ext80_sub(struct ext80_env *env, struct ext80 a, struct ext80 b);
struct ext80 ext80_mul(struct ext80_env *env, struct ext80 a, struct ext80 b);
struct ext80 ext80_div(struct ext80_env *env, struct ext80 a, struct ext80 b);
struct ext80 ext80_sqrt(struct ext80_env *env, struct ext80 a);

/* Partial remainder (FPREM: truncated quotient; FPREM1: round-to-nearest quotient). *codes receives the condition
 * codes the instruction sets and *codes_mask which ones: C0, C3, C1 = quotient bits 2, 1, 0 and C2 = 0 for a
 * complete reduction; C2 = 1 for a partial one; for special operands only C1 = C2 = 0. */
struct ext80 ext80_rem(struct ext80_env *env, struct ext80 a, struct ext80 b, int nearest, uint16_t *codes,
                       uint16_t *codes_mask);
struct ext80 ext80_round_int(struct ext80_env *env, struct ext80 a);
struct ext80 ext80_scale(struct ext80_env *env, struct ext80 a, struct ext80 b);
/* FXTRACT: *exponent receives the unbiased exponent, the return value the significand (exponent 0). */
struct ext80 ext80_extract(struct ext80_env *env, struct ext80 a, struct ext80 *exponent);

/* Comparison: the x87 condition codes as a relation. `quiet` (FUCOM) raises IE only for signaling NaNs. */
enum ext80_relation { REL_LESS, REL_EQUAL, REL_GREATER, REL_UNORDERED };
enum ext80_relation ext80_compare(struct ext80_env *env, struct ext80 a, struct ext80 b, int quiet);

/* Conversions (ext80_convert.c). Loads of 32- and 64-bit reals keep signaling NaNs signaling, and note a
 * denormal in env->denormal_source (the instruction raises DE). */
struct ext80 ext80_from_f32(struct ext80_env *env, uint32_t bits);
struct ext80 ext80_from_f64(struct ext80_env *env, uint64_t bits);
struct ext80 ext80_from_int(int64_t v);
uint32_t ext80_to_f32(struct ext80_env *env, struct ext80 a);
uint64_t ext80_to_f64(struct ext80_env *env, struct ext80 a);
/* To a signed integer of `bits` (16, 32, 64), rounded by env->rc (or truncated when `truncate`); out of range,
 * NaN and infinity give IE and the integer indefinite (the most negative value). */
int64_t ext80_to_int(struct ext80_env *env, struct ext80 a, unsigned bits, int truncate);
/* Packed BCD (10 bytes, little-endian in `bcd`). */
struct ext80 ext80_from_bcd(const uint8_t bcd[10]);
void ext80_to_bcd(struct ext80_env *env, struct ext80 a, uint8_t bcd[10]);

#endif
