/* Descriptor checks shared by segment loads, far transfers, interrupts, IRET and task switches (seg.c).
 *
 * Every check here only reads: it fills a struct seg_cache that the caller commits after all of an instruction's
 * checks have passed, so a fault leaves the old state in place. A failing check raises `vector` with the
 * selector (and `ext`, the EXT bit of events not caused by the instruction itself) as error code. */
#ifndef X86PC_CPU_SEG_H
#define X86PC_CPU_SEG_H

#include "cpu/cpu.h"

/* A descriptor as read from the GDT or LDT. */
struct descriptor {
    uint16_t sel;
    uint32_t lo, hi;
    uint32_t ar;                 /* desc_ar(hi) */
};

/* Reads the descriptor of `sel` (not null); past the table limit it raises vector(sel | ext). */
void seg_fetch(struct cpu *c, uint16_t sel, unsigned vector, uint32_t ext, struct descriptor *d);
/* A segment cache from a descriptor, loaded with selector `sel` (whose RPL the caller chose). */
void seg_cache_from(struct seg_cache *sc, uint16_t sel, const struct descriptor *d);
/* Sets the accessed bit of a code or data descriptor in its table (the CPU does this on every load). */
void seg_mark_accessed(struct cpu *c, const struct descriptor *d);

/* SS for privilege level `pl`: a null selector raises vector(null_error); RPL or DPL != pl or not writable data
 * raise vector(sel | ext); not present raises #SS(sel | ext). */
void seg_check_stack(struct cpu *c, uint16_t sel, unsigned pl, unsigned vector, uint32_t null_error, uint32_t ext,
                     struct descriptor *d);
/* DS, ES, FS or GS at privilege level `cpl` (not null): data or readable code, privilege unless conforming code,
 * else vector(sel | ext); not present raises #NP(sel | ext). */
void seg_check_data(struct cpu *c, uint16_t sel, unsigned cpl, unsigned vector, uint32_t ext, struct descriptor *d);

/* The code segment RETF or IRET returns to (not null): RPL >= CPL; conforming with DPL <= RPL, others with
 * DPL = RPL; #GP(sel), or #NP(sel) when not present. */
void seg_check_return_code(struct cpu *c, uint16_t sel, struct descriptor *d);
/* After a return to an outer privilege level: data segment registers the new CPL may not use become null. */
void seg_null_inaccessible(struct cpu *c);
/* PE was just cleared: real mode uses whatever limits the caches hold, but every segment is usable again. */
void seg_enter_real_mode(struct cpu *c);
/* Loads a segment register with the fixed attributes of virtual-8086 mode. */
void seg_load_v86(struct cpu *c, unsigned s, uint16_t sel);

#endif
