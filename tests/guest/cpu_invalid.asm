; Invalid encodings and LOCK in real, 32-bit protected and virtual-8086 mode: each case prints `name: ok` or the
; exception it raised (`name: #06`, or `name: #0d e=...` with the error code in the two protected-mode ones).
; Intel SDM vol. 2: LOCK is allowed only on ADD ADC AND BTC BTR BTS CMPXCHG CMPXCHG8B DEC INC NEG NOT OR SBB SUB
; XOR XADD XCHG with a memory destination, #UD otherwise (section 2.1.1 and LOCK); LEA, LDS/LES/LSS/LFS/LGS, BOUND,
; CMPXCHG8B, far CALL/JMP (FF /3, /5) take memory operands only, #UD for a register; the holes of groups FE, FF, C6,
; 8F and 0F C7, MOV to or from Sreg 6 and 7, MOV to CS, MOV CR1, and UD0/UD1/UD2 are #UD (appendix A); LAR, LSL,
; SLDT, STR, VERR, VERW and ARPL are not recognized in real and virtual-8086 mode (#UD); SYSENTER is #GP(0) there.
; QEMU 7.2 accepts some of these: see cpu_invalid.qemu-differs.
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

VAR_FAULTED equ 0x50c                   ; set by the handlers
BUF equ 0x20100                         ; linear address of a scratch buffer (BX/EDI point there)

; CASE "name", bytes...: runs the bytes with EBX and EDI at the buffer, the handlers resume after them.
%macro CASE 2+
    mov esi, %%name
    mov dword [ss:VAR_RESUME], %%resume
    mov byte [ss:VAR_FAULTED], 0
    %2
%%resume:
%if __?BITS?__ == 32
    call case_ok32
%else
    call case_ok
%endif
    jmp %%over
%%name: db %1, 0
%%over:
%endmacro

; every case; %1 = 1 in protected mode (where LAR and friends are valid and not tried)
%macro CASES 1
    CASE "lea reg", db 0x8d, 0xc0
    CASE "lds reg", db 0xc5, 0xc0
    CASE "les reg", db 0xc4, 0xc0
    CASE "lss reg", db 0x0f, 0xb2, 0xc0
    CASE "bound reg", db 0x62, 0xc0
    CASE "cmpxchg8b reg", db 0x0f, 0xc7, 0xc8
    CASE "0f c7 /0", db 0x0f, 0xc7, 0x07
    CASE "call far reg", db 0xff, 0xd8
    CASE "jmp far reg", db 0xff, 0xe8
    CASE "ff /7", db 0xff, 0x3f
    CASE "fe /2", db 0xfe, 0x17
    CASE "c6 /1", db 0xc6, 0x0f, 0x00
    CASE "8f /1", db 0x8f, 0x0f
    CASE "mov cs", db 0x8e, 0xcb
    CASE "mov sreg 6", db 0x8e, 0xf3
    CASE "mov from sreg 7", db 0x8c, 0xf8
    CASE "mov cr1", db 0x0f, 0x20, 0xc8
    CASE "ud2", db 0x0f, 0x0b
    CASE "ud1", db 0x0f, 0xb9, 0x07
    CASE "ud0", db 0x0f, 0xff, 0x07
    CASE "lock nop", db 0xf0, 0x90
    CASE "lock add reg", db 0xf0, 0x01, 0xd8
    CASE "lock mov", db 0xf0, 0x89, 0x07
    CASE "lock cmp", db 0xf0, 0x39, 0x07
    CASE "lock bt", db 0xf0, 0x0f, 0xa3, 0x07
    CASE "lock add mem", db 0xf0, 0x01, 0x07
    CASE "lock xchg mem", db 0xf0, 0x87, 0x07
    CASE "lock bts mem", db 0xf0, 0x0f, 0xab, 0x07
    CASE "lock cmpxchg8b", db 0xf0, 0x0f, 0xc7, 0x0f
    CASE "lock not mem", db 0xf0, 0xf6, 0x17
%if %1 == 0
    CASE "sldt", db 0x0f, 0x00, 0xc0
    CASE "lar", db 0x0f, 0x02, 0xc0
    CASE "lsl", db 0x0f, 0x03, 0xc0
    CASE "verr", db 0x0f, 0x00, 0xe0
    CASE "arpl", db 0x63, 0xc0
    CASE "sysenter", db 0x0f, 0x34
%endif
%endmacro

bits 16
test_main:
    xor ax, ax
    mov es, ax
    mov word [es:6 * 4], rm_ud
    mov word [es:6 * 4 + 2], 0xf000
    mov word [es:13 * 4], rm_gp
    mov word [es:13 * 4 + 2], 0xf000
    PRINT_E9 `real mode\n`
    mov ax, BUF >> 4
    mov ds, ax
    xor ebx, ebx
    xor edi, edi
    mov dword [bx], 0
    mov dword [bx + 4], 0
    CASES 0
    mov ax, cs
    mov ds, ax
    PM_START

rm_ud:
    push word 6
    jmp rm_fault
rm_gp:
    push word 13
rm_fault:                               ; [sp] vector, then IP CS FLAGS
    push bp
    mov bp, sp
    call v_name
    mov al, '#'
    out 0xe9, al
    mov al, [bp + 2]
    call v_hex8
    mov al, 10
    out 0xe9, al
    mov eax, [ss:VAR_RESUME]
    mov [bp + 4], ax
    mov byte [ss:VAR_FAULTED], 1
    pop bp
    add sp, 2
    iret

; case_ok (16-bit code): `name: ok` unless a handler ran
case_ok:
    cmp byte [ss:VAR_FAULTED], 0
    jne .done
    call v_name
    mov al, 'o'
    out 0xe9, al
    mov al, 'k'
    out 0xe9, al
    mov al, 10
    out 0xe9, al
.done:
    ret

v_name:                                 ; the string at CS:SI and ": "
    call v_str
    mov al, ':'
    out 0xe9, al
    mov al, ' '
    out 0xe9, al
    ret

v_str:                                  ; the string at CS:SI
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
    ret

v_hex8:                                 ; AL as two hex digits
    push ax
    shr al, 4
    call .digit
    pop ax
.digit:
    and al, 0x0f
    add al, '0'
    cmp al, '9'
    jbe .out
    add al, 'a' - '0' - 10
.out:
    out 0xe9, al
    ret

v86_code:
    mov si, .title
    call v_str
    jmp .go
.title: db `virtual-8086 mode, IOPL 3\n`, 0
.go:
    mov ax, BUF >> 4
    mov ds, ax
    xor ebx, ebx
    xor edi, edi
    CASES 0
    int 0x30

bits 32
pm_main:
    mov eax, 6
    mov ebx, SEL_CODE32
    mov ecx, pm_ud
    mov dl, 0x8e
    call set_idt
    mov eax, 13
    mov ecx, pm_gp
    call set_idt
    call setup_user
    mov eax, 0xe9
    btr [TSS_BASE + 0x68], eax          ; the I/O bitmap allows port E9h
    P `protected mode, ring 0\n`
    mov ebx, BUF
    mov edi, ebx
    CASES 1
    call .enter
    P `done\n`
    EXIT 0
.enter:
    mov [VAR_KERN_ESP], esp
    push dword 0                        ; GS FS DS ES
    push dword 0
    push dword 0
    push dword 0
    push dword 0                        ; SS:SP
    push dword 0x6000
    push dword 0x23002                  ; EFLAGS: VM, IOPL 3
    push dword 0xf000
    push dword v86_code
    iretd

pm_ud:
    push dword 0
    push dword 6
    jmp pm_fault
pm_gp:
    push dword 13
pm_fault:                               ; vector, error code, EIP, CS, EFLAGS
    push eax
    push esi
.next:
    mov al, [cs:esi]
    test al, al
    jz .done
    out 0xe9, al
    inc esi
    jmp .next
.done:
    P `: #`
    mov eax, [esp + 8]
    call pm_hex8
    cmp dword [esp + 8], 13
    jne .noerr
    P ` e=`
    PHEX [esp + 12]
.noerr:
    PNL
    mov eax, [ss:VAR_RESUME]
    mov [esp + 16], eax
    mov byte [ss:VAR_FAULTED], 1
    pop esi
    pop eax
    add esp, 8
    iretd

; case_ok (32-bit code)
case_ok32:
    cmp byte [ss:VAR_FAULTED], 0
    jne .done
    push esi
    call pm_print
    pop esi
    P `: ok\n`
.done:
    ret

bits 16
ROM_END
