/* The x87 escape opcodes D8-DF: the rows of cpu/fpu/x87.def looked up by opcode and ModRM, the checks every
 * escape makes first (#NM, then a pending unmasked exception unless the form does not wait), and the
 * instruction and data pointers (FIP, FCS, FOP, FDP, FDS) that every non-control instruction leaves behind. */
#include "cpu/fpu/x87.h"
#include "cpu/fpu/x87_table.h"
#include "cpu/handlers.h"

const struct x87_form x87_forms[] = {
#define X87(opc, reg, rm, mn, operands, attr, fn) { opc, reg, rm, mn, X87_OPERAND_##operands, attr, fn },
#include "cpu/fpu/x87.def"
#undef X87
};
const unsigned x87_form_count = sizeof x87_forms / sizeof x87_forms[0];

/* [opcode - D8][ModRM.reg][0-7: register form with that rm, 8: memory form] -> row + 1 (0: invalid). Built on
 * first use, read-only afterwards. */
struct x87_map {
    int ready;
    uint8_t row[8][8][9];
};
static struct x87_map x87_map;

static void build_map(struct x87_map *m)
{
    for (unsigned r = 0; r < x87_form_count; r++) {
        const struct x87_form *f = &x87_forms[r];
        unsigned op = f->opcode - 0xd8u;
        for (unsigned slot = 0; slot < 9; slot++) {
            int match = f->rm == X87_MEM ? slot == 8 : f->rm == X87_ANY ? slot < 8 : (unsigned)f->rm == slot;
            if (match)
                m->row[op][f->reg][slot] = (uint8_t)(r + 1);
        }
    }
    m->ready = 1;
}

const struct x87_form *x87_lookup(unsigned opcode, unsigned modrm)
{
    if (!x87_map.ready)
        build_map(&x87_map);
    unsigned slot = (modrm >> 6) == 3 ? modrm & 7 : 8;
    unsigned r = x87_map.row[(opcode - 0xd8u) & 7][(modrm >> 3) & 7][slot];
    return r ? &x87_forms[r - 1] : NULL;
}

static void record_pointers(struct cpu *c, const struct insn *i)
{
    struct fpu *f = &c->fpu;
    f->fop = (uint16_t)(((i->opcode & 7u) << 8) | i->modrm);
    f->fip = c->prev_eip;
    f->fcs = c->seg[S_CS].sel;
    if (!i->mod3) {
        f->fdp = ea(c, i);
        f->fds = c->seg[i->seg].sel;
    }
}

void fpu_escape(struct cpu *c, const struct insn *i)
{
    x87_check_available(c);
    const struct x87_form *form = x87_lookup(i->opcode, i->mod3 ? i->modrm | 0xc0u : i->modrm);
    if (!form)
        cpu_fault(c, EXC_UD, 0);
    if (!(form->attr & X87_NOWAIT))
        x87_check_pending(c);
    form->fn(c, i);
    if (!(form->attr & X87_CONTROL))
        record_pointers(c, i);
}
