/* Segment register moves: MOV Sreg, LDS LES LSS LFS LGS. */
#include "cpu/cpu_internal.h"
#include "cpu/except.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"

/* ModRM.reg numbers the segment registers in the order of enum S_*: ES CS SS DS FS GS; 6 and 7 do not exist. */
void mov_SwEw(struct cpu *c, const struct insn *i)
{
    if (i->reg == S_CS || i->reg >= S_COUNT)
        cpu_fault(c, EXC_UD, 0);
    uint16_t sel = (uint16_t)load_e16(c, i);
    seg_load(c, i->reg, sel);
    if (i->reg == S_SS)
        c->irq_shadow_until = c->icount + 2;    /* MOV SS inhibits interrupts for one instruction */
    cpu_end_block(c);
}

void mov_EwSw(struct cpu *c, const struct insn *i)
{
    if (i->reg >= S_COUNT)
        cpu_fault(c, EXC_UD, 0);
    store_e16(c, i, c->seg[i->reg].sel);
}

/* With a 32-bit operand and a register destination, P6 processors zero the upper half. */
void mov_EdSw(struct cpu *c, const struct insn *i)
{
    if (i->reg >= S_COUNT)
        cpu_fault(c, EXC_UD, 0);
    if (i->mod3)
        c->gpr[i->rm] = c->seg[i->reg].sel;
    else
        store_e16(c, i, c->seg[i->reg].sel);
}

/* Far pointer loads: offset then selector in memory; the segment load's checks come before the register write. */
static void load_far(struct cpu *c, const struct insn *i, unsigned s, unsigned size)
{
    uint32_t off = ea(c, i);
    uint32_t ptr = size == 2 ? seg_read16(c, i->seg, off) : seg_read32(c, i->seg, off);
    uint16_t sel = (uint16_t)seg_read16(c, i->seg, (off + size) & i->amask);
    seg_load(c, s, sel);
    if (size == 2)
        set_r16(c, i->reg, ptr);
    else
        c->gpr[i->reg] = ptr;
    if (s == S_SS)
        cpu_end_block(c);
}
void les_w(struct cpu *c, const struct insn *i) { load_far(c, i, S_ES, 2); }
void les_d(struct cpu *c, const struct insn *i) { load_far(c, i, S_ES, 4); }
void lds_w(struct cpu *c, const struct insn *i) { load_far(c, i, S_DS, 2); }
void lds_d(struct cpu *c, const struct insn *i) { load_far(c, i, S_DS, 4); }
void lss_w(struct cpu *c, const struct insn *i) { load_far(c, i, S_SS, 2); }
void lss_d(struct cpu *c, const struct insn *i) { load_far(c, i, S_SS, 4); }
void lfs_w(struct cpu *c, const struct insn *i) { load_far(c, i, S_FS, 2); }
void lfs_d(struct cpu *c, const struct insn *i) { load_far(c, i, S_FS, 4); }
void lgs_w(struct cpu *c, const struct insn *i) { load_far(c, i, S_GS, 2); }
void lgs_d(struct cpu *c, const struct insn *i) { load_far(c, i, S_GS, 4); }
