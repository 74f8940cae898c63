/* The 8259A programmable interrupt controller pair: master at 0x20/0x21 (IRQ 0-7), slave at 0xA0/0xA1 (IRQ 8-15)
 * cascaded on IRQ2, and the ELCR edge/level registers at 0x4D0/0x4D1 (PIIX3). */
#ifndef X86PC_DEVICES_PIC_H
#define X86PC_DEVICES_PIC_H

#include "devices/device.h"

struct pic_chip {
    uint8_t irr, isr, imr;
    uint8_t lines;               /* input line levels */
    uint8_t elcr;                /* 1 = level-triggered */
    uint8_t vector_base;
    uint8_t priority_add;        /* the lowest-priority input is (priority_add - 1) & 7 */
    uint8_t init_step;           /* 0 = ready; 2, 3, 4 = expecting ICW2, ICW3, ICW4 */
    uint8_t needs_icw4, single, level_mode;
    uint8_t auto_eoi, rotate_on_aeoi, special_mask, read_isr, poll;
    uint8_t elcr_mask;           /* ELCR bits that exist (IRQ 0, 1, 2, 8, 13 are always edge) */
    uint8_t int_out;             /* the INT output: raised by a request, held until the INTA sequence */
    uint64_t rise_icount[8];     /* when each input last rose (a pulse within one instruction stays latched) */
};

struct pic {
    struct pic_chip chip[2];
    struct irq_line intr_out;    /* the CPU's INTR line */
    uint8_t intr_level;
    struct clock *clock;
};

struct pic *pic_create(const struct board_services *bs, struct irq_line intr_out);
/* An interrupt request line changed: irq 0-15 (the struct irq_line callback signature). */
void pic_set_irq(void *pic, int irq, int level);
/* The INTA cycle: returns the vector and moves the request into service (spurious 7/15 if it vanished). */
int pic_acknowledge(struct pic *p);
int pic_has_interrupt(const struct pic *p);

#endif
