/* The I/O port space (see ports.h). */
#include "mem/ports.h"

#include <string.h>

void ports_init(struct ports *p)
{
    memset(p, 0, sizeof *p);
    p->n_handlers = 1;           /* slot 0 means "unclaimed" */
}

int ports_register(struct ports *p, uint16_t base, unsigned count, port_read_fn *rd, port_write_fn *wr,
                   void *opaque, const char *name, unsigned flags)
{
    if (p->n_handlers > PORTS_MAX_HANDLERS || (uint32_t)base + count > 65536)
        return -1;
    for (unsigned i = 0; i < count; i++)
        if (p->owner[base + i])
            return -1;
    unsigned h = p->n_handlers++;
    p->handler[h] = (struct port_handler){ rd, wr, opaque, name, flags };
    for (unsigned i = 0; i < count; i++)
        p->owner[base + i] = (uint8_t)h;
    return 0;
}

void ports_unregister(struct ports *p, uint16_t base, unsigned count)
{
    for (unsigned i = 0; i < count && (uint32_t)base + i < 65536; i++)
        p->owner[base + i] = 0;
}

static uint32_t read_one(struct ports *p, uint16_t port, unsigned size)
{
    const struct port_handler *h = &p->handler[p->owner[port]];
    if (!h->read) {
        if (p->log_unclaimed)
            p->log_unclaimed(p->log_opaque, port, 0, 0, size);
        return size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
    }
    return h->read(h->opaque, port, size);
}

static void write_one(struct ports *p, uint16_t port, uint32_t value, unsigned size)
{
    const struct port_handler *h = &p->handler[p->owner[port]];
    if (!h->write) {
        if (p->log_unclaimed)
            p->log_unclaimed(p->log_opaque, port, 1, value, size);
        return;
    }
    h->write(h->opaque, port, value, size);
}

uint32_t ports_read(struct ports *p, uint16_t port, unsigned size)
{
    if (size == 1 || (p->handler[p->owner[port]].flags & PORT_WIDE))
        return read_one(p, port, size);
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= read_one(p, (uint16_t)(port + i), 1) << (8 * i);
    return v;
}

void ports_write(struct ports *p, uint16_t port, uint32_t value, unsigned size)
{
    if (size == 1 || (p->handler[p->owner[port]].flags & PORT_WIDE)) {
        write_one(p, port, value, size);
        return;
    }
    for (unsigned i = 0; i < size; i++)
        write_one(p, (uint16_t)(port + i), (value >> (8 * i)) & 0xff, 1);
}

const char *ports_owner_name(const struct ports *p, uint16_t port)
{
    const struct port_handler *h = &p->handler[p->owner[port]];
    return h->name ? h->name : "unclaimed";
}
