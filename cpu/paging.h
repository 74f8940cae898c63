/* Paging operations other instructions need (paging.c); the walk itself is cpu_translate in access.h. */
#ifndef X86PC_CPU_PAGING_H
#define X86PC_CPU_PAGING_H

#include "cpu/cpu.h"

/* INVLPG: drops the TLB's translations of the page (of the whole large page) holding `lin`. */
void paging_invalidate(struct cpu *c, uint32_t lin);

#endif
