/* A parallel port, LPT1 at ports 378h-37Ah with IRQ 7, a standard (SPP) printer port with a bidirectional data
 * register, whose printed bytes go to a host file (-parallel file:PATH).
 *
 * 378h data (the byte on the wires; in input mode, with control bit 5 set, reads show what the device drives:
 * all ones here), 379h status (bit 7 not BUSY, 6 nACK, 5 paper end, 4 SELECT, 3 nERROR; bits 0-2 read as ones),
 * 37Ah control (bit 0 STROBE, 1 AUTOFD, 2 nINIT, 3 SELECT IN, 4 IRQ enable, 5 direction; bits 6-7 read as ones).
 * A byte is printed when the host raises STROBE with nINIT high; the printer then answers with an nACK pulse,
 * which raises IRQ 7 when control bit 4 is set. The printer is always ready (and selected) and never runs out
 * of paper. */
#ifndef X86PC_DEVICES_LPT_H
#define X86PC_DEVICES_LPT_H

#include "devices/device.h"
#include <stdio.h>

struct lpt {
    uint8_t data, control;
    uint8_t ack_pending;         /* nACK low (status bit 6 clear) until the status is read once */
    struct irq_line irq;
    FILE *out;                   /* the printer's paper, or NULL */
    uint64_t printed;            /* bytes printed (for tests and --stats) */
};

/* spec: NULL (a port with nothing attached: printed bytes are dropped) or "file:PATH". Returns NULL with a
 * one-line reason in err. */
struct lpt *lpt_create(const struct board_services *bs, uint16_t base, struct irq_line irq, const char *spec,
                       char *err, size_t errlen);

#endif
