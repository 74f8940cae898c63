/* The PIIX3 bus master of one IDE channel (see ide.h): its command, status and PRD table registers, and the DMA
 * that moves a command's whole data phase between the drive and the memory the PRD table describes. */
#include "devices/ide_internal.h"

#include "mem/endian.h"

enum { PRD_MAX_ENTRIES = 8192 };  /* a 64 KiB table */

struct prd_cursor {
    uint32_t table, addr, left, entries;
    uint8_t last;
};

/* Copies between buf and the memory the PRD table describes; returns the bytes moved (fewer when the table
 * ends first). */
static size_t prd_copy(struct ide_channel *ch, struct prd_cursor *c, uint8_t *buf, size_t len, int to_memory)
{
    size_t done = 0;
    while (done < len) {
        if (c->left == 0) {
            if (c->last || c->entries >= PRD_MAX_ENTRIES)
                break;
            uint8_t e[8];
            phys_read_block(ch->phys, c->table, e, 8);
            c->addr = ld32(e) & ~1u;
            c->left = ld16(e + 4) & 0xfffe;
            if (c->left == 0)
                c->left = 0x10000;
            c->last = (e[7] & 0x80) != 0;
            c->table += 8;
            c->entries++;
        }
        size_t n = len - done < c->left ? len - done : c->left;
        if (to_memory)
            phys_write_block(ch->phys, c->addr, buf + done, n);
        else
            phys_read_block(ch->phys, c->addr, buf + done, n);
        c->addr += (uint32_t)n;
        c->left -= (uint32_t)n;
        done += n;
    }
    return done;
}

static int prd_exhausted(const struct prd_cursor *c)
{
    return c->left == 0 && (c->last || c->entries >= PRD_MAX_ENTRIES);
}


/* Data for a DMA data-in phase, a bufferful at a time: returns the bytes in buf, 0 at the end, -1 on error. */
static long dma_fill(struct ide_drive *d)
{
    if (d->xfer == XFER_ATA_READ) {
        uint32_t n = d->remaining < IDE_BUF_SIZE / BLOCK_SECTOR ? d->remaining : IDE_BUF_SIZE / BLOCK_SECTOR;
        if (n && block_read(d->blk, d->lba * BLOCK_SECTOR, d->buf, (size_t)n * BLOCK_SECTOR) < 0)
            return -1;
        return (long)n * BLOCK_SECTOR;
    }
    if (!d->from_disc)
        return (long)d->remaining;   /* the reply is in buf already */
    uint32_t n = d->disc_left < IDE_BUF_SIZE / ATAPI_SECTOR ? d->disc_left : IDE_BUF_SIZE / ATAPI_SECTOR;
    if (n && atapi_read(&d->atapi, (uint32_t)d->lba, n, d->buf) < 0)
        return -1;
    d->lba += n;
    d->disc_left -= n;
    return (long)n * ATAPI_SECTOR;
}

static int dma_data_in(struct ide_channel *ch, struct ide_drive *d, struct prd_cursor *c)
{
    while (d->remaining) {
        long n = dma_fill(d);
        if (n < 0)
            return -1;
        size_t moved = prd_copy(ch, c, d->buf, (size_t)n, 1);
        if (d->xfer == XFER_ATA_READ)
            ide_advance(d, (uint32_t)(moved / BLOCK_SECTOR));
        else
            d->remaining -= (uint32_t)moved;
        if (moved < (size_t)n)
            return 0;            /* the PRD table ended first */
    }
    return 1;
}

static int dma_data_out(struct ide_channel *ch, struct ide_drive *d, struct prd_cursor *c)
{
    while (d->remaining) {
        uint32_t n = d->remaining < IDE_BUF_SIZE / BLOCK_SECTOR ? d->remaining : IDE_BUF_SIZE / BLOCK_SECTOR;
        uint32_t whole = (uint32_t)(prd_copy(ch, c, d->buf, (size_t)n * BLOCK_SECTOR, 0) / BLOCK_SECTOR);
        if (whole && block_write(d->blk, d->lba * BLOCK_SECTOR, d->buf, (size_t)whole * BLOCK_SECTOR) < 0)
            return -1;
        ide_advance(d, whole);
        if (whole < n)
            return 0;
    }
    return 1;
}

/* The whole data phase of the DMA command in progress. A PRD table too short leaves the drive waiting with DRQ
 * and the bus master stopped without an interrupt, as the PIIX does. */
void ide_dma_run(struct ide_channel *ch, struct ide_drive *d)
{
    struct prd_cursor c = { .table = ch->bm_prd };
    int r = d->xfer == XFER_ATA_WRITE ? dma_data_out(ch, d, &c) : dma_data_in(ch, d, &c);
    if (r == 0) {
        ch->bm_status &= (uint8_t)~BM_ACTIVE;
        d->status = ST_READY | ST_DRQ;
        return;
    }
    if (prd_exhausted(&c))
        ch->bm_status &= (uint8_t)~BM_ACTIVE;
    if (d->kind == IDE_CDROM) {
        if (r < 0)
            ide_atapi_fail(ch, d);
        else
            ide_atapi_done(ch, d);
        return;
    }
    if (r < 0) {
        ide_set_address(d, d->lba);
        ide_set_count(d, d->remaining);
        ide_finish_error(ch, d, d->xfer == XFER_ATA_WRITE ? ER_ABRT : ER_UNC);
        return;
    }
    ide_finish_ok(ch, d);
}

/* A DMA command is ready for its data: it runs now if the bus master was started, else when it is. */
void ide_start_dma(struct ide_channel *ch, struct ide_drive *d)
{
    d->dma = 1;
    d->status = ST_BSY | ST_READY;
    if (ch->bm_cmd & BM_START) {
        ide_dma_run(ch, d);
    } else {
        ch->dma_waiting = 1;
        ch->active = (uint8_t)(d - ch->drive);
    }
}

static uint8_t bm_read_byte(const struct ide_channel *ch, unsigned offset)
{
    switch (offset) {
    case 0: return ch->bm_cmd;
    case 2: return ch->bm_status;
    case 4: case 5: case 6: case 7: return (uint8_t)(ch->bm_prd >> (8 * (offset - 4)));
    default: return 0;
    }
}

static void bm_write_byte(struct ide_channel *ch, unsigned offset, uint8_t v)
{
    if (offset == 0) {
        uint8_t old = ch->bm_cmd;
        ch->bm_cmd = v & 0x09;
        if ((v & BM_START) && !(old & BM_START)) {
            ch->bm_status |= BM_ACTIVE;
            if (ch->dma_waiting) {
                ch->dma_waiting = 0;
                ide_schedule(ch, &ch->drive[ch->active], ACT_DMA, IDE_DMA_NS);
            }
        } else if (!(v & BM_START) && (old & BM_START)) {
            ch->bm_status &= (uint8_t)~BM_ACTIVE;
        }
    } else if (offset == 2) {
        /* Error and interrupt are cleared by writing 1; the two drive-capable bits are plain storage. */
        ch->bm_status = (uint8_t)((ch->bm_status & BM_ACTIVE) | (ch->bm_status & ~v & (BM_ERROR | BM_INTERRUPT)) |
                                  (v & BM_CAPABLE));
    } else if (offset >= 4 && offset < 8) {
        unsigned shift = 8 * (offset - 4);
        ch->bm_prd = (ch->bm_prd & ~(0xffu << shift)) | (uint32_t)v << shift;
        ch->bm_prd &= ~3u;
    }
}

uint32_t ide_bm_read(struct ide_channel *ch, unsigned offset, unsigned size)
{
    uint32_t v = 0;
    for (unsigned k = 0; k < size && offset + k < 8; k++)
        v |= (uint32_t)bm_read_byte(ch, offset + k) << (8 * k);
    return v;
}

void ide_bm_write(struct ide_channel *ch, unsigned offset, uint32_t value, unsigned size)
{
    for (unsigned k = 0; k < size && offset + k < 8; k++)
        bm_write_byte(ch, offset + k, (uint8_t)(value >> (8 * k)));
}
