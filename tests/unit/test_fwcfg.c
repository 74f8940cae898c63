/* The firmware configuration interface, read through its ports as the BIOS does. */
#include "devices/fwcfg.h"
#include "tests/unit/unit.h"

#include <string.h>

static void read_item(struct ports *p, unsigned item, uint8_t *out, unsigned n)
{
    ports_write(p, FWCFG_PORT_SELECTOR, item, 2);
    for (unsigned k = 0; k < n; k++)
        out[k] = (uint8_t)ports_read(p, FWCFG_PORT_DATA, 1);
}

int main(void)
{
    struct ports ports;
    struct clock clock;
    struct device_list devices = { .n = 0 };
    ports_init(&ports);
    clock_init(&clock, 0);
    struct board_services bs = { &ports, NULL, &clock, &devices };
    struct fwcfg *f = fwcfg_create(&bs);
    CHECK(f != NULL);
    uint8_t buf[16];
    read_item(&ports, FWCFG_SIGNATURE, buf, 10);
    CHECK(memcmp(buf, "X86PC-FW\0\0", 10) == 0);          /* zeros past the end */
    fwcfg_add_u32(f, FWCFG_RAM_SIZE, 0x04000000);
    read_item(&ports, FWCFG_RAM_SIZE, buf, 4);
    CHECK_EQ(buf[0] | buf[1] << 8 | buf[2] << 16 | (uint32_t)buf[3] << 24, 0x04000000);
    fwcfg_add(f, FWCFG_CMDLINE, "console=ttyS0", 14);
    read_item(&ports, FWCFG_ITEM_SIZE_BASE + FWCFG_CMDLINE, buf, 4);
    CHECK_EQ(buf[0], 14);
    read_item(&ports, FWCFG_CMDLINE, buf, 14);
    CHECK(strcmp((char *)buf, "console=ttyS0") == 0);
    /* Re-selecting rewinds. */
    read_item(&ports, FWCFG_CMDLINE, buf, 3);
    CHECK(memcmp(buf, "con", 3) == 0);
    CHECK_EQ(fwcfg_add(f, FWCFG_MAX_ITEMS, "x", 1), -1);
    CHECK_EQ(devices.n, 1);
    devices.entry[0].type->destroy(devices.entry[0].dev);
    return unit_done();
}
