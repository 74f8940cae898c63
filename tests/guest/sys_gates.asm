; Gates: interrupt vs trap gates (IF), a 16-bit interrupt gate, interrupts from ring 3 (inner stack frame), call
; gates with parameter copying (32- and 16-bit) from ring 3 to ring 0 and back with RETF n (DS nulled), a call
; gate at the same privilege, JMP through a call gate, a conforming code segment, and the gate checks.
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

SEL_GATE32 equ SEL_FREE             ; call gate to ring 0, 2 dword parameters, DPL 3
SEL_GATE16 equ SEL_FREE + 8         ; 16-bit call gate, 3 word parameters, DPL 3
SEL_GATE_SAME equ SEL_FREE + 0x10   ; call gate to ring 0, DPL 0
SEL_CONFORM equ SEL_FREE + 0x18     ; conforming code, DPL 0
SEL_GATE_NP equ SEL_FREE + 0x20     ; call gate, not present
SEL_GATE_DPL0 equ SEL_FREE + 0x28   ; call gate with DPL 0 (ring 3 may not use it)
SEL_CODE_NP equ SEL_FREE + 0x30     ; code segment, not present
SEL_GATE_TO_NP equ SEL_FREE + 0x38  ; call gate to the not-present code segment, DPL 3

bits 16
test_main:
    PM_START

bits 32
pm_main:
    P `gates\n`
    mov eax, 0x40
    mov ebx, SEL_CODE32
    mov ecx, flag_handler
    mov dl, 0x8e                    ; interrupt gate
    call set_idt
    mov eax, 0x41
    mov dl, 0x8f                    ; trap gate
    call set_idt
    mov eax, 0x42
    mov ecx, handler16
    mov dl, 0x86                    ; 16-bit interrupt gate
    call set_idt
    mov eax, 0x43
    mov ecx, frame_handler
    mov dl, 0xee                    ; DPL 3 interrupt gate
    call set_idt
    sti
    int 0x40
    int 0x41
    cli
    int 0x41
    mov esi, 0x11112222
    int 0x42
    P `after 16-bit gate esi=`
    PHEX esi
    PNL

    ; call gates
    mov edi, GDT_BASE + SEL_GATE32
    mov bx, SEL_CODE32
    mov ecx, gate32_target
    mov dl, 0xec                    ; 32-bit call gate, DPL 3
    mov dh, 2
    call set_gate
    mov edi, GDT_BASE + SEL_GATE16
    mov ecx, gate16_target
    mov dl, 0xe4                    ; 16-bit call gate, DPL 3
    mov dh, 3
    call set_gate
    mov edi, GDT_BASE + SEL_GATE_SAME
    mov ecx, gate_same_target
    mov dl, 0x8c
    mov dh, 0
    call set_gate
    mov edi, GDT_BASE + SEL_GATE_NP
    mov dl, 0x6c                    ; not present
    call set_gate
    mov edi, GDT_BASE + SEL_GATE_DPL0
    mov dl, 0x8c
    call set_gate
    mov edi, GDT_BASE + SEL_GATE_TO_NP
    mov bx, SEL_CODE_NP
    mov dl, 0xec
    call set_gate
    mov eax, SEL_CODE_NP
    mov ebx, 0xf0000
    mov ecx, 0xffff
    mov dl, 0x1b
    mov dh, 0x4
    call set_gdt
    mov eax, SEL_CONFORM
    mov dl, 0x9f
    call set_gdt

    call SEL_GATE_SAME:0
    P `back from the same-level gate\n`
    mov dword [VAR_SCRATCH], 1
    jmp SEL_GATE_SAME:0xdead        ; the offset is ignored: the gate's counts
back_from_jmp:
    EXPECT .g1
    call SEL_GATE_NP:0
.g1:
    call setup_user
    mov eax, user_code
    mov ebx, 0x3202                 ; IOPL 3: ring 3 may print
    call run_user
    P `done\n`
    EXIT 0

flag_handler:
    P `handler IF=`
    pushfd
    pop eax
    shr eax, 9
    and eax, 1
    PHEX eax
    P ` saved IF=`
    mov eax, [esp + 8]
    shr eax, 9
    and eax, 1
    PHEX eax
    PNL
    iretd

handler16:
    P `16-bit frame ip=`
    movzx eax, word [esp]
    PHEX eax
    P ` cs=`
    movzx eax, word [esp + 2]
    PHEX eax
    PNL
    mov esi, 0x3333
    o16 iret

frame_handler:                      ; from ring 3: EIP CS EFLAGS ESP SS
    P `ring-3 frame cs=`
    PHEX [esp + 4]
    P ` esp=`
    PHEX [esp + 12]
    P ` ss=`
    PHEX [esp + 16]
    P ` cpl=`
    mov eax, cs
    and eax, 3
    PHEX eax
    PNL
    iretd

gate_same_target:
    cmp dword [VAR_SCRATCH], 1
    je .jumped
    P `same-level gate: return cs=`
    PHEX [esp + 4]
    PNL
    retf
.jumped:
    P `reached through JMP\n`
    jmp back_from_jmp

gate32_target:                      ; EIP CS p0 p1 ESP SS
    P `32-bit gate: cpl=`
    mov eax, cs
    and eax, 3
    PHEX eax
    P ` params `
    PHEX [esp + 8]
    P ` `
    PHEX [esp + 12]
    P ` caller ss=`
    PHEX [esp + 20]
    P ` esp=`
    mov eax, [esp + 16]
    sub eax, STACK3
    PHEX eax
    P ` ss=`
    mov eax, ss
    PHEX eax
    PNL
    mov ax, SEL_DATA                ; DPL 0: nulled on the way back to ring 3
    mov ds, ax
    mov eax, 0x5a5a
    retf 8

gate16_target:                      ; IP CS p0 p1 p2 SP SS, as words
    P `16-bit gate: params `
    movzx eax, word [esp + 4]
    PHEX eax
    movzx eax, word [esp + 6]
    PHEX eax
    movzx eax, word [esp + 8]
    PHEX eax
    P ` caller ss=`
    movzx eax, word [esp + 12]
    PHEX eax
    PNL
    o16 retf 6

conform_target:
    P `conforming: cpl=`
    mov eax, cs
    PHEX eax
    PNL
    retf

user_code:
    push dword 0x1111
    push dword 0x2222
    call SEL_GATE32:0
    mov ebx, ds
    P `back in ring 3: eax=`
    PHEX eax
    P ` ds=`
    PHEX ebx
    P ` esp=`
    mov eax, esp
    sub eax, STACK3
    PHEX eax
    PNL
    mov ax, SEL_DATA_3
    mov ds, ax
    push word 0xa
    push word 0xb
    push word 0xc
    call SEL_GATE16:0
    P `16-bit gate returned, esp=`
    mov eax, esp
    sub eax, STACK3
    PHEX eax
    PNL
    call SEL_CONFORM:conform_target
    int 0x43
    EXPECT .u1
    call SEL_GATE_DPL0:0
.u1:
    EXPECT .u2
    call SEL_GATE_TO_NP:0
.u2:
    EXPECT .u3
    int 0x40                        ; DPL 0 gate
.u3:
    EXPECT .u4
    call SEL_CODE32:0               ; non-conforming DPL 0 code
.u4:
    USER_RETURN

bits 16
ROM_END
