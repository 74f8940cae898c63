/* Guest memory as the CPU's instructions see it: segment checks, then the software TLB's fast path to host RAM,
 * else one slow function (page walk, MMIO, page-crossing access, code-page write).
 *
 * seg_*   take a segment register and offset: limit and rights checks (#GP/#SS), then a linear access.
 * lin_*   take a linear address at the current privilege level.
 * sys_*   linear accesses the CPU makes for itself (descriptor tables, TSS, IDT): always supervisor. */
#ifndef X86PC_CPU_ACCESS_H
#define X86PC_CPU_ACCESS_H

#include "cpu/cpu.h"
#include "mem/endian.h"

enum { ACC_READ = 0, ACC_WRITE = 1, ACC_EXEC = 2 };

uint32_t cpu_read_slow(struct cpu *c, uint32_t lin, unsigned size, int for_write, int user);
void cpu_write_slow(struct cpu *c, uint32_t lin, uint32_t value, unsigned size, int user);
_Noreturn void cpu_segment_fault(struct cpu *c, unsigned seg, uint32_t off);
/* Translates a linear address (page walk, A/D bits, TLB fill) or raises #PF. */
uint32_t cpu_translate(struct cpu *c, uint32_t lin, int access, int user);
void cpu_tlb_flush(struct cpu *c, int keep_global);
void cpu_tlb_flush_page(struct cpu *c, uint32_t lin);

static inline int cpu_user(const struct cpu *c) { return c->cpl == 3; }

static inline const struct tlb_entry *tlb_hit(const struct cpu *c, uint32_t lin, uint32_t need)
{
    const struct tlb_entry *e = &c->tlb[(lin >> 12) & (TLB_SIZE - 1)];
    return (e->lpage == (lin & ~0xfffu) && (e->access & need)) ? e : NULL;
}

static inline uint32_t lin_read8(struct cpu *c, uint32_t lin)
{
    const struct tlb_entry *e = tlb_hit(c, lin, c->acc_rd);
    return e ? ld8(e->host + (lin & 0xfff)) : cpu_read_slow(c, lin, 1, 0, cpu_user(c));
}
static inline uint32_t lin_read16(struct cpu *c, uint32_t lin)
{
    const struct tlb_entry *e = tlb_hit(c, lin, c->acc_rd);
    return e && (lin & 0xfff) <= 0xffe ? ld16(e->host + (lin & 0xfff)) : cpu_read_slow(c, lin, 2, 0, cpu_user(c));
}
static inline uint32_t lin_read32(struct cpu *c, uint32_t lin)
{
    const struct tlb_entry *e = tlb_hit(c, lin, c->acc_rd);
    return e && (lin & 0xfff) <= 0xffc ? ld32(e->host + (lin & 0xfff)) : cpu_read_slow(c, lin, 4, 0, cpu_user(c));
}
static inline void lin_write8(struct cpu *c, uint32_t lin, uint32_t v)
{
    const struct tlb_entry *e = tlb_hit(c, lin, c->acc_wr);
    if (e)
        st8(e->host + (lin & 0xfff), (uint8_t)v);
    else
        cpu_write_slow(c, lin, v & 0xff, 1, cpu_user(c));
}
static inline void lin_write16(struct cpu *c, uint32_t lin, uint32_t v)
{
    const struct tlb_entry *e = tlb_hit(c, lin, c->acc_wr);
    if (e && (lin & 0xfff) <= 0xffe)
        st16(e->host + (lin & 0xfff), (uint16_t)v);
    else
        cpu_write_slow(c, lin, v & 0xffff, 2, cpu_user(c));
}
static inline void lin_write32(struct cpu *c, uint32_t lin, uint32_t v)
{
    const struct tlb_entry *e = tlb_hit(c, lin, c->acc_wr);
    if (e && (lin & 0xfff) <= 0xffc)
        st32(e->host + (lin & 0xfff), v);
    else
        cpu_write_slow(c, lin, v, 4, cpu_user(c));
}
/* Read with write intent (the read half of a read-modify-write): faults as a write would. */
static inline uint32_t lin_read_rmw(struct cpu *c, uint32_t lin, unsigned size)
{
    const struct tlb_entry *e = tlb_hit(c, lin, c->acc_wr);
    if (e && (lin & 0xfff) <= 0x1000 - size) {
        const uint8_t *p = e->host + (lin & 0xfff);
        return size == 1 ? ld8(p) : size == 2 ? ld16(p) : ld32(p);
    }
    return cpu_read_slow(c, lin, size, 1, cpu_user(c));
}

/* Segment checks: `need` is SEG_R or SEG_W. */
static inline uint32_t seg_linear(struct cpu *c, unsigned s, uint32_t off, unsigned size, unsigned need)
{
    const struct seg_cache *sc = &c->seg[s];
    if (!(sc->ok & need) || off < sc->lo || (uint64_t)off + (size - 1) > sc->hi)
        cpu_segment_fault(c, s, off);
    return sc->base + off;
}

static inline uint32_t seg_read8(struct cpu *c, unsigned s, uint32_t off)
{
    return lin_read8(c, seg_linear(c, s, off, 1, SEG_R));
}
static inline uint32_t seg_read16(struct cpu *c, unsigned s, uint32_t off)
{
    return lin_read16(c, seg_linear(c, s, off, 2, SEG_R));
}
static inline uint32_t seg_read32(struct cpu *c, unsigned s, uint32_t off)
{
    return lin_read32(c, seg_linear(c, s, off, 4, SEG_R));
}
static inline void seg_write8(struct cpu *c, unsigned s, uint32_t off, uint32_t v)
{
    lin_write8(c, seg_linear(c, s, off, 1, SEG_W), v);
}
static inline void seg_write16(struct cpu *c, unsigned s, uint32_t off, uint32_t v)
{
    lin_write16(c, seg_linear(c, s, off, 2, SEG_W), v);
}
static inline void seg_write32(struct cpu *c, unsigned s, uint32_t off, uint32_t v)
{
    lin_write32(c, seg_linear(c, s, off, 4, SEG_W), v);
}
static inline uint32_t seg_read_rmw(struct cpu *c, unsigned s, uint32_t off, unsigned size)
{
    return lin_read_rmw(c, seg_linear(c, s, off, size, SEG_W), size);
}

/* Supervisor-level linear accesses made by the CPU itself. */
static inline uint32_t sys_read(struct cpu *c, uint32_t lin, unsigned size)
{
    const struct tlb_entry *e = tlb_hit(c, lin, TLB_R_SUP);
    if (e && (lin & 0xfff) <= 0x1000 - size) {
        const uint8_t *p = e->host + (lin & 0xfff);
        return size == 1 ? ld8(p) : size == 2 ? ld16(p) : ld32(p);
    }
    return cpu_read_slow(c, lin, size, 0, 0);
}
static inline void sys_write(struct cpu *c, uint32_t lin, uint32_t v, unsigned size)
{
    cpu_write_slow(c, lin, v, size, 0);
}

#endif
