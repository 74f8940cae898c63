/* The PCI bus and the i440FX/PIIX3 functions on a board-less rig: configuration mechanism #1, the identity and
 * reset values QEMU's "pc" machine shows (read there with a guest ROM: tests/guest/chipset_pci.asm), BAR sizing
 * and decoding for I/O and memory BARs, PAM shadowing, SMRAM, and PIRQ routing. */
#include "devices/i440fx.h"
#include "devices/ide.h"
#include "devices/pci.h"
#include "devices/piix3.h"
#include "tests/unit/device_rig.h"
#include "tests/unit/unit.h"

static uint32_t inl(struct rig *r, uint16_t port) { return ports_read(&r->ports, port, 4); }
static void outl(struct rig *r, uint16_t port, uint32_t v) { ports_write(&r->ports, port, v, 4); }

static uint32_t cfg_read(struct rig *r, unsigned devfn, unsigned reg)
{
    outl(r, 0xcf8, 0x80000000u | devfn << 8 | reg);
    return inl(r, 0xcfc);
}

static void cfg_write(struct rig *r, unsigned devfn, unsigned reg, uint32_t v)
{
    outl(r, 0xcf8, 0x80000000u | devfn << 8 | reg);
    outl(r, 0xcfc, v);
}

static void cfg_write8(struct rig *r, unsigned devfn, unsigned reg, uint8_t v)
{
    outl(r, 0xcf8, 0x80000000u | devfn << 8 | (reg & 0xfc));
    ports_write(&r->ports, (uint16_t)(0xcfc + (reg & 3)), v, 1);
}

/* A test device in slot 2: a 4 KiB memory BAR, an 8 KiB ROM BAR, INTA#. */
struct fake {
    struct pci_function pci;
    unsigned moves;
    uint32_t last_base;
    int last_mapped;
};

static uint32_t fake_read(void *opaque, uint32_t offset, unsigned size)
{
    (void)opaque;
    (void)size;
    return 0xcafe0000u | offset;
}

static void fake_moved(void *opaque, int bar, uint32_t base, int mapped)
{
    struct fake *f = opaque;
    (void)bar;
    f->moves++;
    f->last_base = base;
    f->last_mapped = mapped;
}

static void test_identity(struct rig *r)
{
    /* values read from QEMU 7.2's i440FX machine */
    CHECK_EQ(cfg_read(r, 0x00, 0x00), 0x12378086);
    CHECK_EQ(cfg_read(r, 0x00, 0x08), 0x06000002);
    CHECK_EQ(cfg_read(r, 0x00, 0x54), 0x10000000);
    CHECK_EQ(cfg_read(r, 0x00, 0x70), 0x00020000);
    CHECK_EQ(cfg_read(r, 0x08, 0x00), 0x70008086);
    CHECK_EQ(cfg_read(r, 0x08, 0x04), 0x02000000);
    CHECK_EQ(cfg_read(r, 0x08, 0x08), 0x06010000);
    CHECK_EQ(cfg_read(r, 0x08, 0x0c), 0x00800000);
    CHECK_EQ(cfg_read(r, 0x08, 0x4c), 0x0003004d);
    CHECK_EQ(cfg_read(r, 0x08, 0x60), 0x80808080);
    CHECK_EQ(cfg_read(r, 0x08, 0x68), 0x00000200);
    CHECK_EQ(cfg_read(r, 0x08, 0x74), 0x0c0c0000);
    CHECK_EQ(cfg_read(r, 0x09, 0x00), 0x70108086);
    CHECK_EQ(cfg_read(r, 0x09, 0x04), 0x02800000);
    CHECK_EQ(cfg_read(r, 0x09, 0x08), 0x01018000);
    CHECK_EQ(cfg_read(r, 0x09, 0x20), 0x00000001);
    /* an absent function, a disabled address, another bus: all ones */
    CHECK_EQ(cfg_read(r, 0x0a, 0x00), 0xffffffffu);
    CHECK_EQ(cfg_read(r, 0x40, 0x00), 0xffffffffu);
    outl(r, 0xcf8, 0x00000000);
    CHECK_EQ(inl(r, 0xcfc), 0xffffffffu);
    outl(r, 0xcf8, 0x80010000);
    CHECK_EQ(inl(r, 0xcfc), 0xffffffffu);
    /* CONFIG_ADDRESS reads back without its low bits; byte and word accesses at 0xCFC+n reach the register */
    outl(r, 0xcf8, 0x80000803);
    CHECK_EQ(inl(r, 0xcf8), 0x80000800);
    CHECK_EQ(ports_read(&r->ports, 0xcfe, 2), 0x7000);
    CHECK_EQ(ports_read(&r->ports, 0xcfd, 1), 0x80);
    /* read-only registers stay */
    cfg_write(r, 0x00, 0x00, 0);
    CHECK_EQ(cfg_read(r, 0x00, 0x00), 0x12378086);
}

static void test_io_bar(struct rig *r)
{
    /* PIIX3 IDE BAR4: 16 bytes of I/O, the bus master registers */
    cfg_write(r, 0x09, 0x20, 0xffffffffu);
    CHECK_EQ(cfg_read(r, 0x09, 0x20), 0xfffffff1u);
    cfg_write(r, 0x09, 0x20, 0xc000);
    CHECK_EQ(cfg_read(r, 0x09, 0x20), 0xc001);
    CHECK_EQ(inl(r, 0xc004), 0xffffffffu);               /* not decoded: I/O space off */
    cfg_write(r, 0x09, 0x04, 0x0005);                     /* I/O space, bus master */
    outl(r, 0xc004, 0x00123458);
    CHECK_EQ(inl(r, 0xc004), 0x00123458);                 /* primary channel's PRD table address */
    outl(r, 0xc00c, 0x00200000);
    CHECK_EQ(inl(r, 0xc00c), 0x00200000);                 /* secondary channel */
    unsigned handlers = r->ports.n_handlers;
    for (int k = 0; k < 300; k++)                         /* moving a BAR does not use up port handler slots */
        cfg_write(r, 0x09, 0x20, 0xc000 + (uint32_t)(k & 1) * 0x100);
    CHECK_EQ(r->ports.n_handlers, handlers);
    cfg_write(r, 0x09, 0x20, 0xd000);
    CHECK_EQ(inl(r, 0xc004), 0xffffffffu);
    CHECK_EQ(inl(r, 0xd004), 0x00123458);
    cfg_write(r, 0x09, 0x04, 0x0000);
    CHECK_EQ(inl(r, 0xd004), 0xffffffffu);
}

static void test_mem_bar(struct rig *r, struct fake *f)
{
    cfg_write(r, 0x10, 0x10, 0xffffffffu);
    CHECK_EQ(cfg_read(r, 0x10, 0x10), 0xfffff000u);
    cfg_write(r, 0x10, 0x30, 0xffffffffu);
    CHECK_EQ(cfg_read(r, 0x10, 0x30), 0xffffe001u);
    cfg_write(r, 0x10, 0x04, 0x0002);                     /* memory on while BAR0 holds the sizing pattern */
    CHECK_EQ(f->moves, 0);                                /* ... which never maps anything */
    CHECK_EQ(phys_read(&r->phys, 0xfffff000u, 4), 0xffffffffu);
    cfg_write(r, 0x10, 0x10, 0xe0000000u);
    CHECK_EQ(f->moves, 1);
    CHECK_EQ(f->last_mapped, 1);
    CHECK_EQ(f->last_base, 0xe0000000u);
    CHECK_EQ(phys_read(&r->phys, 0xe0000010u, 4), 0xcafe0010u);
    CHECK_EQ(phys_read(&r->phys, 0xe0001000u, 4), 0xffffffffu);
    cfg_write(r, 0x10, 0x10, 0xe0100000u);
    CHECK_EQ(phys_read(&r->phys, 0xe0000010u, 4), 0xffffffffu);
    CHECK_EQ(phys_read(&r->phys, 0xe0100020u, 4), 0xcafe0020u);
    cfg_write(r, 0x10, 0x04, 0x0000);
    CHECK_EQ(f->last_mapped, 0);
    CHECK_EQ(phys_read(&r->phys, 0xe0100020u, 4), 0xffffffffu);
    pci_function_reset(&f->pci);
    CHECK_EQ(cfg_read(r, 0x10, 0x10), 0);
}

/* PAM: reads and writes of the BIOS area between the ROM and shadow RAM */
static void test_pam(struct rig *r)
{
    CHECK_EQ(phys_read(&r->phys, 0xf0000, 1), 0xaa);      /* reset: the ROM */
    phys_write(&r->phys, 0xf0000, 0x55, 1);
    CHECK_EQ(r->phys.ram[0xf0000], 0);                    /* writes go nowhere */
    cfg_write8(r, 0x00, 0x59, 0x20);                      /* write-enable only: copy the ROM onto itself */
    phys_write(&r->phys, 0xf0000, phys_read(&r->phys, 0xf0000, 1) ^ 0xff, 1);
    CHECK_EQ(phys_read(&r->phys, 0xf0000, 1), 0xaa);
    CHECK_EQ(r->phys.ram[0xf0000], 0x55);
    cfg_write8(r, 0x00, 0x59, 0x30);                      /* read and write the RAM */
    CHECK_EQ(phys_read(&r->phys, 0xfffff, 1), 0x00);
    CHECK_EQ(phys_read(&r->phys, 0xf0000, 1), 0x55);
    cfg_write8(r, 0x00, 0x59, 0x10);                      /* read-only shadow */
    phys_write(&r->phys, 0xf0000, 0x11, 1);
    CHECK_EQ(phys_read(&r->phys, 0xf0000, 1), 0x55);
    CHECK_EQ(cfg_read(r, 0x00, 0x58) >> 8 & 0xff, 0x10);
    /* where PAM does not select DRAM and no ROM is mapped, the bus reads all ones and ignores writes */
    r->phys.ram[0xd0000] = 0x42;
    CHECK_EQ(phys_read(&r->phys, 0xd0000, 1), 0xff);
    phys_write(&r->phys, 0xd0000, 0x43, 1);
    CHECK_EQ(r->phys.ram[0xd0000], 0x42);
    cfg_write8(r, 0x00, 0x5c, 0x03);                      /* PAM3 low nibble: D0000-D3FFF read/write DRAM */
    CHECK_EQ(phys_read(&r->phys, 0xd0000, 1), 0x42);
    /* PAM1 high nibble: C4000-C7FFF only */
    cfg_write8(r, 0x00, 0x5a, 0x30);
    phys_write(&r->phys, 0xc4000, 0x77, 1);
    phys_write(&r->phys, 0xc3fff, 0x77, 1);
    CHECK_EQ(r->phys.ram[0xc4000], 0x77);
    CHECK_EQ(r->phys.ram[0xc3fff], 0x00);
}

static uint32_t vga_read(void *opaque, uint32_t offset, unsigned size)
{
    (void)opaque;
    (void)offset;
    (void)size;
    return 0x11;
}

static void test_smram(struct rig *r)
{
    CHECK_EQ(phys_read(&r->phys, 0xa0000, 1), 0x11);      /* the "VGA" */
    cfg_write8(r, 0x00, 0x72, 0x4a);                      /* D_OPEN, G_SMRAME */
    phys_write(&r->phys, 0xa0000, 0x66, 1);
    CHECK_EQ(phys_read(&r->phys, 0xa0000, 1), 0x66);      /* the DRAM underneath */
    cfg_write8(r, 0x00, 0x72, 0x0a);
    CHECK_EQ(phys_read(&r->phys, 0xa0000, 1), 0x11);
    CHECK_EQ(r->phys.ram[0xa0000], 0x66);
    cfg_write8(r, 0x00, 0x72, 0x5a);                      /* D_LCK with D_OPEN: D_OPEN is cleared */
    CHECK_EQ(cfg_read(r, 0x00, 0x70) >> 16 & 0xff, 0x1a);
    cfg_write8(r, 0x00, 0x72, 0x4a);                      /* locked: D_OPEN, D_LCK, G_SMRAME stay */
    CHECK_EQ(cfg_read(r, 0x00, 0x70) >> 16 & 0xff, 0x1a);
    CHECK_EQ(phys_read(&r->phys, 0xa0000, 1), 0x11);
}

static void test_pirq(struct rig *r, struct fake *f)
{
    static struct pci_function g;        /* a second device in slot 6: INTA# is PIRQB as well */
    pci_function_init(&g, 0x1234, 0x0002, 0, 0xff0000, 0);
    pci_set_byte(&g, PCI_INTERRUPT_PIN, 1);
    CHECK_EQ(pci_register(f->pci.bus, &g, PCI_DEVFN(6, 0)), 0);
    CHECK_EQ(pci_register(f->pci.bus, &g, PCI_DEVFN(6, 0)), -1);
    CHECK_EQ(pci_slot_pirq(1, 1), 0);
    CHECK_EQ(pci_slot_pirq(2, 1), 1);
    CHECK_EQ(pci_slot_pirq(2, 4), 0);
    CHECK_EQ(pci_slot_pirq(0, 1), 3);
    pci_set_irq(&f->pci, 1);
    CHECK_EQ(r->line[11].level, 0);                       /* PIRQB not routed yet */
    CHECK_EQ(cfg_read(r, 0x10, 0x04) >> 16 & 8, 8);       /* status: interrupt */
    cfg_write8(r, 0x08, 0x61, 0x0b);                      /* PIRQB -> IRQ 11 */
    CHECK_EQ(r->line[11].level, 1);
    pci_set_irq(&g, 1);
    pci_set_irq(&f->pci, 0);
    CHECK_EQ(r->line[11].level, 1);                       /* wired OR */
    pci_set_irq(&g, 0);
    CHECK_EQ(r->line[11].level, 0);
    pci_set_irq(&f->pci, 1);
    cfg_write(r, 0x10, 0x04, 0x0400);                     /* INTx disable */
    CHECK_EQ(r->line[11].level, 0);
    CHECK_EQ(cfg_read(r, 0x10, 0x04) >> 16 & 8, 8);       /* the status bit still shows the request */
    cfg_write(r, 0x10, 0x04, 0x0000);
    CHECK_EQ(r->line[11].level, 1);
    cfg_write8(r, 0x08, 0x61, 0x0a);                      /* re-routed */
    CHECK_EQ(r->line[11].level, 0);
    CHECK_EQ(r->line[10].level, 1);
    cfg_write8(r, 0x08, 0x60, 0x0a);                      /* PIRQA to the same IRQ */
    cfg_write8(r, 0x08, 0x61, 0x02);                      /* IRQ 2 is reserved: not routed */
    CHECK_EQ(r->line[10].level, 0);
    CHECK_EQ(r->line[2].level, 0);
    cfg_write8(r, 0x08, 0x61, 0x8b);                      /* bit 7: disabled */
    CHECK_EQ(r->line[11].level, 0);
    pci_set_irq(&f->pci, 0);
}

int main(void)
{
    struct rig r;
    rig_init(&r);
    static uint8_t rom[0x10000];
    for (unsigned k = 0; k < sizeof rom; k++)
        rom[k] = 0xaa;
    phys_add_rom(&r.phys, 0xf0000, 0x10000, rom, "bios");
    phys_add_mmio(&r.phys, 0xa0000, 0x20000, vga_read, NULL, NULL, "vga");
    char err[100];
    struct ide_channel *ide0 = ide_create(&r.bs, 0, rig_line(&r, 14), err, sizeof err);
    struct ide_channel *ide1 = ide_create(&r.bs, 1, rig_line(&r, 15), err, sizeof err);
    struct pci_bus *bus = pci_bus_create(&r.bs);
    struct i440fx *host = bus ? i440fx_create(&r.bs, bus) : NULL;
    struct irq_line isa[16];
    for (int k = 0; k < 16; k++)
        isa[k] = rig_line(&r, k);
    struct piix3 *piix = host ? piix3_create(&r.bs, bus, isa, ide0, ide1) : NULL;
    CHECK(ide0 && ide1 && bus && host && piix);
    if (!piix)
        return unit_done();
    device_reset_all(&r.devices);
    static struct fake f;
    pci_function_init(&f.pci, 0x1234, 0x0001, 0x01, 0xff0000, 0);
    pci_set_byte(&f.pci, PCI_INTERRUPT_PIN, 1);
    CHECK_EQ(pci_bar_init_mmio(&f.pci, 0, PCI_BAR_MEM, 0x1000, fake_read, NULL, &f, "fake"), 0);
    f.pci.bar[0].moved = fake_moved;
    pci_bar_init(&f.pci, PCI_ROM_BAR, PCI_BAR_ROM, 0x2000, NULL, NULL);
    CHECK_EQ(pci_register(bus, &f.pci, PCI_DEVFN(2, 0)), 0);

    test_identity(&r);
    test_io_bar(&r);
    test_mem_bar(&r, &f);
    test_pam(&r);
    test_smram(&r);
    test_pirq(&r, &f);
    /* a reset puts the shadow areas back to the ROM */
    device_reset_all(&r.devices);
    CHECK_EQ(phys_read(&r.phys, 0xf0000, 1), 0xaa);
    CHECK_EQ(cfg_read(&r, 0x00, 0x70) >> 16 & 0xff, 0x02);
    rig_free(&r);
    return unit_done();
}
