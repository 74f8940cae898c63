; The smallest real guest: prints on the debug console and on COM1, then exits through the debug-exit port.
%include "tests/guest/lib.inc"

test_main:
    PRINT_E9 `hello from 0xE9\n`
    PRINT_COM1 `hello from COM1\n`
    EXIT 0x21

ROM_END
