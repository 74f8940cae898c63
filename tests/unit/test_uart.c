/* The 16550A through its registers: divisor latch, loopback with FIFOs, interrupt identification and the IRQ
 * line gated by OUT2, THR-empty interrupts, transmit timing at the programmed rate, and a file back end. */
#include "devices/uart.h"
#include "tests/unit/device_rig.h"
#include "tests/unit/unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    struct rig r;
    rig_init(&r);
    char err[128];
    char path[] = "/tmp/x86pc-uart-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    char spec[64];
    snprintf(spec, sizeof spec, "file:%s", path);
    struct uart *u = uart_create(&r.bs, 0x3f8, rig_line(&r, 4), spec, "uart0", err, sizeof err);
    CHECK(u != NULL);
    /* 9600 baud, 8N1 */
    outb(&r, 0x3fb, 0x80);
    outb(&r, 0x3f8, 12);
    outb(&r, 0x3f9, 0);
    CHECK_EQ(inb(&r, 0x3f8), 12);
    outb(&r, 0x3fb, 0x03);
    CHECK_EQ(inb(&r, 0x3fd) & 0x60, 0x60);       /* THRE and TEMT */
    /* A byte takes 10 bit times: about 1.04 ms at 9600 baud */
    outb(&r, 0x3f8, 'A');
    CHECK_EQ(inb(&r, 0x3fd) & 0x40, 0);          /* transmitter busy */
    rig_advance_ns(&r, 1000000);
    CHECK_EQ(inb(&r, 0x3fd) & 0x40, 0);
    rig_advance_ns(&r, 100000);
    CHECK_EQ(inb(&r, 0x3fd) & 0x40, 0x40);
    /* THR-empty interrupt: raised when enabled with the register empty, cleared by reading IIR */
    outb(&r, 0x3fc, 0x08);                       /* OUT2: the IRQ line is connected */
    outb(&r, 0x3f9, 0x02);
    CHECK_EQ(r.line[4].level, 1);
    CHECK_EQ(inb(&r, 0x3fa) & 0x0f, 0x02);
    CHECK_EQ(r.line[4].level, 0);
    CHECK_EQ(inb(&r, 0x3fa) & 0x0f, 0x01);       /* nothing pending */
    /* Loopback with FIFOs: bytes come back into the receiver; data-available at the trigger level (4) */
    outb(&r, 0x3f9, 0x01);
    outb(&r, 0x3fa, 0x47);                       /* FIFO on, clear both, trigger 4 */
    outb(&r, 0x3fc, 0x18);                       /* loopback + OUT2 */
    CHECK_EQ(inb(&r, 0x3fe) & 0xf0, 0x80);       /* DCD follows OUT2 */
    for (int k = 0; k < 4; k++)
        outb(&r, 0x3f8, (uint8_t)('0' + k));
    rig_advance_ns(&r, 5000000);
    CHECK_EQ(inb(&r, 0x3fd) & 0x01, 0x01);
    CHECK_EQ(inb(&r, 0x3fa) & 0xcf, 0xc4);       /* FIFOs on, received data available */
    CHECK_EQ(r.line[4].level, 1);
    char got[5] = { 0 };
    for (int k = 0; k < 4; k++)
        got[k] = (char)inb(&r, 0x3f8);
    CHECK(strcmp(got, "0123") == 0);
    CHECK_EQ(r.line[4].level, 0);
    /* A single byte below the trigger level interrupts after the receiver timeout */
    outb(&r, 0x3f8, 'x');
    rig_advance_ns(&r, 2000000);
    CHECK_EQ(inb(&r, 0x3fa) & 0x0f, 0x01);       /* below the trigger level: nothing yet */
    rig_advance_ns(&r, 5000000);                 /* four character times later: the timeout */
    CHECK_EQ(inb(&r, 0x3fa) & 0x0f, 0x0c);
    CHECK_EQ(inb(&r, 0x3f8), 'x');
    /* Back to normal: bytes reach the back end file, and the scratch register keeps its value */
    outb(&r, 0x3fc, 0x08);
    outb(&r, 0x3ff, 0x5a);
    CHECK_EQ(inb(&r, 0x3ff), 0x5a);
    outb(&r, 0x3f8, 'B');
    rig_advance_ns(&r, 2000000);
    rig_free(&r);
    FILE *f = fopen(path, "rb");
    char buf[8] = { 0 };
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    remove(path);
    CHECK_EQ(n, 2);
    CHECK(strcmp(buf, "AB") == 0);
    return unit_done();
}
