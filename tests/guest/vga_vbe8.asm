; VBE at 8 bits per pixel through the VGA BIOS: mode 103h (800x600, 256 colours) set without the linear
; framebuffer (4F02h BX=0103h), the 8-bit DAC (4F08h), a palette of 256 entries loaded with 4F09h, and the picture
; drawn through the 64 KiB window at A0000h, banks switched with 4F05h (granularity 64 KiB, from 4F01h): a grid of
; 16 x 8 colour blocks, both diagonals in colour 255, a frame in colour 254.
%include "tests/guest/vga.inc"

%macro HEX16 1
    mov ax, %1
    xchg al, ah
    call vga_hex8
    xchg al, ah
    call vga_hex8
    PRINT_E9 ` `
%endmacro

WIDTH equ 800
HEIGHT equ 600

test_main:
    VGA_INIT
    push word 0x1000
    pop es
    mov ax, 0x4f01                      ; mode information: window A at A000h, 64 KiB granularity and size
    mov cx, 0x103
    xor di, di
    int 0x10
    HEX16 ax
    HEX16 [es:0x04]                     ; granularity in KiB: 0040
    HEX16 [es:0x06]                     ; window size: 0040
    HEX16 [es:0x08]                     ; segment: A000
    HEX16 [es:0x10]                     ; bytes per line: 0320
    mov al, [es:0x19]
    call vga_hex8                       ; 08
    PRINT_E9 `\n`
    mov ax, 0x4f02
    mov bx, 0x0103
    int 0x10
    HEX16 ax
    mov ax, 0x4f08                      ; an 8-bit DAC: BH = 8 back
    mov bx, 0x0800
    int 0x10
    HEX16 ax
    mov al, bh
    call vga_hex8
    PRINT_E9 ` `
    ; the palette at 1000:0400, blue, green, red, 0 per entry: entry i = red (i & 15) * 17, green (i >> 4) * 34,
    ; blue 255 - red; 254 = yellow, 255 = white
    mov di, 0x400
    xor cx, cx
.pal:
    mov al, cl
    and al, 15
    mov ah, 17
    mul ah
    mov bl, al                          ; red
    not al
    stosb                               ; blue
    mov al, cl
    shr al, 4
    mov ah, 34
    mul ah
    stosb                               ; green
    mov al, bl
    stosb                               ; red
    xor al, al
    stosb
    inc cx
    cmp cx, 256
    jb .pal
    mov dword [es:0x400 + 254 * 4], 0x00ffff00
    mov dword [es:0x400 + 255 * 4], 0x00ffffff
    mov ax, 0x4f09
    xor bl, bl
    mov cx, 256
    xor dx, dx
    mov di, 0x400
    int 0x10
    HEX16 ax
    mov ax, 0x4f09                      ; read entry 1 back: FF 00 11 00 as blue, green, red
    mov bl, 1
    mov cx, 1
    mov dx, 1
    mov di, 0x800
    int 0x10
    mov eax, [es:0x800]
    bswap eax
    call hex32
    PRINT_E9 `\n`
    ; the picture, byte by byte: x in SI, y in BP, bank in DX, window offset in DI
    push word 0xa000
    pop es
    xor si, si
    xor bp, bp
    xor dx, dx
.bank:
    push dx
    mov ax, 0x4f05
    xor bx, bx
    int 0x10
    pop dx
    xor di, di
.pixel:
    call colour
    stosb
    inc si
    cmp si, WIDTH
    jb .same_line
    xor si, si
    inc bp
    cmp bp, HEIGHT
    jae .drawn
.same_line:
    test di, di
    jnz .pixel
    inc dx
    jmp .bank
.drawn:
    mov ax, 0x4f05                      ; the bank read back: 7 (800 x 600 bytes end in bank 7)
    mov bx, 0x0100
    int 0x10
    HEX16 dx
    PRINT_E9 `\n`
    DONE

; AL = the colour of pixel (SI, BP).
colour:
    mov al, 255
    cmp si, bp                          ; the diagonals x = y * 4 / 3 and x = 799 - y * 4 / 3
    je .done
    mov ax, bp
    shl ax, 2
    push dx
    xor dx, dx
    mov bx, 3
    div bx
    pop dx
    cmp ax, si
    mov al, 255
    je .done
    mov ax, bp
    shl ax, 2
    push dx
    xor dx, dx
    div bx
    pop dx
    neg ax
    add ax, WIDTH - 1
    cmp ax, si
    mov al, 255
    je .done
    mov al, 254
    cmp si, 2                           ; the frame: two pixels wide
    jb .done
    cmp si, WIDTH - 2
    jae .done
    cmp bp, 2
    jb .done
    cmp bp, HEIGHT - 2
    jae .done
    mov ax, si                          ; blocks of 50 x 75: colour x / 50 + 16 * (y / 75)
    mov bl, 50
    div bl
    mov bh, al
    mov ax, bp
    mov bl, 75
    div bl
    shl al, 4
    or al, bh
.done:
    ret

; EAX as eight hex digits on port E9h.
hex32:
    rol eax, 8
    call vga_hex8
    rol eax, 8
    call vga_hex8
    rol eax, 8
    call vga_hex8
    rol eax, 8
    call vga_hex8
    ret
ROM_END
