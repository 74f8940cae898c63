/* Decimal adjust: DAA DAS AAA AAS AAM AAD, and the undocumented SALC (AL = CF ? FFh : 0), which P6 processors
 * execute. The algorithms are the Intel SDM's; flags the SDM leaves undefined follow the result in AL. */
#include "cpu/cpu_internal.h"
#include "cpu/except.h"
#include "cpu/flags.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"

static void set_flags_al(struct cpu *c, uint32_t al, int cf, int af, int of)
{
    set_flags_result_cfof(c, al & 0xff, 8, cf, of, af);
}

void daa(struct cpu *c, const struct insn *i)
{
    (void)i;
    uint32_t old_al = get_r8(c, R_EAX), al = old_al;
    int old_cf = get_cf(c), cf = 0, af = 0;
    if ((al & 0x0f) > 9 || get_af(c)) {
        cf = old_cf || al + 6 > 0xff;
        al = (al + 6) & 0xff;
        af = 1;
    }
    if (old_al > 0x99 || old_cf) {
        al = (al + 0x60) & 0xff;
        cf = 1;
    } else {
        cf = 0;
    }
    set_r8(c, R_EAX, al);
    set_flags_al(c, al, cf, af, 0);
}

void das(struct cpu *c, const struct insn *i)
{
    (void)i;
    uint32_t old_al = get_r8(c, R_EAX), al = old_al;
    int old_cf = get_cf(c), cf = 0, af = 0;
    if ((al & 0x0f) > 9 || get_af(c)) {
        cf = old_cf || al < 6;
        al = (al - 6) & 0xff;
        af = 1;
    }
    if (old_al > 0x99 || old_cf) {
        al = (al - 0x60) & 0xff;
        cf = 1;
    }
    set_r8(c, R_EAX, al);
    set_flags_al(c, al, cf, af, 0);
}

void aaa(struct cpu *c, const struct insn *i)
{
    (void)i;
    uint32_t ax = get_r16(c, R_EAX);
    int adjust = (ax & 0x0f) > 9 || get_af(c);
    if (adjust)
        ax = (ax + 0x106) & 0xffff;
    ax &= 0xff0f;
    set_r16(c, R_EAX, ax);
    set_flags_al(c, ax & 0xff, adjust, adjust, 0);
}

void aas(struct cpu *c, const struct insn *i)
{
    (void)i;
    uint32_t ax = get_r16(c, R_EAX);
    int adjust = (ax & 0x0f) > 9 || get_af(c);
    if (adjust) {
        ax = (ax - 6) & 0xffff;  /* a 16-bit subtraction: a borrow out of AL reaches AH */
        ax = (ax - 0x100) & 0xffff;
    }
    ax &= 0xff0f;
    set_r16(c, R_EAX, ax);
    set_flags_al(c, ax & 0xff, adjust, adjust, 0);
}

void aam(struct cpu *c, const struct insn *i)
{
    uint32_t base = i->imm & 0xff, al = get_r8(c, R_EAX);
    if (base == 0)
        cpu_fault(c, EXC_DE, 0);
    uint32_t ax = ((al / base) << 8) | (al % base);
    set_r16(c, R_EAX, ax);
    set_flags_al(c, ax & 0xff, 0, 0, 0);
}

/* AAD: AL = AL + AH * base, AH = 0; the flags are those of that 8-bit addition. */
void aad(struct cpu *c, const struct insn *i)
{
    uint32_t base = i->imm & 0xff, al = get_r8(c, R_EAX), ah = (get_r16(c, R_EAX) >> 8) & 0xff;
    uint32_t product = (ah * base) & 0xff, r = (al + product) & 0xff;
    set_r16(c, R_EAX, r);
    set_flags_add(c, al, product, r, 8);
}

void salc(struct cpu *c, const struct insn *i)
{
    (void)i;
    set_r8(c, R_EAX, get_cf(c) ? 0xff : 0);
}
