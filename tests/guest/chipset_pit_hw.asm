; The 8254 PIT where QEMU departs from the datasheet (see chipset_pit_hw.qemu-differs); the expectation follows the
; Intel 8254 datasheet (231164): the null count flag (set by a control word or a count write, cleared when the
; count reaches the counting element), OUT in modes 1, 2, 4 and 5, the gate in every mode (mode 1 trigger and
; retrigger, mode 5 strobe, counting suspended while the gate is low in modes 0, 2, 3, 4, the reload on its
; rising edge in modes 2 and 3), BCD counting, and mode 4's strobe raising IRQ 0 once.
%include "tests/guest/lib.inc"
%include "tests/guest/chipset.inc"

test_main:
    call chipset_init
    SET_VEC 0x08, count_isr
    call test_status
    call test_gate
    call test_bcd
    call test_strobe
    PRINT `done\n`
    EXIT 0

; pit_set: AL = control word, BX = count (LSB then MSB)
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

; status: AL = read-back command for one counter -> AL = its status byte
status:
    push dx
    mov dl, al
    out 0x43, al
    mov al, dl                          ; the counter: bit 1 -> 40h, 2 -> 41h, 3 -> 42h
    and al, 0x0e
    shr al, 1
    mov dx, 0x40
    cmp al, 1
    je .read
    inc dx
    cmp al, 2
    je .read
    inc dx
.read:
    in al, dx
    pop dx
    ret

; read2: AX = counter 2 through a latch
read2:
    mov al, 0x80
    out 0x43, al
    in al, 0x42
    mov ah, al
    in al, 0x42
    xchg al, ah
    ret

; gate2: AL bit 0 = the new gate of counter 2 (speaker data off)
gate2:
    push ax
    mov ah, al
    in al, 0x61
    and al, 0xfc
    or al, ah
    out 0x61, al
    pop ax
    ret

test_status:
    mov al, 0x30                        ; control word only: OUT low, null count
    out 0x43, al
    mov al, 0xe2
    call status
    SHOW8 "mode 0 after the control word", al
    mov al, 0x00
    out 0x40, al                        ; LSB only so far: still null
    mov al, 0xe2
    call status
    SHOW8 "mode 0 after the LSB", al
    mov al, 0x80
    out 0x40, al
    mov ecx, 30
    call pm_wait
    mov al, 0xe2
    call status
    SHOW8 "mode 0 counting", al
    mov al, 0x34
    mov bx, 0x8000
    call pit_set
    call pm_wait
    mov al, 0xe2
    call status
    SHOW8 "mode 2 counting (OUT high)", al
    mov al, 0x38
    call pit_set
    call pm_wait
    mov al, 0xe2
    call status
    SHOW8 "mode 4 counting (OUT high)", al
    mov al, 0x32                        ; mode 1 on counter 0: gate 0 is tied high, no trigger ever comes
    call pit_set
    call pm_wait
    mov al, 0xe2
    call status
    SHOW8 "mode 1 without a trigger (OUT high)", al
    ret

test_gate:
    ; mode 1: OUT2 goes low at the trigger, high at the terminal count; a retrigger restarts the count
    mov al, 0
    call gate2
    mov al, 0xb2
    mov bx, 3579                        ; 3 ms
    call pit_set
    mov ecx, 30
    call pm_wait
    in al, 0x61
    and al, 0x20
    SHOW8 "mode 1 OUT2 before the trigger", al
    mov al, 1
    call gate2
    mov ecx, PM_HZ / 500                ; 2 ms
    call pm_wait
    in al, 0x61
    and al, 0x20
    SHOW8 "mode 1 OUT2 2 ms after the trigger", al
    mov al, 0
    call gate2
    mov al, 1
    call gate2                          ; retrigger: 3 ms from now
    call pm_wait
    in al, 0x61
    and al, 0x20
    SHOW8 "mode 1 OUT2 2 ms after a retrigger", al
    call pm_wait
    in al, 0x61
    and al, 0x20
    SHOW8 "mode 1 OUT2 4 ms after the retrigger", al
    ; mode 5: OUT2 high, a one-tick low strobe 1 ms after the trigger
    mov al, 0
    call gate2
    mov al, 0xba
    mov bx, 1193
    call pit_set
    mov ecx, 30
    call pm_wait
    mov al, 0xe8
    call status
    SHOW8 "mode 5 status before the trigger", al
    mov al, 1
    call gate2
    mov ecx, 300
    call pm_wait
    call read2
    cmp ax, 1193
    setb al
    cmp al, 1
    RESULT "mode 5 counts after the trigger"
    in al, 0x61
    and al, 0x20
    SHOW8 "mode 5 OUT2 while counting", al
    ; mode 0: a low gate holds the count, a high gate resumes it
    mov al, 0xb0
    mov bx, 0x8000
    call pit_set
    mov ecx, 300
    call pm_wait
    mov al, 0
    call gate2
    call read2
    mov si, ax
    mov ecx, 3000
    call pm_wait
    call read2
    sub si, ax
    cmp si, 1
    setbe al
    cmp al, 1
    RESULT "mode 0 holds while the gate is low"
    mov al, 1
    call gate2
    call read2
    mov si, ax
    call pm_wait
    call read2
    sub si, ax
    cmp si, 500
    setae al
    cmp al, 1
    RESULT "mode 0 resumes with the gate"
    ; mode 2: a low gate holds the count and OUT2 high; the rising edge reloads the count
    mov al, 0xb4
    mov bx, 0x8000
    call pit_set
    mov ecx, 3000
    call pm_wait
    mov al, 0
    call gate2
    call read2
    mov si, ax
    call pm_wait
    call read2
    sub si, ax
    cmp si, 1
    setbe al
    cmp al, 1
    RESULT "mode 2 holds while the gate is low"
    in al, 0x61
    and al, 0x20
    SHOW8 "mode 2 OUT2 with the gate low", al
    mov al, 1
    call gate2
    mov ecx, 30
    call pm_wait
    call read2
    cmp ax, 0x8000 - 100
    setae al
    cmp al, 1
    RESULT "mode 2 reloads at the gate's rising edge"
    ; mode 3: a low gate forces OUT2 high
    mov al, 0xb6
    mov bx, 1194
    call pit_set
    mov al, 0
    call gate2
    mov cx, 100
    xor dl, dl
.high:
    in al, 0x61
    test al, 0x20
    jnz .is_high
    inc dl
.is_high:
    loop .high
    test dl, dl
    RESULT "mode 3 OUT2 high while the gate is low"
    ret

; bcd_check: 32 reads of counter 0 (latched) must be BCD and never above BX -> ZF when so
bcd_check:
    mov cx, 32
    xor dl, dl
.read:
    mov al, 0x00
    out 0x43, al
    in al, 0x40
    mov ah, al
    in al, 0x40
    xchg al, ah
    cmp ax, bx
    jbe .range
    inc dl
.range:
    push cx
    mov cx, 4
.digit:
    mov dh, al
    and dh, 15
    cmp dh, 9
    jbe .ok
    inc dl
.ok:
    ror ax, 4
    loop .digit
    pop cx
    loop .read
    test dl, dl
    ret

test_bcd:
    mov al, 0x35                        ; mode 2, BCD, 9999
    mov bx, 0x9999
    call pit_set
    call bcd_check
    RESULT "BCD mode 2 counts in BCD"
    mov al, 0x31                        ; mode 0, BCD, count 0 = 10000
    xor bx, bx
    call pit_set
    mov ecx, 300
    call pm_wait
    mov bx, 0x9999
    call bcd_check
    RESULT "BCD count 0 is 10000"
    mov al, 0x31
    mov bx, 0x0100
    call pit_set
    mov ecx, 150                        ; 50 PIT ticks
    call pm_wait
    mov al, 0x00
    out 0x43, al
    in al, 0x40
    mov ah, al
    in al, 0x40
    xchg al, ah
    cmp ax, 0x0100
    setb dl
    cmp ax, 0x0040
    seta al
    and al, dl
    cmp al, 1
    RESULT "BCD 100 counts down in decimal"
    ret

; Mode 4: OUT high, low for one tick at the terminal count: one rising edge, one IRQ 0
test_strobe:
    mov al, 0x38
    mov bx, 0xffff
    call pit_set
    call pic_init
    mov word [es:VAR_COUNT], 0
    mov al, 0x38
    mov bx, 1193
    call pit_set
    in al, 0x21
    and al, 0xfe
    out 0x21, al
    sti
    mov ecx, PM_HZ / 100
    call pm_wait
    cli
    mov al, 0xff
    out 0x21, al
    mov ax, [es:VAR_COUNT]
    SHOW8 "mode 4 interrupts in 10 ms", al
    ret

ROM_END
