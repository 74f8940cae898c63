; Panning and the split screen in text mode 03h, through the registers: the start address at row 2, column 1
; (CR0C/CR0D = 161), the preset row scan (CR08 = 5: the rows move up 5 scan lines), the pel panning register
; (attribute 13h = 3: 4 dots in the 9-dot mode), and a line compare of 300 (CR18, CR07 bit 4, CR09 bit 6), below
; which the address restarts at 0 with row scan 0, unpanned (attribute mode control bit 5). QEMU applies none of
; the three in text modes; tests/display/qemu-compare checks the picture against QEMU's moved by them.
%include "tests/guest/vga.inc"

%macro CRTC 2
    mov dx, 0x3d4
    mov ax, ((%2) << 8) | (%1)
    out dx, ax
%endmacro
%macro ATTR 2
    mov dx, 0x3da
    in al, dx
    mov dx, 0x3c0
    mov al, %1
    out dx, al
    mov al, %2
    out dx, al
%endmacro

test_main:
    VGA_INIT
    SET_MODE 0x0003
    ; 50 rows of 80 cells at B800:0000: "row NN:" then the letters A-Z, colours changing with the row and column
    push word 0xb800
    pop es
    xor di, di
    xor bx, bx                          ; row
.row:
    mov ax, bx
    aam
    add ax, '00'
    mov dx, ax                          ; DH, DL: the row number's digits
    xor si, si                          ; column
.cell:
    cmp si, 8
    jae .letter
    mov al, [cs:label + si]
    cmp si, 4
    jne .ones
    mov al, dh
.ones:
    cmp si, 5
    jne .attr
    mov al, dl
    jmp .attr
.letter:
    mov ax, si
    sub ax, 8
    mov cl, 26
    div cl
    mov al, ah
    add al, 'A'
.attr:
    mov ah, bl
    and ah, 7
    shl ah, 4                           ; background: row mod 8
    mov cx, si
    shr cx, 3
    and cl, 7
    or cl, 8
    or ah, cl                           ; foreground: bright, column / 8 mod 8
    stosw
    inc si
    cmp si, 80
    jb .cell
    inc bx
    cmp bx, 50
    jb .row
    CRTC 0x0a, 0x20                     ; no cursor
    CRTC 0x0c, 161 >> 8
    CRTC 0x0d, 161 & 0xff
    CRTC 0x08, 5
    CRTC 0x18, 300 & 0xff               ; line compare 300 = 12Ch: bit 8 is CR07 bit 4 (set), bit 9 CR09 bit 6
    mov dx, 0x3d4
    mov al, 0x09
    out dx, al
    inc dx
    in al, dx
    and al, ~0x40
    out dx, al
    ATTR 0x13, 3
    ATTR 0x30, 0x2c                     ; attribute mode control 0Ch with bit 5, screen on
    DONE

label: db "row 00: "
ROM_END
