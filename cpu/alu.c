/* Integer arithmetic and logic: ADD OR ADC SBB AND SUB XOR CMP TEST INC DEC NOT NEG XADD CMPXCHG CMPXCHG8B, and the
 * flag instructions CLC STC CMC CLD STD. Each operation is an inline function on values masked to the operand
 * size; the handlers are one-line combinations of an operation and an operand form. Memory destinations are
 * read with write intent first and written before any flag or register changes. */
#include "cpu/cpu_internal.h"
#include "cpu/flags.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"

static inline uint32_t size_mask(unsigned bits) { return bits == 32 ? 0xffffffffu : (1u << bits) - 1; }

static inline uint32_t alu_add(struct cpu *c, uint32_t a, uint32_t b, unsigned bits)
{
    uint32_t r = (a + b) & size_mask(bits);
    set_flags_add(c, a, b, r, bits);
    return r;
}
static inline uint32_t alu_adc(struct cpu *c, uint32_t a, uint32_t b, unsigned bits)
{
    uint32_t r = (a + b + (uint32_t)get_cf(c)) & size_mask(bits);
    set_flags_add(c, a, b, r, bits);
    return r;
}
static inline uint32_t alu_sub(struct cpu *c, uint32_t a, uint32_t b, unsigned bits)
{
    uint32_t r = (a - b) & size_mask(bits);
    set_flags_sub(c, a, b, r, bits);
    return r;
}
static inline uint32_t alu_sbb(struct cpu *c, uint32_t a, uint32_t b, unsigned bits)
{
    uint32_t r = (a - b - (uint32_t)get_cf(c)) & size_mask(bits);
    set_flags_sub(c, a, b, r, bits);
    return r;
}
static inline uint32_t alu_cmp(struct cpu *c, uint32_t a, uint32_t b, unsigned bits) { return alu_sub(c, a, b, bits); }
static inline uint32_t alu_and(struct cpu *c, uint32_t a, uint32_t b, unsigned bits)
{
    set_flags_logic(c, a & b, bits);
    return a & b;
}
static inline uint32_t alu_or(struct cpu *c, uint32_t a, uint32_t b, unsigned bits)
{
    set_flags_logic(c, a | b, bits);
    return a | b;
}
static inline uint32_t alu_xor(struct cpu *c, uint32_t a, uint32_t b, unsigned bits)
{
    set_flags_logic(c, a ^ b, bits);
    return a ^ b;
}

typedef uint32_t alu_fn(struct cpu *c, uint32_t a, uint32_t b, unsigned bits);

/* Operand forms. `store` is 0 for CMP and TEST, which only set flags. */
static inline void form_EbGb(struct cpu *c, const struct insn *i, alu_fn *op, int store)
{
    uint32_t a = store ? load_e8_rmw(c, i) : load_e8(c, i);
    uint32_t r = op(c, a, get_r8(c, i->reg), 8);
    if (store)
        store_e8(c, i, r);
}
static inline void form_EwGw(struct cpu *c, const struct insn *i, alu_fn *op, int store)
{
    uint32_t a = store ? load_e16_rmw(c, i) : load_e16(c, i);
    uint32_t r = op(c, a, get_r16(c, i->reg), 16);
    if (store)
        store_e16(c, i, r);
}
static inline void form_EdGd(struct cpu *c, const struct insn *i, alu_fn *op, int store)
{
    uint32_t a = store ? load_e32_rmw(c, i) : load_e32(c, i);
    uint32_t r = op(c, a, c->gpr[i->reg], 32);
    if (store)
        store_e32(c, i, r);
}
static inline void form_EbIb(struct cpu *c, const struct insn *i, alu_fn *op, int store)
{
    uint32_t a = store ? load_e8_rmw(c, i) : load_e8(c, i);
    uint32_t r = op(c, a, i->imm & 0xff, 8);
    if (store)
        store_e8(c, i, r);
}
static inline void form_EwIw(struct cpu *c, const struct insn *i, alu_fn *op, int store)
{
    uint32_t a = store ? load_e16_rmw(c, i) : load_e16(c, i);
    uint32_t r = op(c, a, i->imm & 0xffff, 16);
    if (store)
        store_e16(c, i, r);
}
static inline void form_EdId(struct cpu *c, const struct insn *i, alu_fn *op, int store)
{
    uint32_t a = store ? load_e32_rmw(c, i) : load_e32(c, i);
    uint32_t r = op(c, a, i->imm, 32);
    if (store)
        store_e32(c, i, r);
}
static inline void form_GbEb(struct cpu *c, const struct insn *i, alu_fn *op, int store)
{
    uint32_t r = op(c, get_r8(c, i->reg), load_e8(c, i), 8);
    if (store)
        set_r8(c, i->reg, r);
}
static inline void form_GwEw(struct cpu *c, const struct insn *i, alu_fn *op, int store)
{
    uint32_t r = op(c, get_r16(c, i->reg), load_e16(c, i), 16);
    if (store)
        set_r16(c, i->reg, r);
}
static inline void form_GdEd(struct cpu *c, const struct insn *i, alu_fn *op, int store)
{
    uint32_t r = op(c, c->gpr[i->reg], load_e32(c, i), 32);
    if (store)
        c->gpr[i->reg] = r;
}
static inline void form_ALIb(struct cpu *c, const struct insn *i, alu_fn *op, int store)
{
    uint32_t r = op(c, get_r8(c, R_EAX), i->imm & 0xff, 8);
    if (store)
        set_r8(c, R_EAX, r);
}
static inline void form_AXIw(struct cpu *c, const struct insn *i, alu_fn *op, int store)
{
    uint32_t r = op(c, get_r16(c, R_EAX), i->imm & 0xffff, 16);
    if (store)
        set_r16(c, R_EAX, r);
}
static inline void form_EAXId(struct cpu *c, const struct insn *i, alu_fn *op, int store)
{
    uint32_t r = op(c, c->gpr[R_EAX], i->imm, 32);
    if (store)
        c->gpr[R_EAX] = r;
}

void add_EbGb(struct cpu *c, const struct insn *i) { form_EbGb(c, i, alu_add, 1); }
void add_EwGw(struct cpu *c, const struct insn *i) { form_EwGw(c, i, alu_add, 1); }
void add_EdGd(struct cpu *c, const struct insn *i) { form_EdGd(c, i, alu_add, 1); }
void add_GbEb(struct cpu *c, const struct insn *i) { form_GbEb(c, i, alu_add, 1); }
void add_GwEw(struct cpu *c, const struct insn *i) { form_GwEw(c, i, alu_add, 1); }
void add_GdEd(struct cpu *c, const struct insn *i) { form_GdEd(c, i, alu_add, 1); }
void add_ALIb(struct cpu *c, const struct insn *i) { form_ALIb(c, i, alu_add, 1); }
void add_AXIw(struct cpu *c, const struct insn *i) { form_AXIw(c, i, alu_add, 1); }
void add_EAXId(struct cpu *c, const struct insn *i) { form_EAXId(c, i, alu_add, 1); }
void add_EbIb(struct cpu *c, const struct insn *i) { form_EbIb(c, i, alu_add, 1); }
void add_EwIw(struct cpu *c, const struct insn *i) { form_EwIw(c, i, alu_add, 1); }
void add_EdId(struct cpu *c, const struct insn *i) { form_EdId(c, i, alu_add, 1); }

void or_EbGb(struct cpu *c, const struct insn *i) { form_EbGb(c, i, alu_or, 1); }
void or_EwGw(struct cpu *c, const struct insn *i) { form_EwGw(c, i, alu_or, 1); }
void or_EdGd(struct cpu *c, const struct insn *i) { form_EdGd(c, i, alu_or, 1); }
void or_GbEb(struct cpu *c, const struct insn *i) { form_GbEb(c, i, alu_or, 1); }
void or_GwEw(struct cpu *c, const struct insn *i) { form_GwEw(c, i, alu_or, 1); }
void or_GdEd(struct cpu *c, const struct insn *i) { form_GdEd(c, i, alu_or, 1); }
void or_ALIb(struct cpu *c, const struct insn *i) { form_ALIb(c, i, alu_or, 1); }
void or_AXIw(struct cpu *c, const struct insn *i) { form_AXIw(c, i, alu_or, 1); }
void or_EAXId(struct cpu *c, const struct insn *i) { form_EAXId(c, i, alu_or, 1); }
void or_EbIb(struct cpu *c, const struct insn *i) { form_EbIb(c, i, alu_or, 1); }
void or_EwIw(struct cpu *c, const struct insn *i) { form_EwIw(c, i, alu_or, 1); }
void or_EdId(struct cpu *c, const struct insn *i) { form_EdId(c, i, alu_or, 1); }

void adc_EbGb(struct cpu *c, const struct insn *i) { form_EbGb(c, i, alu_adc, 1); }
void adc_EwGw(struct cpu *c, const struct insn *i) { form_EwGw(c, i, alu_adc, 1); }
void adc_EdGd(struct cpu *c, const struct insn *i) { form_EdGd(c, i, alu_adc, 1); }
void adc_GbEb(struct cpu *c, const struct insn *i) { form_GbEb(c, i, alu_adc, 1); }
void adc_GwEw(struct cpu *c, const struct insn *i) { form_GwEw(c, i, alu_adc, 1); }
void adc_GdEd(struct cpu *c, const struct insn *i) { form_GdEd(c, i, alu_adc, 1); }
void adc_ALIb(struct cpu *c, const struct insn *i) { form_ALIb(c, i, alu_adc, 1); }
void adc_AXIw(struct cpu *c, const struct insn *i) { form_AXIw(c, i, alu_adc, 1); }
void adc_EAXId(struct cpu *c, const struct insn *i) { form_EAXId(c, i, alu_adc, 1); }
void adc_EbIb(struct cpu *c, const struct insn *i) { form_EbIb(c, i, alu_adc, 1); }
void adc_EwIw(struct cpu *c, const struct insn *i) { form_EwIw(c, i, alu_adc, 1); }
void adc_EdId(struct cpu *c, const struct insn *i) { form_EdId(c, i, alu_adc, 1); }

void sbb_EbGb(struct cpu *c, const struct insn *i) { form_EbGb(c, i, alu_sbb, 1); }
void sbb_EwGw(struct cpu *c, const struct insn *i) { form_EwGw(c, i, alu_sbb, 1); }
void sbb_EdGd(struct cpu *c, const struct insn *i) { form_EdGd(c, i, alu_sbb, 1); }
void sbb_GbEb(struct cpu *c, const struct insn *i) { form_GbEb(c, i, alu_sbb, 1); }
void sbb_GwEw(struct cpu *c, const struct insn *i) { form_GwEw(c, i, alu_sbb, 1); }
void sbb_GdEd(struct cpu *c, const struct insn *i) { form_GdEd(c, i, alu_sbb, 1); }
void sbb_ALIb(struct cpu *c, const struct insn *i) { form_ALIb(c, i, alu_sbb, 1); }
void sbb_AXIw(struct cpu *c, const struct insn *i) { form_AXIw(c, i, alu_sbb, 1); }
void sbb_EAXId(struct cpu *c, const struct insn *i) { form_EAXId(c, i, alu_sbb, 1); }
void sbb_EbIb(struct cpu *c, const struct insn *i) { form_EbIb(c, i, alu_sbb, 1); }
void sbb_EwIw(struct cpu *c, const struct insn *i) { form_EwIw(c, i, alu_sbb, 1); }
void sbb_EdId(struct cpu *c, const struct insn *i) { form_EdId(c, i, alu_sbb, 1); }

void and_EbGb(struct cpu *c, const struct insn *i) { form_EbGb(c, i, alu_and, 1); }
void and_EwGw(struct cpu *c, const struct insn *i) { form_EwGw(c, i, alu_and, 1); }
void and_EdGd(struct cpu *c, const struct insn *i) { form_EdGd(c, i, alu_and, 1); }
void and_GbEb(struct cpu *c, const struct insn *i) { form_GbEb(c, i, alu_and, 1); }
void and_GwEw(struct cpu *c, const struct insn *i) { form_GwEw(c, i, alu_and, 1); }
void and_GdEd(struct cpu *c, const struct insn *i) { form_GdEd(c, i, alu_and, 1); }
void and_ALIb(struct cpu *c, const struct insn *i) { form_ALIb(c, i, alu_and, 1); }
void and_AXIw(struct cpu *c, const struct insn *i) { form_AXIw(c, i, alu_and, 1); }
void and_EAXId(struct cpu *c, const struct insn *i) { form_EAXId(c, i, alu_and, 1); }
void and_EbIb(struct cpu *c, const struct insn *i) { form_EbIb(c, i, alu_and, 1); }
void and_EwIw(struct cpu *c, const struct insn *i) { form_EwIw(c, i, alu_and, 1); }
void and_EdId(struct cpu *c, const struct insn *i) { form_EdId(c, i, alu_and, 1); }

void sub_EbGb(struct cpu *c, const struct insn *i) { form_EbGb(c, i, alu_sub, 1); }
void sub_EwGw(struct cpu *c, const struct insn *i) { form_EwGw(c, i, alu_sub, 1); }
void sub_EdGd(struct cpu *c, const struct insn *i) { form_EdGd(c, i, alu_sub, 1); }
void sub_GbEb(struct cpu *c, const struct insn *i) { form_GbEb(c, i, alu_sub, 1); }
void sub_GwEw(struct cpu *c, const struct insn *i) { form_GwEw(c, i, alu_sub, 1); }
void sub_GdEd(struct cpu *c, const struct insn *i) { form_GdEd(c, i, alu_sub, 1); }
void sub_ALIb(struct cpu *c, const struct insn *i) { form_ALIb(c, i, alu_sub, 1); }
void sub_AXIw(struct cpu *c, const struct insn *i) { form_AXIw(c, i, alu_sub, 1); }
void sub_EAXId(struct cpu *c, const struct insn *i) { form_EAXId(c, i, alu_sub, 1); }
void sub_EbIb(struct cpu *c, const struct insn *i) { form_EbIb(c, i, alu_sub, 1); }
void sub_EwIw(struct cpu *c, const struct insn *i) { form_EwIw(c, i, alu_sub, 1); }
void sub_EdId(struct cpu *c, const struct insn *i) { form_EdId(c, i, alu_sub, 1); }

void xor_EbGb(struct cpu *c, const struct insn *i) { form_EbGb(c, i, alu_xor, 1); }
void xor_EwGw(struct cpu *c, const struct insn *i) { form_EwGw(c, i, alu_xor, 1); }
void xor_EdGd(struct cpu *c, const struct insn *i) { form_EdGd(c, i, alu_xor, 1); }
void xor_GbEb(struct cpu *c, const struct insn *i) { form_GbEb(c, i, alu_xor, 1); }
void xor_GwEw(struct cpu *c, const struct insn *i) { form_GwEw(c, i, alu_xor, 1); }
void xor_GdEd(struct cpu *c, const struct insn *i) { form_GdEd(c, i, alu_xor, 1); }
void xor_ALIb(struct cpu *c, const struct insn *i) { form_ALIb(c, i, alu_xor, 1); }
void xor_AXIw(struct cpu *c, const struct insn *i) { form_AXIw(c, i, alu_xor, 1); }
void xor_EAXId(struct cpu *c, const struct insn *i) { form_EAXId(c, i, alu_xor, 1); }
void xor_EbIb(struct cpu *c, const struct insn *i) { form_EbIb(c, i, alu_xor, 1); }
void xor_EwIw(struct cpu *c, const struct insn *i) { form_EwIw(c, i, alu_xor, 1); }
void xor_EdId(struct cpu *c, const struct insn *i) { form_EdId(c, i, alu_xor, 1); }

void cmp_EbGb(struct cpu *c, const struct insn *i) { form_EbGb(c, i, alu_cmp, 0); }
void cmp_EwGw(struct cpu *c, const struct insn *i) { form_EwGw(c, i, alu_cmp, 0); }
void cmp_EdGd(struct cpu *c, const struct insn *i) { form_EdGd(c, i, alu_cmp, 0); }
void cmp_GbEb(struct cpu *c, const struct insn *i) { form_GbEb(c, i, alu_cmp, 0); }
void cmp_GwEw(struct cpu *c, const struct insn *i) { form_GwEw(c, i, alu_cmp, 0); }
void cmp_GdEd(struct cpu *c, const struct insn *i) { form_GdEd(c, i, alu_cmp, 0); }
void cmp_ALIb(struct cpu *c, const struct insn *i) { form_ALIb(c, i, alu_cmp, 0); }
void cmp_AXIw(struct cpu *c, const struct insn *i) { form_AXIw(c, i, alu_cmp, 0); }
void cmp_EAXId(struct cpu *c, const struct insn *i) { form_EAXId(c, i, alu_cmp, 0); }
void cmp_EbIb(struct cpu *c, const struct insn *i) { form_EbIb(c, i, alu_cmp, 0); }
void cmp_EwIw(struct cpu *c, const struct insn *i) { form_EwIw(c, i, alu_cmp, 0); }
void cmp_EdId(struct cpu *c, const struct insn *i) { form_EdId(c, i, alu_cmp, 0); }

void test_EbGb(struct cpu *c, const struct insn *i) { form_EbGb(c, i, alu_and, 0); }
void test_EwGw(struct cpu *c, const struct insn *i) { form_EwGw(c, i, alu_and, 0); }
void test_EdGd(struct cpu *c, const struct insn *i) { form_EdGd(c, i, alu_and, 0); }
void test_ALIb(struct cpu *c, const struct insn *i) { form_ALIb(c, i, alu_and, 0); }
void test_AXIw(struct cpu *c, const struct insn *i) { form_AXIw(c, i, alu_and, 0); }
void test_EAXId(struct cpu *c, const struct insn *i) { form_EAXId(c, i, alu_and, 0); }
void test_EbIb(struct cpu *c, const struct insn *i) { form_EbIb(c, i, alu_and, 0); }
void test_EwIw(struct cpu *c, const struct insn *i) { form_EwIw(c, i, alu_and, 0); }
void test_EdId(struct cpu *c, const struct insn *i) { form_EdId(c, i, alu_and, 0); }

/* INC and DEC leave CF as it was. */
static uint32_t inc_value(struct cpu *c, uint32_t a, unsigned bits)
{
    int cf = get_cf(c);
    uint32_t r = alu_add(c, a, 1, bits);
    set_cf(c, cf);
    return r;
}
static uint32_t dec_value(struct cpu *c, uint32_t a, unsigned bits)
{
    int cf = get_cf(c);
    uint32_t r = alu_sub(c, a, 1, bits);
    set_cf(c, cf);
    return r;
}
void inc_Eb(struct cpu *c, const struct insn *i) { store_e8(c, i, inc_value(c, load_e8_rmw(c, i), 8)); }
void inc_Ew(struct cpu *c, const struct insn *i) { store_e16(c, i, inc_value(c, load_e16_rmw(c, i), 16)); }
void inc_Ed(struct cpu *c, const struct insn *i) { store_e32(c, i, inc_value(c, load_e32_rmw(c, i), 32)); }
void dec_Eb(struct cpu *c, const struct insn *i) { store_e8(c, i, dec_value(c, load_e8_rmw(c, i), 8)); }
void dec_Ew(struct cpu *c, const struct insn *i) { store_e16(c, i, dec_value(c, load_e16_rmw(c, i), 16)); }
void dec_Ed(struct cpu *c, const struct insn *i) { store_e32(c, i, dec_value(c, load_e32_rmw(c, i), 32)); }
void inc_Zw(struct cpu *c, const struct insn *i) { set_r16(c, i->reg, inc_value(c, get_r16(c, i->reg), 16)); }
void inc_Zd(struct cpu *c, const struct insn *i) { c->gpr[i->reg] = inc_value(c, c->gpr[i->reg], 32); }
void dec_Zw(struct cpu *c, const struct insn *i) { set_r16(c, i->reg, dec_value(c, get_r16(c, i->reg), 16)); }
void dec_Zd(struct cpu *c, const struct insn *i) { c->gpr[i->reg] = dec_value(c, c->gpr[i->reg], 32); }

/* NOT changes no flags; NEG sets them as 0 - x (CF = x != 0). */
void not_Eb(struct cpu *c, const struct insn *i) { store_e8(c, i, ~load_e8_rmw(c, i) & 0xff); }
void not_Ew(struct cpu *c, const struct insn *i) { store_e16(c, i, ~load_e16_rmw(c, i) & 0xffff); }
void not_Ed(struct cpu *c, const struct insn *i) { store_e32(c, i, ~load_e32_rmw(c, i)); }
void neg_Eb(struct cpu *c, const struct insn *i)
{
    uint32_t a = load_e8_rmw(c, i);
    uint32_t r = (0u - a) & 0xff;
    store_e8(c, i, r);
    set_flags_sub(c, 0, a, r, 8);
}
void neg_Ew(struct cpu *c, const struct insn *i)
{
    uint32_t a = load_e16_rmw(c, i);
    uint32_t r = (0u - a) & 0xffff;
    store_e16(c, i, r);
    set_flags_sub(c, 0, a, r, 16);
}
void neg_Ed(struct cpu *c, const struct insn *i)
{
    uint32_t a = load_e32_rmw(c, i);
    uint32_t r = 0u - a;
    store_e32(c, i, r);
    set_flags_sub(c, 0, a, r, 32);
}

/* XADD: the source register gets the old destination, then the destination the sum. */
void xadd_EbGb(struct cpu *c, const struct insn *i)
{
    uint32_t d = load_e8_rmw(c, i), s = get_r8(c, i->reg);
    uint32_t r = (d + s) & 0xff;
    if (i->mod3) {
        set_r8(c, i->reg, d);    /* the destination is written last: XADD r, r leaves the sum */
        set_r8(c, i->rm, r);
    } else {
        store_e8(c, i, r);
        set_r8(c, i->reg, d);
    }
    set_flags_add(c, d, s, r, 8);
}
void xadd_EwGw(struct cpu *c, const struct insn *i)
{
    uint32_t d = load_e16_rmw(c, i), s = get_r16(c, i->reg);
    uint32_t r = (d + s) & 0xffff;
    if (i->mod3) {
        set_r16(c, i->reg, d);
        set_r16(c, i->rm, r);
    } else {
        store_e16(c, i, r);
        set_r16(c, i->reg, d);
    }
    set_flags_add(c, d, s, r, 16);
}
void xadd_EdGd(struct cpu *c, const struct insn *i)
{
    uint32_t d = load_e32_rmw(c, i), s = c->gpr[i->reg];
    uint32_t r = d + s;
    if (i->mod3) {
        c->gpr[i->reg] = d;
        c->gpr[i->rm] = r;
    } else {
        store_e32(c, i, r);
        c->gpr[i->reg] = d;
    }
    set_flags_add(c, d, s, r, 32);
}

/* CMPXCHG: the destination is written in both outcomes (with its own value when the compare fails), as the
 * processor's locked read-modify-write cycle does. */
void cmpxchg_EbGb(struct cpu *c, const struct insn *i)
{
    uint32_t d = load_e8_rmw(c, i), a = get_r8(c, R_EAX);
    int equal = d == a;
    store_e8(c, i, equal ? get_r8(c, i->reg) : d);
    set_flags_sub(c, a, d, (a - d) & 0xff, 8);
    if (!equal)
        set_r8(c, R_EAX, d);
}
void cmpxchg_EwGw(struct cpu *c, const struct insn *i)
{
    uint32_t d = load_e16_rmw(c, i), a = get_r16(c, R_EAX);
    int equal = d == a;
    store_e16(c, i, equal ? get_r16(c, i->reg) : d);
    set_flags_sub(c, a, d, (a - d) & 0xffff, 16);
    if (!equal)
        set_r16(c, R_EAX, d);
}
void cmpxchg_EdGd(struct cpu *c, const struct insn *i)
{
    uint32_t d = load_e32_rmw(c, i), a = c->gpr[R_EAX];
    int equal = d == a;
    store_e32(c, i, equal ? c->gpr[i->reg] : d);
    set_flags_sub(c, a, d, a - d, 32);
    if (!equal)
        c->gpr[R_EAX] = d;
}

/* CMPXCHG8B m64: both halves are checked for write access before either is written. The operand is one 8-byte
 * access: its upper half is not wrapped at 64 KiB with 16-bit addressing (past the limit it faults). */
void cmpxchg8b(struct cpu *c, const struct insn *i)
{
    uint32_t off = ea(c, i);
    uint32_t lo = seg_read_rmw(c, i->seg, off, 4);
    uint32_t hi = seg_read_rmw(c, i->seg, off + 4, 4);
    int equal = lo == c->gpr[R_EAX] && hi == c->gpr[R_EDX];
    uint32_t new_lo = equal ? c->gpr[R_EBX] : lo, new_hi = equal ? c->gpr[R_ECX] : hi;
    seg_write32(c, i->seg, off, new_lo);
    seg_write32(c, i->seg, off + 4, new_hi);
    if (!equal) {
        c->gpr[R_EAX] = lo;
        c->gpr[R_EDX] = hi;
    }
    set_some_flags(c, FL_ZF, equal ? FL_ZF : 0);
}

void clc(struct cpu *c, const struct insn *i) { (void)i; set_cf(c, 0); }
void stc(struct cpu *c, const struct insn *i) { (void)i; set_cf(c, 1); }
void cmc(struct cpu *c, const struct insn *i) { (void)i; set_cf(c, !get_cf(c)); }
void cld(struct cpu *c, const struct insn *i) { (void)i; c->eflags &= ~FL_DF; }
void std(struct cpu *c, const struct insn *i) { (void)i; c->eflags |= FL_DF; }
