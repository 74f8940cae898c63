; The ATA hard disk on the primary IDE channel (1F0h-1F7h, 3F6h, IRQ 14), driven through its ports as a driver
; does, on an 8 MiB image that chipset_ata.setup makes (sector n starts with "x86pc ata sector nnnn") and
; chipset_ata.check reads back: IDENTIFY DEVICE (ATA device, the model, LBA and LBA48 capacity, multiple sectors),
; the status and interrupt sequence of READ SECTORS and WRITE SECTORS in PIO (DRQ per block with an interrupt, no
; interrupt before the first block written, none after the last block read), READ/WRITE MULTIPLE after SET
; MULTIPLE, READ/WRITE SECTORS EXT, addresses beyond the disk (ERR with IDNF), nIEN, FLUSH CACHE (EXT), an absent
; device 1, READ VERIFY, aborted commands, EXECUTE DEVICE DIAGNOSTIC, CHS addressing after INITIALIZE DEVICE
; PARAMETERS, software reset and its signature, and bus-master DMA through the PIIX3 IDE function (BAR4, a
; two-entry PRD table) reading and writing. Expectations from QEMU (tests/guest/qemu-expect chipset_ata) but for
; the lines chipset_ata.qemu-differs names.
%include "tests/guest/lib.inc"
%include "tests/guest/chipset.inc"
%include "tests/guest/storage.inc"

%define ATA 0x1f0
%define ATA_CTL 0x3f6
%define BM 0xc000                       ; where the test puts the bus-master registers (BAR4)
%define PRD 0x0800                      ; the PRD table (physical)
%define IDE_FN 0x80000900               ; PCI 00:01.1
%define VAR_QUIET 0x520                 ; byte: read_blocks does not print the data (IDENTIFY)

test_main:
    call chipset_init
    SET_VEC 0x76, count_isr
    in al, 0x21
    and al, ~0x04                       ; the cascade
    out 0x21, al
    in al, 0xa1
    and al, ~0x40                       ; IRQ 14
    out 0xa1, al
    mov ax, 0x1000
    mov gs, ax                          ; the PIO buffer at 10000h
    call test_probe
    call test_identify
    call test_pio_read
    call test_pio_write
    call test_multiple
    call test_lba48
    call test_range
    call test_nien
    call test_flush
    call test_other
    call test_reset
    call test_dma
    call test_readback
    PRINT `done\n`
    EXIT 0

; ---- task file ----

; ata_cmd: EBX = LBA (28 bits), CL = count, AL = command; LBA addressing, device 0
ata_cmd:
    push ax
    push dx
    mov dx, ATA + 2
    push ax
    mov al, cl
    out dx, al
    inc dx
    mov al, bl
    out dx, al
    inc dx
    mov al, bh
    out dx, al
    inc dx
    mov eax, ebx
    shr eax, 16
    out dx, al
    inc dx
    shr ax, 8
    and al, 0x0f
    or al, 0xe0
    out dx, al
    pop ax
    inc dx
    out dx, al
    pop dx
    pop ax
    ret

; ata_cmd48: EBX = LBA bits 0-31, BP = bits 32-47, CX = count, AL = command; each register gets its high
; (previous) byte first
ata_cmd48:
    push ax
    push dx
    push ax
    mov dx, ATA + 2
    mov al, ch
    out dx, al
    mov al, cl
    out dx, al
    inc dx
    mov eax, ebx
    shr eax, 24
    out dx, al                          ; LBA 24-31
    mov al, bl
    out dx, al                          ; LBA 0-7
    inc dx
    mov ax, bp
    out dx, al                          ; LBA 32-39
    mov al, bh
    out dx, al                          ; LBA 8-15
    inc dx
    mov al, ah
    out dx, al                          ; LBA 40-47
    mov eax, ebx
    shr eax, 16
    out dx, al                          ; LBA 16-23
    inc dx
    mov al, 0x40
    out dx, al
    pop ax
    inc dx
    out dx, al
    pop dx
    pop ax
    ret

; status: AL = the status register (acknowledges the interrupt)
status:
    push dx
    mov dx, ATA + 7
    in al, dx
    pop dx
    ret

; SHOW_ERR "what": prints "what: status ss error ee" (status without DSC)
%macro SHOW_ERR 1
    PRINT %1
    PRINT ": status "
    call status
    and al, ~0x10                       ; DSC: obsolete since ATA-4 (drives set it, QEMU clears it on errors)
    call hex8
    PRINT " error "
    mov dx, ATA + 1
    in al, dx
    call hex8
    PRINT `\n`
%endmacro

; END_STATUS "what": waits for the interrupt that ends a non-data command and shows the status
%macro END_STATUS 1
    PRINT %1
    PRINT ":"
    call wait_irq
    PRINT " status "
    call status
    call hex8
    PRINT `\n`
%endmacro

; after_command: right after the command register is written the drive is busy or already asks for data
after_command:
    push dx
    mov dx, ATA_CTL
    in al, dx
    pop dx
    test al, 0x88
    jz .bad
    test al, 0x01
    jnz .bad
    PRINT ` busy at once: ok\n`
    ret
.bad:
    PRINT ` busy at once: FAIL `
    call hex8
    PRINT `\n`
    ret

; read_blocks: CX = sectors, BX = sectors per DRQ block; for each block: the interrupt, the status, the data into
; GS:0 onwards, the start of the block's first sector printed
read_blocks:
    pusha
    xor di, di
.block:
    mov dx, bx
    cmp cx, dx
    jae .whole
    mov dx, cx
.whole:
    sub cx, dx
    PRINT "  block:"
    call wait_irq
    PRINT " status "
    call status
    call hex8
    PRINT " data "
    push cx
    mov si, di
    mov cx, dx
    shl cx, 8                           ; words
    mov dx, ATA
.word:
    in ax, dx
    mov [gs:di], ax
    add di, 2
    loop .word
    mov cx, 21
    cmp byte [es:VAR_QUIET], 0
    jne .quiet
    call print_text
.quiet:
    PRINT `\n`
    pop cx
    test cx, cx
    jnz .block
    popa
    ret

; write_blocks: CX = sectors, BX = sectors per DRQ block, data from GS:0 onwards; the first block without an
; interrupt (DRQ polled), the others after their interrupt; then the final interrupt and status
write_blocks:
    pusha
    xor si, si
    mov dx, ATA_CTL
    call wait_not_busy
    PRINT "  first block: status "
    call hex8
    SHOW_IRQS ", interrupts"
.block:
    mov dx, bx
    cmp cx, dx
    jae .whole
    mov dx, cx
.whole:
    sub cx, dx
    push cx
    mov cx, dx
    shl cx, 8
    mov dx, ATA
.word:
    mov ax, [gs:si]
    out dx, ax
    add si, 2
    loop .word
    pop cx
    PRINT "  block written:"
    call wait_irq
    PRINT " status "
    call status
    call hex8
    PRINT `\n`
    test cx, cx
    jnz .block
    popa
    ret

; fill: CX sectors at GS:0 with the prefix at DS:SI and numbers from AL on
fill:
    push ax
    push cx
    xor di, di
.next:
    call fill_sector
    inc al
    loop .next
    pop cx
    pop ax
    ret

; ---- the tests ----

test_probe:
    mov dx, ATA + 6
    mov al, 0xa0
    out dx, al
    SHOW8 "status at power-on", al
    ret

test_identify:
    PRINT "IDENTIFY DEVICE"
    mov byte [es:VAR_QUIET], 1
    mov al, 0xec
    xor ebx, ebx
    xor cl, cl
    call ata_cmd
    call after_command
    mov cx, 1
    mov bx, 1
    call read_blocks
    mov byte [es:VAR_QUIET], 0
    call status
    SHOW8 "status after the data", al
    SHOW16 "word 0 (ATA device)", [gs:0]
    ; the model (words 27-46, two characters per word, the first in the high byte) ends in "HARDDISK": the
    ; character at string index k is at byte 54 + (k ^ 1)
    mov bx, 39
.trail:
    mov si, bx
    xor si, 1
    cmp byte [gs:si + 54], ' '
    jne .end
    dec bx
    jnz .trail
.end:
    mov di, hdd_word + 7
    mov cx, 8
.cmp:
    mov si, bx
    xor si, 1
    mov al, [gs:si + 54]
    cmp al, [di]
    jne .model_bad
    dec bx
    dec di
    loop .cmp
    cmp al, al                          ; ZF: all eight matched
.model_bad:
    RESULT "model ends in HARDDISK"
    SHOW16 "word 47 (multiple sectors)", [gs:47 * 2]
    mov ax, [gs:49 * 2]
    and ax, 0x0300
    SHOW16 "word 49 LBA and DMA", ax
    SHOW32 "words 60-61 (LBA28 sectors)", [gs:60 * 2]
    mov ax, [gs:83 * 2]
    and ax, 0x0400
    SHOW16 "word 83 bit 10 (LBA48)", ax
    mov ax, [gs:86 * 2]
    and ax, 0x0400
    SHOW16 "word 86 bit 10 (LBA48 enabled)", ax
    SHOW32 "words 100-101 (LBA48 sectors)", [gs:100 * 2]
    SHOW32 "words 102-103", [gs:102 * 2]
    SHOW_IRQS "interrupts left"
    ret

hdd_word: db "HARDDISK"

test_pio_read:
    PRINT "READ SECTORS 10, 2"
    mov al, 0x20
    mov ebx, 10
    mov cl, 2
    call ata_cmd
    call after_command
    mov cx, 2
    mov bx, 1
    call read_blocks
    mov dx, ATA_CTL
    in al, dx
    SHOW8 "alternate status after the last block", al
    SHOW_IRQS "interrupts after the last block"
    call status
    SHOW8 "status", al
    ret

pio_prefix: db "pio write lba"
multi_prefix: db "pio multi lba"
dma_prefix: db "dma write lba"
ext_prefix: db "pio ext w lba"

test_pio_write:
    mov si, pio_prefix
    mov al, 40
    mov cx, 2
    call fill
    PRINT "WRITE SECTORS 40, 2"
    mov al, 0x30
    mov ebx, 40
    mov cl, 2
    call ata_cmd
    call after_command
    mov cx, 2
    mov bx, 1
    call write_blocks
    SHOW_IRQS "interrupts left"
    ret

test_multiple:
    mov al, 0xc6
    xor ebx, ebx
    mov cl, 3
    call ata_cmd
    call wait_irq
    SHOW_ERR "SET MULTIPLE 3"
    mov al, 0xc6
    mov cl, 0
    call ata_cmd
    END_STATUS "SET MULTIPLE 0 (off)"
    PRINT "READ MULTIPLE with multiple mode off:"
    mov al, 0xc4
    mov ebx, 12
    mov cl, 8
    call ata_cmd
    call wait_irq
    PRINT `\n`
    SHOW_ERR "  aborted"
    mov al, 0xc6
    xor ebx, ebx
    mov cl, 4
    call ata_cmd
    END_STATUS "SET MULTIPLE 4"
    mov byte [es:VAR_QUIET], 1
    PRINT "IDENTIFY again"
    mov al, 0xec
    call ata_cmd
    call after_command
    mov cx, 1
    mov bx, 1
    call read_blocks
    mov byte [es:VAR_QUIET], 0
    SHOW16 "word 59 (multiple setting)", [gs:59 * 2]
    PRINT "READ MULTIPLE 12, 8"
    mov al, 0xc4
    mov ebx, 12
    mov cl, 8
    call ata_cmd
    call after_command
    mov cx, 8
    mov bx, 4
    call read_blocks
    mov si, 3 * 512
    mov cx, 21
    PRINT "  4th sector: "
    call print_text
    PRINT `\n`
    SHOW_IRQS "interrupts after the last block"
    call status
    SHOW8 "status", al
    mov si, multi_prefix
    mov al, 48
    mov cx, 6
    call fill
    PRINT "WRITE MULTIPLE 48, 6"
    mov al, 0xc5
    mov ebx, 48
    mov cl, 6
    call ata_cmd
    call after_command
    mov cx, 6
    mov bx, 4
    call write_blocks
    SHOW_IRQS "interrupts left"
    mov al, 0xc6
    xor ebx, ebx
    mov cl, 0
    call ata_cmd
    END_STATUS "SET MULTIPLE 0 (off)"
    ret

test_lba48:
    PRINT "READ SECTORS EXT 20, 2"
    mov al, 0x24
    mov ebx, 20
    xor bp, bp
    mov cx, 2
    call ata_cmd48
    call after_command
    mov cx, 2
    mov bx, 1
    call read_blocks
    call status
    SHOW8 "status", al
    mov si, ext_prefix
    mov al, 44
    mov cx, 1
    call fill
    PRINT "WRITE SECTORS EXT 44, 1"
    mov al, 0x34
    mov ebx, 44
    xor bp, bp
    mov cx, 1
    call ata_cmd48
    call after_command
    mov cx, 1
    mov bx, 1
    call write_blocks
    ret

; expect_error: the command just written should fail. A drive may find out only when it gets to the data (QEMU
; asks for a write's data first), so any DRQ block is moved (BL = 1: out) until the drive ends the command;
; then its interrupt, status and error.
expect_error:
    mov dx, ATA_CTL
    call wait_not_busy
    test al, 0x08
    jz .end
    mov cx, 256
    mov dx, ATA
.word:
    test bl, bl
    jz .in
    out dx, ax
    jmp .next
.in:
    in ax, dx
.next:
    loop .word
    jmp expect_error
.end:
    call wait_irq
    PRINT `\n`
    SHOW_ERR "  "
    ret

; ERROR_CMD "what", command, LBA (28 bits), write
%macro ERROR_CMD 4
    PRINT %1
    mov al, %2
    mov ebx, %3
    mov cl, 1
    call ata_cmd
    mov bl, %4
    call expect_error
%endmacro

; ERROR_CMD48 "what", command, LBA 0-31, LBA 32-47, write
%macro ERROR_CMD48 5
    PRINT %1
    mov al, %2
    mov ebx, %3
    mov bp, %4
    mov cx, 1
    call ata_cmd48
    mov bl, %5
    call expect_error
%endmacro

test_range:
    ERROR_CMD "READ SECTORS beyond the disk (16384):", 0x20, 16384, 0
    ERROR_CMD "WRITE SECTORS beyond the disk (0FFFFFFFh):", 0x30, 0x0fffffff, 1
    ERROR_CMD48 "READ SECTORS EXT at 1000000h (8 GiB):", 0x24, 0x01000000, 0, 0
    ERROR_CMD48 "WRITE SECTORS EXT at 1_00000000h:", 0x34, 0, 1, 1
    PRINT "READ SECTORS 16383, 1 (the last sector):"
    mov al, 0x20
    mov ebx, 16383
    mov cl, 1
    call ata_cmd
    PRINT `\n`
    mov cx, 1
    mov bx, 1
    call read_blocks
    call status
    SHOW8 "  status", al
    ret

test_nien:
    mov dx, ATA_CTL
    mov al, 0x02
    out dx, al
    PRINT "FLUSH CACHE with nIEN: "
    mov al, 0xe7
    xor ebx, ebx
    xor cl, cl
    call ata_cmd
    mov dx, ATA_CTL
    call wait_not_busy
    call hex8
    SHOW_IRQS ", interrupts"
    call status
    mov dx, ATA_CTL
    xor al, al
    out dx, al
    SHOW_IRQS "interrupts after nIEN is cleared"
    ret

test_flush:
    mov al, 0xe7
    xor ebx, ebx
    xor cl, cl
    call ata_cmd
    END_STATUS "FLUSH CACHE"
    mov al, 0xea
    call ata_cmd
    END_STATUS "FLUSH CACHE EXT"
    ret

; other commands: device 1 (absent) ignores a command, READ VERIFY, SET FEATURES with an unknown feature, DEVICE
; RESET (packet devices only), EXECUTE DEVICE DIAGNOSTIC, and CHS addresses after INITIALIZE DEVICE PARAMETERS
test_other:
    mov dx, ATA + 6
    mov al, 0xb0
    out dx, al
    mov dx, ATA + 7
    in al, dx
    SHOW8 "device 1 (absent): status", al
    mov al, 0xec
    out dx, al
    SHOW_IRQS "  IDENTIFY DEVICE to it: interrupts"
    mov dx, ATA + 7
    in al, dx
    SHOW8 "  status", al
    mov al, 0x40
    mov ebx, 10
    mov cl, 4
    call ata_cmd
    END_STATUS "READ VERIFY SECTORS 10, 4"
    mov dx, ATA + 1
    mov al, 0x77
    out dx, al
    mov al, 0xef
    xor ebx, ebx
    mov cl, 0
    call ata_cmd
    call wait_irq
    SHOW_ERR "SET FEATURES 77h"
    mov al, 0x08
    call ata_cmd
    call wait_irq
    SHOW_ERR "DEVICE RESET (not for a disk)"
    mov al, 0x90
    call ata_cmd
    call wait_irq
    SHOW_ERR "EXECUTE DEVICE DIAGNOSTIC"
    ; INITIALIZE DEVICE PARAMETERS: 16 heads, 63 sectors per track
    mov dx, ATA + 2
    mov al, 63
    out dx, al
    mov dx, ATA + 6
    mov al, 0xaf
    out dx, al
    mov dx, ATA + 7
    mov al, 0x91
    out dx, al
    END_STATUS "INITIALIZE DEVICE PARAMETERS 16/63"
    PRINT `READ SECTORS C 0 H 1 S 1 (LBA 63)\n`
    mov dx, ATA + 2
    mov al, 1
    out dx, al
    inc dx
    out dx, al                          ; sector 1
    inc dx
    xor al, al
    out dx, al
    inc dx
    out dx, al                          ; cylinder 0
    inc dx
    mov al, 0xa1                        ; CHS, device 0, head 1
    out dx, al
    inc dx
    mov al, 0x20
    out dx, al
    mov cx, 1
    mov bx, 1
    call read_blocks
    call status
    SHOW8 "  status", al
    ret

test_reset:
    mov dx, ATA_CTL
    mov al, 0x04
    out dx, al
    mov ecx, PM_HZ / 10000              ; 100 us
    call pm_wait
    xor al, al
    out dx, al
    call wait_not_busy
    SHOW8 "software reset: status", al
    PRINT "signature:"
    mov dx, ATA + 1
.reg:
    in al, dx
    PRINT " "
    call hex8
    inc dx
    cmp dx, ATA + 6
    jb .reg
    PRINT `\n`
    ret

; ---- bus-master DMA ----

; set_prd: the PRD table at PRD: 512 bytes at 20000h, then 512 bytes at 30000h (the last entry)
set_prd:
    mov dword [es:PRD], 0x20000
    mov dword [es:PRD + 4], 512
    mov dword [es:PRD + 8], 0x30000
    mov dword [es:PRD + 12], 0x80000000 | 512
    mov dx, BM + 4
    mov eax, PRD
    out dx, eax
    mov dx, BM + 2
    mov al, 0x06                        ; clear the error and interrupt bits
    out dx, al
    ret

; bm_start: AL = direction (08h: to memory) | start
bm_start:
    mov dx, BM
    out dx, al
    ret

test_dma:
    mov eax, IDE_FN | 0x00
    call pci_read32
    SHOW32 "IDE function 00:01.1", eax
    mov eax, IDE_FN | 0x08
    call pci_read32
    shr eax, 8
    SHOW32 "class, programming interface", eax
    mov eax, IDE_FN | 0x20
    mov ecx, BM
    call pci_write32
    mov eax, IDE_FN | 0x20
    call pci_read32
    SHOW32 "BAR4", eax
    mov eax, IDE_FN | 0x04
    mov ecx, 0x0005                     ; I/O space, bus master
    call pci_write32
    mov eax, IDE_FN | 0x40
    mov ecx, 0x80008000                 ; IDETIM: both channels decoded
    call pci_write32
    mov dx, BM + 2
    in al, dx
    and al, 0x07
    SHOW8 "bus-master status (active, error, interrupt)", al
    ; READ DMA 10, 2 into the two PRD regions
    mov ax, 0x2000
    mov fs, ax
    call set_prd
    PRINT "READ DMA 10, 2:"
    mov al, 0xc8
    mov ebx, 10
    mov cl, 2
    call ata_cmd
    mov al, 0x09
    call bm_start
    call wait_irq
    mov dx, BM + 2
    in al, dx
    PRINT " bus-master status "
    call hex8
    mov al, 0x08
    call bm_start                       ; stop
    PRINT " status "
    call status
    call hex8
    PRINT `\n`
    push gs
    mov ax, 0x2000
    mov gs, ax
    xor si, si
    mov cx, 21
    PRINT "  at 20000h: "
    call print_text
    mov ax, 0x3000
    mov gs, ax
    PRINT `\n  at 30000h: `
    call print_text
    PRINT `\n`
    pop gs
    ; WRITE DMA 56, 2 from the same regions
    push gs
    mov ax, 0x2000
    mov gs, ax
    xor di, di
    mov si, dma_prefix
    mov al, 56
    call fill_sector
    mov ax, 0x3000
    mov gs, ax
    xor di, di
    mov al, 57
    call fill_sector
    pop gs
    call set_prd
    PRINT "WRITE DMA 56, 2:"
    mov al, 0xca
    mov ebx, 56
    mov cl, 2
    call ata_cmd
    mov al, 0x01
    call bm_start
    call wait_irq
    mov dx, BM + 2
    in al, dx
    PRINT " bus-master status "
    call hex8
    mov al, 0x00
    call bm_start
    PRINT " status "
    call status
    call hex8
    PRINT `\n`
    ; bus master started first, then READ DMA EXT 60, 1 (into the first region only, the table has room for more)
    call set_prd
    mov al, 0x09
    call bm_start
    PRINT "bus master first, then READ DMA EXT 60, 1:"
    mov al, 0x25
    mov ebx, 60
    xor bp, bp
    mov cx, 1
    call ata_cmd48
    call wait_irq
    mov dx, BM + 2
    in al, dx
    PRINT " bus-master status "
    call hex8
    mov al, 0x08
    call bm_start
    PRINT " status "
    call status
    call hex8
    PRINT `\n`
    push gs
    mov ax, 0x2000
    mov gs, ax
    xor si, si
    mov cx, 21
    PRINT "  at 20000h: "
    call print_text
    PRINT `\n`
    pop gs
    call set_prd
    mov al, 0x09
    call bm_start
    PRINT "READ DMA beyond the disk:"
    mov al, 0xc8
    mov ebx, 0x00100000
    mov cl, 1
    call ata_cmd
    call wait_irq
    mov al, 0x08
    call bm_start
    PRINT `\n`
    SHOW_ERR "  "
    ret

; the sectors written, read back by PIO
test_readback:
    PRINT "READ SECTORS 40, 18 (what was written)"
    mov al, 0x20
    mov ebx, 40
    mov cl, 18
    call ata_cmd
    PRINT `\n`
    mov cx, 18
    mov bx, 1
    call read_blocks
    call status
    SHOW8 "status", al
    ret

ROM_END
