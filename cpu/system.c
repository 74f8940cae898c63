/* System instructions: descriptor tables, control and debug registers, CPUID, MSRs, RDTSC, HLT, CLI/STI, and
 * (still to come) LAR/LSL/VERR/VERW, ARPL, LLDT/LTR, SYSENTER/SYSEXIT. */
#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/except.h"
#include "cpu/flags.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"

void arpl(struct cpu *c, const struct insn *i)
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

void lldt_Ew(struct cpu *c, const struct insn *i)
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

void rsm(struct cpu *c, const struct insn *i)
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


/* Instructions that only CPL 0 may execute (#GP(0) otherwise, V86 mode included). */
static void require_cpl0(struct cpu *c)
{
    if (c->pe && c->cpl != 0)
        cpu_fault(c, EXC_GP, 0);
}

static unsigned iopl(const struct cpu *c) { return (c->eflags & FL_IOPL) >> 12; }

/* CLI/STI: allowed when CPL <= IOPL (always in real mode). */
void cli(struct cpu *c, const struct insn *i)
{
    (void)i;
    if (c->pe && (unsigned)c->cpl > iopl(c))
        cpu_fault(c, EXC_GP, 0);
    c->eflags &= ~FL_IF;
}

/* STI enables interrupts only after the next instruction (the interrupt shadow). */
void sti(struct cpu *c, const struct insn *i)
{
    (void)i;
    if (c->pe && (unsigned)c->cpl > iopl(c))
        cpu_fault(c, EXC_GP, 0);
    if (!(c->eflags & FL_IF))
        c->irq_shadow_until = c->icount + 2;
    c->eflags |= FL_IF;
    cpu_end_block(c);
}

void hlt(struct cpu *c, const struct insn *i)
{
    (void)i;
    require_cpl0(c);
    c->halted = 1;
    cpu_end_block(c);
}

void clts(struct cpu *c, const struct insn *i)
{
    (void)i;
    require_cpl0(c);
    c->cr0 &= ~CR0_TS;
}

/* LGDT/LIDT/SGDT/SIDT: a 16-bit limit and a base; with a 16-bit operand size only 24 bits of the base count. */
static void load_dtr(struct cpu *c, const struct insn *i, struct dtr *d, uint32_t base_mask)
{
    require_cpl0(c);
    uint32_t off = ea(c, i);
    uint32_t limit = seg_read16(c, i->seg, off);
    uint32_t base = seg_read32(c, i->seg, (off + 2) & i->amask);
    d->limit = (uint16_t)limit;
    d->base = base & base_mask;
}
void lgdt_w(struct cpu *c, const struct insn *i) { load_dtr(c, i, &c->gdtr, 0x00ffffffu); }
void lgdt_d(struct cpu *c, const struct insn *i) { load_dtr(c, i, &c->gdtr, 0xffffffffu); }
void lidt_w(struct cpu *c, const struct insn *i) { load_dtr(c, i, &c->idtr, 0x00ffffffu); }
void lidt_d(struct cpu *c, const struct insn *i) { load_dtr(c, i, &c->idtr, 0xffffffffu); }

static void store_dtr(struct cpu *c, const struct insn *i, const struct dtr *d)
{
    uint32_t off = ea(c, i);
    uint32_t base = i->osize32 ? d->base : d->base & 0x00ffffffu;
    seg_linear(c, i->seg, off, 6, SEG_W);
    seg_write16(c, i->seg, off, d->limit);
    seg_write32(c, i->seg, (off + 2) & i->amask, base);
}
void sgdt(struct cpu *c, const struct insn *i) { store_dtr(c, i, &c->gdtr); }
void sidt(struct cpu *c, const struct insn *i) { store_dtr(c, i, &c->idtr); }

/* LMSW loads PE, MP, EM and TS; it can set PE but never clear it. */
void lmsw(struct cpu *c, const struct insn *i)
{
    require_cpl0(c);
    uint32_t v = load_e16(c, i) & 0xf;
    uint32_t pe = (c->cr0 | v) & CR0_PE;
    c->cr0 = (c->cr0 & ~0xfu) | (v & 0xe) | pe;
    cpu_update_mode(c);
}
void smsw_Ew(struct cpu *c, const struct insn *i) { store_e16(c, i, c->cr0 & 0xffff); }
void smsw_Ed(struct cpu *c, const struct insn *i)
{
    if (i->mod3)
        c->gpr[i->rm] = c->cr0;
    else
        store_e16(c, i, c->cr0 & 0xffff);
}

static void write_cr0(struct cpu *c, uint32_t v)
{
    if (((v & CR0_PG) && !(v & CR0_PE)) || ((v & CR0_NW) && !(v & CR0_CD)))
        cpu_fault(c, EXC_GP, 0);
    uint32_t changed = (c->cr0 ^ v) & (CR0_PG | CR0_PE | CR0_WP);
    c->cr0 = v | CR0_ET;
    if (changed)
        cpu_tlb_flush(c, 0);
    cpu_update_mode(c);
}

static void write_cr4(struct cpu *c, uint32_t v)
{
    const uint32_t known = CR4_VME | CR4_PVI | CR4_TSD | CR4_DE | CR4_PSE | CR4_PAE | CR4_MCE | CR4_PGE | CR4_PCE |
                           CR4_OSFXSR | CR4_OSXMMEXCPT;
    if (v & ~known)
        cpu_fault(c, EXC_GP, 0);
    if ((c->cr4 ^ v) & (CR4_PSE | CR4_PAE | CR4_PGE))
        cpu_tlb_flush(c, 0);
    c->cr4 = v;
    cpu_end_block(c);
}

/* MOV to and from control registers: ModRM.reg names the CR, ModRM.rm the general register (mod is ignored). */
void mov_RdCd(struct cpu *c, const struct insn *i)
{
    require_cpl0(c);
    uint32_t v;
    switch (i->reg) {
    case 0: v = c->cr0; break;
    case 2: v = c->cr2; break;
    case 3: v = c->cr3; break;
    case 4: v = c->cr4; break;
    default: cpu_fault(c, EXC_UD, 0);
    }
    c->gpr[i->rm] = v;
}

void mov_CdRd(struct cpu *c, const struct insn *i)
{
    require_cpl0(c);
    uint32_t v = c->gpr[i->rm];
    switch (i->reg) {
    case 0: write_cr0(c, v); break;
    case 2: c->cr2 = v; break;
    case 3:
        c->cr3 = v;
        cpu_tlb_flush(c, 1);
        cpu_end_block(c);
        break;
    case 4: write_cr4(c, v); break;
    default: cpu_fault(c, EXC_UD, 0);
    }
}

/* Debug registers: DR4/DR5 are DR6/DR7 unless CR4.DE makes them #UD. */
static unsigned debug_register(struct cpu *c, unsigned n)
{
    if (n == 4 || n == 5) {
        if (c->cr4 & CR4_DE)
            cpu_fault(c, EXC_UD, 0);
        return n + 2;
    }
    return n;
}
void mov_RdDd(struct cpu *c, const struct insn *i)
{
    require_cpl0(c);
    c->gpr[i->rm] = c->dr[debug_register(c, i->reg)];
}
void mov_DdRd(struct cpu *c, const struct insn *i)
{
    require_cpl0(c);
    unsigned n = debug_register(c, i->reg);
    uint32_t v = c->gpr[i->rm];
    if (n == 6)
        v = (v & 0x0000e00fu) | 0xffff0ff0u;
    else if (n == 7)
        v = (v & 0xffff2bffu) | 0x400;
    c->dr[n] = v;
}

void invlpg(struct cpu *c, const struct insn *i)
{
    require_cpl0(c);
    cpu_tlb_flush_page(c, c->seg[i->seg].base + ea(c, i));
}

/* INVD/WBINVD: there are no caches to write back. */
void invd(struct cpu *c, const struct insn *i)
{
    (void)i;
    require_cpl0(c);
}

/* CPUID: a Pentium II (family 6, model 3) with the features this core implements. The x87 (FPU, FXSR), the
 * local APIC, SYSENTER, VME and debug extensions are reported only once they exist. */
enum {
    CPUID_PSE = 1u << 3, CPUID_TSC = 1u << 4, CPUID_MSR = 1u << 5, CPUID_PAE = 1u << 6, CPUID_CX8 = 1u << 8,
    CPUID_MTRR = 1u << 12, CPUID_PGE = 1u << 13, CPUID_CMOV = 1u << 15, CPUID_PAT = 1u << 16,
};
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
        c->gpr[R_EAX] = 0x0633;
        c->gpr[R_EBX] = 0;
        c->gpr[R_ECX] = 0;
        c->gpr[R_EDX] = CPUID_PSE | CPUID_TSC | CPUID_MSR | CPUID_PAE | CPUID_CX8 | CPUID_MTRR | CPUID_PGE |
                        CPUID_CMOV | CPUID_PAT;
        break;
    default:
        /* Cache descriptors of a Pentium II: 16K/16K L1, 512K L2, TLBs. */
        c->gpr[R_EAX] = 0x03020101;
        c->gpr[R_EBX] = 0;
        c->gpr[R_ECX] = 0;
        c->gpr[R_EDX] = 0x0c040843;
        break;
    }
}

/* The time-stamp counter counts instructions: virtual time, the same on every run. */
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

/* RDPMC: counters exist but count nothing; allowed at CPL 0 or with CR4.PCE. */
void rdpmc(struct cpu *c, const struct insn *i)
{
    (void)i;
    if ((c->pe && c->cpl != 0 && !(c->cr4 & CR4_PCE)) || c->gpr[R_ECX] > 1)
        cpu_fault(c, EXC_GP, 0);
    c->gpr[R_EAX] = 0;
    c->gpr[R_EDX] = 0;
}

/* The MSRs kept as storage; anything else raises #GP(0). Returns a pointer to the storage, or NULL. */
static uint64_t *msr_slot(struct cpu *c, uint32_t msr)
{
    static const uint32_t fixed[11] = { 0x250, 0x258, 0x259, 0x268, 0x269, 0x26a, 0x26b, 0x26c, 0x26d, 0x26e, 0x26f };
    if (msr == 0x1b)
        return &c->apic_base;
    if (msr == 0x2ff)
        return &c->mtrr_def_type;
    if (msr == 0x277)
        return &c->pat;
    if (msr >= 0x200 && msr < 0x210)
        return &c->mtrr_var[msr - 0x200];
    for (unsigned k = 0; k < 11; k++)
        if (msr == fixed[k])
            return &c->mtrr_fixed[k];
    return NULL;
}

void rdmsr(struct cpu *c, const struct insn *i)
{
    (void)i;
    require_cpl0(c);
    uint32_t msr = c->gpr[R_ECX];
    uint64_t v;
    uint64_t *slot = msr_slot(c, msr);
    if (slot)
        v = *slot;
    else if (msr == 0x10)
        v = read_tsc(c);
    else if (msr == 0xfe)
        v = c->mtrr_cap;
    else if (msr == 0x174)
        v = c->sysenter_cs;
    else if (msr == 0x175)
        v = c->sysenter_esp;
    else if (msr == 0x176)
        v = c->sysenter_eip;
    else if (msr == 0x17 || msr == 0x2a || msr == 0x8b)
        v = 0;                   /* platform id, power-on configuration, microcode revision */
    else
        cpu_fault(c, EXC_GP, 0);
    c->gpr[R_EAX] = (uint32_t)v;
    c->gpr[R_EDX] = (uint32_t)(v >> 32);
}

void wrmsr(struct cpu *c, const struct insn *i)
{
    (void)i;
    require_cpl0(c);
    uint32_t msr = c->gpr[R_ECX];
    uint64_t v = (uint64_t)c->gpr[R_EDX] << 32 | c->gpr[R_EAX];
    uint64_t *slot = msr_slot(c, msr);
    if (slot)
        *slot = v;
    else if (msr == 0x10)
        c->tsc_offset = v - c->icount;
    else if (msr == 0x174)
        c->sysenter_cs = (uint32_t)v;
    else if (msr == 0x175)
        c->sysenter_esp = (uint32_t)v;
    else if (msr == 0x176)
        c->sysenter_eip = (uint32_t)v;
    else if (msr != 0x79 && msr != 0x8b)     /* microcode update trigger and signature: accepted, ignored */
        cpu_fault(c, EXC_GP, 0);
}
