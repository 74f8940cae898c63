; 200-line text: INT 10h AH=12h BL=30h AL=00h, then mode 03h: 80x25 with 8x8 characters, each scan line shown
; twice (640x200, the CGA's text); the BIOS data (character height 8, cursor lines 6-7), the state information of
; AH=1Bh (scan lines code 0: 200) and the 16 colours (the 200-line palette registers 10h-17h for colours 8-15).
; SeaBIOS's VGA BIOS has no 200-line text modes; QEMU shows the same picture with x86pc's own.
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
    mov ax, 0x1200
    mov bl, 0x30
    int 0x10
    call vga_hex8                       ; 12
    PRINT_E9 ` `
    SET_MODE 0x0003
    push word 0x40
    pop es
    HEX16 [es:0x85]                     ; 0008
    mov dx, 0x3d4
    mov al, 0x09
    out dx, al
    inc dx
    in al, dx
    call vga_hex8                       ; C7: double scanning, 8 lines
    mov dx, 0x3d4
    mov al, 0x0a
    out dx, al
    inc dx
    in al, dx
    call vga_hex8                       ; 06
    PRINT_E9 ` `
    push word 0x1000
    pop es
    mov ax, 0x1b00
    xor bx, bx
    xor di, di
    int 0x10
    mov al, [es:0x2a]
    call vga_hex8                       ; 00: 200 scan lines
    PRINT_E9 `\n`
    mov bl, 0
    TTY `200-line text (AH=12h BL=30h AL=00h): 80x25, 8x8 characters, each line twice\r\n`
    ; the 16 foregrounds on black and on blue, AH=09h
    mov si, 0
.colour:
    mov ah, 0x02
    xor bh, bh
    mov dx, si
    shl dx, 2
    add dx, 0x0302
    int 0x10
    mov ax, si
    mov bl, al
    add al, 'A'
    mov ah, 0x09
    mov cx, 3
    int 0x10
    mov ah, 0x02
    add dh, 2
    int 0x10
    or bl, 0x10
    mov ah, 0x09
    int 0x10
    inc si
    cmp si, 16
    jb .colour
    mov ah, 0x02
    xor bh, bh
    mov dx, 0x0800
    int 0x10
    TTY `cursor ->`
    DONE
ROM_END
