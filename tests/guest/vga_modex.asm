; Unchained 256-colour mode ("mode X" at 320x200): four planes through the map mask, two pages with the start
; address, the split screen (line compare) and horizontal panning.
%include "tests/guest/vga.inc"
test_main:
    VGA_INIT
    SET_MODE 0x0013
    mov dx, 0x3c4
    mov ax, 0x0604                      ; memory mode: chain-4 off, odd/even off
    out dx, ax
    mov dx, 0x3d4
    mov ax, 0x0014                      ; underline location: doubleword mode off
    out dx, ax
    mov ax, 0xe317                      ; mode control: byte mode
    out dx, ax
    push word 0xa000
    pop es
    ; page 0 (offset 0): vertical stripes, colour = plane * 16 + x / 16
    mov bl, 0
.plane:
    mov dx, 0x3c4
    mov al, 2
    mov ah, 1
    mov cl, bl
    shl ah, cl
    out dx, ax
    xor di, di
    mov dx, 200
.row:
    xor cx, cx
.col:
    mov al, bl
    shl al, 4
    mov ah, cl
    shr ah, 2
    add al, ah
    stosb
    inc cx
    cmp cx, 80
    jb .col
    dec dx
    jnz .row
    ; page 1 (offset 16000): horizontal bands, colour 32 + y / 8, all planes at once
    mov dx, 0x3c4
    mov ax, 0x0f02
    out dx, ax
    mov di, 16000
    xor dx, dx
.band:
    mov al, dl
    shr al, 3
    add al, 32
    mov cx, 80
.band_byte:
    stosb
    xor al, 0x80                        ; alternate 4-pixel groups, so panning shows
    loop .band_byte
    inc dx
    cmp dx, 200
    jb .band
    inc bl
    cmp bl, 4
    jb .plane
    ; show page 1 (start address 16000) with the split screen at line 299 (raw scan lines): below it page 0
    mov dx, 0x3d4
    mov ax, 0x3e0c                      ; 16000 = 3E80h
    out dx, ax
    mov ax, 0x800d
    out dx, ax
    mov ax, 0x2b18                      ; line compare 12Bh = 299: bits 0-7 here,
    out dx, ax
    mov al, 0x07                        ; bit 8 in CR07 bit 4
    out dx, al
    inc dx
    in al, dx
    or al, 0x10
    out dx, al
    dec dx
    mov al, 0x09                        ; bit 9 in CR09 bit 6: clear
    out dx, al
    inc dx
    in al, dx
    and al, ~0x40
    out dx, al
    ; pan page 1 by one pixel (attribute 13h = 2 in 256-colour modes), not the split part (attribute 10h bit 5)
    mov dx, 0x3da
    in al, dx
    mov dx, 0x3c0
    mov al, 0x33
    out dx, al
    mov al, 2
    out dx, al
    mov dx, 0x3da
    in al, dx
    mov dx, 0x3c0
    mov al, 0x30
    out dx, al
    mov al, 0x61                        ; 256 colours, graphics, pel panning compatibility
    out dx, al
    DONE
ROM_END
