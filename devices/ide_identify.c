/* IDENTIFY DEVICE / IDENTIFY PACKET DEVICE data (see ide_identify.h). Word numbers follow ATA/ATAPI-6. */
#include "devices/ide_identify.h"

#include <string.h>

#include "mem/endian.h"

#define FIRMWARE "1.0"

static void word(uint8_t *id, unsigned w, uint16_t v)
{
    st16(id + 2 * w, v);
}

/* ATA strings: two characters per word, the first in the high byte, padded with spaces. */
static void string(uint8_t *id, unsigned w, unsigned words, const char *s)
{
    size_t len = strlen(s);
    for (unsigned k = 0; k < words * 2; k++)
        id[2 * w + (k ^ 1)] = (uint8_t)(k < len ? s[k] : ' ');
}

/* The transfer modes: multiword DMA 0-2 and Ultra DMA 0-5 supported, the one SET FEATURES chose selected. */
static void transfer_modes(uint8_t *id, uint8_t xfer_mode)
{
    uint16_t mw = 0x0007, udma = 0x003f;
    if ((xfer_mode & 0xf8) == 0x20)
        mw |= (uint16_t)(0x100 << (xfer_mode & 7));
    if ((xfer_mode & 0xf8) == 0x40)
        udma |= (uint16_t)(0x100 << (xfer_mode & 7));
    word(id, 63, mw);
    word(id, 64, 0x0003);        /* PIO modes 3 and 4 */
    word(id, 65, 120);           /* cycle times, ns */
    word(id, 66, 120);
    word(id, 67, 120);
    word(id, 68, 120);
    word(id, 88, udma);
}

/* Word 93: hardware reset result: device 0 or 1 decided by jumper and passed diagnostics; 80-wire cable. */
static uint16_t reset_result(unsigned unit)
{
    return unit ? 0x6300 : 0x600b;
}

/* Word 255: A5h, then the byte that makes all 512 bytes sum to zero. */
static void checksum(uint8_t *id)
{
    uint8_t sum = 0xa5;
    for (unsigned k = 0; k < 510; k++)
        sum = (uint8_t)(sum + id[k]);
    word(id, 255, (uint16_t)((uint8_t)-sum << 8 | 0xa5));
}

void ide_identify_disk(const struct ide_drive *d, unsigned unit, uint8_t *id)
{
    memset(id, 0, 512);
    uint64_t cur_capacity = (uint64_t)d->cur_cyls * d->cur_heads * d->cur_spt;
    uint32_t lba28 = d->sectors > 0x0fffffff ? 0x0fffffff : (uint32_t)d->sectors;
    word(id, 0, 0x0040);         /* fixed disk */
    word(id, 1, d->cyls);
    word(id, 3, d->heads);
    /* Words 4-5, ATA-1's unformatted bytes per track and per sector (retired since ATA-2), as drives and QEMU
     * still fill them: the Bochs BIOS takes word 5 as the sector size of its PIO transfers, and with 0 it moves
     * no data and reports "could not read the boot disk" (tests/bios/run, fw-bochs-disk). */
    word(id, 4, (uint16_t)(512u * d->spt));
    word(id, 5, 512);
    word(id, 6, d->spt);
    string(id, 10, 10, d->serial);
    word(id, 20, 3);             /* buffer type, and size in sectors (retired) */
    word(id, 21, 512);
    word(id, 22, 4);
    string(id, 23, 4, FIRMWARE);
    string(id, 27, 20, "x86pc HARDDISK");
    word(id, 47, 0x8000 | IDE_MAX_MULTIPLE);
    word(id, 49, 0x0f00);        /* IORDY, IORDY can be disabled, LBA, DMA */
    word(id, 50, 0x4000);
    word(id, 51, 0x0200);        /* PIO and DMA timing modes (obsolete) */
    word(id, 52, 0x0200);
    word(id, 53, 0x0007);        /* words 54-58, 64-70 and 88 are valid */
    word(id, 54, d->cur_cyls);
    word(id, 55, d->cur_heads);
    word(id, 56, d->cur_spt);
    if (cur_capacity > 0xffffffff)
        cur_capacity = 0xffffffff;
    word(id, 57, (uint16_t)cur_capacity);
    word(id, 58, (uint16_t)(cur_capacity >> 16));
    word(id, 59, d->mult_sectors ? (uint16_t)(0x0100 | d->mult_sectors) : 0);
    word(id, 60, (uint16_t)lba28);
    word(id, 61, (uint16_t)(lba28 >> 16));
    transfer_modes(id, d->xfer_mode);
    word(id, 80, 0x007e);        /* ATA-1 to ATA/ATAPI-6 */
    word(id, 82, 0x0068);        /* look-ahead, write cache, power management */
    word(id, 83, 0x7400);        /* FLUSH CACHE EXT, FLUSH CACHE, 48-bit addresses */
    word(id, 84, 0x4000);
    word(id, 85, (uint16_t)(0x0008 | (d->write_cache ? 0x0020 : 0) | (d->lookahead ? 0x0040 : 0)));
    word(id, 86, 0x3400);
    word(id, 87, 0x4000);
    word(id, 93, reset_result(unit));
    for (unsigned k = 0; k < 4; k++)
        word(id, 100 + k, (uint16_t)(d->sectors >> (16 * k)));
    checksum(id);
}

void ide_identify_cdrom(const struct ide_drive *d, unsigned unit, uint8_t *id)
{
    memset(id, 0, 512);
    word(id, 0, 0x85c0);         /* ATAPI, CD-ROM, removable, DRQ within 50 us, 12-byte packets */
    string(id, 10, 10, d->serial);
    string(id, 23, 4, FIRMWARE);
    string(id, 27, 20, "x86pc CD-ROM");
    word(id, 49, 0x0f00);        /* IORDY, IORDY can be disabled, LBA, DMA */
    word(id, 53, 0x0006);        /* words 64-70 and 88 are valid */
    transfer_modes(id, d->xfer_mode);
    word(id, 80, 0x007e);
    word(id, 82, 0x0210);        /* DEVICE RESET, PACKET */
    word(id, 83, 0x4000);
    word(id, 84, 0x4000);
    word(id, 85, 0x0210);
    word(id, 87, 0x4000);
    word(id, 93, reset_result(unit));
    checksum(id);
}
