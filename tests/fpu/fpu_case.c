/* The x87 differential cases: the instruction stub both sides run, and random states and operands weighted
 * toward the cases where an x87 is easy to get wrong. */
#include "tests/fpu/fpu_case.h"

#include <string.h>

#include "mem/endian.h"

uint8_t fpu_case_modrm(const struct x87_form *form, unsigned rm)
{
    unsigned reg = form->reg;
    if (form->rm == X87_MEM)
        return (uint8_t)(reg << 3 | 6);
    return (uint8_t)(0xc0 | reg << 3 | (form->rm == X87_ANY ? rm & 7 : (unsigned)form->rm));
}

unsigned fpu_stub(const struct x87_form *form, uint8_t modrm, uint8_t last, uint8_t *out)
{
    static const uint8_t head[] = { 0xdb, 0xe3, 0xdd, 0x27, 0x51, 0x9d };     /* fninit; frstor [edi]; popf */
    static const uint8_t tail[] = { 0x89, 0x02, 0xdd, 0x37, 0x9c, 0x58 };     /* mov [edx],eax; fnsave [edi]... */
    unsigned n = 0;
    memcpy(out, head, sizeof head);
    n += sizeof head;
    out[n++] = form->opcode;
    out[n++] = modrm;
    memcpy(out + n, tail, sizeof tail);
    n += sizeof tail;
    out[n++] = last;
    return n;
}

uint32_t fpu_rand(struct fpu_gen *g)
{
    g->rng ^= g->rng >> 12;
    g->rng ^= g->rng << 25;
    g->rng ^= g->rng >> 27;
    return (uint32_t)((g->rng * 0x2545f4914f6cdd1dull) >> 32);
}

/* (Every call of the generator is a statement of its own: the order of evaluation of operands and arguments is
 * unspecified in C, and the sequence must not depend on the compiler.) */
uint64_t fpu_rand64(struct fpu_gen *g)
{
    uint64_t hi = fpu_rand(g);
    return hi << 32 | fpu_rand(g);
}

static unsigned below(struct fpu_gen *g, unsigned n) { return fpu_rand(g) % n; }

/* A significand of `bits` bits (integer bit included) that sits exactly at, just below or just above a rounding
 * boundary of a random precision, or is plainly random. */
static uint64_t gen_fraction(struct fpu_gen *g, unsigned bits)
{
    static const unsigned precisions[] = { 11, 24, 25, 52, 53, 54, 63, 64 };
    uint64_t r = fpu_rand64(g), all = bits == 64 ? ~0ull : (1ull << bits) - 1;
    unsigned p = below(g, 4) ? precisions[below(g, 8)] : 1 + below(g, 64);
    unsigned low = p >= bits ? 0 : bits - p;               /* bits below the rounding position */
    uint64_t low_mask = low >= 64 ? ~0ull : (1ull << low) - 1;
    switch (below(g, 8)) {
    case 0: return r & ~low_mask & all;                                    /* exact at precision p */
    case 1: return ((r & ~low_mask) | (low ? 1ull << (low - 1) : 0)) & all;  /* a tie */
    case 2: return ((r & ~low_mask) | (low_mask >> 1)) & all;              /* just below the tie */
    case 3: return ((r & ~low_mask) | (low ? (1ull << (low - 1)) + 1 : 0)) & all;  /* just above */
    case 4: return below(g, 2) ? all : 0;
    default: return r & all;
    }
}

struct ext80 fpu_gen_ext80(struct fpu_gen *g)
{
    unsigned sign = below(g, 2);
    uint64_t sig = gen_fraction(g, 64) | 1ull << 63;
    switch (below(g, 24)) {
    case 0: return ext80_zero(sign);
    case 1: return ext80_make(sign, 0, (sig & ~(1ull << 63)) >> below(g, 64));          /* denormal */
    case 2: return ext80_make(sign, 0, sig);                                             /* pseudo-denormal */
    case 3: return ext80_inf(sign);
    case 4: return ext80_make(sign, 0x7fff, sig | 1ull << 62);                           /* QNaN */
    case 5: return ext80_make(sign, 0x7fff, (sig & ~(1ull << 62)) | (1 + below(g, 3)));  /* SNaN */
    case 6: {                                                                            /* unsupported */
        unsigned e = below(g, 3) ? 1 + below(g, 0x7ffe) : 0x7fff;
        return ext80_make(sign, e, (sig & ~(1ull << 63)) >> below(g, 3));
    }
    case 7: return ext80_make(sign, 1 + below(g, 130), sig);                             /* tiny */
    case 8: return ext80_make(sign, 0x7ffe - below(g, 130), sig);                        /* huge */
    case 9: return ext80_make(sign, 1 + below(g, 0x7ffe), sig);
    default: return ext80_make(sign, EXT80_BIAS - 70 + below(g, 140), sig);
    }
}

/* A value near `a`: the same or a nearby exponent (cancellation, alignment shifts around 24, 53 and 64) and a
 * significand that differs in a few bits. */
static struct ext80 gen_related(struct fpu_gen *g, struct ext80 a)
{
    static const int shifts[] = { 0, 0, 0, 1, -1, 2, 23, 24, 25, 52, 53, 54, 63, 64, 65, 66 };
    int shift = shifts[below(g, 16)];
    int e = (int)ext80_exp(a) + (below(g, 2) ? shift : -shift);
    if (e < 1 || e > 0x7ffe)
        return fpu_gen_ext80(g);
    uint64_t flips = fpu_rand64(g);
    flips >>= below(g, 64);
    uint64_t low = fpu_rand64(g) >> 60;
    uint64_t sig = a.sig ^ flips ^ low;
    return ext80_make(below(g, 2), (unsigned)e, sig | 1ull << 63);
}

/* IEEE singles and doubles: zeros, denormals, infinities, NaNs, extreme and ordinary exponents. */
static uint64_t gen_ieee(struct fpu_gen *g, unsigned frac_bits, unsigned exp_bits)
{
    uint64_t sign = (uint64_t)below(g, 2) << (frac_bits + exp_bits);
    uint64_t emax = (1ull << exp_bits) - 1, bias = emax >> 1;
    uint64_t frac = gen_fraction(g, frac_bits + 1) & ((1ull << frac_bits) - 1), e;
    switch (below(g, 16)) {
    case 0: return sign;
    case 1: e = 0; frac |= frac == 0; break;
    case 2: e = emax; frac = 0; break;
    case 3: e = emax; frac |= 1ull << (frac_bits - 1); break;                           /* QNaN */
    case 4: e = emax; frac = (frac & ~(1ull << (frac_bits - 1))) | 1; break;            /* SNaN */
    case 5: e = 1 + below(g, 4); break;
    case 6: e = emax - 1 - below(g, 4); break;
    case 7: e = 1 + below(g, (unsigned)emax - 1); break;
    default: e = bias - 30 + below(g, 60); break;
    }
    return sign | e << frac_bits | frac;
}

/* An extended value equal or close to an IEEE operand, so the two meet in cancellations and ties. */
static struct ext80 ext80_near_ieee(struct fpu_gen *g, uint64_t bits, unsigned frac_bits, unsigned exp_bits)
{
    uint64_t emax = (1ull << exp_bits) - 1, bias = emax >> 1;
    uint64_t e = (bits >> frac_bits) & emax, frac = bits & ((1ull << frac_bits) - 1);
    if (e == 0 || e == emax)
        return fpu_gen_ext80(g);
    uint64_t sig = 1ull << 63 | frac << (63 - frac_bits);
    if (below(g, 2)) {
        uint64_t flips = fpu_rand64(g);
        sig ^= flips >> (below(g, 64) | 1);
    }
    int exp = (int)e - (int)bias + EXT80_BIAS + (below(g, 3) ? 0 : (int)below(g, 5) - 2);
    return ext80_make(below(g, 2), (unsigned)exp, sig | 1ull << 63);
}

static int64_t gen_int(struct fpu_gen *g, unsigned bits)
{
    int64_t min = bits == 64 ? INT64_MIN : -((int64_t)1 << (bits - 1)), max = -(min + 1);
    switch (below(g, 8)) {
    case 0: return (int64_t)below(g, 21) - 10;
    case 1: return below(g, 2) ? min + below(g, 3) : max - below(g, 3);
    default: {
        uint64_t v = fpu_rand64(g);
        v >>= 64 - bits + below(g, bits);
        return below(g, 2) ? -(int64_t)(v >> 1) : (int64_t)(v >> 1);
    }
    }
}

static void gen_bcd(struct fpu_gen *g, uint8_t *b)
{
    unsigned digits = below(g, 19);
    memset(b, 0, 10);
    for (unsigned k = 0; k < digits; k++) {
        unsigned d = below(g, 10);
        b[k / 2] |= (uint8_t)(d << (4 * (k & 1)));
    }
    b[9] = below(g, 2) ? 0x80 : 0;
}

static unsigned tag_of(struct ext80 v)
{
    unsigned e = ext80_exp(v);
    if (e == 0)
        return v.sig ? 2 : 1;
    return e == 0x7fff || !(v.sig >> 63) ? 2 : 0;
}

/* A random FPU state as an FNSAVE image. Pending exception flags are kept masked, so that the instruction under
 * test (a waiting one) does not fault on the host. */
static void gen_state(struct fpu_gen *g, uint8_t *img, const struct ext80 *st, int full_stack)
{
    static const uint16_t pcs[8] = { 0x300, 0x300, 0x300, 0x200, 0x200, 0x000, 0x000, 0x100 };
    uint16_t masks = below(g, 5) ? 0x3f : (uint16_t)below(g, 64);
    uint16_t cw = (uint16_t)(masks | 0x40 | pcs[below(g, 8)]);
    cw |= (uint16_t)(below(g, 4) << 10);
    cw |= (uint16_t)(below(g, 2) << 12);
    uint16_t flags = below(g, 3) ? 0 : (uint16_t)(below(g, 64) & masks);
    unsigned top = below(g, 8);
    static const uint16_t cc[4] = { 0x0100, 0x0200, 0x0400, 0x4000 };
    uint16_t sw = (uint16_t)(flags | top << 11);
    for (unsigned k = 0; k < 4; k++)
        sw |= below(g, 2) ? cc[k] : 0;
    if ((flags & 1) && below(g, 2))
        sw |= 0x40;                                  /* SF with a (masked) IE */
    /* Tags of non-empty registers agree with their contents: FRSTOR of a state whose tags disagree is left to
     * the implementation (AMD processors then skip updating FOP, for one). */
    uint16_t tw = 0;
    for (unsigned k = 0; k < 8; k++) {
        unsigned empty = !full_stack && below(g, 10) == 0;
        tw |= (uint16_t)((empty ? 3 : tag_of(st[(k - top) & 7])) << (2 * k));
    }
    memset(img, 0, FPU_STATE_SIZE);
    memset(img, 0xff, 12);
    st16(img, cw);
    st16(img + 4, sw);
    st16(img + 8, tw);
    for (unsigned k = 0; k < 8; k++) {
        st64(img + 28 + 10 * k, st[k].sig);
        st16(img + 36 + 10 * k, st[k].se);
    }
}

/* Operands inside the domains where the SDM defines the transcendental functions (outside, the result is left to
 * the implementation: an AMD processor returns F2XM1's operand unchanged, for one). */
static struct ext80 gen_domain(struct fpu_gen *g, const char *mn, struct ext80 v)
{
    unsigned sign = below(g, 2), e = ext80_exp(v);
    if (ext80_classify(v) != CL_NORMAL)
        return v;                                    /* zeros, denormals, infinities, NaNs, unsupported */
    uint64_t sig = v.sig;
    if (!strcmp(mn, "f2xm1"))
        return below(g, 20) ? ext80_make(sign, EXT80_BIAS - 1 - below(g, 70), sig) : ext80_one(sign);
    if (!strcmp(mn, "fyl2xp1"))
        return ext80_make(sign, EXT80_BIAS - 3 - below(g, 70), sig);
    if (!strcmp(mn, "fyl2x"))
        return ext80_make(below(g, 20) == 0, e, sig);
    if (!strcmp(mn, "fpatan"))
        return v;
    return ext80_make(sign, below(g, 20) ? EXT80_BIAS - 20 + below(g, 83) : e, sig);     /* fsin, fcos ... */
}

static void gen_registers(struct fpu_gen *g, const struct x87_form *form, struct ext80 *st)
{
    for (unsigned k = 0; k < 8; k++)
        st[k] = fpu_gen_ext80(g);
    if (below(g, 3) == 0)
        st[1] = gen_related(g, st[0]);
    if (below(g, 3) == 0) {
        unsigned k = 1 + below(g, 7);
        st[k] = gen_related(g, st[0]);
    }
    if (form->attr & X87_TRANS) {
        st[0] = gen_domain(g, form->mnemonic, st[0]);
        if (!strcmp(form->mnemonic, "fyl2x") || !strcmp(form->mnemonic, "fyl2xp1"))
            if (below(g, 8)) {
                unsigned sign = below(g, 2);
                st[1] = ext80_make(sign, EXT80_BIAS - 40 + below(g, 80), st[1].sig | 1ull << 63);
            }
    }
}

/* Places an ST(0) near the memory operand (the image holds the registers in stack order). */
static void set_st0(uint8_t *img, struct ext80 v)
{
    st64(img + 28, v.sig);
    st16(img + 36, v.se);
}

static void gen_memory(struct fpu_gen *g, const struct x87_form *form, struct fpu_case *t)
{
    uint8_t *m = t->mem;
    for (unsigned k = 0; k < FPU_MEM_SIZE; k++)
        m[k] = (uint8_t)fpu_rand(g);
    switch (form->operands) {
    case X87_OPERAND_M32FP: {
        uint32_t v = (uint32_t)gen_ieee(g, 23, 8);
        st32(m, v);
        if (below(g, 3) == 0)
            set_st0(t->state, ext80_near_ieee(g, v, 23, 8));
        break;
    }
    case X87_OPERAND_M64FP: {
        uint64_t v = gen_ieee(g, 52, 11);
        st64(m, v);
        if (below(g, 3) == 0)
            set_st0(t->state, ext80_near_ieee(g, v, 52, 11));
        break;
    }
    case X87_OPERAND_M80FP: {
        struct ext80 v = fpu_gen_ext80(g);
        st64(m, v.sig);
        st16(m + 8, v.se);
        break;
    }
    case X87_OPERAND_M16INT: st16(m, (uint16_t)gen_int(g, 16)); break;
    case X87_OPERAND_M32INT: st32(m, (uint32_t)gen_int(g, 32)); break;
    case X87_OPERAND_M64INT: st64(m, (uint64_t)gen_int(g, 64)); break;
    case X87_OPERAND_M80BCD: gen_bcd(g, m); break;
    case X87_OPERAND_MENV:
    case X87_OPERAND_MSTATE: {
        struct ext80 st[8];
        for (unsigned k = 0; k < 8; k++)
            st[k] = fpu_gen_ext80(g);
        gen_state(g, m, st, 0);
        st16(m + 4, (uint16_t)fpu_rand(g));            /* any flags: nothing waits after it */
        st16(m + 8, (uint16_t)fpu_rand(g));
        break;
    }
    default:
        break;
    }
}

void fpu_gen_case(struct fpu_gen *g, const struct x87_form *form, struct fpu_case *t)
{
    unsigned rm = below(g, 8);
    t->form = form;
    t->modrm = fpu_case_modrm(form, rm);
    struct ext80 st[8];
    gen_registers(g, form, st);
    gen_state(g, t->state, st, (form->attr & X87_TRANS) && below(g, 8) != 0);
    gen_memory(g, form, t);
    t->eflags = fpu_rand(g) & 0x8d5;
    t->eax = fpu_rand(g);
}

int fpu_image_address_byte(unsigned offset)
{
    return (offset >= 12 && offset < 18) || (offset >= 20 && offset < 26);
}
