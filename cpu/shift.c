/* Shifts and rotates: ROL ROR RCL RCR SHL SHR SAR, and the double shifts SHLD SHRD.
 *
 * The count is masked to 5 bits; a zero count changes nothing, flags included. OF is defined only for a count of
 * one, and AF is undefined: for other counts this computes OF with the count-1 formula and clears AF, which the
 * differential tests mask. */
#include "cpu/cpu_internal.h"
#include "cpu/flags.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"

static inline uint32_t mask_of(unsigned bits) { return bits == 32 ? 0xffffffffu : (1u << bits) - 1; }
static inline int msb(uint32_t v, unsigned bits) { return (int)((v >> (bits - 1)) & 1); }

/* The count operand: 1 for D0/D1, CL for D2/D3, else the immediate. */
static unsigned shift_count(const struct cpu *c, const struct insn *i)
{
    unsigned op = i->opcode;
    if (op == 0xd0 || op == 0xd1)
        return 1;
    if (op == 0xd2 || op == 0xd3)
        return c->gpr[R_ECX] & 0x1f;
    return i->imm & 0x1f;
}

static uint32_t do_rol(struct cpu *c, uint32_t a, unsigned n, unsigned bits)
{
    unsigned k = n % bits;
    uint32_t r = k ? ((a << k) | (a >> (bits - k))) & mask_of(bits) : a;
    int cf = (int)(r & 1);
    int of = msb(r, bits) ^ cf;
    set_some_flags(c, FL_CF | FL_OF, (cf ? FL_CF : 0) | (of ? FL_OF : 0));   /* rotates touch only CF and OF */
    return r;
}

static uint32_t do_ror(struct cpu *c, uint32_t a, unsigned n, unsigned bits)
{
    unsigned k = n % bits;
    uint32_t r = k ? ((a >> k) | (a << (bits - k))) & mask_of(bits) : a;
    int cf = msb(r, bits);
    int of = cf ^ (int)((r >> (bits - 2)) & 1);
    set_some_flags(c, FL_CF | FL_OF, (cf ? FL_CF : 0) | (of ? FL_OF : 0));
    return r;
}

/* RCL/RCR rotate the operand and CF together: a (bits + 1)-bit field, CF on top. */
static uint32_t do_rcl(struct cpu *c, uint32_t a, unsigned n, unsigned bits)
{
    unsigned k = n % (bits + 1);
    uint64_t field = ((uint64_t)get_cf(c) << bits) | a, field_mask = (2ull << bits) - 1;
    if (k)
        field = ((field << k) | (field >> (bits + 1 - k))) & field_mask;
    uint32_t r = (uint32_t)field & mask_of(bits);
    int cf = (int)((field >> bits) & 1);
    int of = msb(r, bits) ^ cf;
    set_some_flags(c, FL_CF | FL_OF, (cf ? FL_CF : 0) | (of ? FL_OF : 0));
    return r;
}

static uint32_t do_rcr(struct cpu *c, uint32_t a, unsigned n, unsigned bits)
{
    unsigned k = n % (bits + 1);
    uint64_t field = ((uint64_t)get_cf(c) << bits) | a, field_mask = (2ull << bits) - 1;
    if (k)
        field = ((field >> k) | (field << (bits + 1 - k))) & field_mask;
    uint32_t r = (uint32_t)field & mask_of(bits);
    int cf = (int)((field >> bits) & 1);
    int of = msb(r, bits) ^ (int)((r >> (bits - 2)) & 1);     /* for a count of 1: old MSB xor old CF */
    set_some_flags(c, FL_CF | FL_OF, (cf ? FL_CF : 0) | (of ? FL_OF : 0));
    return r;
}

static uint32_t do_shl(struct cpu *c, uint32_t a, unsigned n, unsigned bits)
{
    uint64_t wide = (uint64_t)a << n;
    uint32_t r = (uint32_t)wide & mask_of(bits);
    int cf = (int)((wide >> bits) & 1);
    set_flags_result_cfof(c, r, bits, cf, msb(r, bits) ^ cf, 0);
    return r;
}

static uint32_t do_shr(struct cpu *c, uint32_t a, unsigned n, unsigned bits)
{
    uint32_t r = n >= bits ? 0 : a >> n;
    int cf = n > bits ? 0 : (int)((a >> (n - 1)) & 1);
    set_flags_result_cfof(c, r, bits, cf, msb(a, bits), 0);
    return r;
}

static uint32_t do_sar(struct cpu *c, uint32_t a, unsigned n, unsigned bits)
{
    int32_t s = bits == 32 ? (int32_t)a : bits == 16 ? (int16_t)a : (int8_t)a;
    unsigned k = n >= bits ? bits - 1 : n;
    uint32_t r = (uint32_t)(s >> k) & mask_of(bits);
    int cf = (int)(((uint32_t)(s >> (n >= bits ? bits - 1 : n - 1))) & 1);
    set_flags_result_cfof(c, r, bits, cf, 0, 0);
    return r;
}

typedef uint32_t shift_fn(struct cpu *c, uint32_t a, unsigned n, unsigned bits);

static inline void shift_e8(struct cpu *c, const struct insn *i, shift_fn *op)
{
    uint32_t a = load_e8_rmw(c, i);
    unsigned n = shift_count(c, i);
    if (n)
        store_e8(c, i, op(c, a, n, 8));
}
static inline void shift_e16(struct cpu *c, const struct insn *i, shift_fn *op)
{
    uint32_t a = load_e16_rmw(c, i);
    unsigned n = shift_count(c, i);
    if (n)
        store_e16(c, i, op(c, a, n, 16));
}
static inline void shift_e32(struct cpu *c, const struct insn *i, shift_fn *op)
{
    uint32_t a = load_e32_rmw(c, i);
    unsigned n = shift_count(c, i);
    if (n)
        store_e32(c, i, op(c, a, n, 32));
}

void rol_Eb(struct cpu *c, const struct insn *i) { shift_e8(c, i, do_rol); }
void rol_Ew(struct cpu *c, const struct insn *i) { shift_e16(c, i, do_rol); }
void rol_Ed(struct cpu *c, const struct insn *i) { shift_e32(c, i, do_rol); }
void ror_Eb(struct cpu *c, const struct insn *i) { shift_e8(c, i, do_ror); }
void ror_Ew(struct cpu *c, const struct insn *i) { shift_e16(c, i, do_ror); }
void ror_Ed(struct cpu *c, const struct insn *i) { shift_e32(c, i, do_ror); }
void rcl_Eb(struct cpu *c, const struct insn *i) { shift_e8(c, i, do_rcl); }
void rcl_Ew(struct cpu *c, const struct insn *i) { shift_e16(c, i, do_rcl); }
void rcl_Ed(struct cpu *c, const struct insn *i) { shift_e32(c, i, do_rcl); }
void rcr_Eb(struct cpu *c, const struct insn *i) { shift_e8(c, i, do_rcr); }
void rcr_Ew(struct cpu *c, const struct insn *i) { shift_e16(c, i, do_rcr); }
void rcr_Ed(struct cpu *c, const struct insn *i) { shift_e32(c, i, do_rcr); }
void shl_Eb(struct cpu *c, const struct insn *i) { shift_e8(c, i, do_shl); }
void shl_Ew(struct cpu *c, const struct insn *i) { shift_e16(c, i, do_shl); }
void shl_Ed(struct cpu *c, const struct insn *i) { shift_e32(c, i, do_shl); }
void shr_Eb(struct cpu *c, const struct insn *i) { shift_e8(c, i, do_shr); }
void shr_Ew(struct cpu *c, const struct insn *i) { shift_e16(c, i, do_shr); }
void shr_Ed(struct cpu *c, const struct insn *i) { shift_e32(c, i, do_shr); }
void sar_Eb(struct cpu *c, const struct insn *i) { shift_e8(c, i, do_sar); }
void sar_Ew(struct cpu *c, const struct insn *i) { shift_e16(c, i, do_sar); }
void sar_Ed(struct cpu *c, const struct insn *i) { shift_e32(c, i, do_sar); }

/* SHLD/SHRD: the count comes from CL (0F A5 / 0F AD) or the immediate. A 16-bit operand shifted by more than 16
 * is undefined; this shifts the 48-bit pattern dst:src:dst, as P6 processors do. */
static unsigned double_count(const struct cpu *c, const struct insn *i)
{
    return ((i->opcode & 1) ? c->gpr[R_ECX] : i->imm) & 0x1f;
}

void shld_Ew(struct cpu *c, const struct insn *i)
{
    uint32_t d = load_e16_rmw(c, i), s = get_r16(c, i->reg);
    unsigned n = double_count(c, i);
    if (!n)
        return;
    uint64_t pat = ((uint64_t)d << 32) | ((uint64_t)s << 16) | d;
    uint32_t r = (uint32_t)((pat << n) >> 32) & 0xffff;
    int cf = (int)((pat >> (48 - n)) & 1);
    store_e16(c, i, r);
    set_flags_result_cfof(c, r, 16, cf, msb(r, 16) ^ msb(d, 16), 0);
}
void shld_Ed(struct cpu *c, const struct insn *i)
{
    uint32_t d = load_e32_rmw(c, i), s = c->gpr[i->reg];
    unsigned n = double_count(c, i);
    if (!n)
        return;
    uint32_t r = (d << n) | (s >> (32 - n));
    int cf = (int)((d >> (32 - n)) & 1);
    store_e32(c, i, r);
    set_flags_result_cfof(c, r, 32, cf, msb(r, 32) ^ msb(d, 32), 0);
}
void shrd_Ew(struct cpu *c, const struct insn *i)
{
    uint32_t d = load_e16_rmw(c, i), s = get_r16(c, i->reg);
    unsigned n = double_count(c, i);
    if (!n)
        return;
    uint64_t pat = ((uint64_t)d << 32) | ((uint64_t)s << 16) | d;
    uint32_t r = (uint32_t)(pat >> n) & 0xffff;
    int cf = (int)((pat >> (n - 1)) & 1);
    store_e16(c, i, r);
    set_flags_result_cfof(c, r, 16, cf, msb(r, 16) ^ msb(d, 16), 0);
}
void shrd_Ed(struct cpu *c, const struct insn *i)
{
    uint32_t d = load_e32_rmw(c, i), s = c->gpr[i->reg];
    unsigned n = double_count(c, i);
    if (!n)
        return;
    uint32_t r = (d >> n) | (s << (32 - n));
    int cf = (int)((d >> (n - 1)) & 1);
    store_e32(c, i, r);
    set_flags_result_cfof(c, r, 32, cf, msb(r, 32) ^ msb(d, 32), 0);
}
