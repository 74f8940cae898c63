; AH=1Bh (functionality and state information) and AH=1Ch (save and restore the video state).

; The static functionality table that 1Bh points to.
static_functionality:
    db 0xff, 0xe0, 0x0f                 ; modes 00h-07h, 0Dh-0Fh, 10h-13h
    db 0, 0, 0, 0
    db 0x07                             ; 200, 350 and 400 scan lines in text modes
    db 0x08                             ; character blocks
    db 0x02                             ; blocks active at once
    db 0xff                             ; misc: all BIOS functions of the VGA
    db 0x0e                             ; save pointer functions, palette, DCC
    db 0, 0
    db 0x3f                             ; save pointer table entries
    db 0

; AH=1Bh, BX = 0: 64 bytes of state at ES:DI.
state_info:
    push di
    mov cx, 32
    xor ax, ax
    rep stosw
    pop di
    mov word [es:di], static_functionality
    mov [es:di + 2], cs
    mov al, [BDA_MODE]
    mov [es:di + 4], al
    mov ax, [BDA_COLS]
    mov [es:di + 5], ax
    mov ax, [BDA_PAGE_SIZE]
    mov [es:di + 7], ax
    mov ax, [BDA_PAGE_START]
    mov [es:di + 9], ax
    push ds
    push di
    mov si, BDA_CURSOR
    add di, 0x0b
    mov cx, 16
    rep movsb                           ; cursor positions
    pop di
    pop ds
    mov ax, [BDA_CURSOR_TYPE]
    mov [es:di + 0x1b], ax
    mov al, [BDA_PAGE]
    mov [es:di + 0x1d], al
    mov ax, [BDA_CRTC]
    mov [es:di + 0x1e], ax
    mov al, [BDA_MODE_CTL]
    mov [es:di + 0x20], al
    mov al, [BDA_CGA_PAL]
    mov [es:di + 0x21], al
    mov al, [BDA_ROWS]
    inc al
    mov [es:di + 0x22], al
    mov ax, [BDA_CHAR_HEIGHT]
    mov [es:di + 0x23], ax
    mov al, [BDA_DCC]
    mov [es:di + 0x25], al
    call current_mode
    jc .vbe
    mov ax, [cs:si + MD_COLORS]
    mov [es:di + 0x27], ax
    mov al, [cs:si + MD_PAGES]
    mov [es:di + 0x29], al
    mov al, [cs:si + MD_SCANCODE]
    mov [es:di + 0x2a], al
.vbe:
    mov al, 3                           ; 256 KiB
    mov [es:di + 0x31], al
    mov al, [BDA_VGA_FLAGS]
    and al, 0x0f
    mov [es:di + 0x2d], al
    mov byte [bp + R_AL], 0x1b
    ret

; The save area of 1Ch: a header of three words (offsets of the hardware, BIOS data and DAC parts, 0 when not
; saved), then the parts. Hardware: the indexes, misc output, sequencer 0-4, CRTC 0-18h, attribute 0-14h, GC 0-8,
; the latches are not saved. BIOS data: 40:49h-66h and 40:84h-8Ah. DAC: pel mask, write index, 256 x 3 colours.
%define SR_HW_SIZE      (4 + 1 + 5 + 25 + 21 + 9)
%define SR_BDA_SIZE     (0x67 - 0x49 + 0x8b - 0x84)
%define SR_DAC_SIZE     (2 + 768)

; AH=1Ch: AL = 0 size (BX = 64-byte blocks for the states CX), 1 save to ES:BX, 2 restore from ES:BX.
save_restore_state:
    mov byte [bp + R_AL], 0x1c
    test al, al
    jz .size
    mov di, bx
    cmp al, 1
    je save_state
    cmp al, 2
    je restore_state
    mov byte [bp + R_AL], 0
    ret
.size:
    call state_blocks
    mov [bp + R_BX], ax
    ret

; AX = 64-byte blocks needed to save the states CL (bit 0 hardware, 1 BIOS data, 2 DAC).
state_blocks:
    mov ax, 6
    test cl, 1
    jz .b
    add ax, SR_HW_SIZE
.b:
    test cl, 2
    jz .d
    add ax, SR_BDA_SIZE
.d:
    test cl, 4
    jz .sum
    add ax, SR_DAC_SIZE
.sum:
    add ax, 63
    shr ax, 6
    ret

save_state:
    mov si, di                          ; SI = the header
    add di, 6
    xor ax, ax
    mov [es:si], ax
    mov [es:si + 2], ax
    mov [es:si + 4], ax
    test cl, 1
    jz .bda
    mov [es:si], di
    call save_hardware
.bda:
    test cl, 2
    jz .dac
    mov [es:si + 2], di
    push si
    push cx
    mov si, BDA_MODE
    mov cx, 0x67 - 0x49
    rep movsb
    mov si, BDA_ROWS
    mov cx, 0x8b - 0x84
    rep movsb
    pop cx
    pop si
.dac:
    test cl, 4
    jz .done
    mov [es:si + 4], di
    mov dx, VGA_PEL_MASK
    in al, dx
    stosb
    mov dx, VGA_DAC_WINDEX
    in al, dx
    stosb
    mov dx, VGA_DAC_RINDEX
    xor al, al
    out dx, al
    mov dx, VGA_DAC_DATA
    push cx
    mov cx, 768
    rep insb
    pop cx
.done:
    ret

save_hardware:
    push cx
    mov dx, VGA_SEQ
    in al, dx
    stosb
    call crtc_port
    in al, dx
    stosb
    mov dx, VGA_GC
    in al, dx
    stosb
    mov dx, VGA_ATTR
    in al, dx
    stosb
    mov dx, VGA_MISC_R
    in al, dx
    stosb
    xor ah, ah
.seq:
    mov dx, VGA_SEQ
    mov al, ah
    out dx, al
    inc dx
    in al, dx
    stosb
    inc ah
    cmp ah, 5
    jb .seq
    xor ah, ah
.crtc:
    mov al, ah
    call crtc_read
    stosb
    inc ah
    cmp ah, 25
    jb .crtc
    xor ah, ah
.attr:
    mov al, ah
    call attr_read
    stosb
    inc ah
    cmp ah, 21
    jb .attr
    xor ah, ah
.gc:
    mov dx, VGA_GC
    mov al, ah
    out dx, al
    inc dx
    in al, dx
    stosb
    inc ah
    cmp ah, 9
    jb .gc
    pop cx
    ret

restore_state:
    mov bx, di                          ; BX = the header
    test cl, 1
    jz .bda
    mov si, [es:bx]
    test si, si
    jz .bda
    call restore_hardware
.bda:
    test cl, 2
    jz .dac
    mov si, [es:bx + 2]
    test si, si
    jz .dac
    push cx
    push es
    push ds
    push es
    pop ds
    pop es                              ; DS = the save area, ES = the BIOS data area
    mov di, BDA_MODE
    mov cx, 0x67 - 0x49
    rep movsb
    mov di, BDA_ROWS
    mov cx, 0x8b - 0x84
    rep movsb
    push es
    pop ds
    pop es
    pop cx
.dac:
    test cl, 4
    jz .done
    mov si, [es:bx + 4]
    test si, si
    jz .done
    mov dx, VGA_PEL_MASK
    mov al, [es:si]
    out dx, al
    mov dx, VGA_DAC_WINDEX
    xor al, al
    out dx, al
    mov dx, VGA_DAC_DATA
    push cx
    mov cx, 768
    add si, 2
.color:
    mov al, [es:si]
    inc si
    out dx, al
    loop .color
    pop cx
    mov si, [es:bx + 4]
    mov al, [es:si + 1]
    mov dx, VGA_DAC_WINDEX
    out dx, al
.done:
    ret

; Reloads the registers saved by save_hardware from ES:SI.
restore_hardware:
    push cx
    push si
    add si, 5
    mov dx, VGA_SEQ
    mov ax, 0x0100
    out dx, ax
    mov cx, 4
    mov ah, 1
.seq:
    mov al, ah
    out dx, al
    inc dx
    mov al, [es:si + 1]
    out dx, al
    dec dx
    inc si
    inc ah
    loop .seq
    sub si, 4
    mov al, [es:si - 1]                 ; misc output
    mov dx, VGA_MISC_W
    out dx, al
    mov dx, VGA_SEQ
    mov ax, 0x0300
    out dx, ax
    add si, 5                           ; CRTC values
    mov al, 0x11
    mov ah, 0
    call crtc_write                     ; unlock
    xor cx, cx
.crtc:
    mov al, cl
    mov ah, [es:si]
    inc si
    call crtc_write
    inc cl
    cmp cl, 25
    jb .crtc
    call attr_reset_flipflop
    mov dx, VGA_ATTR
    xor cx, cx
.attr:
    mov al, cl
    out dx, al
    mov al, [es:si]
    inc si
    out dx, al
    inc cl
    cmp cl, 21
    jb .attr
    mov dx, VGA_GC
    xor cx, cx
.gc:
    mov al, cl
    mov ah, [es:si]
    inc si
    out dx, ax
    inc cl
    cmp cl, 9
    jb .gc
    pop si
    ; the indexes
    mov dx, VGA_SEQ
    mov al, [es:si]
    out dx, al
    call crtc_port
    mov al, [es:si + 1]
    out dx, al
    mov dx, VGA_GC
    mov al, [es:si + 2]
    out dx, al
    call attr_reset_flipflop
    mov dx, VGA_ATTR
    mov al, [es:si + 3]
    or al, 0x20
    out dx, al
    pop cx
    ret
