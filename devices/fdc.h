/* The 82077AA floppy disk controller (PC/AT mode) with two 3.5"/5.25" drives, IRQ6 and DMA channel 2.
 *
 * Registers at 3F0h-3F5h and 3F7h (3F6h belongs to the primary IDE channel): DOR, MSR/DSR, FIFO, DIR/CCR. The
 * geometry of a disk follows from its image size (160K to 2.88M, and 1.68M DMF); a disk reads only at its own
 * data rate, as on a real drive, which is how BIOSes tell media apart. Commands finish on the virtual clock:
 * seeks after a time per step, reads and writes after a fixed time, with all data moved through DMA when the
 * command completes, or (SPECIFY's ND bit) byte by byte through the FIFO in non-DMA mode. */
#ifndef X86PC_DEVICES_FDC_H
#define X86PC_DEVICES_FDC_H

#include "devices/block/block.h"
#include "devices/device.h"
#include "devices/dma.h"

enum { FDC_DRIVES = 4, FDC_INSTALLED_DRIVES = 2, FDC_DMA_CHANNEL = 2 };

struct fdc_drive {
    struct block *blk;           /* the disk, NULL when the drive is empty */
    uint8_t cyls, heads, spt;    /* the disk's format */
    uint8_t rate, alt_rate;      /* data rates (DSR/CCR encoding) it reads at */
    uint8_t type;                /* CMOS drive type for the format: 1 360K, 2 1.2M, 3 720K, 4 1.44M, 5 2.88M */
    /* state */
    uint8_t track;               /* the cylinder under the heads (present cylinder number) */
    uint8_t sector;              /* the sector whose ID passes under the head next (READ ID) */
    uint8_t changed;             /* the disk-change line (DIR bit 7) */
    uint8_t seek_target, seek_st0;
};

struct fdc {
    struct irq_line irq;
    struct dma *dma;
    struct clock *clock;
    struct fdc_drive drive[FDC_DRIVES];  /* drives 2 and 3 are never installed */
    struct timer cmd_timer;      /* command execution, reset interrupt */
    struct timer seek_timer[FDC_DRIVES];
    /* registers */
    uint8_t dor, tdr, dsr;       /* dsr bits 0-1: the data rate, shared with CCR */
    uint8_t phase;               /* enum fdc_phase (fdc.c) */
    uint8_t action;              /* what cmd_timer does */
    uint8_t cmd[9], cmd_len, cmd_pos;
    uint8_t res[10], res_len, res_pos;
    uint8_t int_line;            /* the INT output before the DOR gate */
    uint8_t int_pending;         /* drives with a status for SENSE INTERRUPT STATUS */
    uint8_t int_status[FDC_DRIVES];
    uint8_t busy;                /* MSR drive-busy bits: seek in progress or not yet sensed */
    uint8_t dma_wait;            /* a transfer waits for channel 2 to be unmasked */
    uint8_t srt_hut, hlt_nd;     /* SPECIFY */
    uint8_t config, pretrk;      /* CONFIGURE: EIS/EFIFO/POLL/FIFOTHR, precompensation start track */
    uint8_t lock, perp, last_eot;
    uint8_t last_head;           /* head of the last sector handled (ST0) */
    uint8_t implied_seek;        /* the command's implied seek moved the heads: SE in its ST0 */
    uint8_t rate_set;            /* the data rate was written (DSR or CCR) since power-on */
    uint8_t pio;                 /* non-DMA execution: the FIFO moves data now */
    uint16_t pio_pos, pio_len;   /* position in buf, and the bytes of this sector or format header */
    uint8_t irq_level;           /* what the IRQ line was last set to */
    uint8_t buf[BLOCK_SECTOR];
};

struct fdc *fdc_create(const struct board_services *bs, struct irq_line irq, struct dma *dma, char *err,
                       size_t errlen);
/* Puts a disk into drive 0 or 1; the FDC then owns blk (closing it at eject). Fails, leaving blk to the
 * caller, with a message when the image size is no floppy format. The disk-change line goes active. */
int fdc_insert(struct fdc *f, unsigned drive, struct block *blk, char *err, size_t errlen);
void fdc_eject(struct fdc *f, unsigned drive);
/* The CMOS drive type (register 10h) for a drive: that of the disk in it, 0 when empty. */
unsigned fdc_drive_type(const struct fdc *f, unsigned drive);
/* The CMOS type for an image size, 0 when the size is no floppy format. */
unsigned fdc_type_for_size(uint64_t size);

#endif
