# tests/: unit tests (host-side C), command-line tests, guest test programs (nasm), and the runner that prints
# `N passed, N failed`.
#
# Unit tests: one line per test, `UNIT_TESTS += tests/unit/test_NAME` (source tests/unit/test_NAME.c, linked with
# libx86pc.a). Guest tests: `GUEST_TESTS += NAME` for tests/guest/NAME.asm with NAME.expect (debug console
# output), optional NAME.serial (COM1 output), NAME.status (exit status) and NAME.args (extra options).
LDADD = libfrontend.a libx86pc.a $(ZLIB_LIBS)
UNIT_TESTS =
UNIT_TESTS += tests/unit/test_cpu_core
UNIT_TESTS += tests/unit/test_cpu_alu
UNIT_TESTS += tests/unit/test_fwcfg
UNIT_TESTS += tests/unit/test_options
UNIT_TESTS += tests/unit/test_block
UNIT_TESTS += tests/unit/test_dma
UNIT_TESTS += tests/unit/test_fdc
UNIT_TESTS += tests/unit/test_ide
UNIT_TESTS += tests/unit/test_atapi
UNIT_TESTS += tests/unit/test_pic
UNIT_TESTS += tests/unit/test_pit
UNIT_TESTS += tests/unit/test_rtc
UNIT_TESTS += tests/unit/test_uart
UNIT_TESTS += tests/unit/test_kbc
# The HPET (devices/hpet.h), a chipset timer, with the chipset tests' rig.
UNIT_TESTS += tests/chipset/test_hpet

GUEST_TESTS =
# Kernel tests: `KERNEL_TESTS += NAME` for tests/chipset/NAME.asm, a Multiboot kernel booted with -kernel after the
# built-in BIOS's POST, with NAME.expect (and optional .status, .args) in tests/chipset.
KERNEL_TESTS =
GUEST_TESTS += hello
GUEST_TESTS += exit_port_501
GUEST_TESTS += shutdown_8900
GUEST_TESTS += triple_fault
GUEST_TESTS += sys_pmode
GUEST_TESTS += sys_faults
GUEST_TESTS += sys_gates
GUEST_TESTS += sys_io
GUEST_TESTS += sys_paging
GUEST_TESTS += sys_tasks
GUEST_TESTS += sys_v86
GUEST_TESTS += sys_vme
GUEST_TESTS += sys_debug
GUEST_TESTS += sys_hardware
# The instruction groups (tests/guest/cpu_alu.inc, cpu_ops.inc) in real, protected and virtual-8086 mode.
GUEST_TESTS += cpu_real
GUEST_TESTS += cpu_pm32
GUEST_TESTS += cpu_pm16
GUEST_TESTS += cpu_v86
GUEST_TESTS += cpu_icebp
GUEST_TESTS += cpu_invalid
# The optional per-test files (.serial, .status, .args, .postlog), for the distribution.
GUEST_EXTRA = tests/guest/hello.serial tests/guest/hello.status \
	tests/guest/exit_port_501.status tests/guest/exit_port_501.args \
	tests/guest/shutdown_8900.status tests/guest/shutdown_8900.postlog \
	tests/guest/triple_fault.status tests/guest/triple_fault.args \
	tests/guest/sys_pmode.status tests/guest/sys_faults.status tests/guest/sys_gates.status tests/guest/sys_io.status tests/guest/sys_paging.status tests/guest/sys_tasks.status tests/guest/sys_v86.status tests/guest/sys_vme.status tests/guest/sys_debug.status \
	tests/guest/sys_hardware.status tests/guest/sys_vme.qemu-differs tests/guest/sys_hardware.qemu-differs \
	tests/guest/cpu_real.status tests/guest/cpu_pm32.status tests/guest/cpu_pm16.status tests/guest/cpu_v86.status \
	tests/guest/cpu_icebp.status tests/guest/cpu_icebp.qemu-differs tests/guest/cpu_invalid.status \
	tests/guest/cpu_invalid.qemu-differs \
	tests/guest/cpu_show.inc tests/guest/cpu_alu.inc tests/guest/cpu_ops.inc
# The guest tests' .bin rule knows no includes: these four share theirs.
CPU_GUEST_INC = $(srcdir)/tests/guest/lib.inc $(srcdir)/tests/guest/sys.inc $(srcdir)/tests/guest/cpu_show.inc \
	$(srcdir)/tests/guest/cpu_alu.inc $(srcdir)/tests/guest/cpu_ops.inc
tests/guest/cpu_real.bin tests/guest/cpu_pm32.bin tests/guest/cpu_pm16.bin tests/guest/cpu_v86.bin: $(CPU_GUEST_INC)

check_PROGRAMS += $(UNIT_TESTS)
GUEST_BINS = $(GUEST_TESTS:%=tests/guest/%.bin)
check_DATA = $(GUEST_BINS)
CLEANFILES += $(GUEST_BINS)

SUFFIXES = .asm .bin
.asm.bin:
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(NASM) -f bin -I$(srcdir)/ -o $@ $<

EXTRA_DIST += tests/run-tests tests/cli/run tests/cli/trace tests/unit/unit.h tests/unit/device_rig.h tests/unit/cpu_harness.h \
	tests/guest/lib.inc tests/guest/sys.inc tests/guest/qemu-expect tests/guests/run \
	$(GUEST_TESTS:%=tests/guest/%.asm) $(GUEST_TESTS:%=tests/guest/%.expect) $(GUEST_EXTRA)

# The differential test against the host CPU (x86 hosts only): tests/diff/diff_cpu generates instances of every
# A_HOST row of cpu/opcodes.def and compares x86pc with tests/diff/native_runner, a static 32-bit program.
check_PROGRAMS += tests/diff/diff_cpu
tests_diff_diff_cpu_SOURCES = tests/diff/diff_cpu.c tests/diff/diff_gen.c tests/diff/diff_gen.h
EXTRA_DIST += tests/diff/native_runner.asm
if NATIVE_X86
check_DATA += tests/diff/native_runner
CLEANFILES += tests/diff/native_runner tests/diff/native_runner.o
tests/diff/native_runner: $(srcdir)/tests/diff/native_runner.asm
	$(AM_V_GEN)$(MKDIR_P) tests/diff && $(NASM) -f elf32 -o tests/diff/native_runner.o \
	  $(srcdir)/tests/diff/native_runner.asm && $(LD_I386) -m elf_i386 -o $@ tests/diff/native_runner.o
DIFF_RUNNER = tests/diff/native_runner
endif

# make check-diff-long: the differential test with many more instances and another seed.
check-diff-long: tests/diff/diff_cpu$(EXEEXT) $(check_DATA)
	@test -n "$(DIFF_RUNNER)" && $(DIFF_RUNNER) < /dev/null > /dev/null 2>&1 || \
	  { echo "check-diff-long: skipped (this host does not run 32-bit x86 programs)"; exit 0; }
	tests/diff/diff_cpu $(DIFF_RUNNER) 20000000 0x5eed

# TEST_WRAPPER runs host binaries (empty natively; qemu-user for a cross build).
TEST_WRAPPER =
check-local: $(check_PROGRAMS) $(check_DATA) x86pc$(EXEEXT) x86pc-trace$(EXEEXT)
	@srcdir=$(srcdir) builddir=. TEST_WRAPPER="$(TEST_WRAPPER)" UNIT_TESTS="$(UNIT_TESTS)" \
	  GUESTS_DIR="$${GUESTS_DIR:-$(SHARED_GUESTS)}" \
	  GUEST_TESTS="$(GUEST_TESTS)" KERNEL_TESTS="$(KERNEL_TESTS)" DIFF_RUNNER="$(DIFF_RUNNER)" \
	  $(SHELL) $(srcdir)/tests/run-tests

# make check-guests: the real guests of ../shared/guests (or GUESTS_DIR), booted further than make check does.
check-guests: x86pc$(EXEEXT)
	@X86PC="$(TEST_WRAPPER) ./x86pc$(EXEEXT)" WORK=$$(mktemp -d) srcdir=$(srcdir) \
	  GUESTS_DIR="$${GUESTS_DIR:-$(SHARED_GUESTS)}" \
	  $(SHELL) $(srcdir)/tests/guests/run all

# make check-linux: a stock Debian i686 Linux (kernel and busybox fetched from Debian's packages and built into a
# cache by tests/guests/linux-image; LINUX_GUEST_DIR overrides the cache) booted to a busybox shell on COM1, checked,
# and powered off through ACPI. make check-guests runs it too; it is skipped when the image cannot be built.
EXTRA_DIST += tests/guests/linux tests/guests/linux-image
check-linux: x86pc$(EXEEXT)
	@X86PC="$(TEST_WRAPPER) ./x86pc$(EXEEXT)" WORK=$$(mktemp -d) srcdir=$(srcdir) $(SHELL) $(srcdir)/tests/guests/linux
check-guests: check-linux

.PHONY: check-diff-long check-guests check-linux

# make bench: x86pc against QEMU and Bochs on the same guest work (tests/bench/run), as ratios of wall time.
EXTRA_DIST += tests/bench/run tests/bench/int_loop.asm
bench: x86pc$(EXEEXT)
	@srcdir=$(srcdir) builddir=. NASM="$(NASM)" $(SHELL) $(srcdir)/tests/bench/run
.PHONY: bench
