; The instruction groups (cpu_alu.inc, cpu_ops.inc) in virtual-8086 mode under IOPL 3, the monitor being the
; 32-bit ring-0 code of sys.inc: exceptions, INT 60h, INT3 and INTO arrive there through the IDT (the last three
; need DPL 3 gates) and return by IRETD. Then under IOPL 0 and 2: CLI, STI, PUSHF(D), POPF(D), INT n and IRET(D) fault
; with #GP(0) to the monitor with nothing changed (it prints the EFLAGS and SP of the frame), while INT3 and INTO
; still go through their gates and the I/O bitmap alone decides OUT. Compared with QEMU (tests/guest/qemu-expect).
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

V86_SP equ 0x6000                       ; SS = 0
CODESEG equ 0xf000
DATASEG equ 0x2000
ALTSEG equ 0x3000

bits 16
test_main:
    PM_START

bits 32
; run_v86: enters V86 mode at F000:EAX with EFLAGS EBX (VM added); returns when the V86 code reaches
; user_return_handler (INT 30h, or #UD once its gate points there).
run_v86:
    mov [VAR_KERN_ESP], esp
    push dword 0                        ; GS
    push dword 0                        ; FS
    push dword DATASEG                  ; DS
    push dword DATASEG                  ; ES
    push dword 0                        ; SS
    push dword V86_SP
    or ebx, 0x20000
    push ebx
    push dword CODESEG
    push eax
    iretd

; INT 60h from V86 mode (frame EIP CS EFLAGS ESP SS ES DS FS GS): prints CS, EFLAGS, the data segments (null
; now), and adds 1 to EAX.
int60_handler:
    P `int 60h from v86: cs eflags ds `
    PHEX [esp + 4]
    PHEX [esp + 8]
    push eax
    mov eax, ds
    PHEX eax
    pop eax
    PNL
    inc eax
    iretd

; #GP: prints the error code, CS:IP, EFLAGS (RF left out) and SP of the frame, and resumes at VAR_RESUME (once).
gp_handler:                             ; error code, EIP, CS, EFLAGS, ESP, SS, ...
    push eax
    P `#GP e=`
    PHEX [esp + 4]
    P ` @`
    PHEX [esp + 12]
    PHEX [esp + 8]
    P ` eflags `
    mov eax, [esp + 16]
    and eax, ~0x10000                   ; RF: set in a fault's image (SDM vol. 3, 17.3.1.1), QEMU leaves it clear
    PHEX eax
    P ` sp `
    PHEX [esp + 20]
    PNL
    mov eax, [ss:VAR_RESUME]
    test eax, eax
    jz .unexpected
    mov dword [ss:VAR_RESUME], 0
    mov [esp + 8], eax
    pop eax
    add esp, 4
    iretd
.unexpected:
    P `unexpected #GP\n`
    EXIT 0x7e

pm_main:
    P `cpu_v86: virtual-8086 mode\n`
    mov eax, 0xe9
    btr [TSS_BASE + 0x68], eax          ; the I/O bitmap allows port E9h
    call setup_user
    mov eax, 0x60
    mov ebx, SEL_CODE32
    mov ecx, int60_handler
    mov dl, 0xee
    call set_idt
    mov eax, 3                          ; INT3 and INTO: DPL 3 gates to the common handler
    mov ecx, pm_stubs + 3 * 16
    call set_idt
    mov eax, 4
    mov ecx, pm_stubs + 4 * 16
    call set_idt
    mov eax, v86_iopl3
    mov ebx, 0x3002
    call run_v86
    P `back in the monitor\n`
    mov eax, 13
    mov ebx, SEL_CODE32
    mov ecx, gp_handler
    mov dl, 0x8e
    call set_idt
    mov eax, 6                          ; #UD ends the IOPL < 3 parts
    mov ecx, user_return_handler
    call set_idt
    mov eax, v86_iopl0
    mov ebx, 0x0002                     ; IOPL 0
    call run_v86
    mov eax, v86_iopl0
    mov ebx, 0x2002                     ; IOPL 2
    call run_v86
    P `done\n`
    EXIT 0

bits 16
%include "tests/guest/cpu_show.inc"

%macro EXPECT_X 1
    mov dword [ss:VAR_RESUME], %1
%endmacro

v86_iopl3:
    LBL `in V86 mode, IOPL 3\n`
    call cpu_alu_tests
    call cpu_ops_tests
    int 0x30

; Under IOPL < 3 the helpers of cpu_show.inc (PUSHF/POPF) would fault: VP prints with OUT only.
%macro VP 1
    jmp %%after
%%text: db %1, 0
%%after:
    mov si, %%text
    call v86_print
%endmacro

v86_print:
.next:
    mov al, [cs:si]
    test al, al
    jz .done
    out 0xe9, al
    inc si
    jmp .next
.done:
    ret

v86_iopl0:
    VP `in V86 mode, IOPL < 3\n`
    EXPECT_X .a
    cli
.a:
    EXPECT_X .b
    sti
.b:
    EXPECT_X .c
    pushf
.c:
    EXPECT_X .d
    pushfd
.d:
    push word 0x08d5
    EXPECT_X .e
    popf                                ; nothing popped
.e:
    EXPECT_X .f
    popfd
.f:
    add sp, 2
    EXPECT_X .g
    int 0x60
.g:
    EXPECT_X .h
    push word 0x0ed5
    push cs
    push word .h
    iret                                ; nothing popped
.h:
    add sp, 6
    EXPECT_X .i
    push dword 0x0ed5
    push dword CODESEG
    push dword .i
    iretd
.i:
    add sp, 12
    mov dword [ss:VAR_RESUME], .j
    int3                                ; not IOPL-sensitive: through its DPL 3 gate
.j:
    mov al, 0x7f
    add al, 1                           ; OF
    mov dword [ss:VAR_RESUME], .k
    into
.k:
    mov dword [ss:VAR_RESUME], .l
    int 3
.l:
    VP `sp `
    movzx eax, sp
    call hex32                          ; back where it started
    VP `\nIOPL < 3 done\n`
    ud2

%include "tests/guest/cpu_alu.inc"
%include "tests/guest/cpu_ops.inc"

ROM_END
