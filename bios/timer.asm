; The timer tick (IRQ0, INT 08h), the RTC services (INT 1Ah, IRQ8 / INT 70h) and INT 15h waits.

%define TICKS_PER_DAY 0x1800b0

int08_handler:
    push ax
    push ds
    mov ax, BDA_SEG
    mov ds, ax
    add word [BDA_TIMER_COUNT], 1
    adc word [BDA_TIMER_COUNT + 2], 0
    cmp word [BDA_TIMER_COUNT + 2], TICKS_PER_DAY >> 16
    jb .motor
    cmp word [BDA_TIMER_COUNT], TICKS_PER_DAY & 0xffff
    jb .motor
    mov dword [BDA_TIMER_COUNT], 0
    mov byte [BDA_TIMER_ROLLOVER], 1
.motor:
    ; Diskette motor: switch off once its countdown runs out.
    cmp byte [BDA_FD_MOTOR_TICKS], 0
    je .user
    dec byte [BDA_FD_MOTOR_TICKS]
    jnz .user
    and byte [BDA_FD_MOTOR], 0xf0
    push dx
    mov dx, 0x3f2
    mov al, 0x0c                        ; controller enabled, DMA on, motors off
    out dx, al
    pop dx
.user:
    int 0x1c
    mov al, 0x20
    out PORT_PIC1_CMD, al
    pop ds
    pop ax
    iret

; Waits until the RTC is not in its update cycle, so a multi-register read sees one consistent time.
rtc_wait_update:
    push cx
    mov cx, 0xffff
.poll:
    mov al, 0x0a
    call cmos_read
    test al, 0x80
    jz .ok
    loop .poll
.ok:
    pop cx
    ret

int1a_handler:
    sti
    cmp ah, 0x00
    je .get_ticks
    cmp ah, 0x01
    je .set_ticks
    cmp ah, 0x02
    je .get_time
    cmp ah, 0x03
    je .set_time
    cmp ah, 0x04
    je .get_date
    cmp ah, 0x05
    je .set_date
    cmp ah, 0x06
    je .set_alarm
    cmp ah, 0x07
    je .reset_alarm
    cmp ah, 0xb1
    je .pci
    jmp iret_cf_set
.get_ticks:
    push ds
    push bx
    mov bx, BDA_SEG
    mov ds, bx
    cli
    mov dx, [BDA_TIMER_COUNT]
    mov cx, [BDA_TIMER_COUNT + 2]
    mov al, [BDA_TIMER_ROLLOVER]
    mov byte [BDA_TIMER_ROLLOVER], 0
    pop bx
    pop ds
    jmp iret_cf_clear
.set_ticks:
    push ds
    push bx
    mov bx, BDA_SEG
    mov ds, bx
    cli
    mov [BDA_TIMER_COUNT], dx
    mov [BDA_TIMER_COUNT + 2], cx
    mov byte [BDA_TIMER_ROLLOVER], 0
    pop bx
    pop ds
    jmp iret_cf_clear
.get_time:
    call rtc_wait_update
    mov al, 0x00
    call cmos_read
    mov dh, al
    mov al, 0x02
    call cmos_read
    mov cl, al
    mov al, 0x04
    call cmos_read
    mov ch, al
    mov al, 0x0b
    call cmos_read
    and al, 1
    mov dl, al
    jmp iret_cf_clear
.set_time:
    call rtc_wait_update
    mov al, 0x00
    mov ah, dh
    call cmos_write
    mov al, 0x02
    mov ah, cl
    call cmos_write
    mov al, 0x04
    mov ah, ch
    call cmos_write
    mov al, 0x0b
    call cmos_read
    and al, 0x7e                        ; keep interrupt enables, 24-hour BCD, DST from DL
    or al, 0x02
    and dl, 1
    or al, dl
    mov ah, al
    mov al, 0x0b
    call cmos_write
    jmp iret_cf_clear
.get_date:
    call rtc_wait_update
    mov al, 0x07
    call cmos_read
    mov dl, al
    mov al, 0x08
    call cmos_read
    mov dh, al
    mov al, 0x09
    call cmos_read
    mov cl, al
    mov al, 0x32
    call cmos_read
    mov ch, al
    jmp iret_cf_clear
.set_date:
    call rtc_wait_update
    mov al, 0x07
    mov ah, dl
    call cmos_write
    mov al, 0x08
    mov ah, dh
    call cmos_write
    mov al, 0x09
    mov ah, cl
    call cmos_write
    mov al, 0x32
    mov ah, ch
    call cmos_write
    jmp iret_cf_clear
.set_alarm:
    mov al, 0x0b
    call cmos_read
    test al, 0x20
    jnz iret_cf_set                     ; an alarm is already set
    mov al, 0x01
    mov ah, dh
    call cmos_write
    mov al, 0x03
    mov ah, cl
    call cmos_write
    mov al, 0x05
    mov ah, ch
    call cmos_write
    mov al, 0x0b
    call cmos_read
    or al, 0x20
    mov ah, al
    mov al, 0x0b
    call cmos_write
    in al, PORT_PIC2_DATA
    and al, 0xfe                        ; unmask IRQ8
    out PORT_PIC2_DATA, al
    jmp iret_cf_clear
.reset_alarm:
    mov al, 0x0b
    call cmos_read
    and al, 0xdf
    mov ah, al
    mov al, 0x0b
    call cmos_write
    jmp iret_cf_clear
.pci:
    jmp pci_bios_16                     ; system.asm

; Common exits for services that report success or failure in CF, keeping the caller's other flags.
iret_cf_clear:
    push bp
    mov bp, sp
    and byte [bp + 6], 0xfe
    pop bp
    iret

iret_cf_set:
    push bp
    mov bp, sp
    or byte [bp + 6], 0x01
    pop bp
    iret

; IRQ8: the RTC. Periodic interrupts drive INT 15h 83h/86h waits; the alarm calls INT 4Ah.
int70_handler:
    push ax
    push ds
    push bx
    mov al, 0x0c
    call cmos_read                      ; reading C acknowledges the RTC
    mov bl, al
    mov ax, BDA_SEG
    mov ds, ax
    test bl, 0x40
    jz .alarm
    cmp byte [BDA_WAIT_ACTIVE], 0
    je .alarm
    sub word [BDA_WAIT_COUNT], 976      ; microseconds per 1024 Hz tick
    sbb word [BDA_WAIT_COUNT + 2], 0
    jnc .alarm
    ; The wait is over: stop the periodic interrupt and set bit 7 of the caller's flag byte.
    mov byte [BDA_WAIT_ACTIVE], 0
    mov al, 0x0b
    call cmos_read
    and al, 0xbf
    mov ah, al
    mov al, 0x0b
    call cmos_write
    push es
    push si
    les si, [BDA_WAIT_FLAG_PTR]
    or byte [es:si], 0x80
    pop si
    pop es
.alarm:
    test bl, 0x20
    jz .eoi
    sti
    int 0x4a
    cli
.eoi:
    mov al, 0x20
    out PORT_PIC2_CMD, al
    out PORT_PIC1_CMD, al
    pop bx
    pop ds
    pop ax
    iret
