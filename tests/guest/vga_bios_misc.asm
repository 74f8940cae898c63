; VGA BIOS services without a picture to compare: 0Fh, 12h/10h, 1Ah, 1Bh, 11h/30h, 1Ch save and restore (the DAC
; and a palette register come back), and VBE 4F04h-4F0Ah (bank, display start, DAC width, palette data, the
; protected-mode table). Each result goes to port E9h as hex.
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
    mov ah, 0x0f
    int 0x10
    HEX16 ax                            ; 5003
    mov ax, 0x1a00
    int 0x10
    HEX16 ax                            ; 001A
    HEX16 bx                            ; 0008
    mov ah, 0x12
    mov bl, 0x10
    int 0x10
    HEX16 bx                            ; 0003
    mov ax, 0x1130
    mov bh, 6
    int 0x10
    HEX16 cx                            ; 0010
    mov al, dl
    call vga_hex8                       ; 18
    PRINT_E9 ` `
    HEX16 es                            ; C000
    push word 0x1000
    pop es
    mov ax, 0x1b00
    xor bx, bx
    xor di, di
    int 0x10
    mov al, [es:4]
    call vga_hex8                       ; 03
    mov al, [es:0x22]
    call vga_hex8                       ; 19 (25 rows)
    HEX16 [es:0x27]                     ; 0010 colours
    PRINT_E9 `\n`
    ; 1Ch: size, save, change DAC 1 and palette register 2, restore, read back
    mov ax, 0x1c00
    mov cx, 7
    int 0x10
    HEX16 ax                            ; 001C
    HEX16 bx                            ; blocks
    mov ax, 0x1c01
    mov cx, 7
    xor bx, bx
    int 0x10
    mov ax, 0x1010
    mov bx, 1
    mov dh, 0x3f
    mov cx, 0x3f3f
    int 0x10
    mov ax, 0x1000
    mov bx, 0x3f02
    int 0x10
    mov ax, 0x1c02
    mov cx, 7
    xor bx, bx
    int 0x10
    mov ax, 0x1015
    mov bx, 1
    int 0x10
    HEX16 dx                            ; 00xx: red of DAC 1 back to 00
    HEX16 cx                            ; 002A: green 0, blue 2A
    mov ax, 0x1007
    mov bl, 2
    int 0x10
    mov al, bh
    call vga_hex8                       ; 02
    PRINT_E9 `\n`
    ; VBE on an 8-bit mode: 640x480x8 (101h), banked
    mov ax, 0x4f02
    mov bx, 0x0101
    int 0x10
    HEX16 ax
    mov ax, 0x4f05
    xor bx, bx
    mov dx, 3
    int 0x10
    mov ax, 0x4f05
    mov bx, 0x0100
    int 0x10
    HEX16 dx                            ; 0003
    mov ax, 0x4f07
    xor bx, bx
    mov cx, 10
    mov dx, 20
    int 0x10
    mov ax, 0x4f07
    mov bx, 1
    int 0x10
    HEX16 cx                            ; 000A
    HEX16 dx                            ; 0014
    mov ax, 0x4f08
    mov bx, 0x0800
    int 0x10
    HEX16 ax
    mov al, bh
    call vga_hex8                       ; 08
    PRINT_E9 ` `
    mov dword [es:0x100], 0x00c08040    ; blue 40h, green 80h, red C0h
    mov ax, 0x4f09
    xor bl, bl
    mov cx, 1
    mov dx, 7
    mov di, 0x100
    int 0x10
    mov dword [es:0x100], 0
    mov ax, 0x4f09
    mov bl, 1
    mov cx, 1
    mov dx, 7
    mov di, 0x100
    int 0x10
    mov eax, [es:0x100]
    push eax
    shr eax, 16
    HEX16 ax                            ; 00C0
    pop eax
    HEX16 ax                            ; 8040
    mov ax, 0x4f0a
    xor bx, bx
    int 0x10
    HEX16 ax                            ; 004F
    HEX16 es                            ; C000
    mov ax, 0x4f04
    xor dl, dl
    mov cx, 0x0f
    int 0x10
    HEX16 ax                            ; 004F
    mov ax, 0x0003                      ; back to text: DISPI off
    int 0x10
    mov ax, 0x4f03
    int 0x10
    HEX16 bx                            ; 0003
    PRINT_E9 `\n`
    DONE
ROM_END
