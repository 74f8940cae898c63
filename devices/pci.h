/* The PCI bus of the board: configuration mechanism #1 and the functions on bus 0.
 *
 * Ports: CONFIG_ADDRESS is the dword at 0xCF8 (bit 31 enable, bits 16-23 bus, 11-15 device, 8-10 function, 2-7
 * register); CONFIG_DATA is 0xCFC-0xCFF, any size, reaching the selected register plus the low address bits.
 * Byte and word accesses to 0xCF8-0xCFB are not the address register (0xCF9 is the PIIX reset control, served by
 * devices/sysctl.c). A function that does not exist reads as all ones; only bus 0 exists.
 *
 * How a device joins the bus
 * --------------------------
 * A device embeds a `struct pci_function` in its own struct, describes it and registers it:
 *
 *     pci_function_init(&d->pci, 0x1234, 0x1111, 0x02, 0x030000, 0);   // vendor, device, revision, class, header
 *     pci_bar_init_mmio(&d->pci, 0, 16 << 20, 1, lfb_read, lfb_write, d, "vga-lfb");  // BAR0, 16 MiB
 *     pci_register(bus, &d->pci, PCI_DEVFN(2, 0));
 *
 * The config space is 256 bytes in `config`, stored little-endian as on the bus; the generic header registers
 * (command, status, cache line, latency, interrupt line, BARs) behave as the PCI 2.1 specification says. A device
 * makes more registers writable by setting bits in `wmask` and hears about guest writes through `config_written`
 * (called after the write is stored, with the offset and size of the access).
 *
 * BARs
 * ----
 * A BAR has a kind (I/O, 32-bit memory, prefetchable memory, or the expansion ROM as BAR 6) and a size (a power
 * of two: at least 4 bytes for I/O, 16 for memory, 2 KiB for the ROM). The guest sizes it by writing all ones
 * and reading back the mask, then writes the base. A BAR is *decoded* when the command register enables its
 * space (bit 0 I/O, bit 1 memory; the ROM also needs its enable bit 0), its base is not 0 and the range does not
 * wrap past the top of the space (so the all-ones sizing pattern never maps anything). Whenever the decoded state
 * or base changes the bus acts:
 *   - pci_bar_init_io: the bus claims the ports [base, base+size) for the device's callbacks, which receive the
 *     offset within the BAR (not the port number) as their `port` argument.
 *   - pci_bar_init_mmio: the bus keeps a physical-map region over [base, base+size) with the device's callbacks
 *     (offset within the BAR); while not decoded the region has size 0.
 *   - pci_bar_init: no mapping by the bus; the device's `moved` callback is told (mapped = 0 or 1, base) and
 *     does what it needs (for example a framebuffer the device maps itself).
 * A `moved` callback may also be given to the first two (set bar->moved after the init call).
 *
 * Interrupts
 * ----------
 * The interrupt pin register (0x3D: 1 = INTA#..4 = INTD#) says which pin a function drives; pci_set_irq() sets
 * its level (respecting the INTx-disable command bit and reflecting status bit 3). On this board INTx# of slot S,
 * pin P (0-based) is PIRQ ((S - 1 + P) & 3), the i440FX/PIIX3 wiring QEMU also uses; the bus ORs the functions on
 * each PIRQ and calls the router (the PIIX3, which maps PIRQA-D to ISA IRQs). */
#ifndef X86PC_DEVICES_PCI_H
#define X86PC_DEVICES_PCI_H

#include "devices/device.h"

#define PCI_DEVFN(slot, fn) ((unsigned)(((slot) << 3) | (fn)))
enum { PCI_NUM_PIRQ = 4, PCI_NUM_BARS = 7, PCI_ROM_BAR = 6 };

/* Standard header offsets and command bits. */
enum {
    PCI_VENDOR_ID = 0x00, PCI_DEVICE_ID = 0x02, PCI_COMMAND = 0x04, PCI_STATUS = 0x06, PCI_REVISION = 0x08,
    PCI_CLASS_PROG = 0x09, PCI_CACHE_LINE = 0x0c, PCI_LATENCY = 0x0d, PCI_HEADER_TYPE = 0x0e, PCI_BAR0 = 0x10,
    PCI_SUBSYSTEM_VENDOR = 0x2c, PCI_ROM_ADDRESS = 0x30, PCI_INTERRUPT_LINE = 0x3c, PCI_INTERRUPT_PIN = 0x3d,
};
enum { PCI_CMD_IO = 0x1, PCI_CMD_MEMORY = 0x2, PCI_CMD_MASTER = 0x4, PCI_CMD_INTX_DISABLE = 0x400 };
enum { PCI_STATUS_INTERRUPT = 0x8 };

enum pci_bar_kind { PCI_BAR_NONE, PCI_BAR_IO, PCI_BAR_MEM, PCI_BAR_MEM_PREFETCH, PCI_BAR_ROM };

struct pci_function;
struct pci_bus;

/* A BAR's decoded state changed: mapped = 1 at `base`, or 0 (base then is the last programmed value). */
typedef void pci_bar_moved_fn(void *opaque, int bar, uint32_t base, int mapped);
typedef void pci_config_written_fn(struct pci_function *f, unsigned offset, unsigned size);

struct pci_bar {
    uint8_t kind;                /* enum pci_bar_kind */
    uint32_t size;
    pci_bar_moved_fn *moved;
    void *opaque;
    /* what the bus maps for it (pci_bar_init_io / pci_bar_init_mmio) */
    port_read_fn *io_read;
    port_write_fn *io_write;
    mmio_read_fn *mmio_read;
    mmio_write_fn *mmio_write;
    int region;                  /* phys region index (added by pci_register), or -1 */
    const char *name;
    /* decoded state */
    uint8_t mapped;
    uint32_t mapped_base;
};

struct pci_function {
    uint8_t config[256];         /* the config space, little-endian */
    uint8_t wmask[256];          /* bits the guest may write */
    uint8_t w1cmask[256];        /* bits a guest write of 1 clears (status) */
    uint8_t irq_level;           /* the device's INTx level before INTx-disable */
    struct pci_bar bar[PCI_NUM_BARS];
    pci_config_written_fn *config_written;
    void *opaque;                /* the owning device, for config_written */
    struct pci_bus *bus;
    uint8_t devfn;
    uint8_t registered;
};

typedef void pci_pirq_fn(void *opaque, int pirq, int level);

struct pci_bus {
    uint32_t config_address;
    struct pci_function *fn[256];        /* by devfn */
    uint8_t pirq_level[PCI_NUM_PIRQ];
    pci_pirq_fn *route_pirq;
    void *route_opaque;
    struct ports *ports;
    struct phys *phys;
};

struct pci_bus *pci_bus_create(const struct board_services *bs);
/* The PIRQ router (the PIIX3): called when the OR of the INTx lines on PIRQ n changes. */
void pci_bus_set_router(struct pci_bus *bus, pci_pirq_fn *route, void *opaque);
/* The PIRQ (0-3 = A-D) that INTx pin `pin` (1-4) of slot `slot` drives on this board. */
int pci_slot_pirq(unsigned slot, unsigned pin);

/* Fills the identification registers and clears the rest; header_type bit 7 marks a multi-function device. */
void pci_function_init(struct pci_function *f, uint16_t vendor, uint16_t device, uint8_t revision,
                       uint32_t class_code, uint8_t header_type);
/* Puts f on the bus at devfn; returns 0, or -1 when the slot is taken. */
int pci_register(struct pci_bus *bus, struct pci_function *f, unsigned devfn);

/* BARs (see the top of this file); `size` must be a power of two. */
void pci_bar_init(struct pci_function *f, int bar, enum pci_bar_kind kind, uint32_t size, pci_bar_moved_fn *moved,
                  void *opaque);
void pci_bar_init_io(struct pci_function *f, int bar, uint32_t size, port_read_fn *rd, port_write_fn *wr,
                     void *opaque, const char *name);
int pci_bar_init_mmio(struct pci_function *f, int bar, enum pci_bar_kind kind, uint32_t size, mmio_read_fn *rd,
                      mmio_write_fn *wr, void *opaque, const char *name);
/* Where the guest programmed a BAR (whether or not it is decoded). */
uint32_t pci_bar_address(const struct pci_function *f, int bar);

/* An I/O range a function decodes outside its BARs (the PIIX4 power management base): mapped and moved like an
 * I/O BAR, the callbacks receiving the offset in the range. pci_io_window_set maps it at base (map = 1) or
 * removes it. */
void pci_io_window_init(struct pci_bar *w, uint32_t size, port_read_fn *rd, port_write_fn *wr, void *opaque,
                        const char *name);
void pci_io_window_set(struct pci_bus *bus, struct pci_bar *w, int map, uint32_t base);

/* Config space access as the guest sees it (write masks, BAR rules, the device's hook). */
uint32_t pci_config_read(struct pci_function *f, unsigned offset, unsigned size);
void pci_config_write(struct pci_function *f, unsigned offset, uint32_t value, unsigned size);
/* Device-side helpers that set registers regardless of the write masks. */
void pci_set_byte(struct pci_function *f, unsigned offset, uint8_t v);
void pci_set_word(struct pci_function *f, unsigned offset, uint16_t v);
void pci_set_long(struct pci_function *f, unsigned offset, uint32_t v);
uint8_t pci_get_byte(const struct pci_function *f, unsigned offset);
uint16_t pci_get_word(const struct pci_function *f, unsigned offset);
uint32_t pci_get_long(const struct pci_function *f, unsigned offset);

/* The function's INTx level (the pin from config 0x3D). */
void pci_set_irq(struct pci_function *f, int level);

/* Back to the power-on header: command, status, BARs, interrupt line and latency cleared, mappings removed.
 * A device calls it from its reset and then restores its own register defaults. */
void pci_function_reset(struct pci_function *f);
/* After a snapshot load: re-derives the BAR mappings and the INTx line from the config bytes. */
void pci_function_post_load(struct pci_function *f);

#endif
