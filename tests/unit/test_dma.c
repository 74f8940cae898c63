/* The 8237 DMA pair and page registers, programmed through their ports as drivers do: byte flip-flop, page
 * registers, masks, terminal count, auto-init, address decrement, 16-bit channels, verify mode, and the ready
 * handler a device waits on while its channel is masked. */
#include "devices/dma.h"
#include "tests/unit/unit.h"

#include <string.h>

static struct ports ports;
static struct phys phys;

static void program(unsigned ch, uint8_t mode, uint32_t addr, uint16_t count)
{
    if (ch < 4) {
        ports_write(&ports, 0x0a, 0x04 | ch, 1);                 /* mask */
        ports_write(&ports, 0x0c, 0, 1);                         /* flip-flop */
        ports_write(&ports, 0x0b, mode | ch, 1);
        ports_write(&ports, ch * 2, addr & 0xff, 1);
        ports_write(&ports, ch * 2, addr >> 8 & 0xff, 1);
        ports_write(&ports, ch * 2 + 1, count & 0xff, 1);
        ports_write(&ports, ch * 2 + 1, count >> 8, 1);
        static const uint8_t page_port[4] = { 0x87, 0x83, 0x81, 0x82 };
        ports_write(&ports, page_port[ch], addr >> 16, 1);
        ports_write(&ports, 0x0a, ch, 1);                        /* unmask */
    } else {
        unsigned c = ch - 4;
        ports_write(&ports, 0xd4, 0x04 | c, 1);
        ports_write(&ports, 0xd8, 0, 1);
        ports_write(&ports, 0xd6, mode | c, 1);
        ports_write(&ports, 0xc0 + c * 4, addr >> 1 & 0xff, 1);  /* word address */
        ports_write(&ports, 0xc0 + c * 4, addr >> 9 & 0xff, 1);
        ports_write(&ports, 0xc2 + c * 4, count & 0xff, 1);
        ports_write(&ports, 0xc2 + c * 4, count >> 8, 1);
        static const uint8_t page_port[4] = { 0x8f, 0x8b, 0x89, 0x8a };
        ports_write(&ports, page_port[c], addr >> 16 & 0xfe, 1);
        ports_write(&ports, 0xd4, c, 1);
    }
}

static int ready_calls;
static void on_ready(void *opaque)
{
    (void)opaque;
    ready_calls++;
}

int main(void)
{
    struct clock clock;
    struct device_list devices = { .n = 0 };
    ports_init(&ports);
    clock_init(&clock, 0);
    if (phys_init(&phys, 4u << 20) < 0)
        return 2;
    struct board_services bs = { &ports, &phys, &clock, &devices };
    char err[128];
    struct dma *d = dma_create(&bs, err, sizeof err);
    CHECK(d != NULL);
    if (!d)
        return unit_done();
    CHECK_EQ(devices.n, 1);
    CHECK(strcmp(devices.entry[0].name, "dma") == 0);
    CHECK(strcmp(ports_owner_name(&ports, 0x80) ? ports_owner_name(&ports, 0x80) : "", "dma-page") != 0);

    uint8_t src[1024], out[1024];
    for (unsigned k = 0; k < sizeof src; k++)
        src[k] = (uint8_t)(k ^ 0x5a);

    /* Power-on: all channels masked. */
    CHECK_EQ(dma_transfer(d, 2, src, 16, 1), 0);

    /* Channel 2, write (device to memory), single mode: 100 bytes at 12:3400h, count 99. */
    program(2, 0x44, 0x123400, 99);
    CHECK(dma_channel_ready(d, 2));
    CHECK_EQ(dma_transfer(d, 2, src, 60, 1), 60);
    CHECK(!dma_terminal_count(d, 2));
    CHECK_EQ(dma_transfer(d, 2, src + 60, 100, 1), 40);         /* stops at terminal count */
    CHECK(dma_terminal_count(d, 2));
    phys_read_block(&phys, 0x123400, out, 100);
    CHECK(memcmp(out, src, 100) == 0);
    CHECK_EQ(phys_read(&phys, 0x123400 + 100, 1), 0);
    /* Status: TC for channel 2, cleared by the read; the channel masked itself (no auto-init). */
    CHECK_EQ(ports_read(&ports, 0x08, 1) & 0x0f, 0x04);
    CHECK_EQ(ports_read(&ports, 0x08, 1) & 0x0f, 0x00);
    CHECK(!dma_channel_ready(d, 2));
    CHECK_EQ(ports_read(&ports, 0x0f, 1) & 0x04, 0x04);
    /* Current address and count read back through the flip-flop: 3464h and FFFFh. */
    ports_write(&ports, 0x0c, 0, 1);
    CHECK_EQ(ports_read(&ports, 0x04, 1), 0x64);
    CHECK_EQ(ports_read(&ports, 0x04, 1), 0x34);
    CHECK_EQ(ports_read(&ports, 0x05, 1), 0xff);
    CHECK_EQ(ports_read(&ports, 0x05, 1), 0xff);
    CHECK_EQ(ports_read(&ports, 0x81, 1), 0x12);

    /* Read (memory to device) with auto-init: the channel reloads and stays unmasked. */
    program(1, 0x58, 0x123400, 9);
    memset(out, 0, sizeof out);
    CHECK_EQ(dma_transfer(d, 1, out, 16, 0), 10);
    CHECK(dma_terminal_count(d, 1));
    CHECK(memcmp(out, src, 10) == 0);
    CHECK(dma_channel_ready(d, 1));
    CHECK_EQ(dma_transfer(d, 1, out, 4, 0), 4);
    CHECK(memcmp(out, src, 4) == 0);

    /* Address decrement: bytes go to falling addresses. */
    program(3, 0x64, 0x200010, 3);
    CHECK_EQ(dma_transfer(d, 3, src, 4, 1), 4);
    CHECK_EQ(phys_read(&phys, 0x200010, 1), src[0]);
    CHECK_EQ(phys_read(&phys, 0x20000d, 1), src[3]);

    /* An 8-bit channel wraps within its 64 KiB page. */
    program(0, 0x44, 0x30fffe, 3);
    CHECK_EQ(dma_transfer(d, 0, src, 4, 1), 4);
    CHECK_EQ(phys_read(&phys, 0x30ffff, 1), src[1]);
    CHECK_EQ(phys_read(&phys, 0x300000, 1), src[2]);
    CHECK_EQ(phys_read(&phys, 0x310000, 1), 0);

    /* 16-bit channel 5: counts words; 8 words = 16 bytes at 22:0000h. */
    program(5, 0x44, 0x220000, 7);
    CHECK_EQ(dma_transfer(d, 5, src, 64, 1), 16);
    CHECK(dma_terminal_count(d, 5));
    phys_read_block(&phys, 0x220000, out, 16);
    CHECK(memcmp(out, src, 16) == 0);
    CHECK_EQ(ports_read(&ports, 0xd0, 1) & 0x0f, 0x02);

    /* Verify mode counts without touching memory. */
    phys_write(&phys, 0x240000, 0x77, 1);
    program(2, 0x40, 0x240000, 15);
    CHECK_EQ(dma_transfer(d, 2, src, 16, 1), 16);
    CHECK_EQ(phys_read(&phys, 0x240000, 1), 0x77);

    /* A disabled controller moves nothing. */
    program(2, 0x44, 0x240000, 15);
    ports_write(&ports, 0x08, 0x04, 1);
    CHECK_EQ(dma_transfer(d, 2, src, 16, 1), 0);
    ports_write(&ports, 0x08, 0x00, 1);

    /* A device waiting with DREQ is called when its channel is unmasked, and DREQ shows in the status. */
    dma_set_handler(d, 2, on_ready, NULL);
    ports_write(&ports, 0x0a, 0x06, 1);
    dma_set_dreq(d, 2, 1);
    CHECK_EQ(ports_read(&ports, 0x08, 1) & 0x40, 0x40);
    CHECK_EQ(ready_calls, 0);
    ports_write(&ports, 0x0a, 0x02, 1);
    CHECK_EQ(ready_calls, 1);
    dma_set_dreq(d, 2, 0);

    /* Master clear masks every channel; clear mask unmasks them all. */
    ports_write(&ports, 0x0d, 0, 1);
    CHECK_EQ(ports_read(&ports, 0x0f, 1) & 0x0f, 0x0f);
    ports_write(&ports, 0x0e, 0, 1);
    CHECK_EQ(ports_read(&ports, 0x0f, 1) & 0x0f, 0x00);
    /* The spare page registers hold what is written. */
    ports_write(&ports, 0x84, 0xab, 1);
    CHECK_EQ(ports_read(&ports, 0x84, 1), 0xab);

    devices.entry[0].type->destroy(devices.entry[0].dev);
    phys_free(&phys);
    return unit_done();
}
