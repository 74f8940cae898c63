; Mode 06h (640x200, 2 colours): pixels and XOR pixels through INT 10h, teletype text.
%include "tests/guest/vga.inc"
test_main:
    VGA_INIT
    SET_MODE 0x0006
    mov si, 16
    mov di, 16
    mov cx, 200
    mov dx, 60
    mov bl, 2
    call vga_pattern
    mov cx, 100                         ; an XOR line across the pattern
.xor:
    mov ax, 0x0c81
    xor bh, bh
    mov dx, 40
    push cx
    add cx, 50
    int 0x10
    pop cx
    loop .xor
    mov bl, 1
    TTY `\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n   Mode 06h, 640x200`
    DONE
ROM_END
