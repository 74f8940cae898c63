; Mode 12h (640x480, 16 colours) programmed through the registers: write modes 0-3, set/reset, rotate and the
; logical operations, the bit mask, the map mask, latches, and read modes 0 and 1 (results on port E9h).
%include "tests/guest/vga.inc"

%macro GC 2
    mov dx, 0x3ce
    mov ax, (%2 << 8) | %1
    out dx, ax
%endmacro
%macro SEQ 2
    mov dx, 0x3c4
    mov ax, (%2 << 8) | %1
    out dx, ax
%endmacro

test_main:
    VGA_INIT
    SET_MODE 0x0012
    push word 0xa000
    pop es
    ; write mode 2: 16 bars of 5 bytes (40 pixels) over lines 0-99
    GC 5, 0x02
    xor di, di
    mov bx, 100
.bars_line:
    xor al, al
    mov cx, 16
.bar:
    push cx
    mov cx, 5
    rep stosb
    pop cx
    inc al
    loop .bar
    dec bx
    jnz .bars_line
    GC 5, 0x00
    ; write mode 0 with set/reset on all planes: colour 14 over lines 100-139, columns 80-399
    GC 0, 14
    GC 1, 0x0f
    mov di, 100 * 80 + 10
    mov bx, 40
.sr_line:
    mov cx, 40
    rep stosb
    add di, 40
    dec bx
    jnz .sr_line
    GC 1, 0x00
    ; rotate by 4 and map mask 0101b: CPU F0h lands as 0Fh in planes 0 and 2 (colour 5 in the right half of
    ; each byte), lines 140-159
    GC 3, 0x04
    SEQ 2, 0x05
    mov di, 140 * 80
    mov cx, 20 * 80
    mov al, 0xf0
    rep stosb
    SEQ 2, 0x0f
    GC 3, 0x00
    ; write mode 1: copy lines 0-49 to lines 200-249 through the latches
    GC 5, 0x01
    push ds
    push es
    pop ds
    xor si, si
    mov di, 200 * 80
    mov cx, 50 * 80
    rep movsb
    pop ds
    GC 5, 0x00
    ; XOR with set/reset colour 15 and bit mask 3Ch over the copy, lines 200-219
    GC 3, 0x18
    GC 0, 15
    GC 1, 0x0f
    GC 8, 0x3c
    mov di, 200 * 80
    mov cx, 20 * 80
.xor:
    mov al, [es:di]                     ; load the latches
    stosb
    loop .xor
    GC 1, 0x00
    GC 3, 0x00
    GC 8, 0xff
    ; write mode 3: set/reset colour 12, the rotated CPU byte AAh ANDed into the bit mask, lines 260-299
    GC 5, 0x03
    GC 0, 12
    mov di, 260 * 80
    mov cx, 40 * 80
.wm3:
    mov al, [es:di]
    mov al, 0xaa
    stosb
    loop .wm3
    GC 5, 0x00
    ; read mode 0: plane 1 of the first byte of bar 3 (colour 3: planes 0 and 1 set) = FFh; plane 2 = 00h
    GC 4, 1
    mov al, [es:15]
    call vga_hex8
    GC 4, 2
    mov al, [es:15]
    call vga_hex8
    GC 4, 0
    ; read mode 1: colour compare 9 with all planes cared about: FFh in bar 9, 00h in bar 8
    GC 5, 0x08
    GC 2, 9
    GC 7, 0x0f
    mov al, [es:45]
    call vga_hex8
    mov al, [es:40]
    call vga_hex8
    ; colour don't care on plane 3 only: bar 1 matches colour 9 too
    GC 7, 0x07
    mov al, [es:5]
    call vga_hex8
    GC 5, 0x00
    GC 7, 0x0f
    PRINT_E9 `\n`
    ; text in the mode's 8x16 font
    mov bl, 15
    TTY `\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\nMode 12h write modes 0-3`
    DONE
ROM_END
