; The 8259A pair as drivers use it, checked against QEMU (tests/guest/qemu-expect chipset_pic; QEMU needs COM2,
; hence chipset_pic.qemu-args): four real sources raised while masked (IRQ 0 from the PIT, IRQ 1 from the 8042's
; "write output buffer" command, IRQ 3 from COM2's transmitter-empty interrupt, IRQ 8 from the RTC's periodic
; interrupt through the cascade), then IMR read-back, IRR reads (a masked slave input does not reach IR2), the poll
; command (as an INTA: nesting by priority, specific EOI, the slave polled on its own), the fully nested order of
; interrupts with the ISR seen in each handler, priority rotation (set priority and rotate on specific EOI),
; automatic EOI, special mask mode (a lower level interrupts a masked in-service level), and level triggering
; through the ELCR (a request that stays high comes back after each EOI).
%include "tests/guest/lib.inc"
%include "tests/guest/chipset.inc"

%define COM2 0x2f8
%define VAR_MODE 0x503                  ; byte: how the handlers end (EOI_*)
%define VAR_ISRS 0x530                  ; bytes: the master's ISR as each handler saw it
%define VAR_LEVEL 0x504                 ; word: IRQ 3 entries in the level test
%define VAR_SMM 0x506                   ; byte: the OCW3 that IR0's handler writes in the special mask test

EOI_NONSPECIFIC equ 0
EOI_NONE equ 1                          ; automatic EOI: only the slave gets one
EOI_SPECIFIC equ 2
EOI_ROTATE equ 3                        ; rotate on specific EOI

test_main:
    call chipset_init
    SET_VEC 0x08, isr0
    SET_VEC 0x09, isr1
    SET_VEC 0x0b, isr3
    SET_VEC 0x70, isr8
    call kbc_init
    call test_imr
    call test_poll
    call test_nested
    call test_rotation
    call test_aeoi
    call test_special_mask
    call test_level
    PRINT `done\n`
    EXIT 0

; ---- the sources (each request line goes high and stays so until its handler clears it) ----

kbc_wait:
    push ax
    push cx
    mov cx, 0xffff
.busy:
    in al, 0x64
    test al, 2
    jz .done
    loop .busy
.done:
    pop cx
    pop ax
    ret

; the 8042 command byte: keyboard interrupt on, translation, system flag; the output buffer emptied
kbc_init:
    call kbc_wait
    mov al, 0x60
    out 0x64, al
    call kbc_wait
    mov al, 0x45
    out 0x60, al
    mov cx, 16
.drain:
    in al, 0x64
    test al, 1
    jz .empty
    in al, 0x60
    loop .drain
.empty:
    ret

raise0:
    mov al, 0x30                        ; mode 0, count 2: OUT0 rises two PIT ticks from now and stays high
    out 0x43, al
    mov al, 2
    out 0x40, al
    xor al, al
    out 0x40, al
    ret

raise1:
    call kbc_wait
    mov al, 0xd2                        ; write the keyboard output buffer: IRQ 1
    out 0x64, al
    call kbc_wait
    mov al, 0xaa
    out 0x60, al
    ret

raise3:
    mov dx, COM2 + 4
    mov al, 0x08                        ; OUT2: the card's IRQ driver on
    out dx, al
    mov dx, COM2 + 1
    mov al, 0x02                        ; transmitter holding register empty: at once
    out dx, al
    ret

raise8:
    mov al, 0x0a
    out 0x70, al
    mov al, 0x26                        ; 1024 Hz
    out 0x71, al
    mov al, 0x0c
    out 0x70, al
    in al, 0x71
    mov al, 0x0b
    out 0x70, al
    in al, 0x71
    or al, 0x40                         ; periodic interrupt enable
    mov ah, al
    mov al, 0x0b
    out 0x70, al
    mov al, ah
    out 0x71, al
    ret

; raise_all: IRQs 0, 1, 3 and 8 requested, all masked, and ~3 ms for the RTC's first period
raise_all:
    call raise0
    call raise1
    call raise3
    call raise8
    mov ecx, PM_HZ / 300
    jmp pm_wait

; the sources' acknowledgements, as the handlers do them
clear1:
    in al, 0x60
    ret
clear3:
    push dx
    mov dx, COM2 + 2
    in al, dx                           ; IIR: reading it clears the THRE interrupt
    mov dx, COM2 + 1
    xor al, al
    out dx, al
    pop dx
    ret

; ---- handlers: log the level and the master's ISR, clear the source, end as VAR_MODE says ----

isr0:
    push ax
    mov al, 0
    jmp isr_common
isr1:
    push ax
    call clear1
    mov al, 1
    jmp isr_common
isr3:
    push ax
    call clear3
    mov al, 3
    jmp isr_common
isr8:
    push ax
    call rtc_periodic_off
    mov al, 8
isr_common:
    push bx
    push cx
    mov cl, al
    mov bx, [es:VAR_ORDER_N]
    mov [es:VAR_ORDER + bx], cl
    mov al, 0x0b
    out 0x20, al
    in al, 0x20
    mov [es:VAR_ISRS + bx], al
    mov al, 0x0a                        ; reads return the IRR again
    out 0x20, al
    inc word [es:VAR_ORDER_N]
    cmp cl, 8
    jb .master
    mov al, 0x20                        ; the slave: a non-specific EOI in every mode
    out 0xa0, al
    mov cl, 2                           ; ...and IR2 on the master
.master:
    mov al, [es:VAR_MODE]
    cmp al, EOI_NONE
    je .done
    cmp al, EOI_NONSPECIFIC
    jne .specific
    mov al, 0x20
    out 0x20, al
    jmp .done
.specific:
    cmp al, EOI_ROTATE
    mov al, 0x60
    jne .eoi
    mov al, 0xe0
.eoi:
    or al, cl
    out 0x20, al
.done:
    pop cx
    pop bx
    pop ax
    iret

; show_log: prints "what: level/ISR ..." from the handlers' log, and clears it
%macro SHOW_LOG 1
    PRINT %1
    PRINT ":"
    call show_log
%endmacro
show_log:
    xor bx, bx
.next:
    cmp bx, [es:VAR_ORDER_N]
    jae .done
    PRINT " "
    mov al, [es:VAR_ORDER + bx]
    call hex8
    PRINT "/"
    mov al, [es:VAR_ISRS + bx]
    call hex8
    inc bx
    jmp .next
.done:
    PRINT `\n`
    mov word [es:VAR_ORDER_N], 0
    ret

; run: unmask master (all) and slave (IR0), interrupts on for ~1 ms, then everything masked again
run:
    xor al, al
    out 0x21, al
    mov al, 0xfe
    out 0xa1, al
    sti
    mov ecx, PM_HZ / 1000
    call pm_wait
    cli
    mov al, 0xff
    out 0x21, al
    out 0xa1, al
    ret

; ---- the tests ----

test_imr:
    mov al, 0xa5
    out 0x21, al
    mov al, 0x3c
    out 0xa1, al
    in al, 0x21
    mov ah, al
    in al, 0xa1
    SHOW8 "master IMR", ah
    SHOW8 "slave IMR", al
    mov al, 0xff
    out 0x21, al
    out 0xa1, al
    ret

test_poll:
    call raise_all
    in al, 0x20                         ; OCW3 read register defaults to the IRR after ICW
    SHOW8 "master IRR (slave masked)", al
    in al, 0xa0
    SHOW8 "slave IRR", al
    xor al, al                          ; unmasked, interrupts off: polled
    out 0x21, al
    mov al, 0xfe
    out 0xa1, al
    call poll_master
    SHOW8 "poll 1", al
    mov al, 0x0b
    out 0x20, al
    in al, 0x20
    SHOW8 "master ISR after it", al
    call poll_master
    and al, 0x80
    SHOW8 "poll 2 with IR0 in service (bit 7)", al
    mov al, 0x60
    out 0x20, al
    call poll_master
    SHOW8 "poll 3 after a specific EOI", al
    mov al, 0x61
    out 0x20, al
    call poll_master
    SHOW8 "poll 4", al
    mov al, 0x0c
    out 0xa0, al
    in al, 0xa0
    SHOW8 "slave poll", al
    mov al, 0x0b
    out 0xa0, al
    in al, 0xa0
    SHOW8 "slave ISR", al
    mov al, 0x60
    out 0xa0, al
    mov al, 0x62
    out 0x20, al
    call poll_master
    SHOW8 "poll 5", al
    mov al, 0x63
    out 0x20, al
    call poll_master
    and al, 0x80
    SHOW8 "poll 6, nothing left (bit 7)", al
    mov al, 0x0a
    out 0x20, al
    out 0xa0, al
    call clear1
    call clear3
    call rtc_periodic_off
    mov al, 0xff
    out 0x21, al
    out 0xa1, al
    ret

poll_master:
    mov al, 0x0c
    out 0x20, al
    in al, 0x20
    ret

test_nested:
    mov byte [es:VAR_MODE], EOI_NONSPECIFIC
    call raise_all
    call run
    SHOW_LOG "fully nested order (level/ISR)"
    ret

test_rotation:
    mov byte [es:VAR_MODE], EOI_NONSPECIFIC
    mov al, 0xc2                        ; set priority: IR2 lowest, IR3 highest
    out 0x20, al
    call raise_all
    call run
    SHOW_LOG "IR2 lowest"
    mov al, 0xc7                        ; back to IR0 highest
    out 0x20, al
    ; rotate on specific EOI: IR1 serviced alone becomes the lowest level
    mov byte [es:VAR_MODE], EOI_ROTATE
    call raise1
    call run
    mov byte [es:VAR_MODE], EOI_NONSPECIFIC
    call raise_all
    call run
    SHOW_LOG "after rotating on IR1"
    mov al, 0xc7
    out 0x20, al
    ret

; automatic EOI (ICW4 bit 1): the ISR bit is gone by the time the handler runs
test_aeoi:
    mov al, 0x11
    out 0x20, al
    mov al, 0x08
    out 0x21, al
    mov al, 0x04
    out 0x21, al
    mov al, 0x03
    out 0x21, al
    mov al, 0xff
    out 0x21, al
    mov byte [es:VAR_MODE], EOI_NONE
    call raise0
    call raise1
    call raise3
    mov ecx, PM_HZ / 300                ; the 8042 takes a while to fill its output buffer
    call pm_wait
    call run
    SHOW_LOG "automatic EOI"
    mov byte [es:VAR_MODE], EOI_NONSPECIFIC
    call pic_init
    ret

; special mask mode: IR0's handler masks its own level and enables interrupts; IR1 (lower) gets in at once
test_special_mask:
    SET_VEC 0x08, isr0_smm
    mov byte [es:VAR_MODE], EOI_SPECIFIC
    mov byte [es:VAR_SMM], 0x68         ; OCW3: set special mask
    call raise0
    call raise1
    mov ecx, PM_HZ / 1000
    call pm_wait
    call run
    SHOW_LOG "special mask mode"
    mov byte [es:VAR_SMM], 0x48         ; OCW3: reset special mask; IR1 waits for IR0's EOI
    call raise0
    call raise1
    call pm_wait
    call run
    SHOW_LOG "without special mask"
    mov byte [es:VAR_MODE], EOI_NONSPECIFIC
    SET_VEC 0x08, isr0
    ret

isr0_smm:
    push ax
    push bx
    push ecx
    mov bx, [es:VAR_ORDER_N]
    mov byte [es:VAR_ORDER + bx], 0x0a  ; 'A': IR0 entered
    mov byte [es:VAR_ISRS + bx], 0
    inc word [es:VAR_ORDER_N]
    mov al, [es:VAR_SMM]                ; special mask first: QEMU re-evaluates its output on IMR writes only
    out 0x20, al
    in al, 0x21
    or al, 1
    out 0x21, al
    sti
    mov ecx, 300
    call pm_wait
    cli
    mov al, 0x48                        ; special mask off (ESMM = 1, SMM = 0)
    out 0x20, al
    in al, 0x21
    and al, 0xfe
    out 0x21, al
    mov bx, [es:VAR_ORDER_N]
    mov byte [es:VAR_ORDER + bx], 0x0f  ; 'F': IR0 finishing
    mov al, 0x0b
    out 0x20, al
    in al, 0x20
    mov [es:VAR_ISRS + bx], al
    mov al, 0x0a
    out 0x20, al
    inc word [es:VAR_ORDER_N]
    mov al, 0x60
    out 0x20, al
    pop ecx
    pop bx
    pop ax
    iret

; level triggering: with ELCR bit 3 set, COM2's request (still high after the EOI) interrupts again
test_level:
    SET_VEC 0x0b, isr3_level
    mov dx, 0x4d0
    mov al, 0x08
    out dx, al
    mov word [es:VAR_LEVEL], 0
    call raise3
    call run
    mov ax, [es:VAR_LEVEL]
    SHOW8 "level-triggered IR3 entries (cleared on the third)", al
    mov dx, 0x4d0
    xor al, al
    out dx, al
    mov word [es:VAR_LEVEL], 0x100      ; edge-triggered: one entry, never cleared by the handler
    call raise3
    call run
    mov ax, [es:VAR_LEVEL]
    SHOW8 "edge-triggered IR3 entries", al
    call clear3
    SET_VEC 0x0b, isr3
    ret

isr3_level:
    push ax
    inc byte [es:VAR_LEVEL]
    cmp word [es:VAR_LEVEL], 3
    jne .keep
    call clear3
.keep:
    mov al, 0x20
    out 0x20, al
    pop ax
    iret

ROM_END
