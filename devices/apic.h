/* The local APIC of a P6-family processor (Intel SDM vol. 3, chapter 10), memory-mapped at 0xFEE00000, and the
 * APIC bus that joins the local APICs and I/O APICs of a board.
 *
 * Registers: ID, version (14h, 5 LVT entries as on a Pentium II), TPR, APR, PPR, EOI, LDR, DFR, SVR, ISR/TMR/IRR,
 * ESR, ICR, the LVT (timer, thermal, performance counter, LINT0, LINT1, error), the timer's initial and current
 * count and divide configuration. 32-bit accesses to the 16-byte aligned registers, as the SDM requires (other
 * sizes read the containing register's bytes).
 *
 * Interrupts reach the CPU as they do from the 8259: `intr_out` is the level of "an interrupt is ready" and the
 * board's INTA callback calls lapic_acknowledge(), which moves the highest pending vector into service (or
 * returns the spurious vector). LINT0 carries the 8259's INTR; with LINT0 in ExtINT mode (virtual wire) the INTA
 * cycle goes on to the 8259 through the `extint_ack` callback the board supplies. While IA32_APIC_BASE bit 11 is
 * clear the APIC is off and LINT0 is the processor's plain INTR pin (the board passes a pointer to that MSR).
 *
 * Timer: one-shot, periodic and TSC-deadline modes on the virtual clock. The count runs at the APIC bus clock
 * (APIC_BUS_HZ, 1 GHz as in QEMU) divided by the divide configuration. TSC-deadline needs the CPU to pass
 * IA32_TSC_DEADLINE writes on (lapic_write_tsc_deadline, in instruction counts: TSC = icount + offset).
 *
 * Reset state per SDM 10.4.7.1, except that the BSP's LINT0 starts in ExtINT mode unmasked, as QEMU does, so
 * firmware that takes 8259 interrupts before (or without) programming the APIC works, as the Bochs BIOS needs
 * (see lapic_reset). Software-disabling the APIC (SVR bit 8 clear) masks every LVT entry and keeps them masked,
 * as the SDM says.
 *
 * The APIC bus: messages from I/O APICs and IPIs are delivered by destination (physical ID, or logical with the
 * flat or cluster model) to every matching local APIC; an EOI for a level-triggered vector is broadcast to the
 * I/O APICs. One CPU today; the bus is there so that each CPU of a multiprocessor board gets its own APIC. */
#ifndef X86PC_DEVICES_APIC_H
#define X86PC_DEVICES_APIC_H

#include "devices/device.h"

#define APIC_DEFAULT_BASE 0xfee00000u
#define APIC_BUS_HZ 1000000000ull
enum { APIC_MAX_CPUS = 16, APIC_MAX_IOAPICS = 2 };

/* Delivery modes (ICR, LVT and I/O APIC redirection entries). */
enum { APIC_DM_FIXED = 0, APIC_DM_LOWEST = 1, APIC_DM_SMI = 2, APIC_DM_NMI = 4, APIC_DM_INIT = 5,
       APIC_DM_STARTUP = 6, APIC_DM_EXTINT = 7 };

/* LVT indexes */
enum { LVT_TIMER, LVT_THERMAL, LVT_PERF, LVT_LINT0, LVT_LINT1, LVT_ERROR, LVT_COUNT };

struct apic_bus;
typedef int apic_extint_ack_fn(void *board);
typedef void apic_eoi_fn(void *ioapic, uint8_t vector);

struct lapic {
    uint8_t id;
    uint32_t tpr, ldr, dfr, svr;
    uint32_t irr[8], isr[8], tmr[8];     /* 256 bits each */
    uint32_t esr, esr_pending;           /* ESR as last latched, errors since */
    uint32_t icr_low, icr_high;
    uint32_t lvt[LVT_COUNT];
    uint32_t timer_initial, timer_divide;
    uint64_t timer_start_ns;             /* when the current count was last loaded with timer_initial */
    uint64_t tsc_deadline;               /* TSC-deadline mode: the deadline in instruction counts, 0 = none */
    uint8_t lint_level[2];
    uint8_t intr_level;
    uint8_t has_tsc_deadline;            /* TSC-deadline mode exists (default); else LVT timer bit 18 is reserved */
    struct timer timer;
    struct clock *clock;
    struct apic_bus *bus;
    const uint64_t *base_msr;            /* IA32_APIC_BASE of this CPU (bit 11: enabled); NULL = always on */
    struct irq_line intr_out;            /* the CPU's INTR */
    struct irq_line nmi_out;             /* the CPU's NMI (rising edge) */
    apic_extint_ack_fn *extint_ack;      /* the 8259's INTA cycle */
    void *board;
};

struct apic_bus {
    struct lapic *cpu[APIC_MAX_CPUS];
    unsigned n_cpus;
    apic_eoi_fn *ioapic_eoi[APIC_MAX_IOAPICS];
    void *ioapic[APIC_MAX_IOAPICS];
    unsigned n_ioapics;
};

/* The bus is plain data owned by the board; zero it (or call apic_bus_init) before use. */
void apic_bus_init(struct apic_bus *bus);
int apic_bus_add_ioapic(struct apic_bus *bus, apic_eoi_fn *eoi, void *ioapic);
/* Delivers an interrupt message to the local APICs that `dest` selects (logical = destination mode). */
void apic_bus_deliver(struct apic_bus *bus, uint8_t dest, int logical, int mode, uint8_t vector, int level);

/* Creates the local APIC of CPU `id`, maps it at `base` and puts it on the bus. */
struct lapic *lapic_create(const struct board_services *bs, struct apic_bus *bus, uint32_t base, uint8_t id,
                           const uint64_t *base_msr, struct irq_line intr_out, struct irq_line nmi_out,
                           apic_extint_ack_fn *extint_ack, void *board);
/* LINT0/LINT1 input level (the struct irq_line callback signature: n = 0 or 1). */
void lapic_set_lint(void *lapic, int n, int level);
/* The INTA cycle: the vector to deliver. */
int lapic_acknowledge(struct lapic *l);
/* Register access by offset in the 4 KiB page (what the MMIO region calls). */
uint32_t lapic_read(struct lapic *l, uint32_t offset);
void lapic_write(struct lapic *l, uint32_t offset, uint32_t value);
/* IA32_TSC_DEADLINE, converted by the caller to instruction counts (0 disarms). */
void lapic_write_tsc_deadline(struct lapic *l, uint64_t deadline_icount);
uint64_t lapic_read_tsc_deadline(const struct lapic *l);

#endif
