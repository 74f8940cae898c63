/* The disassembler: the CPU's own decoder (cpu/decode.c) turns bytes into a struct insn, and the rows of
 * cpu/opcodes.def name its mnemonic and operand kinds, so the CPU and the disassembler cannot disagree about an
 * instruction's length or operands. x87 instructions are named by their rows in cpu/fpu/x87.def.
 *
 * Intel syntax follows GNU objdump's (`mov eax,dword ptr [ebx+0x4]`, lower case); AT&T syntax follows GNU as
 * (`movl 0x4(%ebx),%eax`). String instructions print as their short forms (`rep movsd`). */
#ifndef X86PC_DISASM_DISASM_H
#define X86PC_DISASM_DISASM_H

#include <stddef.h>
#include <stdint.h>

enum disasm_syntax { DISASM_INTEL, DISASM_ATT };

/* Disassembles one instruction from bytes[0, avail) in 16- or 32-bit code at `eip` (for branch targets).
 * Returns its length (1..15) and writes the text (no address, no bytes) to out; returns 0 when avail bytes do
 * not hold the whole instruction. An encoding the CPU does not execute (#UD) gives "(bad)" and length 1, so
 * that a listing goes on with the next byte. */
unsigned disasm_one(const uint8_t *bytes, unsigned avail, int bits, uint32_t eip, enum disasm_syntax syntax,
                    char *out, size_t outlen);

#endif
