; VBE 3.0 functions 4F00h-4F0Ah on the Bochs DISPI interface (ports 1CEh/1CFh). The mode list is the table
; below, less the modes that do not fit in the video memory the hardware reports.

%define DISPI_ID            0
%define DISPI_XRES          1
%define DISPI_YRES          2
%define DISPI_BPP           3
%define DISPI_ENABLE        4
%define DISPI_BANK          5
%define DISPI_VIRT_WIDTH    6
%define DISPI_VIRT_HEIGHT   7
%define DISPI_X_OFFSET      8
%define DISPI_Y_OFFSET      9
%define DISPI_VIDEO_MEMORY  10
%define VBE_LFB_BASE        0xe0000000  ; where the board maps the linear framebuffer

; mode number, width, height, bits per pixel
vbe_modes:
    dw 0x100,  640,  400,  8,   0x101,  640,  480,  8,   0x103,  800,  600,  8
    dw 0x105, 1024,  768,  8,   0x107, 1280, 1024,  8
    dw 0x10d,  320,  200, 15,   0x10e,  320,  200, 16,   0x10f,  320,  200, 24
    dw 0x110,  640,  480, 15,   0x111,  640,  480, 16,   0x112,  640,  480, 24
    dw 0x113,  800,  600, 15,   0x114,  800,  600, 16,   0x115,  800,  600, 24
    dw 0x116, 1024,  768, 15,   0x117, 1024,  768, 16,   0x118, 1024,  768, 24
    dw 0x119, 1280, 1024, 15,   0x11a, 1280, 1024, 16,   0x11b, 1280, 1024, 24
    dw 0x140,  320,  200, 32,   0x141,  640,  400, 32,   0x142,  640,  480, 32
    dw 0x143,  800,  600, 32,   0x144, 1024,  768, 32,   0x145, 1280, 1024, 32
    dw 0x146,  320,  200,  8,   0x147, 1600, 1200, 32,   0x148, 1600, 1200, 16
    dw 0x149, 1600, 1200,  8,   0x14a, 1280,  720,  8,   0x14b, 1280,  720, 16
    dw 0x14c, 1280,  720, 32,   0x14d, 1920, 1080,  8,   0x14e, 1920, 1080, 16
    dw 0x14f, 1920, 1080, 32,   0x150, 1920, 1080, 24
    dw 0xffff
%define VBE_MODE_SIZE 8

; AX = DISPI register AL.
dispi_read:
    push dx
    movzx ax, al
    mov dx, DISPI_INDEX
    out dx, ax
    inc dx
    in ax, dx
    pop dx
    ret

; DISPI register AL = BX.
dispi_write:
    push ax
    push dx
    movzx ax, al
    mov dx, DISPI_INDEX
    out dx, ax
    inc dx
    mov ax, bx
    out dx, ax
    pop dx
    pop ax
    ret

; CF set when there is no DISPI interface.
dispi_check:
    push ax
    mov al, DISPI_ID
    call dispi_read
    cmp ax, 0xb0c0
    jb .none
    cmp ax, 0xb0c5
    ja .none
    pop ax
    clc
    ret
.none:
    pop ax
    stc
    ret

; Turns the DISPI mode off (a VGA mode set). Keeps the DAC width setting.
vbe_disable:
    push ax
    push bx
    call dispi_check
    jc .done
    mov al, DISPI_ENABLE
    call dispi_read
    and ax, 0x20
    mov bx, ax
    mov al, DISPI_ENABLE
    call dispi_write
.done:
    pop bx
    pop ax
    ret

; SI = the entry of VBE mode CX (bits 0-8) in vbe_modes; CF set when absent or too large for the memory.
vbe_find_mode:
    push ax
    push dx
    push cx
    and cx, 0x1ff
    mov si, vbe_modes
.next:
    mov ax, [cs:si]
    cmp ax, 0xffff
    je .none
    cmp ax, cx
    je .found
    add si, VBE_MODE_SIZE
    jmp .next
.found:
    call vbe_mode_bytes                 ; DX:AX = bytes the mode needs
    push ax
    push dx
    mov al, DISPI_VIDEO_MEMORY
    call dispi_read                     ; AX = 64 KiB units
    mov cx, ax
    pop dx
    pop ax
    cmp dx, cx                          ; DX = 64 KiB units used (rounded down) must be below the size
    jae .none
    pop cx
    pop dx
    pop ax
    clc
    ret
.none:
    pop cx
    pop dx
    pop ax
    stc
    ret

; DX:AX = width * height * bytes per pixel of the mode at CS:SI.
vbe_mode_bytes:
    call vbe_line_bytes
    mul word [cs:si + 4]
    ret

; AX = bytes per scan line of the mode at CS:SI.
vbe_line_bytes:
    push dx
    mov ax, [cs:si + 6]
    add ax, 7
    shr ax, 3
    mul word [cs:si + 2]
    pop dx
    ret

; AH=4Fh: AL = function.
vbe_dispatch:
    call dispi_check
    jc vbe_fail
    cmp al, 0x0a
    ja vbe_fail
    movzx si, al
    shl si, 1
    jmp [cs:vbe_table + si]

vbe_table:
    dw vbe_controller_info, vbe_mode_info, vbe_set_mode, vbe_get_mode, vbe_state
    dw vbe_window, vbe_scan_line, vbe_display_start, vbe_dac_format, vbe_palette, vbe_pm_interface

vbe_fail:
    mov word [bp + R_AX], 0x014f
    ret

vbe_ok:
    mov word [bp + R_AX], 0x004f
    ret

; 4F00h: the controller information block at ES:DI. With "VBE2" there, the strings go into its OEM area too.
vbe_controller_info:
    mov eax, [es:di]
    push eax
    push di
    mov cx, 128
    xor ax, ax
    rep stosw                           ; 256 bytes; a VBE2 caller's 512 are cleared below
    pop di
    pop eax
    cmp eax, 'VBE2'
    jne .header
    push di
    add di, 256
    mov cx, 128
    xor ax, ax
    rep stosw
    pop di
.header:
    mov dword [es:di], 'VESA'
    mov word [es:di + 0x04], 0x0300
    mov dword [es:di + 0x0a], 1         ; the DAC can switch to 8 bits
    mov word [es:di + 0x14], 0x0100
    mov al, DISPI_VIDEO_MEMORY
    call dispi_read
    mov [es:di + 0x12], ax
    ; the mode list, at offset 22h of the block
    push eax
    lea bx, [di + 0x22]
    mov [es:di + 0x0e], bx
    mov [es:di + 0x10], es
    mov si, vbe_modes
.mode:
    mov cx, [cs:si]
    cmp cx, 0xffff
    je .list_end
    push si
    call vbe_find_mode
    pop si
    jc .skip
    mov [es:bx], cx
    add bx, 2
.skip:
    add si, VBE_MODE_SIZE
    jmp .mode
.list_end:
    mov word [es:bx], 0xffff
    pop eax
    cmp eax, 'VBE2'
    je .strings_in_block
    mov word [es:di + 0x06], vbe_oem_string
    mov [es:di + 0x08], cs
    mov word [es:di + 0x16], vbe_vendor_string
    mov [es:di + 0x18], cs
    mov word [es:di + 0x1a], vbe_product_string
    mov [es:di + 0x1c], cs
    mov word [es:di + 0x1e], vbe_revision_string
    mov [es:di + 0x20], cs
    jmp vbe_ok
.strings_in_block:
    lea bx, [di + 0x100]
    mov dx, 0x06
    mov si, vbe_oem_string
    call .copy
    mov dx, 0x16
    mov si, vbe_vendor_string
    call .copy
    mov dx, 0x1a
    mov si, vbe_product_string
    call .copy
    mov dx, 0x1e
    mov si, vbe_revision_string
    call .copy
    jmp vbe_ok
.copy:                                  ; the string at CS:SI to ES:BX, its pointer at field DX
    push di
    add di, dx
    mov [es:di], bx
    mov [es:di + 2], es
    pop di
.byte:
    mov al, [cs:si]
    mov [es:bx], al
    inc si
    inc bx
    test al, al
    jnz .byte
    ret

; 4F01h: CX = mode -> the mode information block at ES:DI.
vbe_mode_info:
    call vbe_find_mode
    jc vbe_fail
    push di
    mov cx, 128
    xor ax, ax
    rep stosw
    pop di
    mov word [es:di + 0x00], 0x009b     ; supported, colour, graphics, linear framebuffer
    mov byte [es:di + 0x02], 0x07       ; window A: exists, readable, writable
    mov word [es:di + 0x04], 64         ; granularity (KiB)
    mov word [es:di + 0x06], 64         ; size
    mov word [es:di + 0x08], 0xa000
    mov word [es:di + 0x0c], vbe_window_far
    mov [es:di + 0x0e], cs
    call vbe_line_bytes
    mov [es:di + 0x10], ax
    mov [es:di + 0x32], ax
    mov ax, [cs:si + 2]
    mov [es:di + 0x12], ax
    mov ax, [cs:si + 4]
    mov [es:di + 0x14], ax
    mov word [es:di + 0x16], 0x1008     ; character cell 8x16
    mov byte [es:di + 0x18], 1          ; planes
    mov al, [cs:si + 6]
    mov [es:di + 0x19], al
    mov byte [es:di + 0x1a], 1          ; banks
    mov byte [es:di + 0x1b], 4          ; packed pixel
    cmp al, 8
    je .pages
    mov byte [es:di + 0x1b], 6          ; direct colour
    push si
    mov si, vbe_masks_15
    cmp al, 15
    je .masks
    mov si, vbe_masks_16
    cmp al, 16
    je .masks
    mov si, vbe_masks_24
    cmp al, 24
    je .masks
    mov si, vbe_masks_32
    mov byte [es:di + 0x27], 2          ; the reserved field is usable
.masks:
    mov eax, [cs:si]
    mov [es:di + 0x1f], eax
    mov [es:di + 0x36], eax
    mov eax, [cs:si + 4]
    mov [es:di + 0x23], eax
    mov [es:di + 0x3a], eax
    pop si
.pages:
    ; image pages: memory / picture size - 1, at most 255
    mov al, DISPI_VIDEO_MEMORY
    call dispi_read
    movzx ecx, ax
    shl ecx, 16
    call vbe_mode_bytes
    push dx
    push ax
    pop ebx
    mov eax, ecx
    xor edx, edx
    div ebx
    dec eax
    cmp eax, 255
    jbe .store_pages
    mov eax, 255
.store_pages:
    mov [es:di + 0x1d], al
    mov [es:di + 0x34], al
    mov [es:di + 0x35], al
    mov byte [es:di + 0x1e], 1
    mov dword [es:di + 0x28], VBE_LFB_BASE
    mov dword [es:di + 0x3e], 25175000 ; maximum pixel clock (nominal)
    jmp vbe_ok

; Mask sizes and positions: red, green, blue, reserved.
vbe_masks_15: db 5, 10, 5, 5, 5, 0, 1, 15
vbe_masks_16: db 5, 11, 6, 5, 5, 0, 0, 0
vbe_masks_24: db 8, 16, 8, 8, 8, 0, 0, 0
vbe_masks_32: db 8, 16, 8, 8, 8, 0, 8, 24

; 4F02h: BX = mode; bit 14: linear framebuffer, bit 15: keep the memory.
vbe_set_mode:
    mov cx, bx
    and cx, 0x1ff
    cmp cx, 0x100
    jae .vesa
    mov al, bl
    test bh, 0x80
    jz .vga
    or al, 0x80
.vga:
    call set_mode
    jmp vbe_ok
.vesa:
    call vbe_find_mode
    jc vbe_fail
    push bx
    xor bx, bx
    mov al, DISPI_ENABLE
    call dispi_write
    mov bx, [cs:si + 2]
    mov al, DISPI_XRES
    call dispi_write
    mov bx, [cs:si + 4]
    mov al, DISPI_YRES
    call dispi_write
    mov bx, [cs:si + 6]
    mov al, DISPI_BPP
    call dispi_write
    pop bx
    push bx
    mov ax, bx
    xor bx, bx
    or bl, 0x01
    test ah, 0x40
    jz .banked
    or bl, 0x40
.banked:
    test ah, 0x80
    jz .enable
    or bl, 0x80
.enable:
    mov al, DISPI_ENABLE
    call dispi_write
    pop bx
    and bx, 0x41ff
    mov [BDA_VBE_MODE], bx
    cmp word [cs:si + 6], 8
    jne .bda
    mov al, PAL_256
    call load_default_palette
.bda:
    mov ax, [cs:si + 2]
    shr ax, 3
    mov [BDA_COLS], ax
    mov ax, [cs:si + 4]
    shr ax, 4
    dec al
    mov [BDA_ROWS], al
    mov word [BDA_CHAR_HEIGHT], 16
    jmp vbe_ok

; 4F03h: BX = the current mode (a VGA mode number when no VBE mode is on).
vbe_get_mode:
    mov bx, [BDA_VBE_MODE]
    test bx, bx
    jnz .store
    movzx bx, byte [BDA_MODE]
.store:
    mov [bp + R_BX], bx
    jmp vbe_ok

; 4F04h: DL = 0 size (BX blocks for the states CX), 1 save, 2 restore at ES:BX. Bits 0-2 are AH=1Ch's states,
; bit 3 the DISPI registers, stored in the 64-byte block after them.
vbe_state:
    push cx
    and cl, 7
    call state_blocks                   ; AX = blocks of the AH=1Ch part
    pop cx
    mov di, ax
    test dl, dl
    jnz .transfer
    test cl, 8
    jz .size
    inc ax
.size:
    mov [bp + R_BX], ax
    jmp vbe_ok
.transfer:
    cmp dl, 2
    ja vbe_fail
    test cl, 7
    jz .dispi
    push cx
    push di
    and cl, 7
    mov di, bx
    cmp dl, 1
    jne .restore
    call save_state
    jmp .done_vga
.restore:
    call restore_state
.done_vga:
    pop di
    pop cx
.dispi:
    test cl, 8
    jz vbe_ok
    shl di, 6
    add di, [bp + R_BX]                 ; ES:DI = the DISPI part
    cmp dl, 1
    jne vbe_restore_dispi
    mov si, dispi_saved_regs
.save:
    mov al, [cs:si]
    cmp al, 0xff
    je vbe_ok
    call dispi_read
    stosw
    inc si
    jmp .save

; The DISPI registers 4F04h saves, in the order a restore writes them: the mode is off while the geometry
; changes, the virtual width and offsets follow the enable (which resets them).
dispi_saved_regs:
    db DISPI_XRES, DISPI_YRES, DISPI_BPP, DISPI_ENABLE, DISPI_BANK, DISPI_VIRT_WIDTH, DISPI_X_OFFSET
    db DISPI_Y_OFFSET, 0xff

vbe_restore_dispi:
    xor bx, bx
    mov al, DISPI_ENABLE
    call dispi_write
    mov si, dispi_saved_regs
.next:
    mov al, [cs:si]
    cmp al, 0xff
    je vbe_ok
    mov bx, [es:di]
    add di, 2
    cmp al, DISPI_ENABLE
    jne .write
    or bx, 0x80                         ; keep the memory
.write:
    call dispi_write
    inc si
    jmp .next

; 4F05h: BH = 0 sets window BL to bank DX, BH = 1 gets it into DX.
vbe_window:
    test bh, bh
    jnz .get
    test bl, bl
    jnz vbe_fail
    mov bx, dx
    mov al, DISPI_BANK
    call dispi_write
    jmp vbe_ok
.get:
    mov al, DISPI_BANK
    call dispi_read
    mov [bp + R_DX], ax
    jmp vbe_ok

; The window function the mode information points at (far call, same registers as 4F05h).
vbe_window_far:
    push ax
    push bx
    test bh, bh
    jnz .get
    mov bx, dx
    mov al, DISPI_BANK
    call dispi_write
    jmp .done
.get:
    mov al, DISPI_BANK
    call dispi_read
    mov dx, ax
.done:
    pop bx
    pop ax
    mov ax, 0x004f
    retf

; AX = bytes per pixel of the current DISPI mode.
dispi_pixel_bytes:
    mov al, DISPI_BPP
    call dispi_read
    add ax, 7
    shr ax, 3
    ret

; 4F06h: BL = 0 set the line in pixels (CX), 1 get, 2 set in bytes (CX), 3 get the maximum. Returns BX = bytes
; per line, CX = pixels per line, DX = lines.
vbe_scan_line:
    call dispi_pixel_bytes
    mov si, ax
    cmp bl, 3
    je .max
    cmp bl, 1
    je .get
    mov ax, cx
    cmp bl, 2
    jne .pixels
    xor dx, dx
    div si
.pixels:
    cmp bl, 2
    ja vbe_fail
    mov bx, ax
    mov al, DISPI_VIRT_WIDTH
    call dispi_write
.get:
    mov al, DISPI_VIRT_WIDTH
    call dispi_read
    mov [bp + R_CX], ax
    mul si
    mov [bp + R_BX], ax
    mov al, DISPI_VIRT_HEIGHT
    call dispi_read
    mov [bp + R_DX], ax
    jmp vbe_ok
.max:
    ; the widest line that still leaves room for the picture's height
    mov al, DISPI_VIDEO_MEMORY
    call dispi_read
    movzx eax, ax
    shl eax, 16
    push eax
    mov al, DISPI_YRES
    call dispi_read
    movzx ecx, ax
    pop eax
    xor edx, edx
    div ecx
    cmp eax, 0xffff
    jbe .max_ok
    mov eax, 0xffff
.max_ok:
    mov [bp + R_BX], ax
    xor dx, dx
    div si
    mov [bp + R_CX], ax
    jmp vbe_ok

; 4F07h: BL = 00h/80h sets the first pixel CX of line DX, 01h gets them, 02h/82h sets the start address ECX.
vbe_display_start:
    cmp bl, 1
    je .get
    mov al, bl
    and al, 0x7f
    cmp al, 2
    je .address
    test al, al
    jnz vbe_fail
.set:
    mov bx, cx
    mov al, DISPI_X_OFFSET
    call dispi_write
    mov bx, dx
    mov al, DISPI_Y_OFFSET
    call dispi_write
    jmp vbe_ok
.address:
    call dispi_pixel_bytes
    movzx esi, ax
    mov al, DISPI_VIRT_WIDTH
    call dispi_read
    movzx ebx, ax
    imul ebx, esi                       ; bytes per line
    mov eax, ecx
    xor edx, edx
    div ebx                             ; EAX = line, EDX = byte in the line
    push ax
    mov eax, edx
    xor edx, edx
    div esi
    mov cx, ax
    pop dx
    jmp .set
.get:
    mov al, DISPI_X_OFFSET
    call dispi_read
    mov [bp + R_CX], ax
    mov al, DISPI_Y_OFFSET
    call dispi_read
    mov [bp + R_DX], ax
    mov byte [bp + R_BH], 0
    jmp vbe_ok

; 4F08h: BL = 0 sets the DAC width BH (6 or 8), 1 gets it; BH returns the width.
vbe_dac_format:
    mov al, DISPI_ENABLE
    call dispi_read
    cmp bl, 1
    je .get
    test bl, bl
    jnz vbe_fail
    and ax, ~0x20 & 0xff
    cmp bh, 8
    jb .write
    or ax, 0x20
.write:
    push ax
    mov bx, ax
    mov al, DISPI_ENABLE
    call dispi_write
    pop ax
.get:
    mov byte [bp + R_BH], 6
    test al, 0x20
    jz vbe_ok
    mov byte [bp + R_BH], 8
    jmp vbe_ok

; 4F09h: BL = 00h/80h sets CX entries from DX with the blue, green, red, pad bytes at ES:DI; 01h reads them.
vbe_palette:
    mov al, bl
    and al, 0x7f
    cmp al, 1
    ja vbe_fail
    jcxz .none
    je .get
    mov al, dl
    mov dx, VGA_DAC_WINDEX
    out dx, al
    inc dx
.set:
    mov al, [es:di + 2]
    out dx, al
    mov al, [es:di + 1]
    out dx, al
    mov al, [es:di]
    out dx, al
    add di, 4
    loop .set
    jmp vbe_ok
.get:
    mov al, dl
    mov dx, VGA_DAC_RINDEX
    out dx, al
    mov dx, VGA_DAC_DATA
.read:
    in al, dx
    mov [es:di + 2], al
    in al, dx
    mov [es:di + 1], al
    in al, dx
    mov [es:di], al
    mov byte [es:di + 3], 0
    add di, 4
    loop .read
.none:
    jmp vbe_ok

; 4F0Ah: BL = 0 -> ES:DI = the protected-mode table, CX = its length.
vbe_pm_interface:
    test bl, bl
    jnz vbe_fail
    mov word [bp + R_ES], 0xc000
    mov word [bp + R_DI], vbe_pm_table
    mov word [bp + R_CX], vbe_pm_end - vbe_pm_table
    jmp vbe_ok

; The protected-mode interface: offsets of the set window, set display start and set palette functions and
; of the port list, then 32-bit code that works wherever the caller copies it.
vbe_pm_table:
    dw vbe_pm_window - vbe_pm_table
    dw vbe_pm_display_start - vbe_pm_table
    dw vbe_pm_palette - vbe_pm_table
    dw vbe_pm_ports - vbe_pm_table

bits 32
; BL = window (0), DX = bank.
vbe_pm_window:
    push eax
    push edx
    mov ax, DISPI_BANK
    mov dx, DISPI_INDEX
    out dx, ax
    pop edx
    mov ax, dx
    push edx
    mov dx, DISPI_DATA
    out dx, ax
    pop edx
    pop eax
    mov ax, 0x004f
    ret

; BL = 00h/80h, DX:CX = the start address in 4-byte units.
vbe_pm_display_start:
    push ebx
    push ecx
    push edx
    push esi
    shl edx, 16
    mov dx, cx
    shl edx, 2                          ; bytes
    push edx
    mov dx, DISPI_INDEX
    mov ax, DISPI_BPP
    out dx, ax
    inc dx
    in ax, dx
    movzx esi, ax
    add esi, 7
    shr esi, 3                          ; bytes per pixel
    dec dx
    mov ax, DISPI_VIRT_WIDTH
    out dx, ax
    inc dx
    in ax, dx
    movzx ebx, ax
    imul ebx, esi
    pop eax
    xor edx, edx
    div ebx                             ; EAX = line, EDX = byte in it
    mov ecx, eax
    mov eax, edx
    xor edx, edx
    div esi
    mov ebx, eax                        ; pixel
    mov dx, DISPI_INDEX
    mov ax, DISPI_X_OFFSET
    out dx, ax
    inc dx
    mov ax, bx
    out dx, ax
    dec dx
    mov ax, DISPI_Y_OFFSET
    out dx, ax
    inc dx
    mov ax, cx
    out dx, ax
    pop esi
    pop edx
    pop ecx
    pop ebx
    mov ax, 0x004f
    ret

; BL = 00h/80h, CX = entries, DX = first, ES:EDI = blue, green, red, pad.
vbe_pm_palette:
    push ecx
    push edx
    push edi
    mov al, dl
    mov dx, VGA_DAC_WINDEX
    out dx, al
    inc dx
    movzx ecx, cx
    jecxz .done
.next:
    mov al, [es:edi + 2]
    out dx, al
    mov al, [es:edi + 1]
    out dx, al
    mov al, [es:edi]
    out dx, al
    add edi, 4
    loop .next
.done:
    pop edi
    pop edx
    pop ecx
    mov ax, 0x004f
    ret
bits 16

vbe_pm_ports:
    dw DISPI_INDEX, DISPI_DATA, VGA_DAC_WINDEX, VGA_DAC_DATA, 0xffff
    dw 0xffff                           ; no memory areas
vbe_pm_end:
