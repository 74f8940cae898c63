; Exceptions and their error codes: #DE #UD #BR #OF #BP, #NP and #SS from segment loads, #GP from bad selectors,
; from privileged instructions at ring 3 and from IDT gates, and a double fault.
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

SEL_NP_DATA equ SEL_FREE            ; data segment, not present
SEL_NP_STACK equ SEL_FREE + 8       ; writable data, not present
SEL_XONLY equ SEL_FREE + 0x10       ; execute-only code
SEL_RO equ SEL_FREE + 0x18          ; read-only data
SEL_DPL3 equ SEL_FREE + 0x20        ; writable data, DPL 3

bits 16
test_main:
    PM_START

bits 32
pm_main:
    P `faults\n`
    mov eax, SEL_NP_DATA
    xor ebx, ebx
    mov ecx, 0xfffff
    mov dl, 0x13                    ; not present
    mov dh, 0xc
    call set_gdt
    mov eax, SEL_NP_STACK
    call set_gdt
    mov eax, SEL_XONLY
    mov dl, 0x99
    call set_gdt
    mov eax, SEL_RO
    mov dl, 0x91
    call set_gdt
    mov eax, SEL_DPL3
    mov dl, 0xf3
    call set_gdt

    EXPECT .de
    xor edx, edx
    xor ecx, ecx
    mov eax, 1
    div ecx
.de:
    EXPECT .ud
    ud2
.ud:
    EXPECT .lock
    db 0xf0, 0x90                   ; lock nop
.lock:
    EXPECT .br
    mov dword [VAR_SCRATCH], 10
    mov dword [VAR_SCRATCH + 4], 20
    mov eax, 21
    bound eax, [VAR_SCRATCH]
.br:
    mov eax, 15
    bound eax, [VAR_SCRATCH]        ; in range: no fault
    EXPECT .of
    mov al, 0x7f
    add al, 1
    into
.of:
    EXPECT .bp
    int3
.bp:
    EXPECT .np
    mov ax, SEL_NP_DATA
    mov ds, ax
.np:
    EXPECT .ss
    mov ax, SEL_NP_STACK
    mov ss, ax
.ss:
    EXPECT .gp1
    xor eax, eax
    mov ss, ax
.gp1:
    EXPECT .gp2
    mov ax, 0x800                   ; past the GDT limit
    mov es, ax
.gp2:
    EXPECT .gp3
    mov ax, SEL_XONLY
    mov fs, ax
.gp3:
    EXPECT .gp4
    mov ax, SEL_RO
    mov ss, ax
.gp4:
    EXPECT .gp5
    mov ax, SEL_DPL3 | 3
    mov ss, ax
.gp5:
    EXPECT .gp6
    mov ax, SEL_TSS
    mov gs, ax
.gp6:
    EXPECT .gp7
    mov ax, SEL_DATA | 4            ; an LDT selector with no LDT
    mov ds, ax
.gp7:
    mov ax, SEL_XONLY
    verr ax
    setz al
    P `verr execute-only `
    movzx eax, al
    PHEX eax
    PNL
    ; an IDT entry past the limit, and one that is not a gate
    lidt [cs:short_idt]
    EXPECT .gp8
    int 0x90
.gp8:
    lidt [cs:pm_idtr]
    mov eax, 0x91
    mov ebx, SEL_CODE32
    mov ecx, 0
    mov dl, 0x93                    ; a data descriptor
    call set_idt
    EXPECT .gp9
    int 0x91
.gp9:
    mov eax, 0x92
    mov dl, 0x0e                    ; a 32-bit interrupt gate, not present
    call set_idt
    EXPECT .np2
    int 0x92
.np2:

    P `ring 3\n`
    call setup_user
    mov eax, user_faults
    mov ebx, 0x202
    call run_user

    ; a double fault: #NP whose own gate is not present
    mov eax, 11
    mov ebx, SEL_CODE32
    mov ecx, pm_stubs + 11 * 16
    mov dl, 0x0e
    call set_idt
    EXPECT .df
    mov ax, SEL_NP_DATA
    mov ds, ax
.df:
    P `done\n`
    EXIT 0

short_idt:
    dw 0x47f
    dd IDT_BASE

user_faults:
    EXPECT .a
    hlt
.a:
    EXPECT .b
    cli
.b:
    EXPECT .c
    mov eax, cr0
.c:
    EXPECT .d
    lgdt [VAR_SCRATCH]
.d:
    EXPECT .e
    in al, 0x80
.e:
    EXPECT .f
    int 0x41
.f:
    EXPECT .g
    rdmsr
.g:
    EXPECT .h
    mov ax, SEL_DATA
    mov ds, ax
.h:
    EXPECT .i
    mov ax, SEL_DPL3                ; RPL 0 < DPL 3 is fine, CPL 3: loads
    mov ds, ax
    mov ax, SEL_DATA_3
    mov ds, ax
    EXPECT .i
    wbinvd
.i:
    EXPECT .j
    mov dr7, eax
.j:
    EXPECT .k
    clts
.k:
    EXPECT .l
    invlpg [0]
.l:
    EXPECT .m
    ltr ax
.m:
    USER_RETURN

bits 16
ROM_END
