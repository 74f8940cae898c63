/* The board: builds the machine from a pc_config, wires interrupt lines and the clock, and runs the machine loop.
 * This is the one file that names both the CPU and the devices. */
#include "devices/pc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "bios/firmware.h"
#include "cpu/cpu.h"
#include "devices/clock.h"
#include "devices/debugport.h"
#include "devices/device.h"
#include "devices/directboot.h"
#include "devices/block/block.h"
#include "devices/dma.h"
#include "devices/fdc.h"
#include "devices/fwcfg.h"
#include "devices/ide.h"
#include "devices/kbc.h"
#include "devices/pic.h"
#include "devices/pit.h"
#include "devices/rtc.h"
#include "devices/state.h"
#include "devices/sysctl.h"
#include "devices/uart.h"
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
    volatile int reset_requested;
    struct kernel_image kernel;  /* -kernel, kept to reload it at every reset */
    uint8_t *bios;               /* the firmware image */
    uint32_t bios_size;
    enum pc_exit_reason exit_reason;
    int exit_status;
    volatile int stop_requested;
};

void pc_config_defaults(struct pc_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->ram_mb = 64;
    cfg->display = DISPLAY_DEFAULT;
    cfg->ips = CLOCK_DEFAULT_IPS;
    cfg->debug_exit_port = 0xf4;
    cfg->rtc_base = INT64_MIN;
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

/* An ISA interrupt line (0-15), wired to the 8259 pair. */
static struct irq_line isa_irq(struct pc *pc, int n)
{
    struct irq_line line = { pic_set_irq, pc->pic, n };
    return line;
}

static int cpu_intr_acknowledge(void *opaque)
{
    struct pc *pc = opaque;
    return pic_acknowledge(pc->pic);
}

/* CMOS floppy drive type for an image: 1 = 360K, 2 = 1.2M, 3 = 720K, 4 = 1.44M, 5 = 2.88M; 0 = none. */
static uint8_t floppy_cmos_type(const char *path)
{
    struct stat st;
    if (!path || stat(path, &st) < 0)
        return 0;
    switch (st.st_size) {
    case 163840: case 184320: case 327680: case 368640: return 1;
    case 1228800: return 2;
    case 737280: return 3;
    case 2949120: return 5;
    default: return 4;
    }
}

/* The CMOS contents a PC/AT BIOS (ours, SeaBIOS, the Bochs BIOS) reads at POST. */
static void fill_cmos(struct pc *pc)
{
    struct rtc *r = pc->rtc;
    const struct pc_config *cfg = &pc->cfg;
    uint32_t ram_kb = pc->phys.ram_size >> 10;
    uint32_t ext_kb = ram_kb > 1024 ? ram_kb - 1024 : 0;
    uint32_t above16 = pc->phys.ram_size > (16u << 20) ? (pc->phys.ram_size - (16u << 20)) >> 16 : 0;
    uint8_t fda = floppy_cmos_type(cfg->fda), fdb = floppy_cmos_type(cfg->fdb);
    rtc_cmos_write(r, 0x10, (uint8_t)(fda << 4 | fdb));
    rtc_cmos_write(r, 0x12, (uint8_t)((cfg->hda ? 0xf0 : 0) | (cfg->hdb ? 0x0f : 0)));
    rtc_cmos_write(r, 0x19, cfg->hda ? 47 : 0);              /* type 47: user-defined */
    rtc_cmos_write(r, 0x1a, cfg->hdb ? 47 : 0);
    unsigned floppies = (fda != 0) + (fdb != 0);
    rtc_cmos_write(r, 0x14, (uint8_t)((floppies ? 1 : 0) | (floppies > 1 ? 0x40 : 0)));
    rtc_cmos_write(r, 0x15, 640 & 0xff);
    rtc_cmos_write(r, 0x16, 640 >> 8);
    uint32_t ext_capped = ext_kb > 0xffff ? 0xffff : ext_kb;
    rtc_cmos_write(r, 0x17, (uint8_t)ext_capped);
    rtc_cmos_write(r, 0x18, (uint8_t)(ext_capped >> 8));
    rtc_cmos_write(r, 0x30, (uint8_t)ext_capped);
    rtc_cmos_write(r, 0x31, (uint8_t)(ext_capped >> 8));
    rtc_cmos_write(r, 0x34, (uint8_t)above16);
    rtc_cmos_write(r, 0x35, (uint8_t)(above16 >> 8));
    /* Boot order as Bochs and QEMU store it: 3Dh low and high nibble, 38h high nibble; 1 a, 2 c, 3 d. */
    uint8_t dev[3] = { 0, 0, 0 };
    const char *order = cfg->boot_order[0] ? cfg->boot_order : (cfg->fda ? "ac" : cfg->cdrom && !cfg->hda ? "dc" : "c");
    for (unsigned k = 0; k < 3 && order[k]; k++)
        dev[k] = order[k] == 'a' ? 1 : order[k] == 'c' ? 2 : 3;
    rtc_cmos_write(r, 0x3d, (uint8_t)(dev[0] | dev[1] << 4));
    rtc_cmos_write(r, 0x38, (uint8_t)(dev[2] << 4));
    rtc_cmos_update_checksum(r);
}

/* What the firmware learns through fw_cfg. */
static int fill_fwcfg(struct pc *pc)
{
    const struct pc_config *cfg = &pc->cfg;
    const char *order = cfg->boot_order[0] ? cfg->boot_order : "";
    uint8_t cpus[2] = { 1, 0 };
    return fwcfg_add_u32(pc->fwcfg, FWCFG_RAM_SIZE, pc->phys.ram_size) |
           fwcfg_add(pc->fwcfg, FWCFG_BOOT_ORDER, order, strlen(order) + 1) |
           fwcfg_add(pc->fwcfg, FWCFG_NB_CPUS, cpus, 2);
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
static struct block *open_image(const struct pc *pc, const char *option, const char *path, int read_only, char *err,
                                size_t errlen)
{
    char why[256];
    unsigned flags = (pc->cfg.snapshot ? BLOCK_SNAPSHOT : 0) | (read_only ? BLOCK_READ_ONLY : 0);
    struct block *b = block_open(path, flags, why, sizeof why);
    if (!b)
        set_error(err, errlen, "-%s: %s", option, why);
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

/* Creates every device of the board and wires its interrupt lines. */
static int create_devices(struct pc *pc, char *err, size_t errlen)
{
    struct irq_line intr = { cpu_intr_line, pc, 0 };
    pc->pic = pic_create(&pc->services, intr);
    if (!pc->pic) {
        set_error(err, errlen, "cannot create the interrupt controllers");
        return -1;
    }
    pc->cpu->intr_ack = cpu_intr_acknowledge;
    int64_t rtc_base = pc->cfg.rtc_base == INT64_MIN ? (int64_t)time(NULL) : pc->cfg.rtc_base;
    pc->pit = pit_create(&pc->services, isa_irq(pc, 0));
    pc->rtc = rtc_create(&pc->services, isa_irq(pc, 8), rtc_base);
    if (!pc->pit || !pc->rtc) {
        set_error(err, errlen, "cannot create the timers");
        return -1;
    }
    pc->kbc = kbc_create(&pc->services, isa_irq(pc, 1), isa_irq(pc, 12), board_set_a20, board_request_reset, pc);
    if (!pc->kbc || !sysctl_create(&pc->services, board_set_a20, board_a20_state, board_request_reset, pc)) {
        set_error(err, errlen, "cannot create the keyboard controller");
        return -1;
    }
    if (create_storage(pc, err, errlen) < 0)
        return -1;
    fill_cmos(pc);
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
    pc->cpu = cpu_create(&pc->phys, &pc->ports);
    if (!pc->cpu) {
        set_error(err, errlen, "out of memory");
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
}

void pc_request_stop(struct pc *pc)
{
    pc->stop_requested = 1;
    pc->cpu->exit_request = 1;
    pc->cpu->stop = 1;
}

/* The slice of instructions run between checks of host-side requests (signals); guest time is unaffected. */
enum { RUN_SLICE = 1 << 20 };

enum pc_exit_reason pc_run(struct pc *pc, int *status)
{
    struct cpu *c = pc->cpu;
    while (pc->exit_reason == PC_EXIT_NONE) {
        uint64_t slice = RUN_SLICE;
        if (pc->cfg.stop_after_insns) {
            uint64_t done = c->icount - c->halted_insns;
            if (done >= pc->cfg.stop_after_insns) {
                pc->exit_reason = PC_EXIT_INSN_LIMIT;
                break;
            }
            if (slice > pc->cfg.stop_after_insns - done)
                slice = pc->cfg.stop_after_insns - done;
        }
        cpu_run(c, slice);
        clock_run_due(&pc->clock);
        if (c->shutdown || pc->reset_requested) {
            pc->reset_requested = 0;
            if (pc->cfg.no_reboot) {
                pc->exit_reason = PC_EXIT_RESET;
                pc->exit_status = 0;
                break;
            }
            pc_reset(pc);
        }
        if (pc->stop_requested && pc->exit_reason == PC_EXIT_NONE)
            pc->exit_reason = PC_EXIT_SIGNAL;
        if (c->halted && !(c->eflags & (1u << 9)) && pc->clock.next_deadline == CLOCK_NEVER && !c->nmi_pending) {
            fprintf(stderr, "x86pc: the guest halted with interrupts disabled at %04x:%08x\n", c->seg[1].sel,
                    c->eip);
            pc->exit_reason = PC_EXIT_ERROR;
            pc->exit_status = 1;
        }
    }
    switch (pc->exit_reason) {
    case PC_EXIT_POWEROFF: *status = 0; break;
    case PC_EXIT_DEBUG_PORT: *status = pc->exit_status; break;
    case PC_EXIT_RESET: *status = 0; break;
    case PC_EXIT_SIGNAL: *status = 130; break;
    case PC_EXIT_INSN_LIMIT: *status = 0; break;
    default: *status = pc->exit_status ? pc->exit_status : 1; break;
    }
    return pc->exit_reason;
}

/* A hash of what the guest can observe: CPU registers, RAM and every device's saved state. Two runs that retire
 * the same instructions in the same order end with the same hash. */
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
    cpu_destroy(pc->cpu);
    kernel_image_free(&pc->kernel);
    phys_free(&pc->phys);
    free(pc->bios);
    free(pc);
}
