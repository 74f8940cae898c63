; Fonts: the text font loaded into plane 2 at a mode set, INT 43h / INT 1Fh, and AH=11h (load user and ROM
; fonts, select character blocks, set graphics fonts, font information).

font_alt_none: db 0                     ; the 9-dot alternate glyph lists: empty (the 8-dot glyphs are used)

; Opens plane 2 for the CPU at A0000h (sequential addressing), as font loading needs.
plane2_open:
    push ax
    mov ax, 0x0402                      ; map mask: plane 2
    call seq_write
    mov ax, 0x0704                      ; memory mode: sequential, 256 KiB
    call seq_write
    mov ax, 0x0204                      ; read map: plane 2
    call gc_write
    mov ax, 0x0005
    call gc_write
    mov ax, 0x0406                      ; A0000h, 64 KiB, no odd/even
    call gc_write
    pop ax
    ret

; Back to the text mode addressing (odd/even, planes 0 and 1, B800h or B000h).
plane2_close:
    push ax
    mov ax, 0x0302
    call seq_write
    mov ax, 0x0204
    call seq_write
    mov ax, 0x0004
    call gc_write
    mov ax, 0x1005
    call gc_write
    mov ax, 0x0e06
    cmp word [BDA_CRTC], 0x3b4
    jne .set
    mov ax, 0x0a06
.set:
    call gc_write
    pop ax
    ret

; Loads CX glyphs of BH bytes each from FS:SI as characters DX... into character block BL (0-7).
font_upload:
    pusha
    push es
    call plane2_open
    push word 0xa000
    pop es
    movzx ax, bl
    and al, 7
    mov di, ax
    and di, 3
    shl di, 14                          ; blocks 0-3 at 0, 16K, 32K, 48K
    shr ax, 2
    shl ax, 13                          ; blocks 4-7 another 8K up
    add di, ax
    mov ax, dx
    shl ax, 5
    add di, ax
    jcxz .done
.glyph:
    push cx
    movzx cx, bh
.byte:
    mov al, [fs:si]
    inc si
    stosb
    loop .byte
    mov cl, 32
    sub cl, bh
    xor al, al
    rep stosb
    pop cx
    loop .glyph
.done:
    call plane2_close
    pop es
    popa
    ret

; The text font of a mode set (descriptor at CS:SI): the ROM font of its character height into block 0.
load_text_font:
    pusha
    push fs
    push cs
    pop fs
    mov al, [cs:si + MD_FONT]
    mov bh, al
    call rom_font_of_height
    mov si, ax
    mov cx, 256
    xor dx, dx
    xor bl, bl
    call font_upload
    pop fs
    popa
    ret

; INT 43h = the ROM font of the current mode's character height (descriptor at CS:SI).
set_font_vector:
    push ax
    mov al, [cs:si + MD_FONT]
    call rom_font_of_height             ; AX = offset
    push ds
    push word 0
    pop ds
    mov [0x43 * 4], ax
    mov [0x43 * 4 + 2], cs
    pop ds
    pop ax
    ret

; AX = the offset of the ROM font AL lines high (8, 14, else 16).
rom_font_of_height:
    cmp al, 8
    je .f8
    cmp al, 14
    je .f14
    mov ax, font_8x16
    ret
.f8:
    mov ax, font_8x8
    ret
.f14:
    mov ax, font_8x14
    ret

; AH=11h, by AL.
font_functions:
    cmp al, 0x30
    je font_info
    mov ah, al
    and ah, 0x0f
    cmp al, 0x20
    jae font_graphics
    cmp ah, 3
    je .block_select
    cmp ah, 4
    ja .done
    push fs
    test ah, ah
    jnz .rom
    ; 00h/10h: user font at ES:BP, CX glyphs of BH bytes from character DX into block BL
    push es
    pop fs
    mov si, [bp + R_BP]
    jmp .upload
.rom:
    push cs
    pop fs
    mov cx, 256
    xor dx, dx
    mov bh, 14
    mov si, font_8x14
    cmp ah, 1
    je .upload
    mov bh, 8
    mov si, font_8x8
    cmp ah, 2
    je .upload
    mov bh, 16
    mov si, font_8x16
.upload:
    call font_upload
    pop fs
    test al, 0x10
    jz .done
    mov al, bh
    call font_recalc                    ; 1xh: the screen follows the new character height
.done:
    ret
.block_select:                          ; 03h: BL = character map select
    mov ah, bl
    mov al, 3
    call seq_write
    ret

; Rows, cursor and CRTC character height for text with AL-line characters. The rows are the mode's displayed
; scan lines (its vertical display end, halved when double scanned) over the character height, so the 350-line text
; modes get 43 rows of 8x8 characters and the 400-line ones 50. The cursor becomes lines 6-7 in an 8-line cell,
; else the two lines above the last (0Dh-0Eh in 16 lines), as the IBM VGA BIOS sets it, and 40:60h records it; in
; monochrome text the underline moves to the cell's last line.
font_recalc:
    pusha
    movzx bx, al
    dec al
    mov ah, al
    mov al, 9
    call crtc_read
    mov cl, al                          ; CL = CR09 as it was (bit 7: double scanning)
    and al, 0xe0
    or ah, al
    mov al, 9
    call crtc_write                     ; maximum scan line
    mov [BDA_CHAR_HEIGHT], bx
    call current_mode                   ; the lines of the mode as set, not as an earlier font left them
    jc .registers
    mov si, [cs:si + MD_PARAMS]
    mov ah, [cs:si + 10 + 0x07]
    mov al, [cs:si + 10 + 0x12]
    jmp .end_line
.registers:
    mov al, 0x07
    call crtc_read
    mov ah, al
    mov al, 0x12
    call crtc_read
.end_line:                              ; vertical display end: CR12, bit 8 in CR07 bit 1, bit 9 in CR07 bit 6
    mov dl, ah
    shr dl, 1
    and dl, 1
    test ah, 0x40
    jz .vde
    or dl, 2
.vde:
    mov ah, dl
    inc ax                              ; lines shown
    test cl, 0x80
    jz .lines
    shr ax, 1
.lines:
    xor dx, dx
    div bx
    dec al
    mov [BDA_ROWS], al
    inc al
    call set_display_end
    mul byte [BDA_COLS]
    shl ax, 1
    add ax, 0x3ff
    and ax, ~0x3ff
    mov [BDA_PAGE_SIZE], ax
    cmp word [BDA_CRTC], 0x3b4          ; monochrome text: the underline on the cell's last line
    jne .underline_done
    mov al, 0x14
    call crtc_read
    and al, 0xe0
    mov ah, bl
    dec ah
    or ah, al
    mov al, 0x14
    call crtc_write
.underline_done:
    mov cx, 0x0607
    cmp bl, 8
    jbe .cursor
    mov ch, bl
    sub ch, 3
    mov cl, bl
    sub cl, 2
.cursor:
    call set_cursor_type
    popa
    ret

; The vertical display end for AL rows of BX-line characters (twice the lines when CL bit 7 says double scanning),
; so the screen ends after the last whole row: 43 rows of 8 lines show 344 of the 350 lines, as on the IBM VGA.
; CR07 holds bits 8 and 9, behind the write protect of CR11 bit 7. Preserves every register.
set_display_end:
    pusha
    movzx ax, al
    mul bx
    test cl, 0x80
    jz .single
    shl ax, 1
.single:
    dec ax
    mov di, ax                          ; DI = the last line shown
    mov ah, al
    mov al, 0x12
    call crtc_write
    mov al, 0x11
    call crtc_read
    mov bl, al                          ; BL = CR11
    mov ah, al
    and ah, 0x7f
    mov al, 0x11
    call crtc_write
    mov al, 0x07
    call crtc_read
    and al, ~0x42
    mov ah, al
    mov dx, di
    test dh, 1
    jz .bit9
    or ah, 0x02
.bit9:
    test dh, 2
    jz .write
    or ah, 0x40
.write:
    mov al, 0x07
    call crtc_write
    mov ah, bl
    mov al, 0x11
    call crtc_write
    popa
    ret

; AH=11h AL=20h-24h: graphics fonts. 20h: INT 1Fh = ES:BP; 21h: INT 43h = ES:BP, CX lines per character; 22h/
; 23h/24h: INT 43h = the ROM 8x14/8x8/8x16 font. BL gives the rows: 0 = DL, 1 = 14, 2 = 25, 3 = 43.
font_graphics:
    push es
    push word 0
    pop es
    cmp al, 0x20
    jne .not1f
    mov ax, [bp + R_BP]
    mov [es:0x1f * 4], ax
    mov ax, [bp + R_ES]
    mov [es:0x1f * 4 + 2], ax
    jmp .done
.not1f:
    cmp al, 0x21
    jne .rom
    mov ax, [bp + R_BP]
    mov [es:0x43 * 4], ax
    mov ax, [bp + R_ES]
    mov [es:0x43 * 4 + 2], ax
    jmp .rows
.rom:
    mov cx, 14
    mov si, font_8x14
    cmp al, 0x22
    je .set
    mov cx, 8
    mov si, font_8x8
    cmp al, 0x23
    je .set
    cmp al, 0x24
    jne .done
    mov cx, 16
    mov si, font_8x16
.set:
    mov [es:0x43 * 4], si
    mov [es:0x43 * 4 + 2], cs
.rows:
    mov [BDA_CHAR_HEIGHT], cx
    mov al, dl
    cmp bl, 0
    je .store
    mov al, 14
    cmp bl, 1
    je .store
    mov al, 25
    cmp bl, 2
    je .store
    mov al, 43
.store:
    dec al
    mov [BDA_ROWS], al
.done:
    pop es
    ret

; AH=11h AL=30h: BH selects a font -> ES:BP; CX = character height, DL = rows - 1.
font_info:
    cmp bh, 1
    ja .rom
    push ds
    push word 0
    pop ds
    mov si, 0x1f * 4
    test bh, bh
    jz .vector
    mov si, 0x43 * 4
.vector:
    mov ax, [si]
    mov dx, [si + 2]
    pop ds
    jmp .store
.rom:
    mov dx, cs
    movzx si, bh
    cmp si, 7
    ja .none
    shl si, 1
    mov ax, [cs:font_pointers + si - 4]
    jmp .store
.none:
    ret
.store:
    mov [bp + R_BP], ax
    mov [bp + R_ES], dx
    mov ax, [BDA_CHAR_HEIGHT]
    mov [bp + R_CX], ax
    mov al, [BDA_ROWS]
    mov [bp + R_DL], al
    ret

font_pointers:                          ; BH = 2-7
    dw font_8x14, font_8x8, font_8x8 + 128 * 8, font_alt_none, font_8x16, font_alt_none
