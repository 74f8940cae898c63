/* System instructions: descriptor tables, control/debug registers, CPUID, MSRs, RDTSC, HLT, CLI/STI, LAR/LSL/VERR/VERW, ARPL, SYSENTER/SYSEXIT. */
#include "cpu/cpu_internal.h"
#include "cpu/handlers.h"

void arpl(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cli(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void clts(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cpuid(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void hlt(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void invd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void invlpg(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void lar_d(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void lar_w(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void lgdt_d(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void lgdt_w(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void lidt_d(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void lidt_w(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void lldt_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void lmsw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void lsl_d(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void lsl_w(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void ltr_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void mov_CdRd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void mov_DdRd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void mov_RdCd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void mov_RdDd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void rdmsr(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void rdpmc(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void rdtsc(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void rsm(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sgdt(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sidt(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sldt_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sldt_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void smsw_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void smsw_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sti(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void str_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void str_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sysenter(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sysexit(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void verr_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void verw_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void wrmsr(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}
