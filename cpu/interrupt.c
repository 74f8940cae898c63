/* Software interrupts and interrupt returns: INT n, INT3, INTO, INT1, IRET, plus BOUND and UD2. Delivery itself
 * is cpu_deliver (except.c); IRET undoes it in real, protected and virtual-8086 mode. */
#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/except.h"
#include "cpu/flags.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"
#include "cpu/stack.h"

/* INT n in V86 mode with IOPL < 3 faults (#GP(0)) inside cpu_deliver; software interrupts are traps: the pushed
 * EIP is the next instruction's. */
void int_Ib(struct cpu *c, const struct insn *i) { cpu_raise_event(c, i->imm & 0xff, EV_SOFTWARE); }
void int3(struct cpu *c, const struct insn *i)
{
    (void)i;
    cpu_raise_event(c, EXC_BP, EV_SOFTWARE);
}
void into(struct cpu *c, const struct insn *i)
{
    (void)i;
    if (get_of(c))
        cpu_raise_event(c, EXC_OF, EV_SOFTWARE);
}
void int1(struct cpu *c, const struct insn *i)
{
    (void)i;
    cpu_raise_event(c, EXC_DB, EV_ICEBP);
}
void ud2(struct cpu *c, const struct insn *i)
{
    (void)i;
    cpu_fault(c, EXC_UD, 0);
}

/* BOUND r, m: #BR when the signed index lies outside [lower, upper]. */
void bound_w(struct cpu *c, const struct insn *i)
{
    uint32_t off = ea(c, i);
    int32_t lo = (int16_t)seg_read16(c, i->seg, off);
    int32_t hi = (int16_t)seg_read16(c, i->seg, (off + 2) & i->amask);
    int32_t v = (int16_t)get_r16(c, i->reg);
    if (v < lo || v > hi)
        cpu_fault(c, EXC_BR, 0);
}
void bound_d(struct cpu *c, const struct insn *i)
{
    uint32_t off = ea(c, i);
    int32_t lo = (int32_t)seg_read32(c, i->seg, off);
    int32_t hi = (int32_t)seg_read32(c, i->seg, (off + 4) & i->amask);
    int32_t v = (int32_t)c->gpr[i->reg];
    if (v < lo || v > hi)
        cpu_fault(c, EXC_BR, 0);
}

/* Loads EFLAGS from an IRET frame. `mask` limits the bits by operand size; the privilege rules decide IOPL and
 * IF. VM, RF, VIF and VIP come only from a 32-bit frame at CPL 0. */
static void iret_flags(struct cpu *c, uint32_t value, int size32, int cpl_before)
{
    uint32_t keep = size32 ? 0 : 0xffff0000u;
    uint32_t changeable = FL_ARITH | FL_TF | FL_DF | FL_NT | FL_AC | FL_ID | FL_RF;
    if (!c->pe || cpl_before == 0)
        changeable |= FL_IF | FL_IOPL | FL_VIF | FL_VIP;
    else if ((unsigned)cpl_before <= ((c->eflags & FL_IOPL) >> 12))
        changeable |= FL_IF;
    changeable &= ~keep;
    uint32_t old = cpu_get_eflags(c);
    uint32_t now = (old & ~changeable) | (value & changeable);
    set_arith_flags(c, now);
    c->eflags = (now & ~FL_ARITH) | 2;
}

static void iret_real(struct cpu *c, unsigned size)
{
    uint32_t ip = stack_peek(c, 0, size);
    uint16_t cs = (uint16_t)stack_peek(c, size, 2);
    uint32_t fl = stack_peek(c, 2 * size, size);
    if (size == 2 && ip > c->seg[S_CS].limit)
        cpu_fault(c, EXC_GP, 0);
    set_stack_ptr(c, stack_offset(c, 3 * size));
    seg_load_real(c, S_CS, cs);
    c->eip = size == 2 ? ip & 0xffff : ip;
    iret_flags(c, fl, size == 4, 0);
    cpu_update_mode(c);
}

/* IRET in V86 mode: allowed with IOPL 3 (the VME variant is not implemented yet); a real-mode style frame. */
static void iret_v86(struct cpu *c, unsigned size)
{
    if ((c->eflags & FL_IOPL) != FL_IOPL)
        cpu_fault(c, EXC_GP, 0);
    uint32_t ip = stack_peek(c, 0, size);
    uint16_t cs = (uint16_t)stack_peek(c, size, 2);
    uint32_t fl = stack_peek(c, 2 * size, size);
    set_stack_ptr(c, stack_offset(c, 3 * size));
    seg_load_real(c, S_CS, cs);
    c->eip = size == 2 ? ip & 0xffff : ip;
    /* IOPL cannot change from V86 mode; VM stays set. */
    uint32_t keep = FL_IOPL | FL_VM | FL_VIF | FL_VIP | (size == 2 ? 0xffff0000u : 0);
    uint32_t now = (cpu_get_eflags(c) & keep) | (fl & ~keep);
    set_arith_flags(c, now);
    c->eflags = (now & ~FL_ARITH) | 2;
    cpu_update_mode(c);
}

/* IRET from protected mode back into a V86 task: a 32-bit frame with VM set, then ESP, SS, ES, DS, FS, GS. */
static void iret_to_v86(struct cpu *c, uint32_t eip, uint16_t cs, uint32_t fl)
{
    uint32_t esp = stack_peek(c, 12, 4), ss = stack_peek(c, 16, 4) & 0xffff;
    uint32_t es = stack_peek(c, 20, 4) & 0xffff, ds = stack_peek(c, 24, 4) & 0xffff;
    uint32_t fs = stack_peek(c, 28, 4) & 0xffff, gs = stack_peek(c, 32, 4) & 0xffff;
    set_arith_flags(c, fl);
    c->eflags = (fl & ~FL_ARITH) | 2;
    c->cpl = 3;
    cpu_update_mode(c);
    seg_load_real(c, S_CS, cs);
    seg_load_real(c, S_SS, (uint16_t)ss);
    seg_load_real(c, S_ES, (uint16_t)es);
    seg_load_real(c, S_DS, (uint16_t)ds);
    seg_load_real(c, S_FS, (uint16_t)fs);
    seg_load_real(c, S_GS, (uint16_t)gs);
    c->gpr[R_ESP] = esp;
    c->eip = eip & 0xffff;
    cpu_update_mode(c);
}

static void null_if_inaccessible(struct cpu *c, unsigned s)
{
    const struct seg_cache *sc = &c->seg[s];
    unsigned type = AR_TYPE(sc->ar);
    if (sc->ok && !((type & 8) && (type & 4)) && AR_DPL(sc->ar) < (unsigned)c->cpl)
        seg_set_cache(&c->seg[s], 0, 0, 0, 0);
}

static void iret_protected(struct cpu *c, unsigned size)
{
    if (c->eflags & FL_NT)
        cpu_fault(c, EXC_GP, 0);     /* a return through the TSS back link: hardware task switching is to come */
    uint32_t eip = stack_peek(c, 0, size);
    uint16_t cs = (uint16_t)stack_peek(c, size, 2);
    uint32_t fl = stack_peek(c, 2 * size, size);
    if (size == 4 && (fl & FL_VM) && c->cpl == 0) {
        iret_to_v86(c, eip, cs, fl);
        return;
    }
    unsigned rpl = cs & 3u;
    uint32_t lo, hi;
    if ((cs & ~3u) == 0)
        cpu_fault(c, EXC_GP, 0);
    if (seg_read_descriptor(c, cs, &lo, &hi) < 0)
        cpu_fault(c, EXC_GP, cs & ~3u);
    uint32_t ar = desc_ar(hi);
    if (!AR_S(ar) || !(AR_TYPE(ar) & 8) || rpl < (unsigned)c->cpl ||
        ((AR_TYPE(ar) & 4) ? AR_DPL(ar) > rpl : AR_DPL(ar) != rpl))
        cpu_fault(c, EXC_GP, cs & ~3u);
    if (!AR_P(ar))
        cpu_fault(c, EXC_NP, cs & ~3u);
    if (eip > desc_limit(lo, hi))
        cpu_fault(c, EXC_GP, 0);
    int cpl_before = c->cpl;
    if (rpl == (unsigned)c->cpl) {
        set_stack_ptr(c, stack_offset(c, 3 * size));
        seg_load_cs_raw(c, cs, desc_base(lo, hi), desc_limit(lo, hi), ar | 1);
        c->eip = size == 2 ? eip & 0xffff : eip;
        iret_flags(c, fl, size == 4, cpl_before);
        cpu_update_mode(c);
        return;
    }
    /* To an outer privilege level: the old SS:ESP follow the frame. */
    uint32_t esp = stack_peek(c, 3 * size, size);
    uint16_t ss = (uint16_t)stack_peek(c, 4 * size, 2);
    c->cpl = (int)rpl;
    seg_load_cs_raw(c, cs, desc_base(lo, hi), desc_limit(lo, hi), ar | 1);
    seg_load(c, S_SS, ss);
    c->gpr[R_ESP] = c->stack32 ? esp : (c->gpr[R_ESP] & 0xffff0000u) | (esp & 0xffff);
    c->eip = size == 2 ? eip & 0xffff : eip;
    iret_flags(c, fl, size == 4, cpl_before);
    for (unsigned s = S_ES; s < S_COUNT; s++)
        if (s != S_CS && s != S_SS)
            null_if_inaccessible(c, s);
    cpu_update_mode(c);
}

static void iret(struct cpu *c, unsigned size)
{
    if (!c->pe)
        iret_real(c, size);
    else if (c->v86)
        iret_v86(c, size);
    else
        iret_protected(c, size);
    c->nmi_blocked = 0;          /* IRET ends the NMI handler's blocking */
    cpu_end_block(c);
}
void iret_w(struct cpu *c, const struct insn *i) { (void)i; iret(c, 2); }
void iret_d(struct cpu *c, const struct insn *i) { (void)i; iret(c, 4); }
