/* The names cpu/fpu/x87.def uses, for every file that includes the table: the rm column's special values, the
 * operand kinds, the attribute bits, and (for the CPU) the handlers' declarations and the decoded-form lookup. */
#ifndef X86PC_CPU_FPU_X87_TABLE_H
#define X86PC_CPU_FPU_X87_TABLE_H

#include "cpu/insn.h"

enum { X87_MEM = -1, X87_ANY = 8 };

#define X87_OPERAND_KINDS(X) \
    X(NONE) X(M32FP) X(M64FP) X(M80FP) X(M16INT) X(M32INT) X(M64INT) X(M80BCD) X(M2BYTE) X(MENV) X(MSTATE) \
    X(ST0_STI) X(STI_ST0) X(STI) X(AX)
#define X87_OPERAND_ENUM(k) X87_OPERAND_##k,
enum x87_operand { X87_OPERAND_KINDS(X87_OPERAND_ENUM) X87_OPERAND_COUNT };
#undef X87_OPERAND_ENUM

enum { X87_NOWAIT = 1 << 0, X87_CONTROL = 1 << 1, X87_UNDOC = 1 << 2, X87_TRANS = 1 << 3 };

/* One row of x87.def. */
struct x87_form {
    uint8_t opcode;
    uint8_t reg;
    int8_t rm;                   /* X87_MEM, X87_ANY or 0-7 */
    const char *mnemonic;
    uint8_t operands;            /* enum x87_operand */
    uint8_t attr;
    insn_fn *fn;
};

extern const struct x87_form x87_forms[];
extern const unsigned x87_form_count;

/* The row that executes opcode D8-DF with this ModRM byte, or NULL for an invalid encoding. */
const struct x87_form *x87_lookup(unsigned opcode, unsigned modrm);

#define X87(opc, reg, rm, mn, operands, attr, fn) insn_fn fn;
#include "cpu/fpu/x87.def"
#undef X87

#endif
