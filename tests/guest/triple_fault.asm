; A triple fault with -no-reboot ends the run (status 0) instead of resetting: with an IVT limit of 0, #UD
; cannot be delivered (#GP), nor can #GP (double fault), nor #DF (shutdown).
%include "tests/guest/lib.inc"

test_main:
    PRINT_E9 `before\n`
    lidt [cs:empty_idt]
    ud2
    PRINT_E9 `not reached\n`
    EXIT 0x7f

empty_idt:
    dw 0
    dd 0

ROM_END
