; CHS geometry test (tests/bios/run): the boot sector of a diskette image (360K, 720K, 1.2M, 1.44M, 2.88M) or a
; hard disk image whose other sectors hold a pattern (dword 0 of each sector: its LBA). It loads the rest of this
; program from track 0, asks INT 13h 08h for the geometry, then reads sectors that only that geometry finds (the
; first of head 1, of cylinder 1 and of the last cylinder, the last sector, a whole track at once) and checks
; each one's LBA, writes one sector (C1 H1 S2; the script finds it in the image file) and reads it back. So a
; BIOS passes when its CHS addressing agrees with the geometry it reports, translated or not. It prints one line
; per check to the debug console (port E9h) and exits through port F4h with status 33 when all passed, 35
; otherwise. The script runs it under the own BIOS, SeaBIOS and the Bochs BIOS.

%define PROGRAM_SECTORS 3               ; sectors 2-4 of track 0 (every format has at least 9 per track)
%define BUF_SEG 0x2000                  ; read buffer at 20000h (a whole 2.88M track is 18 KiB)
%define WRITE_MARK 0xa5
%include "tests/bios/testlib.inc"

; print_dec: AX in decimal
print_dec:
    pusha
    mov bx, 10
    xor cx, cx
.divide:
    xor dx, dx
    div bx
    push dx
    inc cx
    test ax, ax
    jnz .divide
.emit:
    pop ax
    add al, '0'
    out 0xe9, al
    loop .emit
    popa
    ret

; AT cylinder, head, sector, count: the position the next read_check or transfer uses
%macro AT 4
    push ax
    mov ax, %1
    mov [pos_cyl], ax
    mov al, %2
    mov [pos_head], al
    mov al, %3
    mov [pos_sec], al
    mov al, %4
    mov [pos_count], al
    pop ax
%endmacro

main:
    ; Geometry: CH/CL hold the last cylinder and sector, DH the last head, BL the drive type.
    mov ah, 0x08
    mov dl, [boot_drive]
    xor di, di
    mov es, di
    int 0x13
    CHECK nc, "08h succeeds"
    movzx ax, cl
    and al, 0x3f
    mov [sectors], ax
    movzx ax, dh
    inc ax
    mov [heads], ax
    movzx ax, cl
    shl ax, 2
    mov al, ch
    inc ax
    mov [cylinders], ax
    mov [drive_type], bl
    PRINT "geometry "
    mov ax, [cylinders]
    call print_dec
    PRINT "/"
    mov ax, [heads]
    call print_dec
    PRINT "/"
    mov ax, [sectors]
    call print_dec
    PRINT ", drive type "
    movzx ax, byte [drive_type]
    call print_dec
    PRINT `\n`

    ; The first sector of head 1, of cylinder 1 and of the last cylinder, and the last sector of the disk.
    AT 0, 1, 1, 1
    call read_check
    CHECK e, "C0 H1 S1"
    AT 1, 0, 1, 1
    call read_check
    CHECK e, "C1 H0 S1"
    mov ax, [cylinders]
    dec ax
    AT ax, 0, 1, 1
    call read_check
    CHECK e, "last cylinder H0 S1"
    mov ax, [cylinders]
    dec ax
    mov bx, [heads]
    dec bx
    AT ax, bl, [sectors], 1
    call read_check
    CHECK e, "last sector"
    AT 2, 1, 1, [sectors]
    call read_check
    CHECK e, "whole track C2 H1"
    call write_check
    CHECK e, "write and read back"

    jmp finish

; pos_lba: EAX = the LBA of the position: (cylinder * heads + head) * sectors + sector - 1
pos_lba:
    push ebx
    movzx eax, word [pos_cyl]
    movzx ebx, word [heads]
    imul eax, ebx
    movzx ebx, byte [pos_head]
    add eax, ebx
    movzx ebx, word [sectors]
    imul eax, ebx
    movzx ebx, byte [pos_sec]
    add eax, ebx
    dec eax
    pop ebx
    ret

; transfer: AH = 02h (read) or 03h (write) of pos_count sectors at the position, to or from BUF_SEG:0 -> CF
transfer:
    push es
    pusha
    mov al, [pos_count]
    mov cx, [pos_cyl]
    xchg cl, ch
    shl cl, 6                           ; cylinder bits 8-9 into CL bits 6-7
    or cl, [pos_sec]
    mov dh, [pos_head]
    mov dl, [boot_drive]
    mov bx, BUF_SEG
    mov es, bx
    xor bx, bx
    int 0x13
    mov [status], ah
    popa
    pop es
    ret

; read_check: reads the sectors at the position; ZF when each holds its own LBA
read_check:
    push es
    mov ah, 0x02
    call transfer
    jc .error
    call pos_lba
    push BUF_SEG
    pop es
    xor bx, bx
    movzx cx, byte [pos_count]
.next:
    cmp [es:bx], eax
    jne .done
    inc eax
    add bx, 512
    loop .next
    cmp ax, ax                          ; every sector matched: ZF
.done:
    pop es
    ret
.error:
    pop es
    or al, 1                            ; ZF clear
    ret

; write_check: fills the buffer with WRITE_MARK, writes it to C1 H1 S2, clears the buffer, reads it back;
; ZF when the sector came back
write_check:
    push es
    push BUF_SEG
    pop es
    xor di, di
    mov al, WRITE_MARK
    mov cx, 512
    cld
    rep stosb
    AT 1, 1, 2, 1
    mov ah, 0x03
    call transfer
    jc .error
    xor di, di
    xor al, al
    mov cx, 512
    rep stosb
    mov ah, 0x02
    call transfer
    jc .error
    cmp dword [es:508], WRITE_MARK * 0x01010101
    pop es
    ret
.error:
    pop es
    PRINT "INT 13h status "
    movzx ax, byte [status]
    call print_dec
    PRINT ": "
    or al, 1
    ret

sectors: dw 0
heads: dw 0
cylinders: dw 0
drive_type: db 0
pos_cyl: dw 0
status: db 0
pos_head: db 0
pos_sec: db 0
pos_count: db 0

    times 512 * (PROGRAM_SECTORS + 1) - ($ - $$) db 0
