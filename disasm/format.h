/* Inside the disassembler: the text being built, what an instruction is being formatted with, and the pieces
 * disasm.c (integer instructions), memory.c (memory operands) and x87.c (escape opcodes) share. */
#ifndef X86PC_DISASM_FORMAT_H
#define X86PC_DISASM_FORMAT_H

#include "disasm/disasm.h"
#include "cpu/insn.h"

#include <stddef.h>
#include <stdint.h>

extern const char *const disasm_reg8[8], *const disasm_reg16[8], *const disasm_reg32[8], *const disasm_sreg[8];

/* Text being built into a caller's buffer, never overflowing it (longer text is cut short). */
struct text {
    char *buf;
    size_t len, cap;
};

void disasm_put(struct text *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* One decoded instruction being formatted. */
struct context {
    const struct insn *i;
    const struct opcode_row *row;
    uint32_t eip;                /* where it starts (branch targets are relative to its end) */
    int bits;                    /* the code's default size, 16 or 32 */
    enum disasm_syntax syntax;
};

/* The memory operand of i: Intel with a size keyword for `size` bytes (0: none), "dword ptr ds:[ebx+0x4]";
 * AT&T, "%ds:0x4(%ebx)". */
void disasm_put_memory_intel(struct text *t, const struct insn *i, unsigned size);
void disasm_put_memory_att(struct text *t, const struct insn *i);

/* An x87 instruction (D8-DF) from its row in cpu/fpu/x87.def; 0, or -1 when no row matches (invalid). */
int disasm_format_x87(struct text *t, const struct context *x);

#endif
