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
