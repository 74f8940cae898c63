/* The local APIC and the APIC bus (see apic.h). Behaviour from the Intel SDM vol. 3A, chapter 10: interrupt
 * acceptance (10.8.3), priorities (10.8.3.1), EOI (10.8.5), the LVT (10.5.1), the timer (10.5.4), errors
 * (10.5.3), IPIs (10.6) and the software-disabled state (10.4.7.2). */
#include "devices/apic.h"

#include <stdio.h>
#include <stdlib.h>

enum {
    REG_ID = 0x20, REG_VERSION = 0x30, REG_TPR = 0x80, REG_APR = 0x90, REG_PPR = 0xa0, REG_EOI = 0xb0,
    REG_LDR = 0xd0, REG_DFR = 0xe0, REG_SVR = 0xf0, REG_ISR = 0x100, REG_TMR = 0x180, REG_IRR = 0x200,
    REG_ESR = 0x280, REG_ICR_LOW = 0x300, REG_ICR_HIGH = 0x310, REG_LVT = 0x320, REG_TIMER_INITIAL = 0x380,
    REG_TIMER_CURRENT = 0x390, REG_TIMER_DIVIDE = 0x3e0,
};
enum { LVT_MASKED = 1u << 16, LVT_LEVEL = 1u << 15, SVR_ENABLED = 1u << 8 };
enum { ESR_SEND_ILLEGAL = 0x20, ESR_RECEIVE_ILLEGAL = 0x40, ESR_ILLEGAL_REGISTER = 0x80 };
enum { TIMER_ONESHOT = 0, TIMER_PERIODIC = 1, TIMER_TSC_DEADLINE = 2 };
/* Version 14h (integrated APIC) with 5 LVT entries (max LVT index 4), a Pentium II's. */
enum { APIC_VERSION = 0x00040014 };
/* Writable bits of each LVT entry: timer, thermal, performance, LINT0, LINT1, error. */
static const uint32_t lvt_writable[LVT_COUNT] = { 0x000700ff, 0x000107ff, 0x000107ff, 0x0001a7ff, 0x0001a7ff,
                                                  0x000100ff };

/* ---- 256-bit registers ---- */

static void bit_set(uint32_t *r, unsigned v) { r[v >> 5] |= 1u << (v & 31); }
static void bit_clear(uint32_t *r, unsigned v) { r[v >> 5] &= ~(1u << (v & 31)); }
static int bit_test(const uint32_t *r, unsigned v) { return (r[v >> 5] >> (v & 31)) & 1; }

static int highest_bit(const uint32_t *r)
{
    for (int w = 7; w >= 0; w--)
        for (int b = 31; b >= 0 && r[w]; b--)
            if (r[w] & (1u << b))
                return w * 32 + b;
    return -1;
}

/* ---- state ---- */

static int hw_enabled(const struct lapic *l)
{
    return !l->base_msr || (*l->base_msr & (1u << 11));
}

static int sw_enabled(const struct lapic *l)
{
    return (l->svr & SVR_ENABLED) != 0;
}

static uint32_t processor_priority(const struct lapic *l)
{
    int isrv = highest_bit(l->isr);
    uint32_t isr_class = isrv < 0 ? 0 : (uint32_t)isrv & 0xf0;
    return (l->tpr & 0xf0) >= isr_class ? l->tpr & 0xff : isr_class;
}

/* The highest requested vector whose priority class is above the processor priority, or -1. */
static int deliverable_vector(const struct lapic *l)
{
    int v = highest_bit(l->irr);
    if (v < 0 || ((uint32_t)v & 0xf0) <= (processor_priority(l) & 0xf0))
        return -1;
    return v;
}

static unsigned lvt_mode(uint32_t lvt) { return (lvt >> 8) & 7; }

static int extint_requested(const struct lapic *l)
{
    uint32_t lvt = l->lvt[LVT_LINT0];
    return l->lint_level[0] && !(lvt & LVT_MASKED) && lvt_mode(lvt) == APIC_DM_EXTINT;
}

static void update_intr(struct lapic *l)
{
    int level;
    if (!hw_enabled(l))
        level = l->lint_level[0];        /* no APIC: LINT0 is the INTR pin */
    else
        level = (sw_enabled(l) && deliverable_vector(l) >= 0) || extint_requested(l);
    if (level != l->intr_level) {
        l->intr_level = (uint8_t)level;
        irq_set(&l->intr_out, level);
    }
}

static void signal_error(struct lapic *l, uint32_t bits);

/* A fixed interrupt arrives: into IRR, its trigger mode into TMR. Vectors 0-15 are illegal. */
static void accept(struct lapic *l, unsigned vector, int level)
{
    if (vector < 16) {
        signal_error(l, ESR_RECEIVE_ILLEGAL);
        return;
    }
    bit_set(l->irr, vector);
    if (level)
        bit_set(l->tmr, vector);
    else
        bit_clear(l->tmr, vector);
    update_intr(l);
}

static void signal_error(struct lapic *l, uint32_t bits)
{
    l->esr_pending |= bits;
    uint32_t lvt = l->lvt[LVT_ERROR];
    if (!(lvt & LVT_MASKED) && (lvt & 0xff) >= 16)
        accept(l, lvt & 0xff, 0);
}

/* An interrupt message for this APIC (from the bus or an LVT entry). */
static void receive(struct lapic *l, int mode, unsigned vector, int level)
{
    switch (mode) {
    case APIC_DM_FIXED:
    case APIC_DM_LOWEST:
        accept(l, vector, level);
        break;
    case APIC_DM_NMI:
        irq_pulse(&l->nmi_out);
        break;
    default:
        break;                   /* SMI, INIT, start-up, ExtINT messages: no SMM, one CPU (a later issue) */
    }
}

int lapic_acknowledge(struct lapic *l)
{
    if (!hw_enabled(l))
        return l->extint_ack ? l->extint_ack(l->board) : -1;
    int v = sw_enabled(l) ? deliverable_vector(l) : -1;
    int result;
    if (v >= 0) {
        bit_clear(l->irr, (unsigned)v);
        bit_set(l->isr, (unsigned)v);
        result = v;
    } else if (extint_requested(l) && l->extint_ack) {
        result = l->extint_ack(l->board);
    } else {
        result = (int)(l->svr & 0xff);   /* the request went away (TPR raised): spurious, no ISR bit */
    }
    update_intr(l);
    return result;
}

static void end_of_interrupt(struct lapic *l)
{
    int v = highest_bit(l->isr);
    if (v < 0)
        return;
    bit_clear(l->isr, (unsigned)v);
    if (bit_test(l->tmr, (unsigned)v) && l->bus)
        for (unsigned k = 0; k < l->bus->n_ioapics; k++)
            l->bus->ioapic_eoi[k](l->bus->ioapic[k], (uint8_t)v);
    update_intr(l);
}

/* ---- LINT0 / LINT1 ---- */

void lapic_set_lint(void *opaque, int n, int level)
{
    struct lapic *l = opaque;
    if (n < 0 || n > 1)
        return;
    int rising = level && !l->lint_level[n];
    l->lint_level[n] = (uint8_t)(level != 0);
    uint32_t lvt = l->lvt[LVT_LINT0 + n];
    if (!hw_enabled(l)) {
        if (n == 1 && rising)
            irq_pulse(&l->nmi_out);      /* no APIC: LINT1 is the NMI pin */
    } else if (!(lvt & LVT_MASKED) && rising) {
        unsigned mode = lvt_mode(lvt);
        if (mode == APIC_DM_FIXED || mode == APIC_DM_NMI)
            receive(l, (int)mode, lvt & 0xff, (lvt & LVT_LEVEL) != 0);
    }
    update_intr(l);
}

/* ---- timer ---- */

static unsigned timer_mode(const struct lapic *l) { return (l->lvt[LVT_TIMER] >> 17) & 3; }

static uint64_t timer_divisor(const struct lapic *l)
{
    unsigned d = (l->timer_divide & 3) | ((l->timer_divide >> 1) & 4);
    return 1ull << ((d + 1) & 7);        /* 0 -> 2, 1 -> 4, ... 6 -> 128, 7 -> 1 */
}

/* Bus clock ticks (one per nanosecond at APIC_BUS_HZ) divided down, since the count was loaded. */
static uint64_t timer_elapsed(const struct lapic *l)
{
    return (clock_ns(l->clock) - l->timer_start_ns) / timer_divisor(l);
}

static int timer_counting(const struct lapic *l)
{
    return l->timer_initial != 0 && timer_mode(l) != TIMER_TSC_DEADLINE;
}

static uint32_t timer_current(const struct lapic *l)
{
    if (!timer_counting(l))
        return 0;
    uint64_t e = timer_elapsed(l);
    if (timer_mode(l) == TIMER_PERIODIC)
        return l->timer_initial - (uint32_t)(e % l->timer_initial);
    return e >= l->timer_initial ? 0 : l->timer_initial - (uint32_t)e;
}

static void arm_timer(struct lapic *l)
{
    if (timer_mode(l) == TIMER_TSC_DEADLINE) {
        if (l->tsc_deadline)
            timer_arm_icount(&l->timer, l->tsc_deadline);
        else
            timer_cancel(&l->timer);
        return;
    }
    if (!timer_counting(l)) {
        timer_cancel(&l->timer);
        return;
    }
    uint64_t period = (uint64_t)l->timer_initial * timer_divisor(l), e = clock_ns(l->clock) - l->timer_start_ns;
    if (timer_mode(l) == TIMER_PERIODIC) {
        /* with --jitter, a periodic interrupt comes up to half a period late; the count keeps exact time */
        uint64_t next = l->timer_start_ns + (e / period + 1) * period;
        timer_arm_ns(&l->timer, next + clock_jitter_ns(l->clock, period / 2));
    } else if (e < period) {
        timer_arm_ns(&l->timer, l->timer_start_ns + period);
    } else {
        timer_cancel(&l->timer);
    }
}

static void timer_expired(void *opaque)
{
    struct lapic *l = opaque;
    uint32_t lvt = l->lvt[LVT_TIMER];
    if (timer_mode(l) == TIMER_TSC_DEADLINE)
        l->tsc_deadline = 0;
    if (!(lvt & LVT_MASKED))
        accept(l, lvt & 0xff, 0);
    if (timer_mode(l) == TIMER_PERIODIC)
        arm_timer(l);
}

void lapic_write_tsc_deadline(struct lapic *l, uint64_t deadline_icount)
{
    if (timer_mode(l) != TIMER_TSC_DEADLINE)
        return;                  /* ignored outside TSC-deadline mode (SDM 10.5.4.1) */
    l->tsc_deadline = deadline_icount;
    arm_timer(l);
}

uint64_t lapic_read_tsc_deadline(const struct lapic *l)
{
    return timer_mode(l) == TIMER_TSC_DEADLINE ? l->tsc_deadline : 0;
}

/* ---- IPIs ---- */

static void send_ipi(struct lapic *l)
{
    uint32_t icr = l->icr_low;
    int mode = (int)((icr >> 8) & 7), level = (icr >> 15) & 1, logical = (icr >> 11) & 1;
    unsigned vector = icr & 0xff, shorthand = (icr >> 18) & 3;
    if (mode == APIC_DM_INIT && level && !(icr & (1u << 14)))
        return;                  /* INIT level de-assert: only synchronises arbitration IDs */
    if ((mode == APIC_DM_FIXED || mode == APIC_DM_LOWEST) && vector < 16) {
        signal_error(l, ESR_SEND_ILLEGAL);
        return;
    }
    if (shorthand == 1 || !l->bus) {
        receive(l, mode, vector, level);
    } else if (shorthand == 0) {
        apic_bus_deliver(l->bus, (uint8_t)(l->icr_high >> 24), logical, mode, (uint8_t)vector, level);
    } else {
        for (unsigned k = 0; k < l->bus->n_cpus; k++)      /* 2: all including self, 3: all excluding self */
            if (shorthand == 2 || l->bus->cpu[k] != l)
                receive(l->bus->cpu[k], mode, vector, level);
    }
}

/* ---- registers ---- */

static uint32_t arbitration_priority(const struct lapic *l)
{
    int irrv = highest_bit(l->irr), isrv = highest_bit(l->isr);
    uint32_t top = (uint32_t)(irrv > isrv ? irrv : isrv);
    if (irrv < 0 && isrv < 0)
        top = 0;
    return (l->tpr & 0xf0) >= (top & 0xf0) ? l->tpr & 0xff : top & 0xf0;
}

uint32_t lapic_read(struct lapic *l, uint32_t offset)
{
    offset &= 0xff0;
    if (offset >= REG_ISR && offset < REG_ISR + 0x80)
        return l->isr[(offset - REG_ISR) >> 4];
    if (offset >= REG_TMR && offset < REG_TMR + 0x80)
        return l->tmr[(offset - REG_TMR) >> 4];
    if (offset >= REG_IRR && offset < REG_IRR + 0x80)
        return l->irr[(offset - REG_IRR) >> 4];
    if (offset >= REG_LVT && offset < REG_LVT + 0x10 * LVT_COUNT)
        return offset == REG_LVT + 0x10 * LVT_THERMAL ? 0 : l->lvt[(offset - REG_LVT) >> 4];
    switch (offset) {
    case REG_ID: return (uint32_t)l->id << 24;
    case REG_VERSION: return APIC_VERSION;
    case REG_TPR: return l->tpr;
    case REG_APR: return arbitration_priority(l);
    case REG_PPR: return processor_priority(l);
    case REG_LDR: return l->ldr;
    case REG_DFR: return l->dfr;
    case REG_SVR: return l->svr;
    case REG_ESR: return l->esr;
    case REG_ICR_LOW: return l->icr_low;
    case REG_ICR_HIGH: return l->icr_high;
    case REG_TIMER_INITIAL: return l->timer_initial;
    case REG_TIMER_CURRENT: return timer_current(l);
    case REG_TIMER_DIVIDE: return l->timer_divide;
    default: return 0;
    }
}

static void write_lvt(struct lapic *l, unsigned n, uint32_t v)
{
    if (n == LVT_THERMAL)
        return;                  /* no thermal sensor on this processor */
    uint32_t old_mode = timer_mode(l);
    v = (v & lvt_writable[n]) | (l->lvt[n] & ~lvt_writable[n] & (1u << 14));
    if (n == LVT_TIMER && !l->has_tsc_deadline)
        v &= ~(1u << 18);        /* no TSC-deadline mode: bit 18 is reserved (SDM 10.5.1) */
    if (!sw_enabled(l))
        v |= LVT_MASKED;         /* software-disabled: the masks stay set */
    l->lvt[n] = v;
    if (n == LVT_TIMER && old_mode != timer_mode(l) &&
        (old_mode == TIMER_TSC_DEADLINE || timer_mode(l) == TIMER_TSC_DEADLINE)) {
        l->timer_initial = 0;    /* a switch to or from TSC-deadline mode disarms the timer */
        l->tsc_deadline = 0;
    }
    if (n == LVT_TIMER)
        arm_timer(l);
}

static void write_svr(struct lapic *l, uint32_t v)
{
    l->svr = (v & 0x3f0) | 0x0f;         /* P6: vector bits 0-3 read as ones */
    if (!sw_enabled(l))
        for (unsigned n = 0; n < LVT_COUNT; n++)
            l->lvt[n] |= LVT_MASKED;
}

void lapic_write(struct lapic *l, uint32_t offset, uint32_t v)
{
    offset &= 0xff0;
    if (offset >= REG_LVT && offset < REG_LVT + 0x10 * LVT_COUNT) {
        write_lvt(l, (offset - REG_LVT) >> 4, v);
    } else {
        switch (offset) {
        case REG_ID: l->id = (uint8_t)((v >> 24) & 0x0f); break;
        case REG_TPR: l->tpr = v & 0xff; break;
        case REG_EOI: end_of_interrupt(l); break;
        case REG_LDR: l->ldr = v & 0xff000000u; break;
        case REG_DFR: l->dfr = v | 0x0fffffffu; break;
        case REG_SVR: write_svr(l, v); break;
        case REG_ESR: l->esr = l->esr_pending; l->esr_pending = 0; break;
        case REG_ICR_LOW: l->icr_low = v & 0x000ccfffu; send_ipi(l); break;
        case REG_ICR_HIGH: l->icr_high = v & 0xff000000u; break;
        case REG_TIMER_INITIAL:
            if (timer_mode(l) != TIMER_TSC_DEADLINE) {
                l->timer_initial = v;
                l->timer_start_ns = clock_ns(l->clock);
                arm_timer(l);
            }
            break;
        case REG_TIMER_DIVIDE: l->timer_divide = v & 0x0b; arm_timer(l); break;
        default: break;          /* read-only and reserved registers */
        }
    }
    update_intr(l);
}

/* 32-bit accesses are the architected ones; narrower reads get bytes of the register, narrower writes merge. */
static uint32_t lapic_mmio_read(void *opaque, uint32_t offset, unsigned size)
{
    struct lapic *l = opaque;
    uint32_t ones = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
    if (!hw_enabled(l))
        return ones;
    if (offset & 0xc)
        return 0;
    return (lapic_read(l, offset) >> (8 * (offset & 3))) & ones;
}

static void lapic_mmio_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
    struct lapic *l = opaque;
    if (!hw_enabled(l) || (offset & 0xc))
        return;
    if (size < 4) {
        unsigned shift = 8 * (offset & 3);
        uint32_t mask = ((1u << (8 * size)) - 1) << shift;
        value = (lapic_read(l, offset) & ~mask) | ((value << shift) & mask);
    }
    lapic_write(l, offset, value);
}

/* ---- the bus ---- */

void apic_bus_init(struct apic_bus *bus)
{
    bus->n_cpus = 0;
    bus->n_ioapics = 0;
}

int apic_bus_add_ioapic(struct apic_bus *bus, apic_eoi_fn *eoi, void *ioapic)
{
    if (bus->n_ioapics >= APIC_MAX_IOAPICS)
        return -1;
    bus->ioapic_eoi[bus->n_ioapics] = eoi;
    bus->ioapic[bus->n_ioapics++] = ioapic;
    return 0;
}

static int destination_matches(const struct lapic *l, uint8_t dest, int logical)
{
    if (dest == 0xff)
        return 1;
    if (!logical)
        return dest == l->id;
    uint8_t ldr = (uint8_t)(l->ldr >> 24);
    if ((l->dfr >> 28) == 0xf)
        return (ldr & dest) != 0;        /* flat model: a bit per APIC */
    return (ldr >> 4) == (dest >> 4) && (ldr & dest & 0x0f) != 0;      /* cluster model */
}

void apic_bus_deliver(struct apic_bus *bus, uint8_t dest, int logical, int mode, uint8_t vector, int level)
{
    struct lapic *lowest = NULL;
    for (unsigned k = 0; k < bus->n_cpus; k++) {
        struct lapic *l = bus->cpu[k];
        if (!hw_enabled(l) || !destination_matches(l, dest, logical))
            continue;
        if (mode != APIC_DM_LOWEST)
            receive(l, mode, vector, level);
        else if (!lowest || processor_priority(l) < processor_priority(lowest))
            lowest = l;
    }
    if (lowest)
        receive(lowest, mode, vector, level);
}

/* ---- device ---- */

static void lapic_reset(void *opaque)
{
    struct lapic *l = opaque;
    timer_cancel(&l->timer);
    l->tpr = l->ldr = l->esr = l->esr_pending = l->icr_low = l->icr_high = 0;
    l->dfr = 0xffffffffu;
    l->svr = 0xff;
    for (int k = 0; k < 8; k++)
        l->irr[k] = l->isr[k] = l->tmr[k] = 0;
    /* Every LVT entry masked (SDM 10.4.7.1: 00010000h), except the BSP's LINT0, which starts as ExtINT unmasked
     * (virtual wire), as QEMU's BSP does. A decision for the PC as a whole, not the bare processor: PC firmware
     * takes 8259 interrupts (the timer tick) during POST before it touches the APIC, if it touches it at all. The
     * Bochs BIOS does (under Bochs the 8259's INTR reaches the CPU whatever the APIC holds): with the SDM's masked
     * LINT0 it never reaches the boot sector here (tests/bios/run fw-bochs-floppy, -disk and -cd time out, tried
     * with this reset value). SeaBIOS and bios/post.asm (post_init_lapic) program virtual wire
     * themselves (SVR enabled, LINT0 ExtINT, LINT1 NMI), so they do not depend on this. With the APIC off in
     * IA32_APIC_BASE, LINT0 is the plain INTR pin whatever the LVT holds (update_intr). */
    for (int n = 0; n < LVT_COUNT; n++)
        l->lvt[n] = LVT_MASKED;
    if (l->bus && l->bus->n_cpus && l->bus->cpu[0] == l)
        l->lvt[LVT_LINT0] = APIC_DM_EXTINT << 8;
    l->timer_initial = l->timer_divide = 0;
    l->timer_start_ns = clock_ns(l->clock);
    l->tsc_deadline = 0;
    update_intr(l);
}

static int lapic_post_load(void *opaque)
{
    struct lapic *l = opaque;
    irq_set(&l->intr_out, l->intr_level);
    return 0;
}

static void lapic_destroy(void *opaque)
{
    struct lapic *l = opaque;
    timer_cancel(&l->timer);
    free(l);
}

static const struct state_field lapic_fields[] = {
    STATE_FIELD(struct lapic, id), STATE_FIELD(struct lapic, tpr), STATE_FIELD(struct lapic, ldr),
    STATE_FIELD(struct lapic, dfr), STATE_FIELD(struct lapic, svr), STATE_ARRAY(struct lapic, irr),
    STATE_ARRAY(struct lapic, isr), STATE_ARRAY(struct lapic, tmr), STATE_FIELD(struct lapic, esr),
    STATE_FIELD(struct lapic, esr_pending), STATE_FIELD(struct lapic, icr_low), STATE_FIELD(struct lapic, icr_high),
    STATE_ARRAY(struct lapic, lvt), STATE_FIELD(struct lapic, timer_initial),
    STATE_FIELD(struct lapic, timer_divide), STATE_FIELD(struct lapic, timer_start_ns),
    STATE_FIELD(struct lapic, tsc_deadline), STATE_ARRAY(struct lapic, lint_level),
    STATE_FIELD(struct lapic, intr_level), STATE_TIMER(struct lapic, timer),
    STATE_END,
};

static const struct device_type lapic_type = {
    .name = "lapic",
    .version = 1,
    .fields = lapic_fields,
    .reset = lapic_reset,
    .post_load = lapic_post_load,
    .destroy = lapic_destroy,
};

struct lapic *lapic_create(const struct board_services *bs, struct apic_bus *bus, uint32_t base, uint8_t id,
                           const uint64_t *base_msr, struct irq_line intr_out, struct irq_line nmi_out,
                           apic_extint_ack_fn *extint_ack, void *board)
{
    if (bus->n_cpus >= APIC_MAX_CPUS)
        return NULL;
    struct lapic *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->id = id;
    l->clock = bs->clock;
    l->bus = bus;
    l->base_msr = base_msr;
    l->intr_out = intr_out;
    l->nmi_out = nmi_out;
    l->extint_ack = extint_ack;
    l->board = board;
    l->has_tsc_deadline = 1;
    timer_init(&l->timer, bs->clock, timer_expired, l, "lapic-timer");
    char name[12];
    snprintf(name, sizeof name, "lapic%u", bus->n_cpus);
    if (phys_add_mmio(bs->phys, base, 0x1000, lapic_mmio_read, lapic_mmio_write, l, "lapic") < 0 ||
        device_register(bs->devices, &lapic_type, l, name) < 0) {
        free(l);
        return NULL;
    }
    bus->cpu[bus->n_cpus++] = l;
    lapic_reset(l);
    return l;
}
