# disasm/: the disassembler, driven by cpu/opcodes.def.
libx86pc_a_SOURCES += disasm/disasm.c disasm/disasm.h disasm/x87.c disasm/x87.h disasm/listing.c disasm/listing.h

# x86pc-disasm: disassembles flat binary files (also `x86pc --disasm FILE`).
bin_PROGRAMS += x86pc-disasm
x86pc_disasm_SOURCES = disasm/disasm_main.c
x86pc_disasm_LDADD = libx86pc.a $(ZLIB_LIBS)

# The disassembler against GNU objdump (tests/disasm/diff_disasm.c); skipped where objdump is missing.
UNIT_TESTS += tests/disasm/diff_disasm
