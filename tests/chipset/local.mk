# tests/chipset/: tests of the PCI chipset, APIC, ACPI, mouse and parallel port.
#
# Unit tests (board-less rigs, tests/unit/device_rig.h) and guest programs (tests/guest/chipset_*.asm).
UNIT_TESTS += tests/chipset/test_pci
UNIT_TESTS += tests/chipset/test_acpi_pm
UNIT_TESTS += tests/chipset/test_apic
UNIT_TESTS += tests/chipset/test_pic_modes
UNIT_TESTS += tests/chipset/test_ps2mouse
UNIT_TESTS += tests/chipset/test_lpt
UNIT_TESTS += tests/chipset/test_rtc_irq
UNIT_TESTS += tests/chipset/test_serial_tcp

# Guest programs (tests/guest/chipset_*.asm), their expectations written from QEMU (tests/guest/qemu-expect).
# chipset_pit_hw covers what QEMU's 8254 leaves out; chipset_rtc and chipset_uart have lines where QEMU departs
# from the datasheets; those expectations follow the datasheets (NAME.qemu-differs says where and why).
GUEST_TESTS += chipset_pci chipset_pit chipset_pit_hw chipset_pic chipset_rtc chipset_kbc chipset_uart chipset_apic
# chipset_spurious: requests that go away before the INTA (spurious IRQ 7 and 15, 8259A datasheet); QEMU keeps
# such edges latched, Bochs agrees with the expectation (chipset_spurious.qemu-differs).
GUEST_TESTS += chipset_spurious
EXTRA_DIST += tests/guest/chipset_spurious.status tests/guest/chipset_spurious.qemu-differs
# chipset_apic_tsc: the local APIC timer's TSC-deadline mode (offered with --tsc-deadline, .args), which QEMU's
# TCG does not offer (.qemu-differs).
GUEST_TESTS += chipset_apic_tsc
EXTRA_DIST += tests/guest/chipset_apic_tsc.status tests/guest/chipset_apic_tsc.args \
	tests/guest/chipset_apic_tsc.qemu-differs
EXTRA_DIST += tests/guest/chipset.inc tests/guest/chipset_pci.status tests/guest/chipset_pit.status \
	tests/guest/chipset_pit_hw.status tests/guest/chipset_pit_hw.qemu-differs \
	tests/guest/chipset_pic.status tests/guest/chipset_pic.qemu-args \
	tests/guest/chipset_rtc.status tests/guest/chipset_rtc.args tests/guest/chipset_rtc.qemu-args \
	tests/guest/chipset_rtc.qemu-differs tests/guest/chipset_kbc.status tests/guest/chipset_uart.status \
	tests/guest/chipset_uart.qemu-args tests/guest/chipset_uart.qemu-differs tests/guest/chipset_apic.status

# Kernel tests (tests/run-tests boots tests/chipset/NAME.bin with -kernel after our BIOS's POST). tables_kernel
# checks the ACPI/MP/SMBIOS tables, the PCI set-up and BIOS32, then powers off through the FADT and _S5; under
# QEMU with SeaBIOS every check passes too, only firmware choices printed in the output differ.
KERNEL_TESTS += tables_kernel
KERNEL_BINS = $(KERNEL_TESTS:%=tests/chipset/%.bin)
check_DATA += $(KERNEL_BINS)
CLEANFILES += $(KERNEL_BINS)
EXTRA_DIST += $(KERNEL_TESTS:%=tests/chipset/%.asm) $(KERNEL_TESTS:%=tests/chipset/%.expect) \
	tests/chipset/tables_kernel.status

# Storage guest programs (tests/guest/chipset_ata, chipset_fdc, chipset_atapi): the ATA disk, the floppy controller
# with DMA and the ATAPI CD-ROM through their ports, on images that NAME.setup makes in a temporary directory
# (`@DIR@` in NAME.args) and NAME.check reads back after the run (tests/run-tests); expectations from QEMU except
# where NAME.qemu-differs says the datasheet or the ATA/SCSI standard differs from it.
STORAGE_GUEST_TESTS = chipset_ata chipset_fdc chipset_atapi
GUEST_TESTS += $(STORAGE_GUEST_TESTS)
EXTRA_DIST += tests/guest/storage.inc \
	$(STORAGE_GUEST_TESTS:%=tests/guest/%.status) $(STORAGE_GUEST_TESTS:%=tests/guest/%.args) \
	$(STORAGE_GUEST_TESTS:%=tests/guest/%.qemu-args) $(STORAGE_GUEST_TESTS:%=tests/guest/%.qemu-differs) \
	$(STORAGE_GUEST_TESTS:%=tests/guest/%.setup) tests/guest/chipset_ata.check tests/guest/chipset_fdc.check
# The .bin rule knows no includes.
$(STORAGE_GUEST_TESTS:%=tests/guest/%.bin): $(srcdir)/tests/guest/lib.inc $(srcdir)/tests/guest/chipset.inc \
	$(srcdir)/tests/guest/storage.inc
