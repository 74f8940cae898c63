/* The firmware configuration interface: how the board tells the BIOS what CMOS cannot hold (RAM size above
 * 4 GiB-style fields, boot order, disk geometry hints, a kernel to boot directly, its command line).
 *
 * In the spirit of QEMU's fw_cfg: a 16-bit write to the selector port (0x510) picks an item and rewinds it; each
 * byte read from the data port (0x511) returns the next byte of that item, then zeros past its end. Item 0 is
 * the signature "X86PC-FW", item 1 the interface version. Items are blobs the board adds before boot. */
#ifndef X86PC_DEVICES_FWCFG_H
#define X86PC_DEVICES_FWCFG_H

#include <stddef.h>
#include <stdint.h>

#include "devices/device.h"

enum {
    FWCFG_PORT_SELECTOR = 0x510,
    FWCFG_PORT_DATA = 0x511,
    FWCFG_MAX_ITEMS = 32,
};

/* Item numbers the BIOS knows. */
enum fwcfg_item {
    FWCFG_SIGNATURE = 0x00,      /* "X86PC-FW" */
    FWCFG_VERSION = 0x01,        /* u32: 1 */
    FWCFG_RAM_SIZE = 0x02,       /* u32: bytes of RAM */
    FWCFG_BOOT_ORDER = 0x03,     /* NUL-terminated: "a", "c", "d", "cad"... */
    FWCFG_NB_CPUS = 0x04,        /* u16 */
    FWCFG_KERNEL = 0x10,         /* -kernel file contents */
    FWCFG_INITRD = 0x11,         /* -initrd file contents */
    FWCFG_CMDLINE = 0x12,        /* -append string with its NUL */
    FWCFG_ITEM_SIZE_BASE = 0x80, /* item 0x80+N: u32 size of item N */
};

struct fwcfg {
    struct {
        uint8_t *data;
        uint32_t size;
    } item[FWCFG_MAX_ITEMS];
    uint16_t selected;
    uint32_t offset;
    uint8_t size_buf[4];
};

struct fwcfg *fwcfg_create(const struct board_services *bs);
/* Adds or replaces an item; the data is copied. Returns 0, or -1 for a bad item number or no memory. */
int fwcfg_add(struct fwcfg *f, unsigned item, const void *data, size_t size);
int fwcfg_add_u32(struct fwcfg *f, unsigned item, uint32_t value);

#endif
