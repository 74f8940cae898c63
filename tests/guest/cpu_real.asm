; The instruction groups (cpu_alu.inc, cpu_ops.inc) in real mode: 16-bit code, segments as paragraphs,
; exceptions and INT n through the interrupt vector table. Compared with QEMU (tests/guest/qemu-expect).
%include "tests/guest/lib.inc"

bits 16
%include "tests/guest/cpu_show.inc"

VAR_RESUME equ 0x500
CODESEG equ 0xf000                      ; far transfers go to this ROM segment
DATASEG equ 0x2000                      ; DS = ES: linear 20000h
ALTSEG equ 0x3000                       ; another data segment: linear 30000h

%macro EXPECT_X 1                       ; the next exception resumes at %1 (0: none expected)
    mov dword [ss:VAR_RESUME], %1
%endmacro

test_main:
    xor ax, ax
    mov es, ax
    xor di, di
    mov bx, rm_stubs
    mov cx, 32
.ivt:
    mov [es:di], bx
    mov word [es:di + 2], CODESEG
    add bx, 8
    add di, 4
    loop .ivt
    mov word [es:0x60 * 4], int60_handler
    mov word [es:0x60 * 4 + 2], CODESEG
    mov dword [es:VAR_RESUME], 0
    mov ax, DATASEG
    mov ds, ax
    mov es, ax
    LBL `cpu_real: real mode, 16-bit code\n`
    call cpu_alu_tests
    call cpu_ops_tests
    call ivt_moved
    LBL `done\n`
    EXIT 0

; INT 60h: prints the flags it was entered with (IF and TF cleared) and those on the frame, adds 1 to EAX.
int60_handler:
    push bp
    mov bp, sp
    push eax
    push ebx
    push ecx
    pushf
    pop ax
    movzx eax, ax
    movzx ebx, word [bp + 4]
    movzx ecx, word [bp + 6]
    SHOWV "int 60h: flags, frame cs flags", eax, ebx, ecx
    pop ecx
    pop ebx
    pop eax
    pop bp
    inc eax
    iret

; LIDT in real mode moves the interrupt vector table; a vector beyond its limit is #GP (a fault, no error code).
ivt_moved:
    push ds
    push es
    xor ax, ax
    mov ds, ax
    mov es, ax
    xor si, si
    mov di, 0x8000
    mov cx, 0x200
    cld
    rep movsw                           ; a copy of the table at 8000h ...
    mov word [0x8000 + 0x60 * 4], int60_moved   ; ... with another INT 60h handler
    pop es
    pop ds
    o32 lidt [cs:ivt_moved_ptr]
    mov eax, 0x200
    int 0x60
    SHOWV "int 60h, table at 8000h", eax
    EXPECT_X .gp
    int 0x80                            ; beyond the limit (7Fh vectors)
.gp:
    EXPECT_X 0
    o32 lidt [cs:ivt_ptr]
    int 0x60
    SHOWV "int 60h, table back at 0", eax
    ret
ivt_moved_ptr: dw 0x1ff
    dd 0x8000
ivt_ptr: dw 0x3ff
    dd 0

int60_moved:
    add eax, 0x10
    iret

; Exceptions: one stub per vector 0-1Fh; prints `#vv @ip` and resumes at VAR_RESUME (once).
align 8
rm_stubs:
%assign v 0
%rep 32
    push word v
    jmp rm_exc
    align 8, db 0xcc
%assign v v + 1
%endrep

rm_exc:                                 ; +2 vector, +4 ip, +6 cs, +8 flags
    push bp
    mov bp, sp
    push eax
    LBL "#"
    mov al, [bp + 2]
    call hex8
    LBL " @"
    movzx eax, word [bp + 4]
    call hex32
    NL
    mov eax, [ss:VAR_RESUME]
    test eax, eax
    jz .unexpected
    mov dword [ss:VAR_RESUME], 0
    mov [bp + 4], ax
    pop eax
    pop bp
    add sp, 2
    iret
.unexpected:
    LBL `unexpected exception\n`
    EXIT 0x7e

%include "tests/guest/cpu_alu.inc"
%include "tests/guest/cpu_ops.inc"

ROM_END
