# cpu/fpu/: the x87 FPU in software 80-bit arithmetic, and its tests.
EXTRA_DIST += cpu/fpu/x87.def cpu/fpu/README
libx86pc_a_SOURCES += \
	cpu/fpu/u128.h cpu/fpu/ext80.h cpu/fpu/ext80.c cpu/fpu/ext80_arith.c cpu/fpu/ext80_parts.c \
	cpu/fpu/ext80_convert.c \
	cpu/fpu/fpu.h cpu/fpu/fpu.c cpu/fpu/x87.h cpu/fpu/x87_table.h cpu/fpu/escape.c \
	cpu/fpu/load_store.c cpu/fpu/arith.c cpu/fpu/compare.c cpu/fpu/control.c cpu/fpu/env.c \
	cpu/fpu/wide.h cpu/fpu/wide.c cpu/fpu/transcend.h cpu/fpu/transcend_math.c cpu/fpu/transcend.c

# The differential test against the host's x87 (x86 hosts; elsewhere it reports a skip): 1,000,000 cases of
# every non-transcendental form plus 100,000 transcendental ones in make check, many more in make check-fpu-long.
UNIT_TESTS += tests/fpu/diff_fpu
tests_fpu_diff_fpu_SOURCES = tests/fpu/diff_fpu.c tests/fpu/fpu_case.c tests/fpu/fpu_case.h \
	tests/fpu/fpu_emulator.c tests/fpu/fpu_emulator.h tests/fpu/native_x87.c tests/fpu/native_x87.h

# The same generator on every host, x86pc alone, against a recorded hash of all results (portability: s390x).
UNIT_TESTS += tests/fpu/golden_fpu
tests_fpu_golden_fpu_SOURCES = tests/fpu/golden_fpu.c tests/fpu/fpu_case.c tests/fpu/fpu_case.h \
	tests/fpu/fpu_emulator.c tests/fpu/fpu_emulator.h

# Guest programs: #NM/#MF (checked against QEMU), IRQ 13 and the state images (QEMU differs: see .qemu-differs).
GUEST_TESTS += fpu_traps fpu_irq13 fpu_state
EXTRA_DIST += tests/guest/fpu_traps.status tests/guest/fpu_irq13.status tests/guest/fpu_state.status \
	tests/guest/fpu_irq13.qemu-differs tests/guest/fpu_state.qemu-differs

check-fpu-long: tests/fpu/diff_fpu$(EXEEXT)
	$(TEST_WRAPPER) tests/fpu/diff_fpu 30000000 0x5eed87
.PHONY: check-fpu-long
