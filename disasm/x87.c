/* The x87 opcode map: opcode facts from the Intel SDM vol. 2, appendix A.4 (escape opcode instructions). */
#include "disasm/x87.h"

#include <stddef.h>

struct mem_form {
    const char *mnemonic;
    unsigned size;               /* operand bytes; 0 = an environment or state image (no size keyword) */
};

/* Memory forms: [opcode - D8][ModRM.reg]. */
static const struct mem_form memory_forms[8][8] = {
    { { "fadd", 4 }, { "fmul", 4 }, { "fcom", 4 }, { "fcomp", 4 },
      { "fsub", 4 }, { "fsubr", 4 }, { "fdiv", 4 }, { "fdivr", 4 } },
    { { "fld", 4 }, { NULL, 0 }, { "fst", 4 }, { "fstp", 4 },
      { "fldenv", 0 }, { "fldcw", 2 }, { "fnstenv", 0 }, { "fnstcw", 2 } },
    { { "fiadd", 4 }, { "fimul", 4 }, { "ficom", 4 }, { "ficomp", 4 },
      { "fisub", 4 }, { "fisubr", 4 }, { "fidiv", 4 }, { "fidivr", 4 } },
    { { "fild", 4 }, { "fisttp", 4 }, { "fist", 4 }, { "fistp", 4 },
      { NULL, 0 }, { "fld", 10 }, { NULL, 0 }, { "fstp", 10 } },
    { { "fadd", 8 }, { "fmul", 8 }, { "fcom", 8 }, { "fcomp", 8 },
      { "fsub", 8 }, { "fsubr", 8 }, { "fdiv", 8 }, { "fdivr", 8 } },
    { { "fld", 8 }, { "fisttp", 8 }, { "fst", 8 }, { "fstp", 8 },
      { "frstor", 0 }, { NULL, 0 }, { "fnsave", 0 }, { "fnstsw", 2 } },
    { { "fiadd", 2 }, { "fimul", 2 }, { "ficom", 2 }, { "ficomp", 2 },
      { "fisub", 2 }, { "fisubr", 2 }, { "fidiv", 2 }, { "fidivr", 2 } },
    { { "fild", 2 }, { "fisttp", 2 }, { "fist", 2 }, { "fistp", 2 },
      { "fbld", 10 }, { "fild", 8 }, { "fbstp", 10 }, { "fistp", 8 } },
};

struct reg_form {
    const char *mnemonic;
    enum x87_operands operands;
};

/* Register forms whose ModRM.reg selects the instruction and rm the register: [opcode - D8][ModRM.reg]. A NULL
 * mnemonic with X87_NONE means the instruction depends on rm too (see single_forms). The undocumented aliases
 * (fstp1, fcom2, fcomp3, fxch4, fcomp5, ffreep, fxch7, fstp8, fstp9) carry the names GNU binutils gives them;
 * a P6 executes them (sandpile.org's x87 opcode map lists them). */
static const struct reg_form register_forms[8][8] = {
    { { "fadd", X87_ST_STI }, { "fmul", X87_ST_STI }, { "fcom", X87_STI }, { "fcomp", X87_STI },
      { "fsub", X87_ST_STI }, { "fsubr", X87_ST_STI }, { "fdiv", X87_ST_STI }, { "fdivr", X87_ST_STI } },
    { { "fld", X87_STI }, { "fxch", X87_STI }, { NULL, X87_NONE }, { "fstp1", X87_STI },
      { NULL, X87_NONE }, { NULL, X87_NONE }, { NULL, X87_NONE }, { NULL, X87_NONE } },
    { { "fcmovb", X87_ST_STI }, { "fcmove", X87_ST_STI }, { "fcmovbe", X87_ST_STI }, { "fcmovu", X87_ST_STI },
      { NULL, X87_NONE }, { NULL, X87_NONE }, { NULL, X87_NONE }, { NULL, X87_NONE } },
    { { "fcmovnb", X87_ST_STI }, { "fcmovne", X87_ST_STI }, { "fcmovnbe", X87_ST_STI },
      { "fcmovnu", X87_ST_STI }, { NULL, X87_NONE }, { "fucomi", X87_ST_STI }, { "fcomi", X87_ST_STI },
      { NULL, X87_NONE } },
    { { "fadd", X87_STI_ST }, { "fmul", X87_STI_ST }, { "fcom2", X87_STI }, { "fcomp3", X87_STI },
      { "fsubr", X87_STI_ST }, { "fsub", X87_STI_ST }, { "fdivr", X87_STI_ST }, { "fdiv", X87_STI_ST } },
    { { "ffree", X87_STI }, { "fxch4", X87_STI }, { "fst", X87_STI }, { "fstp", X87_STI },
      { "fucom", X87_STI }, { "fucomp", X87_STI }, { NULL, X87_NONE }, { NULL, X87_NONE } },
    { { "faddp", X87_STI_ST }, { "fmulp", X87_STI_ST }, { "fcomp5", X87_STI }, { NULL, X87_NONE },
      { "fsubrp", X87_STI_ST }, { "fsubp", X87_STI_ST }, { "fdivrp", X87_STI_ST }, { "fdivp", X87_STI_ST } },
    { { "ffreep", X87_STI }, { "fxch7", X87_STI }, { "fstp8", X87_STI }, { "fstp9", X87_STI },
      { NULL, X87_NONE }, { "fucomip", X87_ST_STI }, { "fcomip", X87_ST_STI }, { NULL, X87_NONE } },
};

/* Register forms named by the whole ModRM byte. */
struct single_form {
    unsigned char opcode, modrm;
    const char *mnemonic;
    enum x87_operands operands;
};

static const struct single_form single_forms[] = {
    { 0xd9, 0xd0, "fnop", X87_NONE },
    { 0xd9, 0xe0, "fchs", X87_NONE }, { 0xd9, 0xe1, "fabs", X87_NONE },
    { 0xd9, 0xe4, "ftst", X87_NONE }, { 0xd9, 0xe5, "fxam", X87_NONE },
    { 0xd9, 0xe8, "fld1", X87_NONE }, { 0xd9, 0xe9, "fldl2t", X87_NONE }, { 0xd9, 0xea, "fldl2e", X87_NONE },
    { 0xd9, 0xeb, "fldpi", X87_NONE }, { 0xd9, 0xec, "fldlg2", X87_NONE }, { 0xd9, 0xed, "fldln2", X87_NONE },
    { 0xd9, 0xee, "fldz", X87_NONE },
    { 0xd9, 0xf0, "f2xm1", X87_NONE }, { 0xd9, 0xf1, "fyl2x", X87_NONE }, { 0xd9, 0xf2, "fptan", X87_NONE },
    { 0xd9, 0xf3, "fpatan", X87_NONE }, { 0xd9, 0xf4, "fxtract", X87_NONE }, { 0xd9, 0xf5, "fprem1", X87_NONE },
    { 0xd9, 0xf6, "fdecstp", X87_NONE }, { 0xd9, 0xf7, "fincstp", X87_NONE },
    { 0xd9, 0xf8, "fprem", X87_NONE }, { 0xd9, 0xf9, "fyl2xp1", X87_NONE }, { 0xd9, 0xfa, "fsqrt", X87_NONE },
    { 0xd9, 0xfb, "fsincos", X87_NONE }, { 0xd9, 0xfc, "frndint", X87_NONE }, { 0xd9, 0xfd, "fscale", X87_NONE },
    { 0xd9, 0xfe, "fsin", X87_NONE }, { 0xd9, 0xff, "fcos", X87_NONE },
    { 0xda, 0xe9, "fucompp", X87_NONE },
    { 0xdb, 0xe2, "fnclex", X87_NONE }, { 0xdb, 0xe3, "fninit", X87_NONE },
    { 0xdb, 0xe0, "fneni", X87_NONE }, { 0xdb, 0xe1, "fndisi", X87_NONE },   /* 8087/287 controls: */
    { 0xdb, 0xe4, "fnsetpm", X87_NONE },                                     /* no-ops on a P6 */
    { 0xde, 0xd9, "fcompp", X87_NONE },
    { 0xdf, 0xe0, "fnstsw", X87_AX },
};

struct x87_form x87_form(unsigned opcode, unsigned modrm)
{
    struct x87_form f = { NULL, X87_NONE, 0 };
    if (opcode < 0xd8 || opcode > 0xdf)
        return f;
    unsigned row = opcode - 0xd8, reg = (modrm >> 3) & 7;
    if ((modrm >> 6) != 3) {
        const struct mem_form *m = &memory_forms[row][reg];
        if (m->mnemonic) {
            f.mnemonic = m->mnemonic;
            f.operands = X87_MEM;
            f.mem_size = m->size;
        }
        return f;
    }
    const struct reg_form *r = &register_forms[row][reg];
    if (r->mnemonic) {
        f.mnemonic = r->mnemonic;
        f.operands = r->operands;
        return f;
    }
    for (size_t k = 0; k < sizeof single_forms / sizeof single_forms[0]; k++) {
        if (single_forms[k].opcode == opcode && single_forms[k].modrm == modrm) {
            f.mnemonic = single_forms[k].mnemonic;
            f.operands = single_forms[k].operands;
            break;
        }
    }
    return f;
}
