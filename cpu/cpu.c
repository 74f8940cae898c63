/* The CPU object: creation, power-on reset, and the derived mode state. */
#include "cpu/cpu.h"
#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/flags.h"
#include "cpu/icache.h"

#include <stdlib.h>
#include <string.h>

struct cpu *cpu_create(struct phys *phys, struct ports *ports)
{
    struct cpu *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->phys = phys;
    c->ports = ports;
    c->icache = icache_create(phys->ram_size);
    if (!c->icache) {
        free(c);
        return NULL;
    }
    static const uint64_t never = UINT64_MAX;
    c->deadline = &never;
    cpu_reset(c);
    return c;
}

void cpu_destroy(struct cpu *c)
{
    if (!c)
        return;
    icache_destroy(c->icache);
    free(c);
}

void seg_set_cache(struct seg_cache *sc, uint16_t sel, uint32_t base, uint32_t limit, uint32_t ar)
{
    sc->sel = sel;
    sc->base = base;
    sc->limit = limit;
    sc->ar = ar;
    int big = AR_DB(ar);
    if (!AR_P(ar) || !AR_S(ar)) {
        sc->ok = 0;
        sc->lo = 1;
        sc->hi = 0;
        return;
    }
    unsigned type = AR_TYPE(ar);
    if (type & 8) {              /* code: executable, readable if bit 1 */
        sc->ok = (uint8_t)(SEG_X | ((type & 2) ? SEG_R : 0));
        sc->lo = 0;
        sc->hi = limit;
    } else {                     /* data: readable, writable if bit 1, expand-down if bit 2 */
        sc->ok = (uint8_t)(SEG_R | ((type & 2) ? SEG_W : 0));
        if (type & 4) {
            sc->lo = limit + 1;
            sc->hi = big ? 0xffffffffu : 0xffffu;
        } else {
            sc->lo = 0;
            sc->hi = limit;
        }
    }
}

void cpu_reset(struct cpu *c)
{
    memset(c->gpr, 0, sizeof c->gpr);
    c->gpr[R_EDX] = 0x0633;      /* family 6, model 3, stepping 3: a Pentium II */
    c->eip = 0xfff0;
    c->eflags = 2;
    c->lf_res = 1;
    c->lf_aux = 0;
    const uint32_t data_ar = 0x93;
    for (unsigned s = 0; s < S_COUNT; s++)
        seg_set_cache(&c->seg[s], 0, 0, 0xffff, data_ar);
    seg_set_cache(&c->seg[S_CS], 0xf000, 0xffff0000u, 0xffff, data_ar);   /* real mode: CS: writes work */
    seg_set_cache(&c->ldtr, 0, 0, 0xffff, 0x82);
    seg_set_cache(&c->tr, 0, 0, 0xffff, 0x8b);
    c->gdtr = (struct dtr){ 0, 0xffff };
    c->idtr = (struct dtr){ 0, 0xffff };
    c->cr0 = CR0_ET | CR0_CD | CR0_NW;
    c->cr2 = c->cr3 = c->cr4 = 0;
    memset(c->dr, 0, sizeof c->dr);
    c->dr[6] = 0xffff0ff0u;
    c->dr[7] = 0x400;
    c->cpl = 0;
    c->tsc_offset = 0;
    c->sysenter_cs = c->sysenter_esp = c->sysenter_eip = 0;
    c->apic_base = 0xfee00000u | (1u << 11) | (1u << 8);
    c->mtrr_cap = 0x508;         /* 8 variable ranges, fixed ranges, write-combining */
    c->mtrr_def_type = 0;
    memset(c->mtrr_fixed, 0, sizeof c->mtrr_fixed);
    memset(c->mtrr_var, 0, sizeof c->mtrr_var);
    c->pat = 0x0007040600070406ull;
    memset(c->perfctr, 0, sizeof c->perfctr);
    memset(c->evntsel, 0, sizeof c->evntsel);
    c->dbg_active = c->dbg_data = c->dbg_step = 0;
    c->dbg_hits = c->dbg_pending = 0;
    c->nmi_pending = c->nmi_blocked = 0;
    c->irq_shadow_until = 0;
    c->halted = 0;
    c->delivering = -1;
    c->shutdown = 0;
    fpu_reset(&c->fpu);
    cpu_update_mode(c);
    cpu_tlb_flush(c, 0);
    icache_flush(c->icache);
}

void cpu_update_mode(struct cpu *c)
{
    c->pe = (c->cr0 & CR0_PE) != 0;
    c->v86 = c->pe && (c->eflags & FL_VM);
    c->code32 = c->pe && !c->v86 && AR_DB(c->seg[S_CS].ar);
    c->stack32 = c->pe && !c->v86 && AR_DB(c->seg[S_SS].ar);
    if (!c->pe)
        c->cpl = 0;
    else if (c->v86)
        c->cpl = 3;
    c->acc_rd = c->cpl == 3 ? TLB_R_USR : TLB_R_SUP;
    c->acc_wr = c->cpl == 3 ? TLB_W_USR : TLB_W_SUP;
    c->stop = 1;
}

void cpu_code_written(void *opaque, uint32_t paddr, unsigned len)
{
    struct cpu *c = opaque;
    if (icache_write(c->icache, paddr, len)) {
        phys_clear_code(c->phys, paddr);
        c->stop = 1;             /* the running block may be one of those just forgotten */
    }
}

void cpu_map_changed(void *opaque)
{
    struct cpu *c = opaque;
    cpu_tlb_flush(c, 0);
    icache_flush(c->icache);
    c->stop = 1;
}
