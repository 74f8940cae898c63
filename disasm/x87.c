/* x87 instructions (escape opcodes D8-DF), named and shaped by their rows in cpu/fpu/x87.def, found through the
 * FPU's own lookup: the FPU and the disassembler cannot disagree about which forms exist. */
#include "disasm/format.h"
#include "cpu/fpu/x87_table.h"

#include <string.h>

/* Bytes of a memory operand kind; 0 for the environment and state images, which have no size keyword. */
static unsigned memory_bytes(unsigned kind)
{
    switch (kind) {
    case X87_OPERAND_M2BYTE: case X87_OPERAND_M16INT: return 2;
    case X87_OPERAND_M32FP: case X87_OPERAND_M32INT: return 4;
    case X87_OPERAND_M64FP: case X87_OPERAND_M64INT: return 8;
    case X87_OPERAND_M80FP: case X87_OPERAND_M80BCD: return 10;
    default: return 0;
    }
}

static int is_memory_kind(unsigned kind)
{
    return kind >= X87_OPERAND_M32FP && kind <= X87_OPERAND_MSTATE;
}

/* GNU as names the size of an x87 memory operand with a suffix: s/l/t for reals, s/l/ll for integers; none for
 * BCD, control words and images. */
static const char *att_size_suffix(unsigned kind)
{
    switch (kind) {
    case X87_OPERAND_M32FP: return "s";
    case X87_OPERAND_M64FP: return "l";
    case X87_OPERAND_M80FP: return "t";
    case X87_OPERAND_M16INT: return "s";
    case X87_OPERAND_M32INT: return "l";
    case X87_OPERAND_M64INT: return "ll";
    default: return "";
    }
}

/* FLDENV, FNSTENV, FRSTOR and FNSAVE use the 16- or 32-bit image layout by operand size: a size other than the
 * code's default is named (Intel w/d, AT&T s/l), as objdump does. */
static const char *image_layout_suffix(const struct context *x, unsigned kind)
{
    if ((kind != X87_OPERAND_MENV && kind != X87_OPERAND_MSTATE) || x->i->osize32 == (x->bits == 32))
        return "";
    if (x->syntax == DISASM_ATT)
        return x->i->osize32 ? "l" : "s";
    return x->i->osize32 ? "d" : "w";
}

/* GNU's AT&T syntax swaps FSUB/FSUBR and FDIV/FDIVR (and their pops) in the forms whose destination is st(i), a
 * convention of AT&T's original assembler that GNU keeps (its manual: "i386 Mnemonics"). */
static const char *gnu_att_reversed(const char *mnemonic)
{
    static const char *const pairs[][2] = {
        { "fsub", "fsubr" }, { "fsubr", "fsub" }, { "fdiv", "fdivr" }, { "fdivr", "fdiv" },
        { "fsubp", "fsubrp" }, { "fsubrp", "fsubp" }, { "fdivp", "fdivrp" }, { "fdivrp", "fdivp" },
    };
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++)
        if (strcmp(mnemonic, pairs[k][0]) == 0)
            return pairs[k][1];
    return mnemonic;
}

int disasm_format_x87(struct text *t, const struct context *x)
{
    const struct insn *i = x->i;
    const struct x87_form *f = x87_lookup(i->opcode, i->modrm);
    if (!f)
        return -1;
    int att = x->syntax == DISASM_ATT;
    unsigned sti = i->modrm & 7;
    const char *mn = f->mnemonic;
    if (is_memory_kind(f->operands)) {
        disasm_put(t, "%s%s%s ", mn, att ? att_size_suffix(f->operands) : "", image_layout_suffix(x, f->operands));
        if (att)
            disasm_put_memory_att(t, i);
        else
            disasm_put_memory_intel(t, i, memory_bytes(f->operands));
        return 0;
    }
    switch (f->operands) {
    case X87_OPERAND_AX: disasm_put(t, att ? "%s %%ax" : "%s ax", mn); break;
    case X87_OPERAND_STI: disasm_put(t, att ? "%s %%st(%u)" : "%s st(%u)", mn, sti); break;
    case X87_OPERAND_ST0_STI: disasm_put(t, att ? "%s %%st(%u),%%st" : "%s st,st(%u)", mn, sti); break;
    case X87_OPERAND_STI_ST0:
        disasm_put(t, att ? "%s %%st,%%st(%u)" : "%s st(%u),st", att ? gnu_att_reversed(mn) : mn, sti);
        break;
    default: disasm_put(t, "%s", mn); break;
    }
    return 0;
}
