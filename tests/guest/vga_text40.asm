; Mode 01h (40x25 text, 16 colours) through INT 10h: the 16 background colours with blinking turned off (AX=1003h
; BL=0, so attribute bit 7 is background intensity), every foreground on them (AH=09h), the cursor shape (AH=01h,
; CGA-style lines 0-7 as the IBM BIOS scales them to the 16-line cell: lines 0-15), page 1 (AH=05h) and back.
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
    SET_MODE 0x0001
    mov ah, 0x0f
    int 0x10
    HEX16 ax                            ; 2801: 40 columns, mode 01h
    mov ax, 0x1003                      ; attribute bit 7: bright backgrounds
    xor bl, bl
    int 0x10
    TTY `Mode 01h: 40x25, 16 backgrounds`
    ; rows 2-17: background = row - 2, 16 cells of foreground 0-15 at column 4 + 2 * fg, characters 'A' + fg
    mov dh, 2
.row:
    xor si, si
.cell:
    mov ah, 0x02
    xor bh, bh
    mov dl, 4
    add dx, si
    add dx, si
    int 0x10
    mov bl, dh
    sub bl, 2
    shl bl, 4
    mov ax, si
    or bl, al
    mov al, 'A'
    add ax, si
    mov ah, 0x09
    mov cx, 2                           ; the letter twice: the 16-dot wide cells side by side
    int 0x10
    inc si
    cmp si, 16
    jb .cell
    inc dh
    cmp dh, 18
    jb .row
    ; page 1 gets a line, is shown, then page 0 comes back
    mov ax, 0x0501
    int 0x10
    mov ah, 0x02
    mov bh, 1
    xor dx, dx
    int 0x10
    mov ax, 0x0a50                      ; 'P' on page 1
    mov cx, 40
    int 0x10
    mov ax, 0x0500
    int 0x10
    ; cursor: CGA lines 0-7 (AH=01h CX=0007h), at row 20, column 10
    mov ah, 0x01
    mov cx, 0x0007
    int 0x10
    mov ah, 0x02
    xor bh, bh
    mov dx, 0x140a
    int 0x10
    TTY `block cursor ->`
    mov ah, 0x03
    xor bh, bh
    int 0x10
    HEX16 cx                            ; 0007: as given
    HEX16 dx                            ; 1419
    mov dx, 0x3d4                       ; CRTC 0Ah/0Bh: 00 0F, the whole cell (SeaBIOS: 01 0F)
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
ROM_END
