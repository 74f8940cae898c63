# The debugger's part of the build: snapshots, the CPU's saved state, and their tests (tests/debugger/).
# The library sources are listed here rather than in cpu/local.mk and devices/local.mk, so that this one fragment
# carries the whole feature; they may move to their folders' fragments.
libx86pc_a_SOURCES += \
	cpu/cpu_state.c cpu/cpu_state.h \
	devices/snapshot.c devices/snapshot.h devices/snapshot_disk.c \
	devices/snapshot_file.c devices/snapshot_file.h

# Tests: snapshots in one process (test_snapshot), and x86pc driven from outside (test_debugger: snapshots on the
# command line, the monitor on stdin, the gdb stub with stock gdb and with raw protocol packets) against a small
# guest that is assembled twice, as a ROM and as an ELF object with symbols for gdb.
UNIT_TESTS += tests/debugger/test_snapshot tests/debugger/test_debugger
tests_debugger_test_debugger_SOURCES = tests/debugger/test_debugger.c tests/debugger/spawn.c tests/debugger/spawn.h
DEBUGGER_GUEST = tests/debugger/dbg_guest.bin tests/debugger/dbg_guest.o
check_DATA += $(DEBUGGER_GUEST)
CLEANFILES += $(DEBUGGER_GUEST)
EXTRA_DIST += tests/debugger/dbg_guest.asm
tests/debugger/dbg_guest.o: $(srcdir)/tests/debugger/dbg_guest.asm
	$(AM_V_GEN)$(MKDIR_P) tests/debugger && $(NASM) -f elf32 -o $@ $(srcdir)/tests/debugger/dbg_guest.asm
