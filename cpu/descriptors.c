/* Instructions that take a selector: LLDT, LTR, SLDT, STR, and the probes LAR, LSL, VERR, VERW, plus ARPL. All of
 * them exist only in protected mode (#UD in real and V86 mode). */
#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/except.h"
#include "cpu/flags.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"
#include "cpu/seg.h"

static void require_protected(struct cpu *c)
{
    if (!c->pe || c->v86)
        cpu_fault(c, EXC_UD, 0);
}

/* A selector from the GDT (LLDT, LTR): TI = 1 or past the limit is #GP(selector). */
static void fetch_from_gdt(struct cpu *c, uint16_t sel, struct descriptor *d)
{
    if (sel & 4)
        cpu_fault(c, EXC_GP, sel & ~3u);
    seg_fetch(c, sel, EXC_GP, 0, d);
}

void lldt_Ew(struct cpu *c, const struct insn *i)
{
    require_protected(c);
    if (c->cpl != 0)
        cpu_fault(c, EXC_GP, 0);
    uint16_t sel = (uint16_t)load_e16(c, i);
    if ((sel & ~3u) == 0) {
        seg_set_cache(&c->ldtr, sel, 0, 0, 0);     /* no LDT: any LDT selector faults */
        return;
    }
    struct descriptor d;
    fetch_from_gdt(c, sel, &d);
    if (AR_S(d.ar) || AR_TYPE(d.ar) != 2)
        cpu_fault(c, EXC_GP, sel & ~3u);
    if (!AR_P(d.ar))
        cpu_fault(c, EXC_NP, sel & ~3u);
    seg_cache_from(&c->ldtr, sel, &d);
}

/* LTR loads an available TSS and marks it busy. */
void ltr_Ew(struct cpu *c, const struct insn *i)
{
    require_protected(c);
    if (c->cpl != 0)
        cpu_fault(c, EXC_GP, 0);
    uint16_t sel = (uint16_t)load_e16(c, i);
    if ((sel & ~3u) == 0)
        cpu_fault(c, EXC_GP, 0);
    struct descriptor d;
    fetch_from_gdt(c, sel, &d);
    if (AR_S(d.ar) || (AR_TYPE(d.ar) != 1 && AR_TYPE(d.ar) != 9))
        cpu_fault(c, EXC_GP, sel & ~3u);
    if (!AR_P(d.ar))
        cpu_fault(c, EXC_NP, sel & ~3u);
    sys_write(c, c->gdtr.base + (sel & ~7u) + 5, ((d.hi >> 8) & 0xff) | 2, 1);
    d.ar |= 2;
    seg_cache_from(&c->tr, sel, &d);
}

/* SLDT/STR: a 32-bit register destination is zero-extended; memory always receives 16 bits. */
static void store_selector(struct cpu *c, const struct insn *i, uint16_t sel, int size32)
{
    require_protected(c);
    if (i->mod3 && size32)
        c->gpr[i->rm] = sel;
    else
        store_e16(c, i, sel);
}
void sldt_Ew(struct cpu *c, const struct insn *i) { store_selector(c, i, c->ldtr.sel, 0); }
void sldt_Ed(struct cpu *c, const struct insn *i) { store_selector(c, i, c->ldtr.sel, 1); }
void str_Ew(struct cpu *c, const struct insn *i) { store_selector(c, i, c->tr.sel, 0); }
void str_Ed(struct cpu *c, const struct insn *i) { store_selector(c, i, c->tr.sel, 1); }

/* The common part of LAR, LSL, VERR and VERW: reads the descriptor of a selector the instruction may see at the
 * current privilege level. Returns 0 (and ZF = 0) when it may not: null, past the table, or a non-conforming
 * segment whose DPL is below CPL or RPL. */
static int probe_selector(struct cpu *c, uint16_t sel, struct descriptor *d)
{
    if ((sel & ~3u) == 0 || seg_read_descriptor(c, sel, &d->lo, &d->hi) < 0)
        return 0;
    d->sel = sel;
    d->ar = desc_ar(d->hi);
    int conforming_code = AR_S(d->ar) && (AR_TYPE(d->ar) & 0xc) == 0xc;
    unsigned dpl = AR_DPL(d->ar);
    return conforming_code || (dpl >= (unsigned)c->cpl && dpl >= (sel & 3u));
}

static void set_zf(struct cpu *c, int zf) { set_some_flags(c, FL_ZF, zf ? FL_ZF : 0); }

/* System descriptor types LAR accepts: TSSs (available and busy), LDT, call and task gates. LSL takes the ones
 * with a limit: TSSs and the LDT. */
static int lar_type_ok(unsigned type)
{
    return type == 1 || type == 2 || type == 3 || type == 4 || type == 5 || type == 9 || type == 11 || type == 12;
}
static int lsl_type_ok(unsigned type) { return type == 1 || type == 2 || type == 3 || type == 9 || type == 11; }

static void lar(struct cpu *c, const struct insn *i, int size32)
{
    require_protected(c);
    struct descriptor d;
    uint16_t sel = (uint16_t)load_e16(c, i);
    int ok = probe_selector(c, sel, &d) && (AR_S(d.ar) || lar_type_ok(AR_TYPE(d.ar)));
    set_zf(c, ok);
    if (!ok)
        return;
    if (size32)
        c->gpr[i->reg] = d.hi & 0x00f0ff00u;
    else
        set_r16(c, i->reg, d.hi & 0xff00);
}
void lar_w(struct cpu *c, const struct insn *i) { lar(c, i, 0); }
void lar_d(struct cpu *c, const struct insn *i) { lar(c, i, 1); }

static void lsl(struct cpu *c, const struct insn *i, int size32)
{
    require_protected(c);
    struct descriptor d;
    uint16_t sel = (uint16_t)load_e16(c, i);
    int ok = probe_selector(c, sel, &d) && (AR_S(d.ar) || lsl_type_ok(AR_TYPE(d.ar)));
    set_zf(c, ok);
    if (!ok)
        return;
    uint32_t limit = desc_limit(d.lo, d.hi);
    if (size32)
        c->gpr[i->reg] = limit;
    else
        set_r16(c, i->reg, limit);
}
void lsl_w(struct cpu *c, const struct insn *i) { lsl(c, i, 0); }
void lsl_d(struct cpu *c, const struct insn *i) { lsl(c, i, 1); }

/* VERR: a data segment or readable code segment; VERW: a writable data segment. */
void verr_Ew(struct cpu *c, const struct insn *i)
{
    require_protected(c);
    struct descriptor d;
    uint16_t sel = (uint16_t)load_e16(c, i);
    int ok = probe_selector(c, sel, &d) && AR_S(d.ar) && (!(AR_TYPE(d.ar) & 8) || (AR_TYPE(d.ar) & 2));
    set_zf(c, ok);
}

void verw_Ew(struct cpu *c, const struct insn *i)
{
    require_protected(c);
    struct descriptor d;
    uint16_t sel = (uint16_t)load_e16(c, i);
    int ok = probe_selector(c, sel, &d) && AR_S(d.ar) && (AR_TYPE(d.ar) & 0xa) == 2;
    set_zf(c, ok);
}

/* ARPL: raises the destination selector's RPL to the source's, with ZF telling whether it changed. */
void arpl(struct cpu *c, const struct insn *i)
{
    require_protected(c);
    uint32_t dst = load_e16_rmw(c, i), src = get_r16(c, i->reg);
    if ((dst & 3) < (src & 3)) {
        store_e16(c, i, (dst & ~3u) | (src & 3));
        set_zf(c, 1);
    } else {
        set_zf(c, 0);
    }
}
