/* Software interrupts and interrupt returns: INT n, INT3, INTO, INT1, IRET, plus BOUND and UD2. Delivery itself is
 * cpu_deliver (except.c); IRET undoes it in real, protected and virtual-8086 mode, returns to a V86 task from
 * protected mode, and with EFLAGS.NT returns to the previous task. */
#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/except.h"
#include "cpu/flags.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"
#include "cpu/seg.h"
#include "cpu/stack.h"
#include "cpu/task.h"
#include "cpu/v86.h"

/* Software interrupts are traps: the pushed EIP is the next instruction's. In V86 mode, INT n (but not INT3 or
 * INTO) is IOPL-sensitive and may be redirected by VME. */
void int_Ib(struct cpu *c, const struct insn *i)
{
    unsigned vector = i->imm & 0xff;
    if (c->v86)
        v86_soft_int(c, vector);
    cpu_raise_event(c, vector, EV_SOFTWARE);
}
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

/* Replaces the EFLAGS bits in `changeable` (limited to the low 16 with a 16-bit frame). */
static void load_flags(struct cpu *c, uint32_t value, uint32_t changeable, unsigned size)
{
    if (size == 2)
        changeable &= 0xffff;
    uint32_t now = (cpu_get_eflags(c) & ~changeable) | (value & changeable);
    set_arith_flags(c, now);
    c->eflags = (now & ~FL_ARITH) | 2;
}

static const uint32_t always_changeable = FL_ARITH | FL_TF | FL_DF | FL_NT | FL_AC | FL_ID | FL_RF;

/* Real mode: everything but VM, VIF and VIP. */
static void iret_real(struct cpu *c, unsigned size)
{
    uint32_t ip = stack_peek(c, 0, size);
    uint16_t cs = (uint16_t)stack_peek(c, size, 2);
    uint32_t fl = stack_peek(c, 2 * size, size);
    if (ip > c->seg[S_CS].limit)
        cpu_fault(c, EXC_GP, 0);
    set_stack_ptr(c, stack_offset(c, 3 * size));
    seg_load_real(c, S_CS, cs);
    c->eip = ip;
    load_flags(c, fl, always_changeable | FL_IF | FL_IOPL, size);
}

/* V86 mode with IOPL 3: like real mode, but IOPL stays. With IOPL < 3, only VME's virtual-flag form is allowed. */
static void iret_v86(struct cpu *c, unsigned size)
{
    if (v86_virtual_flags(c)) {
        v86_iret(c, size);
        return;
    }
    if ((c->eflags & FL_IOPL) != FL_IOPL)
        cpu_fault(c, EXC_GP, 0);
    uint32_t ip = stack_peek(c, 0, size);
    uint16_t cs = (uint16_t)stack_peek(c, size, 2);
    uint32_t fl = stack_peek(c, 2 * size, size);
    if (ip > c->seg[S_CS].limit)
        cpu_fault(c, EXC_GP, 0);
    set_stack_ptr(c, stack_offset(c, 3 * size));
    seg_load_real(c, S_CS, cs);
    c->eip = ip;
    load_flags(c, fl, always_changeable | FL_IF, size);
}

/* From protected mode at CPL 0 back into a V86 task: a 32-bit frame with VM set, then ESP, SS, ES, DS, FS, GS. */
static void iret_to_v86(struct cpu *c, uint32_t eip, uint16_t cs, uint32_t fl)
{
    uint32_t esp = stack_peek(c, 12, 4);
    uint16_t ss = (uint16_t)stack_peek(c, 16, 4), es = (uint16_t)stack_peek(c, 20, 4);
    uint16_t ds = (uint16_t)stack_peek(c, 24, 4), fs = (uint16_t)stack_peek(c, 28, 4);
    uint16_t gs = (uint16_t)stack_peek(c, 32, 4);
    load_flags(c, fl, always_changeable | FL_IF | FL_IOPL | FL_VM | FL_VIF | FL_VIP, 4);
    c->cpl = 3;
    seg_load_v86(c, S_CS, cs);
    seg_load_v86(c, S_SS, ss);
    seg_load_v86(c, S_ES, es);
    seg_load_v86(c, S_DS, ds);
    seg_load_v86(c, S_FS, fs);
    seg_load_v86(c, S_GS, gs);
    c->gpr[R_ESP] = esp;
    c->eip = eip & 0xffff;
    cpu_update_mode(c);
}

/* EFLAGS bits an IRET at privilege level `cpl` may change: IOPL (and VIF, VIP) only at CPL 0, IF only at
 * CPL <= IOPL; VM never (only the return to V86 above loads it). */
static uint32_t iret_changeable(const struct cpu *c, unsigned cpl)
{
    uint32_t ch = always_changeable;
    if (cpl == 0)
        ch |= FL_IOPL | FL_VIF | FL_VIP;
    if (cpl <= ((c->eflags & FL_IOPL) >> 12))
        ch |= FL_IF;
    return ch;
}

static void iret_protected(struct cpu *c, unsigned size)
{
    if (c->eflags & FL_NT) {
        task_return(c);
        return;
    }
    uint32_t eip = stack_peek(c, 0, size);
    uint16_t cs = (uint16_t)stack_peek(c, size, 2);
    uint32_t fl = stack_peek(c, 2 * size, size);
    if (size == 4 && (fl & FL_VM) && c->cpl == 0) {
        iret_to_v86(c, eip, cs, fl);
        return;
    }
    struct descriptor code, ss;
    seg_check_return_code(c, cs, &code);
    unsigned rpl = cs & 3u, old_cpl = (unsigned)c->cpl;
    uint32_t changeable = iret_changeable(c, old_cpl);
    if (size == 2)
        eip &= 0xffff;
    if (rpl == old_cpl) {
        if (eip > desc_limit(code.lo, code.hi))
            cpu_fault(c, EXC_GP, 0);
        set_stack_ptr(c, stack_offset(c, 3 * size));
        seg_mark_accessed(c, &code);
        seg_cache_from(&c->seg[S_CS], cs, &code);
        c->eip = eip;
        load_flags(c, fl, changeable, size);
        cpu_update_mode(c);
        return;
    }
    /* To an outer privilege level: the old SS:ESP follow the frame. */
    uint32_t esp = stack_peek(c, 3 * size, size);
    uint16_t ss_sel = (uint16_t)stack_peek(c, 4 * size, 2);
    seg_check_stack(c, ss_sel, rpl, EXC_GP, 0, 0, &ss);
    if (eip > desc_limit(code.lo, code.hi))
        cpu_fault(c, EXC_GP, 0);
    load_flags(c, fl, changeable, size);
    c->cpl = (int)rpl;
    seg_mark_accessed(c, &code);
    seg_cache_from(&c->seg[S_CS], cs, &code);
    seg_mark_accessed(c, &ss);
    seg_cache_from(&c->seg[S_SS], ss_sel, &ss);
    cpu_update_mode(c);
    set_stack_ptr(c, size == 2 ? esp & 0xffff : esp);
    c->eip = eip;
    seg_null_inaccessible(c);
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
    cpu_update_mode(c);
    cpu_end_block(c);
}
void iret_w(struct cpu *c, const struct insn *i) { (void)i; iret(c, 2); }
void iret_d(struct cpu *c, const struct insn *i) { (void)i; iret(c, 4); }
