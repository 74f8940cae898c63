; A boot sector for the boot-order and firmware tests (tests/bios/run): wherever a BIOS loads it (0000:7C00 from
; a diskette or hard disk, 07C0:0000 as an El Torito no-emulation image), it prints "boot sector reached, DL=xx"
; to the debug console (port E9h), xx being the boot drive the firmware passed in DL, and ends the run through
; the exit port (F4h) with status (0x21 << 1) | 1 = 67.
bits 16
cpu 386
org 0x7c00

start:
    jmp 0:.normal                       ; one CS:IP whatever segment the firmware used
.normal:
    cli
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    mov bl, dl
    mov si, text
.print:
    lodsb
    test al, al
    jz .hex
    out 0xe9, al
    jmp .print
.hex:
    mov al, bl
    shr al, 4
    call hexdigit
    mov al, bl
    call hexdigit
    mov al, 10
    out 0xe9, al
    mov al, 0x21
    out 0xf4, al
.halt:
    hlt
    jmp .halt

hexdigit:
    and al, 0x0f
    add al, '0'
    cmp al, '9'
    jbe .out
    add al, 'a' - '9' - 1
.out:
    out 0xe9, al
    ret

text: db "boot sector reached, DL=", 0

    times 510 - ($ - $$) db 0
    dw 0xaa55
