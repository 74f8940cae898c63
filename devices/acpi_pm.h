/* PIIX4-style ACPI power management: the PIIX4 function 3 at 01.3 (8086:7113 rev 03), as in QEMU's "pc" machine
 * (which pairs the PIIX3 with a PIIX4 power management function).
 *
 * Config space: PMBA (40h) holds the base of the 64-byte power management I/O block, decoded while PMREGMISC
 * (80h) bit 0 is set; SMBBA (90h) and SMBHSTCFG (D2h) are storage (no SMBus controller is modelled).
 *
 * The I/O block (offsets from PMBA), as the ACPI FADT describes it:
 *   00h PM1a_STS  TMR_STS (0), BM_STS (4), GBL_STS (5), PWRBTN_STS (8), RTC_STS (10), WAK_STS (15); write 1 clears
 *   02h PM1a_EN   TMR_EN, GBL_EN, PWRBTN_EN, RTC_EN
 *   04h PM1a_CNT  SCI_EN (0), SLP_TYP (10-12), SLP_EN (13, write-only). SLP_EN with SLP_TYP 0 is soft-off (S5),
 *                 the _S5 value of our DSDT and QEMU's: the board ends the run with exit status 0.
 *   08h PM_TMR    24-bit counter at 3.579545 MHz from the virtual clock; TMR_STS is set when bit 23 toggles
 *   0Ch GPE0      GPSTS (16 bits, write 1 clears) and GPEN
 *   10h-3Fh       processor control and the PIIX4 device/global registers: storage
 * The SCI (IRQ 9, level) is asserted while SCI_EN is set and an enabled status bit is set.
 *
 * Ports B2h/B3h are the APM control and status registers (the FADT's SMI_CMD): writing ACPI_ENABLE (F1h) sets
 * SCI_EN and ACPI_DISABLE (F0h) clears it, as QEMU's PIIX4 does (there is no SMM to do it). */
#ifndef X86PC_DEVICES_ACPI_PM_H
#define X86PC_DEVICES_ACPI_PM_H

#include "devices/pci.h"

enum { ACPI_PM_PMBA = 0x40, ACPI_PM_PMREGMISC = 0x80, ACPI_PM_SMBBA = 0x90, ACPI_PM_IO_SIZE = 64 };
enum { ACPI_ENABLE_CMD = 0xf1, ACPI_DISABLE_CMD = 0xf0 };
enum {
    PM1_TMR_STS = 0x0001, PM1_BM_STS = 0x0010, PM1_GBL_STS = 0x0020, PM1_PWRBTN_STS = 0x0100,
    PM1_RTC_STS = 0x0400, PM1_WAK_STS = 0x8000,
    PM1_SCI_EN = 0x0001, PM1_SLP_EN = 0x2000,
};
#define ACPI_PM_TIMER_HZ 3579545u

typedef void acpi_poweroff_fn(void *board);

struct acpi_pm {
    struct pci_function pci;
    struct pci_bus *bus;
    struct pci_bar io;           /* the PMBA window */
    uint16_t pm1_sts, pm1_en, pm1_cnt;
    uint16_t gpe_sts, gpe_en;
    uint8_t regs[ACPI_PM_IO_SIZE];   /* 10h-3Fh: storage */
    uint8_t apm_cnt, apm_sts;
    uint64_t tmr_epoch;          /* PM timer bit-23 half-periods already reflected in TMR_STS */
    uint8_t sci_level;
    struct irq_line sci;
    struct clock *clock;
    struct timer overflow;       /* armed while TMR_EN is set: the next bit-23 toggle */
    acpi_poweroff_fn *poweroff;
    void *board;
};

struct acpi_pm *acpi_pm_create(const struct board_services *bs, struct pci_bus *bus, struct irq_line sci,
                               acpi_poweroff_fn *poweroff, void *board);
/* The PM timer value now (24 bits). */
uint32_t acpi_pm_timer(const struct acpi_pm *pm);
/* A power button press (a frontend or monitor "system_powerdown"): PWRBTN_STS and an SCI when enabled. */
void acpi_pm_power_button(struct acpi_pm *pm);

#endif
