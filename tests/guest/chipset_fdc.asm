; The 82077AA floppy controller (3F0h-3F7h, IRQ 6) with the 8237 DMA channel 2, driven through their ports as a
; driver does, on a 1.44M image that chipset_fdc.setup makes (sector C/H/S of cylinders 0-2 starts with
; "x86pc fdc cCC hH sSS") and chipset_fdc.check reads back: reset through the DOR with its four ready-change
; interrupts, the disk-change line, VERSION, SPECIFY, RECALIBRATE and SEEK with SENSE INTERRUPT STATUS, SENSE
; DRIVE STATUS, READ ID, READ DATA through DMA (terminal count after two sectors, the DMA status register's TC
; bit, a multi-track read from side 0 onto side 1, a read ending at EOT), WRITE DATA and reading it back, a sector
; that is not on the track, FORMAT TRACK with a filler byte, implied seeks on and off (CONFIGURE's EIS), SENSE
; INTERRUPT STATUS with nothing pending and an invalid command.
; Expectations from QEMU (tests/guest/qemu-expect chipset_fdc), but for the lines chipset_fdc.qemu-differs names.
%include "tests/guest/lib.inc"
%include "tests/guest/chipset.inc"
%include "tests/guest/storage.inc"

%define FDC 0x3f0

test_main:
    call chipset_init
    SET_VEC 0x0e, count_isr
    in al, 0x21
    and al, ~0x40                       ; IRQ 6
    out 0x21, al
    call test_reset
    call test_seek
    call test_read
    call test_write
    call test_format
    call test_implied_seek
    call test_misc
    PRINT `done\n`
    EXIT 0

; ---- the controller's FIFO ----

; fdc_out: AL to the FIFO when the MSR asks for a byte from the host (RQM, not DIO)
fdc_out:
    push ebx
    push eax
    call pm_now
    mov ebx, eax
.wait:
    mov dx, FDC + 4
    in al, dx
    and al, 0xc0
    cmp al, 0x80
    je .ready
    call pm_since
    cmp eax, PM_HZ / 10
    jb .wait
    PRINT ` (FIFO not ready for a byte)`
.ready:
    pop eax
    mov dx, FDC + 5
    out dx, al
    pop ebx
    ret

; fdc_in: AL = a result byte (waits while the controller is busy, for RQM with DIO); CF set when it has none
; (RQM without DIO: it waits for a command)
fdc_in:
    push ebx
    push eax
    call pm_now
    mov ebx, eax
.wait:
    mov dx, FDC + 4
    in al, dx
    and al, 0xc0
    cmp al, 0xc0
    je .ready
    cmp al, 0x80
    je .none
    call pm_since
    cmp eax, PM_HZ / 10
    jb .wait
.none:
    pop eax
    pop ebx
    stc
    ret
.ready:
    pop eax
    mov dx, FDC + 5
    in al, dx
    pop ebx
    clc
    ret

; CMD byte...: the bytes of a command
%macro CMD 1-*
    %rep %0
    mov al, %1
    call fdc_out
    %rotate 1
    %endrep
%endmacro

; results: prints every result byte the controller has, then its MSR
results:
    push ax
    push cx
    xor cx, cx
.next:
    call fdc_in
    jc .end
    PRINT " "
    call hex8
    inc cx
    cmp cx, 16
    jb .next
.end:
    PRINT " (msr "
    mov dx, FDC + 4
    in al, dx
    call hex8
    PRINT `)\n`
    pop cx
    pop ax
    ret

; sense: SENSE INTERRUPT STATUS and its ST0, PCN
sense:
    PRINT "  sense interrupt:"
    CMD 0x08
    call results
    ret

; dma2: AL = mode (46h device to memory, 4Ah memory to device), EBX = address (below 16 MiB), CX = bytes - 1
dma2:
    push ax
    mov al, 0x06
    out 0x0a, al                        ; mask channel 2
    out 0x0c, al                        ; clear the flip-flop
    pop ax
    out 0x0b, al
    mov al, bl
    out 0x04, al
    mov al, bh
    out 0x04, al
    shr ebx, 16
    mov al, bl
    out 0x81, al
    out 0x0c, al
    mov al, cl
    out 0x05, al
    mov al, ch
    out 0x05, al
    mov al, 0x02
    out 0x0a, al                        ; unmask
    ret

; show_sector "what", segment: the first 20 characters there
%macro SHOW_SECTOR 2
    PRINT %1
    push gs
    mov ax, %2
    mov gs, ax
    xor si, si
    mov cx, 20
    call print_text
    pop gs
    PRINT `\n`
%endmacro

; WAIT6 "what": waits for IRQ 6 and prints "what:"
%macro WAIT6 1
    PRINT %1
    PRINT ":"
    call wait_irq
%endmacro

; ---- the tests ----

test_reset:
    mov dx, FDC + 2
    xor al, al
    out dx, al                          ; reset
    mov ecx, PM_HZ / 10000
    call pm_wait
    mov al, 0x0c                        ; out of reset, DMA and IRQ enabled, drive 0
    out dx, al
    WAIT6 "reset"
    PRINT `\n`
    call sense
    call sense
    call sense
    call sense
    mov dx, FDC + 7
    xor al, al
    out dx, al                          ; CCR: 500 kb/s
    CMD 0x03, 0xdf, 0x02                ; SPECIFY: step rate, head unload, head load, DMA mode
    PRINT "VERSION:"
    CMD 0x10
    call results
    mov dx, FDC + 2
    mov al, 0x1c                        ; motor 0 on
    out dx, al
    mov dx, FDC + 7
    in al, dx
    and al, 0x80
    SHOW8 "disk change line at power-on", al
    ret

test_seek:
    CMD 0x07, 0x00
    WAIT6 "RECALIBRATE"
    PRINT `\n`
    call sense
    CMD 0x0f, 0x00, 5
    WAIT6 "SEEK 5"
    PRINT `\n`
    call sense
    mov dx, FDC + 7
    in al, dx
    and al, 0x80
    SHOW8 "disk change line after the seek", al
    PRINT "SENSE DRIVE STATUS:"
    CMD 0x04, 0x00
    call results
    CMD 0x0f, 0x04, 2
    WAIT6 "SEEK 2, head 1"
    PRINT `\n`
    call sense
    PRINT "SENSE DRIVE STATUS head 1:"
    CMD 0x04, 0x04
    call results
    CMD 0x4a, 0x04
    WAIT6 "READ ID head 1"
    call fdc_in
    PRINT " "
    call hex8
    call fdc_in
    PRINT " "
    call hex8
    call fdc_in
    PRINT " "
    call hex8
    call fdc_in
    PRINT " C "
    call hex8
    call fdc_in
    PRINT " H "
    call hex8
    call fdc_in
    cmp al, 1
    jb .bad_r
    cmp al, 18
    ja .bad_r
    PRINT " R in 1-18"
    jmp .r_done
.bad_r:
    PRINT " R "
    call hex8
.r_done:
    call fdc_in
    PRINT " N "
    call hex8
    PRINT `\n`
    ret

test_read:
    CMD 0x0f, 0x00, 0
    WAIT6 "SEEK 0"
    PRINT `\n`
    call sense
    mov al, 0x46
    mov ebx, 0x20000
    mov cx, 1023
    call dma2
    in al, 0x08                         ; clears old terminal counts
    CMD 0xe6, 0x00, 0, 0, 1, 2, 18, 0x1b, 0xff
    WAIT6 "READ DATA 0/0/1, two sectors by DMA"
    call results
    in al, 0x08
    and al, 0x0f
    SHOW8 "  DMA status: terminal count", al
    mov al, 0x06
    out 0x0a, al
    SHOW_SECTOR "  at 20000h: ", 0x2000
    SHOW_SECTOR "  at 20200h: ", 0x2020
    mov al, 0x46
    mov ebx, 0x20000
    mov cx, 1023
    call dma2
    CMD 0xe6, 0x00, 0, 0, 18, 2, 18, 0x1b, 0xff
    WAIT6 "READ DATA 0/0/18, two sectors, multi-track"
    call results
    SHOW_SECTOR "  at 20000h: ", 0x2000
    SHOW_SECTOR "  at 20200h: ", 0x2020
    mov al, 0x46
    mov ebx, 0x20000
    mov cx, 1023
    call dma2
    CMD 0x66, 0x00, 0, 0, 17, 2, 18, 0x1b, 0xff
    WAIT6 "READ DATA 0/0/17 to EOT 18 with a 2-sector DMA count, no MT"
    call results
    ret

fdc_prefix: db "fdc wr c01h1s"

test_write:
    CMD 0x0f, 0x04, 1
    WAIT6 "SEEK 1"
    PRINT `\n`
    call sense
    push gs
    mov ax, 0x3000
    mov gs, ax
    xor di, di
    mov si, fdc_prefix
    mov al, 5
    call fill_sector
    pop gs
    mov al, 0x4a
    mov ebx, 0x30000
    mov cx, 511
    call dma2
    CMD 0xc5, 0x04, 1, 1, 5, 2, 18, 0x1b, 0xff
    WAIT6 "WRITE DATA 1/1/5"
    call results
    mov al, 0x46
    mov ebx, 0x40000
    mov cx, 511
    call dma2
    CMD 0xe6, 0x04, 1, 1, 5, 2, 18, 0x1b, 0xff
    WAIT6 "READ DATA 1/1/5"
    call results
    SHOW_SECTOR "  at 40000h: ", 0x4000
    mov al, 0x46
    mov ebx, 0x40000
    mov cx, 511
    call dma2
    CMD 0xe6, 0x04, 1, 1, 20, 2, 20, 0x1b, 0xff
    WAIT6 "READ DATA 1/1/20 (no such sector)"
    call results
    ret

test_format:
    CMD 0x0f, 0x00, 2
    WAIT6 "SEEK 2"
    PRINT `\n`
    call sense
    ; 18 headers C H R N at 50000h
    push gs
    mov ax, 0x5000
    mov gs, ax
    xor di, di
    mov cx, 1
.hdr:
    mov byte [gs:di], 2
    mov byte [gs:di + 1], 0
    mov [gs:di + 2], cl
    mov byte [gs:di + 3], 2
    add di, 4
    inc cx
    cmp cx, 18
    jbe .hdr
    pop gs
    mov al, 0x4a
    mov ebx, 0x50000
    mov cx, 18 * 4 - 1
    call dma2
    CMD 0x4d, 0x00, 2, 18, 0x54, 0xf6
    WAIT6 "FORMAT TRACK 2/0, filler F6h"
    call fdc_in
    PRINT " "
    call hex8
    call fdc_in
    PRINT " "
    call hex8
    call fdc_in
    PRINT " "
    call hex8
    call fdc_in                         ; C, H, R, N: undefined after FORMAT
    call fdc_in
    call fdc_in
    call fdc_in
    PRINT `\n`
    mov al, 0x46
    mov ebx, 0x40000
    mov cx, 511
    call dma2
    CMD 0xe6, 0x00, 2, 0, 7, 2, 18, 0x1b, 0xff
    WAIT6 "READ DATA 2/0/7"
    call results
    PRINT "  at 40000h:"
    push gs
    mov ax, 0x4000
    mov gs, ax
    mov si, 0
    mov cx, 4
    call print_bytes
    mov si, 508
    call print_bytes
    pop gs
    PRINT `\n`
    ret

; implied seeks (CONFIGURE's EIS): on, a read of another cylinder seeks there first and reports SE in ST0; off, it
; finds the wrong cylinder's headers
test_implied_seek:
    CMD 0x13, 0x00, 0x60, 0x00          ; CONFIGURE: EIS on, FIFO off, polling on
    mov al, 0x46
    mov ebx, 0x40000
    mov cx, 511
    call dma2
    CMD 0xe6, 0x00, 0, 0, 3, 2, 18, 0x1b, 0xff
    WAIT6 "EIS on, on cylinder 2: READ DATA 0/0/3"
    call results
    SHOW_SECTOR "  at 40000h: ", 0x4000
    PRINT "  SENSE DRIVE STATUS:"
    CMD 0x04, 0x00
    call results
    CMD 0x13, 0x00, 0x20, 0x00          ; EIS off
    mov al, 0x46
    mov ebx, 0x40000
    mov cx, 511
    call dma2
    CMD 0xe6, 0x00, 1, 0, 3, 2, 18, 0x1b, 0xff
    WAIT6 "EIS off, on cylinder 0: READ DATA 1/0/3"
    call results
    ret

test_misc:
    PRINT "SENSE INTERRUPT STATUS with nothing pending:"
    CMD 0x08
    call results
    PRINT "invalid command 1Fh:"
    CMD 0x1f
    call results
    SHOW_IRQS "interrupts left"
    ret

ROM_END
