/* String instructions with REP/REPE/REPNE: MOVS CMPS STOS LODS SCAS INS OUTS.
 *
 * One step moves one element and updates the index registers, so a fault leaves exactly the progress the
 * hardware would. A repeated instruction runs a bounded batch of elements per execution; if work remains, EIP
 * goes back to the instruction and the block ends, so interrupts and clock events are taken between batches and
 * the instruction simply continues when it runs again. The batch also ends early when an interrupt is pending
 * (the processor takes interrupts between iterations) and after one element when EFLAGS.TF is set (single-step
 * traps after each iteration).
 *
 * Fast paths: REP MOVS, STOS, CMPS and SCAS take the run of elements that lies in one page, inside the segment
 * and without wrapping the index registers, through the TLB's host pointers in one loop. Every check a step
 * would make is made for the whole run first, so nothing can fault inside it; pages with decoded code or data
 * breakpoints never have a writable host pointer, so they always take the step path. */
#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/flags.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"

#include <stddef.h>

enum { STRING_BATCH = 4096 };

static inline uint32_t index_value(const struct cpu *c, unsigned r, const struct insn *i)
{
    return c->gpr[r] & i->amask;
}

static inline int step_bytes(const struct cpu *c, unsigned size)
{
    return (c->eflags & FL_DF) ? -(int)size : (int)size;
}

/* Advances an index register by n elements in the direction of DF, within the address size. */
static inline void index_advance(struct cpu *c, unsigned r, const struct insn *i, unsigned size, uint32_t n)
{
    uint32_t delta = (uint32_t)step_bytes(c, size) * n;
    c->gpr[r] = (c->gpr[r] & ~i->amask) | ((c->gpr[r] + delta) & i->amask);
}

static inline void count_advance(struct cpu *c, const struct insn *i, uint32_t n)
{
    c->gpr[R_ECX] = (c->gpr[R_ECX] & ~i->amask) | ((c->gpr[R_ECX] - n) & i->amask);
}

static inline uint32_t read_elem(struct cpu *c, unsigned seg, uint32_t off, unsigned size)
{
    return size == 1 ? seg_read8(c, seg, off) : size == 2 ? seg_read16(c, seg, off) : seg_read32(c, seg, off);
}

static inline void write_elem(struct cpu *c, unsigned seg, uint32_t off, uint32_t v, unsigned size)
{
    if (size == 1)
        seg_write8(c, seg, off, v);
    else if (size == 2)
        seg_write16(c, seg, off, v);
    else
        seg_write32(c, seg, off, v);
}

static inline uint32_t load_host(const uint8_t *p, unsigned size)
{
    return size == 1 ? ld8(p) : size == 2 ? ld16(p) : ld32(p);
}

static inline void store_host(uint8_t *p, uint32_t v, unsigned size)
{
    if (size == 1)
        st8(p, (uint8_t)v);
    else if (size == 2)
        st16(p, (uint16_t)v);
    else
        st32(p, v);
}

static inline uint32_t acc_get(const struct cpu *c, unsigned size)
{
    return size == 1 ? get_r8(c, R_EAX) : size == 2 ? get_r16(c, R_EAX) : c->gpr[R_EAX];
}

static inline void acc_set(struct cpu *c, unsigned size, uint32_t v)
{
    if (size == 1)
        set_r8(c, R_EAX, v);
    else if (size == 2)
        set_r16(c, R_EAX, v);
    else
        c->gpr[R_EAX] = v;
}

static inline void compare(struct cpu *c, uint32_t a, uint32_t b, unsigned size)
{
    unsigned bits = size * 8;
    uint32_t mask = bits == 32 ? 0xffffffffu : (1u << bits) - 1;
    set_flags_sub(c, a, b, (a - b) & mask, bits);
}

/* ---- One element ---- */

static void step_movs(struct cpu *c, const struct insn *i, unsigned size)
{
    uint32_t v = read_elem(c, i->seg, index_value(c, R_ESI, i), size);
    write_elem(c, S_ES, index_value(c, R_EDI, i), v, size);
    index_advance(c, R_ESI, i, size, 1);
    index_advance(c, R_EDI, i, size, 1);
}

static void step_cmps(struct cpu *c, const struct insn *i, unsigned size)
{
    uint32_t a = read_elem(c, i->seg, index_value(c, R_ESI, i), size);
    uint32_t b = read_elem(c, S_ES, index_value(c, R_EDI, i), size);
    compare(c, a, b, size);
    index_advance(c, R_ESI, i, size, 1);
    index_advance(c, R_EDI, i, size, 1);
}

static void step_stos(struct cpu *c, const struct insn *i, unsigned size)
{
    write_elem(c, S_ES, index_value(c, R_EDI, i), acc_get(c, size), size);
    index_advance(c, R_EDI, i, size, 1);
}

static void step_lods(struct cpu *c, const struct insn *i, unsigned size)
{
    acc_set(c, size, read_elem(c, i->seg, index_value(c, R_ESI, i), size));
    index_advance(c, R_ESI, i, size, 1);
}

static void step_scas(struct cpu *c, const struct insn *i, unsigned size)
{
    uint32_t b = read_elem(c, S_ES, index_value(c, R_EDI, i), size);
    compare(c, acc_get(c, size), b, size);
    index_advance(c, R_EDI, i, size, 1);
}

/* INS: the destination is checked for writing before the port is read, so a fault cannot lose the input. */
static void step_ins(struct cpu *c, const struct insn *i, unsigned size)
{
    uint16_t port = (uint16_t)c->gpr[R_EDX];
    cpu_check_io(c, port, size);
    uint32_t lin = seg_linear(c, S_ES, index_value(c, R_EDI, i), size, SEG_W);
    cpu_translate(c, lin, ACC_WRITE, cpu_user(c));
    if ((lin & 0xfff) + size > 0x1000)
        cpu_translate(c, lin + size - 1, ACC_WRITE, cpu_user(c));
    uint32_t v = cpu_port_in(c, port, size);
    write_elem(c, S_ES, index_value(c, R_EDI, i), v, size);
    index_advance(c, R_EDI, i, size, 1);
}

static void step_outs(struct cpu *c, const struct insn *i, unsigned size)
{
    uint16_t port = (uint16_t)c->gpr[R_EDX];
    cpu_check_io(c, port, size);
    uint32_t v = read_elem(c, i->seg, index_value(c, R_ESI, i), size);
    cpu_port_out(c, port, v, size);
    index_advance(c, R_ESI, i, size, 1);
}

/* ---- Runs of elements through host pointers ---- */

/* The host address of the element at seg:off when up to *n elements from it (in the direction of DF) lie in one
 * page, inside the segment's limits and without wrapping the index register; *n is reduced to the elements that
 * do. Returns NULL when even the first element must take the step path. */
static uint8_t *host_run(struct cpu *c, const struct insn *i, unsigned s, uint32_t off, unsigned size,
                         unsigned need, uint32_t access, uint32_t *n)
{
    const struct seg_cache *sc = &c->seg[s];
    uint64_t hi = sc->hi < i->amask ? sc->hi : i->amask;
    if (!(sc->ok & need) || off < sc->lo || (uint64_t)off + size - 1 > hi)
        return NULL;
    uint32_t lin = sc->base + off, in_page = lin & 0xfff;
    uint64_t fit, room;
    if (c->eflags & FL_DF) {
        fit = in_page + size <= 0x1000 ? in_page / size + 1 : 0;
        room = (off - sc->lo) / size + 1;
    } else {
        fit = (0x1000 - in_page) / size;
        room = (hi - off + 1) / size;
    }
    if (fit < *n)
        *n = (uint32_t)fit;
    if (room < *n)
        *n = (uint32_t)room;
    const struct tlb_entry *e = tlb_hit(c, lin, access);
    return e && *n ? e->host + in_page : NULL;
}

/* Each fast path handles up to `max` elements and returns how many it did (0: take one step instead). */
typedef uint32_t string_fast(struct cpu *c, const struct insn *i, unsigned size, uint32_t max);

static uint32_t fast_movs(struct cpu *c, const struct insn *i, unsigned size, uint32_t max)
{
    uint32_t n = max;
    uint8_t *dst = host_run(c, i, S_ES, index_value(c, R_EDI, i), size, SEG_W, c->acc_wr, &n);
    if (!dst)
        return 0;
    const uint8_t *src = host_run(c, i, i->seg, index_value(c, R_ESI, i), size, SEG_R, c->acc_rd, &n);
    if (!src)
        return 0;
    /* element by element in order, so overlapping copies repeat a pattern exactly as the processor's do */
    ptrdiff_t step = step_bytes(c, size);
    for (uint32_t k = 0; k < n; k++)
        store_host(dst + (ptrdiff_t)k * step, load_host(src + (ptrdiff_t)k * step, size), size);
    index_advance(c, R_ESI, i, size, n);
    index_advance(c, R_EDI, i, size, n);
    return n;
}

static uint32_t fast_stos(struct cpu *c, const struct insn *i, unsigned size, uint32_t max)
{
    uint32_t n = max;
    uint8_t *dst = host_run(c, i, S_ES, index_value(c, R_EDI, i), size, SEG_W, c->acc_wr, &n);
    if (!dst)
        return 0;
    uint32_t v = acc_get(c, size);
    ptrdiff_t step = step_bytes(c, size);
    for (uint32_t k = 0; k < n; k++)
        store_host(dst + (ptrdiff_t)k * step, v, size);
    index_advance(c, R_EDI, i, size, n);
    return n;
}

/* CMPS/SCAS: stop at the first element that ends the repeat (REPE: unequal, REPNE: equal); the flags are those
 * of the last comparison. */
static uint32_t fast_cmps(struct cpu *c, const struct insn *i, unsigned size, uint32_t max)
{
    uint32_t n = max;
    const uint8_t *dst = host_run(c, i, S_ES, index_value(c, R_EDI, i), size, SEG_R, c->acc_rd, &n);
    if (!dst)
        return 0;
    const uint8_t *src = host_run(c, i, i->seg, index_value(c, R_ESI, i), size, SEG_R, c->acc_rd, &n);
    if (!src)
        return 0;
    int while_equal = i->rep == REP_F3;
    ptrdiff_t step = step_bytes(c, size);
    uint32_t k = 0, a, b;
    do {
        a = load_host(src + (ptrdiff_t)k * step, size);
        b = load_host(dst + (ptrdiff_t)k * step, size);
        k++;
    } while (k < n && (a == b) == while_equal);
    compare(c, a, b, size);
    index_advance(c, R_ESI, i, size, k);
    index_advance(c, R_EDI, i, size, k);
    return k;
}

static uint32_t fast_scas(struct cpu *c, const struct insn *i, unsigned size, uint32_t max)
{
    uint32_t n = max;
    const uint8_t *dst = host_run(c, i, S_ES, index_value(c, R_EDI, i), size, SEG_R, c->acc_rd, &n);
    if (!dst)
        return 0;
    int while_equal = i->rep == REP_F3;
    ptrdiff_t step = step_bytes(c, size);
    uint32_t acc = acc_get(c, size), k = 0, b;
    do {
        b = load_host(dst + (ptrdiff_t)k * step, size);
        k++;
    } while (k < n && (acc == b) == while_equal);
    compare(c, acc, b, size);
    index_advance(c, R_EDI, i, size, k);
    return k;
}

/* ---- The repeat loop ---- */

typedef void string_step(struct cpu *c, const struct insn *i, unsigned size);

static inline int interrupt_pending(const struct cpu *c)
{
    return (c->intr && (c->eflags & FL_IF)) || c->nmi_pending;
}

/* Runs a string instruction with or without a repeat prefix. `compares` marks CMPS/SCAS, for which F3 means
 * REPE and F2 REPNE; for the others both prefixes mean REP. `fast` may be NULL. */
static inline void run(struct cpu *c, const struct insn *i, unsigned size, string_step *step, string_fast *fast,
                       int compares)
{
    if (!i->rep) {
        step(c, i, size);
        return;
    }
    uint32_t budget = (c->eflags & FL_TF) ? 1 : STRING_BATCH;
    for (;;) {
        uint32_t left = c->gpr[R_ECX] & i->amask;
        if (left == 0)
            return;
        uint32_t n = fast ? fast(c, i, size, left < budget ? left : budget) : 0;
        if (n == 0) {
            step(c, i, size);
            n = 1;
        }
        count_advance(c, i, n);
        if (compares && get_zf(c) != (i->rep == REP_F3))
            return;
        budget -= n;
        /* Not c->stop: it also reports writes to decoded code, which depend on what the decoded-block cache
         * holds, and a batch must end at the same element in every run (snapshots, traces, the debugger). */
        if (budget == 0 || interrupt_pending(c))
            break;
    }
    if ((c->gpr[R_ECX] & i->amask) != 0) {
        c->eip = c->prev_eip;    /* not finished: run again after any pending interrupt */
        cpu_end_block(c);
    }
}

void movsb(struct cpu *c, const struct insn *i) { run(c, i, 1, step_movs, fast_movs, 0); }
void movsw(struct cpu *c, const struct insn *i) { run(c, i, 2, step_movs, fast_movs, 0); }
void movsd(struct cpu *c, const struct insn *i) { run(c, i, 4, step_movs, fast_movs, 0); }
void cmpsb(struct cpu *c, const struct insn *i) { run(c, i, 1, step_cmps, fast_cmps, 1); }
void cmpsw(struct cpu *c, const struct insn *i) { run(c, i, 2, step_cmps, fast_cmps, 1); }
void cmpsd(struct cpu *c, const struct insn *i) { run(c, i, 4, step_cmps, fast_cmps, 1); }
void stosb(struct cpu *c, const struct insn *i) { run(c, i, 1, step_stos, fast_stos, 0); }
void stosw(struct cpu *c, const struct insn *i) { run(c, i, 2, step_stos, fast_stos, 0); }
void stosd(struct cpu *c, const struct insn *i) { run(c, i, 4, step_stos, fast_stos, 0); }
void lodsb(struct cpu *c, const struct insn *i) { run(c, i, 1, step_lods, NULL, 0); }
void lodsw(struct cpu *c, const struct insn *i) { run(c, i, 2, step_lods, NULL, 0); }
void lodsd(struct cpu *c, const struct insn *i) { run(c, i, 4, step_lods, NULL, 0); }
void scasb(struct cpu *c, const struct insn *i) { run(c, i, 1, step_scas, fast_scas, 1); }
void scasw(struct cpu *c, const struct insn *i) { run(c, i, 2, step_scas, fast_scas, 1); }
void scasd(struct cpu *c, const struct insn *i) { run(c, i, 4, step_scas, fast_scas, 1); }

/* INS and OUTS end the block like IN and OUT: a port access may raise an interrupt or change the memory map. */
static inline void run_io(struct cpu *c, const struct insn *i, unsigned size, string_step *step)
{
    run(c, i, size, step, NULL, 0);
    cpu_end_block(c);
}
void insb(struct cpu *c, const struct insn *i) { run_io(c, i, 1, step_ins); }
void insw(struct cpu *c, const struct insn *i) { run_io(c, i, 2, step_ins); }
void insd(struct cpu *c, const struct insn *i) { run_io(c, i, 4, step_ins); }
void outsb(struct cpu *c, const struct insn *i) { run_io(c, i, 1, step_outs); }
void outsw(struct cpu *c, const struct insn *i) { run_io(c, i, 2, step_outs); }
void outsd(struct cpu *c, const struct insn *i) { run_io(c, i, 4, step_outs); }
