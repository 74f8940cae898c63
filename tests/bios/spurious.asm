; The BIOS's IRQ7 and IRQ15 handlers and the 8259A's spurious interrupts (tests/bios/run). A request that goes
; away before the INTA cycle makes the 8259A answer with its IR7 vector without setting an ISR bit (Intel 8259A
; datasheet); a handler must then send no EOI, or it would end some other interrupt still in service.
; - Spurious IRQ7, inside an IRQ3 handler (COM2's transmitter-empty interrupt, with interrupts on again): IRQ0
;   rises (PIT counter 0 in mode 0 counting out) while interrupts are off and falls (the mode 0 control word
;   again) before STI. The BIOS's INT 0Fh must run once and IRQ3 must still be in service afterwards.
; - Spurious IRQ15: IRQ8 rises (the RTC's periodic interrupt) and falls (reading register C) while interrupts are
;   off. The master's ISR bit 2 is set by the cascade; the BIOS's INT 77h must run once and leave both ISRs clear.
; Our stubs count the calls and go on to the BIOS's handlers. Exit status 33 when every check passed.

%define PROGRAM_SECTORS 3
%include "tests/bios/testlib.inc"

%define COM2 0x2f8

main:
    PRINT `spurious interrupts and the BIOS's IRQ7/IRQ15 handlers\n`
    cli
    xor ax, ax
    mov es, ax
    mov eax, [es:0x0f * 4]
    mov [bios_irq7], eax
    mov eax, [es:0x77 * 4]
    mov [bios_irq15], eax
    mov word [es:0x0f * 4], count_irq7
    mov [es:0x0f * 4 + 2], cs
    mov word [es:0x77 * 4], count_irq15
    mov [es:0x77 * 4 + 2], cs
    mov word [es:0x0b * 4], com2_handler
    mov [es:0x0b * 4 + 2], cs
    in al, 0x21
    and al, ~0x08                       ; IRQ3 unmasked (IRQ0 and the cascade are already)
    out 0x21, al
    in al, 0xa1
    and al, ~0x01                       ; IRQ8 unmasked
    out 0xa1, al
    call test_irq7
    call test_irq15
    call restore_timer
    sti
    jmp finish

bios_irq7: dd 0
bios_irq15: dd 0
irq7_calls: db 0
irq15_calls: db 0
master_isr_after: db 0
com2_done: db 0

count_irq7:
    inc byte [cs:irq7_calls]
    jmp far [cs:bios_irq7]

count_irq15:
    inc byte [cs:irq15_calls]
    jmp far [cs:bios_irq15]

; read_isr: AL = the master's ISR, AH = the slave's (the read-register selection goes back to the IRR)
read_isr:
    mov al, 0x0b
    out 0x20, al
    out 0xa0, al
    in al, 0xa0
    mov ah, al
    in al, 0x20
    push ax
    mov al, 0x0a
    out 0x20, al
    out 0xa0, al
    pop ax
    ret

; read_irr: AL = the master's IRR, AH = the slave's
read_irr:
    mov al, 0x0a
    out 0x20, al
    out 0xa0, al
    in al, 0xa0
    mov ah, al
    in al, 0x20
    ret

; The IRQ3 handler: with IRQ3 in service and interrupts on, IRQ0 comes and goes before it is acknowledged.
com2_handler:
    push ax
    push cx
    push dx
    mov dx, COM2 + 1
    xor al, al
    out dx, al                          ; no more COM2 interrupts
    mov al, 0x30                        ; counter 0, mode 0: OUT0 low, then high at the count's end
    out 0x43, al
    mov al, 100
    out 0x40, al
    xor al, al
    out 0x40, al
    mov cx, 0xffff
.wait_irr:
    call read_irr
    test al, 0x01
    jnz .raised
    loop .wait_irr
.raised:
    mov al, 0x30                        ; the control word again: OUT0 falls before any INTA
    out 0x43, al
    sti
    times 8 nop
    cli
    call read_isr
    mov [cs:master_isr_after], al
    mov al, 0x20
    out 0x20, al                        ; the IRQ3 EOI
    mov byte [cs:com2_done], 1
    pop dx
    pop cx
    pop ax
    iret

test_irq7:
    mov dx, COM2 + 4
    mov al, 0x08                        ; OUT2: the UART's interrupt reaches IRQ3
    out dx, al
    mov dx, COM2 + 1
    mov al, 0x02                        ; the transmitter is empty: an interrupt at once
    out dx, al
    sti
    mov cx, 0xffff
.wait:
    cmp byte [com2_done], 0
    jne .done
    loop .wait
.done:
    cli
    cmp byte [com2_done], 1
    CHECK e, "IRQ3 taken"
    cmp byte [irq7_calls], 1
    CHECK e, "spurious IRQ7 reached INT 0Fh once"
    cmp byte [master_isr_after], 0x08
    CHECK e, "IRQ3 still in service after it (no EOI for a spurious IRQ7)"
    call read_isr
    cmp ax, 0
    CHECK e, "both ISRs clear at the end"
    mov dx, COM2 + 4
    xor al, al
    out dx, al
    ret

test_irq15:
    mov al, 0x8b                        ; register B: periodic interrupt on (NMI stays off while we program)
    out 0x70, al
    in al, 0x71
    or al, 0x40
    mov ah, al
    mov al, 0x8b
    out 0x70, al
    mov al, ah
    out 0x71, al
    mov cx, 0xffff
.wait_irr:
    call read_irr
    test ah, 0x01
    jnz .raised
    loop .wait_irr
.raised:
    mov al, 0x8b                        ; periodic interrupt off again
    out 0x70, al
    in al, 0x71
    and al, ~0x40
    mov ah, al
    mov al, 0x8b
    out 0x70, al
    mov al, ah
    out 0x71, al
    mov al, 0x0c                        ; reading register C: IRQ8 falls before any INTA
    out 0x70, al
    in al, 0x71
    sti
    times 8 nop
    cli
    cmp byte [irq15_calls], 1
    CHECK e, "spurious IRQ15 reached INT 77h once"
    call read_isr
    cmp ax, 0
    CHECK e, "both ISRs clear after it (the master's EOI for the cascade)"
    ret

; The BIOS's timer setting again: counter 0 in mode 3, 65536 counts (18.2 Hz).
restore_timer:
    mov al, 0x36
    out 0x43, al
    xor al, al
    out 0x40, al
    out 0x40, al
    ret
