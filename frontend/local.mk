# frontend/: the x86pc program: options, config file, displays, gdb stub, monitor.
bin_PROGRAMS += x86pc
x86pc_SOURCES = frontend/main.c
x86pc_CFLAGS = $(AM_CFLAGS) $(SDL2_CFLAGS) $(CURSES_CFLAGS) $(PNG_CFLAGS) $(ZLIB_CFLAGS)
x86pc_LDADD = libfrontend.a libx86pc.a $(SDL2_LIBS) $(CURSES_LIBS) $(PNG_LIBS) $(ZLIB_LIBS)

# Everything of the frontend but main(), so unit tests can link it.
noinst_LIBRARIES += libfrontend.a
libfrontend_a_SOURCES = \
	frontend/options.c frontend/options.h \
	frontend/config_file.c frontend/config_file.h \
	frontend/image_check.c frontend/image_check.h
