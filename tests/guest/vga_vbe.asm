; VBE through the VGA BIOS: 4F00h controller information, 4F01h mode information, 4F02h with the linear
; framebuffer (640x480, 16 bits per pixel), 4F03h, 4F06h, 4F07h and 4F08h; a picture drawn through the
; framebuffer at the address the mode information gives.
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
    call vga_unreal_fs
    push word 0x1000
    pop es
    mov dword [es:0], 'VBE2'
    mov ax, 0x4f00
    xor di, di
    int 0x10
    HEX16 ax                            ; 004F
    HEX16 [es:4]                        ; version 0300
    HEX16 [es:0x12]                     ; memory in 64 KiB units
    mov al, [es:0]                      ; "VESA"
    out 0xe9, al
    mov al, [es:3]
    out 0xe9, al
    PRINT_E9 ` `
    ; is 111h in the mode list?
    lds si, [es:0x0e]
    xor cx, cx                          ; modes listed
    xor dx, dx                          ; 111h among them
.list:
    lodsw
    cmp ax, 0xffff
    je .listed
    inc cx
    cmp ax, 0x111
    jne .list
    inc dx
    jmp .list
.listed:
    push cs
    pop ds
    mov al, cl
    call vga_hex8
    mov al, dl
    call vga_hex8
    PRINT_E9 ` `
    mov ax, 0x4f01
    mov cx, 0x111
    mov di, 0x200
    int 0x10
    HEX16 ax
    HEX16 [es:0x200 + 0x10]             ; bytes per line: 0500
    HEX16 [es:0x200 + 0x12]             ; 0280
    HEX16 [es:0x200 + 0x14]             ; 01E0
    mov al, [es:0x200 + 0x19]           ; 10 (bits per pixel)
    call vga_hex8
    PRINT_E9 ` `
    HEX16 [es:0x200 + 0x2a]             ; the framebuffer's address, high half
    mov ax, 0x4f01                      ; an unknown mode fails
    mov cx, 0x1ff
    mov di, 0x300
    int 0x10
    HEX16 ax
    mov edi, [es:0x200 + 0x28]          ; the framebuffer
    PRINT_E9 `\n`
    mov ax, 0x4f02
    mov bx, 0x4111
    int 0x10
    HEX16 ax
    mov ax, 0x4f03
    int 0x10
    HEX16 bx                            ; 4111
    mov ax, 0x4f06
    mov bl, 1
    int 0x10
    HEX16 bx                            ; 0500
    HEX16 cx                            ; 0280
    mov ax, 0x4f08
    mov bl, 1
    int 0x10
    mov al, bh
    call vga_hex8                       ; 06
    PRINT_E9 `\n`
    ; 5-6-5 gradient: red = x / 20, green = y / 8, blue = 31 - x / 20
    xor edx, edx
.y:
    xor ecx, ecx
.x:
    mov eax, ecx
    push edx
    xor edx, edx
    mov ebx, 20
    div ebx
    pop edx
    mov ebx, eax                        ; 0-31
    shl eax, 11
    mov esi, edx
    shr esi, 3
    shl esi, 5
    or eax, esi
    xor ebx, 31
    or eax, ebx
    mov [fs:edi], ax
    add edi, 2
    inc ecx
    cmp ecx, 640
    jb .x
    inc edx
    cmp edx, 480
    jb .y
    DONE
ROM_END
