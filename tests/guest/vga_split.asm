; Split screen and panning in mode 12h (set through INT 10h, then the registers): the picture starts at byte 8322
; (line 104, 2 bytes in: the start address), moved 5 more pixels left by the pel panning register, and below
; scan line 399 (the line compare register, 10 bits over CR18, CR07 bit 4 and CR09 bit 6) the address counter
; restarts at 0, where a status area was drawn; attribute mode control bit 5 keeps that part unpanned.
%include "tests/guest/vga.inc"

%macro GC 2
    mov dx, 0x3ce
    mov ax, ((%2) << 8) | (%1)
    out dx, ax
%endmacro
%macro CRTC 2
    mov dx, 0x3d4
    mov ax, ((%2) << 8) | (%1)
    out dx, ax
%endmacro

test_main:
    VGA_INIT
    SET_MODE 0x0012
    push word 0xa000
    pop es
    ; the status area at address 0, lines 0-79: bars of 10 bytes, colour 8 + bar
    GC 5, 0x02
    xor di, di
    mov bx, 80
.status_line:
    mov al, 8
    mov cx, 8
.status_bar:
    push cx
    mov cx, 10
    rep stosb
    pop cx
    inc al
    loop .status_bar
    dec bx
    jnz .status_line
    ; the main picture from line 100 (byte 8000) to line 579: byte columns in colour (column + line / 8) mod 16,
    ; with a white pixel at the left of each byte on every eighth line
    mov di, 8000
    xor bx, bx                          ; line - 100
.main_line:
    xor cx, cx                          ; byte column
.main_byte:
    mov ax, bx
    shr ax, 3
    add ax, cx
    and al, 15
    stosb
    inc cx
    cmp cx, 80
    jb .main_byte
    inc bx
    cmp bx, 480
    jb .main_line
    GC 5, 0x00
    GC 0, 15                            ; a white dot at the left of every byte on lines 100 + 8k
    GC 1, 0x0f
    GC 8, 0x80
    mov di, 8000
    mov bx, 60
.dots:
    mov cx, 80
.dot:
    mov al, [es:di]
    stosb
    loop .dot
    add di, 7 * 80
    dec bx
    jnz .dots
    GC 1, 0x00
    GC 8, 0xff
    ; text in both parts: rows 0-1 (the status area) and rows 8-9 (in the main picture, lines 128-159)
    mov bl, 15
    TTY `status area: shown below the split line, not panned\r\n`
    mov bl, 14
    TTY `address 0`
    mov ah, 0x02
    xor bh, bh
    mov dx, 0x0805
    int 0x10
    mov bl, 0x0f
    TTY `main picture: start address 8322, pel panning 5`
    ; the start address: line 104, byte 2
    CRTC 0x0c, 8322 >> 8
    CRTC 0x0d, 8322 & 0xff
    ; pel panning 5, and no panning below the split (attribute mode control bit 5)
    mov dx, 0x3da
    in al, dx
    mov dx, 0x3c0
    mov al, 0x33
    out dx, al
    mov al, 5
    out dx, al
    mov al, 0x30
    out dx, al
    mov al, 0x21
    out dx, al
    ; line compare 399 = 18Fh: CR18 8Fh, CR07 bit 4 set, CR09 bit 6 clear
    CRTC 0x18, 0x8f
    mov dx, 0x3d4
    mov al, 0x07
    out dx, al
    inc dx
    in al, dx
    or al, 0x10
    out dx, al
    dec dx
    mov al, 0x09
    out dx, al
    inc dx
    in al, dx
    and al, ~0x40
    out dx, al
    DONE
ROM_END
