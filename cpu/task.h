/* Hardware task switching (task.c) and the TSS fields other parts of the CPU read. */
#ifndef X86PC_CPU_TASK_H
#define X86PC_CPU_TASK_H

#include "cpu/seg.h"

enum task_reason {
    TASK_JMP,                    /* JMP to a TSS or task gate: the old task stops being busy */
    TASK_CALL,                   /* CALL, or an interrupt through a task gate: nesting with NT and the back link */
    TASK_IRET,                   /* IRET with NT: back to the task in the back link */
};

/* Switches to the task whose TSS descriptor is `tss` (the caller has checked that it is a TSS of the right busy
 * state and that the privilege rules allow it). Faults before the old task is saved belong to the old task;
 * later ones to the new task. `ext` is the EXT bit of its error codes. */
void task_switch(struct cpu *c, const struct descriptor *tss, enum task_reason why, uint32_t ext);

/* Looks up the TSS a task gate (or a JMP/CALL to a TSS selector) names: in the GDT, not busy, present; raises
 * #GP/#NP with the TSS selector (| ext) otherwise. */
void task_fetch_available(struct cpu *c, uint16_t sel, uint32_t ext, struct descriptor *tss);

/* SS:ESP for privilege level `pl` from the current TSS; #TS(TR | ext) when the TSS is too short. */
void tss_inner_stack(struct cpu *c, unsigned pl, uint32_t ext, uint16_t *ss, uint32_t *esp);

/* IRET with EFLAGS.NT: returns to the task named by the current TSS's back link. */
void task_return(struct cpu *c);

#endif
