; INT 10h in text mode 03h: teletype with scrolling, write string with attributes, character/attribute writes,
; the whole code page, scrolling a window up and down, cursor position; the text dump and the picture show it.
%include "tests/guest/vga.inc"

test_main:
    VGA_INIT
    SET_MODE 0x0003
    ; 30 numbered lines through the teletype: the first five scroll away
    mov cx, 30
    mov dl, '0'
.line:
    TTY "line "
    mov al, dl
    mov ah, 0x0e
    int 0x10
    TTY `\r\n`
    inc dl
    cmp dl, '9' + 1
    jne .next
    mov dl, 'A'
.next:
    loop .line
    ; the code page: 8 rows of 32 characters at row 2, column 40, in colours (AH=09h, one at a time)
    xor bx, bx
    mov si, 0
.cp:
    mov ax, si
    mov dh, al
    shr dh, 5
    add dh, 2
    mov dl, al
    and dl, 31
    add dl, 40
    mov ah, 0x02
    xor bh, bh
    int 0x10
    mov ax, si
    mov bl, al
    and bl, 0x7f
    or bl, 0x01
    mov ah, 0x09
    mov cx, 1
    int 0x10
    inc si
    cmp si, 256
    jb .cp
    ; a string with its own attributes at row 12, column 42 (AH=13h AL=3: pairs, move the cursor)
    push cs
    pop es
    mov bp, pairs
    mov cx, pairs_len
    mov dx, 0x0c2a
    mov ax, 0x1303
    xor bh, bh
    int 0x10
    ; a window scrolled up by 2 and one scrolled down by 1
    mov ax, 0x0602
    mov bh, 0x4e
    mov cx, 0x0e2a
    mov dx, 0x124a
    int 0x10
    mov ax, 0x0701
    mov bh, 0x2f
    mov cx, 0x1530
    mov dx, 0x1740
    int 0x10
    ; three "A"s with AH=0Ah (attributes kept) in the scrolled window
    xor bh, bh
    mov dx, 0x0f2c
    mov ah, 0x02
    int 0x10
    mov ax, 0x0a41
    mov cx, 3
    int 0x10
    ; read back the character and attribute at row 15, column 45 (AH=08h): 'A' in 07h (a blank line moved up)
    mov dx, 0x0f2d
    mov ah, 0x02
    int 0x10
    mov ah, 0x08
    int 0x10
    cmp ax, 0x0741
    jne .fail
    ; the cursor ends at row 20, column 10
    mov dx, 0x140a
    mov ah, 0x02
    int 0x10
    mov ah, 0x03
    int 0x10
    cmp dx, 0x140a
    jne .fail
    DONE
.fail:
    PRINT_E9 `fail\n`
    EXIT 1

pairs: db 'C', 0x1f, 'o', 0x2e, 'l', 0x3d, 'o', 0x4c, 'u', 0x5b, 'r', 0x6a, 's', 0x79, '!', 0xf0
pairs_len equ ($ - pairs) / 2

ROM_END
