; The isa-debug-exit port at another address (-debug-exit 0x501, as Pintos uses): a word write of 0x0010
; ends the run with status (0x10 << 1) | 1 = 33; the default port 0xF4 is then not an exit port.
%include "tests/guest/lib.inc"

test_main:
    mov al, 0x55
    out 0xf4, al                ; ignored: only 0x501 exits now
    PRINT_E9 `still running\n`
    mov dx, 0x501
    mov ax, 0x0010
    out dx, ax
    PRINT_E9 `not reached\n`
    EXIT 0x7f

ROM_END
