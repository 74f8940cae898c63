/* LPT1 as the BIOS's INT 17h and a DOS printer driver drive it: data latch, status of a ready printer, the
 * strobe that prints a byte into the file, the nACK pulse and its IRQ 7, input mode, and -parallel errors. */
#include "devices/lpt.h"
#include "tests/unit/device_rig.h"
#include "tests/unit/unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_byte(struct rig *r, uint8_t v)
{
    outb(r, 0x378, v);
    outb(r, 0x37a, 0x0d);                                /* STROBE with nINIT high, SELECT IN */
    outb(r, 0x37a, 0x0c);
}

int main(void)
{
    char path[] = "/tmp/x86pc-lpt-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return unit_done();
    close(fd);
    char spec[64];
    snprintf(spec, sizeof spec, "file:%s", path);
    struct rig r;
    rig_init(&r);
    char err[200];
    struct lpt *p = lpt_create(&r.bs, 0x378, rig_line(&r, 7), spec, err, sizeof err);
    CHECK(p != NULL);
    if (!p)
        return unit_done();
    CHECK(lpt_create(&r.bs, 0x278, rig_line(&r, 5), "stdio", err, sizeof err) == NULL);
    CHECK(strstr(err, "-parallel stdio") != NULL);
    CHECK(lpt_create(&r.bs, 0x278, rig_line(&r, 5), "file:/nonexistent-dir/x", err, sizeof err) == NULL);
    device_reset_all(&r.devices);
    outb(&r, 0x378, 0xa5);
    CHECK_EQ(inb(&r, 0x378), 0xa5);                      /* the BIOS's presence check */
    CHECK_EQ(inb(&r, 0x379), 0xdf);                      /* not busy, no ACK, selected, no error */
    CHECK_EQ(inb(&r, 0x37a), 0xc4);
    print_byte(&r, 'H');
    CHECK_EQ(inb(&r, 0x379) & 0x40, 0x00);               /* the nACK pulse ... */
    CHECK_EQ(inb(&r, 0x379) & 0x40, 0x40);               /* ... is over */
    CHECK_EQ(r.line[7].rises, 0);
    outb(&r, 0x37a, 0x1c);                               /* IRQ enable */
    outb(&r, 0x378, 'i');
    outb(&r, 0x37a, 0x1d);
    outb(&r, 0x37a, 0x1d);                               /* STROBE held: no second byte */
    outb(&r, 0x37a, 0x1c);
    CHECK_EQ(r.line[7].rises, 1);
    outb(&r, 0x37a, 0x08);                               /* nINIT low (printer reset): no byte */
    outb(&r, 0x37a, 0x09);
    outb(&r, 0x37a, 0x08);
    outb(&r, 0x37a, 0x2c);                               /* input mode: the data port reads the lines */
    CHECK_EQ(inb(&r, 0x378), 0xff);
    outb(&r, 0x37a, 0x0c);
    CHECK_EQ(p->printed, 2);
    rig_free(&r);                                        /* closes the file */
    FILE *f = fopen(path, "rb");
    char buf[8] = { 0 };
    size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
    if (f)
        fclose(f);
    unlink(path);
    CHECK_EQ(n, 2);
    CHECK(memcmp(buf, "Hi", 2) == 0);
    return unit_done();
}
