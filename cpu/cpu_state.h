/* The CPU's saved state for snapshots, and register access for the debuggers (gdb stub, monitor).
 *
 * The saved state is every field of struct cpu the guest can observe (registers, segment caches, descriptor
 * tables, control and debug registers, MSRs, the instruction count that drives the TSC and the clock, pending
 * interrupts and #DB state), written little-endian in one fixed order, so the bytes are the same on every host.
 * Derived fields (mode flags, the TLB, decoded blocks) are recomputed on load, never saved. */
#ifndef X86PC_CPU_CPU_STATE_H
#define X86PC_CPU_CPU_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "cpu/cpu.h"

/* Bumped whenever the order or meaning of the saved fields changes. */
enum { CPU_STATE_VERSION = 1, CPU_FPU_STATE_VERSION = 2 };

/* The size of the saved state in bytes: fixed for a version. */
size_t cpu_state_size(void);
/* Writes cpu_state_size() bytes. */
void cpu_state_save(const struct cpu *c, uint8_t *out);
/* Checks a saved state without applying it: 0, or -1 with a one-line reason. */
int cpu_state_check(const uint8_t *in, size_t len, char *err, size_t errlen);
/* Checks a saved state and, when it is sound, applies it: returns 0, or -1 with a one-line reason in err and c
 * unchanged. Afterwards the TLB and the decoded blocks are empty and the mode is recomputed. */
int cpu_state_load(struct cpu *c, const uint8_t *in, size_t len, char *err, size_t errlen);

/* The x87 state (cpu/fpu/fpu.h), a section of its own (cpu_state.c's visit_fpu lists the fields). */
size_t cpu_fpu_state_size(void);
void cpu_fpu_state_save(const struct cpu *c, uint8_t *out);
int cpu_fpu_state_load(struct cpu *c, const uint8_t *in, size_t len, char *err, size_t errlen);

/* Debugger access. EFLAGS with the lazy arithmetic flags folded in, and written back. */
uint32_t cpu_debug_get_eflags(const struct cpu *c);
void cpu_debug_set_eflags(struct cpu *c, uint32_t value);
/* Loads a segment register as the debugger asks, without any check or fault: real and V86 mode take selector * 16
 * as base; protected mode takes the descriptor words lo and hi, which the caller read from the GDT or LDT. */
void cpu_debug_set_segment(struct cpu *c, unsigned seg, uint16_t sel, uint32_t lo, uint32_t hi);
/* After the debugger wrote registers (control registers included): recomputes the mode, empties the TLB and
 * leaves the current block. */
void cpu_debug_registers_changed(struct cpu *c);

#endif
