/* The HPET (IA-PC High Precision Event Timer, rev 1.0a) at 0xFED00000: a 64-bit main counter at 100 MHz (period
 * 10 ns) and three comparators, described to the OS by the ACPI "HPET" table (bios/acpi.asm).
 *
 * Why it is here: Linux checks its TSC against a watchdog clocksource, the best one that needs no checking itself.
 * Without an HPET that watchdog is the jiffies count until acpi_pm registers (late in the boot), and jiffies lose
 * ticks whenever interrupts stay disabled for more than a tick: the 8250 console prints a whole message with
 * interrupts off, about 7 ms for a line at 115200 baud. Linux then marks the TSC unstable and runs on the ACPI PM
 * timer. With an HPET (as on every PC since the ICH4, and on QEMU's i440FX machine) the HPET is the boot clock
 * event device and the watchdog, and the TSC is kept.
 *
 * Registers (64-bit, read and written as dwords or smaller): 000h capabilities (revision 1, 3 timers, 64-bit
 * counter, legacy replacement capable, vendor 8086h, period in femtoseconds), 010h configuration (ENABLE_CNF,
 * LEG_RT_CNF), 020h interrupt status (level-triggered timers, write 1 to clear), 0F0h main counter (writable while
 * halted), and per timer n at 100h + 20h*n: configuration and capabilities (interrupt type, enable, periodic,
 * 32-bit mode, VAL_SET, routing to I/O APIC inputs 20-23), comparator, FSB route (not supported: reads 0).
 *
 * A comparator fires when the counter (its low 32 bits in 32-bit mode) reaches it. A one-shot comparator fires once
 * per value written; a periodic one then adds its period (the second write after VAL_SET sets the period, as on the
 * chipsets Linux programs for). With LEG_RT_CNF timer 0 drives ISA IRQ 0 (I/O APIC input 2) and timer 1 IRQ 8,
 * and the board disconnects the PIT and the RTC from those lines (hpet_legacy). Everything follows virtual time. */
#ifndef X86PC_DEVICES_HPET_H
#define X86PC_DEVICES_HPET_H

#include "devices/device.h"

#define HPET_DEFAULT_BASE 0xfed00000u
enum { HPET_TIMERS = 3 };

struct hpet_timer {
    uint64_t config;             /* Tn_CONFIG: the writable bits */
    uint64_t cmp;                /* comparator */
    uint64_t period;             /* periodic mode: added to cmp on each match */
    uint8_t level;               /* the timer's interrupt output */
    struct timer fire;
};

struct hpet {
    uint64_t config;             /* general configuration */
    uint64_t isr;                /* general interrupt status (level-triggered timers) */
    uint64_t counter;            /* the main counter while halted, else its value at virtual time 0 (offset) */
    struct hpet_timer t[HPET_TIMERS];
    struct clock *clock;
    struct irq_line legacy[2];   /* ISA IRQ 0 and IRQ 8, for LEG_RT_CNF */
    struct irq_line gsi[4];      /* I/O APIC inputs 20-23 */
};

/* legacy: the board's ISA IRQ 0 and IRQ 8 lines (not gated); gsi: I/O APIC inputs 20..23. */
struct hpet *hpet_create(const struct board_services *bs, uint32_t base, struct irq_line legacy[2],
                         struct irq_line gsi[4]);
/* 1 while legacy replacement routing is on: the PIT (IRQ 0) and the RTC (IRQ 8) are then disconnected. */
int hpet_legacy(const struct hpet *h);

#endif
