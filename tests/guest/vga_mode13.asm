; Mode 13h (320x200, 256 colours, chain-4): every colour of the default palette, a DAC entry changed through
; INT 10h AX=1010h, pixels read back, text.
%include "tests/guest/vga.inc"
test_main:
    VGA_INIT
    SET_MODE 0x0013
    push word 0xa000
    pop es
    ; 16 x 16 squares of 12 x 8 pixels, colour = row * 16 + column
    xor dx, dx
.y:
    mov ax, dx
    mov bx, 320
    push dx
    mul bx
    pop dx
    mov di, ax
    add di, 64
    mov bl, dl
    shr bl, 3
    shl bl, 4                           ; row of squares * 16
    xor cx, cx
.x:
    mov ax, cx
    push dx
    xor dx, dx
    push bx
    mov bx, 12
    div bx
    pop bx
    pop dx
    add al, bl
    stosb
    inc cx
    cmp cx, 192
    jb .x
    inc dx
    cmp dx, 128
    jb .y
    ; colour 255 becomes orange
    mov ax, 0x1010
    mov bx, 255
    mov dh, 63
    mov ch, 32
    mov cl, 0
    int 0x10
    mov ax, 0x1015                      ; and reads back as set
    mov bx, 255
    int 0x10
    mov al, dh
    call vga_hex8
    mov al, ch
    call vga_hex8
    mov al, cl
    call vga_hex8
    mov ah, 0x0d                        ; pixel (64 + 12 * 5, 8 * 3) = colour 53
    mov cx, 124
    mov dx, 24
    int 0x10
    call vga_hex8
    PRINT_E9 `\n`
    mov bl, 40
    TTY `\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n Mode 13h: 256 colours`
    mov ah, 0x02                        ; AH=08h recognises the 'M' at row 17, column 1
    xor bh, bh
    mov dx, 0x1101
    int 0x10
    mov ah, 0x08
    int 0x10
    call vga_hex8
    PRINT_E9 `\n`
    DONE
ROM_END
