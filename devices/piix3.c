/* The PIIX3 ISA bridge and IDE function (see piix3.h). Registers from the Intel 82371FB/82371SB (PIIX/PIIX3)
 * datasheet, sections 2.2 (function 0) and 2.3 (function 1); reset values as QEMU presents them. */
#include "devices/piix3.h"

#include <stdlib.h>

/* ISA IRQs a PIRQ may be steered to (datasheet: 0, 1, 2, 8 and 13 are reserved). */
static int routable(unsigned irq)
{
    return irq >= 3 && irq <= 15 && irq != 8 && irq != 13;
}

/* Each ISA IRQ is the OR of the PIRQs routed to it; only changes go out. */
static void update_isa_irqs(struct piix3 *p)
{
    uint16_t out = 0;
    for (int n = 0; n < PCI_NUM_PIRQ; n++) {
        uint8_t rc = pci_get_byte(&p->isa, PIIX3_PIRQRC + (unsigned)n);
        if (!(rc & 0x80) && routable(rc & 15u) && p->bus->pirq_level[n])
            out |= (uint16_t)(1u << (rc & 15));
    }
    uint16_t changed = out ^ p->irq_out;
    p->irq_out = out;
    for (int irq = 0; irq < 16; irq++)
        if (changed & (1u << irq))
            irq_set(&p->irq[irq], (out >> irq) & 1);
}

static void pirq_changed(void *opaque, int pirq, int level)
{
    (void)pirq;
    (void)level;
    update_isa_irqs(opaque);
}

static void isa_config_written(struct pci_function *f, unsigned offset, unsigned size)
{
    if (offset < PIIX3_PIRQRC + PCI_NUM_PIRQ && offset + size > PIIX3_PIRQRC)
        update_isa_irqs(f->opaque);
}

/* ---- function 1: bus-master IDE registers at BAR4 ---- */

static uint32_t bm_read(void *opaque, uint16_t offset, unsigned size)
{
    struct piix3 *p = opaque;
    struct ide_channel *ch = p->channel[(offset >> 3) & 1];
    if (!ch || offset >= 16)
        return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
    return ide_bm_read(ch, offset & 7u, size);
}

static void bm_write(void *opaque, uint16_t offset, uint32_t value, unsigned size)
{
    struct piix3 *p = opaque;
    struct ide_channel *ch = p->channel[(offset >> 3) & 1];
    if (ch && offset < 16)
        ide_bm_write(ch, offset & 7u, value, size);
}

static void set_writable(struct pci_function *f, unsigned from, unsigned to, uint8_t mask)
{
    for (unsigned o = from; o <= to; o++)
        f->wmask[o] = mask;
}

static void isa_defaults(struct pci_function *f)
{
    for (unsigned o = 0x40; o < 0x100; o++)
        pci_set_byte(f, o, 0);
    pci_set_word(f, PCI_STATUS, 0x0200);          /* DEVSEL# medium */
    pci_set_byte(f, 0x4c, 0x4d);                  /* IORT */
    pci_set_word(f, 0x4e, 0x0003);                /* XBCS: RTC, keyboard controller */
    pci_set_long(f, PIIX3_PIRQRC, 0x80808080u);   /* no PIRQ routed */
    pci_set_byte(f, 0x69, 0x02);                  /* TOM */
    pci_set_byte(f, 0x70, 0x80);                  /* MBIRQ0: disabled */
    pci_set_word(f, 0x76, 0x0c0c);                /* MBDMA: disabled */
    pci_set_word(f, 0x78, 0x0002);                /* PCSC */
    pci_set_byte(f, 0xa0, 0x08);                  /* SMICNTL */
    pci_set_byte(f, 0xa8, 0x0f);                  /* FTMR */
}

static void piix3_reset(void *opaque)
{
    struct piix3 *p = opaque;
    pci_function_reset(&p->isa);
    isa_defaults(&p->isa);
    pci_function_reset(&p->ide);
    pci_set_word(&p->ide, PCI_STATUS, 0x0280);    /* fast back-to-back, DEVSEL# medium */
    for (unsigned o = 0x40; o < 0x100; o++)
        pci_set_byte(&p->ide, o, 0);
    update_isa_irqs(p);
}

static int piix3_post_load(void *opaque)
{
    struct piix3 *p = opaque;
    pci_function_post_load(&p->isa);
    pci_function_post_load(&p->ide);
    update_isa_irqs(p);
    return 0;
}

static const struct state_field piix3_fields[] = {
    STATE_ARRAY(struct piix3, isa.config), STATE_ARRAY(struct piix3, ide.config),
    STATE_END,
};

static const struct device_type piix3_type = {
    .name = "piix3",
    .version = 1,
    .fields = piix3_fields,
    .reset = piix3_reset,
    .post_load = piix3_post_load,
    .destroy = free,
};

static void init_isa_function(struct piix3 *p)
{
    struct pci_function *f = &p->isa;
    pci_function_init(f, 0x8086, 0x7000, 0x00, 0x060100, 0x80);   /* multi-function */
    f->opaque = p;
    f->config_written = isa_config_written;
    set_writable(f, 0x4c, 0x4c, 0xff);            /* IORT */
    set_writable(f, 0x4e, 0x4e, 0xff);            /* XBCS */
    set_writable(f, 0x4f, 0x4f, 0x07);
    set_writable(f, PIIX3_PIRQRC, PIIX3_PIRQRC + 3, 0x8f);
    set_writable(f, 0x69, 0x69, 0xfe);            /* TOM */
    set_writable(f, 0x6a, 0x6b, 0xff);            /* MSTAT */
    set_writable(f, 0x70, 0x71, 0xef);            /* MBIRQ0/1 */
    set_writable(f, 0x76, 0x77, 0x8f);            /* MBDMA0/1 */
    set_writable(f, 0x78, 0x79, 0xff);            /* PCSC */
    set_writable(f, 0x80, 0x80, 0x7f);            /* APICBASE */
    set_writable(f, 0x82, 0x82, 0x0f);            /* DLC */
    set_writable(f, 0xa0, 0xae, 0xff);            /* SMI control, enables, timers */
}

static void init_ide_function(struct piix3 *p)
{
    struct pci_function *f = &p->ide;
    pci_function_init(f, 0x8086, 0x7010, 0x00, 0x010180, 0x00);   /* IDE, legacy mode, bus master capable */
    f->opaque = p;
    pci_bar_init_io(f, 4, 16, bm_read, bm_write, p, "piix3-busmaster");
    set_writable(f, 0x40, 0x44, 0xff);            /* IDETIM primary/secondary, SIDETIM */
}

struct piix3 *piix3_create(const struct board_services *bs, struct pci_bus *bus, const struct irq_line irq[16],
                           struct ide_channel *channel0, struct ide_channel *channel1)
{
    struct piix3 *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->bus = bus;
    p->channel[0] = channel0;
    p->channel[1] = channel1;
    for (int k = 0; k < 16; k++)
        p->irq[k] = irq[k];
    init_isa_function(p);
    init_ide_function(p);
    if (pci_register(bus, &p->isa, PCI_DEVFN(1, 0)) < 0 || pci_register(bus, &p->ide, PCI_DEVFN(1, 1)) < 0 ||
        device_register(bs->devices, &piix3_type, p, NULL) < 0) {
        free(p);
        return NULL;
    }
    pci_bus_set_router(bus, pirq_changed, p);
    piix3_reset(p);
    return p;
}
