/* The execution loop: look up the decoded block at CS:EIP (through the links of the block before it, which skip
 * the TLB and the slot table: see struct block_link), run its instructions through their handlers, count them,
 * and between blocks deliver NMI and INTR and honour the board's next clock deadline. */
#include "cpu/access.h"
#include "cpu/cpu.h"
#include "cpu/cpu_internal.h"
#include "cpu/debug.h"
#include "cpu/except.h"
#include "cpu/flags.h"
#include "cpu/icache.h"
#include "cpu/trace.h"

static int interrupts_allowed(const struct cpu *c)
{
    return c->icount >= c->irq_shadow_until;
}

/* Delivers a pending NMI or INTR if the CPU accepts it now; returns 1 when one was delivered. */
static int deliver_pending(struct cpu *c)
{
    if (!interrupts_allowed(c))
        return 0;
    if (c->nmi_pending && !c->nmi_blocked) {
        c->nmi_pending = 0;
        c->nmi_blocked = 1;
        c->halted = 0;
        cpu_deliver(c, EXC_NMI, EV_HARDWARE, 0, 0);
        return 1;
    }
    if (c->intr && (c->eflags & FL_IF)) {
        int vector = c->intr_ack ? c->intr_ack(c->board) : -1;
        c->halted = 0;
        if (vector >= 0)
            cpu_deliver(c, (unsigned)vector, EV_HARDWARE, 0, 0);
        return 1;
    }
    return 0;
}

/* Runs the block at CS:EIP, found through the links of c->prev_block (the block that ran to its end just
 * before, unless the icache was flushed since: then it is gone); sets c->prev_block to this block, or to NULL
 * when it stopped early (the next block then starts a new chain). */
static void run_block(struct cpu *c, uint64_t limit)
{
    struct block *prev = c->prev_block_flushes == c->icache->flushes ? c->prev_block : NULL;
    c->prev_block = NULL;
    struct block *b = icache_next_block(c, prev);
    c->prev_block_flushes = c->icache->flushes;
    uint64_t n = b->n;
    if (n > limit - c->icount)
        n = limit - c->icount;
    if (c->irq_shadow_until > c->icount && n > c->irq_shadow_until - c->icount)
        n = c->irq_shadow_until - c->icount;
    uint32_t ip_mask = b->code32 ? 0xffffffffu : 0xffffu;
    c->stop = 0;
    for (unsigned k = 0; k < n; k++) {
        const struct insn *i = &b->insn[k];
        c->prev_eip = c->eip;
        c->eip = (c->eip + i->len) & ip_mask;
        i->fn(c, i);
        c->icount++;
        if (c->stop)
            return;
    }
    c->prev_block = b;
}

/* Debug mode (cpu/debug.h: TF, RF, enabled breakpoints, a pending #DB): one instruction per iteration, with
 * the breakpoint and single-step checks around it. */
static void run_one_debug(struct cpu *c)
{
    if (cpu_debug_before(c))
        return;
    const struct block *b = icache_block(c);
    const struct insn *i = &b->insn[0];
    c->stop = 0;
    c->eip = (c->eip + i->len) & (b->code32 ? 0xffffffffu : 0xffffu);
    i->fn(c, i);
    c->icount++;
    if (c->hdbg)
        cpu_host_debug_retired(c, i);
    cpu_debug_after(c);
}

/* Traced: one instruction at a time like debug mode, recorded before it runs and after it retired. */
static void run_one_traced(struct cpu *c)
{
    int debugging = cpu_debug_mode(c);
    if (debugging && cpu_debug_before(c))
        return;
    const struct block *b = icache_block(c);
    const struct insn *i = &b->insn[0];
    trace_before(c->trace, c, i, b->phys, b->page[1]);
    c->stop = 0;
    c->eip = (c->eip + i->len) & (b->code32 ? 0xffffffffu : 0xffffu);
    i->fn(c, i);
    c->icount++;
    trace_after(c->trace, c);
    if (debugging && c->hdbg)
        cpu_host_debug_retired(c, i);
    if (debugging)
        cpu_debug_after(c);
}

uint64_t cpu_run(struct cpu *c, uint64_t max_insns)
{
    const uint64_t start = c->icount;
    const uint64_t end = max_insns > UINT64_MAX - start ? UINT64_MAX : start + max_insns;
    c->exit_request = 0;
    /* A faulting instruction delivers its exception and longjmps here; the loop then simply goes on. */
    (void)setjmp(c->fault_jmp);
    c->prev_block = NULL;        /* not a local: setjmp would leave a local's value indeterminate */
    for (;;) {
        uint64_t limit = *c->deadline < end ? *c->deadline : end;
        if (c->icount >= limit || c->exit_request || c->shutdown)
            break;
        c->prev_eip = c->eip;    /* a fault in delivery or in the fetch restarts here */
        if ((c->nmi_pending || c->intr) && deliver_pending(c))
            c->prev_block = NULL;
        if (c->halted) {
            /* HLT: nothing happens until the next clock event, so virtual time jumps straight there. */
            c->halted_insns += limit - c->icount;
            c->icount = limit;
            break;
        }
        if (c->trace && c->icount >= c->trace_from && c->icount <= c->trace_to) {
            c->prev_block = NULL;
            run_one_traced(c);
        } else if (cpu_debug_mode(c)) {
            c->prev_block = NULL;
            run_one_debug(c);
        } else {
            uint64_t stop_at = c->trace && c->trace_from > c->icount && c->trace_from < limit ? c->trace_from : limit;
            run_block(c, stop_at);
        }
    }
    return c->icount - start;
}
