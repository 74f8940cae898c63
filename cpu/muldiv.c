/* Multiply and divide: MUL IMUL DIV IDIV (#DE on divide error). */
#include "cpu/cpu_internal.h"
#include "cpu/handlers.h"

void div_Eb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void div_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void div_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void idiv_Eb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void idiv_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void idiv_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void imul_Eb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void imul_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void imul_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void imul_GdEd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void imul_GdEdId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void imul_GwEw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void imul_GwEwIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void mul_Eb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void mul_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void mul_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}
