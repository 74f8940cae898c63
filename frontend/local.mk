# frontend/: the x86pc program: options, config file, displays, gdb stub, monitor.
bin_PROGRAMS += x86pc
x86pc_SOURCES = frontend/main.c \
	frontend/display.c frontend/display.h \
	frontend/screenshot.c frontend/screenshot.h \
	frontend/text_dump.c frontend/text_dump.h \
	frontend/sdl.c frontend/sdl.h \
	frontend/curses.c frontend/curses.h
x86pc_CFLAGS = $(AM_CFLAGS) $(SDL2_CFLAGS) $(CURSES_CFLAGS) $(PNG_CFLAGS) $(ZLIB_CFLAGS)
x86pc_LDADD = libfrontend.a libx86pc.a $(SDL2_LIBS) $(CURSES_LIBS) $(PNG_LIBS) $(ZLIB_LIBS)

# Everything of the frontend but main(), so unit tests can link it.
noinst_LIBRARIES += libfrontend.a
libfrontend_a_SOURCES = \
	frontend/options.c frontend/options.h \
	frontend/config_file.c frontend/config_file.h \
	frontend/image_check.c frontend/image_check.h \
	frontend/debugger.c frontend/debugger.h frontend/guest_mem.c frontend/guest_mem.h \
	frontend/monitor.c frontend/monitor.h frontend/monitor_internal.h frontend/monitor_info.c frontend/sendkey.c \
	frontend/gdbstub.c frontend/gdbstub.h frontend/gdbstub_internal.h frontend/gdbstub_regs.c \
	frontend/keys.c frontend/keys.h

# x86pc-trace: prints the instruction traces x86pc --trace writes.
bin_PROGRAMS += x86pc-trace
x86pc_trace_SOURCES = frontend/trace_main.c frontend/trace_text.c frontend/trace_text.h
x86pc_trace_CFLAGS = $(AM_CFLAGS) $(ZLIB_CFLAGS)
x86pc_trace_LDADD = libx86pc.a $(ZLIB_LIBS)
