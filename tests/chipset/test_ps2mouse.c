/* The PS/2 mouse behind the 8042, driven as Linux's psmouse driver and a DOS mouse driver drive it: reset and
 * ID, data reporting, packets with signs and overflow, the IntelliMouse and Explorer knocks and their 4-byte
 * packets, status request, resolution, 2:1 scaling, remote mode, wrap mode, and IRQ12 with status bit 5. */
#include "devices/kbc.h"
#include "tests/unit/device_rig.h"
#include "tests/unit/unit.h"

static void nothing(void *opaque, int on) { (void)opaque; (void)on; }
static void no_reset(void *opaque) { (void)opaque; }

/* The next byte in the output buffer (-1 if none within 10 ms); `aux` gets status bit 5. */
static int read_byte(struct rig *r, int *aux)
{
    for (int k = 0; k < 100; k++) {
        uint8_t st = inb(r, 0x64);
        if (st & 1) {
            if (aux)
                *aux = (st & 0x20) != 0;
            return inb(r, 0x60);
        }
        rig_advance_ns(r, 100000);
    }
    return -1;
}

static void mouse_cmd(struct rig *r, uint8_t v)
{
    outb(r, 0x64, 0xd4);
    outb(r, 0x60, v);
}

/* Sends a command with an argument, checking both ACKs. */
static void mouse_cmd_arg(struct rig *r, uint8_t cmd, uint8_t arg)
{
    mouse_cmd(r, cmd);
    CHECK_EQ(read_byte(r, NULL), 0xfa);
    mouse_cmd(r, arg);
    CHECK_EQ(read_byte(r, NULL), 0xfa);
}

static int mouse_id(struct rig *r)
{
    mouse_cmd(r, 0xf2);
    CHECK_EQ(read_byte(r, NULL), 0xfa);
    return read_byte(r, NULL);
}

static void test_reset_and_packets(struct rig *r, struct kbc *k)
{
    outb(r, 0x64, 0xa8);                                 /* enable the aux port */
    outb(r, 0x64, 0x60);
    outb(r, 0x60, 0x47);                                 /* IRQ1, IRQ12, translation, system flag */
    int aux = 0;
    mouse_cmd(r, 0xff);
    CHECK_EQ(read_byte(r, &aux), 0xfa);
    CHECK_EQ(aux, 1);
    CHECK_EQ(read_byte(r, NULL), 0xaa);
    CHECK_EQ(read_byte(r, NULL), 0x00);
    CHECK(r->line[12].rises >= 3);
    CHECK_EQ(r->line[1].rises, 0);
    CHECK_EQ(mouse_id(r), 0x00);
    kbc_mouse_event(k, 5, 5, 0, 0);                      /* reporting is off after reset */
    CHECK_EQ(read_byte(r, NULL), -1);
    mouse_cmd(r, 0xf4);
    CHECK_EQ(read_byte(r, NULL), 0xfa);
    kbc_mouse_event(k, 10, -3, 0, PS2MOUSE_LEFT);
    CHECK_EQ(read_byte(r, NULL), 0x29);                  /* always-1 bit, left, Y negative */
    CHECK_EQ(read_byte(r, NULL), 10);
    CHECK_EQ(read_byte(r, NULL), 0xfd);
    kbc_mouse_event(k, -300, 0, 0, 0);                   /* larger than 9 bits: two packets */
    CHECK_EQ(read_byte(r, NULL), 0x18);
    CHECK_EQ(read_byte(r, NULL), 0x00);                  /* -256 */
    CHECK_EQ(read_byte(r, NULL), 0x00);
    CHECK_EQ(read_byte(r, NULL), 0x18);
    CHECK_EQ(read_byte(r, NULL), 0xd4);                  /* -44 */
    CHECK_EQ(read_byte(r, NULL), 0x00);
    kbc_mouse_event(k, 0, 0, 0, PS2MOUSE_RIGHT | PS2MOUSE_MIDDLE);     /* a button alone sends a packet */
    CHECK_EQ(read_byte(r, NULL), 0x0e);
    CHECK_EQ(read_byte(r, NULL), 0x00);
    CHECK_EQ(read_byte(r, NULL), 0x00);
    kbc_mouse_event(k, 0, 0, 0, 0);
    for (int n = 0; n < 3; n++)
        (void)read_byte(r, NULL);
}

static void test_wheel(struct rig *r, struct kbc *k)
{
    kbc_mouse_event(k, 0, 0, 3, 0);                      /* no wheel yet: nothing to report */
    CHECK_EQ(read_byte(r, NULL), -1);
    mouse_cmd_arg(r, 0xf3, 200);
    mouse_cmd_arg(r, 0xf3, 100);
    mouse_cmd_arg(r, 0xf3, 80);
    CHECK_EQ(mouse_id(r), 0x03);
    kbc_mouse_event(k, 1, 1, -2, 0);
    CHECK_EQ(read_byte(r, NULL), 0x08);
    CHECK_EQ(read_byte(r, NULL), 1);
    CHECK_EQ(read_byte(r, NULL), 1);
    CHECK_EQ(read_byte(r, NULL), 0xfe);                  /* Z = -2 */
    mouse_cmd_arg(r, 0xf3, 200);
    mouse_cmd_arg(r, 0xf3, 200);
    mouse_cmd_arg(r, 0xf3, 80);
    CHECK_EQ(mouse_id(r), 0x04);
    kbc_mouse_event(k, 0, 0, 1, PS2MOUSE_BUTTON4);
    CHECK_EQ(read_byte(r, NULL), 0x08);
    CHECK_EQ(read_byte(r, NULL), 0);
    CHECK_EQ(read_byte(r, NULL), 0);
    CHECK_EQ(read_byte(r, NULL), 0x11);                  /* Z = 1, button 4 */
    kbc_mouse_event(k, 0, 0, 0, 0);
    for (int n = 0; n < 4; n++)
        (void)read_byte(r, NULL);
    /* the status request: stream, enabled, 1:1, resolution and rate as set */
    mouse_cmd_arg(r, 0xe8, 3);
    mouse_cmd(r, 0xe9);
    CHECK_EQ(read_byte(r, NULL), 0xfa);
    CHECK_EQ(read_byte(r, NULL), 0x20);
    CHECK_EQ(read_byte(r, NULL), 3);
    CHECK_EQ(read_byte(r, NULL), 80);
    /* "set defaults" keeps the ID; a reset clears it */
    mouse_cmd(r, 0xf6);
    CHECK_EQ(read_byte(r, NULL), 0xfa);
    CHECK_EQ(mouse_id(r), 0x04);
    mouse_cmd(r, 0xff);
    for (int n = 0; n < 3; n++)
        (void)read_byte(r, NULL);
    CHECK_EQ(mouse_id(r), 0x00);
}

static void test_modes(struct rig *r, struct kbc *k)
{
    /* 2:1 scaling: 3 counts are reported as 3, 5 as 9 */
    mouse_cmd(r, 0xf4);
    (void)read_byte(r, NULL);
    mouse_cmd(r, 0xe7);
    CHECK_EQ(read_byte(r, NULL), 0xfa);
    kbc_mouse_event(k, 5, 3, 0, 0);
    CHECK_EQ(read_byte(r, NULL), 0x08);
    CHECK_EQ(read_byte(r, NULL), 9);
    CHECK_EQ(read_byte(r, NULL), 3);
    mouse_cmd(r, 0xe6);
    (void)read_byte(r, NULL);
    /* remote mode: movement waits for "read data" */
    mouse_cmd(r, 0xf0);
    CHECK_EQ(read_byte(r, NULL), 0xfa);
    kbc_mouse_event(k, 7, 0, 0, 0);
    kbc_mouse_event(k, 1, 2, 0, 0);
    CHECK_EQ(read_byte(r, NULL), -1);
    mouse_cmd(r, 0xeb);
    CHECK_EQ(read_byte(r, NULL), 0xfa);
    CHECK_EQ(read_byte(r, NULL), 0x08);
    CHECK_EQ(read_byte(r, NULL), 8);
    CHECK_EQ(read_byte(r, NULL), 2);
    mouse_cmd(r, 0xea);
    CHECK_EQ(read_byte(r, NULL), 0xfa);
    /* wrap mode echoes until "reset wrap" */
    mouse_cmd(r, 0xee);
    CHECK_EQ(read_byte(r, NULL), 0xfa);
    mouse_cmd(r, 0x12);
    CHECK_EQ(read_byte(r, NULL), 0x12);
    mouse_cmd(r, 0xf2);
    CHECK_EQ(read_byte(r, NULL), 0xf2);
    mouse_cmd(r, 0xec);
    CHECK_EQ(read_byte(r, NULL), 0xfa);
    mouse_cmd(r, 0x55);                                  /* not a command */
    CHECK_EQ(read_byte(r, NULL), 0xfe);
}

int main(void)
{
    struct rig r;
    rig_init(&r);
    struct kbc *k = kbc_create(&r.bs, rig_line(&r, 1), rig_line(&r, 12), nothing, no_reset, NULL);
    CHECK(k != NULL);
    if (!k)
        return unit_done();
    test_reset_and_packets(&r, k);
    test_wheel(&r, k);
    test_modes(&r, k);
    rig_free(&r);
    return unit_done();
}
