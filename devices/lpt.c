/* The parallel port (see lpt.h). Register layout of the IBM PC parallel printer adapter (standard and PS/2
 * bidirectional modes). */
#include "devices/lpt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { STATUS_BUSY_N = 0x80, STATUS_ACK_N = 0x40, STATUS_SELECT = 0x10, STATUS_ERROR_N = 0x08 };
enum { CTRL_STROBE = 0x01, CTRL_INIT_N = 0x04, CTRL_IRQ = 0x10, CTRL_INPUT = 0x20 };

static uint8_t status(struct lpt *p)
{
    uint8_t s = STATUS_BUSY_N | STATUS_SELECT | STATUS_ERROR_N | 0x07;
    if (!p->ack_pending)
        s |= STATUS_ACK_N;
    p->ack_pending = 0;          /* the nACK pulse is over by the next look */
    return s;
}

static void strobe(struct lpt *p)
{
    if (p->out)
        fputc(p->data, p->out);
    p->printed++;
    p->ack_pending = 1;
    if (p->control & CTRL_IRQ)
        irq_pulse(&p->irq);
}

static uint32_t lpt_read(void *opaque, uint16_t port, unsigned size)
{
    struct lpt *p = opaque;
    (void)size;
    switch (port & 3) {
    case 0: return (p->control & CTRL_INPUT) ? 0xff : p->data;
    case 1: return status(p);
    case 2: return p->control | 0xc0;
    default: return 0xff;
    }
}

static void lpt_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct lpt *p = opaque;
    (void)size;
    uint8_t v = (uint8_t)value;
    if ((port & 3) == 0) {
        p->data = v;
    } else if ((port & 3) == 2) {
        int rising = (v & CTRL_STROBE) && !(p->control & CTRL_STROBE);
        p->control = v & 0x3f;
        if (rising && (v & CTRL_INIT_N))
            strobe(p);
    }
}

static void lpt_reset(void *opaque)
{
    struct lpt *p = opaque;
    p->data = 0;
    p->control = CTRL_INIT_N;
    p->ack_pending = 0;
}

static void lpt_destroy(void *opaque)
{
    struct lpt *p = opaque;
    if (p->out)
        fclose(p->out);
    free(p);
}

static const struct state_field lpt_fields[] = {
    STATE_FIELD(struct lpt, data), STATE_FIELD(struct lpt, control), STATE_FIELD(struct lpt, ack_pending),
    STATE_END,
};

static const struct device_type lpt_type = {
    .name = "lpt",
    .version = 1,
    .fields = lpt_fields,
    .reset = lpt_reset,
    .destroy = lpt_destroy,
};

struct lpt *lpt_create(const struct board_services *bs, uint16_t base, struct irq_line irq, const char *spec,
                       char *err, size_t errlen)
{
    if (spec && strncmp(spec, "file:", 5) != 0) {
        snprintf(err, errlen, "-parallel %s: expected file:PATH or none", spec);
        return NULL;
    }
    struct lpt *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    p->irq = irq;
    if (spec && !(p->out = fopen(spec + 5, "wb"))) {
        snprintf(err, errlen, "-parallel %s: %s", spec, strerror(errno));
        free(p);
        return NULL;
    }
    if (ports_register(bs->ports, base, 3, lpt_read, lpt_write, p, "lpt", 0) < 0 ||
        device_register(bs->devices, &lpt_type, p, NULL) < 0) {
        snprintf(err, errlen, "lpt: cannot claim ports %#x-%#x", base, base + 2);
        lpt_destroy(p);
        return NULL;
    }
    lpt_reset(p);
    return p;
}
