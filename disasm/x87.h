/* Names of the x87 instructions (escape opcodes D8-DF) for the disassembler. */
#ifndef X86PC_DISASM_X87_H
#define X86PC_DISASM_X87_H

/* How the operands of an x87 form are written. */
enum x87_operands {
    X87_NONE,                    /* fnop, fchs, ... */
    X87_MEM,                     /* one memory operand of `mem_size` bytes (0: no size keyword) */
    X87_ST_STI,                  /* st, st(i) */
    X87_STI_ST,                  /* st(i), st */
    X87_STI,                     /* st(i) */
    X87_AX,                      /* ax (fnstsw ax) */
};

struct x87_form {
    const char *mnemonic;        /* NULL: no such instruction */
    enum x87_operands operands;
    unsigned mem_size;           /* 2, 4, 8, 10 for X87_MEM with a size */
};

/* The form of escape opcode D8-DF with its ModRM byte. */
struct x87_form x87_form(unsigned opcode, unsigned modrm);

#endif
