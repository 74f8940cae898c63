; The Bochs VBE DISPI registers directly (no BIOS): 640x480 at 32 bits per pixel through the 64 KiB bank window
; at A0000h, a gradient with a white frame, and the ID and virtual width registers read back on port E9h. (The
; linear framebuffer is tested by vga_vbe through the VGA BIOS.)
%include "tests/guest/vga.inc"
test_main:
    VGA_INIT
    call vga_unreal_fs
    mov ax, 0                           ; ID
    mov dx, 0x1ce
    out dx, ax
    inc dx
    in ax, dx
    xchg al, ah
    call vga_hex8
    xchg al, ah
    call vga_hex8
    PRINT_E9 ` `
    mov ax, 4
    xor bx, bx
    call vga_dispi                      ; off
    mov ax, 1
    mov bx, 640
    call vga_dispi
    mov ax, 2
    mov bx, 480
    call vga_dispi
    mov ax, 3
    mov bx, 32
    call vga_dispi
    mov ax, 4
    mov bx, 0x01                        ; on, banked
    call vga_dispi
    mov ax, 6                           ; the virtual width follows the mode
    mov dx, 0x1ce
    out dx, ax
    inc dx
    in ax, dx
    xchg al, ah
    call vga_hex8
    xchg al, ah
    call vga_hex8
    PRINT_E9 `\n`
    xor edi, edi                        ; byte offset in the picture
    xor edx, edx                        ; y
.y:
    xor ecx, ecx                        ; x
.x:
    mov eax, ecx
    shr eax, 2                          ; red = x / 4 (160 levels... wraps at 256: x < 640 gives 0-159)
    shl eax, 16
    mov ebx, edx
    shr ebx, 1
    shl ebx, 8                          ; green = y / 2
    or eax, ebx
    mov ebx, ecx
    add ebx, edx
    and ebx, 0xff                       ; blue = (x + y) mod 256
    or eax, ebx
    cmp ecx, 8
    jb .white
    cmp ecx, 632
    jae .white
    cmp edx, 8
    jb .white
    cmp edx, 472
    jb .store
.white:
    mov eax, 0x00ffffff
.store:
    push eax
    test di, di                         ; a new 64 KiB bank starts
    jnz .same
    mov eax, edi
    shr eax, 16
    push bx
    push dx
    mov bx, ax
    mov ax, 5
    call vga_dispi
    pop dx
    pop bx
.same:
    pop eax
    push di
    push es
    push word 0xa000
    pop es
    mov [es:di], eax
    pop es
    pop di
    add edi, 4
    inc ecx
    cmp ecx, 640
    jb .x
    inc edx
    cmp edx, 480
    jb .y
    DONE
ROM_END
