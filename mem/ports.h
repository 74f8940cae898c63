/* The I/O port space: 64 Ki ports, each owned by at most one device callback pair.
 *
 * A device registers a range of ports with a read and a write callback. Accesses of 2 or 4 bytes are handed to the
 * device whole if it registered with PORT_WIDE, otherwise they are split into byte accesses at consecutive ports
 * (as the ISA bus does). An unclaimed port reads as all ones and ignores writes. */
#ifndef X86PC_MEM_PORTS_H
#define X86PC_MEM_PORTS_H

#include <stdint.h>

typedef uint32_t port_read_fn(void *opaque, uint16_t port, unsigned size);
typedef void port_write_fn(void *opaque, uint16_t port, uint32_t value, unsigned size);

enum { PORT_WIDE = 1 };          /* the device takes 16/32-bit accesses itself */
enum { PORTS_MAX_HANDLERS = 255 };

struct port_handler {
    port_read_fn *read;
    port_write_fn *write;
    void *opaque;
    const char *name;
    unsigned flags;
};

struct ports {
    uint8_t owner[65536];        /* index into handler[], 0 = unclaimed */
    struct port_handler handler[PORTS_MAX_HANDLERS + 1];
    unsigned n_handlers;
    void (*log_unclaimed)(void *opaque, uint16_t port, int is_write, uint32_t value, unsigned size);
    void *log_opaque;
};

void ports_init(struct ports *p);
/* Claims [base, base+count) for one device; returns 0, or -1 when a port is taken or the table is full. */
int ports_register(struct ports *p, uint16_t base, unsigned count, port_read_fn *rd, port_write_fn *wr,
                   void *opaque, const char *name, unsigned flags);
void ports_unregister(struct ports *p, uint16_t base, unsigned count);
uint32_t ports_read(struct ports *p, uint16_t port, unsigned size);
void ports_write(struct ports *p, uint16_t port, uint32_t value, unsigned size);
const char *ports_owner_name(const struct ports *p, uint16_t port);

#endif
