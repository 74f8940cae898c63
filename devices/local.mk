# devices/: the board, the clock and every chip. Add a device's .c/.h here.
libx86pc_a_SOURCES += \
	devices/device.c devices/device.h \
	devices/clock.c devices/clock.h \
	devices/fwcfg.c devices/fwcfg.h \
	devices/pic.c devices/pic.h \
	devices/kbc.c devices/kbc.h \
	devices/ps2kbd.c devices/ps2kbd.h \
	devices/sysctl.c devices/sysctl.h \
	devices/pit.c devices/pit.h \
	devices/rtc.c devices/rtc.h \
	devices/debugport.c devices/debugport.h \
	devices/state.c devices/state.h \
	devices/serial_backend.c devices/serial_backend.h \
	devices/uart.c devices/uart.h \
	devices/directboot.c devices/directboot.h \
	devices/block/block.c devices/block/block.h devices/block/raw.c devices/block/overlay.c \
	devices/dma.c devices/dma.h \
	devices/fdc.c devices/fdc.h \
	devices/ide.c devices/ide.h devices/ide_internal.h devices/ide_commands.c devices/ide_busmaster.c \
	devices/ide_identify.c devices/ide_identify.h \
	devices/atapi.c devices/atapi.h \
	devices/pci.c devices/pci.h devices/i440fx.c devices/i440fx.h devices/piix3.c devices/piix3.h \
	devices/acpi_pm.c devices/acpi_pm.h devices/apic.c devices/apic.h devices/ioapic.c devices/ioapic.h \
	devices/hpet.c devices/hpet.h \
	devices/ps2mouse.c devices/ps2mouse.h devices/lpt.c devices/lpt.h \
	devices/pc.c devices/pc.h devices/pc_cmos.c devices/pc_cmos.h
