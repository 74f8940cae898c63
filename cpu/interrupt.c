/* Software interrupts and returns: INT n, INT3, INTO, INT1, IRET, BOUND, UD2. */
#include "cpu/cpu_internal.h"
#include "cpu/handlers.h"

void bound_d(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void bound_w(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void int1(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void int3(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void int_Ib(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void into(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void iret_d(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void iret_w(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void ud2(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}
