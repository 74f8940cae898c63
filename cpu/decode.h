/* Bytes to struct insn: prefixes, opcode, ModRM/SIB, displacement and immediates, and the handler for the
 * operand size. Used by the CPU (on a block-cache miss) and by the disassembler. */
#ifndef X86PC_CPU_DECODE_H
#define X86PC_CPU_DECODE_H

#include "cpu/insn.h"

enum { DECODE_NEED_MORE = 0, DECODE_TOO_LONG = -1 };

/* Decodes one instruction from bytes[0, avail) with the given default operand/address size (CS.D). Returns its
 * length; DECODE_NEED_MORE when avail bytes do not hold the whole instruction; DECODE_TOO_LONG past 15 bytes.
 * An encoding with no row decodes to row 0 (#UD) with the length of what was parsed. */
int decode_insn(struct insn *out, const uint8_t *bytes, unsigned avail, int code32);

/* The row for (map, opcode, ModRM.reg), or 0 when there is none; for table-driven tools. */
unsigned decode_lookup_row(unsigned map, unsigned opcode, unsigned reg);
int decode_has_modrm(unsigned map, unsigned opcode);

#endif
