/* The 8259A pair (see pic.h). Behaviour from the Intel 8259A datasheet: fully nested priority with rotation,
 * edge or level triggering, specific and non-specific EOI, automatic EOI, special mask, poll, cascade.
 *
 * Requests that vanish (datasheet, "Edge and level triggered modes"): in both modes an IR input must stay high
 * until the first INTA; if it goes low before, the 8259A answers the INTA with its IR7 vector and sets no ISR
 * bit. So a falling input clears its IRR bit in edge mode too (the priority cell's request latch follows the
 * line; QEMU instead keeps an edge latched), while the INT output, once raised, stays high until the INTA
 * sequence (or a poll read, or ICW1): the CPU still acknowledges and gets the default IR7 vector. Bochs models
 * it the same way. A device that pulses its line (irq_pulse: up and down within one instruction, e.g. the
 * parallel port's ACK or the HPET's edge mode) stands for a pulse long enough to be acknowledged, so such a pulse
 * stays latched; devices with a real waveform (the PIT's OUT0, the RTC's IRQ8) drive both edges at their time. */
#include "devices/pic.h"

#include <stdlib.h>

/* The highest-priority bit of `mask` in the chip's current rotation, as 0-7, or 8 when none. */
static int highest(const struct pic_chip *c, uint8_t mask)
{
    for (int k = 0; k < 8; k++) {
        int irq = (k + c->priority_add) & 7;
        if (mask & (1u << irq))
            return irq;
    }
    return 8;
}

/* The request this chip would present now, or -1. In special mask mode, masked in-service levels do not block. */
static int pending_irq(const struct pic_chip *c)
{
    uint8_t req = c->irr & ~c->imr;
    int irq = highest(c, req);
    if (irq == 8)
        return -1;
    uint8_t in_service = c->special_mask ? c->isr & ~c->imr : c->isr;
    int busy = highest(c, in_service);
    /* A request goes out only with a higher priority than everything in service (position in rotation). */
    int irq_pos = (irq - c->priority_add) & 7, busy_pos = busy == 8 ? 8 : ((busy - c->priority_add) & 7);
    return irq_pos < busy_pos ? irq : -1;
}

static void update(struct pic *p);

/* Input `n` of chip c changed to `level`. A request is set by a rising edge (edge mode) or a high line (level
 * mode) and, in both modes, goes away with the line, except for a pulse (see the top of the file). */
static void set_input(struct pic *p, struct pic_chip *c, int n, int level)
{
    uint8_t bit = 1u << n;
    int level_triggered = (c->elcr & bit) || c->level_mode;
    if (level) {
        if (level_triggered || !(c->lines & bit)) {
            c->irr |= bit;
            if (!(c->lines & bit))
                c->rise_icount[n] = clock_icount(p->clock);
        }
        c->lines |= bit;
    } else {
        /* (a line that was low already changes nothing: a latched pulse stays) */
        if (level_triggered || ((c->lines & bit) && c->rise_icount[n] != clock_icount(p->clock)))
            c->irr &= ~bit;
        c->lines &= ~bit;
    }
}

/* The INT output: raised when the chip has a request to present, then held until the INTA sequence. */
static void update_int(struct pic_chip *c)
{
    if (pending_irq(c) >= 0)
        c->int_out = 1;
}

/* The slave's INT output is the master's IR2 input, edge-sensitive like any other (the ELCR cannot make IRQ 2
 * level-triggered). The slave's INT stays high once raised, so a slave request that vanishes before the INTA
 * leaves IR2 high: the master acknowledges IR2 (ISR bit 2 set) and the slave answers with its IRQ7 vector
 * (spurious IRQ15). The slave's INT drops in that INTA sequence; a slave request still waiting then raises it
 * again, a new edge on IR2. */
static void update(struct pic *p)
{
    update_int(&p->chip[1]);
    if (!(p->chip[0].lines & (1u << 2)) != !p->chip[1].int_out)
        set_input(p, &p->chip[0], 2, p->chip[1].int_out);
    update_int(&p->chip[0]);
    int level = p->chip[0].int_out;
    if (level != p->intr_level) {
        p->intr_level = (uint8_t)level;
        irq_set(&p->intr_out, level);
    }
}

void pic_set_irq(void *opaque, int irq, int level)
{
    struct pic *p = opaque;
    if (irq < 0 || irq > 15)
        return;
    set_input(p, &p->chip[irq >> 3], irq & 7, level != 0);
    update(p);
}

int pic_has_interrupt(const struct pic *p)
{
    return p->intr_level;
}

/* Accepts `irq` on chip c: ISR set (unless AEOI), IRR cleared for edge inputs. */
static void accept(struct pic_chip *c, int irq)
{
    uint8_t bit = 1u << irq;
    if (c->auto_eoi) {
        if (c->rotate_on_aeoi)
            c->priority_add = (uint8_t)((irq + 1) & 7);
    } else {
        c->isr |= bit;
    }
    if (!((c->elcr & bit) || c->level_mode))
        c->irr &= ~bit;
}

int pic_acknowledge(struct pic *p)
{
    struct pic_chip *m = &p->chip[0], *s = &p->chip[1];
    int irq = pending_irq(m);
    int vector;
    m->int_out = 0;                                  /* INT drops in the INTA sequence */
    if (irq < 0) {
        vector = m->vector_base + 7;                 /* spurious IRQ7: no ISR bit */
    } else if (irq == 2 && !m->single) {
        int sirq = pending_irq(s);
        accept(m, 2);
        s->int_out = 0;          /* the slave's INT (IR2) drops too: a request still waiting there is a new edge */
        set_input(p, m, 2, 0);
        if (sirq < 0) {
            vector = s->vector_base + 7;             /* spurious IRQ15 */
        } else {
            accept(s, sirq);
            vector = s->vector_base + sirq;
        }
    } else {
        accept(m, irq);
        vector = m->vector_base + irq;
    }
    update(p);
    return vector;
}

/* The poll command: the next read returns 80h | level of the highest request (and acknowledges it), or 0. */
static uint8_t poll_read(struct pic *p, int chip)
{
    struct pic_chip *c = &p->chip[chip];
    c->poll = 0;
    c->int_out = 0;              /* the read is the chip's INTA */
    int irq = pending_irq(c);
    if (irq >= 0)
        accept(c, irq);
    update(p);
    return irq < 0 ? 0 : (uint8_t)(0x80 | irq);
}

static void write_icw1(struct pic_chip *c, uint8_t v)
{
    c->needs_icw4 = v & 1;
    c->single = (v >> 1) & 1;
    c->level_mode = (v >> 3) & 1;
    c->imr = 0;
    c->isr = 0;
    c->irr &= c->lines & c->elcr;    /* edge detection restarts */
    c->int_out = 0;
    c->priority_add = 0;
    c->special_mask = c->read_isr = c->poll = 0;
    c->auto_eoi = c->rotate_on_aeoi = 0;
    c->init_step = 2;
}

static void write_ocw2(struct pic_chip *c, uint8_t v)
{
    unsigned cmd = v >> 5, level = v & 7;
    int irq;
    switch (cmd) {
    case 1:                      /* non-specific EOI */
    case 5:                      /* rotate on non-specific EOI */
        irq = highest(c, c->isr);
        if (irq < 8) {
            c->isr &= ~(1u << irq);
            if (cmd == 5)
                c->priority_add = (uint8_t)((irq + 1) & 7);
        }
        break;
    case 3:                      /* specific EOI */
        c->isr &= ~(1u << level);
        break;
    case 7:                      /* rotate on specific EOI */
        c->isr &= ~(1u << level);
        c->priority_add = (uint8_t)((level + 1) & 7);
        break;
    case 4:                      /* set / clear rotate in automatic EOI mode */
        c->rotate_on_aeoi = 1;
        break;
    case 0:
        c->rotate_on_aeoi = 0;
        break;
    case 6:                      /* set priority: `level` becomes the lowest */
        c->priority_add = (uint8_t)((level + 1) & 7);
        break;
    default:
        break;
    }
}

static void write_ocw3(struct pic_chip *c, uint8_t v)
{
    if (v & 4)
        c->poll = 1;
    if (v & 2)
        c->read_isr = v & 1;
    if (v & 0x40)
        c->special_mask = (v >> 5) & 1;
}

static void pic_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct pic *p = opaque;
    (void)size;
    uint8_t v = (uint8_t)value;
    if (port == 0x4d0 || port == 0x4d1) {
        struct pic_chip *c = &p->chip[port & 1];
        c->elcr = v & c->elcr_mask;
        update(p);
        return;
    }
    int chip = port >= 0xa0;
    struct pic_chip *c = &p->chip[chip];
    if (!(port & 1)) {
        if (v & 0x10)
            write_icw1(c, v);
        else if (v & 0x08)
            write_ocw3(c, v);
        else
            write_ocw2(c, v);
    } else if (c->init_step == 2) {
        c->vector_base = v & 0xf8;
        c->init_step = c->single ? (c->needs_icw4 ? 4 : 0) : 3;
    } else if (c->init_step == 3) {
        c->init_step = c->needs_icw4 ? 4 : 0;        /* the cascade wiring is fixed: IRQ2 */
    } else if (c->init_step == 4) {
        c->auto_eoi = (v >> 1) & 1;
        c->init_step = 0;
    } else {
        c->imr = v;
    }
    update(p);
}

static uint32_t pic_read(void *opaque, uint16_t port, unsigned size)
{
    struct pic *p = opaque;
    (void)size;
    if (port == 0x4d0 || port == 0x4d1)
        return p->chip[port & 1].elcr;
    int chip = port >= 0xa0;
    struct pic_chip *c = &p->chip[chip];
    if (c->poll)
        return poll_read(p, chip);
    if (port & 1)
        return c->imr;
    return c->read_isr ? c->isr : c->irr;
}

static void pic_reset(void *opaque)
{
    struct pic *p = opaque;
    for (int k = 0; k < 2; k++) {
        struct pic_chip *c = &p->chip[k];
        uint8_t mask = c->elcr_mask, lines = c->lines;
        *c = (struct pic_chip){ 0 };
        c->elcr_mask = mask;
        c->lines = lines;
        for (int n = 0; n < 8; n++)
            c->rise_icount[n] = UINT64_MAX;
    }
    update(p);
}

static int pic_post_load(void *opaque)
{
    struct pic *p = opaque;
    for (int k = 0; k < 2; k++)
        for (int n = 0; n < 8; n++)
            p->chip[k].rise_icount[n] = UINT64_MAX;      /* no pulse spans a snapshot */
    irq_set(&p->intr_out, p->intr_level);
    return 0;
}

static const struct state_field pic_fields[] = {
    STATE_FIELD(struct pic, chip[0].irr), STATE_FIELD(struct pic, chip[0].isr), STATE_FIELD(struct pic, chip[0].imr),
    STATE_FIELD(struct pic, chip[0].lines), STATE_FIELD(struct pic, chip[0].elcr),
    STATE_FIELD(struct pic, chip[0].vector_base), STATE_FIELD(struct pic, chip[0].priority_add),
    STATE_FIELD(struct pic, chip[0].init_step), STATE_FIELD(struct pic, chip[0].needs_icw4),
    STATE_FIELD(struct pic, chip[0].single), STATE_FIELD(struct pic, chip[0].level_mode),
    STATE_FIELD(struct pic, chip[0].auto_eoi), STATE_FIELD(struct pic, chip[0].rotate_on_aeoi),
    STATE_FIELD(struct pic, chip[0].special_mask), STATE_FIELD(struct pic, chip[0].read_isr),
    STATE_FIELD(struct pic, chip[0].poll), STATE_FIELD(struct pic, chip[0].int_out),
    STATE_FIELD(struct pic, chip[1].irr), STATE_FIELD(struct pic, chip[1].isr), STATE_FIELD(struct pic, chip[1].imr),
    STATE_FIELD(struct pic, chip[1].lines), STATE_FIELD(struct pic, chip[1].elcr),
    STATE_FIELD(struct pic, chip[1].vector_base), STATE_FIELD(struct pic, chip[1].priority_add),
    STATE_FIELD(struct pic, chip[1].init_step), STATE_FIELD(struct pic, chip[1].needs_icw4),
    STATE_FIELD(struct pic, chip[1].single), STATE_FIELD(struct pic, chip[1].level_mode),
    STATE_FIELD(struct pic, chip[1].auto_eoi), STATE_FIELD(struct pic, chip[1].rotate_on_aeoi),
    STATE_FIELD(struct pic, chip[1].special_mask), STATE_FIELD(struct pic, chip[1].read_isr),
    STATE_FIELD(struct pic, chip[1].poll), STATE_FIELD(struct pic, chip[1].int_out),
    STATE_FIELD(struct pic, intr_level),
    STATE_END,
};

static const struct device_type pic_type = {
    .name = "pic",
    .version = 2,
    .fields = pic_fields,
    .reset = pic_reset,
    .post_load = pic_post_load,
    .destroy = free,
};

struct pic *pic_create(const struct board_services *bs, struct irq_line intr_out)
{
    struct pic *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->intr_out = intr_out;
    p->clock = bs->clock;
    for (int k = 0; k < 2; k++)
        for (int n = 0; n < 8; n++)
            p->chip[k].rise_icount[n] = UINT64_MAX;
    p->chip[0].elcr_mask = 0xf8;     /* IRQ 0, 1, 2 cannot be level-triggered */
    p->chip[1].elcr_mask = 0xde;     /* nor IRQ 8 and 13 */
    if (ports_register(bs->ports, 0x20, 2, pic_read, pic_write, p, "pic-master", 0) < 0 ||
        ports_register(bs->ports, 0xa0, 2, pic_read, pic_write, p, "pic-slave", 0) < 0 ||
        ports_register(bs->ports, 0x4d0, 2, pic_read, pic_write, p, "elcr", 0) < 0 ||
        device_register(bs->devices, &pic_type, p, NULL) < 0) {
        free(p);
        return NULL;
    }
    return p;
}
