# bios/: the own BIOS (and later the VGA BIOS), assembled with nasm at build time and linked into the binary as
# byte arrays (bios/firmware.h declares them).
BIOS_ASM = bios/bios.asm bios/defs.inc bios/util.asm bios/post.asm bios/ivt.asm bios/timer.asm \
	bios/keyboard.asm bios/disk.asm bios/floppy.asm bios/ata.asm bios/cdrom.asm bios/eltorito.asm bios/system.asm \
	bios/mouse.asm bios/serial.asm bios/boot.asm bios/pci.asm bios/acpi.asm bios/mptable.asm bios/smbios.asm
EXTRA_DIST += $(BIOS_ASM) bios/bin2c.sh

bios/bios.bin: $(BIOS_ASM)
	$(AM_V_GEN)$(MKDIR_P) bios && $(NASM) -f bin -I$(srcdir)/ -o $@ $(srcdir)/bios/bios.asm

bios/bios_rom.c: bios/bios.bin $(srcdir)/bios/bin2c.sh
	$(AM_V_GEN)$(SHELL) $(srcdir)/bios/bin2c.sh x86pc_bios bios/bios.bin $@

BUILT_SOURCES += bios/bios_rom.c
CLEANFILES += bios/bios.bin bios/bios_rom.c
nodist_libx86pc_a_SOURCES = bios/bios_rom.c
libx86pc_a_SOURCES += bios/firmware.h
