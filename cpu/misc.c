/* The invalid opcode, and the placeholder for opcodes this build does not execute yet. */
#include "cpu/cpu_internal.h"
#include "cpu/except.h"
#include "cpu/handlers.h"

#include <stdio.h>

void invalid_opcode(struct cpu *c, const struct insn *i)
{
    (void)i;
    cpu_fault(c, EXC_UD, 0);
}

void cpu_unimplemented(struct cpu *c, const struct insn *i)
{
    const struct opcode_row *r = &opcode_rows[i->row];
    fprintf(stderr, "x86pc: %s (%s%02x /%d) at %04x:%08x is not implemented yet: #UD\n", r->mnemonic,
            r->map == 2 ? "0f " : "", r->opcode, r->ext, c->seg[S_CS].sel, c->prev_eip);
    cpu_fault(c, EXC_UD, 0);
}
