/* What the x87 instruction handlers share: the register stack, the rounding environment of the control word,
 * recording exceptions in the status word, and guest memory blocks (which are checked whole before anything
 * changes, so that a fault leaves the FPU and memory as they were). */
#ifndef X86PC_CPU_FPU_X87_H
#define X86PC_CPU_FPU_X87_H

#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/except.h"
#include "cpu/fpu/ext80.h"
#include "cpu/fpu/fpu.h"
#include "cpu/operands.h"

/* The register stack: ST(i) lives in physical register (TOP + i) mod 8. */
static inline unsigned st_phys(const struct fpu *f, unsigned i) { return (f->top + i) & 7; }
static inline int st_empty(const struct fpu *f, unsigned i) { return (f->empty >> st_phys(f, i)) & 1; }
static inline struct ext80 st_get(const struct fpu *f, unsigned i) { return f->reg[st_phys(f, i)]; }
static inline void st_set(struct fpu *f, unsigned i, struct ext80 v)
{
    unsigned p = st_phys(f, i);
    f->reg[p] = v;
    f->empty &= (uint8_t)~(1u << p);
}
static inline void st_pop(struct fpu *f)
{
    f->empty |= (uint8_t)(1u << f->top);
    f->top = (f->top + 1) & 7;
}
static inline void st_push(struct fpu *f, struct ext80 v)
{
    f->top = (f->top - 1) & 7;
    st_set(f, 0, v);
}

/* The rounding environment of the control word: rounding and precision control, exception masks. */
struct ext80_env x87_env(const struct fpu *f);

/* Stack faults: an invalid operation with SF; C1 tells overflow (1) from underflow (0). */
static inline void x87_stack_underflow(struct ext80_env *env)
{
    env->flags = (uint16_t)((env->flags | X87_IE | X87_SF) & ~X87_C1);
}
static inline void x87_stack_overflow(struct ext80_env *env) { env->flags |= X87_IE | X87_SF | X87_C1; }

/* Condition-code bits an instruction defines, for x87_record. */
#define X87_CC (X87_C0 | X87_C1 | X87_C2 | X87_C3)

/* Records an instruction's exception flags in the status word, and the condition codes in `cc_mask` from
 * `flags`. Returns 1 when the instruction delivers its result, 0 when an unmasked invalid-operation, denormal or
 * zero-divide exception suppresses it (Intel SDM vol. 1, 8.7: such an instruction changes no destination). */
int x87_record(struct fpu *f, unsigned flags, unsigned cc_mask);
/* The same with the set of unmasked exceptions that suppress the result given: loads of 32/64-bit reals are
 * delivered despite an unmasked denormal exception. */
int x87_record_suppressed(struct fpu *f, unsigned flags, unsigned cc_mask, unsigned suppressing);
/* ES and B follow whether any exception flag is set and unmasked. */
void x87_update_summary(struct fpu *f);

/* Guest memory blocks at segment:offset. Reads check the whole block before returning; writes check every page
 * of the block for writing before the first byte changes. */
void x87_read_block(struct cpu *c, unsigned seg, uint32_t off, uint8_t *buf, unsigned len);
void x87_probe_write(struct cpu *c, unsigned seg, uint32_t off, unsigned len);
void x87_write_block(struct cpu *c, unsigned seg, uint32_t off, const uint8_t *buf, unsigned len);

/* The 80-bit memory format (little-endian significand, then sign and exponent). */
static inline struct ext80 x87_unpack80(const uint8_t *p)
{
    struct ext80 v = { ld64(p), ld16(p + 8) };
    return v;
}
static inline void x87_pack80(uint8_t *p, struct ext80 v)
{
    st64(p, v.sig);
    st16(p + 8, v.se);
}

/* The tag an FSTENV/FSAVE image shows for a register's contents: 0 valid, 1 zero, 2 special. */
unsigned x87_tag_of(struct ext80 v);

/* The checks before an escape instruction: #NM when CR0.EM or CR0.TS is set, then (for waiting instructions) a
 * pending unmasked exception: #MF with CR0.NE, else FERR# (IRQ13) unless IGNNE# is active. */
void x87_check_available(struct cpu *c);
void x87_check_pending(struct cpu *c);

/* The common shape of the one-result operations: ST(dst) = op(ST(a), ST(b)) with stack underflow checks. */
typedef struct ext80 x87_binary_fn(struct ext80_env *env, struct ext80 a, struct ext80 b);

#endif
