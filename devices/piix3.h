/* The Intel 82371SB (PIIX3) PCI-to-ISA bridge at 01.0 (8086:7000) and its IDE function at 01.1 (8086:7010), as in
 * QEMU's "pc" machine.
 *
 * Function 0, the ISA bridge: PIRQRC[A:D] (60h-63h) route the four PCI interrupt lines PIRQA#-PIRQD# to ISA IRQs
 * 3-7, 9-12, 14 or 15 (bit 7 set = not routed). A routed IRQ is the OR of the PIRQs steered to it and reaches the
 * board's ISA interrupt fan-out (8259 and I/O APIC). The PCI levels are active-low on the wires; here 1 means
 * asserted, and the ELCR (in devices/pic.c) makes the 8259 input level-sensitive. The other registers (ISA I/O
 * recovery, X-bus chip select, top of memory, motherboard IRQ/DMA, SMI control) are storage with the datasheet's
 * reset values.
 *
 * Function 1, the IDE controller in legacy (compatibility) mode: the channels keep ports 1F0h/170h and IRQs 14/15
 * (devices/ide.c); BAR4 is the 16-byte bus-master I/O block, offset 0 for the primary and 8 for the secondary
 * channel (devices/ide_busmaster.c). IDETIM (40h-43h) and SIDETIM (44h) are storage. */
#ifndef X86PC_DEVICES_PIIX3_H
#define X86PC_DEVICES_PIIX3_H

#include "devices/ide.h"
#include "devices/pci.h"

enum { PIIX3_PIRQRC = 0x60 };

struct piix3 {
    struct pci_function isa;     /* 01.0 */
    struct pci_function ide;     /* 01.1 */
    struct pci_bus *bus;
    struct ide_channel *channel[2];
    struct irq_line irq[16];     /* the board's ISA interrupt inputs */
    uint16_t irq_out;            /* derived: ISA IRQs the PIRQs drive now */
};

/* `irq` gives the ISA interrupt lines 0-15; channel[0..1] the IDE channels (either may be NULL). */
struct piix3 *piix3_create(const struct board_services *bs, struct pci_bus *bus, const struct irq_line irq[16],
                           struct ide_channel *channel0, struct ide_channel *channel1);

#endif
