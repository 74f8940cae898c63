/* CPUID: a Pentium II (GenuineIntel, family 6, model 3, stepping 3) that reports exactly the features this core
 * implements. */
#include "cpu/cpu_internal.h"
#include "cpu/handlers.h"

enum { CPUID_SIGNATURE = 0x0633 };

enum {
    CPUID_FPU = 1u << 0,         /* the x87 (cpu/fpu/) */
    CPUID_DE = 1u << 2,          /* debug extensions: CR4.DE, I/O breakpoints */
    CPUID_VME = 1u << 1,         /* virtual-8086 mode extensions (with PVI) */
    CPUID_PSE = 1u << 3, CPUID_TSC = 1u << 4, CPUID_MSR = 1u << 5, CPUID_PAE = 1u << 6, CPUID_MCE = 1u << 7,
    CPUID_CX8 = 1u << 8, CPUID_APIC = 1u << 9, CPUID_SEP = 1u << 11, CPUID_MTRR = 1u << 12, CPUID_PGE = 1u << 13,
    CPUID_CMOV = 1u << 15, CPUID_PAT = 1u << 16, CPUID_FXSR = 1u << 24,
};
enum { CPUID_ECX_TSC_DEADLINE = 1u << 24 };      /* the local APIC timer's TSC-deadline mode (IA32_TSC_DEADLINE) */

/* Not reported: MMX, SSE, MCA (no machine-check banks), PSE-36 (the physical address space ends at 4 GiB). */
static uint32_t feature_edx(const struct cpu *c)
{
    uint32_t f = CPUID_FPU | CPUID_VME | CPUID_DE | CPUID_PSE | CPUID_TSC | CPUID_MSR | CPUID_PAE | CPUID_MCE |
                 CPUID_CX8 | CPUID_SEP | CPUID_MTRR | CPUID_PGE | CPUID_CMOV | CPUID_PAT | CPUID_FXSR;
    /* The APIC bit follows IA32_APIC_BASE's enable bit, and needs a local APIC on the board. */
    if (c->apic_present && (c->apic_base & (1u << 11)))
        f |= CPUID_APIC;
    return f;
}

void cpuid(struct cpu *c, const struct insn *i)
{
    (void)i;
    uint32_t leaf = c->gpr[R_EAX];
    if (leaf > 2)
        leaf = 2;                /* leaves past the maximum return the highest basic leaf, as Intel parts do */
    switch (leaf) {
    case 0:
        c->gpr[R_EAX] = 2;
        c->gpr[R_EBX] = 0x756e6547;              /* "Genu" */
        c->gpr[R_EDX] = 0x49656e69;              /* "ineI" */
        c->gpr[R_ECX] = 0x6c65746e;              /* "ntel" */
        break;
    case 1:
        c->gpr[R_EAX] = CPUID_SIGNATURE;
        c->gpr[R_EBX] = 0;
        c->gpr[R_ECX] = c->apic_present && c->tsc_deadline_write ? CPUID_ECX_TSC_DEADLINE : 0;
        c->gpr[R_EDX] = feature_edx(c);
        break;
    default:
        /* Cache and TLB descriptors of a Pentium II: 16K/16K L1, 512K L2, instruction and data TLBs. */
        c->gpr[R_EAX] = 0x03020101;
        c->gpr[R_EBX] = 0;
        c->gpr[R_ECX] = 0;
        c->gpr[R_EDX] = 0x0c040843;
        break;
    }
}
