/* A decoded instruction and the decoder table's row type (the rows themselves are in cpu/opcodes.def). */
#ifndef X86PC_CPU_INSN_H
#define X86PC_CPU_INSN_H

#include <stdint.h>

struct cpu;
struct insn;
typedef void insn_fn(struct cpu *c, const struct insn *i);

/* Operand kinds: the Intel opcode-map letters (see opcodes.def). */
#define OPERAND_KINDS(X) \
    X(NO) X(Eb) X(Ew) X(Ev) X(Gb) X(Gw) X(Gv) X(M) X(Mp) X(Ma) X(Mq) X(Ms) X(Ib) X(Iw) X(Iz) X(Ibs) X(Jb) X(Jz) \
    X(Ob) X(Ov) X(Ap) X(Sw) X(Cd) X(Dd) X(Rd) X(Zb) X(Zv) X(AL) X(CL) X(DX) X(eAX) X(One) X(Xb) X(Xv) X(Yb) \
    X(Yv) X(ES) X(CS) X(SS) X(DS) X(FS) X(GS) X(Fp)
#define OPERAND_KIND_ENUM(k) OK_##k,
enum operand_kind { OPERAND_KINDS(OPERAND_KIND_ENUM) OK_COUNT };
#undef OPERAND_KIND_ENUM

enum {
    A_LOCK = 1 << 0, A_END = 1 << 1, A_BR = 1 << 2, A_REP = 1 << 3, A_SYS = 1 << 4, A_HOST = 1 << 5,
};

struct opcode_row {
    uint8_t map;                 /* 1 or 2 (0F) */
    uint8_t opcode;
    int8_t ext;                  /* ModRM.reg for group members, -1 otherwise */
    const char *mnemonic;
    uint8_t operand[3];          /* enum operand_kind */
    uint16_t attr;
    uint32_t undefined_flags;
    insn_fn *fn16, *fn32;
};

/* Row 0 is the invalid opcode (#UD); rows 1.. are opcodes.def in order. */
extern const struct opcode_row opcode_rows[];
extern const unsigned opcode_row_count;

enum { REP_NONE = 0, REP_F3 = 1, REP_F2 = 2 };
enum { INSN_MAX_LEN = 15 };

/* One decoded instruction: everything that does not depend on data is worked out here, once. */
struct insn {
    insn_fn *fn;
    uint32_t disp;               /* effective-address displacement, moffs, or far-pointer offset */
    uint32_t imm;                /* first immediate, or the relative branch displacement */
    uint32_t amask;              /* 0xffff or 0xffffffff: address-size wrap of the effective address */
    uint16_t imm2;               /* second immediate: ENTER's level, a far pointer's selector */
    uint16_t row;                /* index into opcode_rows */
    uint8_t len;
    uint8_t reg;                 /* ModRM.reg, or the register in the opcode's low bits */
    uint8_t rm;                  /* ModRM.rm: the register of a register-form operand */
    uint8_t mod3;                /* 1 when the E operand is a register */
    uint8_t base, index, scale;  /* effective address = disp + gpr[base] + (gpr[index] << scale); R_NONE = none */
    uint8_t seg;                 /* segment of the memory operand (after overrides) */
    uint8_t seg_override;        /* the override prefix's segment, or S_COUNT when none */
    uint8_t osize32, asize32;
    uint8_t rep;                 /* REP_NONE, REP_F3, REP_F2 */
    uint8_t lock;
    uint8_t modrm;               /* the raw ModRM byte (for the disassembler and x87) */
    uint8_t opcode;              /* the last opcode byte (x87 escapes need it) */
};

#endif
