/* Port I/O: IN OUT, with the IOPL / TSS I/O permission bitmap checks. */
#include "cpu/cpu_internal.h"
#include "cpu/handlers.h"

void in_ALDX(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void in_ALIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void in_AXDX(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void in_AXIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void in_EAXDX(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void in_EAXIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void out_DXAL(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void out_DXAX(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void out_DXEAX(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void out_IbAL(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void out_IbAX(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void out_IbEAX(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}
