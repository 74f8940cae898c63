/* Debug registers and #DB (see debug.h). */
#include "cpu/debug.h"
#include "cpu/access.h"
#include "cpu/except.h"

enum { RW_EXEC = 0, RW_WRITE = 1, RW_IO = 2, RW_ACCESS = 3 };

static int bp_enabled(const struct cpu *c, unsigned n) { return (c->dr[7] >> (2 * n)) & 3; }
static unsigned bp_rw(const struct cpu *c, unsigned n) { return (c->dr[7] >> (16 + 4 * n)) & 3; }

/* LEN: 00 one byte, 01 two, 11 four; 10 is undefined on P6 (taken as eight bytes, as later processors do). */
static uint32_t bp_mask(const struct cpu *c, unsigned n)
{
    static const uint32_t mask[4] = { 0, 1, 7, 3 };
    return mask[(c->dr[7] >> (18 + 4 * n)) & 3];
}

static int is_data_bp(const struct cpu *c, unsigned n)
{
    return bp_enabled(c, n) && (bp_rw(c, n) == RW_WRITE || bp_rw(c, n) == RW_ACCESS);
}

void debug_update(struct cpu *c)
{
    int data = 0, any = 0;
    for (unsigned n = 0; n < 4; n++) {
        if (!bp_enabled(c, n) || (bp_rw(c, n) == RW_IO && !(c->cr4 & CR4_DE)))
            continue;
        any = 1;
        data |= is_data_bp(c, n);
    }
    /* Pages that were fast in the TLB must now be watched, or may be fast again. */
    if (data || c->dbg_data)
        cpu_tlb_flush(c, 0);
    c->dbg_active = (uint8_t)any;
    c->dbg_data = (uint8_t)data;
    c->stop = 1;
}

int debug_page_watched(const struct cpu *c, uint32_t lin)
{
    for (unsigned n = 0; n < 4; n++)
        if (is_data_bp(c, n) && ((c->dr[n] & ~bp_mask(c, n)) & ~0xfffu) == (lin & ~0xfffu))
            return 1;
    return 0;
}

static int overlaps(uint32_t a, unsigned size, uint32_t bp, uint32_t mask)
{
    uint32_t start = bp & ~mask;
    return a <= start + mask && start <= a + (size - 1);
}

void debug_check_data(struct cpu *c, uint32_t lin, unsigned size, int write)
{
    for (unsigned n = 0; n < 4; n++)
        if (is_data_bp(c, n) && (write || bp_rw(c, n) == RW_ACCESS) && overlaps(lin, size, c->dr[n], bp_mask(c, n)))
            c->dbg_hits |= 1u << n;
}

void debug_check_io(struct cpu *c, uint16_t port, unsigned size)
{
    if (!(c->cr4 & CR4_DE))
        return;
    for (unsigned n = 0; n < 4; n++)
        if (bp_enabled(c, n) && bp_rw(c, n) == RW_IO && overlaps(port, size, c->dr[n] & 0xffff, bp_mask(c, n)))
            c->dbg_hits |= 1u << n;
}

void debug_task_switched(struct cpu *c, int trap)
{
    if (c->dr[7] & 0x155) {
        c->dr[7] &= ~0x155u;     /* L0-L3 and LE */
        debug_update(c);
    }
    if (trap)
        c->dbg_pending |= DR6_BT;
}

void debug_general_detect(struct cpu *c)
{
    if (!(c->dr[7] & DR7_GD))
        return;
    c->dr[6] |= DR6_BD;
    c->dr[7] &= ~DR7_GD;         /* so that the handler can use the debug registers */
    cpu_fault(c, EXC_DB, 0);
}

/* Breakpoint hits replace DR6's B0-B3; BD, BS and BT accumulate until software clears them. */
static void record_hits(struct cpu *c, uint32_t bits)
{
    if (bits & 0xf)
        c->dr[6] &= ~0xfu;
    c->dr[6] |= bits;
}

int cpu_debug_before(struct cpu *c)
{
    c->prev_eip = c->eip;
    c->dbg_hits = 0;
    if (c->dbg_pending) {
        record_hits(c, c->dbg_pending);
        c->dbg_pending = 0;
        cpu_deliver(c, EXC_DB, EV_EXCEPTION, 0, 0);
        return 1;
    }
    if (c->dbg_active && !(c->eflags & FL_RF)) {
        uint32_t lin = c->seg[S_CS].base + c->eip, hits = 0;
        for (unsigned n = 0; n < 4; n++)
            if (bp_enabled(c, n) && bp_rw(c, n) == RW_EXEC && c->dr[n] == lin)
                hits |= 1u << n;
        if (hits) {
            record_hits(c, hits);
            cpu_fault(c, EXC_DB, 0);
        }
    }
    c->dbg_step = (uint8_t)(((c->eflags & FL_TF) ? 1 : 0) | ((c->eflags & FL_RF) ? 2 : 0));
    return 0;
}

void cpu_debug_after(struct cpu *c)
{
    if (c->dbg_step & 2)
        c->eflags &= ~FL_RF;     /* RF lasts one instruction (an IRET that loads it sets it anew) */
    uint32_t bits = c->dbg_hits | ((c->dbg_step & 1) ? DR6_BS : 0);
    c->dbg_hits = 0;
    c->dbg_step = 0;
    if (!bits)
        return;
    record_hits(c, bits);
    c->prev_eip = c->eip;
    cpu_deliver(c, EXC_DB, EV_EXCEPTION, 0, 0);
}
