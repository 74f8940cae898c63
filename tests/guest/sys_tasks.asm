; Hardware task switching: CALL to a TSS (NT, back link, busy bits) and IRET back, JMP between tasks, a busy TSS,
; a task gate in the GDT to a 16-bit TSS, a task gate in the IDT for #GP (error code on the new task's stack) and
; for INT n, and the TSS checks (#TS for a short TSS, #NP, #GP for a busy or non-TSS target).
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

SEL_TSS_B equ SEL_FREE              ; 32-bit TSS
SEL_TSS_C equ SEL_FREE + 8          ; 16-bit TSS
SEL_GATE_C equ SEL_FREE + 0x10      ; task gate to C, DPL 0
SEL_TSS_D equ SEL_FREE + 0x18       ; 32-bit TSS for the #GP task
SEL_TSS_E equ SEL_FREE + 0x20       ; 32-bit TSS for INT 50h
SEL_TSS_SHORT equ SEL_FREE + 0x28   ; limit 0x60: too short
SEL_TSS_NP equ SEL_FREE + 0x30      ; not present
TSS_B equ 0x14000
TSS_C equ 0x15000
TSS_D equ 0x16000
TSS_E equ 0x17000

bits 16
test_main:
    PM_START

bits 32
; make_tss32: TSS at EDI, entry EAX, stack ESP = EBX, EAX register image = EDX.
make_tss32:
    push ecx
    push edi
    push eax
    xor eax, eax
    mov ecx, 0x68 / 4
    rep stosd
    pop eax
    pop edi
    mov [edi + 0x20], eax
    mov dword [edi + 0x24], 2
    mov [edi + 0x28], edx
    mov [edi + 0x38], ebx
    mov dword [edi + 0x48], SEL_DATA
    mov dword [edi + 0x4c], SEL_CODE32
    mov dword [edi + 0x50], SEL_DATA
    mov dword [edi + 0x54], SEL_DATA
    mov dword [edi + 0x58], SEL_DATA
    mov dword [edi + 0x5c], SEL_DATA
    mov word [edi + 0x66], 0x68
    pop ecx
    ret

; tss_desc: GDT entry EAX := available 32-bit TSS at EBX, limit 0x67.
tss_desc:
    mov ecx, 0x67
    mov dl, 0x89
    mov dh, 0
    jmp set_gdt

; busy: prints the type nibbles of the main TSS and TSS B.
busy:
    P ` types A=`
    movzx eax, byte [GDT_BASE + SEL_TSS + 5]
    and eax, 0xf
    PHEX eax
    P ` B=`
    movzx eax, byte [GDT_BASE + SEL_TSS_B + 5]
    and eax, 0xf
    PHEX eax
    ret

nt:
    pushfd
    pop eax
    shr eax, 14
    and eax, 1
    P ` NT=`
    PHEX eax
    ret

pm_main:
    P `tasks\n`
    mov edi, TSS_B
    mov eax, task_b
    mov ebx, 0x7800
    mov edx, 0xb0b0b0b0
    call make_tss32
    mov eax, SEL_TSS_B
    mov ebx, TSS_B
    call tss_desc
    mov edi, TSS_D
    mov eax, task_d
    mov ebx, 0x7400
    mov edx, 0
    call make_tss32
    mov eax, SEL_TSS_D
    mov ebx, TSS_D
    call tss_desc
    mov edi, TSS_E
    mov eax, task_e
    mov ebx, 0x7000
    call make_tss32
    mov eax, SEL_TSS_E
    mov ebx, TSS_E
    call tss_desc
    mov eax, SEL_TSS_SHORT
    mov ecx, 0x60
    mov dl, 0x89
    call set_gdt
    mov eax, SEL_TSS_NP
    mov ecx, 0x67
    mov dl, 0x09
    call set_gdt

    ; 16-bit TSS C: IP, FLAGS, AX..DI, ES CS SS DS, LDT
    mov edi, TSS_C
    xor eax, eax
    mov ecx, 0x2c / 4
    rep stosd
    mov word [TSS_C + 0x0e], task_c
    mov word [TSS_C + 0x10], 2
    mov word [TSS_C + 0x12], 0xc0c0
    mov word [TSS_C + 0x1a], 0x6c00  ; SP
    mov word [TSS_C + 0x22], SEL_DATA16
    mov word [TSS_C + 0x24], SEL_CODE16
    mov word [TSS_C + 0x26], SEL_DATA16
    mov word [TSS_C + 0x28], SEL_DATA16
    mov eax, SEL_TSS_C
    mov ebx, TSS_C
    mov ecx, 0x2b
    mov dl, 0x81                    ; available 16-bit TSS
    mov dh, 0
    call set_gdt
    mov edi, GDT_BASE + SEL_GATE_C
    mov bx, SEL_TSS_C
    xor ecx, ecx
    mov dl, 0x85                    ; task gate
    mov dh, 0
    call set_gate

    P `A:`
    call busy
    call nt
    PNL
    mov eax, 0xa0a0a0a0
    mov esi, 0x5151
    call SEL_TSS_B:0
    P `A again: eax=`
    PHEX eax
    P ` esi=`
    PHEX esi
    call busy
    call nt
    P ` B's saved eax=`
    PHEX [TSS_B + 0x28]
    PNL
    EXPECT .g1
    call SEL_TSS:0                  ; the current task is busy
.g1:
    jmp SEL_TSS_B:0x1234            ; B is not busy: this switches; B jumps back
    P `A after JMP round trip:`
    call busy
    call nt
    PNL
    call SEL_GATE_C:0
    P `back from 16-bit task C, its ax=`
    movzx eax, word [TSS_C + 0x12]
    PHEX eax
    P ` ip=`
    movzx eax, word [TSS_C + 0x0e]
    sub eax, task_c
    PHEX eax
    PNL

    ; #GP through a task gate in the IDT: task D sees the error code, then skips A's faulting instruction
    mov edi, IDT_BASE + 13 * 8
    mov bx, SEL_TSS_D
    xor ecx, ecx
    mov dl, 0x85
    mov dh, 0
    call set_gate
    mov ax, 0x7f8
    mov ds, ax                      ; past the GDT: #GP(7f8h) into task D
after_gp:
    P `A after task D\n`
    ; INT 50h through a task gate of DPL 0
    mov edi, IDT_BASE + 0x50 * 8
    mov bx, SEL_TSS_E
    call set_gate
    int 0x50
    P `A after INT 50h task\n`
    mov edi, IDT_BASE + 13 * 8      ; #GP back to the common handler
    mov word [edi], pm_stubs + 13 * 16
    mov word [edi + 2], SEL_CODE32
    mov byte [edi + 5], 0x8e
    EXPECT .t1
    call SEL_TSS_SHORT:0
.t1:
    EXPECT .t2
    jmp SEL_TSS_NP:0
.t2:
    EXPECT .t3
    call SEL_DATA:0                 ; not code, not a gate
.t3:
    P `done\n`
    EXIT 0

task_b:
    P `B: eax=`
    PHEX eax
    P ` esi=`
    PHEX esi
    call busy
    call nt
    P ` link=`
    movzx eax, word [TSS_B]
    PHEX eax
    PNL
    mov eax, 0xbbbb
    iretd
    ; reached through JMP from A
    P `B after JMP:`
    call busy
    call nt
    PNL
    jmp SEL_TSS:0

task_d:
    P `D: error code=`
    PHEX [esp]
    call nt
    P ` link=`
    movzx eax, word [TSS_D]
    PHEX eax
    PNL
    add esp, 4
    mov dword [TSS_BASE + 0x20], after_gp  ; A resumes past the faulting instruction
    mov word [TSS_BASE + 0x54], SEL_DATA    ; with a good DS
    iretd
    jmp task_d

task_e:
    P `E: via INT 50h, link=`
    movzx eax, word [TSS_E]
    PHEX eax
    PNL
    iretd
    jmp task_e

bits 16
task_c:
    mov ax, 0xcc
    mov ebx, esp
    iret
    jmp task_c

ROM_END
