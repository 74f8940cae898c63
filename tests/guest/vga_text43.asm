; 80x43 text: 350 scan lines selected with INT 10h AH=12h BL=30h AL=01h, then mode 03h (640x350, the 8x14 font),
; then the ROM 8x8 font with AX=1112h: 43 rows, the vertical display end moved to the last whole row (344 lines),
; the cursor in lines 6-7; teletype scrolling over the 43 rows and a string in colour. The text dump is
; tests/display/vga_text43.txt. (SeaBIOS's VGA BIOS has no 350-line text modes, so QEMU shows 80x50 here.)
%include "tests/guest/vga.inc"

%macro HEX16 1
    mov ax, %1
    xchg al, ah
    call vga_hex8
    xchg al, ah
    call vga_hex8
    PRINT_E9 ` `
%endmacro

%macro CRTC_HEX 1
    mov dx, 0x3d4
    mov al, %1
    out dx, al
    inc dx
    in al, dx
    call vga_hex8
%endmacro

test_main:
    VGA_INIT
    mov ax, 0x1201                      ; 350 lines for the next text mode: AL = 12h back
    mov bl, 0x30
    int 0x10
    call vga_hex8
    PRINT_E9 ` `
    SET_MODE 0x0003
    push word 0x40
    pop es
    mov al, [es:0x84]                   ; 18h: 25 rows
    call vga_hex8
    PRINT_E9 ` `
    HEX16 [es:0x85]                     ; 000E: 14-line characters
    HEX16 [es:0x60]                     ; 0607 as given by the mode set
    CRTC_HEX 0x0a                       ; 0B 0C: the cursor in the 14-line cell
    CRTC_HEX 0x0b
    CRTC_HEX 0x12                       ; 5D: 350 lines
    PRINT_E9 ` `
    mov ax, 0x1112
    xor bl, bl
    int 0x10
    mov al, [es:0x84]                   ; 2Ah: 43 rows
    call vga_hex8
    PRINT_E9 ` `
    HEX16 [es:0x85]                     ; 0008
    HEX16 [es:0x4c]                     ; page size: 1C00h (6880 bytes rounded up to 1 KiB)
    CRTC_HEX 0x09                       ; 47: 8-line characters
    CRTC_HEX 0x0a                       ; 06 07
    CRTC_HEX 0x0b
    CRTC_HEX 0x12                       ; 57: 344 lines
    PRINT_E9 `\n`
    mov cx, 46
    mov dl, 0
.line:
    TTY "row "
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
    push cs
    pop es
    mov ax, 0x1301
    mov bx, 0x002f
    mov cx, text_len
    mov dx, 0x0514
    mov bp, text
    int 0x10
    DONE

text: db "80x43: 350 lines (12h/30h), mode 03h, the 8x8 font (1112h)"
text_len equ $ - text
ROM_END
