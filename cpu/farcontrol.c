/* Far control transfers: far CALL JMP RET through code segments, call gates and task gates. */
#include "cpu/cpu_internal.h"
#include "cpu/handlers.h"

void callf_Ap_d(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void callf_Ap_w(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void callf_Mp_d(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void callf_Mp_w(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void jmpf_Ap_d(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void jmpf_Ap_w(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void jmpf_Mp_d(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void jmpf_Mp_w(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void retf_d(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void retf_w(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}
