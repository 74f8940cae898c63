; The instruction groups (cpu_alu.inc, cpu_ops.inc) in 32-bit protected mode at ring 0: 32-bit code, segments as
; selectors, exceptions and INT n through the IDT (sys.inc); then a far call into a 16-bit code segment and a
; null selector load. Compared with QEMU (tests/guest/qemu-expect).
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

bits 16
test_main:
    PM_START

bits 32
%include "tests/guest/cpu_show.inc"

SEL_D equ SEL_FREE                      ; data, base 20000h, limit 1 MiB
SEL_ALT equ SEL_FREE + 8                ; data, base 30000h
CODESEG equ SEL_CODE32
DATASEG equ SEL_D
ALTSEG equ SEL_ALT

%macro EXPECT_X 1
    mov dword [ss:VAR_RESUME], %1
%endmacro

pm_main:
    mov eax, SEL_D
    mov ebx, 0x20000
    mov ecx, 0xfffff
    mov dx, 0x4093
    call set_gdt
    mov eax, SEL_ALT
    mov ebx, 0x30000
    call set_gdt
    mov eax, 0x60
    mov ebx, SEL_CODE32
    mov ecx, int60_handler
    mov dl, 0x8e
    call set_idt
    mov ax, SEL_D
    mov ds, ax
    mov es, ax
    LBL `cpu_pm32: protected mode, 32-bit code\n`
    call cpu_alu_tests
    call cpu_ops_tests
    call dword SEL_CODE16:code16        ; a 32-bit far call into a 16-bit code segment
    SHOWV "from 16-bit code", eax, ebx
    xor eax, eax
    mov fs, ax                          ; a null selector loads into FS (using it: sys_hardware)
    mov ax, fs
    SHOWV "null fs", eax
    LBL `done\n`
    EXIT 0

; INT 60h: prints the flags it runs with (IF and TF clear) and the CS and EFLAGS on its frame; adds 1 to EAX.
int60_handler:
    push ebx
    push ecx
    pushfd
    pop ebx
    movzx ecx, word [esp + 12]
    SHOWV "int 60h: flags, frame cs flags", ebx, ecx, dword [esp + 16]
    pop ecx
    pop ebx
    inc eax
    iretd

%include "tests/guest/cpu_alu.inc"
%include "tests/guest/cpu_ops.inc"

bits 16
code16:                                 ; operand size 16 by default here
    xor eax, eax
    mov ax, cs
    mov ebx, 0x12345678
    mov bx, sp
    sub bx, sp                          ; 0
    push ax
    pop bx
    o32 retf

ROM_END
