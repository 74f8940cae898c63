; The 8254 PIT as drivers program it, checked against QEMU (tests/guest/qemu-expect chipset_pit): read-back
; status in modes 0, 2, 3 and 4, the counting rate against the ACPI PM timer (both derive from the 14.318 MHz
; crystal: PM = 3 x PIT), counter latch (a second latch before the read is ignored), read-back of counts and status
; for several counters, LSB-only and MSB-only access, mode 3 counting by two, IRQ 0 in modes 0 (once), 2 and 3
; (periodic, at the programmed rate), and counter 2 through port 61h (gate bit,
; OUT2 on bit 5 in modes 0 and 3, the refresh toggle on bit 4). Behaviour QEMU does not model as the 8254 does
; (BCD counting, null count, OUT in modes 1, 2, 4 and 5 and the mode 4 strobe's interrupt, the gate) is in
; chipset_pit_hw. On a loaded host QEMU can FAIL a rate or latch line: its PIT runs on host time and drops late
; one-tick pulses.
%include "tests/guest/lib.inc"
%include "tests/guest/chipset.inc"

test_main:
    call chipset_init
    SET_VEC 0x08, count_isr
    call test_status
    call test_rate
    call test_latch
    call test_readback
    call test_access
    call test_mode3
    call test_irq
    call test_counter2
    PRINT `done\n`
    EXIT 0

; pit_set: AL = control word (counter 0 or 2 in bits 7-6), BX = count (16 bits, LSB then MSB)
pit_set:
    push dx
    out 0x43, al
    mov dl, al
    shr dl, 6
    add dl, 0x40
    xor dh, dh
    mov al, bl
    out dx, al
    mov al, bh
    out dx, al
    pop dx
    ret

; pit_read0: AX = counter 0 through a counter latch command
pit_read0:
    mov al, 0x00
    out 0x43, al
    in al, 0x40
    mov ah, al
    in al, 0x40
    xchg al, ah
    ret

; pit_status0: AL = counter 0's read-back status byte
pit_status0:
    mov al, 0xe2
    out 0x43, al
    in al, 0x40
    ret

test_status:
    ; mode 0: OUT low until the terminal count; modes 2, 3: OUT high
    mov al, 0x30
    mov bx, 0x8000
    call pit_set
    mov ecx, 100
    call pm_wait
    call pit_status0
    SHOW8 "mode 0 status", al
    mov al, 0x34
    call pit_set
    call pm_wait
    call pit_status0
    and al, 0x7f                        ; OUT: QEMU drives it low between the pulses, the 8254 high
    SHOW8 "mode 2 status without OUT", al
    mov al, 0x36
    call pit_set
    call pm_wait
    call pit_status0
    SHOW8 "mode 3 status", al
    ; mode 4: OUT is high while counting (QEMU shows it low; only the other bits are compared)
    mov al, 0x38
    call pit_set
    call pm_wait
    call pit_status0
    and al, 0x7f
    SHOW8 "mode 4 status without OUT", al
    mov al, 0x16                        ; LSB only, mode 3
    mov bx, 0x80
    out 0x43, al
    mov al, bl
    out 0x40, al
    call pm_wait
    call pit_status0
    and al, 0x7f
    SHOW8 "mode 3 LSB-only status without OUT", al
    ret

; Counter 0 free-running (count 0 = 65536) against the PM timer over ~5 ms: PIT ticks x 3 = PM ticks (3 %)
test_rate:
    mov al, 0x34
    xor bx, bx
    call pit_set
    mov ecx, 100
    call pm_wait
    call pit_read0
    mov si, ax
    call pm_now
    mov ebx, eax
    mov ecx, 18000
    call pm_wait
    call pit_read0
    mov di, ax
    call pm_since
    mov edx, eax                        ; PM ticks
    sub si, di                          ; PIT ticks (mod 65536)
    movzx eax, si
    imul eax, eax, 3
    mov ebx, edx
    call within
    RESULT "PIT rate = PM timer / 3"
    ret

; A latched count holds while the counter runs on; a second latch before the read is ignored
test_latch:
    mov al, 0x34
    xor bx, bx
    call pit_set
    mov ecx, 100
    call pm_wait
    mov al, 0x00
    out 0x43, al                        ; latch
    mov ecx, 3000                       ; ~1000 PIT ticks
    call pm_wait
    mov al, 0x00
    out 0x43, al                        ; ignored
    call pm_wait
    in al, 0x40
    mov ah, al
    in al, 0x40
    xchg al, ah
    mov si, ax                          ; first latch
    call pit_read0
    sub si, ax                          ; ~2000 ticks later if the second latch was ignored, ~1000 if not
    cmp si, 1500
    setae al
    cmp si, 30000
    setb ah
    and al, ah
    cmp al, 1
    RESULT "second latch ignored"
    ; an unlatched read follows the counter: two reads 1000 PIT ticks apart differ
    in al, 0x40
    mov ah, al
    in al, 0x40
    xchg al, ah
    mov si, ax
    mov ecx, 3000
    call pm_wait
    in al, 0x40
    mov ah, al
    in al, 0x40
    xchg al, ah
    sub si, ax
    cmp si, 500
    setae al
    cmp al, 1
    RESULT "direct read follows the counter"
    ret

; Read-back: latch the status and count of counters 0 and 2 at once; each reads status, then LSB, MSB
test_readback:
    mov al, 0xb6                        ; counter 2: mode 3, count 1000
    mov bx, 1000
    call pit_set
    in al, 0x61
    or al, 1                            ; gate 2 on (speaker data off)
    and al, 0xfd
    out 0x61, al
    mov al, 0x34                        ; counter 0: mode 2, count 30000
    mov bx, 30000
    call pit_set
    mov ecx, 100
    call pm_wait
    mov al, 0xca                        ; read-back: count and status, counters 0 and 2
    out 0x43, al
    mov ecx, 3000
    call pm_wait
    in al, 0x40
    and al, 0x7f
    SHOW8 "read-back status 0 without OUT", al
    in al, 0x40
    mov ah, al
    in al, 0x40
    xchg al, ah
    mov si, ax
    push cx
    call pit_read0
    pop cx
    sub si, ax                          ; held since the read-back: ~1000 ticks older than the counter
    cmp si, 500
    setae al
    cmp al, 1
    RESULT "read-back count 0 held"
    in al, 0x42
    and al, 0x7f                        ; OUT2 depends on the moment
    SHOW8 "read-back status 2 without OUT", al
    in al, 0x42
    mov ah, al
    in al, 0x42
    xchg al, ah
    test al, 1
    setz dl
    cmp ax, 1000
    setbe al
    and al, dl
    cmp al, 1
    RESULT "read-back count 2 even, within the count"
    ; status only: the next read of counter 0 is the status again, then the count flip-flop goes on
    mov al, 0xe2
    out 0x43, al
    in al, 0x40
    and al, 0x7f
    SHOW8 "status-only read-back 0 without OUT", al
    ret

; LSB-only and MSB-only access: one byte per read and write
test_access:
    mov al, 0x14                        ; counter 0, LSB only, mode 2, count 200
    out 0x43, al
    mov al, 200
    out 0x40, al
    mov ecx, 30
    call pm_wait
    mov cx, 16
    xor dl, dl
.lsb:
    in al, 0x40
    cmp al, 200
    jbe .lsb_ok
    inc dl
.lsb_ok:
    loop .lsb
    test dl, dl
    RESULT "LSB-only reads stay within the count"
    mov al, 0x24                        ; MSB only, mode 2: count 1000h
    out 0x43, al
    mov al, 0x10
    out 0x40, al
    mov ecx, 30
    call pm_wait
    mov cx, 16
    xor dl, dl
.msb:
    in al, 0x40
    cmp al, 0x10
    jbe .msb_ok
    inc dl
.msb_ok:
    loop .msb
    test dl, dl
    RESULT "MSB-only reads stay within the count"
    ret

; Mode 3 with an even count counts down by two: every value read is even
test_mode3:
    mov al, 0x36
    mov bx, 5000
    call pit_set
    mov ecx, 30
    call pm_wait
    mov cx, 64
    xor dl, dl
.read:
    push cx
    call pit_read0
    pop cx
    test al, 1
    jz .even
    inc dl
.even:
    cmp ax, 5000
    jbe .in
    inc dl
.in:
    loop .read
    test dl, dl
    RESULT "mode 3 counts by two"
    ret

; irq_run: AL = control word for counter 0, BX = count, ECX = PM ticks to wait with IRQ 0 unmasked
;   -> VAR_COUNT = interrupts seen
irq_run:
    call irq0_quiet
    mov word [es:VAR_COUNT], 0
    call pit_set
    in al, 0x21
    and al, 0xfe
    out 0x21, al
    sti
    call pm_wait
    cli
    in al, 0x21
    or al, 1
    out 0x21, al
    ret

; irq0_quiet: counter 0 in mode 0 with a long count (OUT low in the 8254 and in QEMU), then the 8259s are
; re-initialised to forget pending requests; AL and BX are kept.
irq0_quiet:
    push ax
    push bx
    mov al, 0x30
    mov bx, 0xffff
    call pit_set
    call pic_init
    pop bx
    pop ax
    ret

; irq_rate: AL = control word (mode 2 or 3), BX = count -> ZF set when 20 interrupts take 20 x count x 3 PM ticks
irq_rate:
    call irq0_quiet
    push bx
    mov word [es:VAR_COUNT], 0
    call pit_set
    in al, 0x21
    and al, 0xfe
    out 0x21, al
    sti
.first:
    hlt
    cmp word [es:VAR_COUNT], 1
    jb .first
    call pm_now
    mov ebx, eax
.more:
    hlt
    cmp word [es:VAR_COUNT], 21
    jb .more
    call pm_since
    cli
    mov edx, eax
    in al, 0x21
    or al, 1
    out 0x21, al
    mov eax, edx
    pop bx
    movzx ebx, bx
    test ebx, ebx
    jnz .count
    mov ebx, 0x10000                    ; count 0 is 65536
.count:
    imul ebx, ebx, 60
    jmp within

test_irq:
    mov al, 0x30                        ; mode 0, 1 ms: one interrupt at the terminal count
    mov bx, 1193
    mov ecx, PM_HZ / 100
    call irq_run
    mov ax, [es:VAR_COUNT]
    SHOW8 "mode 0 interrupts in 10 ms", al
    mov al, 0x34                        ; periods of 25 and 20 ms: QEMU loses shorter ones on a busy host
    mov bx, 29830
    call irq_rate
    RESULT "mode 2 interrupt period"
    mov al, 0x36
    mov bx, 23864
    call irq_rate
    RESULT "mode 3 interrupt period"
    mov al, 0x34
    mov bx, 0
    call irq_rate
    RESULT "count 0 = 65536 period"
    ret

; Counter 2 and port 61h: OUT2 on bit 5, gate on bit 0, refresh toggling on bit 4 (the gate's effects are in
; chipset_pit_hw: QEMU models them loosely)
test_counter2:
    in al, 0x61
    or al, 1                            ; gate high, speaker off
    and al, 0xfd
    out 0x61, al
    in al, 0x61
    and al, 3
    SHOW8 "port 61h gate and speaker bits", al
    mov al, 0xb0                        ; mode 0, 1 ms, gate high: OUT2 low, then high
    mov bx, 1193
    call pit_set
    in al, 0x61
    and al, 0x20
    SHOW8 "mode 0 OUT2 while counting", al
    mov ecx, PM_HZ / 200
    call pm_wait
    in al, 0x61
    and al, 0x20
    SHOW8 "mode 0 OUT2 after the count", al
    ; mode 3: OUT2 is a square wave; both levels show within a period (1 ms)
    mov al, 0xb6
    mov bx, 1194
    call pit_set
    xor dx, dx
    mov ecx, 200000
.wave:
    in al, 0x61
    test al, 0x20
    jz .low
    mov dl, 1
    jmp .next
.low:
    mov dh, 1
.next:
    cmp dx, 0x0101
    je .both
    dec ecx
    jnz .wave
.both:
    cmp dx, 0x0101
    RESULT "mode 3 OUT2 square wave"
    ; the refresh request bit toggles (every 15 us)
    in al, 0x61
    mov ah, al
    mov ecx, 100000
.toggle:
    in al, 0x61
    xor al, ah
    test al, 0x10
    jnz .toggled
    dec ecx
    jnz .toggle
.toggled:
    test ecx, ecx
    setz al
    cmp al, 0
    RESULT "port 61h bit 4 toggles"
    in al, 0x61
    and al, 0xfc
    out 0x61, al
    ret

ROM_END
