; Graphics modes: pixels (0Ch/0Dh), characters drawn from the INT 43h font, and the row copy/fill that
; scrolling uses, for the CGA-interleaved (04h-06h), planar (0Dh-12h) and 256-colour (13h) layouts.

; DI = offset of pixel line AX at character column CX in the current graphics mode (active page). Preserves
; other registers.
gfx_line_addr:
    push ax
    push bx
    push dx
    push ax
    call current_class
    mov bl, al
    pop ax
    cmp bl, CLASS_CGA1
    ja .linear
    ; CGA: even lines at 0, odd lines at 2000h, 80 bytes a line
    mov di, ax
    and di, 1
    shl di, 13
    shr ax, 1
    mov dx, 80
    mul dx
    add di, ax
    add di, cx
    cmp bl, CLASS_CGA2
    jne .done
    add di, cx                          ; two bytes per character column
    jmp .done
.linear:
    cmp bl, CLASS_256
    je .mode13
    mul word [BDA_COLS]
    mov di, ax
    add di, cx
    add di, [BDA_PAGE_START]
    jmp .done
.mode13:
    mov dx, 320
    mul dx
    mov di, ax
    mov ax, cx
    shl ax, 3
    add di, ax
.done:
    pop dx
    pop bx
    pop ax
    ret

; AX = bytes per character column in the current graphics mode.
gfx_bytes_per_column:
    call current_class
    cmp al, CLASS_CGA2
    je .two
    cmp al, CLASS_256
    je .eight
    mov ax, 1
    ret
.two:
    mov ax, 2
    ret
.eight:
    mov ax, 8
    ret

; ES = the current mode's video segment.
gfx_segment:
    push si
    call current_mode
    mov es, [cs:si + MD_SEGMENT]
    pop si
    ret

; Restores the graphics controller to write mode 0, no set/reset, no logical operation, all bits.
gc_defaults:
    push ax
    mov ax, 0x0000
    call gc_write
    mov ax, 0x0001
    call gc_write
    mov ax, 0x0003
    call gc_write
    mov ax, 0x0005
    call gc_write
    mov ax, 0xff08
    call gc_write
    pop ax
    ret

; Draws character AL in colour BL (bit 7: XOR, except in 256 colours) at row DH, column DL.
gfx_draw_char:
    pusha
    push es
    push fs
    ; FS:SI = the glyph, from the INT 43h font
    push ds
    xor cx, cx
    mov ds, cx
    lfs si, [0x43 * 4]
    pop ds
    mov cx, [BDA_CHAR_HEIGHT]
    push dx
    xor ah, ah
    mul cx
    add si, ax
    pop dx
    ; AX = first pixel line, CX = the column
    movzx cx, dl
    movzx ax, dh
    mul word [BDA_CHAR_HEIGHT]
    mov bp, [BDA_CHAR_HEIGHT]           ; lines left
    call gfx_segment
    push ax
    call current_class
    mov bh, al                          ; BH = class
    pop ax
.line:
    call gfx_line_addr
    mov dl, [fs:si]                     ; glyph bits
    inc si
    call gfx_glyph_line
    inc ax
    dec bp
    jnz .line
    cmp bh, CLASS_PLANAR
    jne .done
    call gc_defaults
.done:
    pop fs
    pop es
    popa
    ret

; One line of a glyph: bits DL in colour BL at ES:DI, for class BH.
gfx_glyph_line:
    push ax
    push cx
    push dx
    cmp bh, CLASS_CGA2
    je .cga2
    cmp bh, CLASS_CGA1
    je .cga1
    cmp bh, CLASS_256
    je .c256
    ; planar: set/reset gives the colour, the bit mask the glyph
    mov ah, bl
    and ah, 0x0f
    mov al, 0
    call gc_write
    mov ax, 0x0f01
    call gc_write
    mov ax, 0x0003
    test bl, 0x80
    jz .func
    mov ax, 0x1803                      ; XOR
.func:
    call gc_write
    mov ah, dl
    mov al, 8
    call gc_write
    mov al, [es:di]                     ; load the latches
    mov [es:di], al
    test bl, 0x80
    jnz .out
    mov ax, 0x0000                      ; background: colour 0 where the glyph is clear
    call gc_write
    mov ah, dl
    not ah
    mov al, 8
    call gc_write
    mov al, [es:di]
    mov [es:di], al
    jmp .out
.cga2:
    ; each glyph bit becomes two bits of colour BL & 3
    mov cx, 8
    xor ax, ax
.expand:
    shl ax, 2
    shl dl, 1
    jnc .clear
    mov dh, bl
    and dh, 3
    or al, dh
.clear:
    loop .expand
    test bl, 0x80
    jz .store2
    xor [es:di], ah
    xor [es:di + 1], al
    jmp .out
.store2:
    mov [es:di], ah
    mov [es:di + 1], al
    jmp .out
.cga1:
    test bl, 1
    jnz .on
    xor dl, dl
.on:
    test bl, 0x80
    jz .store1
    xor [es:di], dl
    jmp .out
.store1:
    mov [es:di], dl
    jmp .out
.c256:
    mov cx, 8
.pixel:
    xor al, al
    shl dl, 1
    jnc .put
    mov al, bl
.put:
    mov [es:di], al
    inc di
    loop .pixel
.out:
    pop dx
    pop cx
    pop ax
    ret

; Scrolling: copies character row BH to row BL, columns CL.. for [bp-6] columns.
gfx_copy_row:
    pusha
    push ds
    push es
    mov dx, [bp - 6]
    call gfx_bytes_per_column
    mul dx
    push ax                             ; bytes per line
    call current_class
    mov dl, al
    cmp dl, CLASS_PLANAR
    jne .setup
    mov ax, 0x0105                      ; write mode 1: the latches copy all four planes
    call gc_write
.setup:
    call gfx_segment
    movzx si, bh
    movzx di, bl
    mov ax, [BDA_CHAR_HEIGHT]
    push dx
    mul si
    mov si, ax                          ; source pixel line
    mov ax, [BDA_CHAR_HEIGHT]
    mul di
    pop dx
    mov bx, ax                          ; destination pixel line
    movzx cx, cl
    mov bp, [BDA_CHAR_HEIGHT]
    pop dx                              ; bytes per line
.line:
    push cx
    mov ax, si
    call gfx_line_addr
    push di
    mov ax, bx
    call gfx_line_addr
    pop ax                              ; AX = source offset, DI = destination
    push si
    push ds
    mov si, ax
    push es
    pop ds
    mov cx, dx
    rep movsb
    pop ds
    pop si
    pop cx
    inc si
    inc bx
    dec bp
    jnz .line
    call gc_defaults
    pop es
    pop ds
    popa
    ret

; Scrolling: fills character row BL, columns CL.. for [bp-6] columns, with colour [bp-8].
gfx_fill_row:
    pusha
    push es
    mov dx, [bp - 6]
    call gfx_bytes_per_column
    mul dx
    mov dx, ax                          ; bytes per line
    mov bh, [bp - 8]
    call current_class
    mov ah, bh
    cmp al, CLASS_CGA2
    jne .not_cga2
    mov al, ah
    and al, 3
    mov ah, 0x55
    mul ah                              ; the colour in all four pixels of a byte
    mov ah, al
    jmp .pattern
.not_cga2:
    cmp al, CLASS_CGA1
    jne .not_cga1
    and ah, 1
    neg ah                              ; 0 or FFh
    jmp .pattern
.not_cga1:
    cmp al, CLASS_PLANAR
    jne .pattern
    and ah, 0x0f
    mov al, 0
    call gc_write                       ; set/reset = the colour for all planes
    mov ax, 0x0f01
    call gc_write
    mov ah, 0xff
.pattern:
    mov al, ah                          ; AL = the fill byte
    call gfx_segment
    push ax
    push dx
    movzx ax, bl
    mul word [BDA_CHAR_HEIGHT]
    mov bx, ax
    pop dx
    pop ax
    movzx cx, cl
    mov bp, [BDA_CHAR_HEIGHT]
.line:
    push ax
    mov ax, bx
    call gfx_line_addr
    pop ax
    push cx
    mov cx, dx
    rep stosb
    pop cx
    inc bx
    dec bp
    jnz .line
    call gc_defaults
    pop es
    popa
    ret

; The byte offset and bit shift of pixel (CX, DX) on page BH for the CGA classes: DI, and CL = shift.
cga_pixel_addr:
    push ax
    push dx
    mov di, dx
    and di, 1
    shl di, 13
    mov ax, dx
    shr ax, 1
    mov dx, 80
    mul dx
    add di, ax
    pop dx
    pop ax
    ret

; AH=0Ch: AL = colour (bit 7: XOR), BH = page, CX = column, DX = line.
write_pixel:
    call gfx_segment
    push ax
    call current_class
    mov bl, al
    pop ax
    cmp bl, CLASS_CGA2
    je .cga2
    cmp bl, CLASS_CGA1
    je .cga1
    cmp bl, CLASS_PLANAR
    je .planar
    cmp bl, CLASS_256
    jne .done
    push ax
    mov ax, 320
    mul dx
    mov di, ax
    add di, cx
    pop ax
    mov [es:di], al
.done:
    ret
.cga2:
    call cga_pixel_addr
    mov bx, cx
    shr bx, 2
    add di, bx
    and cl, 3
    xor cl, 3
    shl cl, 1                           ; shift = (3 - x % 4) * 2
    mov ah, al
    and al, 3
    shl al, cl
    mov bl, 3
    shl bl, cl
    jmp .store
.cga1:
    call cga_pixel_addr
    mov bx, cx
    shr bx, 3
    add di, bx
    and cl, 7
    xor cl, 7
    mov ah, al
    and al, 1
    shl al, cl
    mov bl, 1
    shl bl, cl
.store:
    test ah, 0x80
    jz .replace
    xor [es:di], al
    ret
.replace:
    not bl
    and [es:di], bl
    or [es:di], al
    ret
.planar:
    push ax
    mov ax, dx
    mul word [BDA_COLS]
    mov di, ax
    movzx ax, bh
    mul word [BDA_PAGE_SIZE]
    add di, ax
    mov ax, cx
    shr ax, 3
    add di, ax
    and cl, 7
    mov ah, 0x80
    shr ah, cl
    mov al, 8
    call gc_write                       ; bit mask: this pixel
    mov ax, 0x0205
    call gc_write                       ; write mode 2: the CPU byte is the colour
    pop ax
    push ax
    mov ah, 0
    test al, 0x80
    jz .func
    mov ah, 0x18
.func:
    mov al, 3
    call gc_write
    pop ax
    mov ah, [es:di]                     ; load the latches
    mov [es:di], al
    call gc_defaults
    ret

; AH=0Dh: BH = page, CX = column, DX = line -> AL = colour.
read_pixel:
    call pixel_value
    mov [bp + R_AL], al
    ret

; AL = the colour of pixel (CX, DX) on page BH. Preserves the other registers except ES.
pixel_value:
    push bx
    push cx
    push dx
    push di
    call gfx_segment
    call current_class
    mov bl, al
    xor al, al
    cmp bl, CLASS_CGA2
    je .cga2
    cmp bl, CLASS_CGA1
    je .cga1
    cmp bl, CLASS_PLANAR
    je .planar
    cmp bl, CLASS_256
    jne .done
    mov ax, 320
    mul dx
    mov di, ax
    add di, cx
    mov al, [es:di]
    jmp .done
.cga2:
    call cga_pixel_addr
    mov bx, cx
    shr bx, 2
    add di, bx
    and cl, 3
    xor cl, 3
    shl cl, 1
    mov al, [es:di]
    shr al, cl
    and al, 3
    jmp .done
.cga1:
    call cga_pixel_addr
    mov bx, cx
    shr bx, 3
    add di, bx
    and cl, 7
    xor cl, 7
    mov al, [es:di]
    shr al, cl
    and al, 1
    jmp .done
.planar:
    mov ax, dx
    mul word [BDA_COLS]
    mov di, ax
    movzx ax, bh
    mul word [BDA_PAGE_SIZE]
    add di, ax
    mov ax, cx
    shr ax, 3
    add di, ax
    and cl, 7
    mov ch, 0x80
    shr ch, cl                          ; CH = the pixel's bit
    xor bl, bl                          ; colour
    mov ah, 3                           ; plane
.plane:
    mov al, 4
    call gc_write                       ; read map select
    shl bl, 1
    test [es:di], ch
    jz .zero
    or bl, 1
.zero:
    dec ah
    jns .plane
    mov ax, 0x0004
    call gc_write
    mov al, bl
.done:
    pop di
    pop dx
    pop cx
    pop bx
    ret

; AH=08h in graphics modes: AL = the character whose glyph (INT 43h font) matches the cell at row DH, column DL
; of page BH, with every non-zero pixel as foreground; 0 when none matches. Preserves ES.
gfx_read_char:
    push bp
    mov bp, sp
    sub sp, 18                          ; [bp-16..-1]: the cell, one byte per line; [bp-18]: its first column
    push es
    movzx ax, dl
    shl ax, 3
    mov [bp - 18], ax
    mov si, [BDA_CHAR_HEIGHT]
    cmp si, 16
    jbe .height
    mov si, 16
.height:
    movzx ax, dh
    mul word [BDA_CHAR_HEIGHT]
    mov dx, ax                          ; first pixel line
    xor di, di                          ; line in the cell
.line:
    xor ah, ah
    mov cx, [bp - 18]
    mov bl, 8
.dot:
    push ax
    call pixel_value
    test al, 0x7f
    pop ax
    jz .zero
    stc
    jmp .shift
.zero:
    clc
.shift:
    rcl ah, 1
    inc cx
    dec bl
    jnz .dot
    mov [bp - 16 + di], ah
    inc dx
    inc di
    cmp di, si
    jb .line
    ; the first of the 256 glyphs with the same lines
    push ds
    xor ax, ax
    mov ds, ax
    lds bx, [0x43 * 4]
    xor al, al
.glyph:
    xor di, di
.cmp:
    mov ah, [bx + di]
    cmp ah, [ss:bp - 16 + di]
    jne .differs
    inc di
    cmp di, si
    jb .cmp
    jmp .found
.differs:
    add bx, si
    inc al
    jnz .glyph
.found:
    pop ds
    pop es
    mov sp, bp
    pop bp
    ret
