/* The board: builds the machine from a pc_config, wires interrupt lines and the clock, and runs the machine loop.
 * This is the one file that names both the CPU and the devices. */
#include "devices/pc.h"
#include "devices/pc_cmos.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bios/firmware.h"
#include "cpu/cpu.h"
#include "cpu/cpu_state.h"
#include "cpu/trace.h"
#include "devices/acpi_pm.h"
#include "devices/apic.h"
#include "devices/clock.h"
#include "devices/debugport.h"
#include "devices/device.h"
#include "devices/directboot.h"
#include "devices/block/block.h"
#include "devices/dma.h"
#include "devices/fdc.h"
#include "devices/fwcfg.h"
#include "devices/i440fx.h"
#include "devices/ide.h"
#include "devices/ioapic.h"
#include "devices/hpet.h"
#include "devices/kbc.h"
#include "devices/lpt.h"
#include "devices/pci.h"
#include "devices/pic.h"
#include "devices/piix3.h"
#include "devices/pit.h"
#include "devices/rtc.h"
#include "devices/snapshot.h"
#include "devices/state.h"
#include "devices/sysctl.h"
#include "devices/uart.h"
#include "devices/vga/vga.h"
#include "bios/vga/vgabios.h"
#include "mem/phys.h"
#include "mem/ports.h"

enum { ROM_MAX = 1 << 20 };

struct pc {
    struct pc_config cfg;
    struct phys phys;
    struct ports ports;
    struct clock clock;
    struct device_list devices;
    struct cpu *cpu;
    struct board_services services;
    struct fwcfg *fwcfg;
    struct pic *pic;
    struct pit *pit;
    struct rtc *rtc;
    struct dma *dma;
    struct fdc *fdc;
    struct ide_channel *ide[2];
    struct kbc *kbc;
    struct apic_bus apic_bus;    /* the local APIC(s) and the I/O APIC */
    struct lapic *lapic;
    struct ioapic *ioapic;
    struct hpet *hpet;
    struct pci_bus *pci;         /* bus 0: i440FX 00.0, PIIX3 01.0/01.1, PIIX4 PM 01.3, devices from slot 2 */
    struct piix3 *piix3;
    struct acpi_pm *acpi_pm;
    volatile int reset_requested;
    struct kernel_image kernel;  /* -kernel, kept to reload it at every reset */
    uint8_t *bios;               /* the firmware image */
    uint32_t bios_size;
    enum pc_exit_reason exit_reason;
    int exit_status;
    volatile int stop_requested;
    struct snapshot_disk disks[SNAPSHOT_MAX_DISKS];   /* the images, for snapshots */
    unsigned n_disks;
    uint64_t pace_start_ns;      /* --pace: host time at virtual time 0 (0 until the first slice) */
    struct vga *vga;
    uint8_t *vgabios;            /* the VGA BIOS image mapped at C0000h */
    uint32_t vgabios_size;
    void (*slice_hook)(void *opaque);   /* the display frontend, after every slice */
    void *slice_hook_opaque;
};

void pc_config_defaults(struct pc_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->ram_mb = 64;
    cfg->display = DISPLAY_DEFAULT;
    cfg->ips = CLOCK_DEFAULT_IPS;
    cfg->debug_exit_port = 0xf4;
    cfg->rtc_base = INT64_MIN;
    cfg->trace_to = UINT64_MAX;
    cfg->trace_addr_hi = UINT32_MAX;
    cfg->trace_cpl = -1;
}

/* --trace: the CPU logs instructions in the filter's count range one at a time (all of them for "from the first
 * exception"); the rest run at full speed. */
static int attach_trace(struct pc *pc, const struct pc_config *cfg, char *err, size_t errlen)
{
    if (!cfg->trace_file)
        return 0;
    struct cpu *c = pc->cpu;
    const struct trace_filter filter = { cfg->trace_from, cfg->trace_to, cfg->trace_addr_lo, cfg->trace_addr_hi,
                                         cfg->trace_cpl, cfg->trace_from_exception };
    unsigned flags = (cfg->trace_regs ? TRACE_REGS : 0) | (cfg->trace_mem ? TRACE_MEM : 0);
    c->trace = trace_open(cfg->trace_file, flags, &filter, err, errlen);
    if (!c->trace)
        return -1;
    c->trace_mem = cfg->trace_mem;
    c->trace_from = cfg->trace_from_exception ? 0 : cfg->trace_from;
    c->trace_to = cfg->trace_from_exception ? UINT64_MAX : cfg->trace_to;
    return 0;
}

static void set_error(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Reads a whole firmware file: a multiple of 4 KiB, at most 1 MiB. */
static int load_firmware(struct pc *pc, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        set_error(err, errlen, "-bios: %s: %s", path, strerror(errno));
        return -1;
    }
    pc->bios = malloc(ROM_MAX + 1);
    size_t n = pc->bios ? fread(pc->bios, 1, ROM_MAX + 1, f) : 0;
    fclose(f);
    if (n == 0 || n > ROM_MAX || (n & 0xfff)) {
        set_error(err, errlen, "-bios: %s: a firmware image must be a multiple of 4 KiB and at most 1 MiB", path);
        return -1;
    }
    pc->bios_size = (uint32_t)n;
    return 0;
}

static int use_builtin_firmware(struct pc *pc, char *err, size_t errlen)
{
    pc->bios = malloc(x86pc_bios_size);
    if (!pc->bios) {
        set_error(err, errlen, "out of memory");
        return -1;
    }
    memcpy(pc->bios, x86pc_bios, x86pc_bios_size);
    pc->bios_size = (uint32_t)x86pc_bios_size;
    return 0;
}

/* The firmware appears at the top of the 4 GiB space and its last 128 KiB also below 1 MiB (E0000-FFFFF), as on
 * a real PC, so the reset vector F000:FFF0 reaches its last 16 bytes. */
static int map_firmware(struct pc *pc, char *err, size_t errlen)
{
    uint32_t low = pc->bios_size < 0x20000 ? pc->bios_size : 0x20000;
    if (phys_add_rom(&pc->phys, (uint32_t)(0x100000000ull - pc->bios_size), pc->bios_size, pc->bios, "bios") < 0 ||
        phys_add_rom(&pc->phys, 0x100000 - low, low, pc->bios + pc->bios_size - low, "bios-low") < 0) {
        set_error(err, errlen, "cannot map the firmware");
        return -1;
    }
    return 0;
}

static void cpu_intr_line(void *opaque, int n, int level)
{
    struct pc *pc = opaque;
    (void)n;
    pc->cpu->intr = level;
    if (level)
        pc->cpu->stop = 1;
}

/* Called by devices (debug-exit port, ACPI, 0x8900 "Shutdown") to end the run. */
void pc_request_exit(void *opaque, int reason, int status)
{
    struct pc *pc = opaque;
    if (pc->exit_reason == PC_EXIT_NONE) {
        pc->exit_reason = (enum pc_exit_reason)reason;
        pc->exit_status = status;
    }
    pc->cpu->exit_request = 1;
    pc->cpu->stop = 1;
}

static void cpu_nmi_line(void *opaque, int n, int level)
{
    struct pc *pc = opaque;
    (void)n;
    if (level) {
        pc->cpu->nmi_pending = 1;
        pc->cpu->stop = 1;
    }
}

/* ISA interrupt line n reaches both interrupt controllers: 8259 input n and I/O APIC input n, except IRQ 0 (the
 * PIT), which is I/O APIC input 2, as the MP table's and the MADT's interrupt source override say. */
static void board_isa_irq(void *opaque, int n, int level)
{
    struct pc *pc = opaque;
    pic_set_irq(pc->pic, n, level);
    if (pc->ioapic)
        ioapic_set_irq(pc->ioapic, n == 0 ? 2 : n, level);
}

static struct irq_line isa_irq(struct pc *pc, int n)
{
    struct irq_line line = { board_isa_irq, pc, n };
    return line;
}

/* The PIT's IRQ 0 and the RTC's IRQ 8: disconnected while the HPET's legacy replacement routing drives them. */
static void board_timer_irq(void *opaque, int n, int level)
{
    struct pc *pc = opaque;
    if (!hpet_legacy(pc->hpet))
        board_isa_irq(pc, n, level);
}

static void board_gsi(void *opaque, int n, int level)
{
    struct pc *pc = opaque;
    ioapic_set_irq(pc->ioapic, n, level);
}

/* The 8259's INTA cycle, which the local APIC runs for ExtINT (virtual wire) interrupts. */
static int board_pic_acknowledge(void *opaque)
{
    struct pc *pc = opaque;
    return pic_acknowledge(pc->pic);
}

/* IA32_TSC_DEADLINE lives in the local APIC's timer. */
static void cpu_tsc_deadline_write(void *opaque, uint64_t deadline_icount)
{
    struct pc *pc = opaque;
    lapic_write_tsc_deadline(pc->lapic, deadline_icount);
}

static uint64_t cpu_tsc_deadline_read(void *opaque)
{
    struct pc *pc = opaque;
    return lapic_read_tsc_deadline(pc->lapic);
}

/* The CPU's INTA: the local APIC decides (its own vector, or the 8259's through LINT0). */
static int cpu_intr_acknowledge(void *opaque)
{
    struct pc *pc = opaque;
    return lapic_acknowledge(pc->lapic);
}

static void board_poweroff(void *opaque)
{
    pc_request_exit(opaque, PC_EXIT_POWEROFF, 0);
}

/* The local APIC between the 8259 and the CPU, the I/O APIC (ID 1, after the CPU's 0) and the HPET. */
static int create_interrupt_controllers(struct pc *pc)
{
    struct irq_line intr = { cpu_intr_line, pc, 0 }, nmi = { cpu_nmi_line, pc, 0 };
    apic_bus_init(&pc->apic_bus);
    pc->lapic = lapic_create(&pc->services, &pc->apic_bus, APIC_DEFAULT_BASE, 0, &pc->cpu->apic_base, intr, nmi,
                             board_pic_acknowledge, pc);
    pc->ioapic = pc->lapic ? ioapic_create(&pc->services, &pc->apic_bus, IOAPIC_DEFAULT_BASE, 1) : NULL;
    if (!pc->ioapic)
        return -1;
    struct irq_line lint0 = { lapic_set_lint, pc->lapic, 0 };
    pc->pic = pic_create(&pc->services, lint0);
    pc->cpu->apic_present = 1;
    pc->cpu->intr_ack = cpu_intr_acknowledge;
    /* TSC-deadline mode only on request: CPUs that have it have SSE2 too, and an OS that sees it uses MFENCE and
     * LFENCE around the MSR (Linux does), which this Pentium II lacks. */
    pc->lapic->has_tsc_deadline = pc->cfg.tsc_deadline != 0;
    if (pc->cfg.tsc_deadline) {
        pc->cpu->tsc_deadline_write = cpu_tsc_deadline_write;
        pc->cpu->tsc_deadline_read = cpu_tsc_deadline_read;
    }
    struct irq_line legacy[2] = { { board_isa_irq, pc, 0 }, { board_isa_irq, pc, 8 } };
    struct irq_line gsi[4] = { { board_gsi, pc, 20 }, { board_gsi, pc, 21 }, { board_gsi, pc, 22 },
                               { board_gsi, pc, 23 } };
    pc->hpet = hpet_create(&pc->services, HPET_DEFAULT_BASE, legacy, gsi);
    return pc->pic && pc->hpet ? 0 : -1;
}

/* The PCI functions of the PIIX3 and PIIX4 (after the IDE channels they serve), and LPT1. */
static int create_chipset(struct pc *pc, char *err, size_t errlen)
{
    struct irq_line isa[16];
    for (int k = 0; k < 16; k++)
        isa[k] = isa_irq(pc, k);
    pc->piix3 = piix3_create(&pc->services, pc->pci, isa, pc->ide[0], pc->ide[1]);
    pc->acpi_pm = pc->piix3 ? acpi_pm_create(&pc->services, pc->pci, isa_irq(pc, 9), board_poweroff, pc) : NULL;
    if (!pc->acpi_pm) {
        set_error(err, errlen, "cannot create the PCI chipset");
        return -1;
    }
    if (pc->cfg.parallel && strcmp(pc->cfg.parallel, "none") == 0)
        return 0;
    return lpt_create(&pc->services, 0x378, isa_irq(pc, 7), pc->cfg.parallel, err, errlen) ? 0 : -1;
}

/* fw_cfg item 05h, u8: 1 when no display shows the screen (-display none), so the BIOS also sends the INT 10h
 * teletype output to COM1 (a serial console, as SeaBIOS's sercon does). */
enum { FWCFG_TEXT_TO_COM1 = 0x05 };

/* What the firmware learns through fw_cfg. */
static int fill_fwcfg(struct pc *pc)
{
    const struct pc_config *cfg = &pc->cfg;
    const char *order = cfg->boot_order[0] ? cfg->boot_order : "";
    uint8_t cpus[2] = { 1, 0 };
    uint8_t text_to_com1 = cfg->display == DISPLAY_NONE;
    return fwcfg_add_u32(pc->fwcfg, FWCFG_RAM_SIZE, pc->phys.ram_size) |
           fwcfg_add(pc->fwcfg, FWCFG_BOOT_ORDER, order, strlen(order) + 1) |
           fwcfg_add(pc->fwcfg, FWCFG_NB_CPUS, cpus, 2) |
           fwcfg_add(pc->fwcfg, FWCFG_TEXT_TO_COM1, &text_to_com1, 1);
}

/* The A20 gate and the reset line, driven by the keyboard controller's output port and by ports 0x92/0xCF9. */
static void board_set_a20(void *opaque, int enabled)
{
    struct pc *pc = opaque;
    phys_set_a20(&pc->phys, enabled);
}

static int board_a20_state(void *opaque)
{
    struct pc *pc = opaque;
    return phys_a20_enabled(&pc->phys);
}

static void board_request_reset(void *opaque)
{
    struct pc *pc = opaque;
    pc->reset_requested = 1;
    pc->cpu->exit_request = 1;
    pc->cpu->stop = 1;
}

/* Opens a disk image for a controller: -snapshot keeps every image unwritten. */
static struct block *open_image(struct pc *pc, const char *option, const char *path, int read_only, char *err,
                                size_t errlen)
{
    char why[256];
    unsigned flags = (pc->cfg.snapshot ? BLOCK_SNAPSHOT : 0) | (read_only ? BLOCK_READ_ONLY : 0);
    struct block *b = block_open(path, flags, why, sizeof why);
    if (!b)
        set_error(err, errlen, "-%s: %s", option, why);
    else if (pc->n_disks < SNAPSHOT_MAX_DISKS) {     /* remembered for snapshots */
        struct snapshot_disk *d = &pc->disks[pc->n_disks++];
        snprintf(d->name, sizeof d->name, "%s", option);
        d->block = b;
        d->path = path;
        d->overlay = pc->cfg.snapshot && !read_only;
    }
    return b;
}

/* The DMA controller, the floppy controller and the IDE channels, with their images. */
static int create_storage(struct pc *pc, char *err, size_t errlen)
{
    pc->dma = dma_create(&pc->services, err, errlen);
    if (!pc->dma || !(pc->fdc = fdc_create(&pc->services, isa_irq(pc, 6), pc->dma, err, errlen)))
        return -1;
    const char *floppies[2] = { pc->cfg.fda, pc->cfg.fdb };
    for (unsigned k = 0; k < 2; k++) {
        if (!floppies[k])
            continue;
        char option[4] = { 'f', 'd', (char)('a' + k), 0 };
        struct block *b = open_image(pc, option, floppies[k], 0, err, errlen);
        if (!b)
            return -1;
        if (fdc_insert(pc->fdc, k, b, err, errlen) < 0) {
            block_close(b);
            return -1;
        }
    }
    for (unsigned k = 0; k < 2; k++)
        if (!(pc->ide[k] = ide_create(&pc->services, k, isa_irq(pc, 14 + (int)k), err, errlen)))
            return -1;
    const char *disks[2] = { pc->cfg.hda, pc->cfg.hdb };
    for (unsigned k = 0; k < 2; k++) {
        if (!disks[k])
            continue;
        struct block *b = open_image(pc, k ? "hdb" : "hda", disks[k], 0, err, errlen);
        if (!b)
            return -1;
        if (ide_attach_disk(pc->ide[0], k, b, err, errlen) < 0) {
            block_close(b);
            return -1;
        }
    }
    if (pc->cfg.cdrom) {
        struct block *b = open_image(pc, "cdrom", pc->cfg.cdrom, 1, err, errlen);
        if (!b)
            return -1;
        if (ide_attach_cdrom(pc->ide[1], 0, b, err, errlen) < 0) {
            block_close(b);
            return -1;
        }
    }
    return 0;
}

/* The VGA as PCI function 00:02.0, the Bochs/QEMU standard VGA (1234:1111) of QEMU's "pc" machine. BAR 0 is the
 * linear framebuffer: it moves to where firmware programs the BAR, and stays at VGA_LFB_DEFAULT_BASE for firmware
 * that never does (the own BIOS puts the BAR there anyway, the first memory BAR from E0000000h). The expansion ROM
 * BAR holds the VGA BIOS image: that is how SeaBIOS finds a VGA BIOS, as it copies option ROMs from PCI devices
 * instead of scanning C0000h, so without it SeaBIOS boots with an uninitialised VGA. The ROM decodes while its
 * enable bit is set, whatever the command register's memory bit says (the PCI specification wants both): the Bochs
 * BIOS clears the command register before it copies the VGA ROM to C0000h, as Bochs's own VGA decodes its ROM this
 * way. The legacy VGA ports and memory decode whatever the command register says, as on QEMU. */
struct vga_pci {
    struct pci_function pci;
    struct pc *pc;
    uint32_t rom_size;
    int rom_region;              /* the ROM's physical-map region (size 0 while not decoded) */
};

static void vga_pci_lfb_moved(void *opaque, int bar, uint32_t base, int mapped)
{
    struct vga_pci *vp = opaque;
    (void)bar;
    if (mapped)
        vga_set_lfb_base(vp->pc->vga, base);
}

static uint32_t vga_pci_rom_read(void *opaque, uint32_t offset, unsigned size)
{
    const struct vga_pci *vp = opaque;
    uint32_t v = 0;
    for (unsigned k = 0; k < size; k++) {
        uint32_t o = offset + k;
        v |= (uint32_t)(o < vp->pc->vgabios_size ? vp->pc->vgabios[o] : 0xff) << (8 * k);
    }
    return v;
}

static void vga_pci_rom_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
    (void)opaque, (void)offset, (void)value, (void)size;
}

static void vga_pci_update_rom(struct vga_pci *vp)
{
    uint32_t bar = pci_get_long(&vp->pci, PCI_ROM_ADDRESS);
    uint32_t base = bar & ~(vp->rom_size - 1);
    int map = (bar & 1) && base != 0 && base <= UINT32_MAX - (vp->rom_size - 1);
    vp->pc->phys.region[vp->rom_region].size = map ? vp->rom_size : 0;
    phys_move_region(&vp->pc->phys, vp->rom_region, map ? base : 0);
}

static void vga_pci_config_written(struct pci_function *f, unsigned offset, unsigned size)
{
    if (offset < PCI_ROM_ADDRESS + 4 && offset + size > PCI_ROM_ADDRESS)
        vga_pci_update_rom(f->opaque);
}

static void vga_pci_reset(void *opaque)
{
    struct vga_pci *vp = opaque;
    pci_function_reset(&vp->pci);
    vga_set_lfb_base(vp->pc->vga, VGA_LFB_DEFAULT_BASE);
    vga_pci_update_rom(vp);
}

static int vga_pci_post_load(void *opaque)
{
    struct vga_pci *vp = opaque;
    pci_function_post_load(&vp->pci);
    vga_pci_update_rom(vp);
    return 0;
}

static const struct state_field vga_pci_fields[] = {
    STATE_ARRAY(struct vga_pci, pci.config),
    STATE_END,
};

static const struct device_type vga_pci_type = {
    .name = "vga-pci",
    .version = 1,
    .fields = vga_pci_fields,
    .reset = vga_pci_reset,
    .post_load = vga_pci_post_load,
    .destroy = free,
};

static int create_vga_pci(struct pc *pc)
{
    struct vga_pci *vp = calloc(1, sizeof *vp);
    if (!vp)
        return -1;
    vp->pc = pc;
    vp->rom_size = 0x800;
    while (vp->rom_size < pc->vgabios_size)
        vp->rom_size <<= 1;
    pci_function_init(&vp->pci, 0x1234, 0x1111, 0x02, 0x030000, 0x00);
    vp->pci.opaque = vp;
    vp->pci.config_written = vga_pci_config_written;
    pci_bar_init(&vp->pci, 0, PCI_BAR_MEM_PREFETCH, VGA_VRAM_SIZE, vga_pci_lfb_moved, vp);
    pci_bar_init(&vp->pci, PCI_ROM_BAR, PCI_BAR_ROM, vp->rom_size, NULL, NULL);   /* mapped here, see above */
    vp->rom_region = phys_add_mmio(&pc->phys, 0, 0, vga_pci_rom_read, vga_pci_rom_write, vp, "vga-rom");
    if (vp->rom_region < 0 || pci_register(pc->pci, &vp->pci, PCI_DEVFN(2, 0)) < 0 ||
        device_register(&pc->devices, &vga_pci_type, vp, NULL) < 0) {
        free(vp);
        return -1;
    }
    return 0;
}

/* The VGA and its BIOS (the built-in one or -vgabios FILE), mapped as the option ROM at C0000h. */
static int create_display(struct pc *pc, char *err, size_t errlen)
{
    enum { VGABIOS_MAX = 0x20000 };
    pc->vga = vga_create(&pc->services, err, errlen);
    if (!pc->vga)
        return -1;
    size_t n = x86pc_vgabios_size;
    pc->vgabios = malloc(VGABIOS_MAX);
    if (!pc->vgabios) {
        set_error(err, errlen, "out of memory");
        return -1;
    }
    memset(pc->vgabios, 0xff, VGABIOS_MAX);
    if (pc->cfg.vgabios) {
        FILE *f = fopen(pc->cfg.vgabios, "rb");
        if (!f) {
            set_error(err, errlen, "-vgabios: %s: %s", pc->cfg.vgabios, strerror(errno));
            return -1;
        }
        n = fread(pc->vgabios, 1, VGABIOS_MAX + 1, f);
        fclose(f);
        if (n < 512 || n > VGABIOS_MAX || pc->vgabios[0] != 0x55 || pc->vgabios[1] != 0xaa) {
            set_error(err, errlen, "-vgabios: %s: not an option ROM (55AAh signature, at most 128 KiB)",
                      pc->cfg.vgabios);
            return -1;
        }
    } else {
        memcpy(pc->vgabios, x86pc_vgabios, n);
    }
    pc->vgabios_size = (uint32_t)((n + 0xfff) & ~(size_t)0xfff);
    if (phys_add_rom(&pc->phys, 0xc0000, pc->vgabios_size, pc->vgabios, "vgabios") < 0) {
        set_error(err, errlen, "cannot map the VGA BIOS");
        return -1;
    }
    if (create_vga_pci(pc) < 0) {
        set_error(err, errlen, "cannot put the VGA on the PCI bus");
        return -1;
    }
    return 0;
}

/* Creates every device of the board and wires its interrupt lines. */
/* The x87's FERR# drives IRQ 13 (the PC/AT's coprocessor error line); a write to port F0h clears that interrupt
 * and asserts IGNNE# (cpu/fpu/fpu.h). */
static void board_fpu_irq13(void *opaque, int level)
{
    board_isa_irq(opaque, 13, level);
}

static uint32_t fpu_port_read(void *opaque, uint16_t port, unsigned size)
{
    (void)opaque;
    (void)port;
    (void)size;
    return 0xff;
}

static void fpu_port_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct pc *pc = opaque;
    (void)port;
    (void)value;
    (void)size;
    fpu_port_f0_write(&pc->cpu->fpu);
}

static int wire_fpu(struct pc *pc)
{
    pc->cpu->fpu.irq13 = board_fpu_irq13;
    pc->cpu->fpu.irq13_opaque = pc;
    return ports_register(&pc->ports, 0xf0, 1, fpu_port_read, fpu_port_write, pc, "fpu", 0);
}

static int create_devices(struct pc *pc, char *err, size_t errlen)
{
    if (create_interrupt_controllers(pc) < 0) {
        set_error(err, errlen, "cannot create the interrupt controllers");
        return -1;
    }
    if (wire_fpu(pc) < 0) {
        set_error(err, errlen, "cannot claim the coprocessor port F0h");
        return -1;
    }
    pc->pci = pci_bus_create(&pc->services);
    if (!pc->pci || !i440fx_create(&pc->services, pc->pci)) {
        set_error(err, errlen, "cannot create the PCI host bridge");
        return -1;
    }
    int64_t rtc_base = pc->cfg.rtc_base == INT64_MIN ? (int64_t)time(NULL) : pc->cfg.rtc_base;
    pc->pit = pit_create(&pc->services, (struct irq_line){ board_timer_irq, pc, 0 });
    pc->rtc = rtc_create(&pc->services, (struct irq_line){ board_timer_irq, pc, 8 }, rtc_base);
    if (!pc->pit || !pc->rtc) {
        set_error(err, errlen, "cannot create the timers");
        return -1;
    }
    pc->kbc = kbc_create(&pc->services, isa_irq(pc, 1), isa_irq(pc, 12), board_set_a20, board_request_reset, pc);
    if (!pc->kbc || !sysctl_create(&pc->services, board_set_a20, board_a20_state, board_request_reset, pc)) {
        set_error(err, errlen, "cannot create the keyboard controller");
        return -1;
    }
    if (create_display(pc, err, errlen) < 0 || create_storage(pc, err, errlen) < 0 ||
        create_chipset(pc, err, errlen) < 0)
        return -1;
    pc_fill_cmos(pc->rtc, &pc->cfg, pc->phys.ram_size, pc->ide[0]);
    pc->fwcfg = fwcfg_create(&pc->services);
    if (!pc->fwcfg || fill_fwcfg(pc) < 0) {
        set_error(err, errlen, "cannot create the firmware configuration device");
        return -1;
    }
    if (!debugport_create(&pc->services, stdout, pc->cfg.post_log, pc->cfg.debug_exit_port, pc_request_exit, pc, err,
                          errlen))
        return -1;
    static const uint16_t com_base[PC_MAX_SERIAL] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
    static const int com_irq[PC_MAX_SERIAL] = { 4, 3, 4, 3 };
    for (unsigned k = 0; k < PC_MAX_SERIAL; k++) {
        char name[8];
        snprintf(name, sizeof name, "uart%u", k);
        if (!uart_create(&pc->services, com_base[k], isa_irq(pc, com_irq[k]), pc->cfg.serial[k], name, err,
                         errlen))
            return -1;
    }
    if (pc->cfg.kernel) {
        if (kernel_image_load(&pc->kernel, pc->cfg.kernel, pc->cfg.initrd, pc->cfg.append, err, errlen) < 0 ||
            directboot_install(&pc->kernel, &pc->phys, pc->fwcfg, err, errlen) < 0)
            return -1;
    }
    return 0;
}

struct pc *pc_create(const struct pc_config *cfg, char *err, size_t errlen)
{
    struct pc *pc = calloc(1, sizeof *pc);
    if (!pc) {
        set_error(err, errlen, "out of memory");
        return NULL;
    }
    pc->cfg = *cfg;
    if (cfg->ram_mb == 0 || (uint64_t)cfg->ram_mb << 20 > PHYS_MAX_RAM ||
        phys_init(&pc->phys, cfg->ram_mb << 20) < 0) {
        set_error(err, errlen, "-m %u: cannot allocate guest RAM (1 to 3584 MiB)", cfg->ram_mb);
        free(pc);
        return NULL;
    }
    ports_init(&pc->ports);
    clock_init(&pc->clock, cfg->ips);
    if (cfg->jitter)
        clock_set_jitter(&pc->clock, cfg->jitter_seed);
    pc->cpu = cpu_create(&pc->phys, &pc->ports);
    if (!pc->cpu) {
        set_error(err, errlen, "out of memory");
        pc_destroy(pc);
        return NULL;
    }
    if (attach_trace(pc, cfg, err, errlen) < 0) {
        pc_destroy(pc);
        return NULL;
    }
    pc->clock.icount = &pc->cpu->icount;
    pc->cpu->deadline = &pc->clock.next_deadline;
    pc->cpu->board = pc;
    pc->phys.hook_opaque = pc->cpu;
    pc->phys.map_changed = cpu_map_changed;
    pc->phys.code_written = cpu_code_written;
    pc->services = (struct board_services){ &pc->ports, &pc->phys, &pc->clock, &pc->devices };
    if (create_devices(pc, err, errlen) < 0) {
        pc_destroy(pc);
        return NULL;
    }
    if ((cfg->bios ? load_firmware(pc, cfg->bios, err, errlen) : use_builtin_firmware(pc, err, errlen)) < 0 ||
        map_firmware(pc, err, errlen) < 0) {
        pc_destroy(pc);
        return NULL;
    }
    device_reset_all(&pc->devices);
    cpu_reset(pc->cpu);
    return pc;
}

static void pc_reset(struct pc *pc)
{
    char err[160];
    device_reset_all(&pc->devices);
    phys_set_a20(&pc->phys, 1);
    if (pc->kernel.kernel && directboot_install(&pc->kernel, &pc->phys, pc->fwcfg, err, sizeof err) < 0)
        fprintf(stderr, "x86pc: %s\n", err);
    cpu_reset(pc->cpu);
    cpu_host_debug_changed(pc->cpu);     /* the debugger's breakpoints outlive a reset */
}

void pc_request_stop(struct pc *pc)
{
    pc->stop_requested = 1;
    pc->cpu->exit_request = 1;
    pc->cpu->stop = 1;
}

/* The slice of instructions run between checks of host-side requests (signals); guest time is unaffected. */
enum { RUN_SLICE = 1 << 20 };

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* --pace: sleeps while virtual time is ahead of the real time since the run started. Only the host waits; the
 * guest computes exactly what it would without pacing. */
static void pace(uint64_t virtual_ns, uint64_t start_ns)
{
    uint64_t real = host_ns() - start_ns;
    if (virtual_ns <= real + 1000000)
        return;
    uint64_t ahead = virtual_ns - real;
    if (ahead > 100000000)
        ahead = 100000000;       /* wake up at least every 100 ms (signals, the display) */
    struct timespec ts = { (time_t)(ahead / 1000000000u), (long)(ahead % 1000000000u) };
    nanosleep(&ts, NULL);
}

enum pc_exit_reason pc_run_slice(struct pc *pc, uint64_t max_insns)
{
    struct cpu *c = pc->cpu;
    if (pc->exit_reason != PC_EXIT_NONE)
        return pc->exit_reason;
    if (!pc->pace_start_ns)
        pc->pace_start_ns = host_ns() - clock_ns(&pc->clock);
    uint64_t slice = max_insns;
    if (pc->cfg.stop_after_insns) {
        uint64_t done = c->icount - c->halted_insns;
        if (done >= pc->cfg.stop_after_insns) {
            pc->exit_reason = PC_EXIT_INSN_LIMIT;
            return pc->exit_reason;
        }
        if (slice > pc->cfg.stop_after_insns - done)
            slice = pc->cfg.stop_after_insns - done;
    }
    cpu_run(c, slice);
    clock_run_due(&pc->clock);
    if (pc->slice_hook)
        pc->slice_hook(pc->slice_hook_opaque);
    if (pc->cfg.pace)
        pace(clock_ns(&pc->clock), pc->pace_start_ns);
    if (c->shutdown || pc->reset_requested) {
        pc->reset_requested = 0;
        if (pc->cfg.no_reboot) {
            pc->exit_reason = PC_EXIT_RESET;
            pc->exit_status = 0;
            return pc->exit_reason;
        }
        pc_reset(pc);
    }
    if (pc->stop_requested && pc->exit_reason == PC_EXIT_NONE)
        pc->exit_reason = PC_EXIT_SIGNAL;
    if (c->halted && !(c->eflags & (1u << 9)) && pc->clock.next_deadline == CLOCK_NEVER && !c->nmi_pending) {
        fprintf(stderr, "x86pc: the guest halted with interrupts disabled at %04x:%08x\n", c->seg[1].sel, c->eip);
        pc->exit_reason = PC_EXIT_ERROR;
        pc->exit_status = 1;
    }
    return pc->exit_reason;
}

int pc_exit_status(const struct pc *pc)
{
    switch (pc->exit_reason) {
    case PC_EXIT_POWEROFF: return 0;
    case PC_EXIT_DEBUG_PORT: return pc->exit_status;
    case PC_EXIT_RESET: return 0;
    case PC_EXIT_SIGNAL: return 130;
    case PC_EXIT_INSN_LIMIT: return 0;
    default: return pc->exit_status ? pc->exit_status : 1;
    }
}

enum pc_exit_reason pc_run(struct pc *pc, int *status)
{
    while (pc_run_slice(pc, RUN_SLICE) == PC_EXIT_NONE)
        continue;
    *status = pc_exit_status(pc);
    return pc->exit_reason;
}

/* ---- for the debuggers (monitor, gdb stub) and snapshots ---- */

struct cpu *pc_cpu(struct pc *pc) { return pc->cpu; }
struct phys *pc_phys(struct pc *pc) { return &pc->phys; }
struct device_list *pc_devices(struct pc *pc) { return &pc->devices; }
struct vga *pc_vga(struct pc *pc) { return pc->vga; }
struct clock *pc_clock(struct pc *pc) { return &pc->clock; }

void pc_set_slice_hook(struct pc *pc, void (*hook)(void *opaque), void *opaque)
{
    pc->slice_hook = hook;
    pc->slice_hook_opaque = opaque;
}

void pc_send_mouse(struct pc *pc, int dx, int dy, int dz, unsigned buttons)
{
    kbc_mouse_event(pc->kbc, dx, dy, dz, buttons);
}

void pc_system_reset(struct pc *pc)
{
    pc_reset(pc);
}

void pc_send_scancodes(struct pc *pc, const uint8_t *set2, unsigned n)
{
    kbc_key_scancodes(pc->kbc, set2, n);
}

/* The CPU's snapshot sections: cpu/cpu_state.h behind the snapshot's part interface. */
static void cpu_part_save(const void *cpu, uint8_t *out) { cpu_state_save(cpu, out); }
static int cpu_part_load(void *cpu, const uint8_t *in, size_t len, char *err, size_t errlen)
{
    return cpu_state_load(cpu, in, len, err, errlen);
}
static void fpu_part_save(const void *cpu, uint8_t *out) { cpu_fpu_state_save(cpu, out); }
static int fpu_part_load(void *cpu, const uint8_t *in, size_t len, char *err, size_t errlen)
{
    return cpu_fpu_state_load(cpu, in, len, err, errlen);
}
static const struct snapshot_part cpu_part = { "cpu", CPU_STATE_VERSION, cpu_state_size, cpu_part_save,
                                               cpu_state_check, cpu_part_load };
static const struct snapshot_part fpu_part = { "fpu", CPU_FPU_STATE_VERSION, cpu_fpu_state_size, fpu_part_save,
                                               NULL, fpu_part_load };

static void snapshot_parts(struct pc *pc, struct snapshot_machine *m)
{
    memset(m, 0, sizeof *m);
    m->owner = pc->cpu;
    m->part[m->n_parts++] = &cpu_part;
    m->part[m->n_parts++] = &fpu_part;
    m->phys = &pc->phys;
    m->clock = &pc->clock;
    m->devices = &pc->devices;
    m->firmware = pc->bios;
    m->firmware_size = pc->bios_size;
    memcpy(m->disk, pc->disks, sizeof m->disk);
    m->n_disks = pc->n_disks;
}

int pc_snapshot_save(struct pc *pc, const char *path, char *err, size_t errlen)
{
    struct snapshot_machine m;
    snapshot_parts(pc, &m);
    return snapshot_save(&m, path, err, errlen);
}

int pc_snapshot_load(struct pc *pc, const char *path, char *err, size_t errlen)
{
    struct snapshot_machine m;
    snapshot_parts(pc, &m);
    if (snapshot_load(&m, path, err, errlen) < 0)
        return -1;
    pc->reset_requested = 0;
    pc->pace_start_ns = 0;       /* --pace: virtual time jumped */
    return 0;
}

/* A hash of what the guest can observe: CPU registers, RAM and every device's saved state. Two runs that retire
 * the same instructions in the same order end with the same hash. */
/* The x87 state the guest can observe (cpu/fpu/fpu.h). */
static uint64_t hash_fpu(uint64_t h, const struct fpu *f)
{
    for (unsigned k = 0; k < 8; k++) {
        h = state_hash_u64(h, f->reg[k].sig);
        h = state_hash_u64(h, f->reg[k].se);
    }
    h = state_hash_u64(h, f->cw);
    h = state_hash_u64(h, fpu_status_word(f));
    h = state_hash_u64(h, f->empty);
    h = state_hash_u64(h, f->fop);
    h = state_hash_u64(h, f->fip);
    h = state_hash_u64(h, f->fdp);
    h = state_hash_u64(h, f->fcs);
    h = state_hash_u64(h, f->fds);
    return state_hash_u64(h, (uint64_t)f->ferr << 2 | (uint64_t)f->ignne << 1 | f->irq13_level);
}

uint64_t pc_state_hash(const struct pc *pc)
{
    const struct cpu *c = pc->cpu;
    uint64_t h = STATE_HASH_INIT;
    for (unsigned r = 0; r < 8; r++)
        h = state_hash_u64(h, c->gpr[r]);
    h = state_hash_u64(h, c->eip);
    h = state_hash_u64(h, c->eflags & ~0x8d5u);
    h = state_hash_u64(h, c->lf_res);
    h = state_hash_u64(h, c->lf_aux);
    for (unsigned s = 0; s < S_COUNT; s++) {
        h = state_hash_u64(h, c->seg[s].sel);
        h = state_hash_u64(h, c->seg[s].base);
        h = state_hash_u64(h, c->seg[s].limit);
        h = state_hash_u64(h, c->seg[s].ar);
    }
    h = state_hash_u64(h, c->cr0);
    h = state_hash_u64(h, c->cr3);
    h = state_hash_u64(h, c->cr4);
    h = hash_fpu(h, &c->fpu);
    h = state_hash_u64(h, c->icount);
    h = state_hash_bytes(h, pc->phys.ram, pc->phys.ram_size);
    for (unsigned k = 0; k < pc->devices.n; k++)
        h = state_hash_device(h, pc->devices.entry[k].type->fields, pc->devices.entry[k].dev);
    return h;
}

void pc_cpu_position(const struct pc *pc, uint16_t *cs, uint32_t *eip)
{
    *cs = pc->cpu->seg[S_CS].sel;
    *eip = pc->cpu->eip;
}

uint64_t pc_instructions(const struct pc *pc)
{
    return pc->cpu->icount - pc->cpu->halted_insns;
}

void pc_destroy(struct pc *pc)
{
    if (!pc)
        return;
    for (unsigned k = pc->devices.n; k-- > 0;)
        if (pc->devices.entry[k].type->destroy)
            pc->devices.entry[k].type->destroy(pc->devices.entry[k].dev);
    if (pc->cpu && pc->cpu->trace) {
        char err[160];
        if (trace_close(pc->cpu->trace, err, sizeof err) < 0)
            fprintf(stderr, "x86pc: %s\n", err);
        pc->cpu->trace = NULL;
    }
    cpu_destroy(pc->cpu);
    kernel_image_free(&pc->kernel);
    phys_free(&pc->phys);
    free(pc->bios);
    free(pc->vgabios);
    free(pc);
}
