/* The 8259A pair's less common modes (Intel 8259A datasheet): level triggering through the ELCR and which inputs
 * it may make level-triggered, specific EOI, rotation on non-specific EOI and in automatic EOI mode, special mask
 * mode, the poll command, reading IRR and ISR, and spurious IRQ 7 and IRQ 15 (level and edge requests that go
 * away before the INTA). */
#include "devices/pic.h"
#include "tests/unit/device_rig.h"
#include "tests/unit/unit.h"

static struct pic *setup(struct rig *r)
{
    rig_init(r);
    struct pic *p = pic_create(&r->bs, rig_line(r, 0));
    outb(r, 0x20, 0x11); outb(r, 0xa0, 0x11);
    outb(r, 0x21, 0x08); outb(r, 0xa1, 0x70);
    outb(r, 0x21, 0x04); outb(r, 0xa1, 0x02);
    outb(r, 0x21, 0x01); outb(r, 0xa1, 0x01);
    outb(r, 0x21, 0x00); outb(r, 0xa1, 0x00);
    return p;
}

static uint8_t isr(struct rig *r, uint16_t cmd)
{
    outb(r, cmd, 0x0b);
    return inb(r, cmd);
}

static uint8_t irr(struct rig *r, uint16_t cmd)
{
    outb(r, cmd, 0x0a);
    return inb(r, cmd);
}

static void test_elcr(struct rig *r, struct pic *p)
{
    outb(r, 0x4d0, 0xff);
    outb(r, 0x4d1, 0xff);
    CHECK_EQ(inb(r, 0x4d0), 0xf8);                       /* IRQ 0, 1, 2 are always edge */
    CHECK_EQ(inb(r, 0x4d1), 0xde);                       /* and IRQ 8 and 13 */
    outb(r, 0x4d0, 0x00);
    outb(r, 0x4d1, 0x0c);                                /* IRQ 10, 11 level (PCI) */
    /* a level request is taken again after EOI while the line stays high */
    pic_set_irq(p, 11, 1);
    CHECK_EQ(pic_acknowledge(p), 0x73);
    outb(r, 0xa0, 0x20);
    outb(r, 0x20, 0x20);
    CHECK_EQ(r->line[0].level, 1);
    CHECK_EQ(pic_acknowledge(p), 0x73);
    pic_set_irq(p, 11, 0);
    outb(r, 0xa0, 0x20);
    outb(r, 0x20, 0x20);
    CHECK_EQ(r->line[0].level, 0);
    /* an edge request is taken once however long the line stays high */
    pic_set_irq(p, 5, 1);
    CHECK_EQ(pic_acknowledge(p), 0x0d);
    outb(r, 0x20, 0x20);
    CHECK_EQ(r->line[0].level, 0);
    pic_set_irq(p, 5, 0);
    /* ICW1 LTIM: the whole chip level-triggered */
    outb(r, 0x20, 0x19); outb(r, 0x21, 0x08); outb(r, 0x21, 0x04); outb(r, 0x21, 0x01); outb(r, 0x21, 0x00);
    pic_set_irq(p, 4, 1);
    pic_set_irq(p, 4, 0);
    CHECK_EQ(irr(r, 0x20) & 0x10, 0);                    /* the request left with the line */
    outb(r, 0x20, 0x11); outb(r, 0x21, 0x08); outb(r, 0x21, 0x04); outb(r, 0x21, 0x01); outb(r, 0x21, 0x00);
    outb(r, 0x4d1, 0x00);
}

static void test_eoi_and_rotation(struct rig *r, struct pic *p)
{
    /* specific EOI ends a level that is not the highest in service */
    pic_set_irq(p, 6, 1);
    CHECK_EQ(pic_acknowledge(p), 0x0e);
    pic_set_irq(p, 3, 1);
    CHECK_EQ(pic_acknowledge(p), 0x0b);                  /* nested: IRQ 3 interrupts IRQ 6 */
    CHECK_EQ(isr(r, 0x20), 0x48);
    outb(r, 0x20, 0x66);                                 /* specific EOI, IRQ 6 */
    CHECK_EQ(isr(r, 0x20), 0x08);
    outb(r, 0x20, 0x20);
    pic_set_irq(p, 6, 0);
    pic_set_irq(p, 3, 0);
    /* rotate on non-specific EOI: the level just served becomes the lowest */
    pic_set_irq(p, 1, 1);
    CHECK_EQ(pic_acknowledge(p), 0x09);
    outb(r, 0x20, 0xa0);
    pic_set_irq(p, 1, 0);
    pic_set_irq(p, 1, 1);
    pic_set_irq(p, 4, 1);
    CHECK_EQ(pic_acknowledge(p), 0x0c);                  /* IRQ 4 now outranks IRQ 1 */
    outb(r, 0x20, 0x20);
    CHECK_EQ(pic_acknowledge(p), 0x09);
    outb(r, 0x20, 0xe1);                                 /* rotate on specific EOI 1 */
    pic_set_irq(p, 1, 0);
    pic_set_irq(p, 4, 0);
    outb(r, 0x20, 0xc7);                                 /* set priority: IRQ 0 highest again */
    /* rotation in automatic EOI mode */
    outb(r, 0x20, 0x11); outb(r, 0x21, 0x08); outb(r, 0x21, 0x04); outb(r, 0x21, 0x03); outb(r, 0x21, 0x00);
    outb(r, 0x20, 0x80);                                 /* rotate in AEOI: set */
    pic_set_irq(p, 3, 1);
    CHECK_EQ(pic_acknowledge(p), 0x0b);
    CHECK_EQ(isr(r, 0x20), 0x00);
    pic_set_irq(p, 3, 0);
    pic_set_irq(p, 3, 1);
    pic_set_irq(p, 5, 1);
    CHECK_EQ(pic_acknowledge(p), 0x0d);                  /* IRQ 3 was made the lowest */
    CHECK_EQ(pic_acknowledge(p), 0x0b);
    pic_set_irq(p, 3, 0);
    pic_set_irq(p, 5, 0);
    outb(r, 0x20, 0x11); outb(r, 0x21, 0x08); outb(r, 0x21, 0x04); outb(r, 0x21, 0x01); outb(r, 0x21, 0x00);
}

static void test_special_mask(struct rig *r, struct pic *p)
{
    pic_set_irq(p, 2 + 1, 1);
    CHECK_EQ(pic_acknowledge(p), 0x0b);                  /* IRQ 3 in service */
    pic_set_irq(p, 6, 1);
    CHECK_EQ(r->line[0].level, 0);                       /* fully nested: IRQ 6 waits */
    outb(r, 0x21, 0x08);                                 /* mask IRQ 3 ... */
    outb(r, 0x20, 0x68);                                 /* ... and enter special mask mode */
    CHECK_EQ(r->line[0].level, 1);                       /* the lower level gets through */
    CHECK_EQ(pic_acknowledge(p), 0x0e);
    outb(r, 0x20, 0x66);
    outb(r, 0x20, 0x48);                                 /* leave special mask mode */
    outb(r, 0x21, 0x00);
    outb(r, 0x20, 0x63);
    pic_set_irq(p, 3, 0);
    pic_set_irq(p, 6, 0);
    CHECK_EQ(isr(r, 0x20), 0x00);
}

static void test_poll_and_spurious(struct rig *r, struct pic *p)
{
    outb(r, 0x21, 0xff);                                 /* masked requests are not polled */
    pic_set_irq(p, 7, 1);
    outb(r, 0x20, 0x0c);
    CHECK_EQ(inb(r, 0x20), 0x00);
    outb(r, 0x21, 0x00);
    outb(r, 0x20, 0x0c);
    CHECK_EQ(inb(r, 0x20), 0x87);
    CHECK_EQ(isr(r, 0x20), 0x80);                        /* polling acknowledges */
    outb(r, 0x20, 0x20);
    pic_set_irq(p, 7, 0);
    /* spurious IRQ 7: the request is gone at INTA; no ISR bit */
    outb(r, 0x4d0, 0x08);
    pic_set_irq(p, 3, 1);
    pic_set_irq(p, 3, 0);
    CHECK_EQ(pic_acknowledge(p), 0x0f);
    CHECK_EQ(isr(r, 0x20), 0x00);
    /* in edge mode too (datasheet): the IRR bit follows a falling input, INT stays up until the INTA */
    outb(r, 0x4d0, 0x00);
    pic_set_irq(p, 3, 1);
    r->clock.own_icount += 5;
    CHECK_EQ(irr(r, 0x20), 0x08);
    pic_set_irq(p, 3, 0);
    CHECK_EQ(irr(r, 0x20), 0x00);
    CHECK_EQ(r->line[0].level, 1);
    CHECK_EQ(pic_acknowledge(p), 0x0f);
    CHECK_EQ(isr(r, 0x20), 0x00);
    CHECK_EQ(r->line[0].level, 0);
    /* a poll read is an INTA: with the request gone it reads 0 and INT drops */
    pic_set_irq(p, 6, 1);
    r->clock.own_icount += 5;
    pic_set_irq(p, 6, 0);
    CHECK_EQ(r->line[0].level, 1);
    outb(r, 0x20, 0x0c);
    CHECK_EQ(inb(r, 0x20), 0x00);
    CHECK_EQ(r->line[0].level, 0);
    /* an edge slave request that vanishes: IR2 stays up (the slave's INT), spurious IRQ 15 */
    pic_set_irq(p, 8, 1);
    r->clock.own_icount += 5;
    pic_set_irq(p, 8, 0);
    CHECK_EQ(irr(r, 0xa0), 0x00);
    CHECK_EQ(irr(r, 0x20), 0x04);
    CHECK_EQ(pic_acknowledge(p), 0x77);
    CHECK_EQ(isr(r, 0xa0), 0x00);
    CHECK_EQ(isr(r, 0x20), 0x04);
    outb(r, 0x20, 0x20);
    CHECK_EQ(r->line[0].level, 0);
    /* spurious IRQ 15: a slave level request vanishes after the master latched IR2 */
    outb(r, 0x4d1, 0x02);                                /* IRQ 9 level */
    pic_set_irq(p, 9, 1);
    CHECK_EQ(r->line[0].level, 1);
    pic_set_irq(p, 9, 0);
    CHECK_EQ(pic_acknowledge(p), 0x77);
    CHECK_EQ(isr(r, 0xa0), 0x00);
    CHECK_EQ(isr(r, 0x20), 0x04);                        /* the master saw a real IR2: it needs its EOI */
    outb(r, 0x20, 0x20);
    /* two slave requests: the second comes after the first's EOI, through a new IR2 edge */
    pic_set_irq(p, 10, 1);
    pic_set_irq(p, 12, 1);
    CHECK_EQ(pic_acknowledge(p), 0x72);
    outb(r, 0xa0, 0x20);
    outb(r, 0x20, 0x20);
    CHECK_EQ(r->line[0].level, 1);
    CHECK_EQ(pic_acknowledge(p), 0x74);
    outb(r, 0xa0, 0x20);
    outb(r, 0x20, 0x20);
    CHECK_EQ(r->line[0].level, 0);
}

int main(void)
{
    struct rig r;
    struct pic *p = setup(&r);
    test_elcr(&r, p);
    test_eoi_and_rotation(&r, p);
    test_special_mask(&r, p);
    test_poll_and_spurious(&r, p);
    rig_free(&r);
    return unit_done();
}
