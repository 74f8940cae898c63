/* Functions shared by the CPU's own files (not part of its interface to the board). */
#ifndef X86PC_CPU_CPU_INTERNAL_H
#define X86PC_CPU_CPU_INTERNAL_H

#include "cpu/cpu.h"
#include "cpu/insn.h"
#include "cpu/trace.h"
#include "mem/ports.h"

/* Recomputes the derived mode fields (code32, stack32, v86, pe, TLB access bits) after CR0, EFLAGS.VM, CS or SS
 * change. */
void cpu_update_mode(struct cpu *c);
/* Writes EFLAGS under the rules of the current mode: `mask` selects the bits the instruction may change. */
void cpu_write_eflags(struct cpu *c, uint32_t value, uint32_t mask);
/* Ends the current block after this instruction (mode or interrupt-state change, self-modifying code). */
static inline void cpu_end_block(struct cpu *c) { c->stop = 1; }

/* Segment registers (seg.c). */
void seg_load_real(struct cpu *c, unsigned s, uint16_t sel);        /* real and V86 mode */
void seg_load(struct cpu *c, unsigned s, uint16_t sel);             /* MOV/POP Sreg, LDS...: every check */
void seg_load_cs_raw(struct cpu *c, uint16_t sel, uint32_t base, uint32_t limit, uint32_t ar);
void seg_set_cache(struct seg_cache *sc, uint16_t sel, uint32_t base, uint32_t limit, uint32_t ar);
/* Reads the 8-byte descriptor for a selector from the GDT or LDT; returns 0, or -1 past the table limit. */
int seg_read_descriptor(struct cpu *c, uint16_t sel, uint32_t *lo, uint32_t *hi);
uint32_t desc_base(uint32_t lo, uint32_t hi);
uint32_t desc_limit(uint32_t lo, uint32_t hi);
uint32_t desc_ar(uint32_t hi);

/* The protected-mode I/O permission check (io.c): #GP(0) unless every port of the access is allowed. */
void cpu_check_io(struct cpu *c, uint16_t port, unsigned size);
/* Port accesses of IN, OUT, INS and OUTS (after the check), seen by an instruction trace. */
static inline uint32_t cpu_port_in(struct cpu *c, uint16_t port, unsigned size)
{
    uint32_t v = ports_read(c->ports, port, size);
    if (c->trace)
        trace_port(c->trace, c, 0, size, port, v);
    return v;
}
static inline void cpu_port_out(struct cpu *c, uint16_t port, uint32_t value, unsigned size)
{
    if (c->trace)
        trace_port(c->trace, c, 1, size, port, value);
    ports_write(c->ports, port, value, size);
}

/* Hardware task switches (task.c): through a task gate in the IDT. */
enum event_kind;
void cpu_task_gate_event(struct cpu *c, uint16_t tss_sel, int has_error, uint32_t error, int kind);

/* A handler for opcodes this build does not execute yet: #UD, with a note on stderr once per opcode. */
void cpu_unimplemented(struct cpu *c, const struct insn *i);

#endif
