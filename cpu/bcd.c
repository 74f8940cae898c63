/* Decimal adjust: DAA DAS AAA AAS AAM AAD, and SALC. */
#include "cpu/cpu_internal.h"
#include "cpu/handlers.h"

void aaa(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void aad(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void aam(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void aas(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void daa(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void das(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void salc(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}
