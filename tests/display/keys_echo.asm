; A boot sector for the input tests: echoes every key INT 16h returns to port E9h and to the screen (teletype).
; After '.', it paints the screen blue and waits for one more key, then exits through the debug-exit port.
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    sti
.key:
    xor ah, ah
    int 0x16
    out 0xe9, al
    mov ah, 0x0e
    xor bx, bx
    int 0x10
    cmp al, '.'
    jne .key
    mov ax, 0x0600                      ; the whole screen blank, white on blue
    mov bh, 0x1f
    xor cx, cx
    mov dx, 0x184f
    int 0x10
    xor ah, ah
    int 0x16
    mov al, 0
    out 0xf4, al
    cli
    hlt
    times 510 - ($ - $$) db 0
    dw 0xaa55
