; Mode 0Eh (640x200, 16 colours, planar) set through INT 10h: pixels (AH=0Ch) and their read-back (AH=0Dh),
; text in colours and XOR text, a scrolled window (AH=06h), the background colour (AH=0Bh: palette registers
; 1-3 stay as they are) and a palette register (AX=1000h).
%include "tests/guest/vga.inc"
test_main:
    VGA_INIT
    SET_MODE 0x000e
    mov ah, 0x0f                        ; 0Eh, 80 columns (50h)
    int 0x10
    call vga_hex8
    mov al, ah
    call vga_hex8
    PRINT_E9 ` `
    mov si, 0
    mov di, 96
    mov cx, 640
    mov dx, 80
    mov bl, 16
    call vga_pattern
    mov bl, 12
    TTY `Mode 0Eh 640x200 16 colours\r\n`
    mov bl, 0x8b                        ; XOR over the text
    TTY `XOR text`
    mov ax, 0x0602                      ; scroll rows 14-22, columns 10-60 up by two, colour 5
    mov bh, 5
    mov cx, 0x0e0a
    mov dx, 0x163c
    int 0x10
    mov ah, 0x0b                        ; background colour 1 (palette register 0; registers 1-3 stay)
    xor bh, bh
    mov bl, 1
    int 0x10
    mov ax, 0x1000                      ; palette register 1 = 3Ch: in the 200-line DAC, colour 12
    mov bx, 0x3c01
    int 0x10
    mov ah, 0x0d
    xor bh, bh
    mov cx, 200
    mov dx, 40
    int 0x10
    call vga_hex8                       ; 00: the background (a pixel of colour 0)
    mov cx, 200
    mov dx, 150
    mov ah, 0x0d
    int 0x10
    call vga_hex8                       ; 0Dh: the scroll moved line 166 here, (200 / 8 + 166 / 8) mod 16
    mov cx, 639
    mov dx, 175
    mov ah, 0x0d
    int 0x10
    call vga_hex8                       ; (79 + 21) mod 16 = 4
    PRINT_E9 `\n`
    DONE
ROM_END
