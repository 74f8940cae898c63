/* The 82093AA I/O APIC (see ioapic.h). Register layout and behaviour from the Intel 82093AA I/O Advanced
 * Programmable Interrupt Controller datasheet, section 3. */
#include "devices/ioapic.h"

#include <stdlib.h>

enum { REG_ID = 0x00, REG_VERSION = 0x01, REG_ARBITRATION = 0x02, REG_REDIR = 0x10 };
enum { IOAPIC_VERSION = 0x00170011 };    /* maximum redirection entry 17h, version 11h */
#define RTE_MASKED (1ull << 16)
#define RTE_LEVEL (1ull << 15)
#define RTE_REMOTE_IRR (1ull << 14)
#define RTE_DELIVERY_STATUS (1ull << 12)
/* Writable bits: vector, delivery mode, destination mode, polarity, trigger mode, mask, destination. */
#define RTE_WRITABLE 0xff0000000001afffull

static void send(struct ioapic *io, int pin)
{
    uint64_t e = io->redir[pin];
    int mode = (int)((e >> 8) & 7);
    int level = (e & RTE_LEVEL) != 0;
    if (level && (mode == APIC_DM_FIXED || mode == APIC_DM_LOWEST))
        io->redir[pin] |= RTE_REMOTE_IRR;    /* until the EOI for this vector */
    apic_bus_deliver(io->bus, (uint8_t)(e >> 56), (int)((e >> 11) & 1), mode, (uint8_t)e, level);
}

/* A level input that is asserted, unmasked and not waiting for an EOI sends (again). */
static void service_level(struct ioapic *io, int pin)
{
    uint64_t e = io->redir[pin];
    if ((e & RTE_LEVEL) && !(e & RTE_MASKED) && !(e & RTE_REMOTE_IRR) && ((io->levels >> pin) & 1))
        send(io, pin);
}

void ioapic_set_irq(void *opaque, int pin, int level)
{
    struct ioapic *io = opaque;
    if (pin < 0 || pin >= IOAPIC_PINS)
        return;
    uint32_t bit = 1u << pin;
    int rising = level && !(io->levels & bit);
    io->levels = level ? io->levels | bit : io->levels & ~bit;
    uint64_t e = io->redir[pin];
    if (e & RTE_LEVEL)
        service_level(io, pin);
    else if (rising && !(e & RTE_MASKED))
        send(io, pin);
}

void ioapic_eoi(void *opaque, uint8_t vector)
{
    struct ioapic *io = opaque;
    for (int pin = 0; pin < IOAPIC_PINS; pin++) {
        uint64_t e = io->redir[pin];
        if ((e & RTE_LEVEL) && (e & RTE_REMOTE_IRR) && (uint8_t)e == vector) {
            io->redir[pin] &= ~RTE_REMOTE_IRR;
            service_level(io, pin);
        }
    }
}

static uint32_t read_register(const struct ioapic *io)
{
    unsigned r = io->select;
    if (r >= REG_REDIR && r < REG_REDIR + 2 * IOAPIC_PINS) {
        uint64_t e = io->redir[(r - REG_REDIR) / 2];
        return (r & 1) ? (uint32_t)(e >> 32) : (uint32_t)e;
    }
    switch (r) {
    case REG_ID: return (uint32_t)io->id << 24;
    case REG_VERSION: return IOAPIC_VERSION;
    case REG_ARBITRATION: return (uint32_t)io->id << 24;
    default: return 0;
    }
}

static void write_register(struct ioapic *io, uint32_t v)
{
    unsigned r = io->select;
    if (r == REG_ID) {
        io->id = (uint8_t)((v >> 24) & 0x0f);
        return;
    }
    if (r < REG_REDIR || r >= REG_REDIR + 2 * IOAPIC_PINS)
        return;
    int pin = (int)(r - REG_REDIR) / 2;
    uint64_t e = io->redir[pin];
    uint64_t nv = (r & 1) ? (e & 0xffffffffull) | (uint64_t)v << 32 : (e & ~0xffffffffull) | v;
    io->redir[pin] = (nv & RTE_WRITABLE) | (e & RTE_REMOTE_IRR);
    if (!(io->redir[pin] & RTE_LEVEL))
        io->redir[pin] &= ~RTE_REMOTE_IRR;
    service_level(io, pin);      /* unmasking an asserted level input delivers it */
}

static uint32_t ioapic_mmio_read(void *opaque, uint32_t offset, unsigned size)
{
    struct ioapic *io = opaque;
    uint32_t v = 0;
    if ((offset & ~3u) == 0x00)
        v = io->select;
    else if ((offset & ~3u) == 0x10)
        v = read_register(io);
    v >>= 8 * (offset & 3);
    return size == 4 ? v : v & ((1u << (8 * size)) - 1);
}

static void ioapic_mmio_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
    struct ioapic *io = opaque;
    (void)size;
    if (offset == 0x00)
        io->select = (uint8_t)value;
    else if (offset == 0x10)
        write_register(io, value);
}

static void ioapic_reset(void *opaque)
{
    struct ioapic *io = opaque;
    io->select = 0;
    for (int k = 0; k < IOAPIC_PINS; k++)
        io->redir[k] = RTE_MASKED;
}

static const struct state_field ioapic_fields[] = {
    STATE_FIELD(struct ioapic, id), STATE_FIELD(struct ioapic, select), STATE_ARRAY(struct ioapic, redir),
    STATE_FIELD(struct ioapic, levels),
    STATE_END,
};

static const struct device_type ioapic_type = {
    .name = "ioapic",
    .version = 1,
    .fields = ioapic_fields,
    .reset = ioapic_reset,
    .destroy = free,
};

struct ioapic *ioapic_create(const struct board_services *bs, struct apic_bus *bus, uint32_t base, uint8_t id)
{
    struct ioapic *io = calloc(1, sizeof *io);
    if (!io)
        return NULL;
    io->id = id;
    io->bus = bus;
    if (phys_add_mmio(bs->phys, base, 0x1000, ioapic_mmio_read, ioapic_mmio_write, io, "ioapic") < 0 ||
        apic_bus_add_ioapic(bus, ioapic_eoi, io) < 0 || device_register(bs->devices, &ioapic_type, io, NULL) < 0) {
        free(io);
        return NULL;
    }
    ioapic_reset(io);
    return io;
}
