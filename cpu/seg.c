/* Segment register loads and the descriptor checks they make. */
#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/except.h"

uint32_t desc_base(uint32_t lo, uint32_t hi)
{
    return (lo >> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000u);
}

uint32_t desc_limit(uint32_t lo, uint32_t hi)
{
    uint32_t limit = (lo & 0xffff) | (hi & 0x000f0000u);
    return (hi & 0x00800000u) ? (limit << 12) | 0xfff : limit;
}

/* Access rights: descriptor byte 5 in bits 0-7 and the flags nibble (AVL, L, D/B, G) in bits 12-15. */
uint32_t desc_ar(uint32_t hi)
{
    return (hi >> 8) & 0xf0ff;
}

int seg_read_descriptor(struct cpu *c, uint16_t sel, uint32_t *lo, uint32_t *hi)
{
    uint32_t base, limit;
    if (sel & 4) {
        base = c->ldtr.base;
        limit = c->ldtr.ok || c->ldtr.sel ? c->ldtr.limit : 0;
        if (!c->ldtr.sel)
            return -1;
    } else {
        base = c->gdtr.base;
        limit = c->gdtr.limit;
    }
    uint32_t off = sel & ~7u;
    if (off + 7 > limit)
        return -1;
    *lo = sys_read(c, base + off, 4);
    *hi = sys_read(c, base + off + 4, 4);
    return 0;
}

/* Sets the accessed bit of a descriptor the CPU has just loaded. */
static void mark_accessed(struct cpu *c, uint16_t sel, uint32_t hi)
{
    if (hi & 0x100)
        return;
    uint32_t base = (sel & 4) ? c->ldtr.base : c->gdtr.base;
    sys_write(c, base + (sel & ~7u) + 5, ((hi >> 8) & 0xff) | 1, 1);
}

void seg_load_real(struct cpu *c, unsigned s, uint16_t sel)
{
    struct seg_cache *sc = &c->seg[s];
    if (c->v86) {
        seg_set_cache(sc, sel, (uint32_t)sel << 4, 0xffff, 0xf3);
    } else {
        /* Real mode keeps the cached limit and rights: that is what makes "unreal mode" work. */
        sc->sel = sel;
        sc->base = (uint32_t)sel << 4;
    }
    if (s == S_CS || s == S_SS)
        cpu_update_mode(c);
}

void seg_load_cs_raw(struct cpu *c, uint16_t sel, uint32_t base, uint32_t limit, uint32_t ar)
{
    seg_set_cache(&c->seg[S_CS], sel, base, limit, ar);
    cpu_update_mode(c);
}

static void load_stack_segment(struct cpu *c, uint16_t sel)
{
    uint32_t lo, hi;
    if ((sel & ~3u) == 0)
        cpu_fault(c, EXC_GP, 0);
    if (seg_read_descriptor(c, sel, &lo, &hi) < 0)
        cpu_fault(c, EXC_GP, sel & ~3u);
    uint32_t ar = desc_ar(hi);
    if ((sel & 3u) != (unsigned)c->cpl || AR_DPL(ar) != (unsigned)c->cpl || !AR_S(ar) || (AR_TYPE(ar) & 0xa) != 2)
        cpu_fault(c, EXC_GP, sel & ~3u);
    if (!AR_P(ar))
        cpu_fault(c, EXC_SS, sel & ~3u);
    mark_accessed(c, sel, hi);
    seg_set_cache(&c->seg[S_SS], sel, desc_base(lo, hi), desc_limit(lo, hi), ar | 1);
    cpu_update_mode(c);
}

static void load_data_segment(struct cpu *c, unsigned s, uint16_t sel)
{
    uint32_t lo, hi;
    if ((sel & ~3u) == 0) {
        seg_set_cache(&c->seg[s], sel, 0, 0, 0);     /* null: any use faults */
        return;
    }
    if (seg_read_descriptor(c, sel, &lo, &hi) < 0)
        cpu_fault(c, EXC_GP, sel & ~3u);
    uint32_t ar = desc_ar(hi);
    unsigned type = AR_TYPE(ar);
    int code = (type & 8) != 0, conforming = code && (type & 4);
    if (!AR_S(ar) || (code && !(type & 2)))
        cpu_fault(c, EXC_GP, sel & ~3u);
    if (!conforming && ((sel & 3u) > AR_DPL(ar) || (unsigned)c->cpl > AR_DPL(ar)))
        cpu_fault(c, EXC_GP, sel & ~3u);
    if (!AR_P(ar))
        cpu_fault(c, EXC_NP, sel & ~3u);
    mark_accessed(c, sel, hi);
    seg_set_cache(&c->seg[s], sel, desc_base(lo, hi), desc_limit(lo, hi), ar | 1);
}

void seg_load(struct cpu *c, unsigned s, uint16_t sel)
{
    if (!c->pe || c->v86)
        seg_load_real(c, s, sel);
    else if (s == S_SS)
        load_stack_segment(c, sel);
    else
        load_data_segment(c, s, sel);
}
