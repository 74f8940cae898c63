; Characters: scrolling (06h/07h), read/write character and attribute (08h-0Ah), teletype (0Eh) and write
; string (13h), for text modes here and for graphics modes through vga_gfx.asm.

; ES:DI = the cell at row DH, column DL of page BH (text modes). Preserves other registers.
text_cell_addr:
    push ax
    push bx
    push dx
    push si
    call current_mode
    mov es, [cs:si + MD_SEGMENT]
    movzx ax, bh
    and al, 7
    mul word [BDA_PAGE_SIZE]
    mov di, ax
    pop si
    pop dx
    push dx
    movzx ax, dh
    mul word [BDA_COLS]
    pop dx
    push dx
    xor dh, dh
    add ax, dx
    shl ax, 1
    add di, ax
    pop dx
    pop bx
    pop ax
    ret

; AH=06h / 07h: AL = lines (0: clear), BH = fill attribute (graphics: colour), CH/CL = top row/column, DH/DL =
; bottom row/column, on the active page.
scroll_up:
    mov ah, 0
    jmp scroll_window
scroll_down:
    mov ah, 1
scroll_window:
    ; clip the window to the screen
    cmp dl, [BDA_COLS]
    jb .cols_ok
    mov dl, [BDA_COLS]
    dec dl
.cols_ok:
    cmp dh, [BDA_ROWS]
    jbe .rows_ok
    mov dh, [BDA_ROWS]
.rows_ok:
    cmp ch, dh
    ja .done
    cmp cl, dl
    ja .done
    push bp
    mov bp, sp
    sub sp, 8
    ; locals: [bp-2] lines, [bp-4] direction, [bp-6] width, [bp-8] fill attribute
    movzx di, dh
    movzx si, ch
    sub di, si
    inc di                              ; DI = window height
    movzx si, al
    test si, si
    jz .all
    cmp si, di
    jbe .count
.all:
    mov si, di
.count:
    mov [bp - 2], si
    mov [bp - 4], ah
    mov al, dl
    sub al, cl
    inc al
    xor ah, ah
    mov [bp - 6], ax
    mov [bp - 8], bh
    ; rows that move: height - lines
    sub di, si
    cmp byte [bp - 4], 0
    jne .down
    ; up: row r <- row r + lines, for r = top .. bottom - lines
    mov bl, ch
.up_move:
    test di, di
    jz .up_fill
    mov bh, bl
    add bh, [bp - 2]
    call scroll_copy_row                ; row BH -> row BL, columns CL .. CL + width - 1
    inc bl
    dec di
    jmp .up_move
.up_fill:
    mov si, [bp - 2]
.up_fill_row:
    call scroll_fill_row                ; row BL
    inc bl
    dec si
    jnz .up_fill_row
    jmp .finish
.down:
    mov bl, dh
.down_move:
    test di, di
    jz .down_fill
    mov bh, bl
    sub bh, [bp - 2]
    call scroll_copy_row
    dec bl
    dec di
    jmp .down_move
.down_fill:
    mov si, [bp - 2]
.down_fill_row:
    call scroll_fill_row
    dec bl
    dec si
    jnz .down_fill_row
.finish:
    mov sp, bp
    pop bp
.done:
    ret

; Copies columns CL.. (width [bp-6]) of character row BH to row BL on the active page.
scroll_copy_row:
    push ax
    push cx
    push si
    push di
    call current_class
    cmp al, CLASS_MONO
    ja .graphics
    push ds
    push es
    call current_mode
    mov ax, [cs:si + MD_SEGMENT]
    mov es, ax
    mov al, bh
    call text_row_offset                ; AX = offset of (row AL, column CL)
    mov si, ax
    mov al, bl
    call text_row_offset
    mov di, ax
    mov cx, [bp - 6]
    push es
    pop ds
    rep movsw
    pop es
    pop ds
    jmp .done
.graphics:
    call gfx_copy_row
.done:
    pop di
    pop si
    pop cx
    pop ax
    ret

; Fills columns CL.. (width [bp-6]) of character row BL with blanks of attribute [bp-8].
scroll_fill_row:
    push ax
    push cx
    push si
    push di
    call current_class
    cmp al, CLASS_MONO
    ja .graphics
    push es
    call current_mode
    mov es, [cs:si + MD_SEGMENT]
    mov al, bl
    call text_row_offset
    mov di, ax
    mov cx, [bp - 6]
    mov al, ' '
    mov ah, [bp - 8]
    rep stosw
    pop es
    jmp .done
.graphics:
    call gfx_fill_row
.done:
    pop di
    pop si
    pop cx
    pop ax
    ret

; AX = offset in the active text page of row AL, column CL.
text_row_offset:
    push dx
    push bx
    xor ah, ah
    mul word [BDA_COLS]
    movzx bx, cl
    add ax, bx
    shl ax, 1
    add ax, [BDA_PAGE_START]
    pop bx
    pop dx
    ret

; DX = the cursor of page BH.
cursor_of_page:
    push si
    movzx si, bh
    and si, 7
    shl si, 1
    mov dx, [BDA_CURSOR + si]
    pop si
    ret

; AH=08h: BH = page -> AL = character, AH = attribute at the cursor (graphics modes: the character recognised
; from the pixels, AH = 0).
read_char_attr:
    call cursor_of_page
    call is_graphics
    jc .graphics
    call text_cell_addr
    mov ax, [es:di]
    mov [bp + R_AX], ax
    ret
.graphics:
    call gfx_read_char
    xor ah, ah
    mov [bp + R_AX], ax
    ret

; AH=09h: AL = character, BL = attribute (graphics: colour, bit 7 XOR), BH = page, CX = count.
write_char_attr:
    mov ah, 1
    jmp write_chars
; AH=0Ah: the same without changing the attributes (graphics modes use BL as the colour).
write_char_only:
    mov ah, 0
write_chars:
    jcxz .done
    call is_graphics
    jc .graphics
    call cursor_of_page
    call text_cell_addr
.text:
    mov [es:di], al
    test ah, ah
    jz .next
    mov [es:di + 1], bl
.next:
    add di, 2
    loop .text
.done:
    ret
.graphics:
    call cursor_of_page
.gfx:
    call gfx_draw_char                  ; AL at row DH, column DL, colour BL
    inc dl
    cmp dl, [BDA_COLS]
    jb .gfx_next
    xor dl, dl
    inc dh
.gfx_next:
    loop .gfx
    ret

; AH=0Eh: AL = character, BL = colour in graphics modes; on the active page.
teletype:
    mov bh, [BDA_PAGE]
    xor ah, ah
    call tty_output
    ret

; Writes AL as the teletype does at the cursor of page BH: BEL, BS, CR and LF act, others are written (with
; attribute BL when AH = 1, else the cell keeps its attribute; graphics modes draw in colour BL), the cursor
; advances, wraps and scrolls the page at the bottom. Preserves BX.
tty_output:
    push ax
    push cx
    push dx
    push si
    call cursor_of_page
    cmp al, 7
    je .done
    cmp al, 8
    je .backspace
    cmp al, 13
    je .cr
    cmp al, 10
    je .lf
    mov cx, 1
    push dx
    call write_at                       ; AL at DX, page BH, attribute BL if AH
    pop dx
    inc dl
    cmp dl, [BDA_COLS]
    jb .move
    xor dl, dl
.lf:
    inc dh
    cmp dh, [BDA_ROWS]
    jbe .move
    mov dh, [BDA_ROWS]
    call tty_scroll
    jmp .move
.backspace:
    test dl, dl
    jz .move
    dec dl
    jmp .move
.cr:
    xor dl, dl
.move:
    push bx
    call set_cursor_pos
    pop bx
.done:
    pop si
    pop dx
    pop cx
    pop ax
    ret

; Writes character AL once at DX of page BH (AH = 1: with attribute BL).
write_at:
    push es
    push di
    call is_graphics
    jc .graphics
    call text_cell_addr
    mov [es:di], al
    test ah, ah
    jz .done
    mov [es:di + 1], bl
    jmp .done
.graphics:
    call gfx_draw_char
.done:
    pop di
    pop es
    ret

; CF = 1 in a graphics mode. Preserves every register.
is_graphics:
    push ax
    call current_class
    cmp al, CLASS_MONO + 1              ; CF = 1 for the text classes
    cmc
    pop ax
    ret

; Scrolls the whole active page up one line at the end of a teletype line; text fills with the attribute of
; the cell at the cursor, graphics with colour 0.
tty_scroll:
    push ax
    push bx
    push cx
    push dx
    push es
    push di
    xor bh, bh
    call is_graphics
    jc .scroll
    mov bh, [BDA_PAGE]
    call cursor_of_page
    call text_cell_addr
    mov bh, [es:di + 1]
.scroll:
    mov ax, 0x0001                      ; AH = 0: up, AL = 1 line
    xor cx, cx
    mov dh, [BDA_ROWS]
    mov dl, [BDA_COLS]
    dec dl
    call scroll_window
    pop di
    pop es
    pop dx
    pop cx
    pop bx
    pop ax
    ret

; AH=13h: AL bit 0 = move the cursor, bit 1 = the string holds character/attribute pairs; BH = page, BL =
; attribute, CX = length, DH/DL = position, ES:BP = string.
write_string:
    call cursor_of_page
    push dx                             ; the caller's cursor, restored unless AL bit 0
    push ax
    mov dx, [bp + R_DX]
    push bx
    call set_cursor_pos
    pop bx
    pop ax
    mov si, [bp + R_BP]
    mov ah, al
    jcxz .end
.next:
    mov al, [es:si]
    inc si
    test ah, 2
    jz .plain
    mov bl, [es:si]
    inc si
.plain:
    push ax
    mov ah, 1
    cmp al, 13
    je .control
    cmp al, 10
    je .control
    cmp al, 8
    je .control
    cmp al, 7
    jne .out
.control:
    xor ah, ah
.out:
    call tty_output
    pop ax
    loop .next
.end:
    pop dx
    test ah, 1
    jnz .keep
    call set_cursor_pos
.keep:
    ret
