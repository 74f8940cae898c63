; Mode 04h (320x200, 4 colours, CGA interleave): pixels through INT 10h, the other CGA palette, teletype text.
%include "tests/guest/vga.inc"
test_main:
    VGA_INIT
    SET_MODE 0x0004
    mov si, 8
    mov di, 8
    mov cx, 150
    mov dx, 100
    mov bl, 4
    call vga_pattern
    mov ax, 0x0b01                      ; palette 1: cyan, magenta, white
    mov bx, 0x0101
    int 0x10
    mov bl, 3
    TTY `\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n  CGA mode 04h\r\n  colours 1 2 3`
    mov ah, 0x0d                        ; read back pixel (20, 30): (2 + 3) mod 4 = 1
    xor bh, bh
    mov cx, 20
    mov dx, 30
    int 0x10
    call vga_hex8
    DONE
ROM_END
