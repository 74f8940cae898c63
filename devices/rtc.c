/* The MC146818 RTC and CMOS (see rtc.h). Register layout from the Motorola MC146818A datasheet. */
#include "devices/rtc.h"

#include <stdlib.h>
#include <string.h>

enum { REG_A = 0x0a, REG_B = 0x0b, REG_C = 0x0c, REG_D = 0x0d };
enum { B_SET = 0x80, B_PIE = 0x40, B_AIE = 0x20, B_UIE = 0x10, B_BINARY = 0x04, B_24H = 0x02 };
enum { C_IRQF = 0x80, C_PF = 0x40, C_AF = 0x20, C_UF = 0x10 };
enum { UIP_NS = 244000 };        /* the update-in-progress window before each second's update */

static const uint8_t days_in_month[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

struct broken_time {
    int year, month, day, hour, minute, second, weekday;
};

static void to_broken(int64_t t, struct broken_time *b)
{
    int64_t days = t / 86400, rem = t % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    b->hour = (int)(rem / 3600);
    b->minute = (int)(rem / 60 % 60);
    b->second = (int)(rem % 60);
    b->weekday = (int)((days + 4) % 7 + 7) % 7 + 1;    /* 1970-01-01 was a Thursday; Sunday = 1 */
    int y = 1970;
    while (days < 0 || days >= (leap(y) ? 366 : 365)) {
        if (days < 0) {
            y--;
            days += leap(y) ? 366 : 365;
        } else {
            days -= leap(y) ? 366 : 365;
            y++;
        }
    }
    int m = 0;
    while (days >= days_in_month[m] + (m == 1 && leap(y))) {
        days -= days_in_month[m] + (m == 1 && leap(y));
        m++;
    }
    b->year = y;
    b->month = m + 1;
    b->day = (int)days + 1;
}

static int64_t from_broken(const struct broken_time *b)
{
    int64_t days = 0;
    for (int y = 1970; y < b->year; y++)
        days += leap(y) ? 366 : 365;
    for (int m = 0; m < b->month - 1 && m < 12; m++)
        days += days_in_month[m] + (m == 1 && leap(b->year));
    days += b->day - 1;
    return days * 86400 + b->hour * 3600 + b->minute * 60 + b->second;
}

/* Register A's divider bits DV2-DV0 = 11x hold the divider chain in reset: no updates. */
static int divider_reset(const struct rtc *r) { return ((r->cmos[REG_A] >> 4) & 6) == 6; }

/* Seconds now, from the last update point; time stands still while SET is on or the divider is in reset. */
static int64_t now_seconds(const struct rtc *r)
{
    if (r->frozen || divider_reset(r))
        return r->base_seconds;
    return r->base_seconds + (int64_t)((clock_ns(r->clock) - r->base_ns) / 1000000000u);
}

/* A new count of seconds from now on, keeping the phase of the divider chain: the next update comes when it
 * would have come (the second timer stays armed for it), as SET and time writes leave the divider alone. */
static void restart_seconds(struct rtc *r, int64_t seconds)
{
    uint64_t now = clock_ns(r->clock);
    r->base_seconds = seconds;
    r->base_ns = now - (now - r->base_ns) % 1000000000u;
}

static uint8_t encode(const struct rtc *r, int v)
{
    return (r->cmos[REG_B] & B_BINARY) ? (uint8_t)v : (uint8_t)((v / 10) << 4 | v % 10);
}

static int decode(const struct rtc *r, uint8_t v)
{
    return (r->cmos[REG_B] & B_BINARY) ? v : (v >> 4) * 10 + (v & 15);
}

static uint8_t encode_hour(const struct rtc *r, int hour)
{
    if (r->cmos[REG_B] & B_24H)
        return encode(r, hour);
    int h12 = hour % 12 == 0 ? 12 : hour % 12;
    return (uint8_t)(encode(r, h12) | (hour >= 12 ? 0x80 : 0));
}

static int decode_hour(const struct rtc *r, uint8_t v)
{
    if (r->cmos[REG_B] & B_24H)
        return decode(r, v);
    int h = decode(r, v & 0x7f) % 12;
    return h + ((v & 0x80) ? 12 : 0);
}

static uint8_t time_register(const struct rtc *r, int index)
{
    struct broken_time b;
    to_broken(now_seconds(r), &b);
    switch (index) {
    case 0x00: return encode(r, b.second);
    case 0x02: return encode(r, b.minute);
    case 0x04: return encode_hour(r, b.hour);
    case 0x06: return encode(r, b.weekday);
    case 0x07: return encode(r, b.day);
    case 0x08: return encode(r, b.month);
    case 0x09: return encode(r, b.year % 100);
    case 0x32: return encode(r, b.year / 100);
    default: return 0;
    }
}

static void set_time_register(struct rtc *r, int index, uint8_t v)
{
    struct broken_time b;
    to_broken(now_seconds(r), &b);
    switch (index) {
    case 0x00: b.second = decode(r, v) % 60; break;
    case 0x02: b.minute = decode(r, v) % 60; break;
    case 0x04: b.hour = decode_hour(r, v) % 24; break;
    case 0x07: b.day = decode(r, v) ? decode(r, v) : 1; break;
    case 0x08: b.month = decode(r, v) >= 1 && decode(r, v) <= 12 ? decode(r, v) : 1; break;
    case 0x09: b.year = b.year / 100 * 100 + decode(r, v) % 100; break;
    case 0x32: b.year = decode(r, v) * 100 + b.year % 100; break;
    default: return;
    }
    restart_seconds(r, from_broken(&b));
}

static uint64_t periodic_ns(const struct rtc *r);

static void raise_flags(struct rtc *r, uint8_t flags)
{
    r->cmos[REG_C] |= flags;
    if ((flags & C_PF && r->cmos[REG_B] & B_PIE) || (flags & C_AF && r->cmos[REG_B] & B_AIE) ||
        (flags & C_UF && r->cmos[REG_B] & B_UIE)) {
        if (!(r->cmos[REG_C] & C_IRQF)) {
            r->cmos[REG_C] |= C_IRQF;
            irq_set(&r->irq, 1);
        }
    }
}

/* IRQF = PF.PIE + AF.AIE + UF.UIE (datasheet): enabling an interrupt whose flag is already set raises IRQ 8 at
 * once, and disabling it lowers the line. */
static void update_irqf(struct rtc *r)
{
    int want = (r->cmos[REG_C] & r->cmos[REG_B] & (C_PF | C_AF | C_UF)) != 0;
    if (want == ((r->cmos[REG_C] & C_IRQF) != 0))
        return;
    r->cmos[REG_C] = (uint8_t)(want ? r->cmos[REG_C] | C_IRQF : r->cmos[REG_C] & ~C_IRQF);
    irq_set(&r->irq, want);
}

/* PF is set at the periodic rate whether or not PIE asks for the interrupt; without PIE no timer runs, so a
 * register C read works out whether a period ended since the last read. */
static void poll_periodic_flag(struct rtc *r)
{
    uint64_t period = periodic_ns(r), now = clock_ns(r->clock);
    if (period && !(r->cmos[REG_B] & B_PIE) && now / period > r->pf_seen_ns / period)
        r->cmos[REG_C] |= C_PF;
    r->pf_seen_ns = now;
}

static int alarm_matches(const struct rtc *r)
{
    struct broken_time b;
    to_broken(now_seconds(r), &b);
    /* values C0h-FFh are "don't care" */
    return (r->alarm_s >= 0xc0 || decode(r, r->alarm_s) == b.second) &&
           (r->alarm_m >= 0xc0 || decode(r, r->alarm_m) == b.minute) &&
           (r->alarm_h >= 0xc0 || decode_hour(r, r->alarm_h) == b.hour);
}

static void arm_second(struct rtc *r)
{
    uint64_t now = clock_ns(r->clock);
    uint64_t next = r->base_ns + ((now - r->base_ns) / 1000000000u + 1) * 1000000000u;
    timer_arm_ns(&r->second_timer, next);
}

/* Each second: the update cycle ends; UF, and AF when the alarm matches. */
static void second_tick(void *opaque)
{
    struct rtc *r = opaque;
    if (!r->frozen && !divider_reset(r)) {
        uint8_t flags = C_UF;
        if (alarm_matches(r))
            flags |= C_AF;
        raise_flags(r, flags);
    }
    arm_second(r);
}

/* Register A's rate select: 0 = off; 1 and 2 behave as 8 and 9 (the datasheet's 32.768 kHz time base). */
static uint64_t periodic_ns(const struct rtc *r)
{
    unsigned rate = r->cmos[REG_A] & 15;
    if (rate == 0)
        return 0;
    if (rate < 3)
        rate += 7;
    return 1000000000ull * (1u << (rate - 1)) / 32768;
}

static void arm_periodic(struct rtc *r)
{
    uint64_t period = periodic_ns(r);
    timer_cancel(&r->periodic_timer);
    if (period && (r->cmos[REG_B] & B_PIE))
        timer_arm_ns(&r->periodic_timer, (clock_ns(r->clock) / period + 1) * period);
}

static void periodic_tick(void *opaque)
{
    struct rtc *r = opaque;
    raise_flags(r, C_PF);
    arm_periodic(r);
}

uint8_t rtc_cmos_read(struct rtc *r, int index)
{
    index &= 0x7f;
    switch (index) {
    case 0x00: case 0x02: case 0x04: case 0x06: case 0x07: case 0x08: case 0x09: case 0x32:
        return time_register(r, index);
    case 0x01: return r->alarm_s;
    case 0x03: return r->alarm_m;
    case 0x05: return r->alarm_h;
    case REG_A: {
        uint64_t into = (clock_ns(r->clock) - r->base_ns) % 1000000000u;
        int uip = !r->frozen && !divider_reset(r) && into >= 1000000000u - UIP_NS;
        return (uint8_t)((r->cmos[REG_A] & 0x7f) | (uip ? 0x80 : 0));
    }
    case REG_C: {
        poll_periodic_flag(r);
        uint8_t v = r->cmos[REG_C];
        r->cmos[REG_C] = 0;      /* reading C acknowledges every flag */
        if (v & C_IRQF)
            irq_set(&r->irq, 0);
        return v;
    }
    case REG_D:
        return 0x80;             /* valid RAM and time */
    default:
        return r->cmos[index];
    }
}

void rtc_cmos_write(struct rtc *r, int index, uint8_t v)
{
    index &= 0x7f;
    switch (index) {
    case 0x00: case 0x02: case 0x04: case 0x06: case 0x07: case 0x08: case 0x09: case 0x32:
        set_time_register(r, index, v);
        break;
    case 0x01: r->alarm_s = v; break;
    case 0x03: r->alarm_m = v; break;
    case 0x05: r->alarm_h = v; break;
    case REG_A: {
        int was_reset = divider_reset(r);
        if (!was_reset)
            r->base_seconds = now_seconds(r);
        r->cmos[REG_A] = v & 0x7f;
        if (was_reset && !divider_reset(r)) {
            /* out of reset, the first update comes half a second later */
            uint64_t now = clock_ns(r->clock);
            r->base_ns = now >= 500000000u ? now - 500000000u : now;
            arm_second(r);
        } else if (!was_reset) {
            restart_seconds(r, r->base_seconds);
        }
        arm_periodic(r);
        break;
    }
    case REG_B:
        if ((v & B_SET) && !r->frozen) {
            r->base_seconds = now_seconds(r);
            r->frozen = 1;
        } else if (!(v & B_SET) && r->frozen) {
            r->frozen = 0;
            restart_seconds(r, r->base_seconds);
        }
        r->cmos[REG_B] = (v & B_SET) ? (uint8_t)(v & ~B_UIE) : v;
        arm_periodic(r);
        update_irqf(r);
        break;
    case REG_C:
    case REG_D:
        break;                   /* read-only */
    default:
        r->cmos[index] = v;
        break;
    }
}

void rtc_cmos_update_checksum(struct rtc *r)
{
    unsigned sum = 0;
    for (int k = 0x10; k <= 0x2d; k++)
        sum += r->cmos[k];
    r->cmos[0x2e] = (uint8_t)(sum >> 8);
    r->cmos[0x2f] = (uint8_t)sum;
}

int rtc_nmi_masked(const struct rtc *r)
{
    return r->nmi_masked;
}

static uint32_t rtc_port_read(void *opaque, uint16_t port, unsigned size)
{
    struct rtc *r = opaque;
    (void)size;
    return port == 0x71 ? rtc_cmos_read(r, r->index) : 0xff;
}

static void rtc_port_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct rtc *r = opaque;
    (void)size;
    if (port == 0x70) {
        r->index = value & 0x7f;
        r->nmi_masked = (value >> 7) & 1;
    } else {
        rtc_cmos_write(r, r->index, (uint8_t)value);
    }
}

/* A reset clears the interrupt enables and flags; time and NVRAM survive (the chip has its own battery). */
static void rtc_reset(void *opaque)
{
    struct rtc *r = opaque;
    r->cmos[REG_B] &= (uint8_t)~(B_PIE | B_AIE | B_UIE);
    r->cmos[REG_C] = 0;
    irq_set(&r->irq, 0);
    arm_periodic(r);
}

static int rtc_post_load(void *opaque)
{
    struct rtc *r = opaque;
    irq_set(&r->irq, (r->cmos[REG_C] & C_IRQF) != 0);
    return 0;
}

static void rtc_destroy(void *opaque)
{
    struct rtc *r = opaque;
    timer_cancel(&r->second_timer);
    timer_cancel(&r->periodic_timer);
    free(r);
}

static const struct state_field rtc_fields[] = {
    STATE_ARRAY(struct rtc, cmos), STATE_FIELD(struct rtc, index), STATE_FIELD(struct rtc, nmi_masked),
    STATE_FIELD(struct rtc, base_seconds), STATE_FIELD(struct rtc, base_ns), STATE_FIELD(struct rtc, frozen),
    STATE_FIELD(struct rtc, alarm_s), STATE_FIELD(struct rtc, alarm_m), STATE_FIELD(struct rtc, alarm_h),
    STATE_FIELD(struct rtc, pf_seen_ns),
    STATE_TIMER(struct rtc, second_timer), STATE_TIMER(struct rtc, periodic_timer),
    STATE_END,
};

static const struct device_type rtc_type = {
    .name = "rtc",
    .version = 2,
    .fields = rtc_fields,
    .reset = rtc_reset,
    .post_load = rtc_post_load,
    .destroy = rtc_destroy,
};

struct rtc *rtc_create(const struct board_services *bs, struct irq_line irq, int64_t base_seconds)
{
    struct rtc *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->irq = irq;
    r->clock = bs->clock;
    r->base_seconds = base_seconds;
    r->base_ns = clock_ns(bs->clock);
    r->cmos[REG_A] = 0x26;
    r->cmos[REG_B] = B_24H;
    timer_init(&r->second_timer, bs->clock, second_tick, r, "rtc-second");
    timer_init(&r->periodic_timer, bs->clock, periodic_tick, r, "rtc-periodic");
    if (ports_register(bs->ports, 0x70, 2, rtc_port_read, rtc_port_write, r, "rtc", 0) < 0 ||
        device_register(bs->devices, &rtc_type, r, NULL) < 0) {
        free(r);
        return NULL;
    }
    arm_second(r);
    return r;
}
