/* Shifts and rotates: ROL ROR RCL RCR SHL SHR SAR SHLD SHRD. */
#include "cpu/cpu_internal.h"
#include "cpu/handlers.h"

void rcl_Eb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void rcl_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void rcl_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void rcr_Eb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void rcr_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void rcr_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void rol_Eb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void rol_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void rol_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void ror_Eb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void ror_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void ror_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sar_Eb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sar_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sar_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void shl_Eb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void shl_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void shl_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void shld_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void shld_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void shr_Eb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void shr_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void shr_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void shrd_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void shrd_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}
