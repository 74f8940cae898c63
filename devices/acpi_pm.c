/* PIIX4 ACPI power management (see acpi_pm.h). Registers from the Intel 82371AB (PIIX4) datasheet, section 7
 * (power management registers, function 3) and the ACPI 1.0 specification, section 4.7 (PM1 event and control
 * blocks, PM timer). */
#include "devices/acpi_pm.h"

#include <stdlib.h>

enum { PM1_STS = 0x00, PM1_EN = 0x02, PM1_CNT = 0x04, PM_TMR = 0x08, GPE_STS = 0x0c, GPE_EN = 0x0e };
enum { PM1_EN_MASK = 0x0521 };   /* TMR_EN, GBL_EN, PWRBTN_EN, RTC_EN */
enum { APM_CNT_PORT = 0xb2, APM_STS_PORT = 0xb3 };
#define NS_PER_S 1000000000ull

/* PM timer ticks since power-on (split so the products stay in 64 bits for any run length). */
static uint64_t timer_ticks(const struct acpi_pm *pm)
{
    uint64_t ns = clock_ns(pm->clock);
    return ns / NS_PER_S * ACPI_PM_TIMER_HZ + ns % NS_PER_S * ACPI_PM_TIMER_HZ / NS_PER_S;
}

/* The first virtual nanosecond at which the timer has counted `ticks`. */
static uint64_t ticks_to_ns(uint64_t ticks)
{
    uint64_t rem = ticks % ACPI_PM_TIMER_HZ;
    return ticks / ACPI_PM_TIMER_HZ * NS_PER_S + (rem * NS_PER_S + ACPI_PM_TIMER_HZ - 1) / ACPI_PM_TIMER_HZ;
}

uint32_t acpi_pm_timer(const struct acpi_pm *pm)
{
    return (uint32_t)(timer_ticks(pm) & 0xffffff);
}

/* TMR_STS follows every toggle of the counter's bit 23 since it was last looked at. */
static void update_timer_status(struct acpi_pm *pm)
{
    uint64_t epoch = timer_ticks(pm) >> 23;
    if (epoch != pm->tmr_epoch) {
        pm->pm1_sts |= PM1_TMR_STS;
        pm->tmr_epoch = epoch;
    }
}

static void update_sci(struct acpi_pm *pm)
{
    update_timer_status(pm);
    int level = (pm->pm1_cnt & PM1_SCI_EN) &&
                ((pm->pm1_sts & pm->pm1_en & PM1_EN_MASK) || (pm->gpe_sts & pm->gpe_en));
    if (level != pm->sci_level) {
        pm->sci_level = (uint8_t)level;
        irq_set(&pm->sci, level);
    }
}

static void arm_overflow(struct acpi_pm *pm)
{
    if (pm->pm1_en & PM1_TMR_STS)
        timer_arm_ns(&pm->overflow, ticks_to_ns(((timer_ticks(pm) >> 23) + 1) << 23));
    else
        timer_cancel(&pm->overflow);
}

static void overflow_event(void *opaque)
{
    struct acpi_pm *pm = opaque;
    update_sci(pm);
    arm_overflow(pm);
}

void acpi_pm_power_button(struct acpi_pm *pm)
{
    pm->pm1_sts |= PM1_PWRBTN_STS;
    update_sci(pm);
}

static uint8_t read_byte(struct acpi_pm *pm, unsigned o)
{
    unsigned shift = 8 * (o & 1);
    switch (o & ~1u) {
    case PM1_STS: update_timer_status(pm); return (uint8_t)(pm->pm1_sts >> shift);
    case PM1_EN: return (uint8_t)(pm->pm1_en >> shift);
    case PM1_CNT: return (uint8_t)((pm->pm1_cnt & ~PM1_SLP_EN) >> shift);
    case PM_TMR: case PM_TMR + 2: return (uint8_t)(acpi_pm_timer(pm) >> (8 * (o - PM_TMR)));
    case GPE_STS: return (uint8_t)(pm->gpe_sts >> shift);
    case GPE_EN: return (uint8_t)(pm->gpe_en >> shift);
    default: return pm->regs[o];
    }
}

static uint16_t merge(uint16_t reg, unsigned o, uint8_t v)
{
    unsigned shift = 8 * (o & 1);
    return (uint16_t)((reg & ~(0xffu << shift)) | (unsigned)v << shift);
}

/* SLP_EN starts the sleep state SLP_TYP names; only soft-off (type 0, our DSDT's _S5) exists here. */
static void control_written(struct acpi_pm *pm)
{
    if (!(pm->pm1_cnt & PM1_SLP_EN))
        return;
    pm->pm1_cnt &= (uint16_t)~PM1_SLP_EN;
    if (((pm->pm1_cnt >> 10) & 7) == 0 && pm->poweroff)
        pm->poweroff(pm->board);
}

static void write_byte(struct acpi_pm *pm, unsigned o, uint8_t v)
{
    switch (o & ~1u) {
    case PM1_STS:
        update_timer_status(pm);
        pm->pm1_sts &= (uint16_t)~((unsigned)v << (8 * (o & 1)));
        break;
    case PM1_EN: pm->pm1_en = (uint16_t)(merge(pm->pm1_en, o, v) & PM1_EN_MASK); break;
    case PM1_CNT:
        pm->pm1_cnt = (uint16_t)(merge(pm->pm1_cnt, o, v) & 0x3c07);
        control_written(pm);
        break;
    case PM_TMR: case PM_TMR + 2: break;        /* read-only */
    case GPE_STS: pm->gpe_sts &= (uint16_t)~((unsigned)v << (8 * (o & 1))); break;
    case GPE_EN: pm->gpe_en = merge(pm->gpe_en, o, v); break;
    default: pm->regs[o] = v; break;
    }
}

static uint32_t pm_io_read(void *opaque, uint16_t offset, unsigned size)
{
    struct acpi_pm *pm = opaque;
    uint32_t v = 0;
    for (unsigned k = 0; k < size; k++)
        v |= (uint32_t)(offset + k < ACPI_PM_IO_SIZE ? read_byte(pm, offset + k) : 0xff) << (8 * k);
    return v;
}

static void pm_io_write(void *opaque, uint16_t offset, uint32_t value, unsigned size)
{
    struct acpi_pm *pm = opaque;
    for (unsigned k = 0; k < size && offset + k < ACPI_PM_IO_SIZE; k++)
        write_byte(pm, offset + k, (uint8_t)(value >> (8 * k)));
    arm_overflow(pm);
    update_sci(pm);
}

/* ---- APM control (SMI_CMD) ---- */

static uint32_t apm_read(void *opaque, uint16_t port, unsigned size)
{
    struct acpi_pm *pm = opaque;
    (void)size;
    return port == APM_CNT_PORT ? pm->apm_cnt : pm->apm_sts;
}

static void apm_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct acpi_pm *pm = opaque;
    (void)size;
    if (port == APM_STS_PORT) {
        pm->apm_sts = (uint8_t)value;
        return;
    }
    pm->apm_cnt = (uint8_t)value;
    if (value == ACPI_ENABLE_CMD)
        pm->pm1_cnt |= PM1_SCI_EN;
    else if (value == ACPI_DISABLE_CMD)
        pm->pm1_cnt &= (uint16_t)~PM1_SCI_EN;
    update_sci(pm);
}

/* ---- config space ---- */

static void update_window(struct acpi_pm *pm)
{
    uint32_t base = pci_get_long(&pm->pci, ACPI_PM_PMBA) & 0xffc0;
    int enabled = pci_get_byte(&pm->pci, ACPI_PM_PMREGMISC) & 1;
    pci_io_window_set(pm->bus, &pm->io, enabled, base);
}

static void pm_config_written(struct pci_function *f, unsigned offset, unsigned size)
{
    if ((offset < ACPI_PM_PMBA + 4 && offset + size > ACPI_PM_PMBA) ||
        (offset <= ACPI_PM_PMREGMISC && offset + size > ACPI_PM_PMREGMISC))
        update_window(f->opaque);
}

static void acpi_pm_reset(void *opaque)
{
    struct acpi_pm *pm = opaque;
    struct pci_function *f = &pm->pci;
    pci_function_reset(f);
    for (unsigned o = 0x40; o < 0x100; o++)
        pci_set_byte(f, o, 0);
    pci_set_word(f, PCI_STATUS, 0x0280);
    pci_set_long(f, ACPI_PM_PMBA, 1);             /* I/O space indicator */
    pci_set_long(f, ACPI_PM_SMBBA, 1);
    pci_set_byte(f, 0x5f, 0x10);                  /* DEVRESB, DEVACTB: QEMU's values */
    pci_set_byte(f, 0x63, 0x60);
    /* DEVACTB bit 25 (APMC_EN, "a write to port B2h raises an SMI") starts set. There is no SMM, and firmware
     * that installs an SMI handler (the Bochs BIOS's rombios32, SeaBIOS) reads this bit to see whether that was
     * already done; otherwise it writes B2h and waits forever for a handler to clear port B3h. QEMU does the
     * same when it runs without SMM. */
    pci_set_byte(f, 0x5b, 0x02);
    pm->pm1_sts = pm->pm1_en = pm->pm1_cnt = 0;
    pm->gpe_sts = pm->gpe_en = 0;
    for (unsigned k = 0; k < ACPI_PM_IO_SIZE; k++)
        pm->regs[k] = 0;
    pm->apm_cnt = pm->apm_sts = 0;
    pm->tmr_epoch = timer_ticks(pm) >> 23;
    update_window(pm);
    arm_overflow(pm);
    update_sci(pm);
}

static int acpi_pm_post_load(void *opaque)
{
    struct acpi_pm *pm = opaque;
    pci_function_post_load(&pm->pci);
    update_window(pm);
    irq_set(&pm->sci, pm->sci_level);
    return 0;
}

static void acpi_pm_destroy(void *opaque)
{
    struct acpi_pm *pm = opaque;
    timer_cancel(&pm->overflow);
    free(pm);
}

static const struct state_field acpi_pm_fields[] = {
    STATE_ARRAY(struct acpi_pm, pci.config), STATE_FIELD(struct acpi_pm, pm1_sts),
    STATE_FIELD(struct acpi_pm, pm1_en), STATE_FIELD(struct acpi_pm, pm1_cnt), STATE_FIELD(struct acpi_pm, gpe_sts),
    STATE_FIELD(struct acpi_pm, gpe_en), STATE_ARRAY(struct acpi_pm, regs), STATE_FIELD(struct acpi_pm, apm_cnt),
    STATE_FIELD(struct acpi_pm, apm_sts), STATE_FIELD(struct acpi_pm, tmr_epoch),
    STATE_FIELD(struct acpi_pm, sci_level), STATE_TIMER(struct acpi_pm, overflow),
    STATE_END,
};

static const struct device_type acpi_pm_type = {
    .name = "acpi-pm",
    .version = 1,
    .fields = acpi_pm_fields,
    .reset = acpi_pm_reset,
    .post_load = acpi_pm_post_load,
    .destroy = acpi_pm_destroy,
};

static void init_function(struct acpi_pm *pm)
{
    struct pci_function *f = &pm->pci;
    pci_function_init(f, 0x8086, 0x7113, 0x03, 0x068000, 0x00);
    pci_set_byte(f, PCI_INTERRUPT_PIN, 1);
    f->opaque = pm;
    f->config_written = pm_config_written;
    f->wmask[ACPI_PM_PMBA] = 0xc0;                /* PMBA: 64 bytes, bits 6-15 */
    f->wmask[ACPI_PM_PMBA + 1] = 0xff;
    for (unsigned o = 0x58; o <= 0x6f; o++)       /* device activity, resource and decode controls */
        f->wmask[o] = 0xff;
    f->wmask[ACPI_PM_PMREGMISC] = 0x01;
    f->wmask[ACPI_PM_SMBBA] = 0xf0;               /* SMBBA: 16 bytes */
    f->wmask[ACPI_PM_SMBBA + 1] = 0xff;
    f->wmask[0xd2] = 0x0f;                        /* SMBHSTCFG */
}

struct acpi_pm *acpi_pm_create(const struct board_services *bs, struct pci_bus *bus, struct irq_line sci,
                               acpi_poweroff_fn *poweroff, void *board)
{
    struct acpi_pm *pm = calloc(1, sizeof *pm);
    if (!pm)
        return NULL;
    pm->bus = bus;
    pm->sci = sci;
    pm->clock = bs->clock;
    pm->poweroff = poweroff;
    pm->board = board;
    timer_init(&pm->overflow, bs->clock, overflow_event, pm, "acpi-pm-timer");
    pci_io_window_init(&pm->io, ACPI_PM_IO_SIZE, pm_io_read, pm_io_write, pm, "acpi-pm");
    init_function(pm);
    if (pci_register(bus, &pm->pci, PCI_DEVFN(1, 3)) < 0 ||
        ports_register(bs->ports, APM_CNT_PORT, 2, apm_read, apm_write, pm, "apm-control", 0) < 0 ||
        device_register(bs->devices, &acpi_pm_type, pm, NULL) < 0) {
        free(pm);
        return NULL;
    }
    acpi_pm_reset(pm);
    return pm;
}
