/* The debug machinery: DR0-DR7 breakpoints (instruction, data, I/O), single-step, the task-switch trap and
 * general detect (debug.c).
 *
 * Normally none of this costs anything: blocks run at full speed. When EFLAGS.TF or RF is set, DR7 enables a
 * breakpoint, or a #DB trap is pending, the run loop executes one instruction at a time and calls
 * cpu_debug_before and cpu_debug_after around it (cpu_debug_mode says when). Data breakpoints keep their pages
 * off the TLB's fast path, so every access to them reaches cpu_read_slow/cpu_write_slow, which report it. */
#ifndef X86PC_CPU_DEBUG_H
#define X86PC_CPU_DEBUG_H

#include "cpu/cpu.h"

enum {
    DR6_B0 = 1u << 0, DR6_BD = 1u << 13, DR6_BS = 1u << 14, DR6_BT = 1u << 15,
    DR7_GD = 1u << 13,
};

static inline int cpu_debug_mode(const struct cpu *c)
{
    return (c->eflags & (FL_TF | FL_RF)) || c->dbg_active || c->dbg_pending;
}

/* Before an instruction in debug mode: delivers a pending #DB trap (returns 1: the loop starts over at the
 * handler) or raises an instruction breakpoint (#DB fault); otherwise notes TF and RF and returns 0. */
int cpu_debug_before(struct cpu *c);
/* After the instruction completed: clears RF, delivers the single-step and data/I/O breakpoint traps. */
void cpu_debug_after(struct cpu *c);

/* Recomputes what DR7 enables (after a write to DR0-DR3, DR7 or CR4.DE). */
void debug_update(struct cpu *c);
/* A data access to [lin, lin + size) through the slow path. */
void debug_check_data(struct cpu *c, uint32_t lin, unsigned size, int write);
/* An I/O access (with CR4.DE, R/W = 10 breakpoints watch ports). */
void debug_check_io(struct cpu *c, uint16_t port, unsigned size);
/* Whether a data breakpoint watches an address in the linear page: such pages are never fast in the TLB. */
int debug_page_watched(const struct cpu *c, uint32_t lin);
/* A task switch: local breakpoint enables end with the old task; the new task's T bit asks for a #DB. */
void debug_task_switched(struct cpu *c, int trap);
/* MOV to or from a debug register with DR7.GD set: #DB fault with DR6.BD. */
void debug_general_detect(struct cpu *c);

#endif
