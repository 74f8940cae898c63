/* An IDE channel: two devices (master and slave) behind one set of task-file registers, each an ATA hard disk or
 * an ATAPI CD-ROM, with the PIIX3 bus-master DMA registers for the channel.
 *
 * Primary channel: ports 1F0h-1F7h, 3F6h, IRQ14; secondary: 170h-177h, 376h, IRQ15 (3F7h/377h belong to the
 * floppy controller). Commands run on the virtual clock: writing the command register sets BSY, and the device
 * answers after a fixed delay with DRQ for data, or with its completion status and an interrupt, as real drives
 * show it. PIO data moves through the data port (16- or 32-bit); DMA commands move their data through the bus
 * master, whose eight registers ide_bm_read/ide_bm_write serve (the PCI IDE function maps them at BAR4: channel 0
 * at offset 0, channel 1 at offset 8). A host I/O error becomes an ATA error (ERR with UNC or ABRT) for the
 * guest. */
#ifndef X86PC_DEVICES_IDE_H
#define X86PC_DEVICES_IDE_H

#include "devices/atapi.h"
#include "devices/block/block.h"
#include "devices/device.h"

enum ide_kind { IDE_NONE, IDE_DISK, IDE_CDROM };

/* Room for an ATA multiple block (16 sectors) and for an ATAPI PIO chunk (up to FFFEh bytes) that starts
 * inside a 2048-byte sector. */
enum { IDE_MAX_MULTIPLE = 16, IDE_BUF_SIZE = 0x10000 + 2 * ATAPI_SECTOR };

struct ide_drive {
    uint8_t kind;                /* enum ide_kind */
    struct block *blk;           /* a disk's image (a CD-ROM's is in atapi) */
    uint64_t sectors;            /* a disk's 512-byte sectors */
    uint16_t cyls, heads, spt;   /* a disk's default CHS geometry */
    char serial[21];
    struct atapi atapi;
    /* state: task file (written to both devices, read from the selected one) */
    uint8_t feature, nsector, sector, lcyl, hcyl, select;
    uint8_t hob_feature, hob_nsector, hob_sector, hob_lcyl, hob_hcyl;
    uint8_t status, error;
    uint8_t irq_pending;         /* INTRQ of this device, before nIEN */
    /* settings */
    uint16_t cur_cyls, cur_heads, cur_spt;   /* INITIALIZE DEVICE PARAMETERS */
    uint8_t mult_sectors;        /* SET MULTIPLE MODE (0 = off) */
    uint8_t write_cache, lookahead, xfer_mode, standby;
    /* the command in progress */
    uint8_t command, addr_mode;  /* addr_mode: 0 CHS, 1 LBA28, 2 LBA48 */
    uint8_t xfer;                /* what the data port moves (enum in ide_internal.h) */
    uint8_t dma;                 /* the data phase goes through the bus master */
    uint64_t lba;                /* next sector to transfer */
    uint32_t remaining;          /* sectors (ATA) or bytes (ATAPI) still to transfer */
    uint32_t block_size;         /* ATA: sectors per DRQ block */
    uint32_t chunk;              /* sectors (ATA) or bytes (ATAPI) in the current DRQ block */
    uint32_t data_pos, data_end; /* the host's position in buf within the current DRQ block */
    uint32_t buf_valid;          /* ATAPI: bytes in buf, from 0, of which [data_end, buf_valid) are read ahead */
    uint8_t from_disc;           /* ATAPI: the data are sectors from the disc at lba, `count` of them left */
    uint32_t disc_left;          /* ATAPI: sectors not yet fetched into buf */
    uint16_t byte_limit;         /* ATAPI: the host's byte count limit for PIO chunks */
    uint8_t buf[IDE_BUF_SIZE];
};

struct ide_channel {
    struct irq_line irq;
    struct clock *clock;
    struct phys *phys;
    char name[8];
    uint16_t cmd_base, ctl_port;
    struct ide_drive drive[2];
    struct timer timer;
    /* state */
    uint8_t cur;                 /* selected device (DEV bit) */
    uint8_t devctl;              /* device control: nIEN, SRST, HOB */
    uint8_t active;              /* the device the timer works for */
    uint8_t action;              /* what the timer does (enum in ide_internal.h) */
    uint8_t irq_level;
    uint8_t bm_cmd, bm_status;   /* bus master command and status */
    uint32_t bm_prd;             /* PRD table address */
    uint8_t dma_waiting;         /* a DMA command waits for the bus master to start */
};

/* index 0: primary (1F0h, 3F6h), 1: secondary (170h, 376h); the name is "ide0" or "ide1". */
struct ide_channel *ide_create(const struct board_services *bs, unsigned index, struct irq_line irq, char *err,
                               size_t errlen);
/* Attaches an ATA disk (the channel then owns blk). Fails with a message when the size is impossible. */
int ide_attach_disk(struct ide_channel *ch, unsigned unit, struct block *blk, char *err, size_t errlen);
/* Attaches an ATAPI CD-ROM drive, with a disc (owned from then on) or empty (blk NULL). */
int ide_attach_cdrom(struct ide_channel *ch, unsigned unit, struct block *blk, char *err, size_t errlen);
/* Changes the disc in a CD-ROM drive (blk NULL: eject); the guest sees a media change. */
int ide_cdrom_change(struct ide_channel *ch, unsigned unit, struct block *blk, char *err, size_t errlen);

/* The PIIX3 bus-master registers of this channel: offset 0 command, 2 status, 4-7 PRD table address. */
uint32_t ide_bm_read(struct ide_channel *ch, unsigned offset, unsigned size);
void ide_bm_write(struct ide_channel *ch, unsigned offset, uint32_t value, unsigned size);

#endif
