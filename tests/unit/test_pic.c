/* The 8259A pair driven through its ports as a BIOS and an OS do. */
#include "devices/pic.h"
#include "tests/unit/device_rig.h"
#include "tests/unit/unit.h"

static struct pic *setup(struct rig *r)
{
    rig_init(r);
    struct pic *p = pic_create(&r->bs, rig_line(r, 0));
    /* ICW1-4 as the PC BIOS: vectors 08h and 70h, cascade on IRQ2, 8086 mode; all unmasked */
    outb(r, 0x20, 0x11); outb(r, 0xa0, 0x11);
    outb(r, 0x21, 0x08); outb(r, 0xa1, 0x70);
    outb(r, 0x21, 0x04); outb(r, 0xa1, 0x02);
    outb(r, 0x21, 0x01); outb(r, 0xa1, 0x01);
    outb(r, 0x21, 0x00); outb(r, 0xa1, 0x00);
    return p;
}

int main(void)
{
    struct rig r;
    struct pic *p = setup(&r);
    CHECK_EQ(r.line[0].level, 0);
    /* IRQ3 then IRQ1: IRQ1 has the higher priority */
    pic_set_irq(p, 3, 1);
    pic_set_irq(p, 1, 1);
    CHECK_EQ(r.line[0].level, 1);
    CHECK_EQ(pic_acknowledge(p), 0x09);
    outb(&r, 0x20, 0x0b);                        /* OCW3: read ISR */
    CHECK_EQ(inb(&r, 0x20), 0x02);
    /* IRQ3 is blocked while IRQ1 is in service (fully nested) */
    CHECK_EQ(r.line[0].level, 0);
    outb(&r, 0x20, 0x20);                        /* non-specific EOI */
    CHECK_EQ(r.line[0].level, 1);
    CHECK_EQ(pic_acknowledge(p), 0x0b);
    outb(&r, 0x20, 0x63);                        /* specific EOI for IRQ3 */
    CHECK_EQ(inb(&r, 0x20), 0x00);               /* ISR empty */
    /* A pulse within one instruction (irq_pulse) stays latched: it stands for a pulse that lasts to the INTA */
    pic_set_irq(p, 0, 1);
    pic_set_irq(p, 0, 0);
    r.clock.own_icount += 10;
    pic_set_irq(p, 0, 0);                        /* a line already low: nothing changes */
    CHECK_EQ(r.line[0].level, 1);
    CHECK_EQ(pic_acknowledge(p), 0x08);
    outb(&r, 0x20, 0x20);
    /* An edge request whose line falls later, before the INTA, is gone (8259A datasheet): INT stays up, and the
     * INTA gets the IR7 vector without an ISR bit */
    pic_set_irq(p, 0, 1);
    r.clock.own_icount += 10;
    outb(&r, 0x20, 0x0a);                        /* OCW3: read IRR */
    CHECK_EQ(inb(&r, 0x20), 0x01);
    pic_set_irq(p, 0, 0);
    CHECK_EQ(inb(&r, 0x20), 0x00);
    CHECK_EQ(r.line[0].level, 1);
    CHECK_EQ(pic_acknowledge(p), 0x0f);
    CHECK_EQ(r.line[0].level, 0);
    outb(&r, 0x20, 0x0b);
    CHECK_EQ(inb(&r, 0x20), 0x00);               /* no ISR bit */
    /* INT stays up while the CPU does not acknowledge, even when the request is masked meanwhile */
    pic_set_irq(p, 4, 1);
    outb(&r, 0x21, 0x10);
    CHECK_EQ(r.line[0].level, 1);
    CHECK_EQ(pic_acknowledge(p), 0x0f);
    CHECK_EQ(r.line[0].level, 0);
    outb(&r, 0x21, 0x00);                        /* unmasked again: IR4 is still high and latched */
    CHECK_EQ(r.line[0].level, 1);
    CHECK_EQ(pic_acknowledge(p), 0x0c);
    outb(&r, 0x20, 0x20);
    r.clock.own_icount += 10;
    pic_set_irq(p, 4, 0);
    CHECK_EQ(r.line[0].level, 0);
    /* The slave: its INT holds the master's IR2 up, so a vanished slave request is a spurious IRQ15 with the
     * master's ISR bit 2 set */
    pic_set_irq(p, 8, 1);
    r.clock.own_icount += 10;
    pic_set_irq(p, 8, 0);
    CHECK_EQ(r.line[0].level, 1);
    CHECK_EQ(pic_acknowledge(p), 0x77);
    outb(&r, 0xa0, 0x0b);
    CHECK_EQ(inb(&r, 0xa0), 0x00);
    outb(&r, 0x20, 0x0b);
    CHECK_EQ(inb(&r, 0x20), 0x04);
    outb(&r, 0x20, 0x20);
    CHECK_EQ(inb(&r, 0x20), 0x00);
    CHECK_EQ(r.line[0].level, 0);
    /* Masking */
    outb(&r, 0x21, 0x01);
    pic_set_irq(p, 0, 1);
    CHECK_EQ(r.line[0].level, 0);
    outb(&r, 0x21, 0x00);
    CHECK_EQ(r.line[0].level, 1);
    CHECK_EQ(pic_acknowledge(p), 0x08);
    outb(&r, 0x20, 0x20);
    pic_set_irq(p, 0, 0);
    /* Cascade: IRQ12 arrives through IRQ2 with the slave's vector */
    pic_set_irq(p, 12, 1);
    CHECK_EQ(r.line[0].level, 1);
    CHECK_EQ(pic_acknowledge(p), 0x74);
    outb(&r, 0xa0, 0x20);
    outb(&r, 0x20, 0x20);
    pic_set_irq(p, 12, 0);
    /* A request that vanishes before INTA: spurious IRQ7 without ISR */
    outb(&r, 0x4d0, 0x20);                       /* IRQ5 level-triggered via ELCR */
    pic_set_irq(p, 5, 1);
    pic_set_irq(p, 5, 0);
    CHECK_EQ(r.line[0].level, 1);                /* INT stays up until the INTA */
    CHECK_EQ(pic_acknowledge(p), 0x0f);
    outb(&r, 0x20, 0x0b);
    CHECK_EQ(inb(&r, 0x20), 0x00);
    /* Poll command */
    pic_set_irq(p, 4, 1);
    outb(&r, 0x20, 0x0c);
    CHECK_EQ(inb(&r, 0x20), 0x84);
    outb(&r, 0x20, 0x20);
    /* Automatic EOI: no ISR bit */
    outb(&r, 0x20, 0x11); outb(&r, 0x21, 0x08); outb(&r, 0x21, 0x04); outb(&r, 0x21, 0x03);
    outb(&r, 0x21, 0x00);
    pic_set_irq(p, 6, 1);
    CHECK_EQ(pic_acknowledge(p), 0x0e);
    outb(&r, 0x20, 0x0b);
    CHECK_EQ(inb(&r, 0x20), 0x00);
    /* Rotation: set priority makes IRQ6 lowest, so IRQ7 beats IRQ1 */
    outb(&r, 0x20, 0xc6);
    pic_set_irq(p, 1, 0);
    pic_set_irq(p, 1, 1);
    pic_set_irq(p, 7, 1);
    CHECK_EQ(pic_acknowledge(p), 0x0f);
    rig_free(&r);
    return unit_done();
}
