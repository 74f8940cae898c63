/* x87 escape opcodes D8-DF and WAIT (the x87 itself is issue 5). */
#include "cpu/cpu_internal.h"
#include "cpu/handlers.h"

void fpu_escape(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void fwait(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}
