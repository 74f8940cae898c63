/* Random instances of the decoder table's user-level rows (see diff_gen.h). Everything about the encoding comes
 * from the row: operand kinds, group extension, map. What the table cannot say is here, named by opcode: inputs
 * shaped so that rare paths are taken (equal compares, divisions that fit, shift counts around the operand size),
 * the flags an instruction reads (so that an undefined flag left by the prefix instruction is never consumed), and
 * the count-dependent definedness of shift and rotate flags. */
#include "tests/diff/diff_gen.h"
#include "cpu/cpu.h"
#include "cpu/decode.h"
#include "cpu/insn.h"
#include "mem/endian.h"

#include <string.h>

#define ALL_FLAGS (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)

/* xorshift64*: the same sequence from the same seed on every host */
static uint32_t rnd(struct diff_gen *g)
{
    g->rng ^= g->rng >> 12;
    g->rng ^= g->rng << 25;
    g->rng ^= g->rng >> 27;
    return (uint32_t)((g->rng * 0x2545f4914f6cdd1dull) >> 32);
}
static uint32_t below(struct diff_gen *g, uint32_t n) { return rnd(g) % n; }
static int one_in(struct diff_gen *g, uint32_t n) { return below(g, n) == 0; }

/* Values weighted toward the edges where flag logic goes wrong. */
static uint32_t interesting(struct diff_gen *g)
{
    static const uint32_t edges[] = { 0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
                                      0x7fffffff, 0x80000000u, 0xffffffffu, 0xfffffffeu, 0x0f, 0x10, 0x99, 0x9a,
                                      0xff80, 0xffffff80u, 0xffff8000u };
    switch (below(g, 4)) {
    case 0: return edges[below(g, sizeof edges / sizeof edges[0])];
    case 1: return rnd(g) & 0xff;
    case 2: return rnd(g) & 0xffff;
    default: return rnd(g);
    }
}

/* ---- Facts about rows that the table does not hold ---- */

static int op_is(const struct opcode_row *o, unsigned map, unsigned lo, unsigned hi)
{
    return o->map == map && o->opcode >= lo && o->opcode <= hi;
}
static int is_group2(const struct opcode_row *o) { return op_is(o, 1, 0xc0, 0xc1) || op_is(o, 1, 0xd0, 0xd3); }
static int is_double_shift(const struct opcode_row *o)
{
    return op_is(o, 2, 0xa4, 0xa5) || op_is(o, 2, 0xac, 0xad);
}
static int is_bitop_reg(const struct opcode_row *o)
{
    return o->map == 2 && (o->opcode == 0xa3 || o->opcode == 0xab || o->opcode == 0xb3 || o->opcode == 0xbb);
}
static int is_div(const struct opcode_row *o) { return op_is(o, 1, 0xf6, 0xf7) && o->ext >= 6; }
static int is_xlat(const struct opcode_row *o) { return op_is(o, 1, 0xd7, 0xd7); }
static int is_bcd_imm(const struct opcode_row *o) { return op_is(o, 1, 0xd4, 0xd5); }
static int is_cmpxchg(const struct opcode_row *o) { return op_is(o, 2, 0xb0, 0xb1); }
static int is_cmpxchg8b(const struct opcode_row *o) { return op_is(o, 2, 0xc7, 0xc7); }
static int is_compare_string(const struct opcode_row *o)
{
    return op_is(o, 1, 0xa6, 0xa7) || op_is(o, 1, 0xae, 0xaf);
}
static int is_scas(const struct opcode_row *o) { return op_is(o, 1, 0xae, 0xaf); }
static int has_source_string(const struct opcode_row *o)
{
    return op_is(o, 1, 0xa4, 0xa7) || op_is(o, 1, 0xac, 0xad);
}
/* 0F 18-1E: hint space that newer processors gave meanings (prefetch, MPX, CET); only 0F 1F is a plain NOP. */
static int is_hint_space(const struct opcode_row *o) { return op_is(o, 2, 0x18, 0x1e); }

static int kind_is_byte(unsigned k)
{
    return k == OK_Eb || k == OK_Gb || k == OK_AL || k == OK_Zb || k == OK_Xb || k == OK_Yb;
}
static int kind_is_v(unsigned k)
{
    return k == OK_Ev || k == OK_Gv || k == OK_Iz || k == OK_Zv || k == OK_eAX || k == OK_Xv || k == OK_Yv ||
           k == OK_Ibs;
}
static int kind_is_mem_only(unsigned k) { return k == OK_M || k == OK_Mq; }

static int row_has(const struct opcode_row *o, int (*pred)(unsigned))
{
    return pred(o->operand[0]) || pred(o->operand[1]) || pred(o->operand[2]);
}

/* The flags a condition code (Jcc/SETcc/CMOVcc numbering) reads. */
static uint32_t cc_flags(unsigned cc)
{
    static const uint32_t f[8] = { FL_OF, FL_CF, FL_ZF, FL_CF | FL_ZF, FL_SF, FL_PF, FL_SF | FL_OF,
                                   FL_ZF | FL_SF | FL_OF };
    return f[(cc >> 1) & 7];
}

/* The arithmetic flags an instruction's result depends on. */
static uint32_t flags_read(const struct opcode_row *o)
{
    if (o->map == 2)
        return op_is(o, 2, 0x40, 0x4f) || op_is(o, 2, 0x90, 0x9f) ? cc_flags(o->opcode) : 0;
    if (op_is(o, 1, 0x10, 0x15) || op_is(o, 1, 0x18, 0x1d))
        return FL_CF;                                           /* ADC, SBB */
    if (op_is(o, 1, 0x80, 0x83) && (o->ext == 2 || o->ext == 3))
        return FL_CF;
    if (is_group2(o) && (o->ext == 2 || o->ext == 3))
        return FL_CF;                                           /* RCL, RCR */
    switch (o->opcode) {
    case 0x27: case 0x2f: return FL_AF | FL_CF;                 /* DAA, DAS */
    case 0x37: case 0x3f: return FL_AF;                         /* AAA, AAS */
    case 0xd6: case 0xf5: return FL_CF;                         /* SALC, CMC */
    case 0x9f: return ALL_FLAGS & ~FL_OF;                       /* LAHF */
    default: return 0;
    }
}

/* The flags left undefined by a row for a given masked shift count (count is ignored for other rows). The table
 * gives the worst case; for shifts and rotates the SDM defines more: a zero count changes nothing, OF is defined
 * for a count of 1, and SHL/SHR leave CF undefined when the count reaches the operand size. */
static uint32_t undefined_flags(const struct opcode_row *o, unsigned count, unsigned bits)
{
    uint32_t u = o->undefined_flags;
    if (!is_group2(o) && !is_double_shift(o))
        return u;
    if (count == 0)
        return 0;
    if (count == 1)
        u &= ~FL_OF;
    if (is_group2(o) && (o->ext == 4 || o->ext == 5 || o->ext == 6) && count >= bits)
        u |= FL_CF;
    return u;
}

/* ---- Building one instruction ---- */

struct builder {
    struct diff_gen *g;
    struct diff_case *t;
    const struct opcode_row *o;
    uint8_t pfx[6];              /* prefixes, emitted in random order */
    unsigned n_pfx;
    uint8_t body[24];            /* opcode, ModRM, SIB, displacement, immediates */
    unsigned n_body;
    int osize16, asize16;
    unsigned bits;               /* operand size of the row */
    unsigned count;              /* masked shift count */
    uint32_t fixed;              /* registers (bit r) whose initial values the instruction's addressing needs */
    int mem;                     /* the E operand is memory */
    unsigned mem_off;            /* its offset in the data window */
    unsigned rm;                 /* the E register of a register form */
    int prefix_mode;             /* building the register-only prefix instruction: read registers, set none */
};

static void put(struct builder *b, uint32_t v, unsigned size)
{
    for (unsigned k = 0; k < size; k++)
        b->body[b->n_body++] = (uint8_t)(v >> (8 * k));
}

static void set_reg(struct builder *b, unsigned r, uint32_t v)
{
    b->t->in.reg[r] = v;
    b->fixed |= 1u << r;
}

static uint32_t get_reg8(const struct builder *b, unsigned r)
{
    return (b->t->in.reg[r & 3] >> ((r & 4) << 1)) & 0xff;
}

static uint32_t size_mask(unsigned bits) { return bits == 32 ? 0xffffffffu : (1u << bits) - 1; }

/* A segment prefix for the memory operand: through the LDT segment (offsets from DATA_ADDR) when `rel`, else
 * flat DS/SS (or none). Returns the segment base the offsets are relative to. */
static uint32_t choose_segment(struct builder *b, int rel)
{
    static const uint8_t rel_prefix[3] = { 0x26, 0x64, 0x65 };   /* ES FS GS */
    static const uint8_t flat_prefix[4] = { 0, 0, 0x3e, 0x36 };  /* none, DS, SS */
    uint8_t p = rel ? rel_prefix[below(b->g, 3)] : flat_prefix[below(b->g, 4)];
    if (p)
        b->pfx[b->n_pfx++] = p;
    return rel ? 0 : DATA_ADDR;
}

/* 32-bit addressing: every ModRM/SIB shape, registers solved so the operand lands at `target`. */
static void ea32(struct builder *b, unsigned reg, uint32_t target, uint32_t avoid)
{
    struct diff_gen *g = b->g;
    unsigned mod, rm, base, index, scale = 0;
    int disp32;
    for (;;) {
        mod = below(g, 3);
        rm = below(g, 8);
        base = rm;
        index = R_NONE;
        if (rm == 4) {
            unsigned sib_index = below(g, 8);
            scale = below(g, 4);
            base = below(g, 8);
            index = sib_index == 4 ? R_NONE : sib_index;
            if (mod == 0 && base == 5)
                base = R_NONE;
        } else if (mod == 0 && rm == 5) {
            base = R_NONE;
        }
        disp32 = mod == 2 || base == R_NONE;
        int clash = (base != R_NONE && (avoid >> base) & 1) || (index != R_NONE && (avoid >> index) & 1);
        if (!clash && !(base == index && !disp32))
            break;
    }
    b->t->shape = rm == 4 ? SHAPE_SIB : base == R_NONE ? SHAPE_DISP32 : SHAPE_MEM32;
    uint32_t idx = index == R_NONE ? 0 : (one_in(g, 2) ? below(g, 16) : rnd(g));
    uint32_t disp = mod == 1 ? (uint32_t)(int32_t)(int8_t)rnd(g) : 0, base_val = 0;
    if (disp32) {
        base_val = base == R_NONE ? 0 : base == index ? idx : interesting(g);
        disp = target - base_val - (idx << scale);
    } else {
        base_val = target - disp - (idx << scale);
    }
    if (index != R_NONE)
        set_reg(b, index, idx);
    if (base != R_NONE)
        set_reg(b, base, base_val);
    b->body[b->n_body++] = (uint8_t)(mod << 6 | reg << 3 | rm);
    if (rm == 4)
        b->body[b->n_body++] = (uint8_t)(scale << 6 | (index == R_NONE ? 4 : index) << 3 | (base == R_NONE ? 5 : base));
    if (mod == 1)
        put(b, disp, 1);
    else if (disp32)
        put(b, disp, 4);
}

/* 16-bit addressing: the eight base/index pairs with no, 8-bit or 16-bit displacement; the upper halves of the
 * registers are random (they must be ignored) and the sum wraps at 64 KiB. */
static void ea16(struct builder *b, unsigned reg, uint32_t target, uint32_t avoid)
{
    static const uint8_t base16[8] = { R_EBX, R_EBX, R_EBP, R_EBP, R_ESI, R_EDI, R_EBP, R_EBX };
    static const uint8_t index16[8] = { R_ESI, R_EDI, R_ESI, R_EDI, R_NONE, R_NONE, R_NONE, R_NONE };
    struct diff_gen *g = b->g;
    unsigned mod, rm, base, index;
    do {
        mod = below(g, 3);
        rm = below(g, 8);
        base = mod == 0 && rm == 6 ? R_NONE : base16[rm];
        index = index16[rm];
    } while ((base != R_NONE && (avoid >> base) & 1) || (index != R_NONE && (avoid >> index) & 1));
    b->t->shape = SHAPE_MEM16;
    uint32_t disp = mod == 1 ? (uint32_t)(int32_t)(int8_t)rnd(g) : mod == 2 ? rnd(g) & 0xffff : 0;
    uint32_t idx = index == R_NONE ? 0 : rnd(g);
    if (base == R_NONE)
        disp = target;
    if (index != R_NONE)
        set_reg(b, index, idx);
    if (base != R_NONE)
        set_reg(b, base, (rnd(g) & 0xffff0000u) | ((target - disp - idx) & 0xffff));
    b->body[b->n_body++] = (uint8_t)(mod << 6 | reg << 3 | rm);
    if (mod == 1)
        put(b, disp, 1);
    else if (mod == 2 || base == R_NONE)
        put(b, disp, 2);
}

/* The ModRM byte and what it addresses. */
static void modrm(struct builder *b)
{
    struct diff_gen *g = b->g;
    const struct opcode_row *o = b->o;
    unsigned reg = o->ext >= 0 ? (unsigned)o->ext : below(g, 8);
    b->mem = !b->prefix_mode && (row_has(o, kind_is_mem_only) || one_in(g, 2));
    if (!b->mem) {
        b->rm = below(g, 8);
        b->t->shape = SHAPE_REG;
        b->body[b->n_body++] = (uint8_t)(0xc0 | reg << 3 | b->rm);
        return;
    }
    /* CL holds a shift count, so ECX cannot also address the operand */
    uint32_t avoid = (o->operand[1] == OK_CL || o->operand[2] == OK_CL) ? 1u << R_ECX : 0;
    b->mem_off = 16 + below(g, 64);
    if (is_bitop_reg(o)) {
        /* BT* m, r: the bit offset reaches memory around the operand, so it is small and not an address register */
        int32_t offset = (int32_t)below(g, 384) - 128;
        avoid |= 1u << reg;
        b->mem_off = 32 + below(g, 48);
        set_reg(b, reg, b->osize16 ? (rnd(g) & 0xffff0000u) | ((uint32_t)offset & 0xffff) : (uint32_t)offset);
    }
    b->asize16 = one_in(g, 3);
    if (b->asize16)
        b->pfx[b->n_pfx++] = 0x67;
    uint32_t seg_base = choose_segment(b, b->asize16 || one_in(g, 3));
    if (b->asize16)
        ea16(b, reg, b->mem_off, avoid);
    else
        ea32(b, reg, seg_base + b->mem_off, avoid);
}

/* A shift count around the interesting sizes; the byte's upper bits are random, as the CPU masks them. */
static unsigned shift_count(struct builder *b, uint32_t *encoded)
{
    static const uint8_t counts[] = { 0, 1, 1, 1, 2, 3, 7, 8, 9, 15, 16, 17, 24, 31, 31 };
    unsigned n = one_in(b->g, 2) ? counts[below(b->g, sizeof counts)] : below(b->g, 34);
    n &= 31;
    if (is_double_shift(b->o) && b->bits == 16 && n > 16)
        n = below(b->g, 17);     /* beyond 16 a 16-bit SHLD/SHRD result is undefined */
    *encoded = n | (below(b->g, 8) << 5);
    return n;
}

static void immediates(struct builder *b)
{
    const struct opcode_row *o = b->o;
    for (int k = 0; k < 3; k++) {
        unsigned kind = o->operand[k];
        uint32_t v = interesting(b->g);
        if ((is_group2(o) || is_double_shift(o)) && kind == OK_Ib) {
            b->count = shift_count(b, &v);
        } else if (kind == OK_CL && !b->prefix_mode) {
            uint32_t cl;
            b->count = shift_count(b, &cl);
            set_reg(b, R_ECX, (b->t->in.reg[R_ECX] & ~0xffu) | cl);
        } else if (kind == OK_CL) {
            b->count = b->t->in.reg[R_ECX] & 31;
        } else if (kind == OK_One) {
            b->count = 1;
        }
        if (is_bcd_imm(o) && one_in(b->g, 2))
            v = 10;
        if (kind == OK_Ib || kind == OK_Ibs)
            put(b, v, 1);
        else if (kind == OK_Iw)
            put(b, v, 2);
        else if (kind == OK_Iz)
            put(b, v, b->osize16 ? 2 : 4);
    }
}

/* MOVS CMPS STOS LODS SCAS: index registers inside the window, 16- or 32-bit addressing, a source segment
 * override, a small count, and for compares data that is sometimes equal. */
static void string_setup(struct builder *b)
{
    struct diff_gen *g = b->g;
    struct diff_case *t = b->t;
    unsigned size = b->bits / 8;
    int rep = one_in(g, 2);
    b->asize16 = one_in(g, 3);
    t->shape = b->asize16 ? SHAPE_STRING16 : SHAPE_STRING32;
    if (b->asize16)
        b->pfx[b->n_pfx++] = 0x67;
    if (rep)
        b->pfx[b->n_pfx++] = one_in(g, 2) ? 0xf3 : 0xf2;
    uint32_t src_base = DATA_ADDR;
    if (has_source_string(b->o))
        src_base = choose_segment(b, b->asize16 || one_in(g, 3));
    else if (one_in(g, 4))
        b->pfx[b->n_pfx++] = 0x3e;                     /* an override on a string with no source: ignored */
    unsigned src_off = 32 + below(g, 64), dst_off = 32 + below(g, 64), count = below(g, 5);
    uint32_t upper = b->asize16 ? rnd(g) & 0xffff0000u : 0;
    set_reg(b, R_ESI, b->asize16 ? (rnd(g) & 0xffff0000u) | src_off : src_base + src_off);
    set_reg(b, R_EDI, (rnd(g) & 0xffff0000u & -(uint32_t)b->asize16) | dst_off);
    if (rep)
        set_reg(b, R_ECX, upper | count);
    if (!is_compare_string(b->o) || one_in(g, 2))
        return;
    /* Make the elements compared equal, except (sometimes) one. */
    int step = (t->in.flags & FL_DF) ? -(int)size : (int)size;
    unsigned differ = below(g, 6);
    uint32_t acc = t->in.reg[R_EAX];
    for (unsigned j = 0; j < 4; j++) {
        unsigned d = (unsigned)((int)dst_off + (int)j * step), s = (unsigned)((int)src_off + (int)j * step);
        for (unsigned k = 0; k < size; k++)
            t->in.data[d + k] = is_scas(b->o) ? (uint8_t)(acc >> (8 * k)) : t->in.data[s + k];
        if (j == differ)
            t->in.data[d] ^= 0x01;
    }
}

/* DIV/IDIV: most of the time a dividend whose quotient fits, so the arithmetic (not only #DE) is compared. */
static void shape_division(struct builder *b)
{
    struct diff_case *t = b->t;
    unsigned bits = b->bits;
    uint32_t divisor;
    if (b->mem)
        divisor = ld32(t->in.data + b->mem_off) & size_mask(bits);
    else
        divisor = bits == 8 ? get_reg8(b, b->rm) : t->in.reg[b->rm] & size_mask(bits);
    /* the registers changed below must not be the divisor or an address register */
    int touches = b->mem ? (b->fixed & ((1u << R_EAX) | (1u << R_EDX))) != 0
                         : bits == 8 ? (b->rm & 3) == R_EAX : b->rm == R_EAX || b->rm == R_EDX;
    if (divisor == 0 || touches || one_in(b->g, 4))
        return;
    int is_signed = b->o->ext == 7;
    uint32_t low = bits == 8 ? t->in.reg[R_EAX] & 0xff : t->in.reg[R_EAX] & size_mask(bits);
    uint32_t high = is_signed ? ((low >> (bits - 1)) & 1 ? size_mask(bits) : 0) : rnd(b->g) % divisor;
    if (bits == 8)
        t->in.reg[R_EAX] = (t->in.reg[R_EAX] & 0xffff00ffu) | (high << 8);
    else if (bits == 16)
        t->in.reg[R_EDX] = (t->in.reg[R_EDX] & 0xffff0000u) | high;
    else
        t->in.reg[R_EDX] = high;
}

/* CMPXCHG/CMPXCHG8B: half the time the compare succeeds. */
static void shape_compare_exchange(struct builder *b)
{
    struct diff_case *t = b->t;
    if (one_in(b->g, 2))
        return;
    if (is_cmpxchg8b(b->o)) {
        st32(t->in.data + b->mem_off, t->in.reg[R_EAX]);
        st32(t->in.data + b->mem_off + 4, t->in.reg[R_EDX]);
        return;
    }
    uint32_t acc = t->in.reg[R_EAX];
    if (b->mem) {
        for (unsigned k = 0; k < b->bits / 8; k++)
            t->in.data[b->mem_off + k] = (uint8_t)(acc >> (8 * k));
    } else if (b->bits == 8) {
        t->in.reg[R_EAX] = (acc & ~0xffu) | get_reg8(b, b->rm);
    } else {
        uint32_t m = size_mask(b->bits);
        t->in.reg[R_EAX] = (acc & ~m) | (t->in.reg[b->rm] & m);
    }
}

/* XLAT: AL indexes a table at [eBX] in the window. */
static void xlat_setup(struct builder *b)
{
    struct diff_case *t = b->t;
    b->asize16 = one_in(b->g, 3);
    if (b->asize16)
        b->pfx[b->n_pfx++] = 0x67;
    uint32_t base = choose_segment(b, b->asize16 || one_in(b->g, 3));
    uint32_t table = below(b->g, 16);
    set_reg(b, R_EAX, (t->in.reg[R_EAX] & ~0xffu) | below(b->g, 112));
    set_reg(b, R_EBX, b->asize16 ? (rnd(b->g) & 0xffff0000u) | table : base + table);
    t->shape = b->asize16 ? SHAPE_MEM16 : SHAPE_MEM32;
}

/* Builds one instruction of `row` into b->pfx/b->body; the case's registers and data are adjusted as needed. */
static void build_insn(struct builder *b, unsigned row)
{
    struct diff_gen *g = b->g;
    const struct opcode_row *o = &opcode_rows[row];
    b->o = o;
    b->n_pfx = b->n_body = 0;
    b->fixed = 0;
    b->count = 0;
    b->mem = 0;
    b->asize16 = 0;
    b->t->shape = SHAPE_NONE;
    b->osize16 = row_has(o, kind_is_v) && !op_is(o, 2, 0xc8, 0xcf) && one_in(g, 2);   /* BSWAP r16: undefined */
    b->bits = row_has(o, kind_is_byte) ? 8 : is_cmpxchg8b(o) ? 64 : b->osize16 ? 16 : 32;
    if (b->osize16 || (b->bits == 8 && o->map == 1 && one_in(g, 16)))   /* 66 on a byte form: ignored */
        b->pfx[b->n_pfx++] = 0x66;
    if (o->map == 2)
        b->body[b->n_body++] = 0x0f;
    b->body[b->n_body++] = o->opcode;
    if (decode_has_modrm(o->map, o->opcode))
        modrm(b);
    else if (o->attr & A_REP)
        string_setup(b);
    else if (is_xlat(o))
        xlat_setup(b);
    immediates(b);
    if (b->prefix_mode)
        return;
    if (b->t->shape == SHAPE_REG || b->t->shape == SHAPE_NONE) {
        if (one_in(g, 8))
            choose_segment(b, one_in(g, 2));          /* a segment override with no memory operand: ignored */
    } else if ((o->attr & A_LOCK) && one_in(g, 4)) {
        b->pfx[b->n_pfx++] = 0xf0;
    }
    if (one_in(g, 128))
        b->pfx[b->n_pfx++] = 0xf0;                     /* often an invalid LOCK: #UD on both sides */
    if (is_div(o))
        shape_division(b);
    if (is_cmpxchg(o) || is_cmpxchg8b(o))
        shape_compare_exchange(b);
}

/* Appends the instruction with its prefixes in a random order. */
static void emit(struct builder *b, uint8_t *code, unsigned *n)
{
    for (unsigned k = b->n_pfx; k > 1; k--) {
        unsigned j = below(b->g, k);
        uint8_t tmp = b->pfx[k - 1];
        b->pfx[k - 1] = b->pfx[j];
        b->pfx[j] = tmp;
    }
    memcpy(code + *n, b->pfx, b->n_pfx);
    *n += b->n_pfx;
    memcpy(code + *n, b->body, b->n_body);
    *n += b->n_body;
}

/* ---- Cases ---- */

void diff_gen_init(struct diff_gen *g, uint64_t seed)
{
    memset(g, 0, sizeof *g);
    g->rng = seed ? seed : 1;
    for (unsigned r = 1; r < opcode_row_count && g->n_rows < 1024; r++) {
        const struct opcode_row *o = &opcode_rows[r];
        if (!(o->attr & A_HOST) || is_hint_space(o))
            continue;
        g->rows[g->n_rows++] = r;
        /* The prefix instruction: a register form that cannot fault and touches no memory. */
        if (!(o->attr & A_REP) && !row_has(o, kind_is_mem_only) && !is_xlat(o) && !is_div(o) && !is_bcd_imm(o))
            g->prefix_rows[g->n_prefix_rows++] = r;
    }
}

static void random_state(struct diff_gen *g, struct diff_case *t)
{
    for (int r = 0; r < 8; r++)
        t->in.reg[r] = interesting(g);
    t->in.flags = (rnd(g) & ALL_FLAGS) | (one_in(g, 8) ? FL_DF : 0) | 2;
    for (int k = 0; k < DATA_SIZE; k++)
        t->in.data[k] = (uint8_t)interesting(g);
}

void diff_gen_case(struct diff_gen *g, unsigned long k, struct diff_case *t)
{
    memset(t, 0, sizeof *t);
    random_state(g, t);
    t->row = g->rows[k % g->n_rows];
    struct builder mb = { .g = g, .t = t }, pre = { .g = g, .t = t, .prefix_mode = 1 };
    build_insn(&mb, t->row);
    enum addr_shape shape = t->shape;
    uint32_t undefined = undefined_flags(mb.o, mb.count, mb.bits);
    unsigned n = 0;
    /* One time in four a flag-producing register instruction runs first, so the main instruction consumes flags
     * a real instruction left (lazily) rather than ones loaded from EFLAGS. Then MOVs (which leave the flags
     * alone) restore the registers the main instruction addresses memory with. */
    if (one_in(g, 4)) {
        unsigned prow = g->prefix_rows[below(g, g->n_prefix_rows)];
        build_insn(&pre, prow);
        uint32_t pre_undefined = undefined_flags(pre.o, pre.count, pre.bits);
        int bad_shift = is_double_shift(pre.o) && pre.bits == 16 && pre.count > 16;
        unsigned movs = (unsigned)__builtin_popcount(mb.fixed);
        unsigned len = pre.n_pfx + pre.n_body + 5 * movs + mb.n_pfx + mb.n_body;
        if (!bad_shift && !(pre_undefined & flags_read(mb.o)) && len <= CODE_SIZE) {
            emit(&pre, t->code, &n);
            for (unsigned r = 0; r < 8; r++) {
                if (!((mb.fixed >> r) & 1))
                    continue;
                t->code[n++] = (uint8_t)(0xb8 + r);
                st32(t->code + n, t->in.reg[r]);
                n += 4;
            }
            t->prefix_row = prow;
            undefined |= pre_undefined;
        }
    }
    emit(&mb, t->code, &n);
    t->code_len = n;
    t->shape = shape;
    t->flag_mask = (ALL_FLAGS | FL_DF) & ~undefined;
}

void diff_encode_case(const struct diff_case *t, uint8_t *rec)
{
    for (int r = 0; r < 8; r++)
        st32(rec + 4 * r, t->in.reg[r]);
    st32(rec + 32, t->in.flags);
    st32(rec + 36, t->code_len);
    memcpy(rec + 40, t->code, CODE_SIZE);
    memcpy(rec + 40 + CODE_SIZE, t->in.data, DATA_SIZE);
}

void diff_decode_result(const uint8_t *rec, struct diff_state *s)
{
    for (int r = 0; r < 8; r++)
        s->reg[r] = ld32(rec + 4 * r);
    s->flags = ld32(rec + 32);
    memcpy(s->data, rec + 36, DATA_SIZE);
    s->fault = ld32(rec + 36 + DATA_SIZE);
}
