/* Model-specific registers of a Pentium II and the instructions that reach them: RDMSR/WRMSR, RDTSC, RDPMC and
 * SYSENTER/SYSEXIT (whose target comes from the SYSENTER MSRs). Unknown MSRs raise #GP(0), and so do writes of
 * reserved bits or invalid memory types. */
#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/except.h"
#include "cpu/handlers.h"

enum {
    MSR_TSC = 0x10, MSR_PLATFORM_ID = 0x17, MSR_APIC_BASE = 0x1b, MSR_EBL_CR_POWERON = 0x2a,
    MSR_BIOS_UPDT_TRIG = 0x79, MSR_BIOS_SIGN_ID = 0x8b, MSR_PERFCTR0 = 0xc1, MSR_PERFCTR1 = 0xc2,
    MSR_MTRRCAP = 0xfe, MSR_SYSENTER_CS = 0x174, MSR_SYSENTER_ESP = 0x175, MSR_SYSENTER_EIP = 0x176,
    MSR_EVNTSEL0 = 0x186, MSR_EVNTSEL1 = 0x187, MSR_MTRR_PHYS_FIRST = 0x200, MSR_MTRR_PHYS_LAST = 0x20f,
    MSR_PAT = 0x277, MSR_MTRR_DEF_TYPE = 0x2ff, MSR_TSC_DEADLINE = 0x6e0,
};

/* The physical address width of a P6 (36 bits): higher bits of address-holding MSRs are reserved. */
#define ADDR_RSVD 0xfffffff000000000ull

static void require_cpl0(struct cpu *c)
{
    if (c->pe && c->cpl != 0)
        cpu_fault(c, EXC_GP, 0);
}

/* The time-stamp counter counts virtual time (instructions), the same on every run. */
static uint64_t read_tsc(const struct cpu *c) { return c->icount + c->tsc_offset; }

void rdtsc(struct cpu *c, const struct insn *i)
{
    (void)i;
    if ((c->cr4 & CR4_TSD) && c->pe && c->cpl != 0)
        cpu_fault(c, EXC_GP, 0);
    uint64_t t = read_tsc(c);
    c->gpr[R_EAX] = (uint32_t)t;
    c->gpr[R_EDX] = (uint32_t)(t >> 32);
}

/* RDPMC: counters 0 and 1 hold what software wrote (40 bits); they never count. Allowed at CPL 0 or with
 * CR4.PCE. */
void rdpmc(struct cpu *c, const struct insn *i)
{
    (void)i;
    if ((c->pe && c->cpl != 0 && !(c->cr4 & CR4_PCE)) || c->gpr[R_ECX] > 1)
        cpu_fault(c, EXC_GP, 0);
    uint64_t v = c->perfctr[c->gpr[R_ECX]];
    c->gpr[R_EAX] = (uint32_t)v;
    c->gpr[R_EDX] = (uint32_t)(v >> 32) & 0xff;
}

/* Memory types: UC, WC, WT, WP, WB are valid everywhere; PAT adds UC- (7). */
static int mtrr_type_ok(unsigned t) { return t == 0 || t == 1 || t == 4 || t == 5 || t == 6; }

static int every_byte_ok(uint64_t v, int pat)
{
    for (unsigned k = 0; k < 8; k++) {
        unsigned t = (unsigned)(v >> (8 * k)) & 0xff;
        if (!mtrr_type_ok(t) && !(pat && t == 7))
            return 0;
    }
    return 1;
}

/* The eleven fixed-range MTRRs, in the order of mtrr_fixed[]. */
static int fixed_mtrr_index(uint32_t msr)
{
    static const uint32_t fixed[11] = { 0x250, 0x258, 0x259, 0x268, 0x269, 0x26a, 0x26b, 0x26c, 0x26d, 0x26e,
                                        0x26f };
    for (int k = 0; k < 11; k++)
        if (msr == fixed[k])
            return k;
    return -1;
}

/* Reads an MSR; returns -1 for one this processor does not have. */
static int msr_read(struct cpu *c, uint32_t msr, uint64_t *v)
{
    int fixed = fixed_mtrr_index(msr);
    if (fixed >= 0) {
        *v = c->mtrr_fixed[fixed];
        return 0;
    }
    if (msr >= MSR_MTRR_PHYS_FIRST && msr <= MSR_MTRR_PHYS_LAST) {
        *v = c->mtrr_var[msr - MSR_MTRR_PHYS_FIRST];
        return 0;
    }
    switch (msr) {
    case MSR_TSC: *v = read_tsc(c); break;
    case MSR_APIC_BASE: *v = c->apic_base; break;
    case MSR_TSC_DEADLINE: {
        if (!c->tsc_deadline_read)
            return -1;
        uint64_t d = c->tsc_deadline_read(c->board);
        *v = d ? d + c->tsc_offset : 0;
        break;
    }
    case MSR_MTRRCAP: *v = c->mtrr_cap; break;
    case MSR_MTRR_DEF_TYPE: *v = c->mtrr_def_type; break;
    case MSR_PAT: *v = c->pat; break;
    case MSR_SYSENTER_CS: *v = c->sysenter_cs; break;
    case MSR_SYSENTER_ESP: *v = c->sysenter_esp; break;
    case MSR_SYSENTER_EIP: *v = c->sysenter_eip; break;
    case MSR_PERFCTR0: case MSR_PERFCTR1: *v = c->perfctr[msr - MSR_PERFCTR0]; break;
    case MSR_EVNTSEL0: case MSR_EVNTSEL1: *v = c->evntsel[msr - MSR_EVNTSEL0]; break;
    case MSR_PLATFORM_ID: case MSR_EBL_CR_POWERON: case MSR_BIOS_SIGN_ID: *v = 0; break;
    default: return -1;
    }
    return 0;
}

/* Writes an MSR; returns -1 for one this processor does not have or a value it refuses. */
static int msr_write(struct cpu *c, uint32_t msr, uint64_t v)
{
    int fixed = fixed_mtrr_index(msr);
    if (fixed >= 0) {
        if (!every_byte_ok(v, 0))
            return -1;
        c->mtrr_fixed[fixed] = v;
        return 0;
    }
    if (msr >= MSR_MTRR_PHYS_FIRST && msr <= MSR_MTRR_PHYS_LAST) {
        int is_mask = msr & 1;
        if ((v & (ADDR_RSVD | (is_mask ? 0x7ffu : 0xf00u))) || (!is_mask && !mtrr_type_ok(v & 0xff)))
            return -1;
        c->mtrr_var[msr - MSR_MTRR_PHYS_FIRST] = v;
        return 0;
    }
    switch (msr) {
    case MSR_TSC:
        c->tsc_offset = v - c->icount;
        return 0;
    case MSR_TSC_DEADLINE: {
        /* a deadline at or before the current TSC fires at once; the distance is taken modulo 2^64 */
        if (!c->tsc_deadline_write)
            return -1;
        uint64_t ahead = v - read_tsc(c);
        uint64_t when = v == 0 ? 0 : ahead != 0 && ahead < (1ull << 63) ? c->icount + ahead : c->icount;
        c->tsc_deadline_write(c->board, v != 0 && when == 0 ? 1 : when);
        return 0;
    }
    case MSR_APIC_BASE:          /* BSP (bit 8) is read-only; bits 0-7, 9, 10 and above 35 are reserved */
        if (v & (ADDR_RSVD | 0x6ffu))
            return -1;
        c->apic_base = (v & ~0x100ull) | (c->apic_base & 0x100);
        return 0;
    case MSR_MTRR_DEF_TYPE:
        if ((v & ~0xcffull) || !mtrr_type_ok(v & 0xff))
            return -1;
        c->mtrr_def_type = v;
        return 0;
    case MSR_PAT:
        if (!every_byte_ok(v, 1))
            return -1;
        c->pat = v;
        return 0;
    case MSR_SYSENTER_CS: c->sysenter_cs = (uint32_t)v; return 0;
    case MSR_SYSENTER_ESP: c->sysenter_esp = (uint32_t)v; return 0;
    case MSR_SYSENTER_EIP: c->sysenter_eip = (uint32_t)v; return 0;
    case MSR_PERFCTR0: case MSR_PERFCTR1:    /* a write sets the low 32 bits and sign-extends them to 40 */
        c->perfctr[msr - MSR_PERFCTR0] = (uint64_t)(int64_t)(int32_t)(uint32_t)v & 0xffffffffffull;
        return 0;
    case MSR_EVNTSEL0: case MSR_EVNTSEL1: c->evntsel[msr - MSR_EVNTSEL0] = v & 0xffffffffu; return 0;
    case MSR_BIOS_UPDT_TRIG: case MSR_BIOS_SIGN_ID: return 0;  /* microcode loading: accepted, ignored */
    default: return -1;
    }
}

void rdmsr(struct cpu *c, const struct insn *i)
{
    (void)i;
    require_cpl0(c);
    uint64_t v;
    if (msr_read(c, c->gpr[R_ECX], &v) < 0)
        cpu_fault(c, EXC_GP, 0);
    c->gpr[R_EAX] = (uint32_t)v;
    c->gpr[R_EDX] = (uint32_t)(v >> 32);
}

void wrmsr(struct cpu *c, const struct insn *i)
{
    (void)i;
    require_cpl0(c);
    if (msr_write(c, c->gpr[R_ECX], (uint64_t)c->gpr[R_EDX] << 32 | c->gpr[R_EAX]) < 0)
        cpu_fault(c, EXC_GP, 0);
}

/* SYSENTER and SYSEXIT load flat segments without reading descriptors: CS and SS follow from SYSENTER_CS. */
static void load_flat(struct cpu *c, unsigned s, uint16_t sel, unsigned dpl, int code)
{
    uint32_t ar = 0xc000 | 0x90 | (dpl << 5) | (code ? 0xb : 0x3);
    seg_set_cache(&c->seg[s], sel, 0, 0xffffffffu, ar);
}

void sysenter(struct cpu *c, const struct insn *i)
{
    (void)i;
    if (!c->pe || (c->sysenter_cs & 0xfffc) == 0)
        cpu_fault(c, EXC_GP, 0);
    uint16_t cs = (uint16_t)(c->sysenter_cs & 0xfffc);
    c->eflags &= ~(FL_VM | FL_IF | FL_RF);
    c->cpl = 0;
    load_flat(c, S_CS, cs, 0, 1);
    load_flat(c, S_SS, (uint16_t)(cs + 8), 0, 0);
    c->gpr[R_ESP] = c->sysenter_esp;
    c->eip = c->sysenter_eip;
    cpu_update_mode(c);
}

void sysexit(struct cpu *c, const struct insn *i)
{
    (void)i;
    if (!c->pe || c->v86 || c->cpl != 0 || (c->sysenter_cs & 0xfffc) == 0)
        cpu_fault(c, EXC_GP, 0);
    uint16_t cs = (uint16_t)(c->sysenter_cs & 0xfffc);
    c->cpl = 3;
    load_flat(c, S_CS, (uint16_t)((cs + 16) | 3), 3, 1);
    load_flat(c, S_SS, (uint16_t)((cs + 24) | 3), 3, 0);
    c->gpr[R_ESP] = c->gpr[R_ECX];
    c->eip = c->gpr[R_EDX];
    cpu_update_mode(c);
}
