; A boot-sector-like piece of 16-bit code for the x86pc-disasm listing test (tests/disasm/test_listing.c):
; listed with --bits 16 --org 0x7c00, it must print tests/disasm/listing16.expect.
bits 16
org 0x7c00
start:
    cli
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    sti
    mov si, message
.next:
    lodsb
    test al, al
    jz .done
    mov ah, 0x0e
    int 0x10
    jmp short .next
.done:
    mov dx, 0x3f8
    in al, dx
    rep movsw
    cs lodsb
    lock add [bx+si+0x10], word 5
    call far [bp-4]
    jmp 0xf000:0xfff0
    fld qword [bx]
    fstp st3
    push dword 0x12345678
    loop .done
    hlt
    db 0x0f, 0xff
message:
    db "Hi", 0
