/* An IDE channel with ATA disks and ATAPI CD-ROMs (see ide.h).
 *
 * The protocol, as a drive shows it: writing the command register sets BSY; a timer on the virtual clock then
 * executes the command. A PIO data-in command raises DRQ and INTRQ for each block and drops DRQ (setting BSY
 * again for the next block) when the host has read it; a data-out command asks for its first block without an
 * interrupt and interrupts after each block is written; a non-data command ends with an interrupt. A DMA command
 * moves all its data at once through the bus master when both the command and the bus master have started, then
 * interrupts. Reading the status register acknowledges the interrupt; the alternate status does not.
 *
 * Task-file writes go to both devices, reads come from the selected one; an absent device 1 reads status 0, and
 * a channel with no device at all floats (FFh). */
#include "devices/ide_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem/endian.h"

struct ide_drive *ide_selected(struct ide_channel *ch)
{
    return &ch->drive[ch->cur];
}

static int channel_empty(const struct ide_channel *ch)
{
    return ch->drive[0].kind == IDE_NONE && ch->drive[1].kind == IDE_NONE;
}

/* ---- interrupt, timer, completion ---- */

void ide_update_irq(struct ide_channel *ch)
{
    const struct ide_drive *d = ide_selected(ch);
    uint8_t level = d->kind != IDE_NONE && d->irq_pending && !(ch->devctl & CTL_NIEN);
    if (level == ch->irq_level)
        return;
    ch->irq_level = level;
    if (level)
        ch->bm_status |= BM_INTERRUPT;   /* the bus master sees the drive's interrupt */
    irq_set(&ch->irq, level);
}

void ide_raise_irq(struct ide_channel *ch, struct ide_drive *d)
{
    d->irq_pending = 1;
    ide_update_irq(ch);
}

void ide_schedule(struct ide_channel *ch, struct ide_drive *d, uint8_t action, uint64_t ns)
{
    ch->active = (uint8_t)(d - ch->drive);
    ch->action = action;
    timer_arm_ns(&ch->timer, clock_ns(ch->clock) + ns);
}

void ide_finish_ok(struct ide_channel *ch, struct ide_drive *d)
{
    d->xfer = XFER_NONE;
    d->status = ST_READY;
    ide_raise_irq(ch, d);
}

void ide_finish_error(struct ide_channel *ch, struct ide_drive *d, uint8_t error)
{
    d->xfer = XFER_NONE;
    d->data_pos = d->data_end = 0;
    d->error = error;
    d->status = ST_READY | ST_ERR;  /* 51h, as real drives report an error */
    ide_raise_irq(ch, d);
}

void ide_set_signature(struct ide_drive *d)
{
    d->nsector = d->sector = 1;
    d->lcyl = d->kind == IDE_CDROM ? 0x14 : 0x00;
    d->hcyl = d->kind == IDE_CDROM ? 0xeb : 0x00;
    d->hob_feature = d->hob_nsector = d->hob_sector = d->hob_lcyl = d->hob_hcyl = 0;
}

/* ---- addresses ---- */
/* Puts a sector address back in the task file, in the form the command used. */
void ide_set_address(struct ide_drive *d, uint64_t lba)
{
    if (d->addr_mode == ADDR_CHS) {
        uint64_t track = lba / d->cur_spt;
        unsigned c = (unsigned)(track / d->cur_heads);
        d->sector = (uint8_t)(lba % d->cur_spt + 1);
        d->lcyl = (uint8_t)c;
        d->hcyl = (uint8_t)(c >> 8);
        d->select = (uint8_t)((d->select & 0xf0) | (track % d->cur_heads));
        return;
    }
    d->sector = (uint8_t)lba;
    d->lcyl = (uint8_t)(lba >> 8);
    d->hcyl = (uint8_t)(lba >> 16);
    if (d->addr_mode == ADDR_LBA28) {
        d->select = (uint8_t)((d->select & 0xf0) | ((lba >> 24) & 0x0f));
        return;
    }
    d->hob_sector = (uint8_t)(lba >> 24);
    d->hob_lcyl = (uint8_t)(lba >> 32);
    d->hob_hcyl = (uint8_t)(lba >> 40);
}

void ide_set_count(struct ide_drive *d, uint32_t n)
{
    d->nsector = (uint8_t)n;
    if (d->addr_mode == ADDR_LBA48)
        d->hob_nsector = (uint8_t)(n >> 8);
}

/* ---- ATA PIO transfers ---- */

void ide_start_data_in(struct ide_channel *ch, struct ide_drive *d, uint8_t xfer, uint32_t bytes)
{
    d->xfer = xfer;
    d->data_pos = 0;
    d->data_end = bytes;
    d->status = ST_READY | ST_DRQ;
    ide_raise_irq(ch, d);
}

void ide_read_block(struct ide_channel *ch, struct ide_drive *d)
{
    uint32_t n = d->remaining < d->block_size ? d->remaining : d->block_size;
    if (block_read(d->blk, d->lba * BLOCK_SECTOR, d->buf, (size_t)n * BLOCK_SECTOR) < 0) {
        ide_set_address(d, d->lba);
        ide_set_count(d, d->remaining);
        ide_finish_error(ch, d, ER_UNC);
        return;
    }
    d->chunk = n;
    ide_start_data_in(ch, d, XFER_ATA_READ, n * BLOCK_SECTOR);
}

/* The drive asks for the next block to write (the first without an interrupt). */
void ide_request_write_block(struct ide_channel *ch, struct ide_drive *d, int interrupt)
{
    d->chunk = d->remaining < d->block_size ? d->remaining : d->block_size;
    d->xfer = XFER_ATA_WRITE;
    d->data_pos = 0;
    d->data_end = d->chunk * BLOCK_SECTOR;
    d->status = ST_READY | ST_DRQ;
    if (interrupt)
        ide_raise_irq(ch, d);
}

/* `done` sectors of the command went through; the task file follows (last sector done, count left). */
void ide_advance(struct ide_drive *d, uint32_t done)
{
    d->lba += done;
    d->remaining -= done;
    ide_set_address(d, d->lba - 1);
    ide_set_count(d, d->remaining);
}

static void write_block(struct ide_channel *ch, struct ide_drive *d)
{
    if (block_write(d->blk, d->lba * BLOCK_SECTOR, d->buf, (size_t)d->chunk * BLOCK_SECTOR) < 0) {
        ide_set_address(d, d->lba);
        ide_set_count(d, d->remaining);
        ide_finish_error(ch, d, ER_ABRT);
        return;
    }
    ide_advance(d, d->chunk);
    if (d->remaining)
        ide_request_write_block(ch, d, 1);
    else
        ide_finish_ok(ch, d);
}

static void channel_timer(void *opaque)
{
    struct ide_channel *ch = opaque;
    struct ide_drive *d = &ch->drive[ch->active];
    uint8_t action = ch->action;
    ch->action = ACT_NONE;
    switch (action) {
    case ACT_EXECUTE:
        if (d->kind == IDE_CDROM)
            ide_execute_packet_device(ch, d);
        else
            ide_execute_disk(ch, d);
        break;
    case ACT_READ_BLOCK: ide_read_block(ch, d); break;
    case ACT_WRITE_BLOCK: write_block(ch, d); break;
    case ACT_PACKET: ide_run_packet(ch, d); break;
    case ACT_ATAPI_CHUNK: ide_atapi_next_chunk(ch, d); break;
    case ACT_DMA: ide_dma_run(ch, d); break;
    case ACT_RESET_DONE:
        ide_diagnose(ch);
        ide_update_irq(ch);
        break;
    }
}

/* ---- registers ---- */

static void write_command(struct ide_channel *ch, uint8_t v)
{
    struct ide_drive *d = ide_selected(ch);
    if (d->kind == IDE_NONE)
        return;
    if (v == CMD_DEVICE_RESET && d->kind == IDE_CDROM) {
        if (ch->active == ch->cur)
            timer_cancel(&ch->timer);    /* taken even while busy: whatever the drive was doing stops */
    } else if (d->status & ST_BSY) {
        return;
    }
    d->irq_pending = 0;
    ide_update_irq(ch);
    d->command = v;
    d->xfer = XFER_NONE;
    d->data_pos = d->data_end = 0;
    d->dma = 0;
    ch->dma_waiting = 0;
    d->error = 0;
    d->status = (uint8_t)(ST_BSY | (d->status & (ST_DRDY | ST_DSC)));
    if (v == CMD_DIAGNOSTIC && ch->drive[ch->cur ^ 1].kind != IDE_NONE)
        ch->drive[ch->cur ^ 1].status = ST_BSY;
    ide_schedule(ch, d, ACT_EXECUTE, v == CMD_PACKET ? IDE_PACKET_DRQ_NS : IDE_COMMAND_NS);
}

/* The host has moved the whole DRQ block. */
static void data_block_done(struct ide_channel *ch, struct ide_drive *d)
{
    switch (d->xfer) {
    case XFER_PIO_IN:
        d->xfer = XFER_NONE;
        d->status = ST_READY;
        break;
    case XFER_ATA_READ:
        ide_advance(d, d->chunk);
        if (d->remaining) {
            d->status = ST_BSY | ST_READY;
            ide_schedule(ch, d, ACT_READ_BLOCK, IDE_BLOCK_NS);
        } else {
            d->xfer = XFER_NONE;
            d->status = ST_READY;     /* no interrupt after the last block of a read */
        }
        break;
    case XFER_ATA_WRITE:
        /* With the write cache on (the default) the block goes into the cache at once, as in QEMU and Bochs: the
         * Bochs BIOS reads the status right after the last word and takes BSY for an error. */
        if (d->write_cache) {
            write_block(ch, d);
            break;
        }
        d->status = ST_BSY | ST_READY;
        ide_schedule(ch, d, ACT_WRITE_BLOCK, IDE_BLOCK_NS);
        break;
    case XFER_PACKET:
        d->status = ST_BSY | ST_READY;
        ide_schedule(ch, d, ACT_PACKET, IDE_PACKET_NS);
        break;
    case XFER_ATAPI_IN:
        d->remaining -= d->chunk;
        if (d->remaining) {
            d->status = ST_BSY | ST_READY;
            ide_schedule(ch, d, ACT_ATAPI_CHUNK, IDE_BLOCK_NS);
        } else {
            ide_atapi_done(ch, d);
        }
        break;
    }
}

static int data_out_phase(const struct ide_drive *d)
{
    return d->xfer == XFER_ATA_WRITE || d->xfer == XFER_PACKET;
}

static int pio_ready(const struct ide_drive *d)
{
    return d->kind != IDE_NONE && (d->status & ST_DRQ) && !(d->status & ST_BSY) &&
           (!d->dma || d->xfer == XFER_PACKET) && d->data_pos < d->data_end;   /* a packet is always PIO */
}

static uint32_t data_read(struct ide_channel *ch, unsigned size)
{
    struct ide_drive *d = ide_selected(ch);
    if (!pio_ready(d) || data_out_phase(d))
        return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
    unsigned n = d->data_end - d->data_pos < size ? d->data_end - d->data_pos : size;
    uint32_t v = n == 4 ? ld32(d->buf + d->data_pos) : n == 2 ? ld16(d->buf + d->data_pos) : 0;
    if (n != 2 && n != 4)
        for (unsigned k = 0; k < n; k++)
            v |= (uint32_t)d->buf[d->data_pos + k] << (8 * k);
    d->data_pos += n;
    if (d->data_pos >= d->data_end)
        data_block_done(ch, d);
    return v;
}

static void data_write(struct ide_channel *ch, uint32_t v, unsigned size)
{
    struct ide_drive *d = ide_selected(ch);
    if (!pio_ready(d) || !data_out_phase(d))
        return;
    unsigned n = d->data_end - d->data_pos < size ? d->data_end - d->data_pos : size;
    if (n == 4)
        st32(d->buf + d->data_pos, v);
    else if (n == 2)
        st16(d->buf + d->data_pos, (uint16_t)v);
    else
        for (unsigned k = 0; k < n; k++)
            d->buf[d->data_pos + k] = (uint8_t)(v >> (8 * k));
    d->data_pos += n;
    if (d->data_pos >= d->data_end)
        data_block_done(ch, d);
}

/* LBA48: each register keeps its previous value as the "high order byte" read back with HOB. */
static void write_taskfile(struct ide_drive *d, unsigned reg, uint8_t v)
{
    switch (reg) {
    case 1: d->hob_feature = d->feature; d->feature = v; break;
    case 2: d->hob_nsector = d->nsector; d->nsector = v; break;
    case 3: d->hob_sector = d->sector; d->sector = v; break;
    case 4: d->hob_lcyl = d->lcyl; d->lcyl = v; break;
    case 5: d->hob_hcyl = d->hcyl; d->hcyl = v; break;
    case 6: d->select = v; break;
    }
}

static uint8_t read_taskfile(const struct ide_drive *d, unsigned reg, int hob)
{
    switch (reg) {
    case 1: return d->error;
    case 2: return hob ? d->hob_nsector : d->nsector;
    case 3: return hob ? d->hob_sector : d->sector;
    case 4: return hob ? d->hob_lcyl : d->lcyl;
    case 5: return hob ? d->hob_hcyl : d->hcyl;
    default: return d->select;
    }
}

static uint32_t cmd_read(void *opaque, uint16_t port, unsigned size)
{
    struct ide_channel *ch = opaque;
    unsigned reg = (unsigned)(port - ch->cmd_base);
    if (reg == 0)
        return channel_empty(ch) ? (size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1) : data_read(ch, size);
    if (channel_empty(ch))
        return 0xff;
    struct ide_drive *d = ide_selected(ch);
    if (reg == 7) {
        if (d->kind == IDE_NONE)
            return 0;
        d->irq_pending = 0;
        ide_update_irq(ch);
        return d->status;
    }
    if (d->kind == IDE_NONE)
        return reg == 1 ? 0 : read_taskfile(d, reg, ch->devctl & CTL_HOB);
    if (d->status & ST_BSY)
        return d->status;        /* a busy drive shows its status in every register */
    return read_taskfile(d, reg, ch->devctl & CTL_HOB);
}

static void cmd_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct ide_channel *ch = opaque;
    unsigned reg = (unsigned)(port - ch->cmd_base);
    if (reg == 0) {
        data_write(ch, value, size);
        return;
    }
    if (reg == 7) {
        write_command(ch, (uint8_t)value);
        return;
    }
    const struct ide_drive *d = ide_selected(ch);
    if (d->kind != IDE_NONE && (d->status & ST_BSY))
        return;
    ch->devctl &= (uint8_t)~CTL_HOB;
    for (unsigned k = 0; k < 2; k++)
        write_taskfile(&ch->drive[k], reg, (uint8_t)value);
    if (reg == 6) {
        ch->cur = (value & SEL_DEV) ? 1 : 0;
        ide_update_irq(ch);
    }
}

static void start_soft_reset(struct ide_channel *ch)
{
    timer_cancel(&ch->timer);
    ch->action = ACT_NONE;
    ch->dma_waiting = 0;
    for (unsigned k = 0; k < 2; k++) {
        struct ide_drive *d = &ch->drive[k];
        d->irq_pending = 0;
        d->xfer = XFER_NONE;
        d->dma = 0;
        d->data_pos = d->data_end = 0;
        if (d->kind != IDE_NONE)
            d->status = ST_BSY;
    }
}

static void ctl_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    (void)port;
    (void)size;
    struct ide_channel *ch = opaque;
    uint8_t old = ch->devctl, v = (uint8_t)value;
    ch->devctl = v;
    if ((v & CTL_SRST) && !(old & CTL_SRST)) {
        start_soft_reset(ch);
    } else if (!(v & CTL_SRST) && (old & CTL_SRST)) {
        ch->active = 0;
        ch->action = ACT_RESET_DONE;
        timer_arm_ns(&ch->timer, clock_ns(ch->clock) + IDE_RESET_NS);
    }
    ide_update_irq(ch);
}

static uint32_t ctl_read(void *opaque, uint16_t port, unsigned size)
{
    (void)port;
    (void)size;
    struct ide_channel *ch = opaque;
    if (channel_empty(ch))
        return 0xff;
    const struct ide_drive *d = ide_selected(ch);
    return d->kind == IDE_NONE ? 0 : d->status;
}

/* ---- attaching devices ---- */

static void default_geometry(struct ide_drive *d)
{
    uint64_t s = d->sectors;
    d->spt = (uint16_t)(s < 63 ? s : 63);
    d->heads = (uint16_t)(s / d->spt < 16 ? s / d->spt : 16);
    uint64_t cyls = s / ((uint64_t)d->heads * d->spt);
    d->cyls = (uint16_t)(cyls > 16383 ? 16383 : cyls);
    d->cur_cyls = d->cyls;
    d->cur_heads = d->heads;
    d->cur_spt = d->spt;
}

static int attach_check(struct ide_channel *ch, unsigned unit, char *err, size_t errlen)
{
    if (unit > 1 || ch->drive[unit].kind != IDE_NONE) {
        snprintf(err, errlen, "%s: unit %u is %s", ch->name, unit, unit > 1 ? "not master or slave" : "taken");
        return -1;
    }
    return 0;
}

static void drive_power_on(struct ide_channel *ch, unsigned unit)
{
    struct ide_drive *d = &ch->drive[unit];
    d->feature = d->select = 0;
    ide_set_signature(d);
    d->error = 0x01;
    d->status = d->kind == IDE_NONE ? 0 : ST_READY;
    d->irq_pending = 0;
    d->mult_sectors = 0;
    d->write_cache = d->lookahead = 1;
    d->xfer_mode = 0x22;
    d->standby = 0;
    d->xfer = XFER_NONE;
    d->dma = 0;
    d->data_pos = d->data_end = d->buf_valid = 0;
    d->cur_cyls = d->cyls;
    d->cur_heads = d->heads;
    d->cur_spt = d->spt;
    if (d->kind == IDE_CDROM)
        atapi_reset(&d->atapi);
}

int ide_attach_disk(struct ide_channel *ch, unsigned unit, struct block *blk, char *err, size_t errlen)
{
    if (attach_check(ch, unit, err, errlen) < 0)
        return -1;
    uint64_t sectors = block_size(blk) / BLOCK_SECTOR;
    if (sectors == 0 || sectors > (1ull << 48)) {
        snprintf(err, errlen, "%s: a disk of %llu sectors cannot be addressed by ATA", ch->name,
                 (unsigned long long)sectors);
        return -1;
    }
    struct ide_drive *d = &ch->drive[unit];
    d->kind = IDE_DISK;
    d->blk = blk;
    d->sectors = sectors;
    default_geometry(d);
    drive_power_on(ch, unit);
    return 0;
}

int ide_attach_cdrom(struct ide_channel *ch, unsigned unit, struct block *blk, char *err, size_t errlen)
{
    if (attach_check(ch, unit, err, errlen) < 0)
        return -1;
    struct ide_drive *d = &ch->drive[unit];
    atapi_init(&d->atapi);
    if (blk && atapi_insert(&d->atapi, blk, err, errlen) < 0)
        return -1;
    d->atapi.unit_attention = 0;     /* a disc there from power-on is no change */
    d->atapi.media_event = 0;
    d->kind = IDE_CDROM;
    drive_power_on(ch, unit);
    return 0;
}

int ide_cdrom_change(struct ide_channel *ch, unsigned unit, struct block *blk, char *err, size_t errlen)
{
    if (unit > 1 || ch->drive[unit].kind != IDE_CDROM) {
        snprintf(err, errlen, "%s: unit %u is no CD-ROM drive", ch->name, unit);
        return -1;
    }
    struct atapi *a = &ch->drive[unit].atapi;
    if (!blk) {
        atapi_eject(a);
        return 0;
    }
    return atapi_insert(a, blk, err, errlen);
}

/* ---- device ---- */

static void ide_reset(void *opaque)
{
    struct ide_channel *ch = opaque;
    timer_cancel(&ch->timer);
    ch->cur = ch->devctl = ch->active = 0;
    ch->action = ACT_NONE;
    ch->bm_cmd = ch->bm_status = 0;
    ch->bm_prd = 0;
    ch->dma_waiting = 0;
    for (unsigned k = 0; k < 2; k++)
        drive_power_on(ch, k);
    ide_update_irq(ch);
}

static int ide_post_load(void *opaque)
{
    struct ide_channel *ch = opaque;
    if (ch->cur > 1 || ch->active > 1 || ch->action > ACT_RESET_DONE)
        return -1;
    for (unsigned k = 0; k < 2; k++) {
        const struct ide_drive *d = &ch->drive[k];
        if (d->xfer > XFER_ATAPI_IN || d->data_end > IDE_BUF_SIZE || d->data_pos > d->data_end ||
            d->buf_valid > IDE_BUF_SIZE || (d->xfer == XFER_ATAPI_IN && d->data_end > d->buf_valid) ||
            d->addr_mode > ADDR_LBA48 || d->mult_sectors > IDE_MAX_MULTIPLE || d->block_size > 65536 ||
            (d->kind == IDE_DISK && (d->cur_heads == 0 || d->cur_spt == 0)))
            return -1;
    }
    const struct ide_drive *d = ide_selected(ch);
    ch->irq_level = d->kind != IDE_NONE && d->irq_pending && !(ch->devctl & CTL_NIEN);
    irq_set(&ch->irq, ch->irq_level);
    return 0;
}

static void ide_destroy(void *opaque)
{
    struct ide_channel *ch = opaque;
    timer_cancel(&ch->timer);
    for (unsigned k = 0; k < 2; k++) {
        block_close(ch->drive[k].blk);
        atapi_eject(&ch->drive[k].atapi);
    }
    free(ch);
}

#define DRIVE_FIELDS(n) \
    STATE_FIELD(struct ide_channel, drive[n].feature), STATE_FIELD(struct ide_channel, drive[n].nsector), \
    STATE_FIELD(struct ide_channel, drive[n].sector), STATE_FIELD(struct ide_channel, drive[n].lcyl), \
    STATE_FIELD(struct ide_channel, drive[n].hcyl), STATE_FIELD(struct ide_channel, drive[n].select), \
    STATE_FIELD(struct ide_channel, drive[n].hob_feature), STATE_FIELD(struct ide_channel, drive[n].hob_nsector), \
    STATE_FIELD(struct ide_channel, drive[n].hob_sector), STATE_FIELD(struct ide_channel, drive[n].hob_lcyl), \
    STATE_FIELD(struct ide_channel, drive[n].hob_hcyl), STATE_FIELD(struct ide_channel, drive[n].status), \
    STATE_FIELD(struct ide_channel, drive[n].error), STATE_FIELD(struct ide_channel, drive[n].irq_pending), \
    STATE_FIELD(struct ide_channel, drive[n].cur_cyls), STATE_FIELD(struct ide_channel, drive[n].cur_heads), \
    STATE_FIELD(struct ide_channel, drive[n].cur_spt), STATE_FIELD(struct ide_channel, drive[n].mult_sectors), \
    STATE_FIELD(struct ide_channel, drive[n].write_cache), STATE_FIELD(struct ide_channel, drive[n].lookahead), \
    STATE_FIELD(struct ide_channel, drive[n].xfer_mode), STATE_FIELD(struct ide_channel, drive[n].standby), \
    STATE_FIELD(struct ide_channel, drive[n].command), STATE_FIELD(struct ide_channel, drive[n].addr_mode), \
    STATE_FIELD(struct ide_channel, drive[n].xfer), STATE_FIELD(struct ide_channel, drive[n].dma), \
    STATE_FIELD(struct ide_channel, drive[n].lba), STATE_FIELD(struct ide_channel, drive[n].remaining), \
    STATE_FIELD(struct ide_channel, drive[n].block_size), STATE_FIELD(struct ide_channel, drive[n].chunk), \
    STATE_FIELD(struct ide_channel, drive[n].data_pos), STATE_FIELD(struct ide_channel, drive[n].data_end), \
    STATE_FIELD(struct ide_channel, drive[n].buf_valid), STATE_FIELD(struct ide_channel, drive[n].from_disc), \
    STATE_FIELD(struct ide_channel, drive[n].disc_left), STATE_FIELD(struct ide_channel, drive[n].byte_limit), \
    STATE_FIELD(struct ide_channel, drive[n].atapi.sense_key), STATE_FIELD(struct ide_channel, drive[n].atapi.asc), \
    STATE_FIELD(struct ide_channel, drive[n].atapi.ascq), \
    STATE_FIELD(struct ide_channel, drive[n].atapi.unit_attention), \
    STATE_FIELD(struct ide_channel, drive[n].atapi.locked), STATE_FIELD(struct ide_channel, drive[n].atapi.tray_open), \
    STATE_FIELD(struct ide_channel, drive[n].atapi.media_event), STATE_ARRAY(struct ide_channel, drive[n].buf)

static const struct state_field ide_fields[] = {
    DRIVE_FIELDS(0), DRIVE_FIELDS(1),
    STATE_TIMER(struct ide_channel, timer),
    STATE_FIELD(struct ide_channel, cur), STATE_FIELD(struct ide_channel, devctl),
    STATE_FIELD(struct ide_channel, active), STATE_FIELD(struct ide_channel, action),
    STATE_FIELD(struct ide_channel, irq_level), STATE_FIELD(struct ide_channel, bm_cmd),
    STATE_FIELD(struct ide_channel, bm_status), STATE_FIELD(struct ide_channel, bm_prd),
    STATE_FIELD(struct ide_channel, dma_waiting),
    STATE_END,
};

static const struct device_type ide_type = {
    .name = "ide",
    .version = 1,
    .fields = ide_fields,
    .reset = ide_reset,
    .post_load = ide_post_load,
    .destroy = ide_destroy,
};

struct ide_channel *ide_create(const struct board_services *bs, unsigned index, struct irq_line irq, char *err,
                               size_t errlen)
{
    static const uint16_t cmd_bases[2] = { 0x1f0, 0x170 }, ctl_ports[2] = { 0x3f6, 0x376 };
    if (index > 1) {
        snprintf(err, errlen, "ide: there is no channel %u", index);
        return NULL;
    }
    struct ide_channel *ch = calloc(1, sizeof *ch);
    if (!ch) {
        snprintf(err, errlen, "ide%u: out of memory", index);
        return NULL;
    }
    snprintf(ch->name, sizeof ch->name, "ide%u", index);
    ch->irq = irq;
    ch->clock = bs->clock;
    ch->phys = bs->phys;
    ch->cmd_base = cmd_bases[index];
    ch->ctl_port = ctl_ports[index];
    for (unsigned k = 0; k < 2; k++)
        snprintf(ch->drive[k].serial, sizeof ch->drive[k].serial, "X86PC%04u", index * 2 + k + 1);
    timer_init(&ch->timer, bs->clock, channel_timer, ch, ch->name);
    int data = ports_register(bs->ports, ch->cmd_base, 1, cmd_read, cmd_write, ch, ch->name, PORT_WIDE);
    int regs = data < 0 ? -1 : ports_register(bs->ports, ch->cmd_base + 1, 7, cmd_read, cmd_write, ch, ch->name, 0);
    int ctl = regs < 0 ? -1 : ports_register(bs->ports, ch->ctl_port, 1, ctl_read, ctl_write, ch, ch->name, 0);
    if (ctl < 0 || device_register(bs->devices, &ide_type, ch, ch->name) < 0) {
        snprintf(err, errlen, ctl < 0 ? "%s: cannot claim its ports" : "%s: the device list is full", ch->name);
        if (data == 0)
            ports_unregister(bs->ports, ch->cmd_base, 1);
        if (regs == 0)
            ports_unregister(bs->ports, ch->cmd_base + 1, 7);
        if (ctl == 0)
            ports_unregister(bs->ports, ch->ctl_port, 1);
        free(ch);
        return NULL;
    }
    ide_reset(ch);
    return ch;
}
