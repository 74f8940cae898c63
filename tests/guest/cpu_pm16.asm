; The instruction groups (cpu_alu.inc, cpu_ops.inc) in 16-bit protected mode: a 16-bit code segment (D = 0) and
; a 16-bit stack segment (B = 0) at ring 0, so the defaults are those of real mode but every segment load goes
; through the GDT; exceptions and INT n through 32-bit IDT gates (sys.inc). Compared with QEMU
; (tests/guest/qemu-expect).
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

SEL_D equ SEL_FREE                      ; data, base 20000h, limit 1 MiB
SEL_ALT equ SEL_FREE + 8                ; data, base 30000h
CODESEG equ SEL_CODE16
DATASEG equ SEL_D
ALTSEG equ SEL_ALT

bits 16
test_main:
    PM_START

bits 32
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
    mov ax, SEL_DATA16                  ; base 0, 64 KiB, B = 0: SP is the stack pointer
    mov ss, ax
    mov esp, 0x7000
    mov ax, SEL_D
    mov ds, ax
    mov es, ax
    jmp SEL_CODE16:pm16_main

; INT 60h (a 32-bit gate from 16-bit code): prints the CS and EFLAGS on its frame, adds 1 to EAX.
int60_handler:
    P `int 60h: frame cs flags `
    PHEX [esp + 4]
    P ` `
    PHEX [esp + 8]
    PNL
    inc eax
    iretd

bits 16
%include "tests/guest/cpu_show.inc"

%macro EXPECT_X 1
    mov dword [ss:VAR_RESUME], %1
%endmacro

pm16_main:
    LBL `cpu_pm16: protected mode, 16-bit code and stack\n`
    call cpu_alu_tests
    call cpu_ops_tests
    LBL `done\n`
    EXIT 0

%include "tests/guest/cpu_alu.inc"
%include "tests/guest/cpu_ops.inc"

ROM_END
