; Entering protected mode, ring 3 and back, the descriptor-table and selector instructions (SGDT/SIDT/SLDT/STR/
; SMSW/LAR/LSL/VERR/VERW/ARPL/LLDT), and back to real mode with a 4 GiB segment limit ("unreal mode").
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

bits 16
test_main:
    PRINT_E9 `real mode\n`
    smsw ax
    and ax, 0x11
    cmp ax, 0x10
    jne fail16
    PM_START
fail16:
    PRINT_E9 `FAIL\n`
    EXIT 0x7d

bits 32
pm_main:
    P `protected mode, cpl `
    mov eax, cs
    and eax, 3
    PHEX eax
    PNL
    sgdt [VAR_SCRATCH]
    P `sgdt `
    PHEX [VAR_SCRATCH + 2]
    P ` `
    movzx eax, word [VAR_SCRATCH]
    PHEX eax
    PNL
    sidt [VAR_SCRATCH]
    P `sidt `
    PHEX [VAR_SCRATCH + 2]
    P ` `
    movzx eax, word [VAR_SCRATCH]
    PHEX eax
    PNL
    o16 sidt [VAR_SCRATCH]
    str ax
    P `str `
    movzx eax, ax
    PHEX eax
    mov eax, 0x12345678
    str eax
    P ` `
    PHEX eax
    PNL
    smsw eax
    and eax, 0x8000001f
    P `smsw `
    PHEX eax
    PNL

    ; LAR / LSL / VERR / VERW on every kind of selector
    mov esi, probe_selectors
.probe:
    movzx ebx, word [cs:esi]
    cmp bx, 0xffff
    je .probed
    P `sel `
    PHEX ebx
    mov eax, 0xaaaaaaaa
    lar eax, bx
    setz cl
    P ` lar `
    PHEX eax
    movzx edx, cl
    PHEX edx
    mov eax, 0xbbbbbbbb
    lsl eax, bx
    setz cl
    P ` lsl `
    PHEX eax
    movzx edx, cl
    PHEX edx
    verr bx
    setz cl
    verw bx
    setz ch
    P ` rw `
    movzx edx, cx
    PHEX edx
    PNL
    add esi, 2
    jmp .probe
.probed:
    ; ARPL
    mov ax, 0x0011
    mov bx, 0x0023
    arpl ax, bx
    setz cl
    P `arpl `
    PHEX eax
    movzx ecx, cl
    PHEX ecx
    mov word [VAR_SCRATCH], 0x0033
    arpl [VAR_SCRATCH], bx
    setz cl
    movzx eax, word [VAR_SCRATCH]
    P ` `
    PHEX eax
    movzx ecx, cl
    PHEX ecx
    PNL

    ; an LDT with one data segment: LLDT, SLDT, then a load through it
    mov eax, SEL_FREE + 0x18
    mov ebx, 0x20000                ; the LDT itself
    mov ecx, 0x0f
    mov dl, 0x82
    mov dh, 0
    call set_gdt
    mov dword [0x20000 + 8], 0x0000ffff
    mov dword [0x20000 + 12], 0x00cf9300 | 0x0   ; flat data, base 0
    mov dword [0x20000 + 8], 0x1234ffff          ; base 0x00001234... low word 1234
    mov ax, SEL_FREE + 0x18
    lldt ax
    sldt bx
    P `sldt `
    movzx ebx, bx
    PHEX ebx
    mov ax, 0x0c                    ; LDT entry 1, TI = 1, RPL 0
    mov fs, ax
    mov dword [0x1234 + 0x10], 0xfeedf00d
    mov eax, [fs:0x10]
    P ` via ldt `
    PHEX eax
    PNL
    xor eax, eax
    lldt ax

    ; ring 3 and back
    call setup_user
    mov eax, user_code
    mov ebx, 0x202
    call run_user
    P `back in ring 0, cpl `
    mov eax, cs
    and eax, 3
    PHEX eax
    PNL

    ; back to real mode through a 16-bit segment, keeping FS with a 4 GiB limit
    mov ax, SEL_DATA
    mov fs, ax
    mov ax, SEL_DATA16
    mov ds, ax
    mov es, ax
    mov ss, ax
    jmp SEL_CODE16:.pm16
bits 16
.pm16:
    mov eax, cr0
    and eax, ~1
    mov cr0, eax
    jmp 0xf000:.real
.real:
    xor ax, ax
    mov ss, ax
    mov ds, ax
    mov es, ax
    mov sp, 0x7000
    mov dword [dword fs:0x123456], 0x600dcafe ; above 1 MiB through FS's cached 4 GiB limit
    xor ax, ax
    mov fs, ax                      ; a real-mode load keeps the limit
    mov ebx, [dword fs:0x123456]
    mov ax, cs
    mov ds, ax
    PRINT_E9 `real mode again\n`
    cmp ebx, 0x600dcafe
    jne .bad
    mov ax, cs
    mov ds, ax
    PRINT_E9 `unreal mode works\n`
    EXIT 0
.bad:
    mov ax, cs
    mov ds, ax
    PRINT_E9 `unreal mode FAILED\n`
    EXIT 0x7d

bits 32
user_code:
    mov eax, cs
    and eax, 3
    cmp eax, 3
    jne .no
    mov eax, 0x77
    mov bx, SEL_CODE32              ; LAR of a DPL 0 segment from ring 3 fails
    lar eax, bx
    jz .no
    verr bx
    jz .no
    mov bx, SEL_CODE32_3
    verr bx
    jnz .no
    verw bx
    jz .no
    USER_RETURN
.no:
    hlt                             ; #GP from ring 3: unexpected

probe_selectors:
    dw 0, SEL_CODE32, SEL_DATA, SEL_CODE16 | 3, SEL_DATA | 3, SEL_CODE32_3, SEL_DATA_3, SEL_TSS, SEL_FREE + 0x18
    dw 0x7f8, 0x800, 0x0c
    dw 0xffff

bits 16
ROM_END
