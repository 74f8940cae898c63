/* Operand access for handlers: registers by size, and the ModRM "E" operand as register or memory. */
#ifndef X86PC_CPU_OPERANDS_H
#define X86PC_CPU_OPERANDS_H

#include "cpu/access.h"
#include "cpu/insn.h"

/* 8-bit registers: AL, CL, DL, BL are the low bytes of EAX..EBX; AH, CH, DH, BH their second bytes. */
static inline uint32_t get_r8(const struct cpu *c, unsigned r)
{
    return (c->gpr[r & 3] >> ((r & 4) << 1)) & 0xff;
}
static inline void set_r8(struct cpu *c, unsigned r, uint32_t v)
{
    unsigned shift = (r & 4) << 1;
    c->gpr[r & 3] = (c->gpr[r & 3] & ~(0xffu << shift)) | ((v & 0xff) << shift);
}
static inline uint32_t get_r16(const struct cpu *c, unsigned r) { return c->gpr[r] & 0xffff; }
static inline void set_r16(struct cpu *c, unsigned r, uint32_t v)
{
    c->gpr[r] = (c->gpr[r] & 0xffff0000u) | (v & 0xffff);
}
static inline uint32_t get_r32(const struct cpu *c, unsigned r) { return c->gpr[r]; }
static inline void set_r32(struct cpu *c, unsigned r, uint32_t v) { c->gpr[r] = v; }

/* The effective address (offset within i->seg) of the memory operand. */
static inline uint32_t ea(const struct cpu *c, const struct insn *i)
{
    return (i->disp + c->gpr[i->base] + (c->gpr[i->index] << i->scale)) & i->amask;
}

/* E operands: the register i->rm when mod == 3, else memory at i->seg:ea. */
static inline uint32_t load_e8(struct cpu *c, const struct insn *i)
{
    return i->mod3 ? get_r8(c, i->rm) : seg_read8(c, i->seg, ea(c, i));
}
static inline uint32_t load_e16(struct cpu *c, const struct insn *i)
{
    return i->mod3 ? get_r16(c, i->rm) : seg_read16(c, i->seg, ea(c, i));
}
static inline uint32_t load_e32(struct cpu *c, const struct insn *i)
{
    return i->mod3 ? get_r32(c, i->rm) : seg_read32(c, i->seg, ea(c, i));
}
static inline void store_e8(struct cpu *c, const struct insn *i, uint32_t v)
{
    if (i->mod3)
        set_r8(c, i->rm, v);
    else
        seg_write8(c, i->seg, ea(c, i), v);
}
static inline void store_e16(struct cpu *c, const struct insn *i, uint32_t v)
{
    if (i->mod3)
        set_r16(c, i->rm, v);
    else
        seg_write16(c, i->seg, ea(c, i), v);
}
static inline void store_e32(struct cpu *c, const struct insn *i, uint32_t v)
{
    if (i->mod3)
        set_r32(c, i->rm, v);
    else
        seg_write32(c, i->seg, ea(c, i), v);
}

/* Read-modify-write E operands: the read checks write permission first, so a fault happens before any change. */
static inline uint32_t load_e8_rmw(struct cpu *c, const struct insn *i)
{
    return i->mod3 ? get_r8(c, i->rm) : seg_read_rmw(c, i->seg, ea(c, i), 1);
}
static inline uint32_t load_e16_rmw(struct cpu *c, const struct insn *i)
{
    return i->mod3 ? get_r16(c, i->rm) : seg_read_rmw(c, i->seg, ea(c, i), 2);
}
static inline uint32_t load_e32_rmw(struct cpu *c, const struct insn *i)
{
    return i->mod3 ? get_r32(c, i->rm) : seg_read_rmw(c, i->seg, ea(c, i), 4);
}

#endif
