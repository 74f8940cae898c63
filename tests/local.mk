# tests/: unit tests (host-side C), guest test programs (nasm), and the runner that prints `N passed, N failed`.
# Unit tests: one line per test, `UNIT_TESTS += tests/unit/test_NAME` (source tests/unit/test_NAME.c, linked with
# libx86pc.a).
LDADD = libx86pc.a $(ZLIB_LIBS)
UNIT_TESTS =
check_PROGRAMS += $(UNIT_TESTS)
EXTRA_DIST += tests/unit/unit.h
UNIT_TESTS += tests/unit/test_cpu_core
UNIT_TESTS += tests/unit/test_fwcfg
