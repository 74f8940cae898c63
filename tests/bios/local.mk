# tests/bios/: the BIOS tests (tests/bios/run, started by tests/run-tests): the services test program and the
# boot sector of the boot-order and other-firmware tests, assembled here; the script makes the disk, diskette and
# CD images from them at test time.
BIOS_TEST_BINS = tests/bios/services.bin tests/bios/mark.bin
check_DATA += $(BIOS_TEST_BINS)
CLEANFILES += $(BIOS_TEST_BINS)
tests/bios/services.bin: $(srcdir)/tests/bios/services_sys.inc $(srcdir)/tests/bios/services_disk.inc
EXTRA_DIST += tests/bios/run tests/bios/services.asm tests/bios/services_sys.inc tests/bios/services_disk.inc \
	tests/bios/services.expect tests/bios/mark.asm
