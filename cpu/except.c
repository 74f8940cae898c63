/* Exceptions and interrupts: the one routine that delivers every event through the IVT (real mode) or the IDT
 * (protected and V86 mode), with the double- and triple-fault rules.
 *
 * Delivery reads and checks everything first (gate, code segment, inner stack), builds the frame on the target
 * stack (frame.h: checked, then written), and only then changes CS, SS, ESP, EIP, CPL and EFLAGS. A fault in
 * between is therefore reported with the state of the interrupted program, as the hardware does. */
#include "cpu/except.h"
#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/flags.h"
#include "cpu/frame.h"
#include "cpu/seg.h"
#include "cpu/stack.h"
#include "cpu/task.h"

#include <setjmp.h>

int exception_has_error(unsigned vector)
{
    return vector == EXC_DF || (vector >= EXC_TS && vector <= EXC_PF) || vector == EXC_AC;
}

static int contributory(unsigned v)
{
    return v == EXC_DE || (v >= EXC_TS && v <= EXC_GP);
}

/* Fault-class exceptions push EFLAGS with RF set, so that the restarted instruction does not hit an instruction
 * breakpoint again. Traps, aborts and #DB (whose handler decides) do not. */
static int sets_rf(unsigned v)
{
    return v == EXC_DE || v == EXC_BR || v == EXC_UD || v == EXC_NM || (v >= EXC_TS && v <= EXC_PF) ||
           v == EXC_MF || v == EXC_AC;
}

_Noreturn static void leave_instruction(struct cpu *c)
{
    longjmp(c->fault_jmp, 1);
}

/* Triple fault: the processor shuts down; the board resets the machine or ends the run (-no-reboot). */
_Noreturn static void shutdown(struct cpu *c)
{
    c->shutdown = 1;
    c->delivering = -1;
    leave_instruction(c);
}

_Noreturn void cpu_fault(struct cpu *c, unsigned vector, uint32_t error)
{
    c->eip = c->prev_eip;
    if (c->delivering >= 0) {
        unsigned first = (unsigned)c->delivering;
        if (first == EXC_DF)
            shutdown(c);
        if ((contributory(first) && contributory(vector)) ||
            (first == EXC_PF && (contributory(vector) || vector == EXC_PF))) {
            vector = EXC_DF;
            error = 0;
        }
    }
    cpu_deliver(c, vector, EV_EXCEPTION, exception_has_error(vector), error);
    leave_instruction(c);
}

_Noreturn void cpu_raise_event(struct cpu *c, unsigned vector, enum event_kind kind)
{
    cpu_deliver(c, vector, kind, 0, 0);
    leave_instruction(c);
}

/* The EXT bit of error codes: set for events the program did not ask for (external interrupts, exceptions, and
 * INT1, which counts as a debug event). */
static uint32_t ext_bit(enum event_kind kind)
{
    return kind == EV_SOFTWARE ? 0 : 1;
}

static void deliver_real(struct cpu *c, unsigned vector)
{
    if (vector * 4 + 3 > c->idtr.limit)
        cpu_fault(c, EXC_GP, 0);
    uint32_t entry = c->idtr.base + vector * 4;
    uint32_t ip = sys_read(c, entry, 2), cs = sys_read(c, entry + 2, 2);
    struct frame f;
    frame_init(&f, &c->seg[S_SS], c->gpr[R_ESP], 0, 0, 0);
    frame_push(c, &f, cpu_get_eflags(c), 2);
    frame_push(c, &f, c->seg[S_CS].sel, 2);
    frame_push(c, &f, c->eip, 2);
    frame_write(c, &f);
    c->gpr[R_ESP] = f.esp;
    c->eflags &= ~(FL_IF | FL_TF | FL_AC | FL_RF);
    seg_load_real(c, S_CS, (uint16_t)cs);
    c->eip = ip;
}

struct gate {
    uint16_t sel;
    uint32_t offset;
    unsigned type, dpl, present;
};

static struct gate read_gate(struct cpu *c, unsigned vector, uint32_t idt_error)
{
    if (vector * 8 + 7 > c->idtr.limit)
        cpu_fault(c, EXC_GP, idt_error);
    uint32_t lo = sys_read(c, c->idtr.base + vector * 8, 4);
    uint32_t hi = sys_read(c, c->idtr.base + vector * 8 + 4, 4);
    struct gate g = { (uint16_t)(lo >> 16), (lo & 0xffff) | (hi & 0xffff0000u), (hi >> 8) & 0x1f,
                      (hi >> 13) & 3, (hi >> 15) & 1 };
    return g;
}

/* The checked code segment of an interrupt or trap gate. */
static void gate_target(struct cpu *c, const struct gate *g, uint32_t ext, struct descriptor *cs)
{
    if ((g->sel & ~3u) == 0)
        cpu_fault(c, EXC_GP, ext);
    seg_fetch(c, g->sel, EXC_GP, ext, cs);
    if (!AR_S(cs->ar) || !(AR_TYPE(cs->ar) & 8) || AR_DPL(cs->ar) > (unsigned)c->cpl)
        cpu_fault(c, EXC_GP, (g->sel & ~3u) | ext);
    if (!AR_P(cs->ar))
        cpu_fault(c, EXC_NP, (g->sel & ~3u) | ext);
}

static void deliver_through_gate(struct cpu *c, unsigned vector, const struct gate *g, enum event_kind kind,
                                 int has_error, uint32_t error)
{
    uint32_t ext = ext_bit(kind);
    struct descriptor cs, ss;
    gate_target(c, g, ext, &cs);
    int conforming = (AR_TYPE(cs.ar) & 4) != 0;
    unsigned new_cpl = conforming ? (unsigned)c->cpl : AR_DPL(cs.ar);
    int inner = new_cpl < (unsigned)c->cpl, from_v86 = c->v86;
    if (from_v86 && new_cpl != 0)
        cpu_fault(c, EXC_GP, (g->sel & ~3u) | ext);
    unsigned width = (g->type & 8) ? 4 : 2;
    uint32_t flags = cpu_get_eflags(c);
    if (kind == EV_EXCEPTION && sets_rf(vector))
        flags |= FL_RF;

    struct seg_cache new_ss;
    struct frame f;
    if (inner) {
        uint16_t ss_sel;
        uint32_t esp;
        tss_inner_stack(c, new_cpl, ext, &ss_sel, &esp);
        seg_check_stack(c, ss_sel, new_cpl, EXC_TS, ext, ext, &ss);
        seg_cache_from(&new_ss, (uint16_t)((ss_sel & ~3u) | new_cpl), &ss);
        frame_init(&f, &new_ss, esp, AR_DB(ss.ar), 0, (ss_sel & ~3u) | ext);
        if (from_v86) {
            frame_push(c, &f, c->seg[S_GS].sel, width);
            frame_push(c, &f, c->seg[S_FS].sel, width);
            frame_push(c, &f, c->seg[S_DS].sel, width);
            frame_push(c, &f, c->seg[S_ES].sel, width);
        }
        frame_push(c, &f, c->seg[S_SS].sel, width);
        frame_push(c, &f, c->gpr[R_ESP], width);
    } else {
        frame_init(&f, &c->seg[S_SS], c->gpr[R_ESP], c->stack32, c->cpl == 3, ext);
    }
    frame_push(c, &f, width == 2 ? flags & 0xffff : flags, width);
    frame_push(c, &f, c->seg[S_CS].sel, width);
    frame_push(c, &f, c->eip, width);
    if (has_error)
        frame_push(c, &f, error, width);
    uint32_t eip = width == 4 ? g->offset : g->offset & 0xffff;
    if (eip > desc_limit(cs.lo, cs.hi))
        cpu_fault(c, EXC_GP, ext);
    frame_write(c, &f);

    /* Committed from here on. */
    seg_mark_accessed(c, &cs);
    if (inner) {
        seg_mark_accessed(c, &ss);
        c->seg[S_SS] = new_ss;
        c->cpl = (int)new_cpl;
    }
    if (from_v86)
        for (unsigned s = 0; s < S_COUNT; s++)
            if (s != S_CS && s != S_SS)
                seg_set_cache(&c->seg[s], 0, 0, 0, 0);
    c->gpr[R_ESP] = f.esp;
    seg_cache_from(&c->seg[S_CS], (uint16_t)((g->sel & ~3u) | new_cpl), &cs);
    c->eip = eip;
    c->eflags &= ~(FL_TF | FL_NT | FL_RF | FL_VM);
    if (!(g->type & 1))
        c->eflags &= ~FL_IF;
    cpu_update_mode(c);
}

static void deliver_protected(struct cpu *c, unsigned vector, enum event_kind kind, int has_error, uint32_t error)
{
    uint32_t idt_error = vector * 8 + 2 + ext_bit(kind);
    struct gate g = read_gate(c, vector, idt_error);
    if (g.type != 5 && g.type != 6 && g.type != 7 && g.type != 14 && g.type != 15)
        cpu_fault(c, EXC_GP, idt_error);
    if (kind == EV_SOFTWARE && g.dpl < (unsigned)c->cpl)
        cpu_fault(c, EXC_GP, idt_error);
    if (!g.present)
        cpu_fault(c, EXC_NP, idt_error);
    if (g.type == 5)
        cpu_task_gate_event(c, g.sel, has_error, error, (int)kind);
    else
        deliver_through_gate(c, vector, &g, kind, has_error, error);
}

static enum trace_event trace_kind(unsigned vector, enum event_kind kind)
{
    if (kind == EV_EXCEPTION)
        return TRACE_EXCEPTION;
    if (kind == EV_HARDWARE)
        return vector == EXC_NMI ? TRACE_NMI : TRACE_HARDWARE_INT;
    return TRACE_SOFTWARE_INT;
}

void cpu_deliver(struct cpu *c, unsigned vector, enum event_kind kind, int has_error, uint32_t error)
{
    if (c->trace)
        trace_event(c->trace, c, vector, trace_kind(vector, kind), has_error, error);
    int outer = c->delivering;
    if (kind == EV_EXCEPTION)
        c->delivering = (int)vector;
    c->halted = 0;
    if (c->pe)
        deliver_protected(c, vector, kind, has_error, error);
    else
        deliver_real(c, vector);
    c->delivering = kind == EV_EXCEPTION ? -1 : outer;
    c->stop = 1;
}
