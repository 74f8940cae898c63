; INT 15h AH=89h (tests/bios/run): a boot sector on a hard disk that builds the GDT the IBM PC AT Technical
; Reference asks for (08h the GDT, 10h the IDT, 18h DS, 20h ES, 28h SS, 30h CS, 38h left to the BIOS) and an IDT,
; calls INT 15h 89h with BH=20h (IRQ0-7) and BL=28h (IRQ8-15), and checks in 16-bit protected mode: CR0.PE,
; the selectors, the ES base, the GDTR, AH=00h with CF clear, and the vector IRQ0 arrives at (20h; under SeaBIOS,
; which takes BL for IRQ0 as RBIL does, 28h). Exit status 33 when every check passed, 35 otherwise.

%define PROGRAM_SECTORS 5
%define VECTORS 0x30
%define ES_BASE 0x10000
%include "tests/bios/testlib.inc"

; DESC base, limit, access: a 286-style descriptor
%macro DESC 3
    dw (%2) & 0xffff, (%1) & 0xffff
    db ((%1) >> 16) & 0xff, %3, 0, ((%1) >> 24) & 0xff
%endmacro

align 8
gdt:
    dq 0
    DESC 0, gdt_end - gdt - 1, 0x93     ; 08h: the GDT itself (base set in main: labels are not numbers to nasm)
    DESC 0, VECTORS * 8 - 1, 0x93       ; 10h: the IDT
    DESC 0, 0xffff, 0x93                ; 18h: DS
    DESC ES_BASE, 0xffff, 0x93          ; 20h: ES
    DESC 0, 0xffff, 0x93                ; 28h: SS (the same stack as in real mode)
    DESC 0, 0xffff, 0x9b                ; 30h: CS (our code, at the same offsets)
    dq 0                                ; 38h: the BIOS's code, filled by the BIOS
gdt_end:

idt: times VECTORS * 8 db 0

ticks: dw 0
irq0_vector: db 0
saved_ax: dw 0
saved_flags: dw 0

main:
    PRINT `INT 15h 89h test\n`
    ; Every vector goes to `unexpected`; IRQ0's new vector 20h to `irq0`.
    mov di, idt
    mov cx, VECTORS
.gate:
    mov word [di], unexpected
    mov word [di + 2], 0x30
    mov word [di + 4], 0x8600           ; 286 interrupt gate, present
    mov word [di + 6], 0
    add di, 8
    loop .gate
    mov word [idt + 0x20 * 8], irq0_at_20h
    mov word [idt + 0x28 * 8], irq0_at_28h
    mov word [gdt + 0x08 + 2], gdt      ; both below 64 KiB
    mov word [gdt + 0x10 + 2], idt
    ; A marker where ES will point.
    push ES_BASE >> 4
    pop es
    mov dword [es:0], 0x12345678
    xor ax, ax
    mov es, ax
    mov si, gdt
    mov bx, 0x2028                      ; BH: IRQ0's vector, BL: IRQ8's
    mov ah, 0x89
    int 0x15
    ; Here in protected mode, if all went well.
    mov [saved_ax], ax
    pushf
    pop word [saved_flags]
    PRINT `returned\n`
    SHOW16 "AX", [saved_ax]
    NL
    cmp byte [saved_ax + 1], 0
    CHECK e, "AH=00h"
    test byte [saved_flags], 1
    CHECK z, "CF clear"
    cli                                 ; ours returns with interrupts off, SeaBIOS with the caller's IF
    smsw ax
    SHOW16 "MSW", ax
    mov ax, cs
    SHOW16 "CS", ax
    mov ax, ds
    SHOW16 "DS", ax
    mov ax, es
    SHOW16 "ES", ax
    mov ax, ss
    SHOW16 "SS", ax
    NL
    smsw ax
    test al, 1
    CHECK nz, "CR0.PE set"
    mov ax, cs
    cmp ax, 0x30
    CHECK e, "CS=30h"
    mov ax, ds
    cmp ax, 0x18
    CHECK e, "DS=18h"
    mov ax, es
    cmp ax, 0x20
    CHECK e, "ES=20h"
    mov ax, ss
    cmp ax, 0x28
    CHECK e, "SS=28h"
    cmp dword [es:0], 0x12345678
    CHECK e, "ES has the base of its descriptor"
    sgdt [saved_gdtr]
    cmp dword [saved_gdtr + 2], gdt
    CHECK e, "GDTR is the GDT"
    ; IRQ0 through the new vector base: only the timer unmasked.
    mov al, 0xfe
    out 0x21, al
    mov al, 0xff
    out 0xa1, al
    sti
.wait:
    hlt
    cmp word [ticks], 3
    jb .wait
    cli
    SHOW8 "IRQ0 vector", [irq0_vector]
    NL
    cmp byte [irq0_vector], 0x20
    CHECK e, "IRQ0 arrives at vector 20h (BH)"
    jmp finish

saved_gdtr: times 6 db 0

; IRQ0 at the vector BH names, or at BL's (it is masked but for IRQ0, so nothing else comes there).
irq0_at_20h:
    mov byte [irq0_vector], 0x20
    jmp irq0
irq0_at_28h:
    mov byte [irq0_vector], 0x28
irq0:
    inc word [ticks]
    push ax
    mov al, 0x20
    out 0x20, al
    pop ax
    iret

unexpected:
    PRINT `unexpected interrupt or exception\n`
    jmp exit_fail

    times (PROGRAM_SECTORS + 1) * 512 - ($ - $$) db 0
