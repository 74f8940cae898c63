/* Virtual-8086 mode's IOPL-sensitive instructions under CR4.VME (v86.c): software interrupts redirected through
 * the 8086 program's own vector table, and the virtual interrupt flag (VIF/VIP) seen by PUSHF, POPF and IRET. */
#ifndef X86PC_CPU_V86_H
#define X86PC_CPU_V86_H

#include "cpu/cpu.h"

/* PUSHF/POPF/IRET use the virtual interrupt flag: V86 mode, IOPL < 3 and CR4.VME. */
static inline int v86_virtual_flags(const struct cpu *c)
{
    return c->v86 && (c->eflags & FL_IOPL) != FL_IOPL && (c->cr4 & CR4_VME);
}

/* INT n in V86 mode: returns when the interrupt goes to the protected-mode handler; raises #GP(0) when IOPL
 * forbids it; redirects it to the 8086 handler (and leaves the instruction) when the TSS's redirection bitmap
 * says so. */
void v86_soft_int(struct cpu *c, unsigned vector);
/* 16-bit PUSHF/POPF/IRET with virtual flags (32-bit forms raise #GP(0)). */
void v86_pushf(struct cpu *c, unsigned size);
void v86_popf(struct cpu *c, unsigned size);
void v86_iret(struct cpu *c, unsigned size);

#endif
