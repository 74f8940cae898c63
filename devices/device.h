/* The one device interface.
 *
 * Every device is one struct in one file. At creation it receives the board's services (the port space, the
 * physical map, the clock, its interrupt lines) and registers its ports, MMIO ranges and timers; it then describes
 * itself to the board with a struct device_type: a stable name, reset, and its saved state as a list of named
 * fields (stored little-endian, so snapshots move between hosts) plus a post_load step that re-arms timers and
 * recomputes derived values. Snapshots, the state hash, reset and the monitor all walk the same device list. */
#ifndef X86PC_DEVICES_DEVICE_H
#define X86PC_DEVICES_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "devices/clock.h"
#include "mem/phys.h"
#include "mem/ports.h"

/* An interrupt line from a device to an interrupt controller; the board fills it in. */
struct irq_line {
    void (*set)(void *opaque, int n, int level);
    void *opaque;
    int n;
};

static inline void irq_set(const struct irq_line *l, int level)
{
    if (l->set)
        l->set(l->opaque, l->n, level);
}
static inline void irq_pulse(const struct irq_line *l)
{
    irq_set(l, 1);
    irq_set(l, 0);
}

/* One field of a device's saved state: `count` integers of `size` bytes (1, 2, 4 or 8) at `offset` in the device
 * struct, or a timer (STATE_TIMER_KIND: its armed flag and deadline are saved and it is re-armed on load). */
enum { STATE_TIMER_KIND = 0xff };
struct state_field {
    const char *name;
    size_t offset;
    uint8_t size;
    uint32_t count;
};

#define STATE_FIELD(type, field) \
    { #field, offsetof(type, field), sizeof(((type *)0)->field), 1 }
#define STATE_ARRAY(type, field) \
    { #field, offsetof(type, field), sizeof(((type *)0)->field[0]), \
      sizeof(((type *)0)->field) / sizeof(((type *)0)->field[0]) }
#define STATE_TIMER(type, field) { #field, offsetof(type, field), STATE_TIMER_KIND, 1 }
#define STATE_END { NULL, 0, 0, 0 }

struct device_type {
    const char *name;            /* "pit", "uart", ...: stable, used in snapshots and logs */
    uint16_t version;            /* bumped whenever `fields` changes meaning */
    const struct state_field *fields;
    void (*reset)(void *dev);    /* power-on / hard reset state */
    int (*post_load)(void *dev); /* after a snapshot load: 0, or -1 when the state is inconsistent */
    void (*destroy)(void *dev);
};

/* The board's list of devices: reset, snapshots, the state hash and the monitor walk it in order. */
enum { DEVICE_LIST_MAX = 64 };
struct device_entry {
    const struct device_type *type;
    void *dev;
    char name[24];               /* instance name: "uart0", "ide1", or the type name */
};
struct device_list {
    struct device_entry entry[DEVICE_LIST_MAX];
    unsigned n;
};

/* What the board hands a device at creation. */
struct board_services {
    struct ports *ports;
    struct phys *phys;
    struct clock *clock;
    struct device_list *devices;
};

/* Adds a device to the board's list (instance may be NULL: the type name is used). Returns 0 or -1 when full. */
int device_register(struct device_list *list, const struct device_type *type, void *dev, const char *instance);
/* Calls every device's reset, in registration order. */
void device_reset_all(struct device_list *list);

#endif
