/* Stack pushes and pops through SS with the stack size of SS.B (SP or ESP). */
#ifndef X86PC_CPU_STACK_H
#define X86PC_CPU_STACK_H

#include "cpu/access.h"

static inline uint32_t stack_ptr(const struct cpu *c)
{
    return c->stack32 ? c->gpr[R_ESP] : c->gpr[R_ESP] & 0xffff;
}

static inline void set_stack_ptr(struct cpu *c, uint32_t sp)
{
    c->gpr[R_ESP] = c->stack32 ? sp : (c->gpr[R_ESP] & 0xffff0000u) | (sp & 0xffff);
}

static inline uint32_t stack_offset(const struct cpu *c, uint32_t delta)
{
    return c->stack32 ? c->gpr[R_ESP] + delta : (c->gpr[R_ESP] + delta) & 0xffff;
}

static inline void push16(struct cpu *c, uint32_t v)
{
    uint32_t sp = stack_offset(c, (uint32_t)-2);
    seg_write16(c, S_SS, sp, v);
    set_stack_ptr(c, sp);
}

static inline void push32(struct cpu *c, uint32_t v)
{
    uint32_t sp = stack_offset(c, (uint32_t)-4);
    seg_write32(c, S_SS, sp, v);
    set_stack_ptr(c, sp);
}

static inline uint32_t pop16(struct cpu *c)
{
    uint32_t v = seg_read16(c, S_SS, stack_ptr(c));
    set_stack_ptr(c, stack_offset(c, 2));
    return v;
}

static inline uint32_t pop32(struct cpu *c)
{
    uint32_t v = seg_read32(c, S_SS, stack_ptr(c));
    set_stack_ptr(c, stack_offset(c, 4));
    return v;
}

/* Reads the stack at an offset from the current top without popping (for instructions that must check first). */
static inline uint32_t stack_peek(struct cpu *c, uint32_t delta, unsigned size)
{
    uint32_t off = stack_offset(c, delta);
    return size == 2 ? seg_read16(c, S_SS, off) : seg_read32(c, S_SS, off);
}

#endif
