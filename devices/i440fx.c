/* The i440FX host bridge (see i440fx.h). Register layout from the Intel 440FX PCIset datasheet (82441FX PMC),
 * section 3.2; reset values as QEMU presents them. */
#include "devices/i440fx.h"

#include <stdlib.h>

/* The 16 KiB (or, for PAM0's high half, 64 KiB) area each PAM nibble controls. */
static void pam_area(int reg, int high, uint32_t *base, uint32_t *size)
{
    if (reg == 0) {
        *base = 0xf0000;
        *size = 0x10000;
    } else {
        *base = 0xc0000 + (uint32_t)(reg - 1) * 0x8000 + (high ? 0x4000 : 0);
        *size = 0x4000;
    }
}

/* Bit 0 of a nibble: reads from DRAM; bit 1: writes to DRAM. PAM0's low nibble is reserved. */
static void apply_pam(struct i440fx *h, int reg, int force)
{
    uint8_t v = pci_get_byte(&h->pci, I440FX_PAM0 + (unsigned)reg);
    if (!force && v == h->pam_applied[reg])
        return;
    for (int high = reg == 0 ? 1 : 0; high < 2; high++) {
        uint8_t nib = (uint8_t)(v >> (4 * high)), old = (uint8_t)(h->pam_applied[reg] >> (4 * high));
        if (!force && ((nib ^ old) & 3) == 0)
            continue;
        uint32_t base, size;
        pam_area(reg, high, &base, &size);
        phys_set_shadow(h->phys, base, size, nib & 1, (nib >> 1) & 1);
    }
    h->pam_applied[reg] = v;
}

static void apply_smram(struct i440fx *h, int force)
{
    uint8_t open = (pci_get_byte(&h->pci, I440FX_SMRAM) & SMRAM_D_OPEN) != 0;
    if (!force && open == h->smram_applied)
        return;
    phys_set_shadow(h->phys, 0xa0000, 0x20000, open, open);
    h->smram_applied = open;
}

/* D_LCK: once set, D_OPEN reads as 0 and D_LCK, G_SMRAME and D_OPEN no longer change until reset. */
static void smram_written(struct i440fx *h)
{
    uint8_t v = pci_get_byte(&h->pci, I440FX_SMRAM);
    if (v & SMRAM_D_LCK) {
        v &= (uint8_t)~SMRAM_D_OPEN;
        pci_set_byte(&h->pci, I440FX_SMRAM, v);
        h->pci.wmask[I440FX_SMRAM] = SMRAM_D_CLS;
    }
    apply_smram(h, 0);
}

static void i440fx_config_written(struct pci_function *f, unsigned offset, unsigned size)
{
    struct i440fx *h = f->opaque;
    for (unsigned k = 0; k < 7; k++)
        if (offset <= I440FX_PAM0 + k && offset + size > I440FX_PAM0 + k)
            apply_pam(h, (int)k, 0);
    if (offset <= I440FX_SMRAM && offset + size > I440FX_SMRAM)
        smram_written(h);
}

/* C0000-EFFFF when neither shadow RAM nor an option ROM answers: the PCI/ISA bus, where nothing drives the data
 * lines. A region under everything else there, so that PAM "not DRAM" reads all ones instead of the RAM. */
static uint32_t legacy_hole_read(void *opaque, uint32_t offset, unsigned size)
{
    (void)opaque;
    (void)offset;
    return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

static void set_writable(struct pci_function *f, unsigned from, unsigned to, uint8_t mask)
{
    for (unsigned o = from; o <= to; o++)
        f->wmask[o] = mask;
}

static void i440fx_reset(void *opaque)
{
    struct i440fx *h = opaque;
    struct pci_function *f = &h->pci;
    pci_function_reset(f);
    for (unsigned o = 0x40; o < 0x100; o++)
        pci_set_byte(f, o, 0);
    pci_set_byte(f, 0x57, 0x10);                 /* DRAMC, as QEMU */
    pci_set_byte(f, I440FX_SMRAM, 0x02);          /* C_BASE_SEG = 010b: SMRAM at A0000h */
    f->wmask[I440FX_SMRAM] = SMRAM_G_SMRAME | SMRAM_D_LCK | SMRAM_D_CLS | SMRAM_D_OPEN;
    for (int k = 0; k < 7; k++)
        apply_pam(h, k, 1);
    if (h->smram_applied)
        apply_smram(h, 1);
}

static int i440fx_post_load(void *opaque)
{
    struct i440fx *h = opaque;
    for (int k = 0; k < 7; k++)
        apply_pam(h, k, 1);
    apply_smram(h, 1);
    pci_function_post_load(&h->pci);
    return 0;
}

static const struct state_field i440fx_fields[] = {
    STATE_ARRAY(struct i440fx, pci.config), STATE_ARRAY(struct i440fx, pci.wmask),
    STATE_END,
};

static const struct device_type i440fx_type = {
    .name = "i440fx",
    .version = 1,
    .fields = i440fx_fields,
    .reset = i440fx_reset,
    .post_load = i440fx_post_load,
    .destroy = free,
};

struct i440fx *i440fx_create(const struct board_services *bs, struct pci_bus *bus)
{
    struct i440fx *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->phys = bs->phys;
    struct pci_function *f = &h->pci;
    pci_function_init(f, 0x8086, 0x1237, 0x02, 0x060000, 0x00);
    f->opaque = h;
    f->config_written = i440fx_config_written;
    set_writable(f, 0x50, 0x58, 0xff);           /* PMCCFG, DETURBO, DBC, DRT, DRAMEC, DRAMC, DRAMT */
    set_writable(f, I440FX_PAM0, I440FX_PAM0, 0x70);
    set_writable(f, I440FX_PAM0 + 1, I440FX_PAM0 + 6, 0x77);
    set_writable(f, 0x60, 0x68, 0xff);           /* DRB0-7, FDHC */
    set_writable(f, 0x70, 0x71, 0xff);           /* MTT, CLT */
    set_writable(f, 0x90, 0x93, 0xff);           /* ERRCMD, ERRSTS, TRC */
    if (phys_add_mmio(bs->phys, 0xc0000, 0x30000, legacy_hole_read, NULL, NULL, "pci-legacy-hole") < 0 ||
        pci_register(bus, f, PCI_DEVFN(0, 0)) < 0 || device_register(bs->devices, &i440fx_type, h, NULL) < 0) {
        free(h);
        return NULL;
    }
    return h;
}
