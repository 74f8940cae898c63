; BIOS services test (tests/bios/run). A hard disk image: sector 0 is a boot sector that loads the rest of this
; program (sectors 1-31) with INT 13h AH=02h from the boot drive, then the program calls each BIOS service the way
; DOS-era programs and boot loaders do and prints what it gets to the debug console (port E9h); tests/bios/run
; compares that with services.expect. Sectors 32-127 hold a pattern (dword 0: the LBA, dword 127: NOT LBA), which
; the disk tests read back; the script uses a copy of this image as the diskette too (padded to 1.44 MB) and
; checks afterwards that the sectors written through INT 13h changed in both image files.
;
; Run with: -m 64 -hda services.img -fda floppy.img -boot c --rtc-base 2024-02-29T23:59:50 --keys ...
; -parallel file:... ; the exit status is (0x10 << 1) | 1 = 33 when every check passed, 35 otherwise.

bits 16
cpu 686
org 0x7c00

%define PROGRAM_SECTORS 31
%define PATTERN_FIRST 32
%define PATTERN_COUNT 96
%define BUF_SEG 0x1000                  ; sector buffers at 10000h
%define HIGH_BUF 0x200000               ; INT 15h 87h target above 1 MiB

; ---- the boot sector ----
boot:
    jmp 0:.go
.go:
    cli
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7c00
    sti
    mov [boot_drive], dl
    mov ax, 0x0200 + PROGRAM_SECTORS
    mov bx, 0x7e00
    mov cx, 0x0002
    xor dh, dh
    int 0x13
    jc .fail
    jmp main
.fail:
    mov al, '!'
    out 0xe9, al
    mov al, 0x11
    out 0xf4, al
    hlt
boot_drive: db 0
    times 510 - ($ - $$) db 0
    dw 0xaa55

; ---- output ----
; PRINT "text"
%macro PRINT 1
    jmp %%after
%%text: db %1, 0
%%after:
    push si
    mov si, %%text
    call puts
    pop si
%endmacro

; CHECK cond, "what": "what: ok" or "what: FAIL" by the flags of a preceding comparison
%macro CHECK 2
    j%-1 %%bad
    PRINT %2
    PRINT `: ok\n`
    jmp %%done
%%bad:
    PRINT %2
    PRINT `: FAIL\n`
    inc word [failures]
%%done:
%endmacro

; SHOW16 "label", value / SHOW32: "label=XXXX " (value anything movable to AX / EAX)
%macro SHOW16 2
    PRINT %1
    PRINT "="
    push eax
    mov ax, %2
    call hex16
    pop eax
    PRINT " "
%endmacro
%macro SHOW8 2
    PRINT %1
    PRINT "="
    push ax
    mov al, %2
    call hex8
    pop ax
    PRINT " "
%endmacro
%macro SHOW32 2
    PRINT %1
    PRINT "="
    push eax
    mov eax, %2
    call hex32
    pop eax
    PRINT " "
%endmacro
%macro NL 0
    push ax
    mov al, 10
    out 0xe9, al
    pop ax
%endmacro

puts:
    push ax
.next:
    cs lodsb
    test al, al
    jz .done
    out 0xe9, al
    jmp .next
.done:
    pop ax
    ret

hex32:
    push eax
    shr eax, 16
    call hex16
    pop eax
hex16:
    push ax
    mov al, ah
    call hex8
    pop ax
hex8:
    push ax
    shr al, 4
    call .digit
    pop ax
.digit:
    push ax
    and al, 0x0f
    add al, '0'
    cmp al, '9'
    jbe .out
    add al, 'a' - '9' - 1
.out:
    out 0xe9, al
    pop ax
    ret

; check_pattern: ES:BX = a sector read back, EAX = its LBA -> ZF set when it holds that sector's pattern
check_pattern:
    cmp [es:bx], eax
    jne .done
    not eax
    cmp [es:bx + 508], eax
    not eax
.done:
    ret

failures: dw 0
flags_word: dw 0

; ---- the tests ----
main:
    cld
    PRINT `services test: booted from drive `
    mov al, [boot_drive]
    call hex8
    NL
    call test_clock
    call test_memory
    call test_a20
    call test_block_move
    call test_misc
    call test_floppy
    call test_disk
    call test_pci
    call test_serial_printer
    call test_event_wait
    call test_wait_midnight
    call test_keyboard
    PRINT "failures: "
    mov ax, [failures]
    call hex16
    NL
    cmp word [failures], 0
    jne .bad
    mov al, 0x10
    out 0xf4, al
.bad:
    mov al, 0x11
    out 0xf4, al
    cli
    hlt

%include "tests/bios/services_sys.inc"
%include "tests/bios/services_disk.inc"

    times PATTERN_FIRST * 512 - ($ - $$) db 0
; The pattern sectors.
%assign lba PATTERN_FIRST
%rep PATTERN_COUNT
    dd lba
    times 504 db lba & 0xff
    dd ~lba & 0xffffffff
%assign lba lba + 1
%endrep
