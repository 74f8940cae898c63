; Mode 12h (640x480, 16 colours) set through INT 10h (vga_planar programs it through the registers): pixels
; (AH=0Ch/0Dh), DAC colours (AX=1010h, 1012h, read back with 1015h), a palette register (1000h), text in the
; 8x16 font, then the 8x8 ROM font for graphics text (AX=1123h: 60 rows) with a string written by AH=13h.
%include "tests/guest/vga.inc"

%macro HEX16 1
    mov ax, %1
    xchg al, ah
    call vga_hex8
    xchg al, ah
    call vga_hex8
    PRINT_E9 ` `
%endmacro

test_main:
    VGA_INIT
    SET_MODE 0x0012
    mov si, 0
    mov di, 128
    mov cx, 640
    mov dx, 96
    mov bl, 16
    call vga_pattern
    mov bl, 14
    TTY `Mode 12h 640x480 16 colours, 8x16 font\r\n`
    ; DAC 14h (palette register 6) = orange; DAC 38h-3Ah (colours 8-10) = a grey ramp, as a block from ES:DX
    mov ax, 0x1010
    mov bx, 0x14
    mov dh, 0x3f
    mov ch, 0x20
    mov cl, 0x00
    int 0x10
    push cs
    pop es
    mov ax, 0x1012
    mov bx, 0x38
    mov cx, 3
    mov dx, ramp
    int 0x10
    ; palette register 5 = DAC 3Fh (white)
    mov ax, 0x1000
    mov bx, 0x3f05
    int 0x10
    ; read back DAC 39h: 20 24 28
    push word 0x1000
    pop es
    mov ax, 0x1017
    mov bx, 0x39
    mov cx, 1
    xor dx, dx
    int 0x10
    mov al, [es:0]
    call vga_hex8
    mov al, [es:1]
    call vga_hex8
    mov al, [es:2]
    call vga_hex8
    PRINT_E9 ` `
    mov ax, 0x1015                      ; DAC 14h alone: DH CH CL = 3F 20 00
    mov bx, 0x14
    int 0x10
    mov al, dh
    call vga_hex8
    mov al, ch
    call vga_hex8
    mov al, cl
    call vga_hex8
    PRINT_E9 ` `
    ; pixel read-back: (320, 200) = (40 + 25) mod 16 = 1; (5, 300) = 0 below the pattern
    mov ah, 0x0d
    xor bh, bh
    mov cx, 320
    mov dx, 200
    int 0x10
    call vga_hex8
    mov ah, 0x0d
    mov cx, 5
    mov dx, 300
    int 0x10
    call vga_hex8
    PRINT_E9 ` `
    ; the 8x8 font for graphics text: 60 rows of 8 lines
    mov ax, 0x1123
    xor bl, bl
    mov dl, 60
    int 0x10
    mov ax, 0x1130                      ; CX = 8, DL = 59
    xor bh, bh
    int 0x10
    HEX16 cx
    mov al, dl
    call vga_hex8
    PRINT_E9 `\n`
    push cs
    pop es
    mov ax, 0x1301                      ; AH=13h: string in colour BL, cursor moved, at row 36
    mov bx, 0x000b
    mov cx, text_len
    mov dx, 0x2404
    mov bp, text
    int 0x10
    mov bl, 0x0a
    TTY `\r\nteletype in the 8x8 font, row 37\r\n`
    mov bl, 0x09
    TTY `and row 38`
    DONE

ramp: db 0x10, 0x14, 0x18, 0x20, 0x24, 0x28, 0x30, 0x34, 0x38
text: db "AH=13h in the 8x8 ROM font (1123h), 60 rows"
text_len equ $ - text
ROM_END
