; x87 state images and exception timing that QEMU does not model (see fpu_state.qemu-differs): FNSTENV and
; FNSAVE in all four layouts (16/32-bit operand size, real and protected mode: the real-mode ones hold 20-bit
; linear addresses split around the opcode, the 32-bit protected one FFFFh in its reserved halves), FRSTOR,
; FNSAVE's implied FNINIT, FXSAVE's image with its abridged tag word, FXSAVE's alignment #GP and #NM under EM;
; a pending unmasked exception reported as #MF by the next waiting x87 instruction (not only FWAIT), FLDCW
; unmasking a raised flag, and the instructions that do not wait (FNSTSW, FNSTENV, FNSAVE, FXSAVE).
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

%define CR0_EM 4
%define CR0_NE 0x20
%define AREA 0x3000                 ; environment and state images
%define FXAREA 0x3200                ; 16-byte aligned
%define ONE_F32 0x3100              ; 1.0f
%define VAR_WORD VAR_SCRATCH

; Real mode: prints %2 16-bit words at ES:%1 (the ES=0 image area).
%macro RWORDS 2
    mov si, %1
    mov cx, %2
    call real_words
%endmacro

; Protected mode: prints %2 words at %1.
%macro PWORDS 2
    mov esi, %1
    mov ecx, %2
    call pm_words
%endmacro

bits 16
test_main:
    xor ax, ax
    mov es, ax
    mov dword [es:ONE_F32], 0x3f800000
    PRINT_E9 `real mode, 16-bit FNSTENV:`
    fninit
    fldpi
real_fld:
    fld dword [es:ONE_F32]          ; FIP = F0000h + real_fld, FOP = 106h, FDP = 3100h
    fnstenv [es:AREA]
    RWORDS AREA, 7
    PRINT_E9 `real mode, 32-bit FNSTENV:`
    o32 fnstenv [es:AREA]
    RWORDS AREA, 14
    PRINT_E9 `real mode, 16-bit FNSAVE then FRSTOR:`
    fnsave [es:AREA]
    RWORDS AREA + 14, 5
    fnstsw ax                       ; FNSAVE ends with FNINIT
    movzx eax, ax
    call lib_print_hex32
    frstor [es:AREA]
    fnstsw ax
    mov dx, ax
    fstp dword [es:AREA + 0x100]
    mov eax, [es:AREA + 0x100]
    call lib_print_hex32
    mov ax, dx
    call lib_print_hex32
    mov al, 10
    out 0xe9, al
    PM_START

bits 32
pm_main:
    P `protected mode, 32-bit FNSTENV:`
    fninit
    fldpi
pm_fld:
    fld dword [ONE_F32]
    fnstenv [AREA]
    PWORDS AREA, 14
    P `protected mode, 16-bit FNSTENV:`
    o16 fnstenv [AREA]
    PWORDS AREA, 7
    P `protected mode, 32-bit FNSAVE (environment, ST0, ST1):`
    fnsave [AREA]
    PWORDS AREA, 14 + 10
    P `FXSAVE after FRSTOR (words 0-15, ST0):`
    mov edi, FXAREA
    mov ecx, 512 / 4
    mov eax, 0xa5a5a5a5
    rep stosd
    frstor [AREA]
    fxsave [FXAREA]
    PWORDS FXAREA, 16 + 8
    P `FXRSTOR of a changed image (TOP 2, ST0 = 2.0, three registers in use):`
    fninit
    mov word [FXAREA + 2], 0x1000
    mov byte [FXAREA + 4], 0x1c
    mov word [FXAREA + 32 + 8], 0x4000
    fxrstor [FXAREA]
    fnstsw ax
    movzx eax, ax
    PHEX eax
    fnstenv [AREA]
    PHEX [AREA + 8]
    fstp dword [AREA + 0x100]
    PHEX [AREA + 0x100]
    PNL

    P `FXSAVE misaligned: #GP(0); under EM: #NM\n`
    EXPECT .gp_done
    fxsave [FXAREA + 8]
.gp_done:
    mov eax, cr0
    or eax, CR0_EM
    mov cr0, eax
    EXPECT .nm_done
    fxsave [FXAREA]
.nm_done:
    mov eax, cr0
    and eax, ~CR0_EM
    or eax, CR0_NE
    mov cr0, eax

    P `pending ZE: FNSTSW, FNSTENV, FXSAVE, FNSAVE go on; FLD1 raises #MF\n`
    call pending_ze
    fnstsw ax
    fnstenv [AREA]
    fxsave [FXAREA]
    call pending_ze
    fnsave [AREA]
    fnstsw ax
    movzx eax, ax
    P `sw after fnsave: `
    PHEX eax
    PNL
    call pending_ze
    EXPECT .mf1_done
    fld1
.mf1_done:
    fnclex
    P `FLDCW that unmasks a raised PE: the next FWAIT raises #MF\n`
    fninit
    fldpi
    fstp dword [AREA]               ; inexact, PE masked
    mov word [VAR_WORD], 0x035f     ; PE unmasked
    fldcw [VAR_WORD]
    fnstsw ax
    movzx eax, ax
    P `sw after fldcw: `
    PHEX eax
    PNL
    EXPECT .mf2_done
    fwait
.mf2_done:
    fninit
    P `done\n`
    EXIT 0

; 1/0 with ZE unmasked: an exception pending afterwards.
pending_ze:
    fninit
    mov word [VAR_WORD], 0x037b
    fldcw [VAR_WORD]
    fldz
    fld1
    fdiv st0, st1
    ret

; ECX words at ESI as 4 hex digits each.
pm_words:
    push eax
.next:
    mov al, ' '
    out 0xe9, al
    movzx eax, word [esi]
    shl eax, 16
    push ecx
    mov ecx, 4
.digit:
    rol eax, 4
    push eax
    and al, 0x0f
    add al, '0'
    cmp al, '9'
    jbe .emit
    add al, 'a' - '0' - 10
.emit:
    out 0xe9, al
    pop eax
    loop .digit
    pop ecx
    add esi, 2
    loop .next
    mov al, 10
    out 0xe9, al
    pop eax
    ret

bits 16
; CX words at ES:SI as 4 hex digits each.
real_words:
.next:
    mov al, ' '
    out 0xe9, al
    mov ax, [es:si]
    push cx
    mov cx, 4
.digit:
    rol ax, 4
    push ax
    and al, 0x0f
    add al, '0'
    cmp al, '9'
    jbe .emit
    add al, 'a' - '0' - 10
.emit:
    out 0xe9, al
    pop ax
    loop .digit
    pop cx
    add si, 2
    loop .next
    mov al, 10
    out 0xe9, al
    ret

ROM_END
