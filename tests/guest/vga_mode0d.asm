; Mode 0Dh (320x200, 16 colours, planar): pixels through INT 10h, text in colours, a scrolled window, characters
; read back from the pixels (AH=08h).
%include "tests/guest/vga.inc"
test_main:
    VGA_INIT
    SET_MODE 0x000d
    mov si, 0
    mov di, 100
    mov cx, 320
    mov dx, 100
    mov bl, 16
    call vga_pattern
    mov bl, 14
    TTY `Mode 0Dh 320x200\r\n`
    mov bl, 0x8a                        ; XOR over the text
    TTY `XOR text`
    mov ax, 0x0601                      ; scroll rows 14-20, columns 5-30 up by one, colour 4
    mov bh, 4
    mov cx, 0x0e05
    mov dx, 0x141e
    int 0x10
    mov ah, 0x0d
    xor bh, bh
    mov cx, 100
    mov dx, 50
    int 0x10
    call vga_hex8                       ; 00: above the pattern
    mov cx, 100
    mov dx, 180
    mov ah, 0x0d
    int 0x10
    call vga_hex8                       ; (12 + 22) mod 16 = 2
    mov ah, 0x02                        ; the character at row 0, column 1, recognised from its pixels: 'o'
    xor bh, bh
    mov dx, 0x0001
    int 0x10
    mov ah, 0x08
    int 0x10
    call vga_hex8
    mov dx, 0x0100                      ; row 1 holds XOR-drawn 'X': still recognised (any colour counts)
    mov ah, 0x02
    int 0x10
    mov ah, 0x08
    int 0x10
    call vga_hex8
    PRINT_E9 `\n`
    DONE
ROM_END
