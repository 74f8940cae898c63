/* Debug registers and #DB (see debug.h). */
#include "cpu/debug.h"
#include "cpu/access.h"
#include "cpu/except.h"
#include "cpu/insn.h"

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
    c->dbg_active = (uint8_t)((c->dbg_active & DBG_HOST) | (any ? DBG_GUEST : 0));
    c->dbg_data = (uint8_t)((c->dbg_data & DBG_HOST) | (data ? DBG_GUEST : 0));
    c->stop = 1;
}

/* The host debugger's watchpoints (see struct host_debug in cpu.h). */
static int host_page_watched(const struct host_debug *h, uint32_t lin)
{
    for (unsigned k = 0; h && k < h->n_wp; k++) {
        uint32_t first = h->wp[k].lin & ~0xfffu, last = (h->wp[k].lin + h->wp[k].len - 1) & ~0xfffu;
        if ((lin & ~0xfffu) == first || (lin & ~0xfffu) == last)
            return 1;
    }
    return 0;
}

static void host_check_data(struct cpu *c, uint32_t lin, unsigned size, int write)
{
    struct host_debug *h = c->hdbg;
    for (unsigned k = 0; k < h->n_wp; k++) {
        const struct host_watch *w = &h->wp[k];
        if (!(w->type & (write ? HOST_WP_WRITE : HOST_WP_READ)))
            continue;
        if (lin <= w->lin + (w->len - 1) && w->lin <= lin + (size - 1)) {
            h->watch_hit = 1;
            h->stop_lin = w->lin;
            h->stop_watch_type = write ? HOST_WP_WRITE : HOST_WP_READ;
        }
    }
}

/* Before an instruction: a host breakpoint at its linear address stops the run before it executes. */
static int host_break_before(struct cpu *c)
{
    struct host_debug *h = c->hdbg;
    uint32_t lin = c->seg[S_CS].base + c->eip;
    h->watch_hit = 0;
    if (h->resume_icount == c->icount && h->resume_lin == lin)
        return 0;
    for (unsigned k = 0; k < h->n_bp; k++) {
        if (h->bp[k] == lin) {
            h->stop = HOST_STOP_BREAK;
            h->stop_lin = lin;
            c->exit_request = 1;
            return 1;
        }
    }
    return 0;
}

void cpu_host_debug_changed(struct cpu *c)
{
    const struct host_debug *h = c->hdbg;
    int data = h && h->n_wp, any = h && (h->n_bp || h->n_wp || h->magic_break);
    c->dbg_active = (uint8_t)((c->dbg_active & ~DBG_HOST) | (any ? DBG_HOST : 0));
    c->dbg_data = (uint8_t)((c->dbg_data & ~DBG_HOST) | (data ? DBG_HOST : 0));
    cpu_tlb_flush(c, 0);         /* watched pages leave the fast path, unwatched ones may return to it */
    c->stop = 1;
}

void cpu_host_debug_retired(struct cpu *c, const struct insn *i)
{
    struct host_debug *h = c->hdbg;
    if (h->watch_hit) {
        h->watch_hit = 0;
        h->stop = HOST_STOP_WATCH;
        c->exit_request = 1;
    } else if (h->magic_break && i->opcode == 0x87 && i->modrm == 0xdb && opcode_rows[i->row].map == 1) {
        h->stop = HOST_STOP_MAGIC;
        h->stop_lin = c->seg[S_CS].base + c->eip;
        c->exit_request = 1;
    }
}

int debug_page_watched(const struct cpu *c, uint32_t lin)
{
    if (host_page_watched(c->hdbg, lin))
        return 1;
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
    if (c->hdbg)
        host_check_data(c, lin, size, write);
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
    if (c->hdbg && host_break_before(c))
        return 1;
    if ((c->dbg_active & DBG_GUEST) && !(c->eflags & FL_RF)) {
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
