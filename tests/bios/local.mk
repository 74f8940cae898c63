# tests/bios/: the BIOS tests (tests/bios/run, started by tests/run-tests): the services test program and the
# boot sector of the boot-order and other-firmware tests, assembled here; the script makes the disk, diskette and
# CD images from them at test time.
BIOS_TEST_BINS = tests/bios/services.bin tests/bios/mark.bin
# The small programs of the mouse (INT 15h C2h), INT 15h 89h, RTC alarm, Ctrl-Alt-Del and spurious IRQ tests,
# with their shared boot code.
BIOS_SMALL_TESTS = tests/bios/mouse.bin tests/bios/pmode.bin tests/bios/alarm.bin tests/bios/reboot.bin \
	tests/bios/spurious.bin
BIOS_TEST_BINS += $(BIOS_SMALL_TESTS)
$(BIOS_SMALL_TESTS): $(srcdir)/tests/bios/testlib.inc
EXTRA_DIST += tests/bios/testlib.inc tests/bios/mouse.asm tests/bios/pmode.asm tests/bios/alarm.asm \
	tests/bios/reboot.asm tests/bios/mouse.expect tests/bios/pmode.expect tests/bios/alarm.expect \
	tests/bios/reboot.expect tests/bios/spurious.asm tests/bios/spurious.expect
check_DATA += $(BIOS_TEST_BINS)
CLEANFILES += $(BIOS_TEST_BINS)
tests/bios/services.bin: $(srcdir)/tests/bios/services_sys.inc $(srcdir)/tests/bios/services_disk.inc
EXTRA_DIST += tests/bios/run tests/bios/services.asm tests/bios/services_sys.inc tests/bios/services_disk.inc \
	tests/bios/services.expect tests/bios/mark.asm
# El Torito emulation: whole disk images (program and pattern) that the script puts on CDs with xorriso.
ELTORITO_BINS = tests/bios/eltorito_fd120.bin tests/bios/eltorito_fd144.bin tests/bios/eltorito_fd288.bin \
	tests/bios/eltorito_hd.bin
check_DATA += $(ELTORITO_BINS)
CLEANFILES += $(ELTORITO_BINS)
$(ELTORITO_BINS): $(srcdir)/tests/bios/eltorito.inc
EXTRA_DIST += tests/bios/eltorito.inc tests/bios/eltorito_fd120.asm tests/bios/eltorito_fd144.asm \
	tests/bios/eltorito_fd288.asm tests/bios/eltorito_hd.asm
# CHS addressing on every diskette format and on translated hard disks, under each BIOS.
BIOS_TEST_BINS += tests/bios/chs_geometry.bin
tests/bios/chs_geometry.bin: $(srcdir)/tests/bios/testlib.inc
EXTRA_DIST += tests/bios/chs_geometry.asm
