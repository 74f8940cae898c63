; The I/O permission bitmap: at ring 3 with IOPL 0, ports whose bits are clear are allowed and the others #GP(0),
; for every byte of a word or dword access, for IN/OUT with an immediate or DX and for OUTS; IOPL 3 bypasses the
; bitmap; a bitmap beyond the TSS limit denies; CLI/STI follow IOPL.
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

SEL_TSS2 equ SEL_FREE
TSS2 equ 0x14000

%macro ALLOW 1
    mov eax, %1
    btr [TSS_BASE + 0x68], eax
%endmacro

bits 16
test_main:
    PM_START

bits 32
pm_main:
    P `io bitmap\n`
    ALLOW 0xe9
    ALLOW 0x70
    ALLOW 0x71
    ALLOW 0x3ff
    call setup_user
    mov eax, user_code
    mov ebx, 0x202                  ; IOPL 0
    call run_user
    mov eax, user_iopl3
    mov ebx, 0x3202
    call run_user

    ; a TSS whose limit ends before the bitmap byte of port E9h
    mov edi, TSS2
    mov ecx, 0x80
    xor eax, eax
    rep stosb
    mov dword [TSS2 + 4], STACK_RING0
    mov dword [TSS2 + 8], SEL_DATA
    mov word [TSS2 + 0x66], 0x68
    mov eax, SEL_TSS2
    mov ebx, TSS2
    mov ecx, 0x68 + 0xe9 / 8 - 1    ; the byte for ports E8h-EFh is just outside
    mov dl, 0x89
    mov dh, 0
    call set_gdt
    mov ax, SEL_TSS2
    ltr ax
    mov eax, user_short_tss
    mov ebx, 0x202
    call run_user
    P `done\n`
    EXIT 0

user_code:
    P `ring 3 prints through an allowed port\n`
    mov dx, 0xe9
    mov al, '.'
    out dx, al
    mov al, 10
    out dx, al
    EXPECT .a
    in al, 0x80
.a:
    EXPECT .b
    mov dx, 0xe9
    out dx, ax                      ; EAh is denied
.b:
    EXPECT .c
    mov dx, 0x3fe
    in ax, dx                       ; 3FEh is denied
.c:
    mov dx, 0x3ff
    in al, dx                       ; allowed: crosses nothing
    mov dx, 0x70
    out dx, ax                      ; 70h and 71h allowed
    EXPECT .d
    out dx, eax                     ; 72h, 73h denied
.d:
    mov esi, msg
    mov ecx, msg_end - msg
    mov dx, 0xe9
    cs rep outsb
    EXPECT .e
    cli
.e:
    EXPECT .f
    sti
.f:
    EXPECT .g
    mov dx, 0x80
    mov ecx, 5
    mov esi, msg
    cs rep outsb
.g:
    USER_RETURN

user_iopl3:
    in al, 0x80                     ; IOPL 3: no bitmap check
    cli
    sti
    P `IOPL 3: no faults\n`
    USER_RETURN

user_short_tss:
    EXPECT .a
    mov al, '!'
    out 0xe9, al
.a:
    USER_RETURN

msg: db `outsb through the bitmap\n`
msg_end:

bits 16
ROM_END
