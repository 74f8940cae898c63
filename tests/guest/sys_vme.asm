; Virtual-8086 mode extensions (CR4.VME) and protected-mode virtual interrupts (CR4.PVI): CLI/STI/PUSHF/POPF/IRET
; on the virtual interrupt flag at IOPL 0, STI with a pending virtual interrupt (#GP), and INT n redirected to
; the 8086 program's vector table or sent to ring 0 by the TSS's redirection bitmap.
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

V86_SS equ 0x0a00
V86_SP equ 0x1000
IO_BASE equ 0x88                    ; the redirection bitmap is the 32 bytes below it

%macro VP 1
    jmp %%after
%%text: db %1, 0
%%after:
    push si
    mov si, %%text
    call v86_print
    pop si
%endmacro

%macro EXPECT_V86 1
    push ds
    push word 0
    pop ds
    mov dword [VAR_RESUME], %1
    pop ds
%endmacro

bits 16
test_main:
    PM_START

v86_print:
    push ax
    push si
.next:
    mov al, [cs:si]
    test al, al
    jz .done
    out 0xe9, al
    inc si
    jmp .next
.done:
    pop si
    pop ax
    ret

; v86_flags: prints the FLAGS image PUSHF shows (IF and IOPL bits).
v86_flags:
    push ax
    push bx
    pushf
    pop bx
    mov al, '0'
    test bx, 0x200
    jz .if0
    mov al, '1'
.if0:
    out 0xe9, al
    mov al, '0'
    test bx, 0x3000
    jz .iopl0
    mov al, '3'
.iopl0:
    out 0xe9, al
    mov al, 10
    out 0xe9, al
    pop bx
    pop ax
    ret

v86_int21:
    VP `8086 handler for int 21h, pushed IF/IOPL: `
    push bp
    mov bp, sp
    mov bx, [bp + 6]                ; FLAGS image
    pop bp
    mov al, '0'
    test bx, 0x200
    jz .a
    mov al, '1'
.a:
    out 0xe9, al
    mov al, '0'
    test bx, 0x3000
    jz .b
    mov al, '3'
.b:
    out 0xe9, al
    mov al, 10
    out 0xe9, al
    iret

bits 32
run_v86:
    mov [VAR_KERN_ESP], esp
    push dword 0
    push dword 0
    push dword 0xf000
    push dword 0
    push dword V86_SS
    push dword V86_SP
    or ebx, 0x20000
    push ebx
    push dword 0xf000
    push eax
    iretd

; #GP handler that shows VIF and VIP of the interrupted V86 code, then resumes like the common handler.
gp_vif:
    push eax
    push ds
    mov ax, SEL_DATA
    mov ds, ax
    P `#GP e=`
    PHEX [esp + 8]
    P ` vif/vip=`
    mov eax, [esp + 20]
    shr eax, 19
    and eax, 3
    PHEX eax
    PNL
    mov eax, [VAR_RESUME]
    test eax, eax
    jz .unexpected
    mov dword [VAR_RESUME], 0
    mov [esp + 12], eax
    and dword [esp + 20], ~0x100000 ; VIP handled ...
    cmp dword [VAR_SCRATCH], 1
    jne .out
    or dword [esp + 20], 0x100000   ; ... or, when asked, a virtual interrupt becomes pending
    mov dword [VAR_SCRATCH], 0
.out:
    pop ds
    pop eax
    add esp, 4
    iretd
.unexpected:
    P `unexpected #GP\n`
    EXIT 0x7e

int22_ring0:
    P `int 22h reached ring 0\n`
    iretd

pm_main:
    P `vme\n`
    mov word [TSS_BASE + 0x66], IO_BASE
    mov edi, TSS_BASE + 0x68
    mov ecx, 32
    xor eax, eax
    rep stosb                       ; redirect every INT n ...
    mov byte [TSS_BASE + 0x68 + 0x22 / 8], 1 << (0x22 & 7)   ; ... but 22h
    mov eax, 0xe9
    btr [TSS_BASE + IO_BASE], eax
    mov word [0x21 * 4], v86_int21
    mov word [0x21 * 4 + 2], 0xf000
    mov eax, 13
    mov ebx, SEL_CODE32
    mov ecx, gp_vif
    mov dl, 0x8e
    call set_idt
    mov eax, 0x22
    mov ecx, int22_ring0
    mov dl, 0xee
    call set_idt
    mov eax, 6
    mov ecx, user_return_handler
    mov dl, 0x8e
    call set_idt
    mov eax, cr4
    or eax, 3                       ; VME, PVI
    mov cr4, eax
    mov eax, v86_vme
    mov ebx, 0x0202
    call run_v86
    mov eax, v86_vme_iopl3
    mov ebx, 0x3202
    call run_v86

    ; PVI at ring 3
    call setup_user
    mov eax, user_pvi
    mov ebx, 0x0202
    call run_user
    P `done\n`
    EXIT 0

bits 16
v86_vme:
    VP `V86 IOPL 0 with VME, pushf IF/IOPL: `
    call v86_flags
    cli
    VP `after cli: `
    call v86_flags
    sti
    VP `after sti: `
    call v86_flags
    push word 0x0000
    popf
    VP `after popf 0: `
    call v86_flags
    push word 0x0200
    popf
    VP `after popf 200h: `
    call v86_flags
    int 0x21
    VP `back from the 8086 handler\n`
    cli
    EXPECT_V86 .a
    push ds
    push word 0
    pop ds
    mov dword [VAR_SCRATCH], 1      ; the #GP handler makes a virtual interrupt pending
    pop ds
    int 0x22                        ; bit set, IOPL 0: #GP
.a:
    EXPECT_V86 .b
    sti                             ; VIP: #GP
.b:
    sti
    VP `sti without VIP: `
    call v86_flags
    EXPECT_V86 .c
    pushfd                          ; 32-bit forms still fault
.c:
    ud2

v86_vme_iopl3:
    VP `V86 IOPL 3 with VME\n`
    int 0x21                        ; redirected, real IF image
    int 0x22                        ; bit set: ring 0
    ud2

bits 32
show_if_vif:
    P ` IF=`
    mov ecx, eax
    shr ecx, 9
    and ecx, 1
    PHEX ecx
    P ` VIF=`
    shr eax, 19
    and eax, 1
    PHEX eax
    PNL
    ret

user_pvi:
    cli
    pushfd
    pop eax
    P `ring 3 PVI after cli:`
    call show_if_vif
    sti
    pushfd
    pop eax
    P `ring 3 PVI after sti:`
    call show_if_vif
    EXPECT .a
    push dword 0
    popfd                           ; POPF is not virtualised: IF stays, no fault
    pushfd
    pop eax
    P `after popfd 0:`
    call show_if_vif
.a:
    USER_RETURN

bits 16
ROM_END
