; Hardware behaviour QEMU does not model (see sys_hardware.qemu-differs): segment limits and rights on data,
; stack and code accesses (expand-down segments, read-only data, execute-only code, null selectors, near jumps
; past CS's limit, IRET past the limit), the EXT bit of error codes, RF in the EFLAGS image of a fault,
; instruction breakpoints, DR7.GD, the TSS T bit, and the P bit of a reserved-bit page fault.
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

SEL_SMALL equ SEL_FREE              ; data, limit FFh
SEL_DOWN32 equ SEL_FREE + 8         ; expand-down, B = 1, limit FFFh
SEL_DOWN16 equ SEL_FREE + 0x10      ; expand-down, B = 0, limit FFFh
SEL_RO equ SEL_FREE + 0x18          ; read-only data
SEL_XONLY equ SEL_FREE + 0x20       ; execute-only code, base F0000h
SEL_STACK64K equ SEL_FREE + 0x28    ; 32-bit stack, limit 8FFFh
SEL_TSS_T equ SEL_FREE + 0x30       ; a TSS with the T bit
TSS_T equ 0x14000

bits 16
test_main:
    PM_START

bits 32
; #DB and #GP handler that also shows RF in the EFLAGS image; it resumes like the common handler (#DB: with RF).
rf_handler:
    push eax
    push ds
    mov ax, SEL_DATA
    mov ds, ax
    P `#GP e=`
    PHEX [esp + 8]
    P ` @`
    PHEX [esp + 12]
    P ` rf=`
    mov eax, [esp + 20]
    shr eax, 16
    and eax, 1
    PHEX eax
    PNL
    mov eax, [VAR_RESUME]
    mov dword [VAR_RESUME], 0
    mov [esp + 12], eax
    pop ds
    pop eax
    add esp, 4
    iretd

db_handler:
    push eax
    push ds
    mov ax, SEL_DATA
    mov ds, ax
    P `#DB @`
    PHEX [esp + 8]
    P ` dr6=`
    mov eax, dr6
    and eax, 0xe00f
    PHEX eax
    P ` dr7.gd=`
    mov eax, dr7
    shr eax, 13
    and eax, 1
    PHEX eax
    PNL
    xor eax, eax
    mov dr6, eax
    or dword [esp + 16], 0x10000    ; RF: the breakpointed instruction runs on return
    pop ds
    pop eax
    iretd

pm_main:
    P `hardware\n`
    mov eax, SEL_SMALL
    xor ebx, ebx
    mov ecx, 0xff
    mov dl, 0x93
    mov dh, 0x4
    call set_gdt
    mov eax, SEL_DOWN32
    mov ebx, 0x20000
    mov ecx, 0xfff
    mov dl, 0x97
    mov dh, 0x4
    call set_gdt
    mov eax, SEL_DOWN16
    mov dh, 0
    call set_gdt
    mov eax, SEL_RO
    xor ebx, ebx
    mov ecx, 0xfffff
    mov dl, 0x91
    mov dh, 0xc
    call set_gdt
    mov eax, SEL_XONLY
    mov ebx, 0xf0000
    mov ecx, 0xffff
    mov dl, 0x99
    mov dh, 0x4
    call set_gdt
    mov eax, SEL_STACK64K
    xor ebx, ebx
    mov ecx, 0x8fff
    mov dl, 0x93
    mov dh, 0x4
    call set_gdt

    ; limits
    mov ax, SEL_SMALL
    mov fs, ax
    mov eax, [fs:0xfc]
    mov al, [fs:0xff]
    EXPECT .l1
    mov eax, [fs:0xfd]
.l1:
    EXPECT .l2
    mov byte [fs:0x100], 0
.l2:
    mov ax, SEL_DOWN32
    mov es, ax
    mov dword [es:0x1000], 0x600d
    mov eax, [es:0xfffffffc]
    EXPECT .l3
    mov eax, [es:0xffe]
.l3:
    mov ax, SEL_DOWN16
    mov es, ax
    mov ax, [es:0xfffe]
    EXPECT .l4
    mov ax, [es:0xffff]             ; the last byte is past FFFFh
.l4:
    mov ax, SEL_DATA
    mov es, ax
    mov eax, [ss:0x3ffffc]          ; SS is flat: far offsets are inside its limit
    P `flat ss read ok\n`
    mov ax, SEL_STACK64K
    mov gs, ax
    EXPECT .l6
    mov eax, [gs:0x8ffe]
.l6:
    mov ax, SEL_STACK64K            ; 32-bit stack segment with limit 8FFFh
    mov ss, ax
    push eax
    pop eax
    EXPECT .l7
    mov eax, [ss:0x9000]
.l7:
    EXPECT .l8
    mov eax, [esp + 0x20]           ; through SS too
.l8:
    mov ax, SEL_DATA
    mov ss, ax

    ; rights
    EXPECT .r1                      ; (EXPECT writes through DS: arm it before DS becomes read-only)
    mov ax, SEL_RO
    mov ds, ax
    mov eax, [0x500]
    mov dword [0x508], 1
.r1:
    mov ax, SEL_DATA
    mov ds, ax
    xor eax, eax
    mov fs, ax
    EXPECT .r2
    mov eax, [fs:0]
.r2:
    jmp SEL_XONLY:.xonly
.xonly:
    EXPECT .r3
    mov eax, [cs:0]                 ; execute-only: no reads
.r3:
    jmp SEL_CODE32:.r4
.r4:
    EXPECT .j1
    mov eax, 0x10000
    jmp eax                         ; past CS's 64 KiB limit
.j1:
    EXPECT .j2
    pushfd
    push dword SEL_CODE32
    push dword 0x12345
    iretd
.j2:

    ; EXT: #UD whose gate is missing becomes #NP(gate) with EXT set; INT 6 from software does not set it
    mov byte [IDT_BASE + 6 * 8 + 5], 0x0e
    EXPECT .e1
    ud2
.e1:
    EXPECT .e2
    int 6
.e2:
    mov byte [IDT_BASE + 6 * 8 + 5], 0x8e

    ; RF in the image of a fault, not of a trap
    mov eax, 13
    mov ebx, SEL_CODE32
    mov ecx, rf_handler
    mov dl, 0x8e
    call set_idt
    EXPECT .f1
    mov ax, 0x7f8
    mov ds, ax
.f1:
    mov eax, 13
    mov ecx, pm_stubs + 13 * 16
    call set_idt

    ; instruction breakpoint, general detect
    mov eax, 1
    mov ecx, db_handler
    call set_idt
    mov eax, 0xf0000 + bp_here
    mov dr0, eax
    mov eax, 0x1
    mov dr7, eax
    nop
bp_here:
    mov ebx, 0x1234
    P `after the breakpoint, ebx=`
    PHEX ebx
    PNL
    mov eax, 0x2000                 ; GD
    mov dr7, eax
    mov eax, dr0                    ; #DB fault with BD; GD is cleared so the handler may use DR7
    P `after general detect\n`

    ; a task whose TSS has the T bit: #DB with BT before its first instruction
    mov edi, TSS_T
    mov ecx, 0x68
    xor eax, eax
    rep stosb
    mov dword [TSS_T + 0x20], task_t
    mov dword [TSS_T + 0x24], 2
    mov dword [TSS_T + 0x38], 0x7800
    mov dword [TSS_T + 0x48], SEL_DATA
    mov dword [TSS_T + 0x4c], SEL_CODE32
    mov dword [TSS_T + 0x50], SEL_DATA
    mov dword [TSS_T + 0x54], SEL_DATA
    mov word [TSS_T + 0x64], 1
    mov word [TSS_T + 0x66], 0x68
    mov eax, SEL_TSS_T
    mov ebx, TSS_T
    mov ecx, 0x67
    mov dl, 0x89
    mov dh, 0
    call set_gdt
    call SEL_TSS_T:0
    P `back from the T task\n`

    ; PAE reserved bit: the error code has P and RSVD
    mov dword [0x23000], 0x24000 | 1
    mov dword [0x24000], 0x87           ; 2 MiB page at 0
    mov dword [0x24000 + 8], 0x87 | 0x200000
    mov dword [0x24000 + 12], 0x10      ; bit 36: reserved with 36-bit physical addresses
    mov eax, 0x23000
    mov cr3, eax
    mov eax, cr4
    or eax, 0x20
    mov cr4, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    EXPECT .p1
    mov eax, [0x200000]
.p1:
    P `done\n`
    EXIT 0

task_t:
    P `in the T task\n`
    iretd

bits 16
ROM_END
