/* A board-less environment for device tests: a port space, a little RAM, a clock the test advances, a device
 * list, and interrupt lines that record their level and count rising edges. */
#ifndef X86PC_TESTS_DEVICE_RIG_H
#define X86PC_TESTS_DEVICE_RIG_H

#include "devices/device.h"

struct line_probe {
    int level;
    unsigned rises;
};

static void probe_set(void *opaque, int n, int level)
{
    struct line_probe *p = (struct line_probe *)opaque + n;
    if (level && !p->level)
        p->rises++;
    p->level = level;
}

struct rig {
    struct ports ports;
    struct phys phys;
    struct clock clock;
    struct device_list devices;
    struct board_services bs;
    struct line_probe line[16];
};

static inline void rig_init(struct rig *r)
{
    ports_init(&r->ports);
    phys_init(&r->phys, 1 << 20);
    clock_init(&r->clock, 100000000);        /* 100 M instructions per second: 1 instruction = 10 ns */
    r->devices.n = 0;
    r->bs = (struct board_services){ &r->ports, &r->phys, &r->clock, &r->devices };
    for (int k = 0; k < 16; k++)
        r->line[k] = (struct line_probe){ 0, 0 };
}

static inline struct irq_line rig_line(struct rig *r, int n)
{
    struct irq_line l = { probe_set, r->line, n };
    return l;
}

static inline void rig_advance_ns(struct rig *r, uint64_t ns)
{
    clock_advance(&r->clock, clock_ns_to_icount(&r->clock, clock_ns(&r->clock) + ns) - r->clock.own_icount);
}

static inline void rig_free(struct rig *r)
{
    for (unsigned k = r->devices.n; k-- > 0;)
        if (r->devices.entry[k].type->destroy)
            r->devices.entry[k].type->destroy(r->devices.entry[k].dev);
    phys_free(&r->phys);
}

static inline uint8_t inb(struct rig *r, uint16_t port) { return (uint8_t)ports_read(&r->ports, port, 1); }
static inline void outb(struct rig *r, uint16_t port, uint8_t v) { ports_write(&r->ports, port, v, 1); }

#endif
