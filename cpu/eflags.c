/* Writing EFLAGS under the privilege rules of the current mode (POPF; IRET and task switches have their own). */
#include "cpu/cpu_internal.h"
#include "cpu/flags.h"

void cpu_write_eflags(struct cpu *c, uint32_t value, uint32_t mask)
{
    uint32_t iopl = (c->eflags & FL_IOPL) >> 12;
    uint32_t changeable = FL_ARITH | FL_TF | FL_DF | FL_NT | FL_AC | FL_ID;
    if (!c->pe || c->cpl == 0)
        changeable |= FL_IF | FL_IOPL;
    else if ((uint32_t)c->cpl <= iopl)
        changeable |= FL_IF;
    changeable &= mask;
    uint32_t old = cpu_get_eflags(c);
    uint32_t now = (old & ~changeable) | (value & changeable);
    set_arith_flags(c, now);
    c->eflags = (now & ~FL_ARITH) | 2;
    /* A change of IF or TF must be seen by the run loop before the next instruction's boundary. */
    if ((now ^ old) & (FL_IF | FL_TF | FL_IOPL))
        cpu_end_block(c);
}
