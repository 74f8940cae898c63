; VBE at 32 bits per pixel through the VGA BIOS: mode 144h (1024x768) without the linear framebuffer, a logical line
; of 1104 pixels (4F06h; QEMU rounds the DISPI virtual width down to a multiple of 8, Bochs does not, so the test
; asks for one), the display start moved to (16, 8) (4F07h), and a picture over 1104 x 776 virtual pixels drawn
; through the 64 KiB window at A0000h, banks switched with 4F05h: red = x, green = y (mod 256), blue a checkerboard
; of 64-pixel squares, white lines every 64 pixels; what shows starts at (16, 8).
%include "tests/guest/vga.inc"

%macro HEX16 1
    mov ax, %1
    xchg al, ah
    call vga_hex8
    xchg al, ah
    call vga_hex8
    PRINT_E9 ` `
%endmacro

VWIDTH equ 1104
VHEIGHT equ 776

test_main:
    VGA_INIT
    push word 0x1000
    pop es
    mov ax, 0x4f01
    mov cx, 0x144
    xor di, di
    int 0x10
    HEX16 ax
    HEX16 [es:0x12]                     ; 0400
    HEX16 [es:0x14]                     ; 0300
    mov al, [es:0x19]
    call vga_hex8                       ; 20
    mov al, [es:0x1b]
    call vga_hex8                       ; 06: direct colour
    PRINT_E9 `\n`
    mov ax, 0x4f02
    mov bx, 0x0144
    int 0x10
    HEX16 ax
    mov ax, 0x4f06                      ; 1104 pixels a line: BX = 4416 bytes, CX = 1104 pixels
    xor bl, bl
    mov cx, VWIDTH
    int 0x10
    HEX16 ax
    HEX16 bx
    HEX16 cx
    mov ax, 0x4f07                      ; display start (16, 8), then read back
    xor bx, bx
    mov cx, 16
    mov dx, 8
    int 0x10
    HEX16 ax
    mov ax, 0x4f07
    mov bx, 1
    int 0x10
    HEX16 cx
    HEX16 dx
    PRINT_E9 `\n`
    ; the picture: x in ESI, y in EBP, bank in DX, window offset in DI
    push word 0xa000
    pop es
    xor esi, esi
    xor ebp, ebp
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
    stosd
    inc esi
    cmp esi, VWIDTH
    jb .same_line
    xor esi, esi
    inc ebp
    cmp ebp, VHEIGHT
    jae .drawn
.same_line:
    test di, di
    jnz .pixel
    inc dx
    jmp .bank
.drawn:
    mov al, dl
    call vga_hex8                       ; the last bank: 1104 * 776 * 4 bytes end in bank 34h
    PRINT_E9 `\n`
    DONE

; EAX = the colour of virtual pixel (ESI, EBP), 00RRGGBBh.
colour:
    mov eax, 0x00ffffff
    test si, 63
    jz .done
    test bp, 63
    jz .done
    mov eax, esi
    xor eax, ebp
    shr eax, 6
    and eax, 1
    imul eax, eax, 0x80
    add eax, 0x40                       ; blue: 40h or C0h
    mov ebx, ebp
    and ebx, 255
    shl ebx, 8
    or eax, ebx                         ; green
    mov ebx, esi
    and ebx, 255
    shl ebx, 16
    or eax, ebx                         ; red
.done:
    ret
ROM_END
