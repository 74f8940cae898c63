/* The 16550A UART (see uart.h). Register behaviour follows the NS16550A datasheet. */
#include "devices/uart.h"

#include <stdlib.h>
#include <string.h>

enum {
    IER_RDA = 1, IER_THRE = 2, IER_RLS = 4, IER_MS = 8,
    LSR_DR = 1, LSR_OE = 2, LSR_PE = 4, LSR_FE = 8, LSR_BI = 0x10, LSR_THRE = 0x20, LSR_TEMT = 0x40,
    LSR_FIFO_ERR = 0x80,
    MCR_DTR = 1, MCR_RTS = 2, MCR_OUT1 = 4, MCR_OUT2 = 8, MCR_LOOP = 0x10,
    MSR_DCTS = 1, MSR_DDSR = 2, MSR_TERI = 4, MSR_DDCD = 8, MSR_CTS = 0x10, MSR_DSR = 0x20, MSR_RI = 0x40,
    MSR_DCD = 0x80,
    FCR_ENABLE = 1, LCR_DLAB = 0x80,
};
static const uint8_t trigger_levels[4] = { 1, 4, 8, 14 };
enum { HOST_POLL_NS = 1000000 };     /* host input is looked at once per virtual millisecond */

static void fifo_push(struct uart_fifo *f, uint8_t v)
{
    f->data[(f->head + f->count) % UART_FIFO] = v;
    f->count++;
}

static uint8_t fifo_pop(struct uart_fifo *f)
{
    uint8_t v = f->data[f->head];
    f->head = (uint8_t)((f->head + 1) % UART_FIFO);
    f->count--;
    return v;
}

static unsigned fifo_capacity(const struct uart *u)
{
    return (u->fcr & FCR_ENABLE) ? UART_FIFO : 1;
}

/* One character on the line: start, data, parity and stop bits at the programmed rate (1.8432 MHz / 16). */
static uint64_t char_time_ns(const struct uart *u)
{
    unsigned bits = 1 + 5 + (u->lcr & 3) + ((u->lcr & 8) ? 1 : 0) + ((u->lcr & 4) ? 2 : 1);
    uint64_t divisor = u->divisor ? u->divisor : 65536;
    return (uint64_t)bits * divisor * 1000000000ull / 115200;
}

/* The highest-priority pending interrupt, as IIR reports it (bit 0 set = none). */
static uint8_t pending_iir(const struct uart *u)
{
    if ((u->ier & IER_RLS) && (u->lsr & (LSR_OE | LSR_PE | LSR_FE | LSR_BI)))
        return 0x06;
    if ((u->ier & IER_RDA) && u->rx.count) {
        if (u->timeout_pending)
            return 0x0c;
        unsigned level = (u->fcr & FCR_ENABLE) ? trigger_levels[u->fcr >> 6] : 1;
        if (u->rx.count >= level)
            return 0x04;
    }
    if ((u->ier & IER_THRE) && u->thr_interrupt)
        return 0x02;
    if ((u->ier & IER_MS) && (u->msr & 0x0f))
        return 0x00;
    return 0x01;
}

/* The IRQ line is gated by OUT2, as on PC serial cards. */
static void update_irq(struct uart *u)
{
    int level = !(pending_iir(u) & 1) && (u->mcr & MCR_OUT2);
    if (level != u->irq_level) {
        u->irq_level = (uint8_t)level;
        irq_set(&u->irq, level);
    }
}

static void receive_byte(struct uart *u, uint8_t v)
{
    if (u->rx.count >= fifo_capacity(u)) {
        /* Overrun. Without FIFOs the new character replaces the unread one in RBR ("destroying the previous
         * character"); with them the FIFO keeps its 16 and the new one is lost in the shift register. */
        u->lsr |= LSR_OE;
        if (!(u->fcr & FCR_ENABLE)) {
            (void)fifo_pop(&u->rx);
            fifo_push(&u->rx, v);
        }
    } else {
        fifo_push(&u->rx, v);
        u->lsr |= LSR_DR;
    }
    u->timeout_pending = 0;
    if (u->fcr & FCR_ENABLE)
        timer_arm_ns(&u->rx_timeout, clock_ns(u->clock) + 4 * char_time_ns(u));
    update_irq(u);
}

/* Starts sending the next byte if the shift register is free. */
static void start_transmit(struct uart *u)
{
    if (u->tsr_full || u->tx.count == 0)
        return;
    u->tsr = fifo_pop(&u->tx);
    u->tsr_full = 1;
    u->lsr &= ~LSR_TEMT;
    if (u->tx.count == 0) {
        u->lsr |= LSR_THRE;
        u->thr_interrupt = 1;
    }
    timer_arm_ns(&u->tx_timer, clock_ns(u->clock) + char_time_ns(u));
    update_irq(u);
}

static void tx_done(void *opaque)
{
    struct uart *u = opaque;
    if (u->mcr & MCR_LOOP)
        receive_byte(u, u->tsr);
    else
        serial_backend_write(&u->backend, u->tsr);
    u->tsr_full = 0;
    if (u->tx.count == 0)
        u->lsr |= LSR_TEMT;
    start_transmit(u);
}

static void rx_timeout(void *opaque)
{
    struct uart *u = opaque;
    if (u->rx.count) {
        u->timeout_pending = 1;
        update_irq(u);
    }
}

/* Host input enters the guest only here, at a virtual-time boundary. */
static void poll_host(void *opaque)
{
    struct uart *u = opaque;
    uint8_t b;
    if (!(u->mcr & MCR_LOOP) && u->rx.count < fifo_capacity(u) && serial_backend_read(&u->backend, &b))
        receive_byte(u, b);
    timer_arm_ns(&u->poll_timer, clock_ns(u->clock) + HOST_POLL_NS);
}

/* In loopback the modem inputs follow the outputs: CTS = RTS, DSR = DTR, RI = OUT1, DCD = OUT2. */
static void update_modem_inputs(struct uart *u)
{
    uint8_t now = 0;
    if (u->mcr & MCR_LOOP) {
        now = (uint8_t)(((u->mcr & MCR_RTS) ? MSR_CTS : 0) | ((u->mcr & MCR_DTR) ? MSR_DSR : 0) |
                        ((u->mcr & MCR_OUT1) ? MSR_RI : 0) | ((u->mcr & MCR_OUT2) ? MSR_DCD : 0));
    } else if (u->backend.kind != SERIAL_NONE) {
        now = MSR_CTS | MSR_DSR | MSR_DCD;    /* a connected peer */
    }
    uint8_t old = u->msr;
    uint8_t delta = 0;
    if ((old ^ now) & MSR_CTS)
        delta |= MSR_DCTS;
    if ((old ^ now) & MSR_DSR)
        delta |= MSR_DDSR;
    if ((old & MSR_RI) && !(now & MSR_RI))
        delta |= MSR_TERI;
    if ((old ^ now) & MSR_DCD)
        delta |= MSR_DDCD;
    u->msr = (uint8_t)(now | (old & 0x0f) | delta);
}

static uint32_t uart_read(void *opaque, uint16_t port, unsigned size)
{
    struct uart *u = opaque;
    (void)size;
    uint8_t v;
    switch (port - u->base) {
    case 0:
        if (u->lcr & LCR_DLAB)
            return u->divisor & 0xff;
        v = u->rx.count ? fifo_pop(&u->rx) : 0;
        if (u->rx.count == 0)
            u->lsr &= ~LSR_DR;
        u->timeout_pending = 0;
        if (u->rx.count && (u->fcr & FCR_ENABLE))
            timer_arm_ns(&u->rx_timeout, clock_ns(u->clock) + 4 * char_time_ns(u));
        update_irq(u);
        return v;
    case 1:
        return (u->lcr & LCR_DLAB) ? u->divisor >> 8 : u->ier;
    case 2:
        v = pending_iir(u);
        if (v == 0x02)
            u->thr_interrupt = 0;    /* reading IIR clears a THR-empty interrupt it reports */
        v |= (u->fcr & FCR_ENABLE) ? 0xc0 : 0;
        update_irq(u);
        return v;
    case 3:
        return u->lcr;
    case 4:
        return u->mcr;
    case 5:
        v = u->lsr;
        u->lsr &= ~(LSR_OE | LSR_PE | LSR_FE | LSR_BI);
        update_irq(u);
        return v;
    case 6:
        v = u->msr;
        u->msr &= 0xf0;
        update_irq(u);
        return v;
    default:
        return u->scr;
    }
}

static void write_fcr(struct uart *u, uint8_t v)
{
    if ((v ^ u->fcr) & FCR_ENABLE) {
        u->rx.count = u->tx.count = 0;      /* changing the FIFO mode clears both FIFOs */
    }
    if (v & 2) {
        u->rx.count = 0;
        u->lsr &= ~LSR_DR;
        u->timeout_pending = 0;
    }
    if (v & 4) {
        u->tx.count = 0;
        u->lsr |= LSR_THRE;
    }
    u->fcr = v & 0xc9;
}

static void uart_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct uart *u = opaque;
    (void)size;
    uint8_t v = (uint8_t)value;
    switch (port - u->base) {
    case 0:
        if (u->lcr & LCR_DLAB) {
            u->divisor = (uint16_t)((u->divisor & 0xff00) | v);
            return;
        }
        if (u->tx.count < fifo_capacity(u))
            fifo_push(&u->tx, v);
        u->lsr &= ~(LSR_THRE | LSR_TEMT);
        u->thr_interrupt = 0;
        start_transmit(u);
        break;
    case 1:
        if (u->lcr & LCR_DLAB) {
            u->divisor = (uint16_t)((u->divisor & 0xff) | v << 8);
            return;
        }
        /* Enabling the THR-empty interrupt with the holding register empty raises it at once. */
        if ((v & IER_THRE) && !(u->ier & IER_THRE) && (u->lsr & LSR_THRE))
            u->thr_interrupt = 1;
        u->ier = v & 0x0f;
        break;
    case 2:
        write_fcr(u, v);
        break;
    case 3:
        u->lcr = v;
        return;
    case 4:
        u->mcr = v & 0x1f;
        update_modem_inputs(u);
        break;
    case 7:
        u->scr = v;
        return;
    default:
        return;                  /* LSR and MSR are read-only */
    }
    update_irq(u);
}

static void uart_reset(void *opaque)
{
    struct uart *u = opaque;
    timer_cancel(&u->tx_timer);
    timer_cancel(&u->rx_timeout);
    u->ier = u->lcr = u->mcr = u->scr = u->fcr = 0;
    u->divisor = 12;             /* 9600 baud */
    u->lsr = LSR_THRE | LSR_TEMT;
    u->msr = 0;
    u->thr_interrupt = u->timeout_pending = 0;
    u->tsr_full = 0;
    u->rx.count = u->tx.count = 0;
    u->rx.head = u->tx.head = 0;
    update_modem_inputs(u);
    u->msr &= 0xf0;
    if (u->irq_level) {
        u->irq_level = 0;
        irq_set(&u->irq, 0);
    }
    if (serial_backend_has_input(&u->backend))
        timer_arm_ns(&u->poll_timer, clock_ns(u->clock) + HOST_POLL_NS);
}

static int uart_post_load(void *opaque)
{
    struct uart *u = opaque;
    if (u->rx.count > UART_FIFO || u->tx.count > UART_FIFO || u->rx.head >= UART_FIFO || u->tx.head >= UART_FIFO)
        return -1;
    irq_set(&u->irq, u->irq_level);
    return 0;
}

/* When the machine stops, bytes the guest already handed to the transmitter still reach the host, so output
 * written just before a power-off is not lost. */
static void flush_transmitter(struct uart *u)
{
    if (u->mcr & MCR_LOOP)
        return;
    if (u->tsr_full)
        serial_backend_write(&u->backend, u->tsr);
    while (u->tx.count)
        serial_backend_write(&u->backend, fifo_pop(&u->tx));
    u->tsr_full = 0;
}

static void uart_destroy(void *opaque)
{
    struct uart *u = opaque;
    flush_transmitter(u);
    timer_cancel(&u->tx_timer);
    timer_cancel(&u->rx_timeout);
    timer_cancel(&u->poll_timer);
    serial_backend_close(&u->backend);
    free(u);
}

static const struct state_field uart_fields[] = {
    STATE_FIELD(struct uart, ier), STATE_FIELD(struct uart, lcr), STATE_FIELD(struct uart, mcr),
    STATE_FIELD(struct uart, lsr), STATE_FIELD(struct uart, msr), STATE_FIELD(struct uart, scr),
    STATE_FIELD(struct uart, fcr), STATE_FIELD(struct uart, divisor), STATE_FIELD(struct uart, thr_interrupt),
    STATE_FIELD(struct uart, timeout_pending), STATE_FIELD(struct uart, tsr), STATE_FIELD(struct uart, tsr_full),
    STATE_ARRAY(struct uart, rx.data), STATE_FIELD(struct uart, rx.head), STATE_FIELD(struct uart, rx.count),
    STATE_ARRAY(struct uart, tx.data), STATE_FIELD(struct uart, tx.head), STATE_FIELD(struct uart, tx.count),
    STATE_FIELD(struct uart, irq_level), STATE_TIMER(struct uart, tx_timer), STATE_TIMER(struct uart, rx_timeout),
    STATE_END,
};

static const struct device_type uart_type = {
    .name = "uart",
    .version = 1,
    .fields = uart_fields,
    .reset = uart_reset,
    .post_load = uart_post_load,
    .destroy = uart_destroy,
};

struct uart *uart_create(const struct board_services *bs, uint16_t base, struct irq_line irq, const char *spec,
                         const char *name, char *err, size_t errlen)
{
    struct uart *u = calloc(1, sizeof *u);
    if (!u) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    u->base = base;
    u->irq = irq;
    u->clock = bs->clock;
    if (serial_backend_open(&u->backend, spec, err, errlen) < 0) {
        free(u);
        return NULL;
    }
    timer_init(&u->tx_timer, bs->clock, tx_done, u, "uart-tx");
    timer_init(&u->rx_timeout, bs->clock, rx_timeout, u, "uart-rx-timeout");
    timer_init(&u->poll_timer, bs->clock, poll_host, u, "uart-host-input");
    if (ports_register(bs->ports, base, 8, uart_read, uart_write, u, name, 0) < 0 ||
        device_register(bs->devices, &uart_type, u, name) < 0) {
        snprintf(err, errlen, "%s: cannot claim ports %#x-%#x", name, base, base + 7);
        uart_destroy(u);
        return NULL;
    }
    uart_reset(u);
    return u;
}
