# disasm/: the disassembler, driven by cpu/opcodes.def.
libx86pc_a_SOURCES += disasm/disasm.c disasm/disasm.h disasm/format.h disasm/memory.c disasm/x87.c \
	disasm/listing.c disasm/listing.h

# x86pc-disasm: disassembles flat binary files (also `x86pc --disasm FILE`).
bin_PROGRAMS += x86pc-disasm
x86pc_disasm_SOURCES = disasm/disasm_main.c
x86pc_disasm_LDADD = libx86pc.a $(ZLIB_LIBS)

# The disassembler against GNU objdump (tests/disasm/diff_disasm.c): every row of cpu/opcodes.def and
# cpu/fpu/x87.def and 1,000,000 random sequences, 16- and 32-bit, Intel and AT&T; skipped where objdump is missing.
UNIT_TESTS += tests/disasm/diff_disasm
tests_disasm_diff_disasm_SOURCES = tests/disasm/diff_disasm.c tests/disasm/objdump_text.c tests/disasm/objdump_text.h

# make check-disasm-long: 10,000,000 random sequences (5,000,000 per mode) and 200 instances per row, another seed.
check-disasm-long: tests/disasm/diff_disasm$(EXEEXT)
	$(TEST_WRAPPER) tests/disasm/diff_disasm 200 5000000 0xd15a5
.PHONY: check-disasm-long

# x86pc-disasm and x86pc --disasm on nasm-assembled code against listings checked by hand, bad command lines, and
# disasm_one at its edges (tests/disasm/test_listing.c).
UNIT_TESTS += tests/disasm/test_listing
DISASM_LISTINGS = tests/disasm/listing16.bin tests/disasm/listing32.bin
check_DATA += $(DISASM_LISTINGS)
CLEANFILES += $(DISASM_LISTINGS)
EXTRA_DIST += tests/disasm/listing16.asm tests/disasm/listing16.expect tests/disasm/listing32.asm \
	tests/disasm/listing32.expect
