; 80x50 text: mode 03h with the ROM 8x8 font loaded through INT 10h AX=1112h (the rows, the cursor and the CRTC
; follow), teletype scrolling over all 50 rows, four user glyphs loaded with AX=1110h, characters with the blink
; bit (blinking is on: they show as dark backgrounds, the characters in the phase of the exit time), and the cursor
; shape (AH=01h: lines 4-7, the 8-line cell needs no emulation). tests/display/vga_text50.txt holds its text dump.
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
    SET_MODE 0x0003
    mov ax, 0x1112
    xor bl, bl
    int 0x10
    push word 0x40                      ; the BIOS data area: rows - 1 (31h), character height (8), cursor (0607h)
    pop es
    mov al, [es:0x84]
    call vga_hex8
    PRINT_E9 ` `
    HEX16 [es:0x85]
    HEX16 [es:0x60]
    ; 55 numbered lines through the teletype: the first six scroll away
    mov cx, 55
    mov dl, 0
.line:
    TTY "line "
    mov al, dl
    aam
    add ax, '00'
    xchg al, ah
    push ax
    mov ah, 0x0e
    int 0x10
    pop ax
    mov al, ah
    mov ah, 0x0e
    int 0x10
    cmp cx, 1
    je .last
    TTY `\r\n`
.last:
    inc dl
    loop .line
    ; four user glyphs of 8 lines at characters 80h-83h, block 0 (AX=1110h recalculates: still 8 lines)
    push cs
    pop es
    mov ax, 0x1110
    mov bp, glyphs
    mov cx, 4
    mov dx, 0x80
    mov bx, 0x0800
    int 0x10
    push cs
    pop es
    mov ax, 0x1301                      ; the glyphs and a string, at row 2, column 30
    mov bx, 0x001e
    mov cx, text_len
    mov dx, 0x021e
    mov bp, text
    int 0x10
    mov ax, 0x1301                      ; blinking: 9Eh, yellow on blue, blinking
    mov bx, 0x009e
    mov cx, blink_len
    mov dx, 0x041e
    mov bp, blink
    int 0x10
    mov ax, 0x1301
    mov bx, 0x00cf                      ; white on red, blinking
    mov cx, blink_len
    mov dx, 0x051e
    mov bp, blink
    int 0x10
    mov ax, 0x1130                      ; 1130h: 8 lines, 50 rows (DL = 31h)
    mov bh, 0
    int 0x10
    HEX16 cx
    mov al, dl
    call vga_hex8
    PRINT_E9 ` `
    mov ah, 0x01                        ; cursor lines 4-7 at row 30, column 60
    mov cx, 0x0407
    int 0x10
    mov ah, 0x02
    xor bh, bh
    mov dx, 0x1e3c
    int 0x10
    mov dx, 0x3d4
    mov al, 0x0a
    out dx, al
    inc dx
    in al, dx
    call vga_hex8
    dec dx
    mov al, 0x0b
    out dx, al
    inc dx
    in al, dx
    call vga_hex8
    PRINT_E9 `\n`
    DONE

glyphs:
    db 0xff, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0xff   ; a box
    db 0x18, 0x3c, 0x7e, 0xff, 0x18, 0x18, 0x18, 0x18   ; an arrow up
    db 0xaa, 0x55, 0xaa, 0x55, 0xaa, 0x55, 0xaa, 0x55   ; a checkerboard
    db 0x00, 0x66, 0xff, 0xff, 0x7e, 0x3c, 0x18, 0x00   ; a heart
text: db 0x80, 0x81, 0x82, 0x83, " user glyphs (1110h), 80x50 (1112h)"
text_len equ $ - text
blink: db "blink attribute"
blink_len equ $ - blink
ROM_END
