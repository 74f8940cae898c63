; The PC's legacy coprocessor error path: with CR0.NE clear, an unmasked x87 exception pending at FWAIT asserts
; FERR#, which the board routes to IRQ 13; the handler acknowledges it with a write to port F0h (which also
; asserts IGNNE#, so that it may run x87 instructions before clearing the exception) and clears the exception
; with FNCLEX. FWAIT does not wait for the interrupt (IF=0 holds it back), and a write to port F0h before FERR#
; is active has no effect.
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

%define CR0_NE 0x20
%define VAR_WORD VAR_SCRATCH
%define VAR_IRQ13 VAR_SCRATCH + 4

; Divides 1 by 0 with ZE unmasked: the exception is pending afterwards.
%macro PENDING_ZE 0
    fninit
    mov word [VAR_WORD], 0x037b
    fldcw [VAR_WORD]
    fldz
    fld1
    fdiv st0, st1
%endmacro

bits 16
test_main:
    PM_START

bits 32
pm_main:
    mov eax, cr0
    and eax, ~CR0_NE
    mov cr0, eax
    call setup_pics
    mov eax, 0x2d
    mov ebx, SEL_CODE32
    mov ecx, irq13_handler
    mov dl, 0x8e
    call set_idt
    mov dword [VAR_IRQ13], 0

    P `IF=0: FWAIT goes on, IRQ 13 waits\n`
    PENDING_ZE
    fwait
    P `after fwait\n`
    sti
    nop
    cli
    call report

    P `IF=1: IRQ 13 right after FWAIT\n`
    PENDING_ZE
    sti
    fwait
    cli
    call report

    P `port F0h before FERR# changes nothing: FWAIT still raises IRQ 13\n`
    PENDING_ZE
    xor al, al
    out 0xf0, al
    sti
    fwait
    cli
    call report
    P `done\n`
    EXIT 0

report:
    P `irq13 count: `
    PHEX [VAR_IRQ13]
    fnstsw ax
    P ` sw: `
    movzx eax, ax
    PHEX eax
    PNL
    ret

; IRQ 13: acknowledge the coprocessor error (port F0h), clear the exception, end the interrupt at both 8259s.
irq13_handler:
    push eax
    inc dword [VAR_IRQ13]
    P `irq13 handler\n`
    xor al, al
    out 0xf0, al
    fwait                           ; IGNNE#: no second request
    fnclex
    mov al, 0x20
    out 0xa0, al
    out 0x20, al
    pop eax
    iretd

; The 8259 pair at vectors 20h-2Fh, every line masked but the cascade and IRQ 13; the local APIC passes the 8259's
; interrupts on (LINT0 as ExtINT, as a BIOS sets it up; the LVT masks stay set until the APIC is enabled).
setup_pics:
    mov dword [0xfee000f0], 0x1ff
    mov dword [0xfee00350], 0x700
    mov al, 0x11
    out 0x20, al
    out 0xa0, al
    mov al, 0x20
    out 0x21, al
    mov al, 0x28
    out 0xa1, al
    mov al, 4
    out 0x21, al
    mov al, 2
    out 0xa1, al
    mov al, 1
    out 0x21, al
    out 0xa1, al
    mov al, 0xfb
    out 0x21, al
    mov al, 0xdf
    out 0xa1, al
    ret

bits 16
ROM_END
