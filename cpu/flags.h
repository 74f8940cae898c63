/* Lazy arithmetic flags.
 *
 * An instruction that sets flags stores two words instead of six bits: lf_res, its result sign-extended to 32
 * bits, and lf_aux, which holds CF in bit 31, CF^OF in bit 30 and AF in bit 3 (taken from the carry-out vector of
 * the addition or subtraction), plus two correction fields that let any flag combination be represented: bit 4
 * is XORed into SF and bits 8-15 are XORed into the low byte before PF is computed. A flag is computed only when
 * something reads it (Jcc, SETcc, PUSHF, ADC...). */
#ifndef X86PC_CPU_FLAGS_H
#define X86PC_CPU_FLAGS_H

#include "cpu/cpu.h"

static inline uint32_t sext8(uint32_t v) { return (uint32_t)(int32_t)(int8_t)v; }
static inline uint32_t sext16(uint32_t v) { return (uint32_t)(int32_t)(int16_t)v; }

static inline int get_cf(const struct cpu *c) { return (int)(c->lf_aux >> 31); }
static inline int get_of(const struct cpu *c) { return (int)(((c->lf_aux >> 31) ^ (c->lf_aux >> 30)) & 1); }
static inline int get_af(const struct cpu *c) { return (int)((c->lf_aux >> 3) & 1); }
static inline int get_zf(const struct cpu *c) { return c->lf_res == 0; }
static inline int get_sf(const struct cpu *c) { return (int)(((c->lf_res >> 31) ^ (c->lf_aux >> 4)) & 1); }
static inline int get_pf(const struct cpu *c)
{
    return !__builtin_parity((c->lf_res ^ (c->lf_aux >> 8)) & 0xff);
}

/* Normalises an n-bit carry-out (or borrow-out) vector into lf_aux's CF / CF^OF / AF bits. */
static inline uint32_t carry_bits(uint32_t cout, unsigned bits)
{
    return (cout & 8) | ((cout >> (bits - 2)) << 30);
}

static inline void set_flags_add(struct cpu *c, uint32_t a, uint32_t b, uint32_t r, unsigned bits)
{
    uint32_t cout = (a & b) | ((a | b) & ~r);
    c->lf_res = bits == 32 ? r : bits == 16 ? sext16(r) : sext8(r);
    c->lf_aux = carry_bits(cout, bits);
}

static inline void set_flags_sub(struct cpu *c, uint32_t a, uint32_t b, uint32_t r, unsigned bits)
{
    uint32_t bout = (~a & b) | ((~a ^ b) & r);
    c->lf_res = bits == 32 ? r : bits == 16 ? sext16(r) : sext8(r);
    c->lf_aux = carry_bits(bout, bits);
}

/* Logic results: CF = OF = AF = 0. */
static inline void set_flags_logic(struct cpu *c, uint32_t r, unsigned bits)
{
    c->lf_res = bits == 32 ? r : bits == 16 ? sext16(r) : sext8(r);
    c->lf_aux = 0;
}

/* A result for SF/ZF/PF plus explicit CF, OF and AF (shifts, rotates, multiplies). */
static inline void set_flags_result_cfof(struct cpu *c, uint32_t r, unsigned bits, int cf, int of, int af)
{
    c->lf_res = bits == 32 ? r : bits == 16 ? sext16(r) : sext8(r);
    c->lf_aux = ((uint32_t)cf << 31) | ((uint32_t)(cf ^ of) << 30) | ((uint32_t)af << 3);
}

/* Keeps every flag but replaces CF (CLC, STC, CMC, BT...). */
static inline void set_cf(struct cpu *c, int cf)
{
    int of = get_of(c);
    c->lf_aux = (c->lf_aux & 0x3fffffffu) | ((uint32_t)cf << 31) | ((uint32_t)(cf ^ of) << 30);
}

/* All six arithmetic flags from an EFLAGS image (POPF, SAHF, IRET, LAR's ZF...). */
static inline void set_arith_flags(struct cpu *c, uint32_t fl)
{
    int cf = fl & FL_CF ? 1 : 0, pf = fl & FL_PF ? 1 : 0, af = fl & FL_AF ? 1 : 0;
    int zf = fl & FL_ZF ? 1 : 0, sf = fl & FL_SF ? 1 : 0, of = fl & FL_OF ? 1 : 0;
    uint32_t res = zf ? 0 : 1;               /* parity of res: 0 -> even (PF 1), 1 -> odd (PF 0) */
    uint32_t pf_delta = (pf == (zf ? 1 : 0)) ? 0 : 0x80;
    c->lf_res = res;
    c->lf_aux = ((uint32_t)cf << 31) | ((uint32_t)(cf ^ of) << 30) | ((uint32_t)af << 3) |
                ((uint32_t)sf << 4) | (pf_delta << 8);
}

static inline uint32_t get_arith_flags(const struct cpu *c)
{
    return (get_cf(c) ? FL_CF : 0) | (get_pf(c) ? FL_PF : 0) | (get_af(c) ? FL_AF : 0) |
           (get_zf(c) ? FL_ZF : 0) | (get_sf(c) ? FL_SF : 0) | (get_of(c) ? FL_OF : 0);
}

/* Replaces only the flags in `mask` (ZF alone for CMPXCHG8B, LAR, LSL, VERR...). */
static inline void set_some_flags(struct cpu *c, uint32_t mask, uint32_t fl)
{
    set_arith_flags(c, (get_arith_flags(c) & ~mask) | (fl & mask));
}

/* EFLAGS as the guest sees it (bit 1 always set). */
static inline uint32_t cpu_get_eflags(const struct cpu *c)
{
    return (c->eflags & ~FL_ARITH) | get_arith_flags(c) | 2u;
}

/* The 16 condition codes, numbered as in Jcc/SETcc/CMOVcc. */
static inline int cond_true(const struct cpu *c, unsigned cc)
{
    int r;
    switch (cc >> 1) {
    case 0: r = get_of(c); break;
    case 1: r = get_cf(c); break;
    case 2: r = get_zf(c); break;
    case 3: r = get_cf(c) | get_zf(c); break;
    case 4: r = get_sf(c); break;
    case 5: r = get_pf(c); break;
    case 6: r = get_sf(c) != get_of(c); break;
    default: r = get_zf(c) | (get_sf(c) != get_of(c)); break;
    }
    return r ^ (int)(cc & 1);
}

#endif
