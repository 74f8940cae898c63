/* The 82077AA floppy disk controller (see fdc.h).
 *
 * A command goes through the datasheet's phases: command bytes into the FIFO, execution, result bytes out of the
 * FIFO. Execution starts on a virtual-clock timer, never inside the OUT that completed the command: the MSR
 * shows the controller busy meanwhile. SEEK and RECALIBRATE leave the controller free at once and finish on a
 * per-drive timer with an interrupt that SENSE INTERRUPT STATUS acknowledges. Reads, writes and formats move all
 * their data through DMA channel 2 in the timer, sector by sector, until terminal count or the end of the track,
 * then present the result bytes with an interrupt. */
#include "devices/fdc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum fdc_phase { PHASE_IDLE, PHASE_COMMAND, PHASE_EXECUTION, PHASE_RESULT };
enum { ACTION_NONE, ACTION_EXECUTE, ACTION_RESET_DONE, ACTION_PIO_NEXT };

enum { DOR_SELECT = 0x03, DOR_NRESET = 0x04, DOR_DMA_IRQ = 0x08 };
enum { MSR_RQM = 0x80, MSR_DIO = 0x40, MSR_NON_DMA = 0x20, MSR_CB = 0x10 };
enum { DSR_RESET = 0x80, RATE_MASK = 0x03 };
enum { RATE_500K = 0, RATE_300K = 1, RATE_250K = 2, RATE_1M = 3 };
enum { ST0_ABNORMAL = 0x40, ST0_INVALID = 0x80, ST0_READY_CHANGE = 0xc0, ST0_SEEK_END = 0x20, ST0_EQUIP = 0x10 };
enum { ST1_END_OF_CYL = 0x80, ST1_CRC = 0x20, ST1_OVERRUN = 0x10, ST1_NO_DATA = 0x04, ST1_NOT_WRITABLE = 0x02,
       ST1_MISSING_AM = 0x01 };
enum { ST2_DATA_CRC = 0x20, ST2_WRONG_CYL = 0x10, ST2_BAD_CYL = 0x02 };
enum { ST3_WRITE_PROTECT = 0x40, ST3_READY = 0x20, ST3_TRACK0 = 0x10, ST3_TWO_SIDE = 0x08 };
/* After reset: FIFO disabled, polling on, threshold 1, and implied seeks on. The 82077AA datasheet resets EIS to
 * 0, but the PC emulators' controllers (Bochs, QEMU) always seek to the command's cylinder, and the Bochs BIOS
 * relies on it: its INT 13h reads without seeking first, so without EIS every read away from the head's cylinder
 * fails with "wrong cylinder". A driver that sends CONFIGURE (Linux does) gets what it configures. */
enum { CFG_EIS = 0x40, CFG_DEFAULT = 0x60 };
enum { CMD_MT = 0x80, CMD_MFM = 0x40 };
enum { RECAL_MAX_STEPS = 79, SECTOR_SIZE_CODE = 2 };

enum {
    OP_SPECIFY = 0x03, OP_SENSE_DRIVE = 0x04, OP_WRITE = 0x05, OP_READ = 0x06, OP_RECALIBRATE = 0x07,
    OP_SENSE_INT = 0x08, OP_READ_ID = 0x0a, OP_FORMAT = 0x0d, OP_DUMPREG = 0x0e, OP_SEEK = 0x0f,
    OP_VERSION = 0x10, OP_PERPENDICULAR = 0x12, OP_CONFIGURE = 0x13, OP_LOCK = 0x14,
};

/* Virtual time a command takes. Real drives are slower; these keep the order of events a driver sees. */
#define FDC_COMMAND_NS 10000u    /* any command's own processing */
#define FDC_RESET_NS 20000u      /* from the end of a reset to its interrupt */
#define FDC_SETTLE_NS 100000u    /* head settling after a seek */
#define FDC_STEP_NS 50000u       /* per track stepped */
#define FDC_TRANSFER_NS 500000u  /* finding the sector and moving the data of a read, write or format */
#define FDC_NO_ID_NS 200000000u  /* one revolution at 300 rpm without finding a sector header */

struct command_info {
    uint8_t op, flags, len;      /* flags: the high bits the command may carry (MT, MFM, SK, relative seek) */
};

static const struct command_info commands[] = {
    { OP_SPECIFY, 0x00, 3 }, { OP_SENSE_DRIVE, 0x00, 2 }, { OP_WRITE, 0xc0, 9 }, { OP_READ, 0xe0, 9 },
    { OP_RECALIBRATE, 0x00, 2 }, { OP_SENSE_INT, 0x00, 1 }, { OP_READ_ID, 0x40, 2 }, { OP_FORMAT, 0x40, 6 },
    { OP_DUMPREG, 0x00, 1 }, { OP_SEEK, 0xc0, 3 }, { OP_VERSION, 0x00, 1 }, { OP_PERPENDICULAR, 0x00, 2 },
    { OP_CONFIGURE, 0x00, 4 }, { OP_LOCK, 0x80, 1 },
};

/* Disk formats by image size. 5.25" double-density disks read at 250 kb/s in their own drive and at 300 kb/s in
 * a high-density one. */
struct floppy_format {
    uint32_t size;
    uint8_t cyls, heads, spt, rate, alt_rate, type;
};

static const struct floppy_format formats[] = {
    { 163840, 40, 1, 8, RATE_250K, RATE_300K, 1 },
    { 184320, 40, 1, 9, RATE_250K, RATE_300K, 1 },
    { 327680, 40, 2, 8, RATE_250K, RATE_300K, 1 },
    { 368640, 40, 2, 9, RATE_250K, RATE_300K, 1 },
    { 737280, 80, 2, 9, RATE_250K, RATE_250K, 3 },
    { 1228800, 80, 2, 15, RATE_500K, RATE_500K, 2 },
    { 1474560, 80, 2, 18, RATE_500K, RATE_500K, 4 },
    { 1720320, 80, 2, 21, RATE_500K, RATE_500K, 4 },   /* DMF */
    { 2949120, 80, 2, 36, RATE_1M, RATE_1M, 5 },
};

static const struct floppy_format *format_for_size(uint64_t size)
{
    for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++)
        if (formats[k].size == size)
            return &formats[k];
    return NULL;
}

unsigned fdc_type_for_size(uint64_t size)
{
    const struct floppy_format *fmt = format_for_size(size);
    return fmt ? fmt->type : 0;
}

/* ---- interrupt ---- */

static void update_irq(struct fdc *f)
{
    uint8_t level = f->int_line && (f->dor & DOR_DMA_IRQ) && (f->dor & DOR_NRESET);
    if (level != f->irq_level) {
        f->irq_level = level;
        irq_set(&f->irq, level);
    }
}

static void set_int(struct fdc *f, int level)
{
    f->int_line = level != 0;
    update_irq(f);
}

/* ---- phases ---- */

static void go_idle(struct fdc *f)
{
    f->phase = PHASE_IDLE;
    f->cmd_pos = 0;
}

static void enter_result(struct fdc *f, const uint8_t *bytes, unsigned n, int interrupt)
{
    memcpy(f->res, bytes, n);
    f->res_len = (uint8_t)n;
    f->res_pos = 0;
    f->phase = PHASE_RESULT;
    if (interrupt)
        set_int(f, 1);
}

static void result_byte(struct fdc *f, uint8_t v)
{
    enter_result(f, &v, 1, 0);
}

static void post_drive_status(struct fdc *f, unsigned d, uint8_t st0)
{
    f->int_status[d] = st0;
    f->int_pending |= (uint8_t)(1u << d);
    set_int(f, 1);
}

/* ---- drives ---- */

static int drive_installed(unsigned d)
{
    return d < FDC_INSTALLED_DRIVES;
}

/* Can sector headers be read on this side of the current track: a disk, recorded in MFM at the data rate the
 * controller is set to, on a side and track that exist. Until software first sets a data rate, any disk reads:
 * the Bochs BIOS never sets one and reads both 720K (250 kb/s) and 1.44M (500 kb/s) diskettes, as it does in
 * Bochs and QEMU; every other driver sets the rate before it reads, and from then on it must match. */
static int ids_readable(const struct fdc *f, const struct fdc_drive *dr, unsigned head, int mfm)
{
    unsigned rate = f->dsr & RATE_MASK;
    int rate_ok = !f->rate_set || rate == dr->rate || rate == dr->alt_rate;
    return dr->blk && mfm && rate_ok && head < dr->heads &&
           dr->track < dr->cyls;
}

static uint64_t sector_offset(const struct fdc_drive *dr, unsigned c, unsigned h, unsigned r)
{
    return (((uint64_t)c * dr->heads + h) * dr->spt + r - 1) * BLOCK_SECTOR;
}

/* ---- seeks ---- */

static void start_seek(struct fdc *f, unsigned d, unsigned head, unsigned target, int recalibrate)
{
    struct fdc_drive *dr = &f->drive[d];
    unsigned from = dr->track, steps;
    uint8_t st0 = (uint8_t)(ST0_SEEK_END | head << 2 | d);
    if (recalibrate) {
        /* The controller gives up when track 0 does not show within 79 steps (an absent drive never shows it). */
        steps = drive_installed(d) ? from : RECAL_MAX_STEPS;
        target = 0;
        if (steps > RECAL_MAX_STEPS || !drive_installed(d)) {
            target = drive_installed(d) ? from - RECAL_MAX_STEPS : 0;
            steps = RECAL_MAX_STEPS;
            st0 |= ST0_ABNORMAL | ST0_EQUIP;
        }
    } else {
        steps = target > from ? target - from : from - target;
    }
    dr->seek_target = (uint8_t)target;
    dr->seek_st0 = st0;
    f->busy |= (uint8_t)(1u << d);
    timer_arm_ns(&f->seek_timer[d], clock_ns(f->clock) + FDC_SETTLE_NS + (uint64_t)steps * FDC_STEP_NS);
}

static void seek_done(struct fdc *f, unsigned d)
{
    struct fdc_drive *dr = &f->drive[d];
    if (drive_installed(d)) {
        dr->track = dr->seek_target;
        dr->sector = 1;
        if (dr->blk)
            dr->changed = 0;     /* a step pulse with a disk in the drive clears the change line */
    }
    post_drive_status(f, d, dr->seek_st0);
}

static void seek_timer0(void *opaque) { seek_done(opaque, 0); }
static void seek_timer1(void *opaque) { seek_done(opaque, 1); }
static void seek_timer2(void *opaque) { seek_done(opaque, 2); }
static void seek_timer3(void *opaque) { seek_done(opaque, 3); }
static timer_fn *const seek_timer_fns[FDC_DRIVES] = { seek_timer0, seek_timer1, seek_timer2, seek_timer3 };

/* ---- data transfers ---- */

/* READ DATA, WRITE DATA and FORMAT TRACK keep their progress in the command bytes: cmd[2..5] hold the C, H, R, N
 * of the sector at hand and cmd[1] the head, exactly what the result phase reports at the end. */
enum { CMD_C = 2, CMD_H = 3, CMD_R = 4, CMD_N = 5, CMD_EOT = 6 };
enum { FORMAT_HEADER = 4 };

static unsigned cmd_drive(const struct fdc *f) { return f->cmd[1] & 3; }
static unsigned cmd_head(const struct fdc *f) { return f->cmd[1] >> 2 & 1; }
static int non_dma(const struct fdc *f) { return f->hlt_nd & 1; }

/* Stops the execution phase until DMA channel 2 is unmasked; the DMA controller then calls fdc_dma_ready. */
static void wait_for_dma(struct fdc *f)
{
    f->dma_wait = 1;
    dma_set_dreq(f->dma, FDC_DMA_CHANNEL, 1);
}

/* Result phase of a transfer: ST0 with the head of the last sector handled, then the cursor. */
static void transfer_result(struct fdc *f, uint8_t st1, uint8_t st2)
{
    uint8_t res[7] = { (uint8_t)(f->last_head << 2 | cmd_drive(f)), st1, st2, f->cmd[CMD_C], f->cmd[CMD_H],
                       f->cmd[CMD_R], f->cmd[CMD_N] };
    if (st1 || st2)
        res[0] |= ST0_ABNORMAL;
    if (f->implied_seek)
        res[0] |= ST0_SEEK_END;  /* "SE: ... or a READ or WRITE with implied seek" (82077AA ST0) */
    f->implied_seek = 0;
    f->pio = 0;
    enter_result(f, res, 7, 1);
}

/* Finds the cursor's sector on the track under the head: its offset in the image, or -1 with the status bits of
 * a sector that is not there. */
static int64_t locate_sector(struct fdc *f, const struct fdc_drive *dr, uint8_t *st1, uint8_t *st2)
{
    unsigned head = cmd_head(f);
    f->last_head = (uint8_t)head;
    if (f->cmd[CMD_C] != dr->track) {
        *st1 |= ST1_NO_DATA;
        *st2 |= f->cmd[CMD_C] == 0xff ? ST2_BAD_CYL : ST2_WRONG_CYL;
        return -1;
    }
    if (head >= dr->heads) {
        *st1 |= ST1_MISSING_AM;  /* no headers at all on the side a single-sided disk lacks */
        return -1;
    }
    uint8_t r = f->cmd[CMD_R];
    if (f->cmd[CMD_H] != head || r < 1 || r > dr->spt || f->cmd[CMD_N] != SECTOR_SIZE_CODE) {
        *st1 |= ST1_NO_DATA;
        return -1;
    }
    return (int64_t)sector_offset(dr, dr->track, head, r);
}

/* Moves the cursor past the sector just transferred; returns 1 when that was the last one before EOT. With MT,
 * the end of side 0 goes on to sector 1 of side 1. */
static int next_sector(struct fdc *f, struct fdc_drive *dr)
{
    dr->sector = (uint8_t)(f->cmd[CMD_R] % dr->spt + 1);
    if (f->cmd[CMD_R] != f->cmd[CMD_EOT]) {
        f->cmd[CMD_R]++;
        return 0;
    }
    f->cmd[CMD_R] = 1;
    if (f->cmd[0] & CMD_MT) {
        int was_side0 = !(f->cmd[1] & 4);
        f->cmd[CMD_H] ^= 1;
        f->cmd[1] ^= 4;
        if (was_side0)
            return 0;
    }
    f->cmd[CMD_C]++;
    return 1;
}

/* One sector between the disk and memory by DMA. Returns 1 when done, 0 when DMA is not ready before the first
 * byte (the command waits), -1 with st1/st2 set on an error. */
static int dma_sector(struct fdc *f, struct fdc_drive *dr, uint64_t offset, int write, int first, uint8_t *st1,
                      uint8_t *st2)
{
    if (write) {
        size_t got = dma_transfer(f->dma, FDC_DMA_CHANNEL, f->buf, BLOCK_SECTOR, 0);
        if (got == 0 && first && !dma_terminal_count(f->dma, FDC_DMA_CHANNEL))
            return 0;
        memset(f->buf + got, 0, BLOCK_SECTOR - got);   /* a sector cut short by TC is completed with zeros */
        if (block_write(dr->blk, offset, f->buf, BLOCK_SECTOR) < 0) {
            *st1 |= ST1_NOT_WRITABLE;
            return -1;
        }
        return 1;
    }
    if (block_read(dr->blk, offset, f->buf, BLOCK_SECTOR) < 0) {
        *st1 |= ST1_CRC;         /* a host read error looks like a bad sector to the guest */
        *st2 |= ST2_DATA_CRC;
        return -1;
    }
    size_t put = dma_transfer(f->dma, FDC_DMA_CHANNEL, f->buf, BLOCK_SECTOR, 1);
    if (put == 0 && first && !dma_terminal_count(f->dma, FDC_DMA_CHANNEL))
        return 0;
    if (put < BLOCK_SECTOR && !dma_terminal_count(f->dma, FDC_DMA_CHANNEL)) {
        *st1 |= ST1_OVERRUN;
        return -1;
    }
    return 1;
}

/* Non-DMA mode: the next sector (or format header) goes through the FIFO, byte by byte, with an interrupt to
 * say it is ready. Without DMA there is no terminal count, so a transfer always ends at EOT. */
static void pio_start(struct fdc *f, uint16_t len)
{
    f->pio = 1;
    f->pio_pos = 0;
    f->pio_len = len;
    set_int(f, 1);
}

static void pio_sector(struct fdc *f, struct fdc_drive *dr, int write)
{
    uint8_t st1 = 0, st2 = 0;
    int64_t offset = locate_sector(f, dr, &st1, &st2);
    if (offset >= 0 && !write && block_read(dr->blk, (uint64_t)offset, f->buf, BLOCK_SECTOR) < 0) {
        st1 |= ST1_CRC;
        st2 |= ST2_DATA_CRC;
    }
    if (st1 || st2)
        transfer_result(f, st1, st2);
    else
        pio_start(f, BLOCK_SECTOR);
}

/* READ DATA and WRITE DATA: from sector R to EOT (then side 1 with MT) until terminal count. */
static void execute_transfer(struct fdc *f, int write)
{
    unsigned d = cmd_drive(f);
    struct fdc_drive *dr = &f->drive[d];
    uint8_t st1 = 0, st2 = 0;
    f->last_eot = f->cmd[CMD_EOT];
    f->last_head = (uint8_t)cmd_head(f);
    if ((f->config & CFG_EIS) && drive_installed(d) && dr->track != f->cmd[CMD_C]) {
        dr->track = f->cmd[CMD_C];   /* implied seek; a command restarted after waiting for DMA keeps its SE */
        f->implied_seek = 1;
    }
    if (!ids_readable(f, dr, cmd_head(f), f->cmd[0] & CMD_MFM)) {
        transfer_result(f, ST1_MISSING_AM, 0);
        return;
    }
    if (write && block_is_read_only(dr->blk)) {
        transfer_result(f, ST1_NOT_WRITABLE, 0);
        return;
    }
    if (non_dma(f)) {
        pio_sector(f, dr, write);
        return;
    }
    for (int first = 1;; first = 0) {
        int64_t offset = locate_sector(f, dr, &st1, &st2);
        if (offset < 0)
            break;
        int moved = dma_sector(f, dr, (uint64_t)offset, write, first, &st1, &st2);
        if (moved == 0) {
            wait_for_dma(f);
            return;
        }
        if (moved < 0)
            break;
        int end = next_sector(f, dr);
        if (dma_terminal_count(f->dma, FDC_DMA_CHANNEL))
            break;
        if (end) {
            st1 |= ST1_END_OF_CYL;   /* EOT passed without terminal count */
            break;
        }
    }
    transfer_result(f, st1, st2);
}

/* A sector has gone through the FIFO: write it, step on, and go on with the next one or end at EOT. */
static void pio_sector_done(struct fdc *f)
{
    struct fdc_drive *dr = &f->drive[cmd_drive(f)];
    int write = (f->cmd[0] & 0x1f) == OP_WRITE;
    if (write) {
        uint8_t st1 = 0, st2 = 0;
        int64_t offset = locate_sector(f, dr, &st1, &st2);
        if (offset < 0 || block_write(dr->blk, (uint64_t)offset, f->buf, BLOCK_SECTOR) < 0) {
            transfer_result(f, ST1_NOT_WRITABLE, 0);
            return;
        }
    }
    if (next_sector(f, dr))
        transfer_result(f, ST1_END_OF_CYL, 0);
    else
        pio_sector(f, dr, write);
}

static void execute_read_id(struct fdc *f)
{
    struct fdc_drive *dr = &f->drive[cmd_drive(f)];
    unsigned head = cmd_head(f);
    f->last_head = (uint8_t)head;
    f->cmd[CMD_C] = dr->track;
    f->cmd[CMD_H] = (uint8_t)head;
    f->cmd[CMD_N] = SECTOR_SIZE_CODE;
    if (!ids_readable(f, dr, head, f->cmd[0] & CMD_MFM)) {
        f->cmd[CMD_R] = 1;
        transfer_result(f, ST1_MISSING_AM, 0);
        return;
    }
    if (dr->sector < 1 || dr->sector > dr->spt)
        dr->sector = 1;
    f->cmd[CMD_R] = dr->sector;
    dr->sector = (uint8_t)(dr->sector % dr->spt + 1);
    transfer_result(f, 0, 0);
}

/* FORMAT TRACK takes one C, H, R, N header per sector. The image keeps its own geometry, so only a header that
 * names one of its sectors on this track writes anything: that sector, filled with the filler byte. The command
 * bytes of FORMAT differ from READ's, so they are moved into the cursor's places first (the sector count stays
 * in cmd[7], the headers still to come in cmd[8]). */
static void format_header(struct fdc *f, struct fdc_drive *dr, const uint8_t *hdr, uint8_t *st1)
{
    unsigned head = cmd_head(f);
    memcpy(f->cmd + CMD_C, hdr, FORMAT_HEADER);   /* hdr may be buf, which the filler overwrites below */
    uint8_t r = f->cmd[CMD_R];
    if (f->cmd[CMD_C] != dr->track || f->cmd[CMD_H] != head || f->cmd[CMD_N] != SECTOR_SIZE_CODE ||
        f->cmd[7] != SECTOR_SIZE_CODE || r < 1 || r > dr->spt)
        return;
    memset(f->buf, f->cmd[6], BLOCK_SECTOR);
    if (block_write(dr->blk, sector_offset(dr, dr->track, head, r), f->buf, BLOCK_SECTOR) < 0)
        *st1 |= ST1_NOT_WRITABLE;
}

static void execute_format(struct fdc *f)
{
    struct fdc_drive *dr = &f->drive[cmd_drive(f)];
    uint8_t size_code = f->cmd[2], sectors = f->cmd[3], filler = f->cmd[5], st1 = 0;
    f->last_eot = sectors;
    f->last_head = (uint8_t)cmd_head(f);
    f->cmd[6] = filler;
    f->cmd[7] = size_code;
    f->cmd[8] = sectors;
    uint8_t first_id[4] = { dr->track, (uint8_t)cmd_head(f), 1, size_code };
    memcpy(f->cmd + CMD_C, first_id, FORMAT_HEADER);
    if (!ids_readable(f, dr, cmd_head(f), f->cmd[0] & CMD_MFM)) {
        transfer_result(f, ST1_MISSING_AM, 0);
        return;
    }
    if (block_is_read_only(dr->blk)) {
        transfer_result(f, ST1_NOT_WRITABLE, 0);
        return;
    }
    dr->sector = 1;
    if (non_dma(f)) {
        if (sectors)
            pio_start(f, FORMAT_HEADER);
        else
            transfer_result(f, 0, 0);
        return;
    }
    for (unsigned k = 0; k < sectors && !st1; k++) {
        uint8_t hdr[FORMAT_HEADER];
        size_t got = dma_transfer(f->dma, FDC_DMA_CHANNEL, hdr, FORMAT_HEADER, 0);
        if (got == 0 && k == 0 && !dma_terminal_count(f->dma, FDC_DMA_CHANNEL)) {
            f->cmd[2] = size_code;   /* the command starts over when DMA is ready */
            f->cmd[3] = sectors;
            f->cmd[5] = filler;
            wait_for_dma(f);
            return;
        }
        if (got < FORMAT_HEADER)
            break;
        format_header(f, dr, hdr, &st1);
        if (dma_terminal_count(f->dma, FDC_DMA_CHANNEL))
            break;
    }
    transfer_result(f, st1, 0);
}

static void pio_header_done(struct fdc *f)
{
    uint8_t st1 = 0;
    format_header(f, &f->drive[cmd_drive(f)], f->buf, &st1);
    if (st1 || --f->cmd[8] == 0)
        transfer_result(f, st1, 0);
    else
        pio_start(f, FORMAT_HEADER);
}

/* ---- other commands ---- */

static void execute_sense_interrupt(struct fdc *f)
{
    set_int(f, 0);
    if (!f->int_pending) {
        result_byte(f, ST0_INVALID);
        return;
    }
    unsigned d = 0;
    while (!(f->int_pending & (1u << d)))
        d++;
    f->int_pending &= (uint8_t)~(1u << d);
    f->busy &= (uint8_t)~(1u << d);
    uint8_t res[2] = { f->int_status[d], f->drive[d].track };
    enter_result(f, res, 2, 0);
}

static void execute_sense_drive(struct fdc *f)
{
    unsigned d = f->cmd[1] & 3, head = f->cmd[1] >> 2 & 1;
    const struct fdc_drive *dr = &f->drive[d];
    uint8_t st3 = (uint8_t)(ST3_READY | ST3_TWO_SIDE | head << 2 | d);
    if (dr->blk && block_is_read_only(dr->blk))
        st3 |= ST3_WRITE_PROTECT;
    if (drive_installed(d) && dr->track == 0)
        st3 |= ST3_TRACK0;
    result_byte(f, st3);
}

static void execute_dumpreg(struct fdc *f)
{
    uint8_t res[10] = {
        f->drive[0].track, f->drive[1].track, f->drive[2].track, f->drive[3].track,
        f->srt_hut, f->hlt_nd, f->last_eot,
        (uint8_t)(f->lock << 7 | (f->perp & 0x3f)), f->config, f->pretrk,
    };
    enter_result(f, res, 10, 0);
}

static void execute_command(struct fdc *f)
{
    uint8_t op = f->cmd[0] & 0x1f;
    switch (op) {
    case OP_READ: execute_transfer(f, 0); break;
    case OP_WRITE: execute_transfer(f, 1); break;
    case OP_READ_ID: execute_read_id(f); break;
    case OP_FORMAT: execute_format(f); break;
    case OP_SENSE_INT: execute_sense_interrupt(f); break;
    case OP_SENSE_DRIVE: execute_sense_drive(f); break;
    case OP_DUMPREG: execute_dumpreg(f); break;
    case OP_VERSION: result_byte(f, 0x90); break;
    case OP_LOCK:
        f->lock = f->cmd[0] >> 7;
        result_byte(f, (uint8_t)(f->lock << 4));
        break;
    case OP_SPECIFY:
        f->srt_hut = f->cmd[1];
        f->hlt_nd = f->cmd[2];
        go_idle(f);
        break;
    case OP_CONFIGURE:
        f->config = f->cmd[2];
        f->pretrk = f->cmd[3];
        go_idle(f);
        break;
    case OP_PERPENDICULAR:
        /* OW set: the drive bits D0-D3 change too; GAP and WGATE always do. */
        f->perp = (uint8_t)((f->cmd[1] & 0x80 ? f->cmd[1] & 0x3c : f->perp & 0x3c) | (f->cmd[1] & 0x03));
        go_idle(f);
        break;
    default:
        result_byte(f, ST0_INVALID);
        break;
    }
}

static const struct command_info *find_command(uint8_t first)
{
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
        if (commands[k].op == (first & 0x1f) && !(first & 0xe0 & ~commands[k].flags))
            return &commands[k];
    return NULL;
}

static uint64_t execution_time(const struct fdc *f)
{
    uint8_t op = f->cmd[0] & 0x1f;
    if (op != OP_READ && op != OP_WRITE && op != OP_READ_ID && op != OP_FORMAT)
        return FDC_COMMAND_NS;
    unsigned d = f->cmd[1] & 3, head = f->cmd[1] >> 2 & 1;
    return ids_readable(f, &f->drive[d], head, f->cmd[0] & CMD_MFM) ? FDC_TRANSFER_NS : FDC_NO_ID_NS;
}

/* The last command byte has arrived. */
static void command_complete(struct fdc *f)
{
    uint8_t op = f->cmd[0] & 0x1f;
    if (op == OP_SEEK || op == OP_RECALIBRATE) {
        unsigned d = f->cmd[1] & 3, head = f->cmd[1] >> 2 & 1;
        unsigned target = op == OP_SEEK ? f->cmd[2] : 0;
        if (op == OP_SEEK && (f->cmd[0] & 0x80)) {          /* RELATIVE SEEK: bit 6 steps inwards */
            int t = f->drive[d].track + (f->cmd[0] & 0x40 ? f->cmd[2] : -f->cmd[2]);
            target = t < 0 ? 0 : t > 255 ? 255 : (unsigned)t;
        }
        start_seek(f, d, head, target, op == OP_RECALIBRATE);
        go_idle(f);
        return;
    }
    f->implied_seek = 0;
    f->phase = PHASE_EXECUTION;
    f->action = ACTION_EXECUTE;
    timer_arm_ns(&f->cmd_timer, clock_ns(f->clock) + execution_time(f));
}

/* A data byte through the FIFO in non-DMA execution (v is written, or the byte read is returned). After the
 * last byte of a sector the controller is busy for a moment before the next one, or the result. */
static uint8_t pio_byte(struct fdc *f, uint8_t v)
{
    if (f->pio_pos == 0)
        set_int(f, 0);
    if ((f->cmd[0] & 0x1f) == OP_READ)
        v = f->buf[f->pio_pos];
    else
        f->buf[f->pio_pos] = v;
    if (++f->pio_pos >= f->pio_len) {
        f->pio = 0;
        f->action = ACTION_PIO_NEXT;
        timer_arm_ns(&f->cmd_timer, clock_ns(f->clock) + FDC_COMMAND_NS);
    }
    return v;
}

static void fifo_write(struct fdc *f, uint8_t v)
{
    if (f->phase == PHASE_IDLE) {
        const struct command_info *ci = find_command(v);
        f->cmd[0] = v;
        f->cmd_pos = 1;
        if (!ci) {
            f->phase = PHASE_EXECUTION;     /* an invalid opcode answers ST0 = 80h after the usual delay */
            f->action = ACTION_EXECUTE;
            f->cmd[0] = 0x1f;
            timer_arm_ns(&f->cmd_timer, clock_ns(f->clock) + FDC_COMMAND_NS);
            return;
        }
        f->cmd_len = ci->len;
        f->phase = PHASE_COMMAND;
    } else if (f->phase == PHASE_COMMAND) {
        f->cmd[f->cmd_pos++] = v;
    } else {
        if (f->pio && (f->cmd[0] & 0x1f) != OP_READ)
            pio_byte(f, v);
        return;
    }
    if (f->cmd_pos == f->cmd_len)
        command_complete(f);
}

static uint8_t fifo_read(struct fdc *f)
{
    if (f->phase == PHASE_EXECUTION && f->pio && (f->cmd[0] & 0x1f) == OP_READ)
        return pio_byte(f, 0);
    if (f->phase != PHASE_RESULT)
        return 0;
    uint8_t v = f->res[f->res_pos++];
    if (f->res_pos == 1)
        set_int(f, 0);           /* reading the result clears the interrupt */
    if (f->res_pos >= f->res_len)
        go_idle(f);
    return v;
}

/* ---- reset ---- */

static void enter_reset(struct fdc *f)
{
    timer_cancel(&f->cmd_timer);
    for (unsigned d = 0; d < FDC_DRIVES; d++)
        timer_cancel(&f->seek_timer[d]);
    f->action = ACTION_NONE;
    f->int_pending = 0;
    f->busy = 0;
    if (f->dma_wait)
        dma_set_dreq(f->dma, FDC_DMA_CHANNEL, 0);
    f->dma_wait = 0;
    f->pio = 0;
    f->implied_seek = 0;
    f->pio_pos = f->pio_len = 0;
    go_idle(f);
    f->res_len = f->res_pos = 0;
    set_int(f, 0);
}

/* The end of a reset: registers back to their defaults (CONFIGURE's survive when LOCKed), then the interrupt
 * that reports a ready change on each of the four drives. */
static void leave_reset(struct fdc *f)
{
    if (!f->lock) {
        f->config = CFG_DEFAULT;
        f->pretrk = 0;
    }
    f->perp &= 0x3c;
    for (unsigned d = 0; d < FDC_DRIVES; d++)
        f->drive[d].track = 0;
    f->action = ACTION_RESET_DONE;
    timer_arm_ns(&f->cmd_timer, clock_ns(f->clock) + FDC_RESET_NS);
}

static void cmd_timer_fn(void *opaque)
{
    struct fdc *f = opaque;
    uint8_t action = f->action;
    f->action = ACTION_NONE;
    if (action == ACTION_EXECUTE) {
        execute_command(f);
    } else if (action == ACTION_PIO_NEXT) {
        if ((f->cmd[0] & 0x1f) == OP_FORMAT)
            pio_header_done(f);
        else
            pio_sector_done(f);
    } else if (action == ACTION_RESET_DONE) {
        for (unsigned d = 0; d < FDC_DRIVES; d++)
            f->int_status[d] = (uint8_t)(ST0_READY_CHANGE | d);
        f->int_pending = (1u << FDC_DRIVES) - 1;
        set_int(f, 1);
    }
}

/* DMA channel 2 was unmasked while a transfer waited for it: the command starts over a moment later. */
static void fdc_dma_ready(void *opaque)
{
    struct fdc *f = opaque;
    if (!f->dma_wait)
        return;
    f->dma_wait = 0;
    dma_set_dreq(f->dma, FDC_DMA_CHANNEL, 0);
    f->action = ACTION_EXECUTE;
    timer_arm_ns(&f->cmd_timer, clock_ns(f->clock) + FDC_COMMAND_NS);
}

/* ---- registers ---- */

static uint8_t msr_read(const struct fdc *f)
{
    if (!(f->dor & DOR_NRESET))
        return 0;
    uint8_t msr = f->busy;
    switch (f->phase) {
    case PHASE_IDLE: msr |= MSR_RQM; break;
    case PHASE_COMMAND: msr |= MSR_RQM | MSR_CB; break;
    case PHASE_EXECUTION:
        msr |= MSR_CB | (non_dma(f) ? MSR_NON_DMA : 0);
        if (f->pio)
            msr |= MSR_RQM | ((f->cmd[0] & 0x1f) == OP_READ ? MSR_DIO : 0);
        break;
    case PHASE_RESULT: msr |= MSR_RQM | MSR_DIO | MSR_CB; break;
    }
    return msr;
}

static void dor_write(struct fdc *f, uint8_t v)
{
    uint8_t old = f->dor;
    f->dor = v;
    if (!(v & DOR_NRESET) && (old & DOR_NRESET))
        enter_reset(f);
    else if ((v & DOR_NRESET) && !(old & DOR_NRESET))
        leave_reset(f);
    update_irq(f);
}

static uint32_t fdc_read(void *opaque, uint16_t port, unsigned size)
{
    (void)size;
    struct fdc *f = opaque;
    switch (port & 7) {
    case 2: return f->dor;
    case 3: return f->tdr;
    case 4: return msr_read(f);
    case 5: return f->dor & DOR_NRESET ? fifo_read(f) : 0;
    case 7: return (uint32_t)f->drive[f->dor & DOR_SELECT].changed << 7;
    default: return 0xff;        /* SRA/SRB exist only in PS/2 mode */
    }
}

static void fdc_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    (void)size;
    struct fdc *f = opaque;
    uint8_t v = (uint8_t)value;
    switch (port & 7) {
    case 2:
        dor_write(f, v);
        break;
    case 3:
        f->tdr = v & 3;
        break;
    case 4:                      /* DSR */
        f->dsr = v & 0x7f;
        f->rate_set = 1;
        if ((v & DSR_RESET) && (f->dor & DOR_NRESET)) {
            enter_reset(f);
            leave_reset(f);
        }
        break;
    case 5:
        if (f->dor & DOR_NRESET)
            fifo_write(f, v);
        break;
    case 7:                      /* CCR: the data rate */
        f->dsr = (uint8_t)((f->dsr & ~RATE_MASK) | (v & RATE_MASK));
        f->rate_set = 1;
        break;
    }
}

/* ---- media ---- */

int fdc_insert(struct fdc *f, unsigned d, struct block *blk, char *err, size_t errlen)
{
    if (!drive_installed(d)) {
        snprintf(err, errlen, "floppy drive %u does not exist", d);
        return -1;
    }
    const struct floppy_format *fmt = format_for_size(block_size(blk));
    if (!fmt) {
        snprintf(err, errlen,
                 "floppy image size %llu bytes is no diskette format (160K, 180K, 320K, 360K, 720K, 1.2M, 1.44M, "
                 "1.68M, 2.88M)", (unsigned long long)block_size(blk));
        return -1;
    }
    fdc_eject(f, d);
    struct fdc_drive *dr = &f->drive[d];
    dr->blk = blk;
    dr->cyls = fmt->cyls;
    dr->heads = fmt->heads;
    dr->spt = fmt->spt;
    dr->rate = fmt->rate;
    dr->alt_rate = fmt->alt_rate;
    dr->type = fmt->type;
    dr->changed = 1;
    return 0;
}

void fdc_eject(struct fdc *f, unsigned d)
{
    if (d >= FDC_DRIVES || !f->drive[d].blk)
        return;
    block_close(f->drive[d].blk);
    f->drive[d].blk = NULL;
    f->drive[d].changed = 1;
}

unsigned fdc_drive_type(const struct fdc *f, unsigned d)
{
    return d < FDC_DRIVES && f->drive[d].blk ? f->drive[d].type : 0;
}

/* ---- device ---- */

/* Power-on: the DOR is cleared, which holds the controller in reset until the BIOS releases it. */
static void fdc_reset(void *opaque)
{
    struct fdc *f = opaque;
    enter_reset(f);
    f->dor = 0;
    f->tdr = 0;
    /* 500 kb/s, as Bochs and QEMU start (the 82077AA's own power-on rate is 250 kb/s); ids_readable() accepts
     * any disk until software sets a rate (the Bochs BIOS never does). */
    f->dsr = RATE_500K;
    f->rate_set = 0;
    f->srt_hut = f->hlt_nd = 0;
    f->config = CFG_DEFAULT;
    f->pretrk = f->lock = f->perp = f->last_eot = 0;
    memset(f->int_status, 0, sizeof f->int_status);
    for (unsigned d = 0; d < FDC_DRIVES; d++) {
        f->drive[d].track = 0;
        f->drive[d].sector = 1;
        f->drive[d].changed = 1;
    }
    update_irq(f);
}

static int fdc_post_load(void *opaque)
{
    struct fdc *f = opaque;
    if (f->phase > PHASE_RESULT || f->action > ACTION_PIO_NEXT || f->cmd_len > sizeof f->cmd ||
        f->cmd_pos > sizeof f->cmd || f->res_len > sizeof f->res || f->res_pos > f->res_len ||
        f->pio_len > sizeof f->buf || f->pio_pos > f->pio_len || f->implied_seek > 1 || f->rate_set > 1)
        return -1;
    if (f->dma_wait)
        dma_set_dreq(f->dma, FDC_DMA_CHANNEL, 1);
    f->irq_level = f->int_line && (f->dor & DOR_DMA_IRQ) && (f->dor & DOR_NRESET);
    irq_set(&f->irq, f->irq_level);
    return 0;
}

static void fdc_destroy(void *opaque)
{
    struct fdc *f = opaque;
    timer_cancel(&f->cmd_timer);
    for (unsigned d = 0; d < FDC_DRIVES; d++) {
        timer_cancel(&f->seek_timer[d]);
        fdc_eject(f, d);
    }
    dma_set_handler(f->dma, FDC_DMA_CHANNEL, NULL, NULL);
    free(f);
}

#define DRIVE_FIELDS(n) \
    STATE_FIELD(struct fdc, drive[n].track), STATE_FIELD(struct fdc, drive[n].sector), \
    STATE_FIELD(struct fdc, drive[n].changed), STATE_FIELD(struct fdc, drive[n].seek_target), \
    STATE_FIELD(struct fdc, drive[n].seek_st0), STATE_TIMER(struct fdc, seek_timer[n])

static const struct state_field fdc_fields[] = {
    DRIVE_FIELDS(0), DRIVE_FIELDS(1), DRIVE_FIELDS(2), DRIVE_FIELDS(3),
    STATE_TIMER(struct fdc, cmd_timer),
    STATE_FIELD(struct fdc, dor), STATE_FIELD(struct fdc, tdr), STATE_FIELD(struct fdc, dsr),
    STATE_FIELD(struct fdc, phase), STATE_FIELD(struct fdc, action),
    STATE_ARRAY(struct fdc, cmd), STATE_FIELD(struct fdc, cmd_len), STATE_FIELD(struct fdc, cmd_pos),
    STATE_ARRAY(struct fdc, res), STATE_FIELD(struct fdc, res_len), STATE_FIELD(struct fdc, res_pos),
    STATE_FIELD(struct fdc, int_line), STATE_FIELD(struct fdc, int_pending), STATE_ARRAY(struct fdc, int_status),
    STATE_FIELD(struct fdc, busy), STATE_FIELD(struct fdc, dma_wait),
    STATE_FIELD(struct fdc, srt_hut), STATE_FIELD(struct fdc, hlt_nd), STATE_FIELD(struct fdc, config),
    STATE_FIELD(struct fdc, pretrk), STATE_FIELD(struct fdc, lock), STATE_FIELD(struct fdc, perp),
    STATE_FIELD(struct fdc, last_eot), STATE_FIELD(struct fdc, last_head), STATE_FIELD(struct fdc, pio),
    STATE_FIELD(struct fdc, pio_pos), STATE_FIELD(struct fdc, pio_len), STATE_ARRAY(struct fdc, buf),
    STATE_FIELD(struct fdc, irq_level), STATE_FIELD(struct fdc, implied_seek), STATE_FIELD(struct fdc, rate_set),
    STATE_END,
};

static const struct device_type fdc_type = {
    .name = "fdc",
    .version = 2,                /* 2: implied_seek, rate_set */
    .fields = fdc_fields,
    .reset = fdc_reset,
    .post_load = fdc_post_load,
    .destroy = fdc_destroy,
};

struct fdc *fdc_create(const struct board_services *bs, struct irq_line irq, struct dma *dma, char *err,
                       size_t errlen)
{
    struct fdc *f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, errlen, "fdc: out of memory");
        return NULL;
    }
    f->irq = irq;
    f->dma = dma;
    f->clock = bs->clock;
    timer_init(&f->cmd_timer, bs->clock, cmd_timer_fn, f, "fdc");
    for (unsigned d = 0; d < FDC_DRIVES; d++)
        timer_init(&f->seek_timer[d], bs->clock, seek_timer_fns[d], f, "fdc-seek");
    int low = ports_register(bs->ports, 0x3f0, 6, fdc_read, fdc_write, f, "fdc", 0);
    int dir = low < 0 ? -1 : ports_register(bs->ports, 0x3f7, 1, fdc_read, fdc_write, f, "fdc", 0);
    if (low < 0 || dir < 0 || device_register(bs->devices, &fdc_type, f, "fdc") < 0) {
        snprintf(err, errlen, low < 0 || dir < 0 ? "fdc: cannot claim ports 3F0h-3F5h and 3F7h"
                                                 : "fdc: the device list is full");
        if (low == 0)
            ports_unregister(bs->ports, 0x3f0, 6);
        if (dir == 0)
            ports_unregister(bs->ports, 0x3f7, 1);
        free(f);
        return NULL;
    }
    dma_set_handler(dma, FDC_DMA_CHANNEL, fdc_dma_ready, f);
    fdc_reset(f);
    return f;
}
