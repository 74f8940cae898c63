# disasm/: the disassembler, driven by cpu/opcodes.def.
