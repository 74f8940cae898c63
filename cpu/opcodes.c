/* The decoder table, built from opcodes.def. */
#include "cpu/insn.h"
#include "cpu/handlers.h"
#include "cpu/cpu.h"

#define OP(map, opc, ext, mn, o1, o2, o3, attr, undef, f16, f32) \
    { map, opc, ext, mn, { OK_##o1, OK_##o2, OK_##o3 }, attr, undef, f16, f32 },

const struct opcode_row opcode_rows[] = {
    { 0, 0, -1, "(bad)", { OK_NO, OK_NO, OK_NO }, A_END, 0, invalid_opcode, invalid_opcode },
#include "cpu/opcodes.def"
};
#undef OP

const unsigned opcode_row_count = sizeof opcode_rows / sizeof opcode_rows[0];
