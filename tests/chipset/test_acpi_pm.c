/* PIIX4 ACPI power management on a board-less rig: the function's identity, PMBA decoding, the PM timer's rate
 * and TMR_STS, the SCI, the power button, ACPI enable through SMI_CMD, and soft-off (SLP_TYP 0 + SLP_EN). */
#include "devices/acpi_pm.h"
#include "devices/pci.h"
#include "tests/unit/device_rig.h"
#include "tests/unit/unit.h"

static unsigned poweroffs;

static void count_poweroff(void *board)
{
    (void)board;
    poweroffs++;
}

static uint32_t inl(struct rig *r, uint16_t port) { return ports_read(&r->ports, port, 4); }
static uint16_t inw(struct rig *r, uint16_t port) { return (uint16_t)ports_read(&r->ports, port, 2); }
static void outw(struct rig *r, uint16_t port, uint16_t v) { ports_write(&r->ports, port, v, 2); }

static uint32_t cfg_read(struct rig *r, unsigned reg)
{
    ports_write(&r->ports, 0xcf8, 0x80000b00u | reg, 4);
    return inl(r, 0xcfc);
}

static void cfg_write(struct rig *r, unsigned reg, uint32_t v)
{
    ports_write(&r->ports, 0xcf8, 0x80000b00u | reg, 4);
    ports_write(&r->ports, 0xcfc, v, 4);
}

int main(void)
{
    struct rig r;
    rig_init(&r);
    struct pci_bus *bus = pci_bus_create(&r.bs);
    struct acpi_pm *pm = acpi_pm_create(&r.bs, bus, rig_line(&r, 9), count_poweroff, NULL);
    CHECK(pm != NULL);
    if (!pm)
        return unit_done();
    /* identity and reset values as QEMU's PIIX4 PM (01.3) */
    CHECK_EQ(cfg_read(&r, 0x00), 0x71138086);
    CHECK_EQ(cfg_read(&r, 0x04), 0x02800000);
    CHECK_EQ(cfg_read(&r, 0x08), 0x06800003);
    CHECK_EQ(cfg_read(&r, 0x3c), 0x00000100);
    CHECK_EQ(cfg_read(&r, 0x40), 0x00000001);
    CHECK_EQ(cfg_read(&r, 0x5c), 0x10000000);
    /* PMBA = 0x600, decoded once PMREGMISC bit 0 is set */
    cfg_write(&r, 0x40, 0x0600);
    CHECK_EQ(cfg_read(&r, 0x40), 0x00000601);
    CHECK_EQ(inl(&r, 0x608), 0xffffffffu);
    cfg_write(&r, 0x80, 1);
    /* the PM timer: 3.579545 MHz, 24 bits */
    uint32_t t0 = inl(&r, 0x608);
    rig_advance_ns(&r, 1000000000);
    uint32_t t1 = inl(&r, 0x608);
    CHECK_EQ((t1 - t0) & 0xffffff, 3579545);
    CHECK_EQ(t1 >> 24, 0);
    rig_advance_ns(&r, 1000);
    CHECK_EQ((inl(&r, 0x608) - t1) & 0xffffff, 3);       /* 1 us = 3.58 ticks */
    /* TMR_STS after bit 23 toggles (2^23 ticks, 2.34 s); write 1 to clear */
    outw(&r, 0x600, 0xffff);
    CHECK_EQ(inw(&r, 0x600) & 1, 0);
    rig_advance_ns(&r, 2400000000ull);
    CHECK_EQ(inw(&r, 0x600) & 1, 1);
    outw(&r, 0x600, 1);
    CHECK_EQ(inw(&r, 0x600) & 1, 0);
    /* The SCI needs SCI_EN (set through SMI_CMD = ACPI_ENABLE, as an OS does) and an enabled event */
    outw(&r, 0x602, 0x0001);                             /* TMR_EN */
    rig_advance_ns(&r, 2400000000ull);
    CHECK_EQ(r.line[9].level, 0);                        /* ACPI not enabled yet: no SCI */
    ports_write(&r.ports, 0xb2, 0xf1, 1);
    CHECK_EQ(inw(&r, 0x604) & 1, 1);
    CHECK_EQ(r.line[9].level, 1);
    outw(&r, 0x600, 1);
    CHECK_EQ(r.line[9].level, 0);
    r.line[9].rises = 0;
    rig_advance_ns(&r, 2400000000ull);                   /* the overflow timer raises the SCI by itself */
    CHECK_EQ(r.line[9].rises, 1);
    outw(&r, 0x600, 1);
    outw(&r, 0x602, 0);
    /* the power button */
    acpi_pm_power_button(pm);
    CHECK_EQ(inw(&r, 0x600) & 0x100, 0x100);
    CHECK_EQ(r.line[9].level, 0);
    outw(&r, 0x602, 0x0100);
    CHECK_EQ(r.line[9].level, 1);
    outw(&r, 0x600, 0x100);
    CHECK_EQ(r.line[9].level, 0);
    /* ACPI_DISABLE */
    ports_write(&r.ports, 0xb2, 0xf0, 1);
    CHECK_EQ(inw(&r, 0x604) & 1, 0);
    /* sleep: SLP_TYP 1 (not offered) does nothing, SLP_TYP 0 is soft-off; SLP_EN reads as 0 */
    outw(&r, 0x604, 0x2400);
    CHECK_EQ(poweroffs, 0);
    CHECK_EQ(inw(&r, 0x604), 0x0400);
    outw(&r, 0x604, 0x0000);
    CHECK_EQ(poweroffs, 0);
    ports_write(&r.ports, 0x605, 0x20, 1);               /* a byte write of SLP_EN with SLP_TYP 0 */
    CHECK_EQ(poweroffs, 1);
    /* PMREGMISC off: the block disappears; a reset restores the defaults */
    cfg_write(&r, 0x80, 0);
    CHECK_EQ(inl(&r, 0x608), 0xffffffffu);
    device_reset_all(&r.devices);
    CHECK_EQ(cfg_read(&r, 0x40), 0x00000001);
    rig_free(&r);
    return unit_done();
}
