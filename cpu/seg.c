/* Segment register loads and the descriptor checks they make (see seg.h for the checks shared with far
 * transfers, interrupts and task switches). */
#include "cpu/seg.h"
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
        if ((c->ldtr.sel & ~3u) == 0)      /* no LDT loaded */
            return -1;
        base = c->ldtr.base;
        limit = c->ldtr.limit;
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

void seg_fetch(struct cpu *c, uint16_t sel, unsigned vector, uint32_t ext, struct descriptor *d)
{
    d->sel = sel;
    if (seg_read_descriptor(c, sel, &d->lo, &d->hi) < 0)
        cpu_fault(c, vector, (sel & ~3u) | ext);
    d->ar = desc_ar(d->hi);
}

void seg_cache_from(struct seg_cache *sc, uint16_t sel, const struct descriptor *d)
{
    seg_set_cache(sc, sel, desc_base(d->lo, d->hi), desc_limit(d->lo, d->hi), d->ar | (AR_S(d->ar) ? 1 : 0));
}

void seg_mark_accessed(struct cpu *c, const struct descriptor *d)
{
    if ((d->hi & 0x100) || !AR_S(d->ar))
        return;
    uint32_t base = (d->sel & 4) ? c->ldtr.base : c->gdtr.base;
    sys_write(c, base + (d->sel & ~7u) + 5, ((d->hi >> 8) & 0xff) | 1, 1);
}

void seg_check_stack(struct cpu *c, uint16_t sel, unsigned pl, unsigned vector, uint32_t null_error, uint32_t ext,
                     struct descriptor *d)
{
    if ((sel & ~3u) == 0)
        cpu_fault(c, vector, null_error);
    seg_fetch(c, sel, vector, ext, d);
    if ((sel & 3u) != pl || AR_DPL(d->ar) != pl || !AR_S(d->ar) || (AR_TYPE(d->ar) & 0xa) != 2)
        cpu_fault(c, vector, (sel & ~3u) | ext);
    if (!AR_P(d->ar))
        cpu_fault(c, EXC_SS, (sel & ~3u) | ext);
}

void seg_check_data(struct cpu *c, uint16_t sel, unsigned cpl, unsigned vector, uint32_t ext, struct descriptor *d)
{
    seg_fetch(c, sel, vector, ext, d);
    unsigned type = AR_TYPE(d->ar);
    int code = (type & 8) != 0, conforming = code && (type & 4);
    if (!AR_S(d->ar) || (code && !(type & 2)))
        cpu_fault(c, vector, (sel & ~3u) | ext);
    if (!conforming && ((sel & 3u) > AR_DPL(d->ar) || cpl > AR_DPL(d->ar)))
        cpu_fault(c, vector, (sel & ~3u) | ext);
    if (!AR_P(d->ar))
        cpu_fault(c, EXC_NP, (sel & ~3u) | ext);
}

/* The code segment RETF or IRET returns to: RPL >= CPL; conforming with DPL <= RPL, others with DPL = RPL. */
void seg_check_return_code(struct cpu *c, uint16_t sel, struct descriptor *d)
{
    if ((sel & ~3u) == 0)
        cpu_fault(c, EXC_GP, 0);
    seg_fetch(c, sel, EXC_GP, 0, d);
    unsigned rpl = sel & 3u, dpl = AR_DPL(d->ar);
    if (!AR_S(d->ar) || !(AR_TYPE(d->ar) & 8) || rpl < (unsigned)c->cpl ||
        ((AR_TYPE(d->ar) & 4) ? dpl > rpl : dpl != rpl))
        cpu_fault(c, EXC_GP, sel & ~3u);
    if (!AR_P(d->ar))
        cpu_fault(c, EXC_NP, sel & ~3u);
}

void seg_null_inaccessible(struct cpu *c)
{
    static const unsigned data_segs[4] = { S_ES, S_DS, S_FS, S_GS };
    for (unsigned k = 0; k < 4; k++) {
        struct seg_cache *sc = &c->seg[data_segs[k]];
        unsigned type = AR_TYPE(sc->ar);
        int conforming_code = (type & 8) && (type & 4);
        if (sc->ok && !conforming_code && AR_DPL(sc->ar) < (unsigned)c->cpl)
            seg_set_cache(sc, 0, 0, 0, 0);
    }
}

/* Real mode checks limits (that is what makes "unreal mode" work) but no access rights. */
static void make_real_usable(struct seg_cache *sc)
{
    if (!AR_P(sc->ar) || !AR_S(sc->ar))
        seg_set_cache(sc, sc->sel, sc->base, 0xffff, 0x93);
    sc->ok = SEG_R | SEG_W | SEG_X;
}

void seg_enter_real_mode(struct cpu *c)
{
    for (unsigned s = 0; s < S_COUNT; s++)
        make_real_usable(&c->seg[s]);
}

void seg_load_v86(struct cpu *c, unsigned s, uint16_t sel)
{
    seg_set_cache(&c->seg[s], sel, (uint32_t)sel << 4, 0xffff, 0xf3);
    if (s == S_CS)
        c->seg[s].ok |= SEG_X;
}

void seg_load_real(struct cpu *c, unsigned s, uint16_t sel)
{
    struct seg_cache *sc = &c->seg[s];
    if (c->v86) {
        seg_load_v86(c, s, sel);
    } else {
        /* Real mode keeps the cached limit and rights: only the selector and base change. */
        sc->sel = sel;
        sc->base = (uint32_t)sel << 4;
        make_real_usable(sc);
    }
    if (s == S_CS || s == S_SS)
        cpu_update_mode(c);
}

void seg_load_cs_raw(struct cpu *c, uint16_t sel, uint32_t base, uint32_t limit, uint32_t ar)
{
    seg_set_cache(&c->seg[S_CS], sel, base, limit, ar);
    cpu_update_mode(c);
}

void seg_load(struct cpu *c, unsigned s, uint16_t sel)
{
    struct descriptor d;
    if (!c->pe || c->v86) {
        seg_load_real(c, s, sel);
        return;
    }
    if (s == S_SS) {
        seg_check_stack(c, sel, (unsigned)c->cpl, EXC_GP, 0, 0, &d);
    } else if ((sel & ~3u) == 0) {
        seg_set_cache(&c->seg[s], sel, 0, 0, 0);     /* null: any use faults */
        return;
    } else {
        seg_check_data(c, sel, (unsigned)c->cpl, EXC_GP, 0, &d);
    }
    seg_mark_accessed(c, &d);
    seg_cache_from(&c->seg[s], sel, &d);
    if (s == S_SS)
        cpu_update_mode(c);
}
