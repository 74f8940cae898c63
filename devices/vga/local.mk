# devices/vga/: the VGA with the Bochs VBE interface, its BIOS (bios/vga), rendering, and their tests.
libx86pc_a_SOURCES += \
	devices/vga/vga.c devices/vga/vga.h \
	devices/vga/vga_memory.c \
	devices/vga/vga_render.c devices/vga/vga_render_text.c devices/vga/vga_render_graphics.c \
	devices/vga/vbe.c \
	bios/vga/vgabios.h

# The VGA BIOS: nasm, padded to 32 KiB, its checksum byte set, then embedded like the system BIOS.
VGABIOS_ASM = bios/vga/vgabios.asm bios/vga/vga_mode.asm bios/vga/vga_text.asm bios/vga/vga_gfx.asm \
	bios/vga/vga_palette.asm bios/vga/vga_font.asm bios/vga/vga_state.asm bios/vga/vbe.asm \
	bios/vga/modes.inc bios/vga/fonts.inc
EXTRA_DIST += $(VGABIOS_ASM) bios/vga/checksum.sh devices/vga/README

bios/vga/vgabios.bin: $(VGABIOS_ASM) $(srcdir)/bios/vga/checksum.sh
	$(AM_V_GEN)$(MKDIR_P) bios/vga && $(NASM) -f bin -I$(srcdir)/ -o $@.tmp $(srcdir)/bios/vga/vgabios.asm && \
	  $(SHELL) $(srcdir)/bios/vga/checksum.sh $@.tmp && mv $@.tmp $@

bios/vga/vgabios_rom.c: bios/vga/vgabios.bin $(srcdir)/bios/bin2c.sh
	$(AM_V_GEN)$(SHELL) $(srcdir)/bios/bin2c.sh x86pc_vgabios bios/vga/vgabios.bin $@

BUILT_SOURCES += bios/vga/vgabios_rom.c
CLEANFILES += bios/vga/vgabios.bin bios/vga/vgabios_rom.c
nodist_libx86pc_a_SOURCES += bios/vga/vgabios_rom.c

# Tests. The VGA guest tests print their checks on port E9h (the .expect files); tests/display/run compares their
# pictures (tests/display/NAME.screen), the text dumps (NAME.txt), timed captures, scripted keys, and the SDL and
# terminal frontends under Xvfb and tmux. test_vga drives the device without guest code.
VGA_SCREEN_TESTS = vga_text vga_mode04 vga_mode06 vga_mode0d vga_mode10 vga_mode11 vga_planar vga_mode13 vga_modex \
	vga_dispi vga_vbe vga_mode0e vga_mode12 vga_text40 vga_text50 vga_text43 vga_text200 vga_split vga_textpan \
	vga_vbe8 vga_vbe32
VGA_GUEST_TESTS = $(VGA_SCREEN_TESTS) vga_bios_misc
GUEST_TESTS += $(VGA_GUEST_TESTS)
UNIT_TESTS += tests/display/test_vga
UNIT_TESTS += tests/display/test_frontend
tests_display_test_frontend_SOURCES = tests/display/test_frontend.c frontend/screenshot.c frontend/text_dump.c
tests_display_test_frontend_CFLAGS = $(AM_CFLAGS) $(PNG_CFLAGS)
tests_display_test_frontend_LDADD = libfrontend.a libx86pc.a $(PNG_LIBS) $(ZLIB_LIBS)
check_DATA += tests/display/keys_echo.bin
CLEANFILES += tests/display/keys_echo.bin
EXTRA_DIST += tests/guest/vga.inc tests/display/run tests/display/qemu-compare tests/display/keys_echo.asm \
	tests/display/xshot.c \
	tests/display/vga_text.txt tests/display/vga_text50.txt tests/display/vga_text43.txt \
	$(VGA_SCREEN_TESTS:%=tests/display/%.screen) \
	$(VGA_GUEST_TESTS:%=tests/guest/%.status)

# make check runs the display tests before the main runner (check-local in tests/local.mk).
check-local: check-display
check-display: x86pc$(EXEEXT) $(check_DATA)
	@srcdir=$(srcdir) builddir=. TEST_WRAPPER="$(TEST_WRAPPER)" CC="$(CC)" $(SHELL) $(srcdir)/tests/display/run
.PHONY: check-display
