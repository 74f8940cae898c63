/* The CMOS contents the board sets before the firmware runs (see pc_cmos.h). */
#include "devices/pc_cmos.h"

#include <sys/stat.h>

#include "devices/ide.h"
#include "devices/rtc.h"

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

/* The hard disks' CMOS bytes: the type 47 geometry of each primary-channel disk (1Bh-23h, 24h-2Ch), and the
 * translation hints in 39h (two bits per IDE device: 0 none, 1 LBA-assisted), set as QEMU and Bochs set them:
 * LBA-assisted for a disk of more than 1024 cylinders. SeaBIOS and the Bochs BIOS translate only when told so
 * here; without it they cap such a disk at 1024 cylinders of 16 heads. The own BIOS decides by itself. */
static void fill_cmos_disks(struct rtc *r, const struct ide_channel *primary)
{
    uint8_t translation = 0;
    for (unsigned k = 0; k < 2; k++) {
        const struct ide_drive *d = &primary->drive[k];
        if (d->kind != IDE_DISK)
            continue;
        unsigned at = k ? 0x24 : 0x1b;
        rtc_cmos_write(r, at, (uint8_t)d->cyls);
        rtc_cmos_write(r, at + 1, (uint8_t)(d->cyls >> 8));
        rtc_cmos_write(r, at + 2, (uint8_t)d->heads);
        rtc_cmos_write(r, at + 3, 0xff);                  /* write precompensation: none */
        rtc_cmos_write(r, at + 4, 0xff);
        rtc_cmos_write(r, at + 5, (uint8_t)(0xc0 | (d->heads > 8 ? 0x08 : 0)));
        rtc_cmos_write(r, at + 6, (uint8_t)d->cyls);       /* landing zone */
        rtc_cmos_write(r, at + 7, (uint8_t)(d->cyls >> 8));
        rtc_cmos_write(r, at + 8, (uint8_t)d->spt);
        if (d->cyls > 1024)
            translation |= (uint8_t)(1u << (2 * k));
    }
    rtc_cmos_write(r, 0x39, translation);
}

void pc_fill_cmos(struct rtc *r, const struct pc_config *cfg, uint32_t ram_size, const struct ide_channel *primary)
{
    uint32_t ram_kb = ram_size >> 10;
    uint32_t ext_kb = ram_kb > 1024 ? ram_kb - 1024 : 0;
    uint32_t above16 = ram_size > (16u << 20) ? (ram_size - (16u << 20)) >> 16 : 0;
    uint8_t fda = floppy_cmos_type(cfg->fda), fdb = floppy_cmos_type(cfg->fdb);
    rtc_cmos_write(r, 0x10, (uint8_t)(fda << 4 | fdb));
    rtc_cmos_write(r, 0x12, (uint8_t)((cfg->hda ? 0xf0 : 0) | (cfg->hdb ? 0x0f : 0)));
    rtc_cmos_write(r, 0x19, cfg->hda ? 47 : 0);              /* type 47: user-defined */
    rtc_cmos_write(r, 0x1a, cfg->hdb ? 47 : 0);
    fill_cmos_disks(r, primary);
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
