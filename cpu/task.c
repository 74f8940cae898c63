/* Hardware task switching through TSS descriptors and task gates (16- and 32-bit TSS).
 *
 * The switch reads the whole new TSS and checks that the old one can be written before it changes anything;
 * then it saves the old task, marks the busy bits and the back link, loads every register of the new task
 * without checks, and finally checks the new LDT and segment registers, whose faults belong to the new task. */
#include "cpu/task.h"
#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/debug.h"
#include "cpu/except.h"
#include "cpu/flags.h"
#include "cpu/stack.h"

enum { TSS_BUSY = 2 };           /* in the descriptor's type field */

/* The register image of a task as its TSS holds it. */
struct task_state {
    uint32_t cr3, eip, eflags, gpr[8];
    uint16_t seg[S_COUNT], ldt;
    int trap;                    /* the T bit: #DB when the task starts */
};

static int is_tss32(uint32_t ar) { return (AR_TYPE(ar) & 8) != 0; }

static void read_task_state(struct cpu *c, uint32_t base, int tss32, struct task_state *t)
{
    if (tss32) {
        t->cr3 = sys_read(c, base + 0x1c, 4);
        t->eip = sys_read(c, base + 0x20, 4);
        t->eflags = sys_read(c, base + 0x24, 4);
        for (unsigned r = 0; r < 8; r++)
            t->gpr[r] = sys_read(c, base + 0x28 + r * 4, 4);
        for (unsigned s = 0; s < S_COUNT; s++)
            t->seg[s] = (uint16_t)sys_read(c, base + 0x48 + s * 4, 2);
        t->ldt = (uint16_t)sys_read(c, base + 0x60, 2);
        t->trap = sys_read(c, base + 0x64, 2) & 1;
    } else {
        t->cr3 = 0;
        t->eip = sys_read(c, base + 0x0e, 2);
        t->eflags = sys_read(c, base + 0x10, 2);
        for (unsigned r = 0; r < 8; r++)
            t->gpr[r] = sys_read(c, base + 0x12 + r * 2, 2);
        for (unsigned s = 0; s < 4; s++)
            t->seg[s] = (uint16_t)sys_read(c, base + 0x22 + s * 2, 2);
        t->seg[S_FS] = t->seg[S_GS] = 0;
        t->ldt = (uint16_t)sys_read(c, base + 0x2a, 2);
        t->trap = 0;
    }
}

/* Writes the current task's registers into its TSS (CR3 and the LDT selector are not saved). */
static void save_task_state(struct cpu *c, uint32_t eflags)
{
    uint32_t base = c->tr.base;
    if (is_tss32(c->tr.ar)) {
        sys_write(c, base + 0x20, c->eip, 4);
        sys_write(c, base + 0x24, eflags, 4);
        for (unsigned r = 0; r < 8; r++)
            sys_write(c, base + 0x28 + r * 4, c->gpr[r], 4);
        for (unsigned s = 0; s < S_COUNT; s++)
            sys_write(c, base + 0x48 + s * 4, c->seg[s].sel, 2);
    } else {
        sys_write(c, base + 0x0e, c->eip & 0xffff, 2);
        sys_write(c, base + 0x10, eflags & 0xffff, 2);
        for (unsigned r = 0; r < 8; r++)
            sys_write(c, base + 0x12 + r * 2, c->gpr[r] & 0xffff, 2);
        for (unsigned s = 0; s < 4; s++)
            sys_write(c, base + 0x22 + s * 2, c->seg[s].sel, 2);
    }
}

/* Checks that the pages of the old TSS's register area can be written, so that saving cannot fault halfway. */
static void probe_old_tss(struct cpu *c)
{
    uint32_t first = c->tr.base + (is_tss32(c->tr.ar) ? 0x20 : 0x0e);
    uint32_t last = c->tr.base + (is_tss32(c->tr.ar) ? 0x5f : 0x29);
    cpu_translate(c, first, ACC_WRITE, 0);
    if ((last & ~0xfffu) != (first & ~0xfffu))
        cpu_translate(c, last, ACC_WRITE, 0);
}

static void set_busy(struct cpu *c, uint16_t sel, int busy)
{
    uint32_t addr = c->gdtr.base + (sel & ~7u) + 5;
    uint32_t byte = sys_read(c, addr, 1);
    sys_write(c, addr, busy ? byte | TSS_BUSY : byte & ~(uint32_t)TSS_BUSY, 1);
}

void tss_inner_stack(struct cpu *c, unsigned pl, uint32_t ext, uint16_t *ss, uint32_t *esp)
{
    int tss32 = is_tss32(c->tr.ar);
    uint32_t off = tss32 ? 4 + pl * 8 : 2 + pl * 4;
    unsigned width = tss32 ? 4 : 2;
    if (off + width * 2 - 1 > c->tr.limit)
        cpu_fault(c, EXC_TS, (c->tr.sel & ~3u) | ext);
    *esp = sys_read(c, c->tr.base + off, width);
    *ss = (uint16_t)sys_read(c, c->tr.base + off + width, 2);
}

void task_fetch_available(struct cpu *c, uint16_t sel, uint32_t ext, struct descriptor *tss)
{
    if (sel & 4)
        cpu_fault(c, EXC_GP, (sel & ~3u) | ext);
    seg_fetch(c, sel, EXC_GP, ext, tss);
    unsigned type = AR_TYPE(tss->ar);
    if (AR_S(tss->ar) || (type != 1 && type != 9))
        cpu_fault(c, EXC_GP, (sel & ~3u) | ext);
    if (!AR_P(tss->ar))
        cpu_fault(c, EXC_NP, (sel & ~3u) | ext);
}

/* The new task's LDT: in the GDT, an LDT descriptor, present; else #TS with its selector. */
static void load_task_ldt(struct cpu *c, uint16_t sel, uint32_t ext)
{
    if ((sel & ~3u) == 0)
        return;
    struct descriptor d;
    if (sel & 4)
        cpu_fault(c, EXC_TS, (sel & ~3u) | ext);
    seg_fetch(c, sel, EXC_TS, ext, &d);
    if (AR_S(d.ar) || AR_TYPE(d.ar) != 2 || !AR_P(d.ar))
        cpu_fault(c, EXC_TS, (sel & ~3u) | ext);
    seg_cache_from(&c->ldtr, sel, &d);
}

/* The new task's CS: a code segment whose DPL matches the selector's RPL (conforming: DPL <= RPL). */
static void load_task_cs(struct cpu *c, uint16_t sel, uint32_t ext)
{
    struct descriptor d;
    if ((sel & ~3u) == 0)
        cpu_fault(c, EXC_TS, ext);
    seg_fetch(c, sel, EXC_TS, ext, &d);
    unsigned rpl = sel & 3u, dpl = AR_DPL(d.ar);
    if (!AR_S(d.ar) || !(AR_TYPE(d.ar) & 8) || ((AR_TYPE(d.ar) & 4) ? dpl > rpl : dpl != rpl))
        cpu_fault(c, EXC_TS, (sel & ~3u) | ext);
    if (!AR_P(d.ar))
        cpu_fault(c, EXC_NP, (sel & ~3u) | ext);
    seg_mark_accessed(c, &d);
    seg_cache_from(&c->seg[S_CS], sel, &d);
}

static void load_task_segments(struct cpu *c, const struct task_state *t, uint32_t ext)
{
    struct descriptor d;
    load_task_cs(c, t->seg[S_CS], ext);
    unsigned cpl = t->seg[S_CS] & 3u;
    seg_check_stack(c, t->seg[S_SS], cpl, EXC_TS, ext, ext, &d);
    seg_mark_accessed(c, &d);
    seg_cache_from(&c->seg[S_SS], t->seg[S_SS], &d);
    static const unsigned data_segs[4] = { S_ES, S_DS, S_FS, S_GS };
    for (unsigned k = 0; k < 4; k++) {
        uint16_t sel = t->seg[data_segs[k]];
        if ((sel & ~3u) == 0)
            continue;
        seg_check_data(c, sel, cpl, EXC_TS, ext, &d);
        seg_mark_accessed(c, &d);
        seg_cache_from(&c->seg[data_segs[k]], sel, &d);
    }
}

/* Loads every register of the new task without checks: selectors with empty caches, to be checked next. */
static void load_task_registers(struct cpu *c, const struct task_state *t, int tss32)
{
    const uint32_t defined = FL_ARITH | FL_TF | FL_IF | FL_DF | FL_IOPL | FL_NT | FL_RF | FL_VM | FL_AC | FL_VIF |
                             FL_VIP | FL_ID;
    uint32_t keep = tss32 ? 0 : 0xffff0000u;
    uint32_t fl = (cpu_get_eflags(c) & keep) | (t->eflags & defined & ~keep);
    set_arith_flags(c, fl);
    c->eflags = (fl & ~FL_ARITH) | 2;
    c->eip = t->eip;
    for (unsigned r = 0; r < 8; r++)
        c->gpr[r] = tss32 ? t->gpr[r] : (c->gpr[r] & 0xffff0000u) | t->gpr[r];
    for (unsigned s = 0; s < S_COUNT; s++)
        seg_set_cache(&c->seg[s], t->seg[s], 0, 0, 0);
    seg_set_cache(&c->ldtr, t->ldt, 0, 0, 0);
    c->cpl = (c->eflags & FL_VM) ? 3 : t->seg[S_CS] & 3;
}

void task_switch(struct cpu *c, const struct descriptor *tss, enum task_reason why, uint32_t ext)
{
    int tss32 = is_tss32(tss->ar);
    uint32_t base = desc_base(tss->lo, tss->hi), limit = desc_limit(tss->lo, tss->hi);
    if (!AR_P(tss->ar))
        cpu_fault(c, EXC_NP, (tss->sel & ~3u) | ext);
    if (limit < (tss32 ? 0x67u : 0x2bu))
        cpu_fault(c, EXC_TS, (tss->sel & ~3u) | ext);
    struct task_state t;
    read_task_state(c, base, tss32, &t);
    probe_old_tss(c);
    if (why == TASK_CALL)
        cpu_translate(c, base, ACC_WRITE, 0);

    /* The old task: saved, and no longer busy unless it is nesting. */
    uint32_t old_flags = cpu_get_eflags(c);
    if (why == TASK_IRET)
        old_flags &= ~FL_NT;
    if (why != TASK_CALL)
        set_busy(c, c->tr.sel, 0);
    save_task_state(c, old_flags);
    if (why == TASK_CALL) {
        sys_write(c, base, c->tr.sel, 2);
        t.eflags |= FL_NT;
    }
    if (why != TASK_IRET)
        set_busy(c, tss->sel, 1);

    /* The new task: from here on, faults belong to it. */
    seg_set_cache(&c->tr, tss->sel, base, limit, tss->ar | TSS_BUSY);
    c->cr0 |= CR0_TS;
    if (tss32 && (c->cr0 & CR0_PG)) {
        c->cr3 = t.cr3;
        cpu_tlb_flush(c, 1);
    }
    load_task_registers(c, &t, tss32);
    c->prev_eip = c->eip;
    c->delivering = -1;
    cpu_update_mode(c);
    load_task_ldt(c, t.ldt, ext);
    if (c->eflags & FL_VM) {
        for (unsigned s = 0; s < S_COUNT; s++)
            seg_load_v86(c, s, t.seg[s]);
    } else {
        load_task_segments(c, &t, ext);
    }
    cpu_update_mode(c);
    debug_task_switched(c, t.trap);
    if (c->eip > c->seg[S_CS].limit)
        cpu_fault(c, EXC_GP, 0);
    cpu_end_block(c);
}

void cpu_task_gate_event(struct cpu *c, uint16_t tss_sel, int has_error, uint32_t error, int kind)
{
    uint32_t ext = kind == EV_SOFTWARE ? 0 : 1;
    struct descriptor tss;
    task_fetch_available(c, tss_sel, ext, &tss);
    task_switch(c, &tss, TASK_CALL, ext);
    if (has_error) {
        if (is_tss32(tss.ar))
            push32(c, error);
        else
            push16(c, error);
    }
}

void task_return(struct cpu *c)
{
    uint16_t link = (uint16_t)sys_read(c, c->tr.base, 2);
    struct descriptor tss;
    if (link & 4)
        cpu_fault(c, EXC_TS, link & ~3u);
    seg_fetch(c, link, EXC_TS, 0, &tss);
    unsigned type = AR_TYPE(tss.ar);
    if (AR_S(tss.ar) || (type != 3 && type != 11))
        cpu_fault(c, EXC_TS, link & ~3u);
    if (!AR_P(tss.ar))
        cpu_fault(c, EXC_NP, link & ~3u);
    task_switch(c, &tss, TASK_IRET, 0);
}
