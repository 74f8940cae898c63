; Mode set (AH=00h), cursor (01h-03h), display pages (05h), the mode query (0Fh), the CGA palette (0Bh), the
; alternate select functions (12h) and the display combination code (1Ah).

; CGA mode control register values (3D8h) for modes 00h-07h, kept in the BIOS data area for old software.
cga_mode_control: db 0x2c, 0x28, 0x2d, 0x29, 0x2a, 0x2e, 0x1e, 0x29

; AH=00h: AL = mode; bit 7 keeps the video memory.
set_mode:
    mov ah, al
    and al, 0x7f
    call find_mode
    jc .done
    call vbe_disable
    mov word [BDA_VBE_MODE], 0
    and byte [BDA_VIDEO_CTL], 0x7f
    and ah, 0x80
    or [BDA_VIDEO_CTL], ah
    push ax
    mov [BDA_MODE], al
    ; The CRTC ports follow the mode: monochrome at 3B4h.
    mov word [BDA_CRTC], 0x3d4
    and word [BDA_EQUIPMENT], ~0x30
    or word [BDA_EQUIPMENT], 0x20
    cmp byte [cs:si + MD_CLASS], CLASS_MONO
    jne .color
    mov word [BDA_CRTC], 0x3b4
    or word [BDA_EQUIPMENT], 0x30
.color:
    mov bx, [cs:si + MD_PARAMS]
    call program_registers
    call set_mode_bda
    test byte [BDA_VGA_FLAGS], 0x08
    jnz .palette_done
    mov al, [cs:si + MD_PALETTE]
    call load_default_palette
.palette_done:
    mov al, [cs:si + MD_CLASS]
    cmp al, CLASS_MONO
    ja .graphics
    call load_text_font
.graphics:
    call set_font_vector
    pop ax
    test ah, 0x80
    jnz .kept
    call clear_video_memory
.kept:
    mov cx, 0x0607
    call set_cursor_type
    xor bh, bh
    xor dx, dx
    call set_cursor_pos
.done:
    ret

; The BIOS data area after a mode set from the parameter table at CS:BX and the descriptor at CS:SI.
set_mode_bda:
    movzx ax, byte [cs:bx]
    mov [BDA_COLS], ax
    mov ax, [cs:bx + 3]
    mov [BDA_PAGE_SIZE], ax
    mov word [BDA_PAGE_START], 0
    mov byte [BDA_PAGE], 0
    push es
    push di
    push ds
    pop es
    mov di, BDA_CURSOR
    xor ax, ax
    mov cx, 8
    rep stosw
    pop di
    pop es
    mov al, [cs:bx + 1]
    mov [BDA_ROWS], al
    movzx ax, byte [cs:si + MD_FONT]
    mov [BDA_CHAR_HEIGHT], ax
    mov al, 0x30
    movzx di, byte [cs:si + MD_MODE]
    cmp di, 7
    ja .pal
    mov ah, [cs:cga_mode_control + di]
    mov [BDA_MODE_CTL], ah
    cmp di, 6
    jne .pal
    mov al, 0x3f
.pal:
    mov [BDA_CGA_PAL], al
    ; (40:89h bits 7 and 4, the scan lines of the text modes, stay as AH=12h BL=30h set them: a mode set used to
    ; rewrite them from the mode, so any graphics mode turned the next text mode into 350 lines.)
    ret

; Loads every register from the 64-byte parameter table at CS:BX.
program_registers:
    push si
    mov dx, VGA_SEQ
    mov ax, 0x0100                      ; synchronous reset while the clocking changes
    out dx, ax
    mov cx, 4
    mov si, 5
.seq:
    mov ax, si
    sub al, 4
    mov ah, [cs:bx + si]
    out dx, ax
    inc si
    loop .seq
    mov al, [cs:bx + 9]
    mov dx, VGA_MISC_W
    out dx, al
    mov dx, VGA_SEQ
    mov ax, 0x0300
    out dx, ax
    call crtc_port
    mov al, 0x11                        ; unlock CR00-CR07
    out dx, al
    inc dx
    in al, dx
    and al, 0x7f
    out dx, al
    dec dx
    xor si, si
.crtc:
    mov ax, si
    mov ah, [cs:bx + 10 + si]
    out dx, ax
    inc si
    cmp si, 25
    jb .crtc
    call attr_reset_flipflop
    mov dx, VGA_ATTR
    xor si, si
.attr:
    mov ax, si
    out dx, al
    mov al, [cs:bx + 35 + si]
    out dx, al
    inc si
    cmp si, 20
    jb .attr
    mov al, 0x14
    out dx, al
    xor al, al
    out dx, al
    mov dx, VGA_GC
    xor si, si
.gc:
    mov ax, si
    mov ah, [cs:bx + 55 + si]
    out dx, ax
    inc si
    cmp si, 9
    jb .gc
    mov dx, VGA_ATTR
    mov al, 0x20                        ; screen on
    out dx, al
    pop si
    ret

; Clears the video memory of the mode at CS:SI: blanks with attribute 07h in text modes, zeroes otherwise.
clear_video_memory:
    push es
    mov es, [cs:si + MD_SEGMENT]
    xor di, di
    mov cx, 0x4000
    mov ax, 0x0720
    cmp byte [cs:si + MD_CLASS], CLASS_MONO
    jbe .fill
    xor ax, ax
    cmp byte [cs:si + MD_CLASS], CLASS_CGA1
    jbe .fill
    mov cx, 0x8000
.fill:
    rep stosw
    pop es
    ret

; AH=01h: CH = start line (bit 5: cursor off), CL = end line. With a font taller than 8 lines, CGA-style values
; (0-7) are moved into the cell unless emulation is off (40:87h bit 0), by the rules of the IBM VGA BIOS: an end
; line of 0-3 stays; a cursor ending before it starts runs from its end line to the bottom of the cell; a tall one
; (end > start + 2) reaches the bottom of the cell, starting at the middle when it started below line 2; a thin one
; keeps its height at the bottom, one line up in cells of 14 lines and more (06h-07h: 0Dh-0Eh in the 16-line
; cell, 0Bh-0Ch in the 14-line one). (The former rule added 7 to values of 4 and up: 0-7, the full block, became
; lines 0-14 and missed the cell's last line.)
set_cursor_type:
    mov [BDA_CURSOR_TYPE], cx
    mov ax, cx
    test byte [BDA_VIDEO_CTL], 0x01
    jnz .program
    test ah, 0xe0
    jnz .program
    test al, 0xe0
    jnz .program
    mov bx, [BDA_CHAR_HEIGHT]
    cmp bx, 8
    jbe .program
    cmp bx, 32
    ja .program
    dec bl                              ; BL = the cell's last line
    cmp al, ah
    jae .forward
    test al, al                         ; end before start: from the end line down (end 0 stays)
    jz .program
    mov ah, al
    mov al, bl
    jmp .program
.forward:
    cmp al, 3
    jbe .program
    mov cl, ah
    add cl, 2
    cmp cl, al
    jae .thin
    cmp ah, 2                           ; tall: down to the last line, from the middle if it started low
    jbe .to_bottom
    mov ah, bl
    inc ah
    shr ah, 1
.to_bottom:
    mov al, bl
    jmp .program
.thin:
    sub ah, al                          ; the same height, ending on the last line
    add ah, bl
    mov al, bl
    cmp bl, 12
    jbe .program
    dec ah
    dec al
.program:
    mov bl, al
    mov al, 0x0a
    call crtc_write
    mov ah, bl
    mov al, 0x0b
    call crtc_write
    ret

; AH=02h: BH = page, DH = row, DL = column.
set_cursor_pos:
    push si
    movzx si, bh
    and si, 7
    shl si, 1
    mov [BDA_CURSOR + si], dx
    pop si
    cmp bh, [BDA_PAGE]
    jne .done
    call update_hw_cursor
.done:
    ret

; Moves the CRTC cursor to row DH, column DL of the active page.
update_hw_cursor:
    push ax
    push bx
    push dx
    mov bl, dl
    movzx ax, dh
    mul word [BDA_COLS]
    xor bh, bh
    add ax, bx
    mov bx, [BDA_PAGE_START]
    shr bx, 1
    add bx, ax
    mov al, 0x0e
    mov ah, bh
    call crtc_write
    mov al, 0x0f
    mov ah, bl
    call crtc_write
    pop dx
    pop bx
    pop ax
    ret

; AH=03h: BH = page -> DX = position, CX = cursor type.
get_cursor_pos:
    movzx si, bh
    and si, 7
    shl si, 1
    mov ax, [BDA_CURSOR + si]
    mov [bp + R_DX], ax
    mov ax, [BDA_CURSOR_TYPE]
    mov [bp + R_CX], ax
    mov word [bp + R_AX], 0
    ret

; AH=04h: no light pen.
read_light_pen:
    mov byte [bp + R_AH], 0
    ret

; AH=05h: AL = the page to show.
select_page:
    call current_mode
    jc .done
    cmp al, [cs:si + MD_PAGES]
    jae .done
    mov [BDA_PAGE], al
    movzx ax, al
    mul word [BDA_PAGE_SIZE]
    mov [BDA_PAGE_START], ax
    cmp byte [cs:si + MD_CLASS], CLASS_MONO
    ja .start
    shr ax, 1                           ; text: the CRTC counts character cells
.start:
    mov bx, ax
    mov al, 0x0c
    mov ah, bh
    call crtc_write
    mov al, 0x0d
    mov ah, bl
    call crtc_write
    movzx si, byte [BDA_PAGE]
    shl si, 1
    mov dx, [BDA_CURSOR + si]
    call update_hw_cursor
.done:
    ret

; AH=0Fh: AL = mode (bit 7 as given to the last mode set), AH = columns, BH = active page.
get_mode:
    mov al, [BDA_VIDEO_CTL]
    and al, 0x80
    or al, [BDA_MODE]
    mov ah, [BDA_COLS]
    mov [bp + R_AX], ax
    mov al, [BDA_PAGE]
    mov [bp + R_BH], al
    ret

; AH=0Bh: BH = 0: background (graphics) or border (text) colour BL, bit 4 the foreground intensity; BH = 1: CGA
; palette BL (0: green/red/brown, 1: cyan/magenta/white).
cga_palette:
    call current_class
    mov ah, [BDA_CGA_PAL]
    test bh, bh
    jnz .palette
    and ah, 0xe0
    mov cl, bl
    and cl, 0x1f
    or ah, cl
    mov [BDA_CGA_PAL], ah
    mov ah, bl
    and ah, 0x0f
    test ah, 0x08
    jz .bg
    xor ah, 0x18                        ; intensity is bit 4 in the 200-line palette
.bg:
    mov cl, al
    mov al, 0x11
    call attr_write                     ; border
    cmp cl, CLASS_MONO
    jbe .done
    xor al, al
    call attr_write                     ; background
    ; Only the CGA-compatible modes take the foreground colours from the CGA palette and its intensity bit; in
    ; the EGA/VGA modes (0Dh-13h) palette registers 1-3 are the guest's own and stay (the 16 colours of mode
    ; 0Eh were turned into CGA colours 3/5/7 by a background change).
    cmp cl, CLASS_CGA1
    jbe .set_fg
    ret
.palette:
    and ah, ~0x20
    mov cl, bl
    and cl, 1
    shl cl, 5
    or ah, cl
    mov [BDA_CGA_PAL], ah
    cmp al, CLASS_MONO
    jbe .done
.set_fg:
    mov cl, [BDA_CGA_PAL]
    mov ah, cl
    and ah, 0x20
    shr ah, 5                           ; 0: colours 2/4/6, 1: 3/5/7
    add ah, 2
    and cl, 0x10                        ; intensity
    or ah, cl
    mov al, 1
.fg:
    call attr_write
    add ah, 2
    inc al
    cmp al, 4
    jb .fg
.done:
    ret

; AH=12h: alternate select, by BL.
alt_select:
    cmp bl, 0x10
    je .ega_info
    cmp bl, 0x30
    je .scan_lines
    cmp bl, 0x31
    je .palette_loading
    cmp bl, 0x32
    je .ok
    cmp bl, 0x33
    je .grey
    cmp bl, 0x34
    je .cursor_emulation
    cmp bl, 0x36
    je .screen
    cmp bl, 0x20
    je .ok
    ret
.ega_info:                              ; BH = colour, BL = 256 KiB, CX = feature bits and switches
    mov word [bp + R_BX], 0x0003
    mov al, [BDA_SWITCHES]
    and al, 0x0f
    xor ah, ah
    mov [bp + R_CX], ax
    ret
.scan_lines:                            ; AL = 0/1/2: 200/350/400 lines for the next text mode set (40:89h bits 7, 4)
    cmp al, 2
    ja .done
    and byte [BDA_VGA_FLAGS], ~0x90
    mov ah, 0x80                        ; 200
    test al, al
    jz .select
    xor ah, ah                          ; 350
    cmp al, 1
    je .select
    mov ah, 0x10                        ; 400
.select:
    or [BDA_VGA_FLAGS], ah
    jmp .ok
.done:
    ret
.palette_loading:                       ; AL = 0 enables, 1 disables loading the default palette at mode sets
    and byte [BDA_VGA_FLAGS], ~0x08
    test al, al
    jz .ok
    or byte [BDA_VGA_FLAGS], 0x08
    jmp .ok
.grey:
    and byte [BDA_VGA_FLAGS], ~0x02
    test al, al
    jnz .ok
    or byte [BDA_VGA_FLAGS], 0x02
    jmp .ok
.cursor_emulation:                      ; AL = 0 enables, 1 disables
    and byte [BDA_VIDEO_CTL], ~0x01
    test al, al
    jz .ok
    or byte [BDA_VIDEO_CTL], 0x01
    jmp .ok
.screen:                                ; AL = 0 on, 1 off: sequencer clocking mode bit 5
    mov ah, al
    mov dx, VGA_SEQ
    mov al, 1
    out dx, al
    inc dx
    in al, dx
    and al, ~0x20
    test ah, ah
    jz .set
    or al, 0x20
.set:
    out dx, al
.ok:
    mov byte [bp + R_AL], 0x12
    ret

; AH=1Ah: AL = 0 reads, 1 sets the display combination code (VGA with colour display: 08h).
display_combination:
    test al, al
    jnz .set
    mov al, [BDA_DCC]
    xor ah, ah
    mov [bp + R_BX], ax
.set:
    mov byte [bp + R_AL], 0x1a
    ret
