; Mode 10h through INT 10h: teletype text in the mode's font (8x14) with code page 437 line
; graphics, and a pixel pattern in every colour.
%include "tests/guest/vga.inc"
test_main:
    VGA_INIT
    SET_MODE 0x0010
    mov bl, 15
    TTY `Mode 10h: Hello \xb0\xb1\xb2 \xc4\xc5\xcd\r\nsecond line\r\n`
    mov si, 0
    mov di, 100
    mov cx, 160
    mov dx, 64
    mov bl, 16
    call vga_pattern
    DONE
ROM_END
