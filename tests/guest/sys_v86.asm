; Virtual-8086 mode: entry by IRET, INT n / CLI / STI / PUSHF / POPF / IRET under IOPL 3 (allowed) and IOPL 0
; (#GP(0)), exceptions and interrupts to ring 0 with the V86 frame (GS FS DS ES SS ESP EFLAGS CS EIP), the data
; segments nulled in the handler, IRET back into V86 mode, I/O through the bitmap, INT3 and the gate's DPL.
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

V86_SS equ 0x0a00
V86_SP equ 0x1000

%macro VP 1                         ; V86 print (16-bit code, string in CS)
    jmp %%after
%%text: db %1, 0
%%after:
    push si
    mov si, %%text
    call v86_print
    pop si
%endmacro

; EXPECT for V86 code: the resume variable is at linear 500h, DS holds F000h.
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

bits 32
; run_v86: enters V86 mode at F000:AX with EFLAGS EBX (VM is added); returns when V86 code reaches
; user_return_handler (INT 30h, or INT3 once its gate points there).
run_v86:
    mov [VAR_KERN_ESP], esp
    push dword 0x1111               ; GS
    push dword 0x2222               ; FS
    push dword 0xf000               ; DS
    push dword 0x3333               ; ES
    push dword V86_SS
    push dword V86_SP
    or ebx, 0x20000
    push ebx
    push dword 0xf000
    push eax
    iretd

int60_handler:                      ; EIP CS EFLAGS ESP SS ES DS FS GS
    P `int 60h from V86: cs=`
    PHEX [esp + 4]
    P ` eflags.vm=`
    mov eax, [esp + 8]
    shr eax, 17
    and eax, 1
    PHEX eax
    P ` ss:sp=`
    PHEX [esp + 16]
    PHEX [esp + 12]
    P ` es ds fs gs=`
    PHEX [esp + 20]
    PHEX [esp + 24]
    PHEX [esp + 28]
    PHEX [esp + 32]
    P ` ds now=`
    mov eax, ds
    PHEX eax
    PNL
    iretd

int3_v86:
    P `int3 from V86 through a DPL 3 gate\n`
    iretd

pm_main:
    P `v86\n`
    mov eax, 0xe9
    btr [TSS_BASE + 0x68], eax
    call setup_user
    mov eax, 0x60
    mov ebx, SEL_CODE32
    mov ecx, int60_handler
    mov dl, 0xee
    call set_idt
    mov eax, v86_iopl3
    mov ebx, 0x3002
    call run_v86
    P `back in protected mode, cpl `
    mov eax, cs
    and eax, 3
    PHEX eax
    PNL
    mov eax, 3
    mov ebx, SEL_CODE32
    mov ecx, int3_v86
    mov dl, 0xee
    call set_idt
    mov eax, 6                      ; #UD ends the V86 part
    mov ecx, user_return_handler
    mov dl, 0x8e
    call set_idt
    mov eax, v86_iopl0
    mov ebx, 0x0002
    call run_v86
    P `done\n`
    EXIT 0

bits 16
v86_iopl3:
    VP `in V86 mode (IOPL 3)\n`
    pushf
    pop ax
    cli
    sti
    push ax
    popf
    mov bx, 0x1234
    int 0x60
    VP `after int 60h\n`
    EXPECT_V86 .a
    ud2
.a:
    EXPECT_V86 .b
    xor dx, dx
    xor cx, cx
    div cx
.b:
    EXPECT_V86 .c
    int3                            ; the gate has DPL 0: #GP(1Ah)
.c:
    EXPECT_V86 .d
    hlt
.d:
    EXPECT_V86 .e
    mov eax, cr0
.e:
    EXPECT_V86 .f
    in al, 0x80                     ; the bitmap denies it, whatever IOPL says
.f:
    EXPECT_V86 .g
    mov ax, 0x10
    lar ax, ax                      ; protected-mode only: #UD
.g:
    ; a real-mode style far call and return
    call 0xf000:v86_far
    int 0x30

v86_far:
    VP `far call in V86\n`
    retf

v86_iopl0:
    VP `in V86 mode (IOPL 0)\n`
    EXPECT_V86 .a
    cli
.a:
    EXPECT_V86 .b
    sti
.b:
    EXPECT_V86 .c
    pushf
.c:
    EXPECT_V86 .d
    popf
.d:
    EXPECT_V86 .e
    int 0x60
.e:
    EXPECT_V86 .f
    push word 0
    push cs
    push word .f
    iret
.f:
    mov al, 'o'
    out 0xe9, al                    ; the bitmap allows E9h
    mov al, 10
    out 0xe9, al
    int3                            ; not IOPL-sensitive: goes to the IDT (gate set below to DPL 3)
    VP `after int3\n`
    ud2

bits 16
ROM_END
