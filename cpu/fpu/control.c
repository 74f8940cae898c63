/* x87 control and stack-management instructions: FNINIT, FNCLEX, FLDCW, FNSTCW, FNSTSW, FFREE/FFREEP,
 * FINCSTP/FDECSTP, FXCH, FNOP (and the 8087/287 leftovers a P6 ignores), and WAIT. */
#include "cpu/fpu/x87.h"
#include "cpu/fpu/x87_table.h"
#include "cpu/handlers.h"

void fninit(struct cpu *c, const struct insn *i)
{
    (void)i;
    fpu_init(&c->fpu);
}

/* FNCLEX clears the exception flags, SF, ES and B; the condition codes and TOP stay. */
void fnclex(struct cpu *c, const struct insn *i)
{
    (void)i;
    c->fpu.sw &= (uint16_t)~(X87_EXCEPTIONS | X87_SF | X87_ES | X87_B);
    x87_update_summary(&c->fpu);
}

/* Control word bits that exist: exception masks, PC, RC and the 287's infinity bit; bit 6 reads as 1. */
enum { CW_WRITABLE = 0x1f3f, CW_FIXED = 0x0040 };

void fldcw(struct cpu *c, const struct insn *i)
{
    uint32_t cw = seg_read16(c, i->seg, ea(c, i));
    c->fpu.cw = (uint16_t)((cw & CW_WRITABLE) | CW_FIXED);
    x87_update_summary(&c->fpu);
}

void fnstcw(struct cpu *c, const struct insn *i) { seg_write16(c, i->seg, ea(c, i), c->fpu.cw); }
void fnstsw_m16(struct cpu *c, const struct insn *i) { seg_write16(c, i->seg, ea(c, i), fpu_status_word(&c->fpu)); }
void fnstsw_ax(struct cpu *c, const struct insn *i)
{
    (void)i;
    set_r16(c, R_EAX, fpu_status_word(&c->fpu));
}

/* FFREE: C1 is cleared (the SDM leaves C0-C3 undefined; the hardware clears C1, as for FINCSTP) */
void ffree(struct cpu *c, const struct insn *i)
{
    c->fpu.empty |= (uint8_t)(1u << st_phys(&c->fpu, i->rm));
    x87_record(&c->fpu, 0, X87_C1);
}

void ffreep(struct cpu *c, const struct insn *i)
{
    ffree(c, i);
    st_pop(&c->fpu);
}

/* FINCSTP/FDECSTP move TOP without touching the tags; C1 is cleared. */
void fincstp(struct cpu *c, const struct insn *i)
{
    (void)i;
    c->fpu.top = (c->fpu.top + 1) & 7;
    x87_record(&c->fpu, 0, X87_C1);
}

void fdecstp(struct cpu *c, const struct insn *i)
{
    (void)i;
    c->fpu.top = (c->fpu.top - 1) & 7;
    x87_record(&c->fpu, 0, X87_C1);
}

/* FXCH: an empty operand counts as stack underflow; masked, it reads as the indefinite QNaN. */
void fxch_sti(struct cpu *c, const struct insn *i)
{
    struct fpu *f = &c->fpu;
    struct ext80_env env = x87_env(f);
    struct ext80 a = st_get(f, 0), b = st_get(f, i->rm);
    if (st_empty(f, 0) || st_empty(f, i->rm)) {
        x87_stack_underflow(&env);
        if (st_empty(f, 0))
            a = ext80_indefinite();
        if (st_empty(f, i->rm))
            b = ext80_indefinite();
    }
    if (!x87_record(f, env.flags, X87_C1))
        return;
    st_set(f, 0, b);
    st_set(f, i->rm, a);
}

void fnop(struct cpu *c, const struct insn *i)
{
    (void)c;
    (void)i;
}

/* FNENI, FNDISI, FNSETPM: 8087/287 instructions that a 387 and later execute as no-ops. */
void fnop_legacy(struct cpu *c, const struct insn *i)
{
    (void)c;
    (void)i;
}

/* WAIT/FWAIT: #NM only when both MP and TS are set; then any pending unmasked exception is reported. */
void fwait(struct cpu *c, const struct insn *i)
{
    (void)i;
    if ((c->cr0 & (CR0_MP | CR0_TS)) == (CR0_MP | CR0_TS))
        cpu_fault(c, EXC_NM, 0);
    x87_check_pending(c);
}
