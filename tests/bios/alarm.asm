; INT 1Ah 06h/07h, the RTC alarm (tests/bios/run, with --rtc-base 2024-03-01T12:00:00): a boot sector on a hard
; disk sets an alarm two seconds ahead, which must reach its INT 4Ah handler through IRQ8 (INT 70h) one to three
; seconds later; a second 06h while it is set is refused; 07h turns it off (RTC register B bit 5 clear) and a new
; alarm can be set after it. Exit status 33 when every check passed, 35 otherwise.

%define PROGRAM_SECTORS 4
%include "tests/bios/testlib.inc"

main:
    PRINT `RTC alarm test\n`
    call test_alarm
    jmp finish

alarm_fired: db 0
alarm_old_4a: dd 0

; The alarm's INT 4Ah handler (called from INT 70h).
alarm_handler:
    mov byte [cs:alarm_fired], 1
    iret

; bcd_plus2: AL = BCD seconds -> AL = two seconds later, modulo 60 (the minute is not carried: the test runs
; in the first seconds after 12:00:00).
bcd_plus2:
    mov ah, al
    shr ah, 4
    and al, 0x0f
    aad
    add al, 2
    cmp al, 60
    jb .bcd
    sub al, 60
.bcd:
    aam
    shl ah, 4
    or al, ah
    ret

test_alarm:
    push es
    xor ax, ax
    mov es, ax
    mov eax, [es:0x4a * 4]
    mov [alarm_old_4a], eax
    mov word [es:0x4a * 4], alarm_handler
    mov [es:0x4a * 4 + 2], cs
    mov ah, 0x02
    int 0x1a
    mov al, dh
    call bcd_plus2
    mov dh, al
    mov ah, 0x06
    int 0x1a
    CHECK nc, "INT 1Ah 06h sets the alarm"
    mov ah, 0x06
    int 0x1a
    CHECK c, "INT 1Ah 06h refused while an alarm is set"
    cmp byte [alarm_fired], 0
    CHECK e, "the alarm has not fired at once"
    ; Up to 5 s (91 ticks) for INT 4Ah.
    mov ah, 0x00
    int 0x1a
    mov si, dx
.wait:
    sti
    hlt
    cmp byte [alarm_fired], 0
    jne .fired
    mov ah, 0x00
    int 0x1a
    sub dx, si
    cmp dx, 91
    jb .wait
.fired:
    mov ah, 0x00
    int 0x1a
    sub dx, si
    cmp byte [alarm_fired], 1
    CHECK e, "INT 4Ah called by the alarm"
    cmp dx, 18
    jb .early
    cmp dx, 55
.early:
    CHECK be, "the alarm fires 1-3 s after it was set"
    mov ah, 0x07
    int 0x1a
    CHECK nc, "INT 1Ah 07h resets the alarm"
    mov al, 0x0b
    out 0x70, al
    in al, 0x71
    test al, 0x20
    CHECK z, "RTC alarm interrupt off after 07h"
    mov ah, 0x06
    int 0x1a
    CHECK nc, "INT 1Ah 06h again after 07h"
    mov ah, 0x07
    int 0x1a
    mov eax, [alarm_old_4a]
    mov [es:0x4a * 4], eax
    pop es
    ret

    times (PROGRAM_SECTORS + 1) * 512 - ($ - $$) db 0
