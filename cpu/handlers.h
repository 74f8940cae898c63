/* Declarations of every instruction handler named in opcodes.def, generated from the table itself. */
#ifndef X86PC_CPU_HANDLERS_H
#define X86PC_CPU_HANDLERS_H

#include "cpu/insn.h"

#define OP(map, opc, ext, mn, o1, o2, o3, attr, undef, f16, f32) insn_fn f16, f32;
#include "cpu/opcodes.def"
#undef OP

insn_fn invalid_opcode;

#endif
