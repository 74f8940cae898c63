/* System instructions: the descriptor-table registers, control and debug registers, CLTS/LMSW/SMSW, INVLPG,
 * INVD/WBINVD, HLT, CLI/STI (with VME and PVI) and RSM. Selector-based instructions are in descriptors.c, MSRs
 * and SYSENTER in msr.c, CPUID in cpuid.c. */
#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/debug.h"
#include "cpu/except.h"
#include "cpu/flags.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"
#include "cpu/paging.h"
#include "cpu/seg.h"

/* Instructions that only CPL 0 may execute: #GP(0) in protected mode at CPL > 0 and in V86 mode. */
static void require_cpl0(struct cpu *c)
{
    if (c->pe && c->cpl != 0)
        cpu_fault(c, EXC_GP, 0);
}

static unsigned iopl(const struct cpu *c) { return (c->eflags & FL_IOPL) >> 12; }

/* CLI and STI at a privilege level above IOPL change the virtual interrupt flag instead: in V86 mode with
 * CR4.VME, at CPL 3 in protected mode with CR4.PVI. */
static int virtual_if(const struct cpu *c)
{
    return c->v86 ? (c->cr4 & CR4_VME) != 0 : c->cpl == 3 && (c->cr4 & CR4_PVI);
}

void cli(struct cpu *c, const struct insn *i)
{
    (void)i;
    if (!c->pe || (unsigned)c->cpl <= iopl(c))
        c->eflags &= ~FL_IF;
    else if (virtual_if(c))
        c->eflags &= ~FL_VIF;
    else
        cpu_fault(c, EXC_GP, 0);
}

/* STI enables interrupts only after the next instruction (the interrupt shadow). With virtual interrupts, a
 * pending one (VIP) faults so that the monitor can deliver it. */
void sti(struct cpu *c, const struct insn *i)
{
    (void)i;
    if (!c->pe || (unsigned)c->cpl <= iopl(c)) {
        if (!(c->eflags & FL_IF))
            c->irq_shadow_until = c->icount + 2;
        c->eflags |= FL_IF;
    } else if (virtual_if(c) && !(c->eflags & FL_VIP)) {
        c->eflags |= FL_VIF;
    } else {
        cpu_fault(c, EXC_GP, 0);
    }
    cpu_end_block(c);
}

void hlt(struct cpu *c, const struct insn *i)
{
    (void)i;
    require_cpl0(c);
    c->halted = 1;
    cpu_end_block(c);
}

/* RSM: there is no system-management mode, so it is always outside SMM. */
void rsm(struct cpu *c, const struct insn *i)
{
    (void)i;
    cpu_fault(c, EXC_UD, 0);
}

void clts(struct cpu *c, const struct insn *i)
{
    (void)i;
    require_cpl0(c);
    c->cr0 &= ~CR0_TS;
}

/* LGDT/LIDT/SGDT/SIDT: a 16-bit limit and a base; with a 16-bit operand size only 24 bits of the base count, and
 * SGDT/SIDT store the fourth byte as 0. */
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
    seg_linear(c, i->seg, off, 2, SEG_W);
    seg_linear(c, i->seg, (off + 2) & i->amask, 4, SEG_W);
    seg_write16(c, i->seg, off, d->limit);
    seg_write32(c, i->seg, (off + 2) & i->amask, base);
}
void sgdt(struct cpu *c, const struct insn *i) { store_dtr(c, i, &c->gdtr); }
void sidt(struct cpu *c, const struct insn *i) { store_dtr(c, i, &c->idtr); }

static void write_cr0(struct cpu *c, uint32_t v)
{
    if (((v & CR0_PG) && !(v & CR0_PE)) || ((v & CR0_NW) && !(v & CR0_CD)))
        cpu_fault(c, EXC_GP, 0);
    uint32_t old = c->cr0;
    c->cr0 = v | CR0_ET;
    if ((old ^ v) & (CR0_PG | CR0_PE | CR0_WP))
        cpu_tlb_flush(c, 0);
    if ((old & CR0_PE) && !(v & CR0_PE))
        seg_enter_real_mode(c);
    cpu_update_mode(c);
}

/* CR4 bits this processor has: the ones CPUID reports (cpuid.c). OSFXSR goes with FXSR (it only tells FXSAVE
 * about SSE state, of which there is none); OSXMMEXCPT waits for SSE. */
static void write_cr4(struct cpu *c, uint32_t v)
{
    const uint32_t known = CR4_VME | CR4_PVI | CR4_TSD | CR4_DE | CR4_PSE | CR4_PAE | CR4_MCE | CR4_PGE | CR4_PCE |
                           CR4_OSFXSR;
    if (v & ~known)
        cpu_fault(c, EXC_GP, 0);
    uint32_t old = c->cr4;
    if ((old ^ v) & (CR4_PSE | CR4_PAE | CR4_PGE))
        cpu_tlb_flush(c, 0);
    c->cr4 = v;
    if ((old ^ v) & CR4_DE)
        debug_update(c);
    cpu_end_block(c);
}

/* MOV to and from control registers: ModRM.reg names the CR, ModRM.rm the general register (mod is ignored). */
void mov_RdCd(struct cpu *c, const struct insn *i)
{
    if (i->reg == 1 || i->reg > 4)
        cpu_fault(c, EXC_UD, 0);
    require_cpl0(c);
    static const unsigned index[5] = { 0, 0, 1, 2, 3 };
    const uint32_t *cr[4] = { &c->cr0, &c->cr2, &c->cr3, &c->cr4 };
    c->gpr[i->rm] = *cr[index[i->reg]];
}

void mov_CdRd(struct cpu *c, const struct insn *i)
{
    if (i->reg == 1 || i->reg > 4)
        cpu_fault(c, EXC_UD, 0);
    require_cpl0(c);
    uint32_t v = c->gpr[i->rm];
    switch (i->reg) {
    case 0:
        write_cr0(c, v);
        break;
    case 2:
        c->cr2 = v;
        break;
    case 3:
        c->cr3 = v;
        cpu_tlb_flush(c, 1);
        cpu_end_block(c);
        break;
    default:
        write_cr4(c, v);
        break;
    }
}

/* Debug registers: DR4/DR5 are DR6/DR7 unless CR4.DE makes them #UD; DR7.GD turns any access into #DB. */
static unsigned debug_register(struct cpu *c, unsigned n)
{
    require_cpl0(c);
    if (n == 4 || n == 5) {
        if (c->cr4 & CR4_DE)
            cpu_fault(c, EXC_UD, 0);
        n += 2;
    }
    debug_general_detect(c);
    return n;
}

void mov_RdDd(struct cpu *c, const struct insn *i)
{
    c->gpr[i->rm] = c->dr[debug_register(c, i->reg)];
}

/* DR6 and DR7 have fixed bits: on P6, DR6 bits 4-11 and 16-31 read as 1 and bit 12 as 0; DR7 bit 10 reads as 1 and
 * bits 11, 12, 14 and 15 as 0. */
void mov_DdRd(struct cpu *c, const struct insn *i)
{
    unsigned n = debug_register(c, i->reg);
    uint32_t v = c->gpr[i->rm];
    if (n == 6)
        v = (v & 0x0000e00fu) | 0xffff0ff0u;
    else if (n == 7)
        v = (v & 0xffff23ffu) | 0x400;
    c->dr[n] = v;
    if (n != 6)
        debug_update(c);
}

void invlpg(struct cpu *c, const struct insn *i)
{
    require_cpl0(c);
    paging_invalidate(c, c->seg[i->seg].base + ea(c, i));
}

/* INVD/WBINVD: there are no caches to write back. */
void invd(struct cpu *c, const struct insn *i)
{
    (void)i;
    require_cpl0(c);
}

/* LMSW loads PE, MP, EM and TS; it can set PE but never clear it. */
void lmsw(struct cpu *c, const struct insn *i)
{
    require_cpl0(c);
    uint32_t v = load_e16(c, i) & 0xf;
    uint32_t pe = (c->cr0 | v) & CR0_PE;
    c->cr0 = (c->cr0 & ~0xfu) | (v & 0xe) | pe;
    cpu_update_mode(c);
}

/* SMSW is allowed at any privilege level; a 32-bit register destination receives all of CR0. */
void smsw_Ew(struct cpu *c, const struct insn *i) { store_e16(c, i, c->cr0 & 0xffff); }
void smsw_Ed(struct cpu *c, const struct insn *i)
{
    if (i->mod3)
        c->gpr[i->rm] = c->cr0;
    else
        store_e16(c, i, c->cr0 & 0xffff);
}
