/* Integer arithmetic and logic: ADD OR ADC SBB AND SUB XOR CMP TEST INC DEC NOT NEG XADD CMPXCHG(8B), flag bits. */
#include "cpu/cpu_internal.h"
#include "cpu/handlers.h"

void adc_ALIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void adc_AXIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void adc_EAXId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void adc_EbGb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void adc_EbIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void adc_EdGd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void adc_EdId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void adc_EwGw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void adc_EwIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void adc_GbEb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void adc_GdEd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void adc_GwEw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void add_ALIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void add_AXIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void add_EAXId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void add_EbGb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void add_EbIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void add_EdGd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void add_EdId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void add_EwGw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void add_EwIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void add_GbEb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void add_GdEd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void add_GwEw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void and_ALIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void and_AXIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void and_EAXId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void and_EbGb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void and_EbIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void and_EdGd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void and_EdId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void and_EwGw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void and_EwIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void and_GbEb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void and_GdEd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void and_GwEw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void clc(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cld(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmc(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmp_ALIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmp_AXIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmp_EAXId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmp_EbGb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmp_EbIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmp_EdGd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmp_EdId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmp_EwGw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmp_EwIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmp_GbEb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmp_GdEd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmp_GwEw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmpxchg8b(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmpxchg_EbGb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmpxchg_EdGd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void cmpxchg_EwGw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void dec_Eb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void dec_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void dec_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void dec_Zd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void dec_Zw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void inc_Eb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void inc_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void inc_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void inc_Zd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void inc_Zw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void neg_Eb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void neg_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void neg_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void not_Eb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void not_Ed(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void not_Ew(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void or_ALIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void or_AXIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void or_EAXId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void or_EbGb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void or_EbIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void or_EdGd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void or_EdId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void or_EwGw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void or_EwIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void or_GbEb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void or_GdEd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void or_GwEw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sbb_ALIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sbb_AXIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sbb_EAXId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sbb_EbGb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sbb_EbIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sbb_EdGd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sbb_EdId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sbb_EwGw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sbb_EwIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sbb_GbEb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sbb_GdEd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sbb_GwEw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void stc(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void std(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sub_ALIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sub_AXIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sub_EAXId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sub_EbGb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sub_EbIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sub_EdGd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sub_EdId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sub_EwGw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sub_EwIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sub_GbEb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sub_GdEd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void sub_GwEw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void test_ALIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void test_AXIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void test_EAXId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void test_EbGb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void test_EbIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void test_EdGd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void test_EdId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void test_EwGw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void test_EwIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void xadd_EbGb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void xadd_EdGd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void xadd_EwGw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void xor_ALIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void xor_AXIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void xor_EAXId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void xor_EbGb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void xor_EbIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void xor_EdGd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void xor_EdId(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void xor_EwGw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void xor_EwIw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void xor_GbEb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void xor_GdEd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void xor_GwEw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}
