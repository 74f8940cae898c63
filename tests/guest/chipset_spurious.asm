; Spurious interrupts of the 8259A pair (Intel 8259A datasheet, "Edge and level triggered modes": an IR input must
; stay high until the first INTA; if it goes low before, the 8259A answers with its IR7 vector and sets no ISR bit).
; With IF=0: IRQ 0 rises (PIT counter 0 in mode 0 counts out; the IRR shows it) and falls (a new mode 0 control
; word drops OUT0), then STI: vector 0Fh arrives with the master's ISR bit 7 clear. The same through the cascade:
; the RTC's periodic interrupt raises IRQ 8, reading register C drops it; the slave answers with vector 77h, its
; ISR empty, and the master's ISR bit 2 set (it took a real IR2 and needs its EOI). Then a request that stays up
; until STI arrives normally (vector 08h, ISR bit 0). QEMU keeps an edge request latched after the line falls,
; so it differs here (chipset_spurious.qemu-differs).
%include "tests/guest/lib.inc"
%include "tests/guest/chipset.inc"

%define VAR_VEC 0x520                   ; byte: the vector the handler ran for (FFh = none)
%define VAR_MISR 0x521                  ; byte: the master's ISR in the handler
%define VAR_SISR 0x522                  ; byte: the slave's ISR in the handler
%define VAR_IRR 0x524                   ; 4 bytes: IRRs read around the fall of IRQ 8

test_main:
    call chipset_init
    SET_VEC 0x08, isr08
    SET_VEC 0x0f, isr0f
    SET_VEC 0x70, isr70
    SET_VEC 0x77, isr77
    cli
    mov al, 0xfe                        ; IRQ 0 only
    out 0x21, al

    ; ---- IRQ 0 rises and falls while IF=0 ----
    call raise0
    mov ecx, 3000                       ; ~0.8 ms: OUT0 has been high long since
    call pm_wait
    mov al, 0x0a
    out 0x20, al
    in al, 0x20
    SHOW8 "irq0 up: master irr", al
    mov al, 0x30                        ; the mode 0 control word: OUT0 goes low
    out 0x43, al
    in al, 0x20
    SHOW8 "irq0 down: master irr", al
    call take
    call show_taken
    call show_isrs

    ; ---- IRQ 8 rises and falls while IF=0 ----
    mov al, 0xfb                        ; IR2 (the slave) only
    out 0x21, al
    mov al, 0xfe                        ; IRQ 8 only
    out 0xa1, al
    call raise8
    mov ecx, PM_HZ / 300                ; ~3 ms: the RTC's first 1024 Hz period has passed
    call pm_wait
    ; the IRRs go to memory and are printed after the STI window: the next period is under 1 ms away
    mov al, 0x0a
    out 0xa0, al
    in al, 0xa0
    mov [es:VAR_IRR], al
    in al, 0x20
    mov [es:VAR_IRR + 1], al
    mov al, 0x0c                        ; reading register C clears the flags: IRQ 8 goes low
    out 0x70, al
    in al, 0x71
    in al, 0xa0
    mov [es:VAR_IRR + 2], al
    in al, 0x20
    mov [es:VAR_IRR + 3], al
    call take
    call rtc_periodic_off
    mov al, [es:VAR_IRR]
    SHOW8 "irq8 up: slave irr", al
    mov al, [es:VAR_IRR + 1]
    SHOW8 "irq8 up: master irr", al
    mov al, [es:VAR_IRR + 2]
    SHOW8 "irq8 down: slave irr", al
    mov al, [es:VAR_IRR + 3]
    SHOW8 "irq8 down: master irr", al
    call show_taken
    call show_isrs

    ; ---- a request that is still up at the INTA: a real IRQ 0 ----
    mov al, 0xfe
    out 0x21, al
    mov al, 0xff
    out 0xa1, al
    call raise0
    mov ecx, 3000
    call pm_wait
    call take
    call show_taken
    call show_isrs
    PRINT `done\n`
    EXIT 0

; raise0: PIT counter 0 in mode 0, count 2: OUT0 rises two PIT ticks from now and stays high
raise0:
    mov al, 0x30
    out 0x43, al
    mov al, 2
    out 0x40, al
    xor al, al
    out 0x40, al
    ret

; raise8: the RTC's periodic interrupt at 1024 Hz, its flags cleared first
raise8:
    mov al, 0x0a
    out 0x70, al
    mov al, 0x26
    out 0x71, al
    mov al, 0x0c
    out 0x70, al
    in al, 0x71
    mov al, 0x0b
    out 0x70, al
    in al, 0x71
    or al, 0x40
    mov ah, al
    mov al, 0x0b
    out 0x70, al
    mov al, ah
    out 0x71, al
    ret

; take: a short window with IF=1; VAR_VEC = the vector taken (FFh = none)
take:
    mov byte [es:VAR_VEC], 0xff
    mov cx, 100
    sti
.spin:
    loop .spin
    cli
    ret

show_taken:
    mov al, [es:VAR_VEC]
    SHOW8 "vector", al
    mov al, [es:VAR_MISR]
    SHOW8 "  master isr in handler", al
    mov al, [es:VAR_SISR]
    SHOW8 "  slave isr in handler", al
    ret

; show_isrs: both ISRs after the handler's EOIs (the IRR selected again for reads)
show_isrs:
    mov al, 0x0b
    out 0x20, al
    out 0xa0, al
    in al, 0x20
    SHOW8 "  master isr after", al
    in al, 0xa0
    SHOW8 "  slave isr after", al
    mov al, 0x0a
    out 0x20, al
    out 0xa0, al
    ret

; the handlers: record the vector and both ISRs, then the EOIs the ISR bits call for (as a careful OS does)
isr08:
    push ax
    mov al, 0x08
    jmp record
isr0f:
    push ax
    mov al, 0x0f
    jmp record
isr70:
    push ax
    mov al, 0x70
    jmp record
isr77:
    push ax
    mov al, 0x77
record:
    mov [es:VAR_VEC], al
    mov al, 0x0b
    out 0x20, al
    out 0xa0, al
    in al, 0x20
    mov [es:VAR_MISR], al
    in al, 0xa0
    mov [es:VAR_SISR], al
    mov al, 0x0a
    out 0x20, al
    out 0xa0, al
    test byte [es:VAR_SISR], 0xff
    jz .master
    mov al, 0x20
    out 0xa0, al
.master:
    test byte [es:VAR_MISR], 0xff
    jz .done
    mov al, 0x20
    out 0x20, al
.done:
    pop ax
    iret

ROM_END
