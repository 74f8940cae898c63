/* Data movement: MOV LEA XCHG MOVZX MOVSX CBW CWD BSWAP XLAT LAHF SAHF CMOVcc SETcc NOP. */
#include "cpu/cpu_internal.h"
#include "cpu/flags.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"

void mov_EbGb(struct cpu *c, const struct insn *i) { store_e8(c, i, get_r8(c, i->reg)); }
void mov_EwGw(struct cpu *c, const struct insn *i) { store_e16(c, i, get_r16(c, i->reg)); }
void mov_EdGd(struct cpu *c, const struct insn *i) { store_e32(c, i, get_r32(c, i->reg)); }
void mov_GbEb(struct cpu *c, const struct insn *i) { set_r8(c, i->reg, load_e8(c, i)); }
void mov_GwEw(struct cpu *c, const struct insn *i) { set_r16(c, i->reg, load_e16(c, i)); }
void mov_GdEd(struct cpu *c, const struct insn *i) { set_r32(c, i->reg, load_e32(c, i)); }
void mov_EbIb(struct cpu *c, const struct insn *i) { store_e8(c, i, i->imm); }
void mov_EwIw(struct cpu *c, const struct insn *i) { store_e16(c, i, i->imm); }
void mov_EdId(struct cpu *c, const struct insn *i) { store_e32(c, i, i->imm); }
void mov_ZbIb(struct cpu *c, const struct insn *i) { set_r8(c, i->reg, i->imm); }
void mov_ZwIw(struct cpu *c, const struct insn *i) { set_r16(c, i->reg, i->imm); }
void mov_ZdId(struct cpu *c, const struct insn *i) { set_r32(c, i->reg, i->imm); }

/* moffs forms: the EA recipe holds only the displacement (base and index are R_NONE). */
void mov_ALOb(struct cpu *c, const struct insn *i) { set_r8(c, R_EAX, seg_read8(c, i->seg, ea(c, i))); }
void mov_AXOw(struct cpu *c, const struct insn *i) { set_r16(c, R_EAX, seg_read16(c, i->seg, ea(c, i))); }
void mov_EAXOd(struct cpu *c, const struct insn *i) { c->gpr[R_EAX] = seg_read32(c, i->seg, ea(c, i)); }
void mov_ObAL(struct cpu *c, const struct insn *i) { seg_write8(c, i->seg, ea(c, i), get_r8(c, R_EAX)); }
void mov_OwAX(struct cpu *c, const struct insn *i) { seg_write16(c, i->seg, ea(c, i), get_r16(c, R_EAX)); }
void mov_OdEAX(struct cpu *c, const struct insn *i) { seg_write32(c, i->seg, ea(c, i), c->gpr[R_EAX]); }

void lea_Gw(struct cpu *c, const struct insn *i) { set_r16(c, i->reg, ea(c, i)); }
void lea_Gd(struct cpu *c, const struct insn *i) { set_r32(c, i->reg, ea(c, i)); }

/* XCHG with memory: both values are read (with write intent) before either is written. */
void xchg_EbGb(struct cpu *c, const struct insn *i)
{
    uint32_t m = load_e8_rmw(c, i), r = get_r8(c, i->reg);
    store_e8(c, i, r);
    set_r8(c, i->reg, m);
}
void xchg_EwGw(struct cpu *c, const struct insn *i)
{
    uint32_t m = load_e16_rmw(c, i), r = get_r16(c, i->reg);
    store_e16(c, i, r);
    set_r16(c, i->reg, m);
}
void xchg_EdGd(struct cpu *c, const struct insn *i)
{
    uint32_t m = load_e32_rmw(c, i), r = get_r32(c, i->reg);
    store_e32(c, i, r);
    set_r32(c, i->reg, m);
}
void xchg_ZwAX(struct cpu *c, const struct insn *i)
{
    uint32_t a = get_r16(c, R_EAX);
    set_r16(c, R_EAX, get_r16(c, i->reg));
    set_r16(c, i->reg, a);
}
void xchg_ZdEAX(struct cpu *c, const struct insn *i)
{
    uint32_t a = c->gpr[R_EAX];
    c->gpr[R_EAX] = c->gpr[i->reg];
    c->gpr[i->reg] = a;
}

void movzx_GwEb(struct cpu *c, const struct insn *i) { set_r16(c, i->reg, load_e8(c, i)); }
void movzx_GdEb(struct cpu *c, const struct insn *i) { set_r32(c, i->reg, load_e8(c, i)); }
void movzx_GwEw(struct cpu *c, const struct insn *i) { set_r16(c, i->reg, load_e16(c, i)); }
void movzx_GdEw(struct cpu *c, const struct insn *i) { set_r32(c, i->reg, load_e16(c, i)); }
void movsx_GwEb(struct cpu *c, const struct insn *i) { set_r16(c, i->reg, sext8(load_e8(c, i))); }
void movsx_GdEb(struct cpu *c, const struct insn *i) { set_r32(c, i->reg, sext8(load_e8(c, i))); }
void movsx_GwEw(struct cpu *c, const struct insn *i) { set_r16(c, i->reg, load_e16(c, i)); }
void movsx_GdEw(struct cpu *c, const struct insn *i) { set_r32(c, i->reg, sext16(load_e16(c, i))); }

void cbw(struct cpu *c, const struct insn *i) { (void)i; set_r16(c, R_EAX, sext8(c->gpr[R_EAX])); }
void cwde(struct cpu *c, const struct insn *i) { (void)i; c->gpr[R_EAX] = sext16(c->gpr[R_EAX]); }
void cwd(struct cpu *c, const struct insn *i)
{
    (void)i;
    set_r16(c, R_EDX, (c->gpr[R_EAX] & 0x8000) ? 0xffff : 0);
}
void cdq(struct cpu *c, const struct insn *i)
{
    (void)i;
    c->gpr[R_EDX] = (c->gpr[R_EAX] & 0x80000000u) ? 0xffffffffu : 0;
}

/* BSWAP with a 16-bit operand is undefined; P6 processors leave zero in the 16-bit register. */
void bswap_w(struct cpu *c, const struct insn *i) { set_r16(c, i->reg, 0); }
void bswap_d(struct cpu *c, const struct insn *i) { c->gpr[i->reg] = __builtin_bswap32(c->gpr[i->reg]); }

void xlat(struct cpu *c, const struct insn *i)
{
    uint32_t off = (c->gpr[R_EBX] + get_r8(c, R_EAX)) & i->amask;
    set_r8(c, R_EAX, seg_read8(c, i->seg, off));
}

void lahf(struct cpu *c, const struct insn *i)
{
    (void)i;
    set_r8(c, 4, (cpu_get_eflags(c) & 0xd5) | 2);
}
void sahf(struct cpu *c, const struct insn *i)
{
    (void)i;
    set_some_flags(c, FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF, get_r8(c, 4));
}

void nop(struct cpu *c, const struct insn *i) { (void)c; (void)i; }
/* The 0F 18-1F hint space decodes its ModRM (so the length is right) but touches no memory. */
void nop_Ev(struct cpu *c, const struct insn *i) { (void)c; (void)i; }

/* CMOVcc reads its source even when the condition is false (a bad address faults either way); with a 32-bit
 * operand the destination's upper half is not cleared when false, as on the P6 (there is no upper half here). */
static void cmov_w(struct cpu *c, const struct insn *i, unsigned cc)
{
    uint32_t v = load_e16(c, i);
    if (cond_true(c, cc))
        set_r16(c, i->reg, v);
}
static void cmov_d(struct cpu *c, const struct insn *i, unsigned cc)
{
    uint32_t v = load_e32(c, i);
    if (cond_true(c, cc))
        set_r32(c, i->reg, v);
}
static void setcc(struct cpu *c, const struct insn *i, unsigned cc) { store_e8(c, i, (uint32_t)cond_true(c, cc)); }

void cmovo_w(struct cpu *c, const struct insn *i) { cmov_w(c, i, 0); }
void cmovno_w(struct cpu *c, const struct insn *i) { cmov_w(c, i, 1); }
void cmovb_w(struct cpu *c, const struct insn *i) { cmov_w(c, i, 2); }
void cmovae_w(struct cpu *c, const struct insn *i) { cmov_w(c, i, 3); }
void cmove_w(struct cpu *c, const struct insn *i) { cmov_w(c, i, 4); }
void cmovne_w(struct cpu *c, const struct insn *i) { cmov_w(c, i, 5); }
void cmovbe_w(struct cpu *c, const struct insn *i) { cmov_w(c, i, 6); }
void cmova_w(struct cpu *c, const struct insn *i) { cmov_w(c, i, 7); }
void cmovs_w(struct cpu *c, const struct insn *i) { cmov_w(c, i, 8); }
void cmovns_w(struct cpu *c, const struct insn *i) { cmov_w(c, i, 9); }
void cmovp_w(struct cpu *c, const struct insn *i) { cmov_w(c, i, 10); }
void cmovnp_w(struct cpu *c, const struct insn *i) { cmov_w(c, i, 11); }
void cmovl_w(struct cpu *c, const struct insn *i) { cmov_w(c, i, 12); }
void cmovge_w(struct cpu *c, const struct insn *i) { cmov_w(c, i, 13); }
void cmovle_w(struct cpu *c, const struct insn *i) { cmov_w(c, i, 14); }
void cmovg_w(struct cpu *c, const struct insn *i) { cmov_w(c, i, 15); }
void cmovo_d(struct cpu *c, const struct insn *i) { cmov_d(c, i, 0); }
void cmovno_d(struct cpu *c, const struct insn *i) { cmov_d(c, i, 1); }
void cmovb_d(struct cpu *c, const struct insn *i) { cmov_d(c, i, 2); }
void cmovae_d(struct cpu *c, const struct insn *i) { cmov_d(c, i, 3); }
void cmove_d(struct cpu *c, const struct insn *i) { cmov_d(c, i, 4); }
void cmovne_d(struct cpu *c, const struct insn *i) { cmov_d(c, i, 5); }
void cmovbe_d(struct cpu *c, const struct insn *i) { cmov_d(c, i, 6); }
void cmova_d(struct cpu *c, const struct insn *i) { cmov_d(c, i, 7); }
void cmovs_d(struct cpu *c, const struct insn *i) { cmov_d(c, i, 8); }
void cmovns_d(struct cpu *c, const struct insn *i) { cmov_d(c, i, 9); }
void cmovp_d(struct cpu *c, const struct insn *i) { cmov_d(c, i, 10); }
void cmovnp_d(struct cpu *c, const struct insn *i) { cmov_d(c, i, 11); }
void cmovl_d(struct cpu *c, const struct insn *i) { cmov_d(c, i, 12); }
void cmovge_d(struct cpu *c, const struct insn *i) { cmov_d(c, i, 13); }
void cmovle_d(struct cpu *c, const struct insn *i) { cmov_d(c, i, 14); }
void cmovg_d(struct cpu *c, const struct insn *i) { cmov_d(c, i, 15); }
void seto(struct cpu *c, const struct insn *i) { setcc(c, i, 0); }
void setno(struct cpu *c, const struct insn *i) { setcc(c, i, 1); }
void setb(struct cpu *c, const struct insn *i) { setcc(c, i, 2); }
void setae(struct cpu *c, const struct insn *i) { setcc(c, i, 3); }
void sete(struct cpu *c, const struct insn *i) { setcc(c, i, 4); }
void setne(struct cpu *c, const struct insn *i) { setcc(c, i, 5); }
void setbe(struct cpu *c, const struct insn *i) { setcc(c, i, 6); }
void seta(struct cpu *c, const struct insn *i) { setcc(c, i, 7); }
void sets(struct cpu *c, const struct insn *i) { setcc(c, i, 8); }
void setns(struct cpu *c, const struct insn *i) { setcc(c, i, 9); }
void setp(struct cpu *c, const struct insn *i) { setcc(c, i, 10); }
void setnp(struct cpu *c, const struct insn *i) { setcc(c, i, 11); }
void setl(struct cpu *c, const struct insn *i) { setcc(c, i, 12); }
void setge(struct cpu *c, const struct insn *i) { setcc(c, i, 13); }
void setle(struct cpu *c, const struct insn *i) { setcc(c, i, 14); }
void setg(struct cpu *c, const struct insn *i) { setcc(c, i, 15); }
