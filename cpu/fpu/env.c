/* The x87 environment and state images: FNSTENV/FLDENV and FNSAVE/FRSTOR in their four layouts (16- or 32-bit
 * operand size, real/V86 or protected mode; Intel SDM vol. 1, figures 8-9 to 8-12), and FXSAVE/FXRSTOR (the
 * 512-byte image of vol. 2, table 3-53, of which this FPU-only processor fills the x87 part).
 *
 * In real and V86 mode the images hold 20-bit linear instruction and operand addresses (split around the
 * opcode), computed here from the saved selector and offset. Reserved 16-bit halves of the 32-bit layouts are
 * written as FFFFh, as the hardware does. */
#include "cpu/fpu/x87.h"
#include "cpu/fpu/x87_table.h"
#include "cpu/handlers.h"

#include <string.h>

enum { ENV16_SIZE = 14, ENV32_SIZE = 28, REGS_SIZE = 80, FXSAVE_X87_SIZE = 160 };

static int protected_layout(const struct cpu *c) { return c->pe && !c->v86; }

static uint32_t real_linear(uint16_t sel, uint32_t off) { return ((uint32_t)sel << 4) + (off & 0xffff); }

static void store_env32(const struct cpu *c, uint8_t *b)
{
    const struct fpu *f = &c->fpu;
    memset(b, 0xff, ENV32_SIZE);
    st16(b, f->cw);
    st16(b + 4, fpu_status_word(f));
    st16(b + 8, fpu_tag_word(f));
    if (protected_layout(c)) {
        st32(b + 12, f->fip);
        st32(b + 16, f->fcs | ((uint32_t)(f->fop & 0x7ff) << 16));
        st32(b + 20, f->fdp);
        st16(b + 24, f->fds);
        return;
    }
    uint32_t ip = real_linear(f->fcs, f->fip), dp = real_linear(f->fds, f->fdp);
    st16(b + 12, (uint16_t)ip);
    st32(b + 16, (f->fop & 0x7ffu) | ((ip >> 16) << 12));
    st16(b + 20, (uint16_t)dp);
    st32(b + 24, (dp >> 16) << 12);
}

static void store_env16(const struct cpu *c, uint8_t *b)
{
    const struct fpu *f = &c->fpu;
    st16(b, f->cw);
    st16(b + 2, fpu_status_word(f));
    st16(b + 4, fpu_tag_word(f));
    if (protected_layout(c)) {
        st16(b + 6, (uint16_t)f->fip);
        st16(b + 8, f->fcs);
        st16(b + 10, (uint16_t)f->fdp);
        st16(b + 12, f->fds);
        return;
    }
    uint32_t ip = real_linear(f->fcs, f->fip), dp = real_linear(f->fds, f->fdp);
    st16(b + 6, (uint16_t)ip);
    st16(b + 8, (uint16_t)((f->fop & 0x7ffu) | ((ip >> 16) << 12)));
    st16(b + 10, (uint16_t)dp);
    st16(b + 12, (uint16_t)((dp >> 16) << 12));
}

/* Builds the environment image for the instruction's operand size; returns its length. */
static unsigned store_env(const struct cpu *c, const struct insn *i, uint8_t *b)
{
    if (i->osize32) {
        store_env32(c, b);
        return ENV32_SIZE;
    }
    store_env16(c, b);
    return ENV16_SIZE;
}

/* Control word, status word (with TOP) and tag word: a tag of 11b marks the register empty, any other tag only
 * "in use" (the contents decide what FSTENV reports later). */
static void load_words(struct fpu *f, uint16_t cw, uint16_t sw, uint16_t tw)
{
    f->cw = (uint16_t)((cw & 0x1f3f) | 0x0040);
    f->sw = (uint16_t)(sw & ~0x3800u);
    f->top = (sw >> 11) & 7;
    f->empty = 0;
    for (unsigned k = 0; k < 8; k++)
        if (((tw >> (2 * k)) & 3) == 3)
            f->empty |= (uint8_t)(1u << k);
}

static void load_env(struct cpu *c, const struct insn *i, const uint8_t *b)
{
    struct fpu *f = &c->fpu;
    int wide = i->osize32, prot = protected_layout(c);
    unsigned step = wide ? 4 : 2;
    load_words(f, ld16(b), ld16(b + step), ld16(b + 2 * step));
    const uint8_t *p = b + 3 * step;
    if (prot) {
        f->fip = wide ? ld32(p) : ld16(p);
        f->fcs = ld16(p + step);
        f->fop = wide ? (ld32(p + 4) >> 16) & 0x7ff : f->fop;
        f->fdp = wide ? ld32(p + 2 * step) : ld16(p + 2 * step);
        f->fds = ld16(p + 3 * step);
    } else {
        uint32_t hi_ip = wide ? ld32(p + 4) : ld16(p + 2), hi_dp = wide ? ld32(p + 12) : ld16(p + 6);
        f->fip = ld16(p) | (((hi_ip >> 12) & (wide ? 0xffff : 0xf)) << 16);
        f->fop = hi_ip & 0x7ff;
        f->fdp = ld16(p + 2 * step) | (((hi_dp >> 12) & (wide ? 0xffff : 0xf)) << 16);
        f->fcs = f->fds = 0;
    }
    x87_update_summary(f);
}

void fnstenv(struct cpu *c, const struct insn *i)
{
    uint8_t b[ENV32_SIZE];
    unsigned len = store_env(c, i, b);
    x87_write_block(c, i->seg, ea(c, i), b, len);
    c->fpu.cw |= X87_EXCEPTIONS;                 /* FSTENV masks every exception afterwards */
    x87_update_summary(&c->fpu);
}

void fldenv(struct cpu *c, const struct insn *i)
{
    uint8_t b[ENV32_SIZE];
    x87_read_block(c, i->seg, ea(c, i), b, i->osize32 ? ENV32_SIZE : ENV16_SIZE);
    load_env(c, i, b);
}

void fnsave(struct cpu *c, const struct insn *i)
{
    uint8_t b[ENV32_SIZE + REGS_SIZE];
    unsigned len = store_env(c, i, b);
    for (unsigned k = 0; k < 8; k++)
        x87_pack80(b + len + 10 * k, st_get(&c->fpu, k));
    x87_write_block(c, i->seg, ea(c, i), b, len + REGS_SIZE);
    fpu_init(&c->fpu);
}

void frstor(struct cpu *c, const struct insn *i)
{
    uint8_t b[ENV32_SIZE + REGS_SIZE];
    unsigned len = i->osize32 ? ENV32_SIZE : ENV16_SIZE;
    x87_read_block(c, i->seg, ea(c, i), b, len + REGS_SIZE);
    load_env(c, i, b);
    for (unsigned k = 0; k < 8; k++)
        c->fpu.reg[st_phys(&c->fpu, k)] = x87_unpack80(b + len + 10 * k);
}

/* FXSAVE/FXRSTOR: #NM like the escape opcodes, #GP(0) unless the image is 16-byte aligned. They neither wait for
 * nor report pending exceptions. MXCSR (offset 24) reads as its reset value: there is no SSE unit. */
static uint32_t fxsave_offset(struct cpu *c, const struct insn *i)
{
    x87_check_available(c);
    uint32_t off = ea(c, i);
    if ((c->seg[i->seg].base + off) & 15)
        cpu_fault(c, EXC_GP, 0);
    return off;
}

void fxsave(struct cpu *c, const struct insn *i)
{
    uint32_t off = fxsave_offset(c, i);
    const struct fpu *f = &c->fpu;
    uint8_t b[FXSAVE_X87_SIZE];
    memset(b, 0, sizeof b);
    st16(b, f->cw);
    st16(b + 2, fpu_status_word(f));
    b[4] = (uint8_t)~f->empty;
    st16(b + 6, f->fop & 0x7ff);
    st32(b + 8, f->fip);
    st16(b + 12, f->fcs);
    st32(b + 16, f->fdp);
    st16(b + 20, f->fds);
    st32(b + 24, 0x1f80);
    for (unsigned k = 0; k < 8; k++)
        x87_pack80(b + 32 + 16 * k, st_get(f, k));
    x87_probe_write(c, i->seg, off, 512);          /* the whole image must be writable */
    x87_write_block(c, i->seg, off, b, sizeof b);
}

void fxrstor(struct cpu *c, const struct insn *i)
{
    uint32_t off = fxsave_offset(c, i);
    uint8_t b[512];
    x87_read_block(c, i->seg, off, b, sizeof b);
    struct fpu *f = &c->fpu;
    f->cw = (uint16_t)((ld16(b) & 0x1f3f) | 0x0040);
    f->sw = (uint16_t)(ld16(b + 2) & ~0x3800u);
    f->top = (ld16(b + 2) >> 11) & 7;
    f->empty = (uint8_t)~b[4];
    f->fop = ld16(b + 6) & 0x7ff;
    f->fip = ld32(b + 8);
    f->fcs = ld16(b + 12);
    f->fdp = ld32(b + 16);
    f->fds = ld16(b + 20);
    for (unsigned k = 0; k < 8; k++)
        f->reg[st_phys(f, k)] = x87_unpack80(b + 32 + 16 * k);
    x87_update_summary(f);
}
