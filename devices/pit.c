/* The 8254 PIT and port 0x61 (see pit.h). Modes follow the Intel 8254 datasheet. Time is counted in PIT clock
 * ticks since the counter started: ticks = elapsed ns * 1193182 / 1e9. */
#include "devices/pit.h"

#include <stdlib.h>

static uint64_t ticks_since(const struct pit *p, const struct pit_channel *c)
{
    uint64_t ns = clock_ns(p->clock) - c->start_ns;
    return ns / 1000000000u * PIT_HZ + ns % 1000000000u * PIT_HZ / 1000000000u;
}

static uint64_t tick_to_ns(const struct pit_channel *c, uint64_t ticks)
{
    return c->start_ns + ticks / PIT_HZ * 1000000000u + (ticks % PIT_HZ * 1000000000u + PIT_HZ - 1) / PIT_HZ;
}

/* Modes 2 and 3 count periodically; 0, 1, 4, 5 once. Modes 6 and 7 are 2 and 3. */
static unsigned mode_of(const struct pit_channel *c) { return c->mode > 5 ? c->mode - 4 : c->mode; }

/* The counting element's value `t` ticks after loading. */
static uint32_t count_at(const struct pit_channel *c, uint64_t t)
{
    uint32_t n = c->reload;
    switch (mode_of(c)) {
    case 2:
        return (uint32_t)(n - t % n);
    case 3: {
        /* decrements by two, twice per period: once through each half */
        uint64_t half = (n + 1) / 2, phase = t % n;
        uint64_t into = phase < half ? phase : phase - half;
        uint64_t v = (uint64_t)(n & ~1u) - 2 * into;
        return (uint32_t)(v ? v : (n & ~1u));
    }
    default:
        return (uint32_t)((n - t % 65536 + 65536) % 65536);
    }
}

static int output_at(const struct pit_channel *c, uint64_t t)
{
    uint32_t n = c->reload;
    switch (mode_of(c)) {
    case 0: return t >= n;
    case 1: return t >= n;
    case 2: return t % n != n - 1;           /* low for one tick at the end of each period */
    case 3: return t % n < (n + 1) / 2;      /* high for the first (longer) half */
    case 4:
    case 5: return t != n;
    default: return 1;
    }
}

/* A low gate suspends counting in modes 0, 2, 3 and 4 (only gate 2 can be low). */
static int suspended(const struct pit_channel *c)
{
    unsigned m = mode_of(c);
    return !c->gate && m != 1 && m != 5;
}

/* Ticks counted since the count was loaded, not counting time spent with the gate low. */
static uint64_t ticks_counted(const struct pit *p, const struct pit_channel *c)
{
    return suspended(c) ? c->held_ticks : ticks_since(p, c);
}

static int output(const struct pit *p, const struct pit_channel *c)
{
    if (!c->counting)
        return mode_of(c) == 0 ? 0 : 1;
    if ((mode_of(c) == 2 || mode_of(c) == 3) && !c->gate)
        return 1;
    return output_at(c, ticks_counted(p, c));
}

/* The first tick after `t` at which OUT changes (counting, gate high), or UINT64_MAX. Mode 2 is low for the last
 * tick of each period, mode 3 high for the first (longer) half; mode 0 rises at the terminal count, mode 4 strobes
 * low for one tick there. Counts of 1 in modes 2 and 3 give no edges. */
static uint64_t next_edge(const struct pit_channel *c, uint64_t t)
{
    uint64_t n = c->reload, base = t / n * n, phase = t % n, half = (n + 1) / 2;
    switch (mode_of(c)) {
    case 0:
        return t < n ? n : UINT64_MAX;
    case 2:
        if (n < 2)
            return UINT64_MAX;
        return phase < n - 1 ? base + n - 1 : base + n;
    case 3:
        if (n < 2)
            return UINT64_MAX;
        return phase < half ? base + half : base + n;
    case 4:
        return t < n ? n : t == n ? n + 1 : UINT64_MAX;
    default:
        return UINT64_MAX;
    }
}

/* IRQ 0 follows OUT0, both edges: the 8259A drops a request whose line falls before the acknowledge, so in mode 3
 * an IRQ 0 not taken within half a period is lost, as on a PC. */
static void set_irq0(struct pit *p, int level)
{
    if (level != p->out0) {
        p->out0 = (uint8_t)level;
        irq_set(&p->irq0, level);
    }
}

/* Arms the timer for the next OUT0 edge after p->edge_tick. With --jitter the IRQ 0 waveform of a periodic mode
 * lags OUT0 by up to half a period, a new lag each period taken at the edge that starts the interrupt (mode 3's
 * rise, mode 2's fall); the counter itself keeps exact time. */
static void schedule_irq0(struct pit *p)
{
    struct pit_channel *c = &p->ch[0];
    timer_cancel(&p->irq_timer);
    if (!c->counting)
        return;
    uint64_t e = next_edge(c, p->edge_tick);
    if (e == UINT64_MAX)
        return;
    unsigned m = mode_of(c);
    if ((m == 3 && output_at(c, e)) || (m == 2 && !output_at(c, e)))
        p->lag_ns = clock_jitter_ns(p->clock, (tick_to_ns(c, c->reload) - tick_to_ns(c, 0)) / 2);
    p->next_tick = e;
    timer_arm_ns(&p->irq_timer, tick_to_ns(c, e) + p->lag_ns);
}

static void irq0_edge(void *opaque)
{
    struct pit *p = opaque;
    p->edge_tick = p->next_tick;
    set_irq0(p, output_at(&p->ch[0], p->edge_tick));
    schedule_irq0(p);
}

/* Counter 0 was reprogrammed: OUT0 takes its new level now and the edges are counted from here. */
static void restart_irq0(struct pit *p)
{
    struct pit_channel *c = &p->ch[0];
    p->lag_ns = 0;
    p->edge_tick = c->counting ? ticks_since(p, c) : 0;
    set_irq0(p, output(p, c));
    schedule_irq0(p);
}

static uint32_t to_bcd(uint32_t v) { return (v % 10) | (v / 10 % 10) << 4 | (v / 100 % 10) << 8 | (v / 1000 % 10) << 12; }
static uint32_t from_bcd(uint32_t v)
{
    return (v & 15) + ((v >> 4) & 15) * 10 + ((v >> 8) & 15) * 100 + ((v >> 12) & 15) * 1000;
}

static uint16_t current_count(const struct pit *p, const struct pit_channel *c)
{
    uint32_t v = c->counting ? count_at(c, ticks_counted(p, c)) : c->reload;
    v &= 0xffff;
    return (uint16_t)(c->bcd ? to_bcd(v % 10000) : v);
}

static void load_count(struct pit *p, int k, uint16_t value)
{
    struct pit_channel *c = &p->ch[k];
    uint32_t n = c->bcd ? from_bcd(value) : value;
    if (n == 0)
        n = c->bcd ? 10000 : 65536;
    c->reload = n;
    /* Modes 1 and 5 wait for a gate trigger (the count reaches the counting element then, and null count clears);
     * the others start counting now, or hold at the count while gate 2 is low. */
    if (mode_of(c) != 1 && mode_of(c) != 5) {
        c->null_count = 0;
        c->counting = 1;
        c->start_ns = clock_ns(p->clock);
        c->held_ticks = 0;
    }
    if (k == 0)
        restart_irq0(p);
}

static void write_counter(struct pit *p, int k, uint8_t v)
{
    struct pit_channel *c = &p->ch[k];
    switch (c->rw) {
    case 1: load_count(p, k, v); break;
    case 2: load_count(p, k, (uint16_t)(v << 8)); break;
    default:
        if (!c->write_high) {
            c->pending = v;
            c->write_high = 1;
            c->null_count = 1;
            if (mode_of(c) == 0 && k == 0) {
                c->counting = 0;                 /* writing the first byte stops mode 0 */
                restart_irq0(p);
            }
        } else {
            c->write_high = 0;
            load_count(p, k, (uint16_t)(c->pending | v << 8));
        }
        break;
    }
}

static uint8_t read_counter(struct pit *p, int k)
{
    struct pit_channel *c = &p->ch[k];
    if (c->status_latched) {
        c->status_latched = 0;
        return c->status;
    }
    uint16_t v = c->latched ? c->latch : current_count(p, c);
    switch (c->rw) {
    case 1:
        c->latched = 0;
        return v & 0xff;
    case 2:
        c->latched = 0;
        return v >> 8;
    default:
        if (!c->read_high) {
            c->read_high = 1;
            return v & 0xff;
        }
        c->read_high = 0;
        c->latched = 0;
        return v >> 8;
    }
}

static void latch_count(struct pit *p, int k)
{
    struct pit_channel *c = &p->ch[k];
    if (!c->latched) {
        c->latch = current_count(p, c);
        c->latched = 1;
        c->read_high = 0;
    }
}

static void read_back(struct pit *p, uint8_t v)
{
    for (int k = 0; k < 3; k++) {
        if (!(v & (2u << k)))
            continue;
        struct pit_channel *c = &p->ch[k];
        if (!(v & 0x10) && !c->status_latched) {
            c->status = (uint8_t)((output(p, c) ? 0x80 : 0) | (c->null_count ? 0x40 : 0) | c->rw << 4 |
                                  c->mode << 1 | c->bcd);
            c->status_latched = 1;
        }
        if (!(v & 0x20))
            latch_count(p, k);
    }
}

static void write_control(struct pit *p, uint8_t v)
{
    int k = v >> 6;
    if (k == 3) {
        read_back(p, v);
        return;
    }
    struct pit_channel *c = &p->ch[k];
    unsigned rw = (v >> 4) & 3;
    if (rw == 0) {
        latch_count(p, k);
        return;
    }
    c->rw = (uint8_t)rw;
    c->mode = (v >> 1) & 7;
    c->bcd = v & 1;
    c->write_high = c->read_high = 0;
    c->latched = c->status_latched = 0;
    c->counting = 0;             /* a new mode waits for a new count */
    c->null_count = 1;
    if (k == 0)
        restart_irq0(p);         /* a control word sets OUT: low in mode 0, high in the others */
}

static uint32_t pit_read(void *opaque, uint16_t port, unsigned size)
{
    struct pit *p = opaque;
    (void)size;
    if (port == 0x61) {
        /* bit 4 toggles every refresh cycle (15.085 us); bit 5 is OUT2 */
        uint64_t refresh = clock_ns(p->clock) / 15085 & 1;
        return (uint32_t)(p->ch[2].gate | p->speaker_enable << 1 | refresh << 4 | output(p, &p->ch[2]) << 5);
    }
    if (port == 0x43)
        return 0xff;
    return read_counter(p, port - 0x40);
}

/* Gate 2 (port 0x61 bit 0): a rising edge restarts modes 1, 2, 3 and 5 (and loads a count waiting for the
 * trigger in modes 1 and 5); low suspends counting in modes 0, 2, 3 and 4, a rising edge resumes modes 0 and 4. */
static void set_gate2(struct pit *p, int gate)
{
    struct pit_channel *c = &p->ch[2];
    unsigned m = mode_of(c);
    if (!gate && c->gate && c->counting && m != 1 && m != 5) {
        c->held_ticks = ticks_since(p, c);
    } else if (gate && !c->gate && (m == 1 || m == 5 || m == 2 || m == 3)) {
        c->counting = 1;
        c->null_count = 0;
        c->start_ns = clock_ns(p->clock);
    } else if (gate && !c->gate && c->counting) {
        uint64_t now = clock_ns(p->clock);
        uint64_t held_ns = tick_to_ns(c, c->held_ticks) - c->start_ns;
        c->start_ns = now >= held_ns ? now - held_ns : 0;
    }
    c->gate = (uint8_t)gate;
}

static void pit_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct pit *p = opaque;
    (void)size;
    uint8_t v = (uint8_t)value;
    if (port == 0x61) {
        set_gate2(p, v & 1);
        p->speaker_enable = (v >> 1) & 1;
    } else if (port == 0x43) {
        write_control(p, v);
    } else {
        write_counter(p, port - 0x40, v);
    }
}

int pit_speaker_output(struct pit *p)
{
    return p->speaker_enable && output(p, &p->ch[2]);
}

uint32_t pit_channel2_hz(const struct pit *p)
{
    const struct pit_channel *c = &p->ch[2];
    if (!p->speaker_enable || !c->gate || !c->counting || mode_of(c) != 3)
        return 0;
    return PIT_HZ / c->reload;
}

static void pit_reset(void *opaque)
{
    struct pit *p = opaque;
    timer_cancel(&p->irq_timer);
    for (int k = 0; k < 3; k++) {
        p->ch[k] = (struct pit_channel){ 0 };
        p->ch[k].reload = 65536;
        p->ch[k].gate = k != 2;  /* gates 0 and 1 are tied high; gate 2 is port 0x61 bit 0 */
        p->ch[k].rw = 3;
    }
    p->speaker_enable = 0;
    p->edge_tick = p->next_tick = p->lag_ns = 0;
    set_irq0(p, 0);              /* counter 0 in mode 0 without a count: OUT0 low */
}

static int pit_post_load(void *opaque)
{
    struct pit *p = opaque;
    for (int k = 0; k < 3; k++)
        if (p->ch[k].reload == 0 || p->ch[k].reload > 65536)
            return -1;
    return 0;
}

static void pit_destroy(void *opaque)
{
    struct pit *p = opaque;
    timer_cancel(&p->irq_timer);
    free(p);
}

#define PIT_CHANNEL_FIELDS(k) \
    STATE_FIELD(struct pit, ch[k].reload), STATE_FIELD(struct pit, ch[k].pending), \
    STATE_FIELD(struct pit, ch[k].mode), STATE_FIELD(struct pit, ch[k].rw), STATE_FIELD(struct pit, ch[k].bcd), \
    STATE_FIELD(struct pit, ch[k].write_high), STATE_FIELD(struct pit, ch[k].read_high), \
    STATE_FIELD(struct pit, ch[k].latched), STATE_FIELD(struct pit, ch[k].status_latched), \
    STATE_FIELD(struct pit, ch[k].latch), STATE_FIELD(struct pit, ch[k].status), \
    STATE_FIELD(struct pit, ch[k].gate), STATE_FIELD(struct pit, ch[k].counting), \
    STATE_FIELD(struct pit, ch[k].null_count), STATE_FIELD(struct pit, ch[k].start_ns), \
    STATE_FIELD(struct pit, ch[k].held_ticks)

static const struct state_field pit_fields[] = {
    PIT_CHANNEL_FIELDS(0), PIT_CHANNEL_FIELDS(1), PIT_CHANNEL_FIELDS(2),
    STATE_FIELD(struct pit, speaker_enable), STATE_FIELD(struct pit, out0),
    STATE_FIELD(struct pit, edge_tick), STATE_FIELD(struct pit, next_tick), STATE_FIELD(struct pit, lag_ns),
    STATE_TIMER(struct pit, irq_timer),
    STATE_END,
};

static const struct device_type pit_type = {
    .name = "pit",
    .version = 3,
    .fields = pit_fields,
    .reset = pit_reset,
    .post_load = pit_post_load,
    .destroy = pit_destroy,
};

struct pit *pit_create(const struct board_services *bs, struct irq_line irq0)
{
    struct pit *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->irq0 = irq0;
    p->clock = bs->clock;
    timer_init(&p->irq_timer, bs->clock, irq0_edge, p, "pit-irq0");
    if (ports_register(bs->ports, 0x40, 4, pit_read, pit_write, p, "pit", 0) < 0 ||
        ports_register(bs->ports, 0x61, 1, pit_read, pit_write, p, "port61", 0) < 0 ||
        device_register(bs->devices, &pit_type, p, NULL) < 0) {
        free(p);
        return NULL;
    }
    pit_reset(p);
    return p;
}
