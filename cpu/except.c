/* Exceptions and interrupts: the one routine that delivers every event through the IVT (real mode) or the IDT
 * (protected and V86 mode), with the double- and triple-fault rules. */
#include "cpu/except.h"
#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/flags.h"
#include "cpu/stack.h"

#include <setjmp.h>

int exception_has_error(unsigned vector)
{
    return vector == EXC_DF || (vector >= EXC_TS && vector <= EXC_PF) || vector == EXC_AC;
}

static int contributory(unsigned v)
{
    return v == EXC_DE || (v >= EXC_TS && v <= EXC_GP);
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

static void deliver_real(struct cpu *c, unsigned vector)
{
    if (vector * 4 + 3 > c->idtr.limit)
        cpu_fault(c, EXC_GP, 0);
    uint32_t entry = c->idtr.base + vector * 4;
    uint32_t ip = sys_read(c, entry, 2), cs = sys_read(c, entry + 2, 2);
    push16(c, cpu_get_eflags(c));
    push16(c, c->seg[S_CS].sel);
    push16(c, c->eip);
    c->eflags &= ~(FL_IF | FL_TF | FL_AC | FL_RF);
    seg_load_real(c, S_CS, (uint16_t)cs);
    c->eip = ip;
}

/* The error code for a fault about an IDT entry: index, IDT bit, and EXT for events not caused by software. */
static uint32_t idt_error(unsigned vector, enum event_kind kind)
{
    return vector * 8 + 2 + (kind == EV_HARDWARE || kind == EV_EXCEPTION ? 1 : 0);
}

static uint32_t ext_bit(enum event_kind kind)
{
    return kind == EV_HARDWARE || kind == EV_EXCEPTION ? 1 : 0;
}

/* Reads the inner stack for privilege level `dpl` from the current TSS. */
static void tss_stack(struct cpu *c, unsigned dpl, uint16_t *ss, uint32_t *esp, enum event_kind kind)
{
    int tss32 = (AR_TYPE(c->tr.ar) & 8) != 0;
    uint32_t off = tss32 ? 4 + dpl * 8 : 2 + dpl * 4;
    unsigned width = tss32 ? 4 : 2;
    if (off + width * 2 - 1 > c->tr.limit)
        cpu_fault(c, EXC_TS, (c->tr.sel & ~3u) + ext_bit(kind));
    *esp = sys_read(c, c->tr.base + off, width);
    *ss = (uint16_t)sys_read(c, c->tr.base + off + width, 2);
}

/* Checks the stack segment an inner-privilege event switches to; returns its descriptor words. */
static void check_inner_ss(struct cpu *c, uint16_t ss, unsigned dpl, enum event_kind kind, uint32_t *lo,
                           uint32_t *hi)
{
    uint32_t ext = ext_bit(kind);
    if ((ss & ~3u) == 0 || seg_read_descriptor(c, ss, lo, hi) < 0)
        cpu_fault(c, EXC_TS, (ss & ~3u) + ext);
    uint32_t ar = desc_ar(*hi);
    if ((ss & 3u) != dpl || AR_DPL(ar) != dpl || !AR_S(ar) || (AR_TYPE(ar) & 0xa) != 2)
        cpu_fault(c, EXC_TS, (ss & ~3u) + ext);
    if (!AR_P(ar))
        cpu_fault(c, EXC_SS, (ss & ~3u) + ext);
}

struct gate {
    uint16_t sel;
    uint32_t offset;
    unsigned type, dpl, present;
};

static struct gate read_gate(struct cpu *c, unsigned vector, enum event_kind kind)
{
    if (vector * 8 + 7 > c->idtr.limit)
        cpu_fault(c, EXC_GP, idt_error(vector, kind));
    uint32_t lo = sys_read(c, c->idtr.base + vector * 8, 4);
    uint32_t hi = sys_read(c, c->idtr.base + vector * 8 + 4, 4);
    struct gate g = { (uint16_t)(lo >> 16), (lo & 0xffff) | (hi & 0xffff0000u), (hi >> 8) & 0x1f,
                      (hi >> 13) & 3, (hi >> 15) & 1 };
    return g;
}

static void push_frame(struct cpu *c, int gate32, uint32_t v)
{
    if (gate32)
        push32(c, v);
    else
        push16(c, v);
}

static void deliver_protected(struct cpu *c, unsigned vector, enum event_kind kind, int has_error, uint32_t error)
{
    if (c->v86 && kind == EV_SOFTWARE && ((c->eflags & FL_IOPL) >> 12) < 3)
        cpu_fault(c, EXC_GP, 0);
    struct gate g = read_gate(c, vector, kind);
    if (g.type != 5 && g.type != 6 && g.type != 7 && g.type != 14 && g.type != 15)
        cpu_fault(c, EXC_GP, idt_error(vector, kind));
    if (kind == EV_SOFTWARE && g.dpl < (unsigned)c->cpl)
        cpu_fault(c, EXC_GP, idt_error(vector, kind));
    if (!g.present)
        cpu_fault(c, EXC_NP, idt_error(vector, kind));
    if (g.type == 5) {
        cpu_task_gate_event(c, g.sel, has_error, error, kind);
        return;
    }
    uint32_t ext = ext_bit(kind), lo, hi;
    if ((g.sel & ~3u) == 0)
        cpu_fault(c, EXC_GP, ext);
    if (seg_read_descriptor(c, g.sel, &lo, &hi) < 0)
        cpu_fault(c, EXC_GP, (g.sel & ~3u) + ext);
    uint32_t ar = desc_ar(hi);
    unsigned dpl = AR_DPL(ar);
    if (!AR_S(ar) || !(AR_TYPE(ar) & 8) || dpl > (unsigned)c->cpl)
        cpu_fault(c, EXC_GP, (g.sel & ~3u) + ext);
    if (!AR_P(ar))
        cpu_fault(c, EXC_NP, (g.sel & ~3u) + ext);
    int gate32 = (g.type & 8) != 0, conforming = (AR_TYPE(ar) & 4) != 0;
    uint32_t old_flags = cpu_get_eflags(c), old_cs = c->seg[S_CS].sel, old_eip = c->eip;
    if (!conforming && dpl < (unsigned)c->cpl) {
        uint16_t ss;
        uint32_t esp, slo, shi;
        if (c->v86 && dpl != 0)
            cpu_fault(c, EXC_GP, (g.sel & ~3u) + ext);
        tss_stack(c, dpl, &ss, &esp, kind);
        check_inner_ss(c, ss, dpl, kind, &slo, &shi);
        uint32_t old_ss = c->seg[S_SS].sel, old_esp = c->gpr[R_ESP];
        int was_v86 = c->v86;
        struct seg_cache saved[S_COUNT];
        for (unsigned s = 0; s < S_COUNT; s++)
            saved[s] = c->seg[s];
        c->cpl = (int)dpl;
        seg_set_cache(&c->seg[S_SS], (uint16_t)((ss & ~3u) | dpl), desc_base(slo, shi), desc_limit(slo, shi),
                      desc_ar(shi));
        c->eflags &= ~FL_VM;
        cpu_update_mode(c);
        c->gpr[R_ESP] = esp;
        if (was_v86) {
            push_frame(c, gate32, saved[S_GS].sel);
            push_frame(c, gate32, saved[S_FS].sel);
            push_frame(c, gate32, saved[S_DS].sel);
            push_frame(c, gate32, saved[S_ES].sel);
            for (unsigned s = S_ES; s < S_COUNT; s++)
                if (s != S_CS && s != S_SS)
                    seg_set_cache(&c->seg[s], 0, 0, 0, 0);
        }
        push_frame(c, gate32, old_ss);
        push_frame(c, gate32, old_esp);
    } else if (c->v86) {
        cpu_fault(c, EXC_GP, (g.sel & ~3u) + ext);
    }
    push_frame(c, gate32, old_flags);
    push_frame(c, gate32, old_cs);
    push_frame(c, gate32, old_eip);
    if (has_error)
        push_frame(c, gate32, error);
    seg_set_cache(&c->seg[S_CS], (uint16_t)((g.sel & ~3u) | (unsigned)c->cpl), desc_base(lo, hi),
                  desc_limit(lo, hi), ar);
    c->eip = gate32 ? g.offset : g.offset & 0xffff;
    c->eflags &= ~(FL_TF | FL_NT | FL_RF | FL_VM);
    if (!(g.type & 1))
        c->eflags &= ~FL_IF;
    cpu_update_mode(c);
}

void cpu_deliver(struct cpu *c, unsigned vector, enum event_kind kind, int has_error, uint32_t error)
{
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
