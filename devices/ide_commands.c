/* The commands of an IDE device (see ide.h): the ATA command set of a disk, the few ATA commands a packet
 * device takes, and the ATAPI side of the PACKET command (the packet itself is atapi.c's). */
#include "devices/ide_internal.h"

#include <string.h>

#include "devices/ide_identify.h"

/* ---- addresses ---- */

/* The command's first sector from the task file; -1 for a CHS address outside the current geometry. */
static int64_t command_lba(struct ide_drive *d, int lba48)
{
    if (lba48) {
        d->addr_mode = ADDR_LBA48;
        return (int64_t)((uint64_t)d->hob_hcyl << 40 | (uint64_t)d->hob_lcyl << 32 |
                         (uint64_t)d->hob_sector << 24 | (uint64_t)d->hcyl << 16 | d->lcyl << 8 | d->sector);
    }
    if (d->select & SEL_LBA) {
        d->addr_mode = ADDR_LBA28;
        return (int64_t)((uint32_t)(d->select & 0x0f) << 24 | (uint32_t)d->hcyl << 16 | d->lcyl << 8 | d->sector);
    }
    d->addr_mode = ADDR_CHS;
    unsigned c = (unsigned)(d->hcyl << 8 | d->lcyl), h = d->select & 0x0f, s = d->sector;
    if (s == 0 || s > d->cur_spt || h >= d->cur_heads || c >= d->cur_cyls)
        return -1;
    return (int64_t)(((uint64_t)c * d->cur_heads + h) * d->cur_spt + s - 1);
}

static uint32_t command_count(const struct ide_drive *d, int lba48)
{
    uint32_t n = lba48 ? (uint32_t)(d->hob_nsector << 8 | d->nsector) : d->nsector;
    return n ? n : lba48 ? 65536 : 256;
}

/* ---- ATAPI protocol ---- */

void ide_atapi_done(struct ide_channel *ch, struct ide_drive *d)
{
    d->nsector = IREASON_IO | IREASON_COD;
    ide_finish_ok(ch, d);
}

/* CHECK CONDITION: the sense key in the error register's high nibble. */
void ide_atapi_fail(struct ide_channel *ch, struct ide_drive *d)
{
    d->nsector = IREASON_IO | IREASON_COD;
    ide_finish_error(ch, d, (uint8_t)(d->atapi.sense_key << 4));
}

/* The next PIO chunk of a data-in packet command: at most the host's byte count limit (whole sectors when
 * that allows), its length in the cylinder registers, interrupt reason "data to the host". */
void ide_atapi_next_chunk(struct ide_channel *ch, struct ide_drive *d)
{
    uint32_t limit = d->byte_limit ? d->byte_limit & ~1u : 0xfffe;
    if (limit == 0)
        limit = 2;
    uint32_t chunk = d->remaining < limit ? d->remaining : limit;
    if (d->from_disc && chunk < d->remaining && chunk >= ATAPI_SECTOR)
        chunk -= chunk % ATAPI_SECTOR;
    if (d->from_disc) {
        uint32_t ahead = d->buf_valid - d->data_end;   /* read ahead with the last chunk, not yet taken */
        memmove(d->buf, d->buf + d->data_end, ahead);
        d->buf_valid = ahead;
        while (d->buf_valid < chunk) {
            uint32_t n = (IDE_BUF_SIZE - d->buf_valid) / ATAPI_SECTOR;
            if (n > d->disc_left)
                n = d->disc_left;
            if (atapi_read(&d->atapi, (uint32_t)d->lba, n, d->buf + d->buf_valid) < 0) {
                ide_atapi_fail(ch, d);
                return;
            }
            d->lba += n;
            d->disc_left -= n;
            d->buf_valid += n * ATAPI_SECTOR;
        }
        d->data_pos = 0;
        d->data_end = chunk;
    } else {
        d->data_pos = d->data_end;
        d->data_end += chunk;
    }
    d->chunk = chunk;
    d->lcyl = (uint8_t)chunk;
    d->hcyl = (uint8_t)(chunk >> 8);
    d->nsector = IREASON_IO;
    d->xfer = XFER_ATAPI_IN;
    d->status = ST_READY | ST_DRQ;
    ide_raise_irq(ch, d);
}

static void start_packet(struct ide_channel *ch, struct ide_drive *d)
{
    if (d->feature & 0x02) {     /* overlapped commands are not supported */
        ide_finish_error(ch, d, ER_ABRT);
        return;
    }
    d->dma = d->feature & 1;
    d->byte_limit = (uint16_t)(d->hcyl << 8 | d->lcyl);
    d->xfer = XFER_PACKET;
    d->data_pos = 0;
    d->data_end = ATAPI_PACKET;
    d->nsector = IREASON_COD;
    d->status = ST_READY | ST_DRQ;   /* no interrupt: DRQ comes within 50 us (IDENTIFY word 0) */
}

void ide_run_packet(struct ide_channel *ch, struct ide_drive *d)
{
    uint8_t packet[ATAPI_PACKET];
    struct atapi_reply r;
    memcpy(packet, d->buf, sizeof packet);
    if (atapi_command(&d->atapi, packet, d->buf, &r) < 0) {
        ide_atapi_fail(ch, d);
        return;
    }
    if (r.len == 0) {
        ide_atapi_done(ch, d);
        return;
    }
    d->xfer = XFER_ATAPI_IN;
    d->remaining = r.len;
    d->from_disc = (uint8_t)r.from_disc;
    d->lba = r.lba;
    d->disc_left = r.count;
    d->buf_valid = r.from_disc ? 0 : r.len;
    d->data_pos = d->data_end = 0;
    if (d->dma)
        ide_start_dma(ch, d);
    else
        ide_atapi_next_chunk(ch, d);
}

/* ---- commands ---- */

static void read_write(struct ide_channel *ch, struct ide_drive *d, int lba48, uint32_t block, int write, int dma)
{
    int64_t lba = command_lba(d, lba48);
    uint32_t count = command_count(d, lba48);
    if (lba < 0 || (uint64_t)lba >= d->sectors || count > d->sectors - (uint64_t)lba) {
        ide_finish_error(ch, d, ER_IDNF);
        return;
    }
    d->lba = (uint64_t)lba;
    d->remaining = count;
    d->block_size = block;
    d->standby = 0;
    if (dma) {
        d->xfer = write ? XFER_ATA_WRITE : XFER_ATA_READ;
        ide_start_dma(ch, d);
    } else if (write) {
        ide_request_write_block(ch, d, 0);
    } else {
        ide_read_block(ch, d);
    }
}

static void read_multiple(struct ide_channel *ch, struct ide_drive *d, int lba48, int write)
{
    if (!d->mult_sectors)
        ide_finish_error(ch, d, ER_ABRT);
    else
        read_write(ch, d, lba48, d->mult_sectors, write, 0);
}

static void verify(struct ide_channel *ch, struct ide_drive *d, int lba48)
{
    int64_t lba = command_lba(d, lba48);
    uint32_t count = command_count(d, lba48);
    if (lba < 0 || (uint64_t)lba >= d->sectors || count > d->sectors - (uint64_t)lba) {
        ide_finish_error(ch, d, ER_IDNF);
        return;
    }
    d->lba = (uint64_t)lba;
    d->remaining = count;
    ide_advance(d, count);
    ide_finish_ok(ch, d);
}

static void seek(struct ide_channel *ch, struct ide_drive *d)
{
    int64_t lba = command_lba(d, 0);
    if (lba < 0 || (uint64_t)lba >= d->sectors)
        ide_finish_error(ch, d, ER_IDNF);
    else
        ide_finish_ok(ch, d);
}

/* The translation a BIOS asks for: heads from the device register, sectors per track from the count. */
static void init_params(struct ide_channel *ch, struct ide_drive *d)
{
    unsigned heads = (d->select & 0x0f) + 1u, spt = d->nsector;
    if (spt == 0) {
        ide_finish_error(ch, d, ER_ABRT);
        return;
    }
    uint64_t cyls = d->sectors / (heads * spt);
    d->cur_heads = (uint16_t)heads;
    d->cur_spt = (uint16_t)spt;
    d->cur_cyls = (uint16_t)(cyls > 65535 ? 65535 : cyls);
    ide_finish_ok(ch, d);
}

static void set_multiple(struct ide_channel *ch, struct ide_drive *d)
{
    unsigned n = d->nsector;
    if (n > IDE_MAX_MULTIPLE || (n & (n - 1))) {
        ide_finish_error(ch, d, ER_ABRT);
        return;
    }
    d->mult_sectors = (uint8_t)n;
    ide_finish_ok(ch, d);
}

static int valid_transfer_mode(uint8_t mode)
{
    return mode <= 0x01 || (mode >= 0x08 && mode <= 0x0c) || (mode >= 0x20 && mode <= 0x22) ||
           (mode >= 0x40 && mode <= 0x45);
}

static void set_features(struct ide_channel *ch, struct ide_drive *d)
{
    switch (d->feature) {
    case 0x03:
        if (!valid_transfer_mode(d->nsector)) {
            ide_finish_error(ch, d, ER_ABRT);
            return;
        }
        if (d->nsector >= 0x20)
            d->xfer_mode = d->nsector;
        break;
    case 0x02: d->write_cache = 1; break;
    case 0x82: d->write_cache = 0; break;
    case 0xaa: d->lookahead = 1; break;
    case 0x55: d->lookahead = 0; break;
    case 0x66: case 0xcc: break;     /* (no) revert to power-on defaults */
    default:
        ide_finish_error(ch, d, ER_ABRT);
        return;
    }
    ide_finish_ok(ch, d);
}

static void flush(struct ide_channel *ch, struct ide_drive *d)
{
    if (block_flush(d->blk) < 0)
        ide_finish_error(ch, d, ER_ABRT);
    else
        ide_finish_ok(ch, d);
}

static void read_native_max(struct ide_channel *ch, struct ide_drive *d, int lba48)
{
    uint64_t max = d->sectors - 1;
    if (!lba48 && max > 0x0fffffff)
        max = 0x0fffffff;
    d->addr_mode = lba48 ? ADDR_LBA48 : ADDR_LBA28;
    ide_set_address(d, max);
    ide_finish_ok(ch, d);
}

/* After a reset or EXECUTE DEVICE DIAGNOSTIC: signatures, "passed" in the error register, device 0 selected.
 * A packet device leaves DRDY clear. */
void ide_diagnose(struct ide_channel *ch)
{
    for (unsigned k = 0; k < 2; k++) {
        struct ide_drive *d = &ch->drive[k];
        d->select = 0;
        d->irq_pending = 0;
        if (d->kind == IDE_NONE) {
            d->nsector = d->sector = 1;      /* what an absent device 1 reads back: no signature */
            d->lcyl = d->hcyl = 0xff;
            continue;
        }
        ide_set_signature(d);
        d->xfer = XFER_NONE;
        d->error = 0x01;
        d->status = d->kind == IDE_CDROM ? 0x00 : ST_READY;
    }
    ch->cur = 0;
}

static void power_command(struct ide_channel *ch, struct ide_drive *d)
{
    if (d->command == CMD_CHECK_POWER)
        d->nsector = d->standby ? 0x00 : 0xff;
    else
        d->standby = d->command == CMD_STANDBY || d->command == CMD_STANDBY_IMMEDIATE || d->command == CMD_SLEEP;
    ide_finish_ok(ch, d);
}

/* Commands both kinds of device take; returns 0 when the command is not one of them. */
static int execute_common(struct ide_channel *ch, struct ide_drive *d)
{
    switch (d->command) {
    case CMD_DIAGNOSTIC: {
        ide_diagnose(ch);
        ide_raise_irq(ch, &ch->drive[ch->drive[0].kind != IDE_NONE ? 0 : 1]);
        return 1;
    }
    case CMD_SET_FEATURES: set_features(ch, d); return 1;
    case CMD_CHECK_POWER: case CMD_IDLE: case CMD_IDLE_IMMEDIATE: case CMD_STANDBY: case CMD_STANDBY_IMMEDIATE:
    case CMD_SLEEP:
        power_command(ch, d);
        return 1;
    default:
        return 0;
    }
}

void ide_execute_packet_device(struct ide_channel *ch, struct ide_drive *d)
{
    switch (d->command) {
    case CMD_PACKET: start_packet(ch, d); break;
    case CMD_IDENTIFY_PACKET:
        ide_identify_cdrom(d, (unsigned)(d - ch->drive), d->buf);
        ide_start_data_in(ch, d, XFER_PIO_IN, 512);
        break;
    case CMD_DEVICE_RESET:   /* no interrupt; DRDY stays clear */
        ide_set_signature(d);
        atapi_reset(&d->atapi);
        d->error = 0x01;
        d->status = 0x00;
        break;
    case CMD_IDENTIFY:       /* a packet device aborts it and shows its signature */
        ide_set_signature(d);
        ide_finish_error(ch, d, ER_ABRT);
        break;
    default:
        if (!execute_common(ch, d))
            ide_finish_error(ch, d, ER_ABRT);
        break;
    }
}

void ide_execute_disk(struct ide_channel *ch, struct ide_drive *d)
{
    uint8_t c = d->command;
    switch (c) {
    case CMD_READ: case CMD_READ_NORETRY: read_write(ch, d, 0, 1, 0, 0); break;
    case CMD_READ_EXT: read_write(ch, d, 1, 1, 0, 0); break;
    case CMD_WRITE: case CMD_WRITE_NORETRY: read_write(ch, d, 0, 1, 1, 0); break;
    case CMD_WRITE_EXT: read_write(ch, d, 1, 1, 1, 0); break;
    case CMD_READ_MULTIPLE: read_multiple(ch, d, 0, 0); break;
    case CMD_READ_MULTIPLE_EXT: read_multiple(ch, d, 1, 0); break;
    case CMD_WRITE_MULTIPLE: read_multiple(ch, d, 0, 1); break;
    case CMD_WRITE_MULTIPLE_EXT: read_multiple(ch, d, 1, 1); break;
    case CMD_READ_DMA: case CMD_READ_DMA_NORETRY: read_write(ch, d, 0, 0, 0, 1); break;
    case CMD_READ_DMA_EXT: read_write(ch, d, 1, 0, 0, 1); break;
    case CMD_WRITE_DMA: case CMD_WRITE_DMA_NORETRY: read_write(ch, d, 0, 0, 1, 1); break;
    case CMD_WRITE_DMA_EXT: read_write(ch, d, 1, 0, 1, 1); break;
    case CMD_VERIFY: case CMD_VERIFY_NORETRY: verify(ch, d, 0); break;
    case CMD_VERIFY_EXT: verify(ch, d, 1); break;
    case CMD_INIT_PARAMS: init_params(ch, d); break;
    case CMD_SET_MULTIPLE: set_multiple(ch, d); break;
    case CMD_FLUSH: case CMD_FLUSH_EXT: flush(ch, d); break;
    case CMD_READ_MAX: read_native_max(ch, d, 0); break;
    case CMD_READ_MAX_EXT: read_native_max(ch, d, 1); break;
    case CMD_IDENTIFY:
        ide_identify_disk(d, (unsigned)(d - ch->drive), d->buf);
        ide_start_data_in(ch, d, XFER_PIO_IN, 512);
        break;
    default:
        if (c >= 0x10 && c <= 0x1f)          /* RECALIBRATE */
            ide_finish_ok(ch, d);
        else if (c >= 0x70 && c <= 0x7f)     /* SEEK */
            seek(ch, d);
        else if (!execute_common(ch, d))
            ide_finish_error(ch, d, ER_ABRT);
        break;
    }
}
