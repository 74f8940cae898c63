/* The Intel 82093AA I/O APIC at 0xFEC00000: 24 interrupt inputs, each with a 64-bit redirection entry, delivered
 * as messages on the APIC bus (devices/apic.h).
 *
 * Registers through the index/data pair IOREGSEL (offset 00h) and IOWIN (offset 10h): 00h ID (bits 24-27),
 * 01h version (11h, 24 entries), 02h arbitration ID, 10h-3Fh the redirection table (low dword: vector, delivery
 * mode, destination mode, delivery status, polarity, remote IRR, trigger mode, mask; high dword: destination).
 *
 * Edge-triggered inputs send a message on each rising edge while unmasked. Level-triggered inputs send one while
 * asserted and unmasked with remote IRR clear, set remote IRR, and send again after the local APIC's EOI for that
 * vector clears it if the input is still asserted. Input levels are logical (1 = asserted): the board's lines are
 * already active-high, so the polarity bit is stored but not applied, as in QEMU and Bochs. Entries start masked.
 *
 * On this board ISA IRQ n drives input n, except IRQ 0 (the PIT), which drives input 2, as the MP table's and
 * MADT's interrupt source override say. */
#ifndef X86PC_DEVICES_IOAPIC_H
#define X86PC_DEVICES_IOAPIC_H

#include "devices/apic.h"

#define IOAPIC_DEFAULT_BASE 0xfec00000u
enum { IOAPIC_PINS = 24 };

struct ioapic {
    uint8_t id;
    uint8_t select;              /* IOREGSEL */
    uint64_t redir[IOAPIC_PINS];
    uint32_t levels;             /* input levels, one bit per pin */
    struct apic_bus *bus;
};

struct ioapic *ioapic_create(const struct board_services *bs, struct apic_bus *bus, uint32_t base, uint8_t id);
/* An input changed (the struct irq_line callback signature: n = pin 0-23). */
void ioapic_set_irq(void *ioapic, int pin, int level);
/* The local APICs' EOI broadcast for a level-triggered vector. */
void ioapic_eoi(void *ioapic, uint8_t vector);

#endif
