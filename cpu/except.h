/* Exceptions and interrupts: raising a fault from a handler, and delivering any event through the IVT or IDT. */
#ifndef X86PC_CPU_EXCEPT_H
#define X86PC_CPU_EXCEPT_H

#include "cpu/cpu.h"

enum event_kind {
    EV_EXCEPTION,                /* a fault or trap raised by the CPU */
    EV_HARDWARE,                 /* INTR or NMI */
    EV_SOFTWARE,                 /* INT n, INTO, INT3: gate DPL is checked, V86 IOPL rules apply */
    EV_ICEBP,                    /* INT1 (F1): like a hardware event for the DPL check */
};

/* A fault: restores EIP to the faulting instruction, delivers the exception (with its error code for the vectors
 * that have one) and leaves the current instruction. */
_Noreturn void cpu_fault(struct cpu *c, unsigned vector, uint32_t error);
/* A trap or software interrupt: delivers with EIP already past the instruction, then leaves it. */
_Noreturn void cpu_raise_event(struct cpu *c, unsigned vector, enum event_kind kind);
/* Delivers an event now (used by the run loop for INTR/NMI, and by the two above). */
void cpu_deliver(struct cpu *c, unsigned vector, enum event_kind kind, int has_error, uint32_t error);

int exception_has_error(unsigned vector);

#endif
