; The MC146818 RTC and CMOS as drivers use them, compared with QEMU (tests/guest/qemu-expect chipset_rtc; QEMU
; differs in three places, see chipset_rtc.qemu-differs): the status registers after reset, the date in BCD with
; the century byte (the clock starts at 2024-02-29 23:59:50, chipset_rtc.args), setting the clock with SET (the
; seconds carried across minute, hour, day and a leap-year month; binary mode across the century; 12-hour mode
; across midnight), the update cycle (one update a second, UIP ahead of it), the update-ended, alarm (with
; don't-care bytes) and periodic interrupts on IRQ 8 through the cascade with their flags in register C, periodic
; rates (including the 256 Hz of rate 1) against the ACPI PM timer, the divider reset holding the clock and the
; first update half a second after it ends, and NVRAM bytes. Long waits halt on PIT one-shots (sleep_pm).
%include "tests/guest/lib.inc"
%include "tests/guest/chipset.inc"

%define VAR_C 0x504                     ; byte: register C values OR-ed by the handler
%define VAR_T 0x508                     ; dword: the PM timer when the handler last ran
%define VAR_TICK 0x50c                  ; word: IRQ 0 count (sleep_pm)

test_main:
    call chipset_init
    SET_VEC 0x70, rtc_isr
    SET_VEC 0x08, tick_isr
    call test_reset_state
    call test_rollover
    call test_set_binary
    call test_twelve_hour
    call test_update_cycle
    call test_update_irq
    call test_alarm
    call test_periodic
    call test_divider
    call test_nvram
    PRINT `done\n`
    EXIT 0

; rd: AL = register -> AL = its value; wr: AL = register, AH = value
rd:
    out 0x70, al
    in al, 0x71
    ret
wr:
    out 0x70, al
    mov al, ah
    out 0x71, al
    ret

; SHOWREG "what", register
%macro SHOWREG 2
    mov al, %2
    call rd
    SHOW8 %1, al
%endmacro

; show_time: "yyyy-mm-dd hh:mm:ss" from the registers (whatever their format), after the update cycle's window;
; show_hm: the same without the seconds
show_time:
    call show_hm_part
    PRINT ":"
    xor al, al
    call rd
    call hex8
    PRINT `\n`
    ret
show_hm:
    call show_hm_part
    PRINT `\n`
    ret
show_hm_part:
    call wait_no_uip
    mov al, 0x32
    call rd
    call hex8
    mov al, 9
    call rd
    call hex8
    PRINT "-"
    mov al, 8
    call rd
    call hex8
    PRINT "-"
    mov al, 7
    call rd
    call hex8
    PRINT " "
    mov al, 4
    call rd
    call hex8
    PRINT ":"
    mov al, 2
    call rd
    call hex8
    ret

; wait_no_uip: returns once UIP reads 0 (an update is at least 244 us away)
wait_no_uip:
    push cx
    mov cx, 0xffff
.wait:
    mov al, 0x0a
    call rd
    test al, 0x80
    jz .done
    loop .wait
.done:
    pop cx
    ret

; wait_update: sleeps until the next update-ended interrupt -> EAX = the PM timer at its handler
wait_update:
    push dx
    mov al, 0x0b
    call rd
    mov dl, al                          ; register B as it was
    mov al, 0x0c                        ; flags cleared first: IRQF = UF.UIE would raise IRQ 8 at once
    call rd
    mov ah, dl
    or ah, 0x10
    mov al, 0x0b
    call wr
    mov word [es:VAR_COUNT], 0
    mov al, 0xfb
    out 0x21, al
    mov al, 0xfe
    out 0xa1, al
    sti
.sleep:
    hlt
    cmp word [es:VAR_COUNT], 0
    je .sleep
    cli
    mov al, 0xff
    out 0x21, al
    out 0xa1, al
    mov ah, dl
    mov al, 0x0b
    call wr
    mov eax, [es:VAR_T]
    pop dx
    ret

; sleep_pm: halts ECX PM timer ticks (< 2^23), in PIT one-shots of up to 55 ms (IRQ 0) towards a deadline on the
; PM timer, so late wake-ups do not add up
sleep_pm:
    push eax
    push ebx
    push ecx
    push edx
    push esi
    call pm_now
    mov esi, eax                        ; start
.chunk:
    mov ebx, esi
    call pm_since
    mov edx, ecx
    sub edx, eax                        ; remaining
    jbe .done
    mov eax, edx
    cmp eax, 0xffff * 3
    jbe .last
    mov eax, 0xffff * 3
.last:
    xor edx, edx
    mov ebx, 3
    div ebx                             ; PIT ticks
    test eax, eax
    jz .next
    mov ebx, eax
    mov al, 0x30
    out 0x43, al
    mov al, bl
    out 0x40, al
    mov al, bh
    out 0x40, al
    mov word [es:VAR_TICK], 0
    in al, 0x21
    and al, 0xfe
    out 0x21, al
    sti
.halt:
    hlt
    cmp word [es:VAR_TICK], 0
    je .halt
    cli
    in al, 0x21
    or al, 1
    out 0x21, al
    jmp .chunk
.next:
.done:
    pop esi
    pop edx
    pop ecx
    pop ebx
    pop eax
    ret

tick_isr:
    push ax
    inc word [es:VAR_TICK]
    mov al, 0x20
    out 0x20, al
    pop ax
    iret

rtc_isr:
    push ax
    push eax
    call pm_now
    mov [es:VAR_T], eax
    pop eax
    mov al, 0x0c
    out 0x70, al
    in al, 0x71
    or [es:VAR_C], al
    inc word [es:VAR_COUNT]
    mov al, 0x20
    out 0xa0, al
    out 0x20, al
    pop ax
    iret

; irq8: AL = register B's interrupt enables (24-hour BCD otherwise); unmasks IRQ 8 and clears the counters
irq8:
    push ax
    mov al, 0x0c                        ; flags cleared first (IRQF = PF.PIE + AF.AIE + UF.UIE)
    call rd
    pop ax
    mov ah, al
    or ah, 0x02
    mov al, 0x0b
    call wr
    mov word [es:VAR_COUNT], 0
    mov byte [es:VAR_C], 0
    mov al, 0xfb
    out 0x21, al
    mov al, 0xfe
    out 0xa1, al
    sti
    ret

irq8_off:
    cli
    mov ax, 0x020b
    call wr
    mov al, 0xff
    out 0x21, al
    out 0xa1, al
    mov al, 0x0c
    call rd
    ret

test_reset_state:
    SHOWREG "register A", 0x0a
    SHOWREG "register B", 0x0b
    mov al, 0x0c
    call rd
    and al, 0xb0                        ; PF follows the rate even with PIE off; QEMU leaves it 0 then
    SHOW8 "register C without PF", al
    SHOWREG "register D", 0x0d
    PRINT "start (QEMU takes a moment to boot, so no seconds): "
    call show_hm
    ret

; Set to 2024-02-29 23:59:50 (with SET, as a driver does), the updates carry into March 1st
test_rollover:
    mov ax, 0x820b
    call wr
    mov ax, 0x5000
    call wr
    mov ax, 0x5902
    call wr
    mov ax, 0x2304
    call wr
    mov ax, 0x2907
    call wr
    mov ax, 0x0208
    call wr
    mov ax, 0x2409
    call wr
    mov ax, 0x2032
    call wr
    mov ax, 0x020b
    call wr
    mov ecx, 14
.more:
    call wait_update
    loop .more
    PRINT "14 updates later: "
    call show_time
    SHOWREG "day of week", 6
    ret

; SET stops the updates while the clock is written; DM = 1 makes every byte binary
test_set_binary:
    mov ax, 0x860b                      ; SET, 24-hour, binary
    call wr
    mov ax, 0x3b00                      ; 59 s
    call wr
    mov ax, 0x3b02                      ; 59 min
    call wr
    mov ax, 0x1704                      ; 23 h
    call wr
    mov ax, 0x1f07                      ; 31st
    call wr
    mov ax, 0x0c08                      ; December
    call wr
    mov ax, 0x6309                      ; '99
    call wr
    mov ax, 0x1332                      ; century 19, binary
    call wr
    mov ecx, PM_HZ * 3 / 2
    call sleep_pm
    PRINT "binary, held by SET: "
    call show_time
    mov ax, 0x060b                      ; SET off
    call wr
    mov ecx, PM_HZ * 5 / 2
    call sleep_pm
    PRINT "binary, 2.5 s later: "
    call show_hm
    ret

; 12-hour mode: bit 7 of the hour is PM; 11:59:59 PM carries to 12 AM
test_twelve_hour:
    mov ax, 0x800b                      ; SET, 12-hour, BCD
    call wr
    mov ax, 0x5800 | 0x00
    call wr
    mov ax, 0x5902
    call wr
    mov ax, 0x9104                      ; 11 PM
    call wr
    mov ax, 0x000b                      ; SET off, 12-hour BCD
    call wr
    call wait_no_uip
    mov al, 4
    call rd
    SHOW8 "12-hour, 11:59:58 PM: hour", al
    mov ecx, PM_HZ * 7 / 2
    call sleep_pm
    call wait_no_uip
    mov al, 4
    call rd
    SHOW8 "12-hour, 3.5 s later: hour", al
    mov al, 2
    call rd
    SHOW8 "12-hour, 3.5 s later: minute", al
    mov ax, 0x020b                      ; back to 24-hour BCD, and a known time
    call wr
    ret

; One update per second, measured on the PM timer; UIP rises shortly before each update and falls with it
test_update_cycle:
    call wait_update
    mov ebx, eax
    mov al, 0
    call rd
    mov dl, al
    call wait_update
    push eax
    sub eax, ebx
    and eax, 0xffffff
    mov ebx, PM_HZ
    call within
    RESULT "one update per second"
    mov al, 0
    call rd
    sub al, dl
    das
    cmp al, 1
    RESULT "the seconds advance by one"
    pop ebx                             ; the last update
    call pm_since
    mov ecx, PM_HZ - PM_HZ / 200        ; 5 ms before the next one
    sub ecx, eax
    call sleep_pm
    mov al, 0x0a
    call rd
    and al, 0x80
    SHOW8 "UIP 5 ms before the update", al
    xor dx, dx                          ; DL: UIP seen; DH: seen falling after that
    call pm_now
    mov ebx, eax
.poll:
    mov al, 0x0a
    call rd
    test al, 0x80
    jz .clear
    mov dl, 1
    jmp .next
.clear:
    test dl, dl
    jz .next
    mov dh, 1
    jmp .seen
.next:
    call pm_since
    cmp eax, PM_HZ / 50
    jb .poll
.seen:
    mov al, dl
    add al, dh
    SHOW8 "UIP rose and fell within 20 ms (2 = both)", al
    ret

; UIE: an update-ended interrupt every second, with UF (and IRQF) in register C
test_update_irq:
    call wait_update
    mov al, 0x10
    call irq8
    mov ecx, PM_HZ * 5 / 2
    call sleep_pm
    call irq8_off
    mov ax, [es:VAR_COUNT]
    SHOW8 "update-ended interrupts in 2.5 s", al
    mov al, [es:VAR_C]
    and al, 0xb0
    SHOW8 "their register C without PF", al
    ret

; AIE: the alarm two seconds ahead, minutes and hours "don't care" (C0h-FFh)
test_alarm:
    call wait_update
    xor al, al
    call rd
    add al, 2
    daa
    cmp al, 0x60
    jb .no_carry
    sub al, 0x60
.no_carry:
    mov ah, al
    mov al, 1
    call wr
    mov ax, 0xff03
    call wr
    mov ax, 0xc005
    call wr
    mov al, 0x20
    call irq8
    mov ecx, PM_HZ / 2
    call sleep_pm
    mov ax, [es:VAR_COUNT]
    SHOW8 "alarm interrupts after 0.5 s", al
    mov ecx, PM_HZ * 2
    call sleep_pm
    call irq8_off
    mov ax, [es:VAR_COUNT]
    SHOW8 "alarm interrupts after 2.5 s", al
    mov al, [es:VAR_C]
    and al, 0xb0
    SHOW8 "its register C without PF", al
    ret

; periodic: AL = rate -> ZF set when 32 periodic interrupts take 32 periods (3 %); EBX = the period in PM ticks
periodic:
    push ebx
    mov ah, al
    or ah, 0x20
    mov al, 0x0a
    call wr
    mov al, 0x40
    call irq8
.first:
    hlt
    cmp word [es:VAR_COUNT], 1
    jb .first
    call pm_now
    mov ebx, eax
.more:
    hlt
    cmp word [es:VAR_COUNT], 33
    jb .more
    call pm_since
    mov edx, eax
    call irq8_off
    mov ax, 0x260a
    call wr
    mov eax, edx
    pop ebx
    shl ebx, 5
    jmp within

test_periodic:
    mov al, 0x0a                        ; 64 Hz
    mov ebx, PM_HZ / 64
    call periodic
    RESULT "rate 10: 64 Hz"
    mov al, 0x06                        ; 1024 Hz
    mov ebx, PM_HZ / 1024
    call periodic
    RESULT "rate 6: 1024 Hz"
    mov al, 0x01                        ; 256 Hz, not 32768 Hz, with the 32.768 kHz time base
    mov ebx, PM_HZ / 256
    call periodic
    RESULT "rate 1: 256 Hz"
    mov al, [es:VAR_C]
    and al, 0xc0
    SHOW8 "their register C: IRQF, PF", al
    ret

; Divider reset (DV = 11x) holds the clock; the first update comes 500 ms after DV = 010
test_divider:
    call wait_update
    mov ax, 0x760a
    call wr
    xor al, al
    call rd
    mov dl, al
    mov ecx, PM_HZ * 3 / 2
    call sleep_pm
    xor al, al
    call rd
    cmp al, dl
    RESULT "divider reset holds the seconds"
    mov ax, 0x260a
    call wr
    call pm_now
    mov ebx, eax
    push ebx
    call wait_update
    pop ebx
    sub eax, ebx
    and eax, 0xffffff
    mov ebx, PM_HZ / 2
    call within
    RESULT "first update 500 ms after the divider restarts"
    ret

test_nvram:
    mov cx, 16
    mov bl, 0x50
.write:
    mov al, bl
    mov ah, bl
    xor ah, 0xa5
    call wr
    inc bl
    loop .write
    mov cx, 16
    mov bl, 0x50
    xor dl, dl
.read:
    mov al, bl
    call rd
    xor al, 0xa5
    cmp al, bl
    je .same
    inc dl
.same:
    inc bl
    loop .read
    test dl, dl
    RESULT "NVRAM 50h-5Fh keeps what was written"
    SHOWREG "CMOS 15h (base memory low)", 0x15
    SHOWREG "CMOS 16h (base memory high)", 0x16
    ret

ROM_END
