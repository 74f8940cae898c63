# tests/chipset/: tests of the PCI chipset, APIC, ACPI, mouse and parallel port.
