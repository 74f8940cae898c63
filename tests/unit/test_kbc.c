/* The 8042 as a BIOS and Linux's i8042 driver drive it: self test, command byte, keyboard reset and identify,
 * LEDs, scan-code translation, A20 and reset through the output port, and ports 0x92/0xCF9. */
#include "devices/kbc.h"
#include "devices/sysctl.h"
#include "tests/unit/device_rig.h"
#include "tests/unit/unit.h"

struct board_probe {
    int a20, resets;
};

static void set_a20(void *opaque, int on) { ((struct board_probe *)opaque)->a20 = on; }
static int get_a20(void *opaque) { return ((struct board_probe *)opaque)->a20; }
static void reset(void *opaque) { ((struct board_probe *)opaque)->resets++; }

/* Waits (in virtual time) for the output buffer and reads it; -1 if nothing arrives within 10 ms. */
static int read_byte(struct rig *r)
{
    for (int k = 0; k < 100; k++) {
        if (inb(r, 0x64) & 1)
            return inb(r, 0x60);
        rig_advance_ns(r, 100000);
    }
    return -1;
}

int main(void)
{
    struct rig r;
    struct board_probe board = { 1, 0 };
    rig_init(&r);
    struct kbc *k = kbc_create(&r.bs, rig_line(&r, 1), rig_line(&r, 12), set_a20, reset, &board);
    CHECK(sysctl_create(&r.bs, set_a20, get_a20, reset, &board) != NULL);
    outb(&r, 0x64, 0xaa);
    CHECK_EQ(read_byte(&r), 0x55);
    CHECK(inb(&r, 0x64) & 0x04);                 /* system flag */
    outb(&r, 0x64, 0x20);
    CHECK_EQ(read_byte(&r), 0x61);               /* IRQ1 on, translation on, mouse off */
    /* keyboard reset: ACK then self-test passed, each raising IRQ1 */
    outb(&r, 0x60, 0xff);
    CHECK_EQ(read_byte(&r), 0xfa);
    CHECK_EQ(read_byte(&r), 0xaa);
    CHECK(r.line[1].rises >= 2);
    /* identify: AB 83, which the translator turns into AB 41 as on real machines */
    outb(&r, 0x60, 0xf2);
    CHECK_EQ(read_byte(&r), 0xfa);
    CHECK_EQ(read_byte(&r), 0xab);
    CHECK_EQ(read_byte(&r), 0x41);
    outb(&r, 0x60, 0xed);
    CHECK_EQ(read_byte(&r), 0xfa);
    outb(&r, 0x60, 0x07);
    CHECK_EQ(read_byte(&r), 0xfa);
    CHECK_EQ(k->kbd.leds, 7);
    /* key 'A': set 2 make 1C / break F0 1C become set 1 1E / 9E */
    const uint8_t press[] = { 0x1c }, release[] = { 0xf0, 0x1c };
    kbc_key_scancodes(k, press, 1);
    CHECK_EQ(read_byte(&r), 0x1e);
    kbc_key_scancodes(k, release, 2);
    CHECK_EQ(read_byte(&r), 0x9e);
    /* without translation the set 2 bytes pass unchanged */
    outb(&r, 0x64, 0x60);
    outb(&r, 0x60, 0x21);
    kbc_key_scancodes(k, release, 2);
    CHECK_EQ(read_byte(&r), 0xf0);
    CHECK_EQ(read_byte(&r), 0x1c);
    /* A20 through the output port and the DD/DF shortcuts */
    outb(&r, 0x64, 0xd1);
    outb(&r, 0x60, 0x01);
    CHECK_EQ(board.a20, 0);
    outb(&r, 0x64, 0xdf);
    CHECK_EQ(board.a20, 1);
    outb(&r, 0x64, 0xd0);
    CHECK_EQ(read_byte(&r) & 0x02, 0x02);
    /* resets: pulse FEh, port 92h bit 0, port CF9h with bit 2 */
    outb(&r, 0x64, 0xfe);
    CHECK_EQ(board.resets, 1);
    outb(&r, 0x92, 0x00);
    CHECK_EQ(board.a20, 0);
    CHECK_EQ(inb(&r, 0x92) & 0x02, 0);
    outb(&r, 0x92, 0x03);
    CHECK_EQ(board.a20, 1);
    CHECK_EQ(board.resets, 2);
    outb(&r, 0xcf9, 0x06);
    CHECK_EQ(board.resets, 3);
    rig_free(&r);
    return unit_done();
}
