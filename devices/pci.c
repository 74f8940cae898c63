/* The PCI bus: configuration mechanism #1, the generic config header, BAR decoding and INTx to PIRQ (see
 * pci.h). Register behaviour from the PCI Local Bus Specification 2.1, chapter 6. */
#include "devices/pci.h"

#include <stdlib.h>
#include <string.h>

enum { CONFIG_ADDRESS_PORT = 0xcf8, CONFIG_DATA_PORT = 0xcfc };
enum { CONFIG_ENABLE = 0x80000000u };

uint8_t pci_get_byte(const struct pci_function *f, unsigned offset) { return f->config[offset & 0xff]; }
uint16_t pci_get_word(const struct pci_function *f, unsigned offset)
{
    return (uint16_t)(pci_get_byte(f, offset) | pci_get_byte(f, offset + 1) << 8);
}
uint32_t pci_get_long(const struct pci_function *f, unsigned offset)
{
    return pci_get_word(f, offset) | (uint32_t)pci_get_word(f, offset + 2) << 16;
}
void pci_set_byte(struct pci_function *f, unsigned offset, uint8_t v) { f->config[offset & 0xff] = v; }
void pci_set_word(struct pci_function *f, unsigned offset, uint16_t v)
{
    pci_set_byte(f, offset, (uint8_t)v);
    pci_set_byte(f, offset + 1, (uint8_t)(v >> 8));
}
void pci_set_long(struct pci_function *f, unsigned offset, uint32_t v)
{
    pci_set_word(f, offset, (uint16_t)v);
    pci_set_word(f, offset + 2, (uint16_t)(v >> 16));
}

static void set_mask_long(uint8_t *mask, unsigned offset, uint32_t v)
{
    for (unsigned k = 0; k < 4; k++)
        mask[offset + k] = (uint8_t)(v >> (8 * k));
}

int pci_slot_pirq(unsigned slot, unsigned pin)
{
    return (int)((slot + pin + 2) & 3);       /* (slot - 1) + (pin - 1), modulo 4 */
}

/* ---- INTx ---- */

static int intx_asserted(const struct pci_function *f)
{
    return f->irq_level && !(pci_get_word(f, PCI_COMMAND) & PCI_CMD_INTX_DISABLE) &&
           pci_get_byte(f, PCI_INTERRUPT_PIN) >= 1 && pci_get_byte(f, PCI_INTERRUPT_PIN) <= 4;
}

static int function_pirq(const struct pci_function *f)
{
    return pci_slot_pirq(f->devfn >> 3, pci_get_byte(f, PCI_INTERRUPT_PIN));
}

/* A PIRQ line is the wired OR of every function's INTx routed to it. */
static void update_pirq(struct pci_bus *bus, int pirq)
{
    int level = 0;
    for (unsigned k = 0; k < 256 && !level; k++)
        if (bus->fn[k] && intx_asserted(bus->fn[k]) && function_pirq(bus->fn[k]) == pirq)
            level = 1;
    if (level != bus->pirq_level[pirq]) {
        bus->pirq_level[pirq] = (uint8_t)level;
        if (bus->route_pirq)
            bus->route_pirq(bus->route_opaque, pirq, level);
    }
}

static void update_intx(struct pci_function *f)
{
    uint16_t status = pci_get_word(f, PCI_STATUS) & (uint16_t)~PCI_STATUS_INTERRUPT;
    pci_set_word(f, PCI_STATUS, (uint16_t)(status | (f->irq_level ? PCI_STATUS_INTERRUPT : 0)));
    uint8_t pin = pci_get_byte(f, PCI_INTERRUPT_PIN);
    if (f->bus && f->registered && pin >= 1 && pin <= 4)
        update_pirq(f->bus, function_pirq(f));
}

void pci_set_irq(struct pci_function *f, int level)
{
    level = level != 0;
    if (level == f->irq_level)
        return;
    f->irq_level = (uint8_t)level;
    update_intx(f);
}

/* ---- BAR decoding ---- */

static unsigned bar_offset(int bar)
{
    return bar == PCI_ROM_BAR ? PCI_ROM_ADDRESS : PCI_BAR0 + 4u * (unsigned)bar;
}

uint32_t pci_bar_address(const struct pci_function *f, int bar)
{
    uint32_t v = pci_get_long(f, bar_offset(bar));
    switch (f->bar[bar].kind) {
    case PCI_BAR_IO: return v & ~3u;
    case PCI_BAR_ROM: return v & ~0x7ffu;
    default: return v & ~15u;
    }
}

/* Whether the BAR decodes now, and where. */
static int bar_decoded(const struct pci_function *f, int bar, uint32_t *base)
{
    const struct pci_bar *b = &f->bar[bar];
    uint16_t cmd = pci_get_word(f, PCI_COMMAND);
    *base = pci_bar_address(f, bar);
    uint64_t last = (uint64_t)*base + b->size - 1;
    if (b->kind == PCI_BAR_IO)
        return (cmd & PCI_CMD_IO) && *base != 0 && last < 0x10000;
    if (b->kind == PCI_BAR_ROM && !(pci_get_long(f, PCI_ROM_ADDRESS) & 1))
        return 0;
    return (cmd & PCI_CMD_MEMORY) && *base != 0 && last < 0xffffffffu;
}

static uint32_t io_bar_read(void *opaque, uint16_t port, unsigned size)
{
    struct pci_bar *b = opaque;
    return b->io_read ? b->io_read(b->opaque, (uint16_t)(port - b->mapped_base), size)
                      : (size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1);
}

static void io_bar_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct pci_bar *b = opaque;
    if (b->io_write)
        b->io_write(b->opaque, (uint16_t)(port - b->mapped_base), value, size);
}

/* The I/O space has a fixed number of handler slots and ports_register always takes a new one, so a BAR gets
 * one slot the first time it is mapped and moving it only rewrites the port owner table (struct ports is
 * public for this). Ports another device already owns stay with it: legacy devices win over a BAR. */
static int io_slot(struct ports *p, struct pci_bar *b)
{
    for (unsigned h = 1; h < p->n_handlers; h++)
        if (p->handler[h].opaque == b && p->handler[h].read == io_bar_read)
            return (int)h;
    if (ports_register(p, 0, 0, io_bar_read, io_bar_write, b, b->name, PORT_WIDE) < 0)
        return -1;
    return (int)p->n_handlers - 1;
}

static void map_io(struct ports *p, struct pci_bar *b, uint32_t base, int map)
{
    int h = io_slot(p, b);
    if (h < 0)
        return;
    for (uint32_t port = base; port < base + b->size && port < 0x10000; port++) {
        if (map && p->owner[port] == 0)
            p->owner[port] = (uint8_t)h;
        else if (!map && p->owner[port] == h)
            p->owner[port] = 0;
    }
}

void pci_io_window_init(struct pci_bar *w, uint32_t size, port_read_fn *rd, port_write_fn *wr, void *opaque,
                        const char *name)
{
    *w = (struct pci_bar){ .kind = PCI_BAR_IO, .size = size, .io_read = rd, .io_write = wr, .opaque = opaque,
                           .region = -1, .name = name };
}

void pci_io_window_set(struct pci_bus *bus, struct pci_bar *w, int map, uint32_t base)
{
    map = map && base != 0 && base + w->size <= 0x10000;
    if (map == w->mapped && (!map || base == w->mapped_base))
        return;
    if (w->mapped)
        map_io(bus->ports, w, w->mapped_base, 0);
    w->mapped = (uint8_t)map;
    if (map) {
        w->mapped_base = base;
        map_io(bus->ports, w, base, 1);
    }
}

static void map_mmio(struct phys *p, struct pci_bar *b, uint32_t base, int map)
{
    if (b->region <= 0)
        return;
    p->region[b->region].size = map ? b->size : 0;   /* phys.h: a region of size 0 is unmapped */
    phys_move_region(p, b->region, base);
}

static void apply_bar(struct pci_function *f, int bar, int map, uint32_t base)
{
    struct pci_bar *b = &f->bar[bar];
    if (b->kind == PCI_BAR_IO && (b->io_read || b->io_write))
        map_io(f->bus->ports, b, base, map);
    else if (b->kind != PCI_BAR_IO)
        map_mmio(f->bus->phys, b, base, map);
}

static void update_mappings(struct pci_function *f)
{
    if (!f->bus || !f->registered)
        return;
    for (int k = 0; k < PCI_NUM_BARS; k++) {
        struct pci_bar *b = &f->bar[k];
        uint32_t base;
        if (b->kind == PCI_BAR_NONE)
            continue;
        int map = bar_decoded(f, k, &base);
        if (map == b->mapped && (!map || base == b->mapped_base))
            continue;
        if (b->mapped)
            apply_bar(f, k, 0, b->mapped_base);
        b->mapped = (uint8_t)map;
        b->mapped_base = map ? base : b->mapped_base;
        if (map)
            apply_bar(f, k, 1, base);
        if (b->moved)
            b->moved(b->opaque, k, base, map);
    }
}

static void init_bar(struct pci_function *f, int bar, enum pci_bar_kind kind, uint32_t size)
{
    struct pci_bar *b = &f->bar[bar];
    unsigned off = bar_offset(bar);
    uint32_t min = kind == PCI_BAR_IO ? 4 : kind == PCI_BAR_ROM ? 0x800 : 16;
    while (min < size && min < 0x80000000u)
        min <<= 1;               /* a BAR's size is a power of two */
    size = min;
    b->kind = (uint8_t)kind;
    b->size = size;
    b->region = -1;
    uint32_t type = kind == PCI_BAR_IO ? 1 : kind == PCI_BAR_MEM_PREFETCH ? 8 : 0;
    /* the address bits below the size read back as zero: that is how the guest learns the size */
    uint32_t writable = kind == PCI_BAR_IO ? ~(size - 1) & ~3u : kind == PCI_BAR_ROM ? ~(size - 1) | 1u
                                                                                     : ~(size - 1) & ~15u;
    pci_set_long(f, off, type);
    set_mask_long(f->wmask, off, writable);
}

void pci_bar_init(struct pci_function *f, int bar, enum pci_bar_kind kind, uint32_t size, pci_bar_moved_fn *moved,
                  void *opaque)
{
    if (bar < 0 || bar >= PCI_NUM_BARS || (bar == PCI_ROM_BAR) != (kind == PCI_BAR_ROM))
        return;
    init_bar(f, bar, kind, size);
    f->bar[bar].moved = moved;
    f->bar[bar].opaque = opaque;
}

void pci_bar_init_io(struct pci_function *f, int bar, uint32_t size, port_read_fn *rd, port_write_fn *wr,
                     void *opaque, const char *name)
{
    if (bar < 0 || bar >= PCI_ROM_BAR)
        return;
    init_bar(f, bar, PCI_BAR_IO, size);
    f->bar[bar].io_read = rd;
    f->bar[bar].io_write = wr;
    f->bar[bar].opaque = opaque;
    f->bar[bar].name = name;
}

int pci_bar_init_mmio(struct pci_function *f, int bar, enum pci_bar_kind kind, uint32_t size, mmio_read_fn *rd,
                      mmio_write_fn *wr, void *opaque, const char *name)
{
    if (bar < 0 || bar >= PCI_NUM_BARS || kind == PCI_BAR_IO || kind == PCI_BAR_NONE ||
        (bar == PCI_ROM_BAR) != (kind == PCI_BAR_ROM))
        return -1;
    init_bar(f, bar, kind, size);
    f->bar[bar].mmio_read = rd;          /* the region itself is added when the function joins the bus */
    f->bar[bar].mmio_write = wr;
    f->bar[bar].opaque = opaque;
    f->bar[bar].name = name;
    return 0;
}

/* ---- config space ---- */

uint32_t pci_config_read(struct pci_function *f, unsigned offset, unsigned size)
{
    uint32_t v = 0;
    for (unsigned k = 0; k < size; k++)
        v |= (uint32_t)(offset + k < 256 ? f->config[offset + k] : 0xff) << (8 * k);
    return v;
}

static int touches(unsigned offset, unsigned size, unsigned lo, unsigned hi)
{
    return offset < hi && offset + size > lo;
}

void pci_config_write(struct pci_function *f, unsigned offset, uint32_t value, unsigned size)
{
    for (unsigned k = 0; k < size && offset + k < 256; k++) {
        unsigned o = offset + k;
        uint8_t v = (uint8_t)(value >> (8 * k));
        f->config[o] = (uint8_t)((f->config[o] & ~f->wmask[o]) | (v & f->wmask[o]));
        f->config[o] &= (uint8_t)~(v & f->w1cmask[o]);
    }
    if (touches(offset, size, PCI_COMMAND, PCI_COMMAND + 2))
        update_intx(f);
    if (touches(offset, size, PCI_COMMAND, PCI_COMMAND + 2) || touches(offset, size, PCI_BAR0, PCI_BAR0 + 24) ||
        touches(offset, size, PCI_ROM_ADDRESS, PCI_ROM_ADDRESS + 4))
        update_mappings(f);
    if (f->config_written)
        f->config_written(f, offset, size);
}

/* ---- the generic header ---- */

void pci_function_init(struct pci_function *f, uint16_t vendor, uint16_t device, uint8_t revision,
                       uint32_t class_code, uint8_t header_type)
{
    memset(f->config, 0, sizeof f->config);
    memset(f->wmask, 0, sizeof f->wmask);
    memset(f->w1cmask, 0, sizeof f->w1cmask);
    for (int k = 0; k < PCI_NUM_BARS; k++)
        f->bar[k] = (struct pci_bar){ .kind = PCI_BAR_NONE, .region = -1 };
    f->irq_level = 0;
    pci_set_word(f, PCI_VENDOR_ID, vendor);
    pci_set_word(f, PCI_DEVICE_ID, device);
    pci_set_byte(f, PCI_REVISION, revision);
    pci_set_byte(f, PCI_CLASS_PROG, (uint8_t)class_code);
    pci_set_word(f, PCI_CLASS_PROG + 1, (uint16_t)(class_code >> 8));
    pci_set_byte(f, PCI_HEADER_TYPE, header_type);
    /* What every function lets the guest write (as QEMU does): decode enables, bus master, INTx disable, cache
     * line size, latency timer, interrupt line; the status error bits are write-1-to-clear. */
    f->wmask[PCI_COMMAND] = PCI_CMD_IO | PCI_CMD_MEMORY | PCI_CMD_MASTER;
    f->wmask[PCI_COMMAND + 1] = PCI_CMD_INTX_DISABLE >> 8;
    f->wmask[PCI_CACHE_LINE] = 0xff;
    f->wmask[PCI_LATENCY] = 0xff;
    f->wmask[PCI_INTERRUPT_LINE] = 0xff;
    f->w1cmask[PCI_STATUS + 1] = 0xf9;
}

int pci_register(struct pci_bus *bus, struct pci_function *f, unsigned devfn)
{
    if (devfn > 255 || bus->fn[devfn])
        return -1;
    for (int k = 0; k < PCI_NUM_BARS; k++) {
        struct pci_bar *b = &f->bar[k];
        if (b->kind == PCI_BAR_NONE || b->kind == PCI_BAR_IO || !(b->mmio_read || b->mmio_write))
            continue;
        b->region = phys_add_mmio(bus->phys, 0, 0, b->mmio_read, b->mmio_write, b->opaque, b->name);
        if (b->region < 0)
            return -1;
    }
    f->bus = bus;
    f->devfn = (uint8_t)devfn;
    f->registered = 1;
    bus->fn[devfn] = f;
    return 0;
}

void pci_function_reset(struct pci_function *f)
{
    pci_set_word(f, PCI_COMMAND, 0);
    uint16_t status = pci_get_word(f, PCI_STATUS);
    pci_set_word(f, PCI_STATUS, (uint16_t)(status & ~(f->w1cmask[PCI_STATUS + 1] << 8) & ~PCI_STATUS_INTERRUPT));
    pci_set_byte(f, PCI_CACHE_LINE, 0);
    pci_set_byte(f, PCI_LATENCY, 0);
    pci_set_byte(f, PCI_INTERRUPT_LINE, 0);
    for (int k = 0; k < PCI_NUM_BARS; k++) {
        unsigned off = bar_offset(k);
        /* only the read-only type bits stay */
        pci_set_long(f, off, pci_get_long(f, off) & ~(f->wmask[off] | (uint32_t)f->wmask[off + 1] << 8 |
                                                      (uint32_t)f->wmask[off + 2] << 16 |
                                                      (uint32_t)f->wmask[off + 3] << 24));
    }
    f->irq_level = 0;
    update_intx(f);
    update_mappings(f);
}

void pci_function_post_load(struct pci_function *f)
{
    update_mappings(f);
    update_intx(f);
}

/* ---- configuration mechanism #1 ---- */

static struct pci_function *selected(const struct pci_bus *bus)
{
    uint32_t a = bus->config_address;
    if (!(a & CONFIG_ENABLE) || ((a >> 16) & 0xff) != 0)
        return NULL;
    return bus->fn[(a >> 8) & 0xff];
}

static uint32_t config_port_read(void *opaque, uint16_t port, unsigned size)
{
    struct pci_bus *bus = opaque;
    uint32_t ones = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
    if (port == CONFIG_ADDRESS_PORT)
        return size == 4 ? bus->config_address : ones;
    struct pci_function *f = selected(bus);
    if (!f)
        return ones;
    return pci_config_read(f, (bus->config_address & 0xfc) + (port & 3u), size);
}

static void config_port_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct pci_bus *bus = opaque;
    if (port == CONFIG_ADDRESS_PORT) {
        if (size == 4)
            bus->config_address = value & 0x80fffffcu;
        return;
    }
    struct pci_function *f = selected(bus);
    if (f)
        pci_config_write(f, (bus->config_address & 0xfc) + (port & 3u), value, size);
}

void pci_bus_set_router(struct pci_bus *bus, pci_pirq_fn *route, void *opaque)
{
    bus->route_pirq = route;
    bus->route_opaque = opaque;
}

static void pci_bus_reset(void *opaque)
{
    struct pci_bus *bus = opaque;
    bus->config_address = 0;
}

static const struct state_field pci_bus_fields[] = {
    STATE_FIELD(struct pci_bus, config_address), STATE_ARRAY(struct pci_bus, pirq_level),
    STATE_END,
};

static const struct device_type pci_bus_type = {
    .name = "pci",
    .version = 1,
    .fields = pci_bus_fields,
    .reset = pci_bus_reset,
    .destroy = free,
};

struct pci_bus *pci_bus_create(const struct board_services *bs)
{
    struct pci_bus *bus = calloc(1, sizeof *bus);
    if (!bus)
        return NULL;
    bus->ports = bs->ports;
    bus->phys = bs->phys;
    if (ports_register(bs->ports, CONFIG_ADDRESS_PORT, 1, config_port_read, config_port_write, bus, "pci-address",
                       PORT_WIDE) < 0 ||
        ports_register(bs->ports, CONFIG_DATA_PORT, 4, config_port_read, config_port_write, bus, "pci-data",
                       PORT_WIDE) < 0 ||
        device_register(bs->devices, &pci_bus_type, bus, NULL) < 0) {
        free(bus);
        return NULL;
    }
    return bus;
}
