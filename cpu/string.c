/* String instructions with REP/REPE/REPNE: MOVS CMPS STOS LODS SCAS INS OUTS. */
#include "cpu/cpu_internal.h"
#include "cpu/handlers.h"

void cmpsb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmpsd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmpsw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void insb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void insd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void insw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void lodsb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void lodsd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void lodsw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void movsb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void movsd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void movsw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void outsb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void outsd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void outsw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void scasb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void scasd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void scasw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void stosb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void stosd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void stosw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}
