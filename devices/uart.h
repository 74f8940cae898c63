/* The 16550A UART (COM1-COM4): registers, 16-byte FIFOs, interrupt identification, modem lines and loopback,
 * with transmit and receive timed by the programmed baud rate on the virtual clock. */
#ifndef X86PC_DEVICES_UART_H
#define X86PC_DEVICES_UART_H

#include "devices/device.h"
#include "devices/serial_backend.h"

enum { UART_FIFO = 16 };

struct uart_fifo {
    uint8_t data[UART_FIFO];
    uint8_t head, count;
};

struct uart {
    uint16_t base;
    struct irq_line irq;
    struct clock *clock;
    struct serial_backend backend;
    /* registers */
    uint8_t ier, lcr, mcr, lsr, msr, scr, fcr;
    uint16_t divisor;
    uint8_t thr_interrupt;       /* the THR-empty interrupt is pending (cleared by reading IIR or writing THR) */
    uint8_t timeout_pending;     /* the receiver timeout interrupt is pending */
    uint8_t tsr, tsr_full;       /* the transmit shift register */
    struct uart_fifo rx, tx;
    uint8_t irq_level;
    struct timer tx_timer;       /* the byte in the shift register has been sent */
    struct timer rx_timeout;     /* four character times without receiver activity */
    struct timer poll_timer;     /* host input is looked at on this tick of virtual time */
};

/* base: 0x3f8, 0x2f8, 0x3e8, 0x2e8; spec: the back end (see serial_backend.h). NULL with err on failure. */
struct uart *uart_create(const struct board_services *bs, uint16_t base, struct irq_line irq, const char *spec,
                         const char *name, char *err, size_t errlen);

#endif
