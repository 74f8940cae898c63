; Palettes: the default DAC contents loaded at a mode set, and AH=10h (attribute palette registers, border,
; blinking, DAC registers, pel mask, colour pages, grey-scale summing).

; Writes one DAC colour: AL = red, AH = green, BL = blue (6 bits each) to port 3C9h, summed to grey when 40:89h
; bit 1 asks for it. Preserves registers.
dac_put:
    push ax
    push bx
    push dx
    test byte [BDA_VGA_FLAGS], 0x02
    jz .out
    call grey_of                        ; AL = AH = BL = grey
.out:
    mov dx, VGA_DAC_DATA
    out dx, al
    mov al, ah
    out dx, al
    mov al, bl
    out dx, al
    pop dx
    pop bx
    pop ax
    ret

; AL = AH = BL = 0.30 red + 0.59 green + 0.11 blue (the IBM grey-scale weighting).
grey_of:
    push cx
    push dx
    push si
    movzx si, bl
    movzx cx, ah
    xor ah, ah
    mov dx, 77                          ; 0.30 * 256
    mul dx
    xchg ax, cx
    mov dx, 151                         ; 0.59 * 256
    mul dx
    add cx, ax
    mov ax, si
    mov dx, 28                          ; 0.11 * 256
    mul dx
    add ax, cx
    add ax, 0x80
    mov al, ah
    mov ah, al
    mov bl, al
    pop si
    pop dx
    pop cx
    ret

; One colour of the 64-colour palettes: CL = index, CH = palette type -> AL red, AH green, BL blue.
palette64_entry:
    push cx
    push dx
    cmp ch, PAL_MONO
    je .mono
    ; the low intensity bits: 0 blue, 1 green, 2 red, each 2Ah
    xor al, al
    xor ah, ah
    xor bl, bl
    test cl, 4
    jz .g
    mov al, 0x2a
.g:
    test cl, 2
    jz .b
    mov ah, 0x2a
.b:
    test cl, 1
    jz .high
    mov bl, 0x2a
.high:
    cmp ch, PAL_CGA
    je .cga
    ; EGA: bits 3-5 add 15h to blue, green, red
    test cl, 0x08
    jz .eg
    add bl, 0x15
.eg:
    test cl, 0x10
    jz .er
    add ah, 0x15
.er:
    test cl, 0x20
    jz .done
    add al, 0x15
    jmp .done
.cga:
    ; 200-line modes: bit 4 is intensity, colour 6 without it is brown
    test cl, 0x10
    jz .brown
    add al, 0x15
    add ah, 0x15
    add bl, 0x15
    jmp .done
.brown:
    mov dl, cl
    and dl, 7
    cmp dl, 6
    jne .done
    mov ah, 0x15
    jmp .done
.mono:
    xor al, al
    test cl, 0x08
    jz .mi
    mov al, 0x2a
.mi:
    test cl, 0x10
    jz .mset
    add al, 0x15
.mset:
    mov ah, al
    mov bl, al
.done:
    pop dx
    pop cx
    ret

; Loads the DAC with default palette AL (PAL_EGA, PAL_CGA, PAL_MONO, PAL_256); unused entries become black.
load_default_palette:
    pusha
    mov ch, al
    mov dx, VGA_PEL_MASK
    mov al, 0xff
    out dx, al
    mov dx, VGA_DAC_WINDEX
    xor al, al
    out dx, al
    cmp ch, PAL_256
    je .p256
    xor cl, cl
.p64:
    call palette64_entry
    call dac_put
    inc cl
    cmp cl, 64
    jb .p64
    mov di, 192
    jmp .zeros
.p256:
    ; 16 colours: the 200-line palette's entries 0-7 and 10h-17h
    xor cl, cl
    mov ch, PAL_CGA
.colors:
    push cx
    mov al, cl
    and al, 8
    shl al, 1
    and cl, 7
    or cl, al
    call palette64_entry
    pop cx
    call dac_put
    inc cl
    cmp cl, 16
    jb .colors
    xor si, si
.greys:
    mov al, [cs:pal256_greys + si]
    mov ah, al
    mov bl, al
    call dac_put
    inc si
    cmp si, 16
    jb .greys
    xor di, di                          ; DI = level set * 5
.set:
    xor si, si                          ; SI = hue * 3
.hue:
    movzx bx, byte [cs:pal256_hues + si]
    mov al, [cs:pal256_levels + di + bx]
    movzx bx, byte [cs:pal256_hues + si + 1]
    mov ah, [cs:pal256_levels + di + bx]
    movzx bx, byte [cs:pal256_hues + si + 2]
    mov bl, [cs:pal256_levels + di + bx]
    call dac_put
    add si, 3
    cmp si, 24 * 3
    jb .hue
    add di, 5
    cmp di, 9 * 5
    jb .set
    mov di, 8
.zeros:
    xor ax, ax
    xor bl, bl
.zero:
    call dac_put
    dec di
    jnz .zero
    popa
    ret

; AH=10h: by AL.
palette_functions:
    cmp al, 0x1b
    ja .done
    movzx si, al
    shl si, 1
    jmp [cs:palette_table + si]
.done:
    ret

palette_table:
    dw pal_set_register, pal_set_border, pal_set_all, pal_blink        ; 00h-03h
    dw pal_none, pal_none, pal_none, pal_get_register                  ; 04h-07h
    dw pal_get_border, pal_get_all, pal_none, pal_none                 ; 08h-0Bh
    dw pal_none, pal_none, pal_none, pal_none                          ; 0Ch-0Fh
    dw pal_set_dac, pal_none, pal_set_dac_block, pal_color_page        ; 10h-13h
    dw pal_none, pal_get_dac, pal_none, pal_get_dac_block              ; 14h-17h
    dw pal_set_mask, pal_get_mask, pal_get_color_page, pal_grey_sum    ; 18h-1Bh

pal_none:
    ret

pal_set_register:                       ; BL = register (0-0Fh), BH = value
    cmp bl, 0x0f
    ja .done
    mov al, bl
    mov ah, bh
    call attr_write
.done:
    ret

pal_set_border:                         ; BH = overscan colour
    mov al, 0x11
    mov ah, bh
    call attr_write
    ret

pal_set_all:                            ; ES:DX = 16 palette registers and the border colour
    mov si, dx
    xor al, al
.next:
    mov ah, [es:si]
    inc si
    call attr_write
    inc al
    cmp al, 16
    jb .next
    mov ah, [es:si]
    mov al, 0x11
    call attr_write
    ret

pal_blink:                              ; BL = 0: background intensity, 1: blinking
    mov al, 0x10
    call attr_read
    and al, ~0x08
    test bl, bl
    jz .set
    or al, 0x08
.set:
    mov ah, al
    mov al, 0x10
    call attr_write
    ret

pal_get_register:                       ; BL = register -> BH
    mov al, bl
    call attr_read
    mov [bp + R_BH], al
    ret

pal_get_border:
    mov al, 0x11
    call attr_read
    mov [bp + R_BH], al
    ret

pal_get_all:                            ; -> ES:DX: 16 registers and the border
    mov di, dx
    xor bl, bl
.next:
    mov al, bl
    call attr_read
    mov [es:di], al
    inc di
    inc bl
    cmp bl, 16
    jb .next
    mov al, 0x11
    call attr_read
    mov [es:di], al
    ret

pal_set_dac:                            ; BX = entry, DH = red, CH = green, CL = blue
    push dx
    mov dx, VGA_DAC_WINDEX
    mov al, bl
    out dx, al
    pop dx
    mov al, dh
    mov ah, ch
    mov bl, cl
    call dac_put
    ret

pal_set_dac_block:                      ; BX = first entry, CX = count, ES:DX = red, green, blue triples
    mov si, dx
    mov dx, VGA_DAC_WINDEX
    mov al, bl
    out dx, al
    jcxz .done
.next:
    mov al, [es:si]
    mov ah, [es:si + 1]
    mov bl, [es:si + 2]
    add si, 3
    call dac_put
    loop .next
.done:
    ret

pal_get_dac:                            ; BX = entry -> DH red, CH green, CL blue
    mov dx, VGA_DAC_RINDEX
    mov al, bl
    out dx, al
    mov dx, VGA_DAC_DATA
    in al, dx
    mov [bp + R_DH], al
    in al, dx
    mov [bp + R_CH], al
    in al, dx
    mov [bp + R_CL], al
    ret

pal_get_dac_block:                      ; BX = first, CX = count -> ES:DX
    mov di, dx
    mov dx, VGA_DAC_RINDEX
    mov al, bl
    out dx, al
    mov dx, VGA_DAC_DATA
    mov ax, cx
    add cx, ax
    add cx, ax
    jcxz .done
    rep insb
.done:
    ret

pal_color_page:                         ; BL = 0: BH = paging mode; BL = 1: BH = page
    test bl, bl
    jnz .page
    mov al, 0x10
    call attr_read
    and al, 0x7f
    test bh, 1
    jz .mode
    or al, 0x80
.mode:
    mov ah, al
    mov al, 0x10
    call attr_write
    ret
.page:
    mov al, 0x10
    call attr_read
    mov ah, bh
    test al, 0x80
    jnz .sixteen
    shl ah, 2                           ; four pages of 64: colour select bits 2-3
.sixteen:
    and ah, 0x0f
    mov al, 0x14
    call attr_write
    ret

pal_set_mask:
    mov dx, VGA_PEL_MASK
    mov al, bl
    out dx, al
    ret

pal_get_mask:
    mov dx, VGA_PEL_MASK
    in al, dx
    mov [bp + R_BL], al
    ret

pal_get_color_page:                     ; -> BL = paging mode, BH = page
    mov al, 0x10
    call attr_read
    mov bl, al
    shr bl, 7
    mov al, 0x14
    call attr_read
    and al, 0x0f
    test bl, bl
    jnz .store
    shr al, 2
.store:
    mov [bp + R_BL], bl
    mov [bp + R_BH], al
    ret

pal_grey_sum:                           ; BX = first entry, CX = count: replace each by its grey
    jcxz .done
.next:
    mov dx, VGA_DAC_RINDEX
    mov al, bl
    out dx, al
    mov dx, VGA_DAC_DATA
    in al, dx
    mov ah, al
    in al, dx
    xchg al, ah                         ; AL = red, AH = green
    push ax
    in al, dx
    mov dh, al                          ; blue
    pop ax
    push bx
    mov bl, dh
    call grey_of
    mov dx, VGA_DAC_WINDEX
    pop bx
    push ax
    mov al, bl
    out dx, al
    pop ax
    push bx
    mov bl, al
    mov dx, VGA_DAC_DATA
    out dx, al
    out dx, al
    out dx, al
    pop bx
    inc bx
    loop .next
.done:
    ret
