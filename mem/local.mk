noinst_LIBRARIES += libx86pc.a
libx86pc_a_SOURCES = \
	mem/endian.h \
	mem/phys.c mem/phys.h \
	mem/ports.c mem/ports.h
