; ATA hard disks: detection with IDENTIFY DEVICE, CHS translation, and INT 13h for DL >= 80h with the EDD
; extensions (41h-48h), all in polled PIO with the drive's interrupt disabled (nIEN).

%define ATA_DATA    0
%define ATA_ERROR   1
%define ATA_COUNT   2
%define ATA_LBA0    3
%define ATA_LBA1    4
%define ATA_LBA2    5
%define ATA_DRIVE   6
%define ATA_STATUS  7
%define ATA_CMD     7
%define ST_BSY      0x80
%define ST_DRDY     0x40
%define ST_DRQ      0x08
%define ST_ERR      0x01

ata_channels: dw 0x1f0, 0x3f6, 0x170, 0x376

ata_init:
    push es
    xor bp, bp                          ; BP = disks found
    mov si, 0                           ; SI = 0, 4: channel table offset
.channel:
    xor cx, cx                          ; CL = 0 master, 1 slave
.unit:
    call ata_probe
    inc cl
    cmp cl, 2
    jb .unit
    add si, 4
    cmp si, 8
    jb .channel
    mov ax, BDA_SEG
    mov es, ax
    mov ax, bp
    mov [es:BDA_HD_COUNT], al
    pop es
    ret

; ata_wait_not_busy: DX = base; AL = status when BSY clears; CF set on timeout.
ata_wait_not_busy:
    push ecx
    push dx
    add dx, ATA_STATUS
    mov ecx, 0x400000
.poll:
    in al, dx
    test al, ST_BSY
    jz .ok
    dec ecx
    jnz .poll
    pop dx
    pop ecx
    stc
    ret
.ok:
    pop dx
    pop ecx
    clc
    ret

; ata_wait_drq: DX = base; CF set on timeout or error.
ata_wait_drq:
    call ata_wait_not_busy
    jc .done
    test al, ST_ERR
    jnz .fail
    test al, ST_DRQ
    jnz .done                           ; CF clear from the test
.fail:
    stc
.done:
    ret

; ata_probe: SI = channel table offset, CL = unit; BP = disks so far. Adds a record for an ATA disk.
ata_probe:
    push cx
    push si
    mov dx, [cs:ata_channels + si]
    mov bx, [cs:ata_channels + si + 2]
    push dx
    mov dx, bx
    mov al, 0x02                        ; nIEN: the BIOS polls
    out dx, al
    pop dx
    push dx
    add dx, ATA_DRIVE
    mov al, cl
    shl al, 4
    or al, 0xa0
    out dx, al
    pop dx
    push dx
    add dx, ATA_STATUS
    in al, dx
    pop dx
    cmp al, 0xff                        ; floating bus: no channel
    je .none
    test al, al
    jz .none
    call ata_wait_not_busy
    jc .none
    push dx
    add dx, ATA_CMD
    mov al, 0xec                        ; IDENTIFY DEVICE
    out dx, al
    pop dx
    call ata_wait_drq
    jc .not_ata
    cmp bp, MAX_DISKS
    jae .drain
    ; Read the identify block into the EBDA scratch buffer.
    mov ax, EBDA_SEG
    mov es, ax
    mov di, EBDA_SCRATCH
    push cx
    mov cx, 256
    rep insw
    pop cx
    mov di, bp
    shl di, 5
    add di, EBDA_DISK_TABLE
    mov byte [es:di + DISK_PRESENT], 1
    mov [es:di + DISK_SLAVE], cl
    mov [es:di + DISK_BASE], dx
    mov [es:di + DISK_CTRL], bx
    call ata_fill_geometry
    inc bp
    jmp .none
.drain:
    push cx
    mov cx, 256
.drain_word:
    in ax, dx
    loop .drain_word
    pop cx
.not_ata:
    call atapi_check                    ; ATAPI devices abort IDENTIFY DEVICE and show their signature
.none:
    pop si
    pop cx
    ret

; ata_fill_geometry: ES:DI = record, identify block at ES:EBDA_SCRATCH.
ata_fill_geometry:
    mov eax, [es:EBDA_SCRATCH + 60 * 2]             ; LBA28 sectors
    mov [es:di + DISK_SECTORS], eax
    mov dword [es:di + DISK_SECTORS + 4], 0
    test word [es:EBDA_SCRATCH + 83 * 2], 1 << 10
    jz .chs
    mov byte [es:di + DISK_LBA48], 1
    mov eax, [es:EBDA_SCRATCH + 100 * 2]
    mov [es:di + DISK_SECTORS], eax
    mov eax, [es:EBDA_SCRATCH + 102 * 2]
    mov [es:di + DISK_SECTORS + 4], eax
.chs:
    ; Physical geometry; if it addresses more than 1024 cylinders, LBA-assisted translation: 63 sectors per
    ; track and the fewest heads (16, 32, 64, 128, 255) that bring the cylinders to 1024 or less.
    mov ax, [es:EBDA_SCRATCH + 1 * 2]
    mov [es:di + DISK_CYLS], ax
    mov ax, [es:EBDA_SCRATCH + 3 * 2]
    mov [es:di + DISK_HEADS], ax
    mov ax, [es:EBDA_SCRATCH + 6 * 2]
    mov [es:di + DISK_SPT], ax
    cmp word [es:di + DISK_CYLS], 1024
    jbe .done
    mov word [es:di + DISK_SPT], 63
    mov bx, 16
.try:
    mov eax, [es:di + DISK_SECTORS]
    cmp dword [es:di + DISK_SECTORS + 4], 0
    je .size_ok
    mov eax, 0xffffffff
.size_ok:
    xor edx, edx
    movzx ecx, bx
    imul ecx, ecx, 63
    div ecx
    cmp eax, 1024
    jbe .fit
    cmp bx, 255
    je .clamp
    shl bx, 1
    cmp bx, 256
    jb .try
    mov bx, 255
    jmp .try
.clamp:
    mov eax, 1024
.fit:
    mov [es:di + DISK_CYLS], ax
    mov [es:di + DISK_HEADS], bx
.done:
    ret

; ata_transfer: DS = EBDA with the request block filled (REQ_*). Returns CF set and AH = status on error.
ata_transfer:
    mov si, [REQ_DISK]
    mov dx, [si + DISK_BASE]
    call ata_wait_not_busy
    jc .timeout
    mov cx, [REQ_COUNT]
    ; 48-bit commands when any part of the range lies beyond LBA28.
    mov eax, [REQ_LBA]
    movzx ebx, cx
    add ebx, eax
    jc .lba48
    cmp dword [REQ_LBA + 4], 0
    jne .lba48
    cmp ebx, 0x0fffffff
    ja .lba48
    ; LBA28
    push dx
    add dx, ATA_DRIVE
    mov al, [si + DISK_SLAVE]
    shl al, 4
    or al, 0xe0
    mov ah, [REQ_LBA + 3]
    and ah, 0x0f
    or al, ah
    out dx, al
    pop dx
    call ata_out_count_lba_low
    mov al, 0x20                        ; READ SECTORS
    cmp byte [REQ_WRITE], 0
    je .issue
    mov al, 0x30                        ; WRITE SECTORS
    jmp .issue
.lba48:
    cmp byte [si + DISK_LBA48], 0
    je .bad_address
    push dx
    add dx, ATA_DRIVE
    mov al, [si + DISK_SLAVE]
    shl al, 4
    or al, 0x40
    out dx, al
    pop dx
    ; High bytes first: count 15:8, LBA 31:24, 39:32, 47:40.
    push dx
    add dx, ATA_COUNT
    mov al, ch
    out dx, al
    inc dx
    mov al, [REQ_LBA + 3]
    out dx, al
    inc dx
    mov al, [REQ_LBA + 4]
    out dx, al
    inc dx
    mov al, [REQ_LBA + 5]
    out dx, al
    pop dx
    call ata_out_count_lba_low
    mov al, 0x24                        ; READ SECTORS EXT
    cmp byte [REQ_WRITE], 0
    je .issue
    mov al, 0x34                        ; WRITE SECTORS EXT
.issue:
    push dx
    add dx, ATA_CMD
    out dx, al
    pop dx
    les di, [REQ_BUFFER]
    mov cx, [REQ_COUNT]
.sector:
    call ata_wait_drq
    jc .error
    push cx
    mov cx, 256
    cmp byte [REQ_WRITE], 0
    jne .write
    rep insw
    jmp .advance
.write:
    push ds
    push si
    mov si, di
    push es
    pop ds
    rep outsw
    pop si
    pop ds
    add di, 512                         ; OUTSW moved SI, not DI
.advance:
    pop cx
    ; Keep the offset small: move 512 bytes from the offset into the segment.
    sub di, 512
    mov ax, es
    add ax, 0x20
    mov es, ax
    inc word [REQ_DONE]
    loop .sector
    call ata_wait_not_busy
    jc .timeout
    test al, ST_ERR
    jnz .error
    cmp byte [REQ_WRITE], 0
    je .ok
    push dx
    add dx, ATA_CMD
    mov al, 0xe7                        ; FLUSH CACHE
    out dx, al
    pop dx
    call ata_wait_not_busy
.ok:
    xor ah, ah
    clc
    ret
.bad_address:
    mov ah, 0x01
    stc
    ret
.error:
    mov ah, 0x20                        ; controller failure (the drive reported an error)
    stc
    ret
.timeout:
    mov ah, 0x80
    stc
    ret

; ata_out_count_lba_low: DX = base, CL = count (low byte), request LBA bytes 0-2.
ata_out_count_lba_low:
    push dx
    add dx, ATA_COUNT
    mov al, cl
    out dx, al
    inc dx
    mov al, [REQ_LBA]
    out dx, al
    inc dx
    mov al, [REQ_LBA + 1]
    out dx, al
    inc dx
    mov al, [REQ_LBA + 2]
    out dx, al
    pop dx
    ret

; ---- INT 13h for hard disks ----

ata_int13:
    push ds
    push es
    pushad
    mov bp, sp
    call disk_record                    ; ES:DI = record (CF: none)
    jc .no_drive
    mov ax, EBDA_SEG
    mov ds, ax
    mov [REQ_DISK], di
    mov al, [bp + F_AH]
    cmp al, 0x02
    je .read_chs
    cmp al, 0x03
    je .write_chs
    cmp al, 0x08
    je .params
    cmp al, 0x15
    je .type
    cmp al, 0x41
    je .check_ext
    cmp al, 0x42
    je .read_ext
    cmp al, 0x43
    je .write_ext
    cmp al, 0x48
    je .ext_params
    cmp al, 0x01
    je .status
    ; 00h reset, 04h verify, 0Ch seek, 0Dh reset, 10h ready, 11h recalibrate, 44h verify, 47h seek: success.
    cmp al, 0x00
    je .ok
    cmp al, 0x04
    je .ok
    cmp al, 0x0c
    je .ok
    cmp al, 0x0d
    je .ok
    cmp al, 0x10
    je .ok
    cmp al, 0x11
    je .ok
    cmp al, 0x44
    je .ok
    cmp al, 0x47
    je .ok
    cmp al, 0x4e
    je .ok
    mov ah, 0x01                        ; invalid function
    jmp disk_exit
.no_drive:
    mov ah, 0x01
    jmp disk_exit
.ok:
    xor ah, ah
    jmp disk_exit
.status:
    push ds
    mov ax, BDA_SEG
    mov ds, ax
    mov al, [BDA_HD_STATUS]
    pop ds
    mov [bp + F_AL], al
    mov ah, al                          ; in AH and AL, CF on error (see floppy.asm's AH=01h)
    jmp disk_exit
.read_chs:
    mov byte [REQ_WRITE], 0
    jmp .chs
.write_chs:
    mov byte [REQ_WRITE], 1
.chs:
    call ata_chs_to_lba                 ; CF: bad address
    jc .bad
    movzx ax, byte [bp + F_AL]
    test ax, ax
    jz .bad
    mov [REQ_COUNT], ax
    mov ax, [bp + F_BX]
    mov [REQ_BUFFER], ax
    mov ax, [bp + F_ES]
    mov [REQ_BUFFER + 2], ax
    mov word [REQ_DONE], 0
    call ata_transfer
    push ax
    mov al, [REQ_DONE]
    mov [bp + F_AL], al
    pop ax
    jmp disk_exit
.bad:
    mov byte [bp + F_AL], 0
    mov ah, 0x01
    jmp disk_exit
.params:
    mov di, [REQ_DISK]
    mov ax, [di + DISK_CYLS]
    dec ax
    mov [bp + F_CH], al
    shl ah, 6
    mov cl, [di + DISK_SPT]
    or cl, ah
    mov [bp + F_CL], cl
    mov al, [di + DISK_HEADS]
    dec al
    mov [bp + F_DH], al
    push es
    mov ax, BDA_SEG
    mov es, ax
    mov al, [es:BDA_HD_COUNT]
    pop es
    mov [bp + F_DL], al
    mov byte [bp + F_AL], 0
    xor ah, ah
    jmp disk_exit
.type:
    ; AH = 03h (fixed disk), CX:DX = sectors addressable by CHS calls.
    mov di, [REQ_DISK]
    mov ax, [di + DISK_CYLS]
    mul word [di + DISK_HEADS]
    mov cx, [di + DISK_SPT]
    movzx eax, ax
    shl edx, 16
    or eax, edx
    movzx ecx, cx
    mul ecx
    mov [bp + F_DX], ax
    shr eax, 16
    mov [bp + F_CX], ax
    mov ah, 0x03
    mov [bp + F_AH], ah
    and byte [bp + F_FLAGS], 0xfe
    popad
    pop es
    pop ds
    iret
.check_ext:
    cmp word [bp + F_BX], 0x55aa
    jne .bad_fn
    mov word [bp + F_BX], 0xaa55
    mov word [bp + F_CX], 0x0005        ; fixed-disk access (42h-44h, 47h, 48h) and EDD (48h)
    mov ah, 0x30                        ; EDD 3.0
    mov [bp + F_AH], ah
    and byte [bp + F_FLAGS], 0xfe
    popad
    pop es
    pop ds
    iret
.bad_fn:
    mov ah, 0x01
    jmp disk_exit
.read_ext:
    mov byte [REQ_WRITE], 0
    jmp .ext
.write_ext:
    mov byte [REQ_WRITE], 1
.ext:
    ; The disk address packet at the caller's DS:SI: size, 0, count, buffer (off:seg), LBA (qword).
    push es
    mov es, [bp + F_DS]
    mov si, [bp + F_ESI]
    mov ax, [es:si + 2]
    mov [REQ_COUNT], ax
    mov eax, [es:si + 4]
    mov [REQ_BUFFER], eax
    mov eax, [es:si + 8]
    mov [REQ_LBA], eax
    mov eax, [es:si + 12]
    mov [REQ_LBA + 4], eax
    mov word [es:si + 2], 0
    pop es
    cmp word [REQ_COUNT], 0
    je .ok
    cmp word [REQ_COUNT], 127
    ja .bad_fn
    ; The range must lie inside the disk.
    mov di, [REQ_DISK]
    mov eax, [REQ_LBA]
    mov edx, [REQ_LBA + 4]
    movzx ecx, word [REQ_COUNT]
    add eax, ecx
    adc edx, 0
    cmp edx, [di + DISK_SECTORS + 4]
    ja .bad_fn
    jb .in_range
    cmp eax, [di + DISK_SECTORS]
    ja .bad_fn
.in_range:
    mov word [REQ_DONE], 0
    call ata_transfer
    push es
    mov es, [bp + F_DS]
    mov si, [bp + F_ESI]
    mov cx, [REQ_DONE]
    mov [es:si + 2], cx
    pop es
    jmp disk_exit
.ext_params:
    ; Result buffer at the caller's DS:SI; its first word says how much the caller can take.
    push es
    mov es, [bp + F_DS]
    mov si, [bp + F_ESI]
    mov di, [REQ_DISK]
    cmp word [es:si], 0x1a
    jb .ext_params_bad
    mov word [es:si + 2], 0x0002        ; the CHS fields are valid
    movzx eax, word [di + DISK_CYLS]
    mov [es:si + 4], eax
    movzx eax, word [di + DISK_HEADS]
    mov [es:si + 8], eax
    movzx eax, word [di + DISK_SPT]
    mov [es:si + 12], eax
    mov eax, [di + DISK_SECTORS]
    mov [es:si + 16], eax
    mov eax, [di + DISK_SECTORS + 4]
    mov [es:si + 20], eax
    mov word [es:si + 24], 512
    cmp word [es:si], 0x1e
    jb .ext_params_small
    mov dword [es:si + 26], 0xffffffff  ; no device parameter table extension
    mov word [es:si], 0x1e
    jmp .ext_params_done
.ext_params_small:
    mov word [es:si], 0x1a
.ext_params_done:
    pop es
    xor ah, ah
    jmp disk_exit
.ext_params_bad:
    pop es
    mov ah, 0x01
    jmp disk_exit

; ata_chs_to_lba: the caller's CX/DH (frame) -> REQ_LBA; CF for an address outside the geometry.
ata_chs_to_lba:
    mov di, [REQ_DISK]
    movzx eax, byte [bp + F_CH]
    movzx bx, byte [bp + F_CL]
    mov cx, bx
    and cx, 0x3f                        ; sector, from 1
    jz .bad
    cmp cx, [di + DISK_SPT]
    ja .bad
    shr bx, 6
    shl bx, 8
    or ax, bx                           ; cylinder
    cmp ax, [di + DISK_CYLS]
    jae .bad
    movzx ebx, byte [bp + F_DH]
    cmp bx, [di + DISK_HEADS]
    jae .bad
    movzx edx, word [di + DISK_HEADS]
    imul eax, edx
    add eax, ebx
    movzx edx, word [di + DISK_SPT]
    imul eax, edx
    dec cx
    movzx ecx, cx
    add eax, ecx
    mov [REQ_LBA], eax
    mov dword [REQ_LBA + 4], 0
    clc
    ret
.bad:
    stc
    ret

; disk_exit: AH = status; stores it, sets the caller's AH and CF, and returns from INT 13h.
disk_exit:
    mov [bp + F_AH], ah
    push ds
    push ax
    mov ax, BDA_SEG
    mov ds, ax
    pop ax
    cmp byte [bp + F_DL], 0x80
    jae .hd
    mov [BDA_FD_STATUS], ah
    jmp .flags
.hd:
    mov [BDA_HD_STATUS], ah
.flags:
    pop ds
    and byte [bp + F_FLAGS], 0xfe
    test ah, ah
    jz .out
    or byte [bp + F_FLAGS], 0x01
.out:
    popad
    pop es
    pop ds
    iret
