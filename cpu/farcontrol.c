/* Far control transfers: far JMP, CALL and RET in real and V86 mode, and in protected mode to code segments of
 * the same privilege (conforming or not) and RET to an outer level. Call gates and task gates/TSS targets are
 * still to come: they raise #GP with the selector until then. */
#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/except.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"
#include "cpu/stack.h"

/* The checked target of a direct far transfer: the CS cache to load and the new EIP. Nothing changes until
 * commit_target, so a fault in between (a push of the return address) leaves the caller's state intact. */
struct far_target {
    struct seg_cache cs;
    uint32_t eip;
    int real;                    /* real or V86 mode: CS is loaded as a paragraph */
};

/* Checks a code segment descriptor for a direct transfer (JMP/CALL without a gate). */
static void check_code_target(struct cpu *c, uint16_t sel, uint32_t *lo, uint32_t *hi)
{
    if ((sel & ~3u) == 0)
        cpu_fault(c, EXC_GP, 0);
    if (seg_read_descriptor(c, sel, lo, hi) < 0)
        cpu_fault(c, EXC_GP, sel & ~3u);
    uint32_t ar = desc_ar(*hi);
    if (!AR_S(ar) || !(AR_TYPE(ar) & 8))
        cpu_fault(c, EXC_GP, sel & ~3u);     /* system descriptors (gates, TSS) are not supported yet */
    unsigned dpl = AR_DPL(ar), rpl = sel & 3u;
    if (AR_TYPE(ar) & 4) {
        if (dpl > (unsigned)c->cpl)
            cpu_fault(c, EXC_GP, sel & ~3u);
    } else if (rpl > (unsigned)c->cpl || dpl != (unsigned)c->cpl) {
        cpu_fault(c, EXC_GP, sel & ~3u);
    }
    if (!AR_P(ar))
        cpu_fault(c, EXC_NP, sel & ~3u);
}

static struct far_target resolve_target(struct cpu *c, uint16_t sel, uint32_t offset)
{
    struct far_target t;
    t.eip = offset;
    if (!c->pe || c->v86) {
        /* Only the new IP is checked, against the current CS limit (V86 mode wraps instead). */
        if (offset > c->seg[S_CS].limit && !c->v86)
            cpu_fault(c, EXC_GP, 0);
        t.real = 1;
        t.cs = c->seg[S_CS];
        t.cs.sel = sel;
        return t;
    }
    uint32_t lo, hi;
    check_code_target(c, sel, &lo, &hi);
    if (offset > desc_limit(lo, hi))
        cpu_fault(c, EXC_GP, 0);
    t.real = 0;
    seg_set_cache(&t.cs, (uint16_t)((sel & ~3u) | (unsigned)c->cpl), desc_base(lo, hi), desc_limit(lo, hi),
                  desc_ar(hi) | 1);
    return t;
}

static void commit_target(struct cpu *c, const struct far_target *t)
{
    if (t->real) {
        seg_load_real(c, S_CS, t->cs.sel);
    } else {
        c->seg[S_CS] = t->cs;
        cpu_update_mode(c);
    }
    c->eip = t->eip;
    cpu_end_block(c);
}

static void far_jump(struct cpu *c, uint16_t sel, uint32_t offset)
{
    struct far_target t = resolve_target(c, sel, offset);
    commit_target(c, &t);
}

static void far_call(struct cpu *c, uint16_t sel, uint32_t offset, unsigned size)
{
    struct far_target t = resolve_target(c, sel, offset);
    uint32_t old_cs = c->seg[S_CS].sel, old_eip = c->eip;
    if (size == 2) {
        push16(c, old_cs);
        push16(c, old_eip);
    } else {
        push32(c, old_cs);
        push32(c, old_eip);
    }
    commit_target(c, &t);
}

void jmpf_Ap_w(struct cpu *c, const struct insn *i) { far_jump(c, i->imm2, i->imm & 0xffff); }
void jmpf_Ap_d(struct cpu *c, const struct insn *i) { far_jump(c, i->imm2, i->imm); }
void callf_Ap_w(struct cpu *c, const struct insn *i) { far_call(c, i->imm2, i->imm & 0xffff, 2); }
void callf_Ap_d(struct cpu *c, const struct insn *i) { far_call(c, i->imm2, i->imm, 4); }

/* Indirect far pointers: offset then selector in memory. */
static void read_far_pointer(struct cpu *c, const struct insn *i, unsigned size, uint16_t *sel, uint32_t *off)
{
    uint32_t addr = ea(c, i);
    *off = size == 2 ? seg_read16(c, i->seg, addr) : seg_read32(c, i->seg, addr);
    *sel = (uint16_t)seg_read16(c, i->seg, (addr + size) & i->amask);
}
void jmpf_Mp_w(struct cpu *c, const struct insn *i)
{
    uint16_t sel;
    uint32_t off;
    read_far_pointer(c, i, 2, &sel, &off);
    far_jump(c, sel, off);
}
void jmpf_Mp_d(struct cpu *c, const struct insn *i)
{
    uint16_t sel;
    uint32_t off;
    read_far_pointer(c, i, 4, &sel, &off);
    far_jump(c, sel, off);
}
void callf_Mp_w(struct cpu *c, const struct insn *i)
{
    uint16_t sel;
    uint32_t off;
    read_far_pointer(c, i, 2, &sel, &off);
    far_call(c, sel, off, 2);
}
void callf_Mp_d(struct cpu *c, const struct insn *i)
{
    uint16_t sel;
    uint32_t off;
    read_far_pointer(c, i, 4, &sel, &off);
    far_call(c, sel, off, 4);
}

/* A data segment register that the new, outer privilege level may not use becomes null. */
static void null_if_inaccessible(struct cpu *c, unsigned s)
{
    const struct seg_cache *sc = &c->seg[s];
    unsigned type = AR_TYPE(sc->ar);
    int conforming_code = (type & 8) && (type & 4);
    if (sc->ok && !conforming_code && AR_DPL(sc->ar) < (unsigned)c->cpl)
        seg_set_cache(&c->seg[s], 0, 0, 0, 0);
}

/* RETF [imm16]: everything is read and checked before CS, EIP or ESP change. */
static void far_return(struct cpu *c, unsigned size, uint32_t extra)
{
    uint32_t off = stack_peek(c, 0, size);
    uint16_t sel = (uint16_t)stack_peek(c, size, 2);
    if (!c->pe || c->v86) {
        if (off > c->seg[S_CS].limit && !c->v86)
            cpu_fault(c, EXC_GP, 0);
        set_stack_ptr(c, stack_offset(c, 2 * size + extra));
        seg_load_real(c, S_CS, sel);
        c->eip = off;
        cpu_end_block(c);
        return;
    }
    unsigned rpl = sel & 3u;
    if (rpl < (unsigned)c->cpl)
        cpu_fault(c, EXC_GP, sel & ~3u);
    uint32_t lo, hi;
    if ((sel & ~3u) == 0)
        cpu_fault(c, EXC_GP, 0);
    if (seg_read_descriptor(c, sel, &lo, &hi) < 0)
        cpu_fault(c, EXC_GP, sel & ~3u);
    uint32_t ar = desc_ar(hi);
    if (!AR_S(ar) || !(AR_TYPE(ar) & 8) || ((AR_TYPE(ar) & 4) ? AR_DPL(ar) > rpl : AR_DPL(ar) != rpl))
        cpu_fault(c, EXC_GP, sel & ~3u);
    if (!AR_P(ar))
        cpu_fault(c, EXC_NP, sel & ~3u);
    if (off > desc_limit(lo, hi))
        cpu_fault(c, EXC_GP, 0);
    if (rpl == (unsigned)c->cpl) {
        set_stack_ptr(c, stack_offset(c, 2 * size + extra));
        seg_load_cs_raw(c, sel, desc_base(lo, hi), desc_limit(lo, hi), ar | 1);
        c->eip = off;
        cpu_end_block(c);
        return;
    }
    /* To an outer level: the caller's SS:ESP follow the return address (and the parameters skipped by imm16). */
    uint32_t new_esp = stack_peek(c, 2 * size + extra, size);
    uint16_t new_ss = (uint16_t)stack_peek(c, 3 * size + extra, 2);
    c->cpl = (int)rpl;
    seg_load_cs_raw(c, sel, desc_base(lo, hi), desc_limit(lo, hi), ar | 1);
    seg_load(c, S_SS, new_ss);
    c->gpr[R_ESP] = c->stack32 ? new_esp + extra : (c->gpr[R_ESP] & 0xffff0000u) | ((new_esp + extra) & 0xffff);
    c->eip = off;
    for (unsigned s = S_ES; s < S_COUNT; s++)
        if (s != S_CS && s != S_SS)
            null_if_inaccessible(c, s);
    cpu_end_block(c);
}

void retf_w(struct cpu *c, const struct insn *i) { far_return(c, 2, i->opcode == 0xca ? i->imm & 0xffff : 0); }
void retf_d(struct cpu *c, const struct insn *i) { far_return(c, 4, i->opcode == 0xca ? i->imm & 0xffff : 0); }
