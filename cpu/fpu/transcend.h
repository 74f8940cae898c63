/* The x87 transcendental functions on 80-bit values (transcend_math.c): special operands as the Intel SDM's
 * tables give them, finite ones computed in 128-bit precision (wide.h) and rounded once. */
#ifndef X86PC_CPU_FPU_TRANSCEND_H
#define X86PC_CPU_FPU_TRANSCEND_H

#include "cpu/fpu/ext80.h"

/* F2XM1: 2^x - 1 (defined for -1 <= x <= 1; others are computed the same way). */
struct ext80 x87_f2xm1(struct ext80_env *env, struct ext80 x);
/* FYL2X: y * log2(x); FYL2XP1: y * log2(x + 1). */
struct ext80 x87_fyl2x(struct ext80_env *env, struct ext80 x, struct ext80 y);
struct ext80 x87_fyl2xp1(struct ext80_env *env, struct ext80 x, struct ext80 y);
/* FPATAN: the angle of (x, y), atan(y / x) in the right quadrant. */
struct ext80 x87_atan2(struct ext80_env *env, struct ext80 y, struct ext80 x);

/* FSIN, FCOS, FSINCOS and FPTAN share the range reduction. x87_trig_too_large is 1 for finite |x| >= 2^63 (the
 * instruction then sets C2 and changes nothing); infinities are invalid. */
int x87_trig_too_large(struct ext80 x);
struct ext80 x87_sin(struct ext80_env *env, struct ext80 x);
struct ext80 x87_cos(struct ext80_env *env, struct ext80 x);
struct ext80 x87_tan(struct ext80_env *env, struct ext80 x);

#endif
