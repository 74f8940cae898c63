; The ATAPI CD-ROM drive, master of the secondary IDE channel (170h-177h, 376h, IRQ 15), driven through its ports as
; a driver does, with an ISO image that chipset_atapi.setup builds with xorriso (volume X86PC_TEST, one file
; HELLO.TXT): the packet device's signature and IDENTIFY (aborted) against IDENTIFY PACKET DEVICE, the PACKET
; protocol (DRQ for the packet with interrupt reason "command", data chunks of the byte count limit with an
; interrupt each, the end with interrupt reason "status"), TEST UNIT READY and REQUEST SENSE, INQUIRY, READ
; CAPACITY against the volume's size, READ(10) of the primary volume descriptor ("CD001"), of the root directory and
; of the file found in it, a read past the end (ILLEGAL REQUEST, LBA out of range), READ TOC in LBA and MSF form,
; READ(12), a short INQUIRY, an unknown opcode, GET CONFIGURATION's current profile, DEVICE RESET, the tray
; opened and closed with START STOP UNIT (NOT READY, medium not present, then UNIT ATTENTION, medium
; changed), and READ(10) by bus-master DMA. Expectations from QEMU (tests/guest/qemu-expect chipset_atapi) but
; for the lines chipset_atapi.qemu-differs names.
%include "tests/guest/lib.inc"
%include "tests/guest/chipset.inc"
%include "tests/guest/storage.inc"

%define CD 0x170
%define CD_CTL 0x376
%define BM 0xc000                       ; BAR4; the secondary channel's registers at BM + 8
%define PRD 0x0800
%define IDE_FN 0x80000900
%define VAR_LEN 0x520                   ; word: bytes the last packet command moved
%define VAR_CAP 0x524                   ; dword: READ CAPACITY's last LBA + 1
%define P_RAM 0x540                     ; the 12-byte packet that packet sends

test_main:
    call chipset_init
    SET_VEC 0x77, count_isr
    in al, 0x21
    and al, ~0x04
    out 0x21, al
    in al, 0xa1
    and al, ~0x80                       ; IRQ 15
    out 0xa1, al
    mov ax, 0x1000
    mov gs, ax
    call test_identify
    call test_basic
    call test_read
    call test_toc
    call test_more
    call test_tray
    call test_dma
    PRINT `done\n`
    EXIT 0

; ---- the PACKET protocol ----

; copy_packet: the 12-byte packet at DS:SI to P_RAM, where packet takes it from
copy_packet:
    push cx
    push di
    mov di, P_RAM
    mov cx, 12
.b:
    lodsb
    mov [es:di], al
    inc di
    loop .b
    pop di
    pop cx
    ret

; packet: the 12-byte packet at ES:P_RAM, BX = byte count limit, AL = features (1: DMA); the data go to GS:0 on. Prints
; each data chunk's length and the end: status (without DSC), interrupt reason, error. VAR_LEN = bytes moved.
packet:
    push cx
    push dx
    push di
    mov word [es:VAR_LEN], 0
    mov dx, CD + 6
    push ax
    mov al, 0xa0
    out dx, al
    pop ax
    mov dx, CD + 1
    out dx, al
    mov dx, CD + 4
    mov al, bl
    out dx, al
    inc dx
    mov al, bh
    out dx, al
    mov dx, CD + 7
    mov al, 0xa0
    out dx, al
    mov dx, CD_CTL
    call wait_not_busy
    test al, 0x08
    jnz .send
    PRINT " (no DRQ for the packet: "
    call hex8
    PRINT ")"
.send:
    mov cx, 6
    mov dx, CD
    mov si, P_RAM
.pword:
    mov ax, [es:si]
    out dx, ax
    add si, 2
    loop .pword
    xor di, di
.phase:
    call wait_irq
    jc .end
    mov dx, CD + 7
    in al, dx
    test al, 0x08
    jz .end
    mov dx, CD + 2
    in al, dx
    cmp al, 0x02
    je .in
    PRINT " (interrupt reason "
    call hex8
    PRINT ")"
.in:
    mov dx, CD + 4
    in al, dx
    mov cl, al
    inc dx
    in al, dx
    mov ch, al
    PRINT " data "
    mov ax, cx
    call hex16
    add [es:VAR_LEN], cx
    inc cx
    shr cx, 1
    mov dx, CD
.dword:
    in ax, dx
    mov [gs:di], ax
    add di, 2
    loop .dword
    jmp .phase
.end:
    PRINT " end: status "
    mov dx, CD + 7
    in al, dx
    and al, ~0x10
    call hex8
    PRINT " reason "
    mov dx, CD + 2
    in al, dx
    call hex8
    PRINT " error "
    mov dx, CD + 1
    in al, dx
    call hex8
    PRINT `\n`
    pop di
    pop dx
    pop cx
    ret

; PACKET "what", packet label[, byte count limit]
%macro PACKET 2-3 0xfffe
    PRINT %1
    PRINT ":"
    mov si, %2
    call copy_packet
    mov bx, %3
    xor al, al
    call packet
%endmacro

p_tur: db 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
p_sense: db 0x03, 0, 0, 0, 18, 0, 0, 0, 0, 0, 0, 0
p_inquiry: db 0x12, 0, 0, 0, 36, 0, 0, 0, 0, 0, 0, 0
p_capacity: db 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
p_pvd: db 0x28, 0, 0, 0, 0, 16, 0, 0, 1, 0, 0, 0
p_pvd2: db 0x28, 0, 0, 0, 0, 16, 0, 0, 2, 0, 0, 0
p_toc: db 0x43, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0
p_toc_msf: db 0x43, 2, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0
p_open: db 0x1b, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0
p_close: db 0x1b, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0

; read_lba: EAX = LBA: READ(10) of one sector into GS:0
read_lba:
    push eax
    mov dword [es:P_RAM], 0x28
    mov dword [es:P_RAM + 4], 0
    mov dword [es:P_RAM + 8], 0
    bswap eax
    mov [es:P_RAM + 2], eax
    mov byte [es:P_RAM + 8], 1
    mov bx, 0xfffe
    xor al, al
    call packet
    pop eax
    ret

; show_sense: REQUEST SENSE and its key, ASC, ASCQ
show_sense:
    PACKET "  REQUEST SENSE", p_sense
    PRINT "    response code, key, ASC, ASCQ: "
    mov al, [gs:0]
    and al, 0x7f                        ; without VALID (the information field), which QEMU sets
    call hex8
    mov cx, 1
    mov si, 2
    call print_bytes
    mov si, 12
    mov cx, 2
    call print_bytes
    PRINT `\n`
    ret

; ---- the tests ----

test_identify:
    mov dx, CD + 6
    mov al, 0xa0
    out dx, al
    PRINT "signature (count, sector, cylinder):"
    mov dx, CD + 2
.sig:
    in al, dx
    PRINT " "
    call hex8
    inc dx
    cmp dx, CD + 6
    jb .sig
    PRINT `\n`
    PRINT "IDENTIFY DEVICE:"
    mov dx, CD + 7
    mov al, 0xec
    out dx, al
    call wait_irq
    mov dx, CD + 7
    in al, dx
    and al, ~0x10
    PRINT " status "
    call hex8
    mov dx, CD + 1
    in al, dx
    PRINT " error "
    call hex8
    PRINT ", signature"
    mov dx, CD + 4
    in al, dx
    PRINT " "
    call hex8
    inc dx
    in al, dx
    PRINT " "
    call hex8
    PRINT `\n`
    PRINT "IDENTIFY PACKET DEVICE:"
    mov dx, CD + 7
    mov al, 0xa1
    out dx, al
    call wait_irq
    mov dx, CD + 7
    in al, dx
    PRINT " status "
    call hex8
    PRINT `\n`
    mov cx, 256
    mov dx, CD
    xor di, di
.word:
    in ax, dx
    mov [gs:di], ax
    add di, 2
    loop .word
    mov dx, CD + 7
    in al, dx
    SHOW8 "status after the data", al
    SHOW16 "word 0 (ATAPI, CD-ROM, removable, 12-byte packets)", [gs:0]
    mov ax, [gs:49 * 2]
    and ax, 0x0300
    SHOW16 "word 49 LBA and DMA", ax
    ret

test_basic:
    PACKET "TEST UNIT READY", p_tur
    call show_sense
    PACKET "TEST UNIT READY", p_tur
    PACKET "INQUIRY", p_inquiry
    PRINT "  type, removable, version, format, length:"
    xor si, si
    mov cx, 5
    call print_bytes
    PRINT `\n`
    PACKET "READ CAPACITY", p_capacity
    mov eax, [gs:0]
    bswap eax
    inc eax
    mov [es:VAR_CAP], eax
    mov eax, [gs:4]
    bswap eax
    SHOW32 "  block length", eax
    ret

test_read:
    PACKET "READ(10) 16, 1", p_pvd
    PRINT "  type, identifier, version:"
    xor si, si
    mov cx, 7
    call print_bytes
    PRINT " "
    mov si, 1
    mov cx, 5
    call print_text
    PRINT `\n  volume identifier: `
    mov si, 40
    mov cx, 10
    call print_text
    PRINT `\n`
    mov eax, [gs:80]
    cmp eax, [es:VAR_CAP]
    RESULT "  READ CAPACITY's size is the volume space size"
    mov ax, [gs:128]
    SHOW16 "  logical block size", ax
    ; the root directory: its record at 156, extent at +2
    mov eax, [gs:156 + 2]
    PRINT "READ(10) of the root directory:"
    call read_lba
    ; find HELLO.TXT;1
    xor si, si
.rec:
    mov al, [gs:si]
    test al, al
    jz .missing
    cmp byte [gs:si + 32], 11
    jne .skip
    push si
    add si, 33
    mov di, hello_name
    mov cx, 11
.cmp:
    mov al, [gs:si]
    cmp al, [di]
    jne .ne
    inc si
    inc di
    loop .cmp
    cmp al, al                          ; ZF: all eleven matched
.ne:
    pop si
    je .found
.skip:
    movzx ax, byte [gs:si]
    add si, ax
    cmp si, 2048
    jb .rec
.missing:
    PRINT `HELLO.TXT;1 not found\n`
    ret
.found:
    PRINT "  HELLO.TXT;1, length "
    mov eax, [gs:si + 10]
    call lib_print_hex32
    PRINT `\n`
    mov eax, [gs:si + 2]
    PRINT "READ(10) of HELLO.TXT:"
    call read_lba
    PRINT "  "
    xor si, si
    mov cx, 33
    call print_text
    PRINT `\n`
    PACKET "READ(10) 16, 2 with a byte count limit of 400h", p_pvd2, 0x400
    SHOW16 "  bytes", [es:VAR_LEN]
    PRINT "READ(10) of the sector after the last:"
    mov eax, [es:VAR_CAP]
    call read_lba
    call show_sense
    ret

hello_name: db "HELLO.TXT;1"

test_toc:
    PACKET "READ TOC (LBA)", p_toc
    PRINT "  header and track 1:"
    xor si, si
    mov cx, 12
    call print_bytes
    PRINT `\n  lead-out track:`
    mov cx, 1
    mov si, 14
    call print_bytes
    PRINT `\n`
    mov eax, [gs:16]
    bswap eax
    cmp eax, [es:VAR_CAP]
    RESULT "  lead-out at READ CAPACITY's size"
    PACKET "READ TOC (MSF)", p_toc_msf
    PRINT "  track 1 at"
    mov si, 8
    mov cx, 4
    call print_bytes
    PRINT `\n`
    ret

p_read12: db 0xa8, 0, 0, 0, 0, 16, 0, 0, 0, 1, 0, 0
p_inquiry8: db 0x12, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0
p_bad: db 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
p_config: db 0x46, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0
p_events: db 0x4a, 1, 0, 0, 0x10, 0, 0, 0, 8, 0, 0, 0

test_more:
    PACKET "READ(12) 16, 1", p_read12
    PRINT "  "
    mov si, 1
    mov cx, 5
    call print_text
    PRINT `\n`
    PACKET "INQUIRY, 8 bytes allowed", p_inquiry8
    PACKET "opcode FFh", p_bad
    call show_sense
    PACKET "GET CONFIGURATION header", p_config
    mov ax, [gs:6]
    xchg al, ah
    SHOW16 "  current profile", ax
    PRINT "DEVICE RESET:"
    mov dx, CD + 7
    mov al, 0x08
    out dx, al
    mov dx, CD_CTL
    call wait_not_busy
    PRINT " status "
    call hex8
    PRINT " error "
    mov dx, CD + 1
    in al, dx
    call hex8
    PRINT " signature"
    mov dx, CD + 4
    in al, dx
    PRINT " "
    call hex8
    inc dx
    in al, dx
    PRINT " "
    call hex8
    SHOW_IRQS ", interrupts"
    ret

test_tray:
    PACKET "START STOP UNIT: open the tray", p_open
    PACKET "TEST UNIT READY", p_tur
    call show_sense
    PACKET "START STOP UNIT: close it", p_close
    PACKET "TEST UNIT READY", p_tur
    call show_sense
    PACKET "TEST UNIT READY", p_tur
    PACKET "GET EVENT STATUS NOTIFICATION (media)", p_events
    PRINT "  class, event, media status:"
    mov si, 2
    mov cx, 1
    call print_bytes
    mov si, 4
    mov cx, 2
    call print_bytes
    PRINT `\n`
    ret

test_dma:
    mov eax, IDE_FN | 0x20
    mov ecx, BM
    call pci_write32
    mov eax, IDE_FN | 0x04
    mov ecx, 0x0005
    call pci_write32
    mov eax, IDE_FN | 0x40
    mov ecx, 0x80008000
    call pci_write32
    mov dword [es:PRD], 0x20000
    mov dword [es:PRD + 4], 0x80000000 | 2048
    mov dx, BM + 8 + 4
    mov eax, PRD
    out dx, eax
    mov dx, BM + 8 + 2
    mov al, 0x06
    out dx, al
    PRINT "READ(10) 16, 1 by DMA:"
    mov si, p_pvd
    call copy_packet
    mov si, P_RAM
    mov bx, 0xfffe
    mov al, 1                           ; DMA
    push ax
    ; the bus master starts once the packet is in: send it, then start
    mov dx, CD + 6
    mov al, 0xa0
    out dx, al
    pop ax
    mov dx, CD + 1
    out dx, al
    mov dx, CD + 7
    mov al, 0xa0
    out dx, al
    mov dx, CD_CTL
    call wait_not_busy
    mov cx, 6
    mov dx, CD
.pword:
    mov ax, [es:si]
    out dx, ax
    add si, 2
    loop .pword
    mov dx, BM + 8
    mov al, 0x09
    out dx, al
    call wait_irq
    mov dx, BM + 8 + 2
    in al, dx
    PRINT " bus-master status "
    call hex8
    mov dx, BM + 8
    mov al, 0x08
    out dx, al
    PRINT " status "
    mov dx, CD + 7
    in al, dx
    and al, ~0x10
    call hex8
    PRINT " reason "
    mov dx, CD + 2
    in al, dx
    call hex8
    PRINT `\n  at 20000h: `
    push gs
    mov ax, 0x2000
    mov gs, ax
    xor si, si
    mov cx, 6
    call print_text
    pop gs
    PRINT `\n`
    ret

ROM_END
