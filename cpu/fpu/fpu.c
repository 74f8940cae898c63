/* The x87 state: reset and FNINIT, the status and tag words, exception recording with the ES summary and the
 * FERR#/IGNNE# lines, the #NM/#MF checks before an instruction, and guest memory blocks for the handlers. */
#include "cpu/fpu/x87.h"

void fpu_reset(struct fpu *f)
{
    for (unsigned k = 0; k < 8; k++)
        f->reg[k] = ext80_zero(0);
    f->cw = 0x0040;
    f->sw = 0;
    f->top = 0;
    f->empty = 0;
    f->fop = 0;
    f->fip = f->fdp = 0;
    f->fcs = f->fds = 0;
    x87_update_summary(f);
}

void fpu_init(struct fpu *f)
{
    f->cw = 0x037f;
    f->sw = 0;
    f->top = 0;
    f->empty = 0xff;
    f->fop = 0;
    f->fip = f->fdp = 0;
    f->fcs = f->fds = 0;
    x87_update_summary(f);
}

uint16_t fpu_status_word(const struct fpu *f)
{
    return (uint16_t)((f->sw & ~0x3800u) | ((unsigned)f->top << 11));
}

unsigned x87_tag_of(struct ext80 v)
{
    unsigned e = ext80_exp(v);
    if (e == 0)
        return v.sig ? 2 : 1;
    return e == EXT80_EXP_MAX || !(v.sig >> 63) ? 2 : 0;
}

uint16_t fpu_tag_word(const struct fpu *f)
{
    unsigned tw = 0;
    for (unsigned k = 0; k < 8; k++)
        tw |= ((f->empty >> k) & 1 ? 3u : x87_tag_of(f->reg[k])) << (2 * k);
    return (uint16_t)tw;
}

static void set_irq13(struct fpu *f, int level)
{
    if (f->irq13_level == level)
        return;
    f->irq13_level = (uint8_t)level;
    if (f->irq13)
        f->irq13(f->irq13_opaque, level);
}

void fpu_port_f0_write(struct fpu *f)
{
    if (!f->ferr)
        return;                  /* IGNNE#'s flip-flop is held clear while FERR# is inactive */
    set_irq13(f, 0);
    f->ignne = 1;
}

void x87_update_summary(struct fpu *f)
{
    if (f->sw & ~f->cw & X87_EXCEPTIONS) {
        f->sw |= X87_ES | X87_B;
        return;
    }
    f->sw &= (uint16_t)~(X87_ES | X87_B);
    /* FERR# goes inactive with ES, and with it IGNNE# and the interrupt request */
    f->ferr = 0;
    f->ignne = 0;
    set_irq13(f, 0);
}

struct ext80_env x87_env(const struct fpu *f)
{
    /* precision control: 00 single, 01 reserved (taken as extended), 10 double, 11 extended */
    static const uint8_t precision[4] = { 24, 64, 53, 64 };
    struct ext80_env env = { (uint8_t)((f->cw >> 10) & 3), precision[(f->cw >> 8) & 3],
                             (uint8_t)(f->cw & X87_EXCEPTIONS), 0, 0 };
    return env;
}

int x87_record(struct fpu *f, unsigned flags, unsigned cc_mask)
{
    return x87_record_suppressed(f, flags, cc_mask, X87_IE | X87_DE | X87_ZE);
}

int x87_record_suppressed(struct fpu *f, unsigned flags, unsigned cc_mask, unsigned suppressing)
{
    unsigned unmasked = flags & ~f->cw & X87_EXCEPTIONS;
    int deliver = !(unmasked & suppressing);
    /* An operand exception ends the instruction before its result is known: PE, UE, OE are not reported, and C1
     * reports only a stack fault. (A memory store stopped by unmasked OE or UE computed its flags already.) */
    if (unmasked & (X87_IE | X87_DE | X87_ZE))
        flags &= X87_IE | X87_DE | X87_ZE | X87_SF | X87_C0 | X87_C2 | X87_C3 | (flags & X87_SF ? X87_C1 : 0);
    f->sw = (uint16_t)((f->sw & ~cc_mask) | (flags & cc_mask) | (flags & (X87_EXCEPTIONS | X87_SF)));
    x87_update_summary(f);
    return deliver;
}

void x87_check_available(struct cpu *c)
{
    if (c->cr0 & (CR0_EM | CR0_TS))
        cpu_fault(c, EXC_NM, 0);
}

void x87_check_pending(struct cpu *c)
{
    struct fpu *f = &c->fpu;
    if (!(f->sw & X87_ES))
        return;
    if (c->cr0 & CR0_NE)
        cpu_fault(c, EXC_MF, 0);
    /* MS-DOS compatibility: FERR# raises IRQ 13, which arrives after this instruction */
    if (!f->ignne && !f->ferr) {
        f->ferr = 1;
        set_irq13(f, 1);
        cpu_end_block(c);
    }
}

void x87_read_block(struct cpu *c, unsigned seg, uint32_t off, uint8_t *buf, unsigned len)
{
    uint32_t lin = seg_linear(c, seg, off, len, SEG_R);
    for (unsigned k = 0; k < len; k++)
        buf[k] = (uint8_t)lin_read8(c, lin + k);
}

void x87_probe_write(struct cpu *c, unsigned seg, uint32_t off, unsigned len)
{
    uint32_t lin = seg_linear(c, seg, off, len, SEG_W);
    cpu_translate(c, lin, ACC_WRITE, cpu_user(c));
    uint32_t last = lin + len - 1;
    if ((last ^ lin) & ~0xfffu)
        cpu_translate(c, last, ACC_WRITE, cpu_user(c));
}

void x87_write_block(struct cpu *c, unsigned seg, uint32_t off, const uint8_t *buf, unsigned len)
{
    uint32_t lin = seg_linear(c, seg, off, len, SEG_W);
    /* the common case: one page, already writable through the TLB (then no byte can fault) */
    if ((lin & 0xfff) + len > 0x1000 || !tlb_hit(c, lin, c->acc_wr))
        x87_probe_write(c, seg, off, len);
    for (unsigned k = 0; k < len; k++)
        lin_write8(c, lin + k, buf[k]);
}
