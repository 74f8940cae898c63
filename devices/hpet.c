/* The HPET (see hpet.h). */
#include "devices/hpet.h"

#include <stdlib.h>

enum {
    HPET_PERIOD_FS = 10000000,   /* 10 ns: 100 MHz, as QEMU's */
    HPET_NS_PER_TICK = 10,
    REG_CAP = 0x000, REG_CONFIG = 0x010, REG_ISR = 0x020, REG_COUNTER = 0x0f0, REG_TIMER0 = 0x100,
    CONF_ENABLE = 1 << 0, CONF_LEGACY = 1 << 1,
    TN_LEVEL = 1 << 1, TN_INT_ENB = 1 << 2, TN_PERIODIC = 1 << 3, TN_PER_CAP = 1 << 4, TN_SIZE_CAP = 1 << 5,
    TN_VAL_SET = 1 << 6, TN_32BIT = 1 << 8, TN_ROUTE_SHIFT = 9, TN_ROUTE_MASK = 0x1f << 9,
    TN_WRITABLE = TN_LEVEL | TN_INT_ENB | TN_PERIODIC | TN_VAL_SET | TN_32BIT | TN_ROUTE_MASK,
    FIRST_GSI = 20,              /* the timers may be routed to I/O APIC inputs 20-23 */
};
#define TN_ROUTE_CAP (0xfull << (32 + FIRST_GSI))

static struct hpet_timer *timer_of(struct hpet *h, int n) { return &h->t[n]; }

static uint64_t now_ticks(const struct hpet *h) { return clock_ns(h->clock) / HPET_NS_PER_TICK; }

static int running(const struct hpet *h) { return (h->config & CONF_ENABLE) != 0; }

static uint64_t counter_now(const struct hpet *h)
{
    return running(h) ? now_ticks(h) + h->counter : h->counter;
}

int hpet_legacy(const struct hpet *h) { return h && (h->config & CONF_LEGACY) != 0; }

/* The line a timer drives: the ISA IRQ 0 / 8 lines in legacy replacement mode, else its I/O APIC input. */
static const struct irq_line *route(const struct hpet *h, int n)
{
    if ((h->config & CONF_LEGACY) && n < 2)
        return &h->legacy[n];
    unsigned gsi = (unsigned)((h->t[n].config & TN_ROUTE_MASK) >> TN_ROUTE_SHIFT);
    return gsi >= FIRST_GSI && gsi < FIRST_GSI + 4 ? &h->gsi[gsi - FIRST_GSI] : NULL;
}

static void set_output(struct hpet *h, int n, int level)
{
    struct hpet_timer *t = timer_of(h, n);
    const struct irq_line *line = route(h, n);
    if (!level) {
        if (t->level && line)
            irq_set(line, 0);
        t->level = 0;
        return;
    }
    if (!(t->config & TN_INT_ENB) || !line)
        return;
    if (t->config & TN_LEVEL) {
        t->level = 1;
        irq_set(line, 1);
    } else {
        irq_pulse(line);
    }
}

/* Arms timer n for the next time the counter reaches its comparator (never, for a 64-bit comparator behind the
 * counter: that is 5,800 years away at 100 MHz). */
static void arm(struct hpet *h, int n)
{
    struct hpet_timer *t = timer_of(h, n);
    timer_cancel(&t->fire);
    if (!running(h))
        return;
    uint64_t cur = counter_now(h), delta;
    if (t->config & TN_32BIT)
        delta = (uint32_t)((uint32_t)t->cmp - (uint32_t)cur);
    else if (t->cmp >= cur)
        delta = t->cmp - cur;
    else
        return;
    timer_arm_ns(&t->fire, (now_ticks(h) + delta) * HPET_NS_PER_TICK);
}

static void fire(struct hpet *h, int n)
{
    struct hpet_timer *t = timer_of(h, n);
    if (t->config & TN_LEVEL)
        h->isr |= 1u << n;
    set_output(h, n, 1);
    if ((t->config & TN_PERIODIC) && t->period) {
        t->cmp += t->period;
        if (t->config & TN_32BIT)
            t->cmp = (uint32_t)t->cmp;
        arm(h, n);
    }
}

static void fire0(void *opaque) { fire(opaque, 0); }
static void fire1(void *opaque) { fire(opaque, 1); }
static void fire2(void *opaque) { fire(opaque, 2); }

static uint64_t read_reg(struct hpet *h, uint32_t reg)
{
    switch (reg) {
    case REG_CAP:
        return (uint64_t)HPET_PERIOD_FS << 32 | 0x8086u << 16 | 1u << 15 /* legacy capable */ |
               1u << 13 /* 64-bit counter */ | (HPET_TIMERS - 1u) << 8 | 1 /* revision */;
    case REG_CONFIG:
        return h->config;
    case REG_ISR:
        return h->isr;
    case REG_COUNTER:
        return counter_now(h);
    }
    if (reg >= REG_TIMER0 && reg < REG_TIMER0 + 0x20 * HPET_TIMERS) {
        const struct hpet_timer *t = &h->t[(reg - REG_TIMER0) / 0x20];
        switch (reg & 0x1f) {
        case 0x00:
            return t->config | TN_PER_CAP | TN_SIZE_CAP | TN_ROUTE_CAP;
        case 0x08:
            return t->cmp;
        }
    }
    return 0;
}

static void write_timer(struct hpet *h, int n, uint32_t off, uint64_t v, int high)
{
    struct hpet_timer *t = timer_of(h, n);
    if (off == 0x00) {
        const struct irq_line *before = route(h, n);
        int was_level = t->level;
        if (was_level)
            set_output(h, n, 0);
        t->config = v & TN_WRITABLE;
        if (t->config & TN_32BIT)
            t->cmp = (uint32_t)t->cmp;
        if (was_level && (t->config & TN_LEVEL) && route(h, n) == before)
            set_output(h, n, 1);
        arm(h, n);
    } else if (off == 0x08) {
        /* A comparator write sets the comparator (one-shot, or periodic with VAL_SET) and, in periodic mode, the
         * period; VAL_SET lasts for one write. Only the half written changes. */
        uint64_t half = high ? 0xffffffff00000000ull : 0xffffffffull;
        if ((t->config & TN_32BIT) && high)
            return;
        uint64_t value = v & half;
        if (!(t->config & TN_PERIODIC) || (t->config & TN_VAL_SET))
            t->cmp = (t->cmp & ~half) | value;
        if (t->config & TN_PERIODIC)
            t->period = (t->period & ~half) | value;
        t->config &= ~(uint64_t)TN_VAL_SET;
        arm(h, n);
    }
}

static void write_reg(struct hpet *h, uint32_t reg, uint64_t v, int high)
{
    switch (reg) {
    case REG_CONFIG: {
        uint64_t was = h->config;
        int levels[HPET_TIMERS];
        for (int n = 0; n < HPET_TIMERS; n++) {
            levels[n] = h->t[n].level;
            if (levels[n] && ((was ^ v) & CONF_LEGACY))
                set_output(h, n, 0);             /* the routing changes: the old line goes low */
        }
        if ((was ^ v) & CONF_ENABLE)
            h->counter = (v & CONF_ENABLE) ? h->counter - now_ticks(h) : h->counter + now_ticks(h);
        h->config = v & (CONF_ENABLE | CONF_LEGACY);
        for (int n = 0; n < HPET_TIMERS; n++) {
            if (levels[n] && ((was ^ v) & CONF_LEGACY))
                set_output(h, n, 1);
            arm(h, n);
        }
        return;
    }
    case REG_ISR:
        for (int n = 0; n < HPET_TIMERS; n++) {
            if (v & (1u << n) & h->isr) {
                h->isr &= ~(1ull << n);
                set_output(h, n, 0);
            }
        }
        return;
    case REG_COUNTER:
        h->counter = running(h) ? v - now_ticks(h) : v;
        for (int n = 0; n < HPET_TIMERS; n++)
            arm(h, n);
        return;
    }
    if (reg >= REG_TIMER0 && reg < REG_TIMER0 + 0x20 * HPET_TIMERS)
        write_timer(h, (int)((reg - REG_TIMER0) / 0x20), reg & 0x1f, v, high);
}

static uint32_t hpet_mmio_read(void *opaque, uint32_t offset, unsigned size)
{
    uint64_t v = read_reg(opaque, offset & ~7u) >> (offset & 7) * 8;
    return size >= 4 ? (uint32_t)v : (uint32_t)v & ((1u << size * 8) - 1);
}

/* Writes of 1, 2 or 4 bytes merge into the 64-bit register; ISR bits are write-1-to-clear. */
static void hpet_mmio_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
    struct hpet *h = opaque;
    uint32_t reg = offset & ~7u, shift = (offset & 7) * 8;
    uint64_t mask = (size >= 4 ? 0xffffffffull : (1ull << size * 8) - 1) << shift;
    uint64_t old = reg == REG_ISR ? 0 : read_reg(h, reg);
    uint64_t v = (old & ~mask) | ((uint64_t)value << shift & mask);
    write_reg(h, reg, v, shift >= 32);
}

static void hpet_reset(void *opaque)
{
    struct hpet *h = opaque;
    for (int n = 0; n < HPET_TIMERS; n++) {
        set_output(h, n, 0);
        timer_cancel(&h->t[n].fire);
        h->t[n].config = 0;
        h->t[n].cmp = UINT64_MAX;
        h->t[n].period = 0;
    }
    h->config = 0;
    h->isr = 0;
    h->counter = 0;
}

#define HPET_TIMER_FIELDS(n) \
    STATE_FIELD(struct hpet, t[n].config), STATE_FIELD(struct hpet, t[n].cmp), \
    STATE_FIELD(struct hpet, t[n].period), STATE_FIELD(struct hpet, t[n].level), STATE_TIMER(struct hpet, t[n].fire)

static const struct state_field hpet_fields[] = {
    STATE_FIELD(struct hpet, config), STATE_FIELD(struct hpet, isr), STATE_FIELD(struct hpet, counter),
    HPET_TIMER_FIELDS(0), HPET_TIMER_FIELDS(1), HPET_TIMER_FIELDS(2),
    STATE_END,
};

static const struct device_type hpet_type = {
    .name = "hpet",
    .version = 1,
    .fields = hpet_fields,
    .reset = hpet_reset,
    .destroy = free,
};

struct hpet *hpet_create(const struct board_services *bs, uint32_t base, struct irq_line legacy[2],
                         struct irq_line gsi[4])
{
    static timer_fn *const fns[HPET_TIMERS] = { fire0, fire1, fire2 };
    static const char *const names[HPET_TIMERS] = { "hpet0", "hpet1", "hpet2" };
    struct hpet *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->clock = bs->clock;
    h->legacy[0] = legacy[0];
    h->legacy[1] = legacy[1];
    for (int k = 0; k < 4; k++)
        h->gsi[k] = gsi[k];
    for (int n = 0; n < HPET_TIMERS; n++)
        timer_init(&h->t[n].fire, bs->clock, fns[n], h, names[n]);
    if (phys_add_mmio(bs->phys, base, 0x1000, hpet_mmio_read, hpet_mmio_write, h, "hpet") < 0 ||
        device_register(bs->devices, &hpet_type, h, NULL) < 0) {
        free(h);
        return NULL;
    }
    hpet_reset(h);
    return h;
}
