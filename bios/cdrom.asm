; ATAPI CD-ROM: detection, 2048-byte sector reads with PACKET READ(10), El Torito boot (no emulation here; floppy
; and hard-disk emulation in eltorito.asm), and INT 13h for the CD drive (DL = E0h: EDD reads 41h/42h/48h and the
; El Torito status calls 4B00h/4B01h).



; atapi_check: DX = base, CL = unit; after IDENTIFY DEVICE aborted, records the unit if its signature is ATAPI.
atapi_check:
    push ax
    push bx
    push es
    mov bx, dx
    add dx, ATA_LBA1
    in al, dx
    mov ah, al
    inc dx
    in al, dx
    mov dx, bx
    cmp ax, 0x14eb                      ; LBA1 = 14h, LBA2 = EBh
    jne .done
    mov ax, EBDA_SEG
    mov es, ax
    cmp byte [es:EBDA_CD_PRESENT], 0
    jne .done                           ; the first CD-ROM found is the boot CD
    mov byte [es:EBDA_CD_PRESENT], 1
    mov [es:EBDA_CD_SLAVE], cl
    mov [es:EBDA_CD_BASE], dx
.done:
    pop es
    pop bx
    pop ax
    ret

; atapi_read: DS = EBDA; reads [REQ_COUNT] 2048-byte sectors from LBA [REQ_LBA] to [REQ_BUFFER]; counts them in
; [REQ_DONE]. CF and AH on error.
atapi_read:
    mov word [REQ_SKIP], 0
    mov word [REQ_KEEP], 0xffff
; atapi_read_part: the same, but of the data read it drops the first [REQ_SKIP] 512-byte quarters and stores the
; next [REQ_KEEP] only (counting them down): El Torito emulation reads 512-byte sectors with no buffer of its
; own, PIO lets the unwanted words go straight from the data port.
atapi_read_part:
    mov dx, [EBDA_CD_BASE]
    call ata_wait_not_busy
    jc .timeout
    push dx
    add dx, ATA_DRIVE
    mov al, [EBDA_CD_SLAVE]
    shl al, 4
    or al, 0xa0
    out dx, al
    pop dx
    call ata_wait_not_busy
    jc .timeout
    push dx
    inc dx
    xor al, al
    out dx, al                          ; features: PIO data
    add dx, ATA_LBA1 - ATA_ERROR
    out dx, al                          ; byte count limit 0800h
    inc dx
    mov al, 0x08
    out dx, al
    add dx, ATA_CMD - ATA_LBA2
    mov al, 0xa0                        ; PACKET
    out dx, al
    pop dx
    call ata_wait_drq
    jc .error
    ; READ(10): 28h, 0, LBA (big-endian), 0, transfer length (big-endian), 0, and two padding bytes.
    mov ax, 0x0028
    out dx, ax
    mov eax, [REQ_LBA]
    bswap eax
    out dx, ax
    shr eax, 16
    out dx, ax
    mov ax, [REQ_COUNT]
    and ax, 0xff00
    out dx, ax
    mov ax, [REQ_COUNT]
    and ax, 0x00ff
    out dx, ax
    xor ax, ax
    out dx, ax
    les di, [REQ_BUFFER]
    mov ax, di                          ; ES:DI normalised: DI < 16, so a quarter never wraps the offset
    shr ax, 4
    mov bx, es
    add bx, ax
    mov es, bx
    and di, 0x0f
    mov si, [REQ_COUNT]
.sector:
    call ata_wait_drq
    jc .error
    push dx
    add dx, ATA_LBA1
    in al, dx
    mov cl, al
    inc dx
    in al, dx
    mov ch, al                          ; CX = bytes the drive offers now
    pop dx
    shr cx, 9                           ; in 512-byte quarters
.quarter:
    push cx
    mov cx, 256
    cmp word [REQ_SKIP], 0
    je .keep
    dec word [REQ_SKIP]
    jmp .drop
.keep:
    cmp word [REQ_KEEP], 0
    je .drop
    dec word [REQ_KEEP]
    rep insw
    sub di, 512
    mov ax, es
    add ax, 0x20
    mov es, ax
    jmp .next
.drop:
    in ax, dx
    loop .drop
.next:
    pop cx
    loop .quarter
    inc word [REQ_DONE]
    dec si
    jnz .sector
    call ata_wait_not_busy
    jc .timeout
    test al, ST_ERR
    jnz .error
    xor ah, ah
    clc
    ret
.error:
    mov ah, 0x20
    stc
    ret
.timeout:
    mov ah, 0x80
    stc
    ret

; cdrom_boot: El Torito no-emulation boot from the CD. Returns with CF set when the CD is not bootable; on
; success it does not return.
cdrom_boot:
    push es                             ; INT 19h goes on to the next device with its ES (0) when the CD fails
    push ds
    mov ax, EBDA_SEG
    mov ds, ax
    cmp byte [EBDA_CD_PRESENT], 0
    je .fail
    ; The boot record volume descriptor is sector 17: 0, "CD001", 1, "EL TORITO SPECIFICATION".
    mov ax, CD_SCRATCH_SEG
    mov es, ax
    mov eax, 17
    call cdrom_read_scratch
    jc .fail
    cmp dword [es:1], 'CD00'
    jne .fail
    cmp dword [es:7], 'EL T'
    jne .fail
    mov eax, [es:0x47]                  ; the boot catalog's sector
    call cdrom_read_scratch
    jc .fail
    ; Validation entry: header 01h, key bytes 55h AAh; then the initial entry: 88h = bootable.
    cmp byte [es:0], 0x01
    jne .fail
    cmp word [es:30], 0xaa55
    jne .fail
    cmp byte [es:32], 0x88
    jne .fail
    mov al, [es:33]                     ; media type in bits 0-3: 0 no emulation, 1-3 diskettes, 4 hard disk
    and al, 0x0f
    cmp al, 4
    ja .fail
    mov [EBDA_EMU_MEDIA], al
    mov ax, [es:34]                     ; load segment (0 = 07C0h)
    test ax, ax
    jnz .segment
    mov ax, 0x07c0
.segment:
    mov [EBDA_CD_LOAD_SEG], ax
    mov cx, [es:38]                     ; sector count in 512-byte units
    mov [EBDA_EMU_COUNT], cx
    mov eax, [es:40]                    ; load RBA
    mov [EBDA_EMU_LBA], eax
    cmp byte [EBDA_EMU_MEDIA], 0
    jne .emulation
    mov [REQ_LBA], eax
    add cx, 3
    shr cx, 2                           ; 2048-byte sectors to read
    jnz .count
    inc cx
.count:
    mov [REQ_COUNT], cx
    mov word [REQ_BUFFER], 0
    mov ax, [EBDA_CD_LOAD_SEG]
    mov [REQ_BUFFER + 2], ax
    mov word [REQ_DONE], 0
    call atapi_read
    jc .fail
    mov dl, CD_DRIVE
    jmp .go
.emulation:
    call eltorito_boot_image            ; eltorito.asm: DL = the emulated drive
    jc .fail
.go:
    mov byte [EBDA_CD_BOOTED], 1
    mov bx, [EBDA_CD_LOAD_SEG]
    pop ds
    pop es
    push dx
    mov si, msg_crlf
    call print_cstr
    pop dx
    xor ax, ax
    mov ds, ax
    mov es, ax
    push bx
    push word 0
    retf
.fail:
    pop ds
    pop es
    stc
    ret

; cdrom_read_scratch: EAX = LBA; one sector to CD_SCRATCH_SEG:0. DS = EBDA; ES is preserved.
cdrom_read_scratch:
    push es
    mov [REQ_LBA], eax
    mov word [REQ_COUNT], 1
    mov word [REQ_BUFFER], 0
    mov word [REQ_BUFFER + 2], CD_SCRATCH_SEG
    mov word [REQ_DONE], 0
    call atapi_read
    pop es
    ret

; INT 13h for the CD drive.
cdrom_int13:
    push ds
    push es
    pushad
    mov bp, sp
    mov ax, EBDA_SEG
    mov ds, ax
    cmp byte [EBDA_CD_PRESENT], 0
    je .no_drive
    mov ax, [bp + F_AX]
    cmp ah, 0x41
    je .check_ext
    cmp ah, 0x42
    je .read_ext
    cmp ah, 0x48
    je .params
    cmp ax, 0x4b00
    je .status
    cmp ax, 0x4b01
    je .status
    cmp ah, 0x00
    je .ok
    cmp ah, 0x01
    je .ok
    cmp ah, 0x44
    je .ok
    cmp ah, 0x47
    je .ok
    mov ah, 0x01
    jmp disk_exit
.no_drive:
    mov ah, 0x01
    jmp disk_exit
.ok:
    xor ah, ah
    jmp disk_exit
.check_ext:
    cmp word [bp + F_BX], 0x55aa
    jne .no_drive
    mov word [bp + F_BX], 0xaa55
    mov word [bp + F_CX], 0x0005
    mov byte [bp + F_AH], 0x30
    and byte [bp + F_FLAGS], 0xfe
    popad
    pop es
    pop ds
    iret
.read_ext:
    push es
    mov es, [bp + F_DS]
    mov si, [bp + F_ESI]
    mov ax, [es:si + 2]
    mov [REQ_COUNT], ax
    mov eax, [es:si + 4]
    mov [REQ_BUFFER], eax
    mov eax, [es:si + 8]
    mov [REQ_LBA], eax
    mov word [es:si + 2], 0
    pop es
    cmp word [REQ_COUNT], 0
    je .ok
    mov word [REQ_DONE], 0
    call atapi_read
    push es
    mov es, [bp + F_DS]
    mov si, [bp + F_ESI]
    mov cx, [REQ_DONE]
    mov [es:si + 2], cx
    pop es
    jmp disk_exit
.params:
    push es
    mov es, [bp + F_DS]
    mov si, [bp + F_ESI]
    cmp word [es:si], 0x1a
    jb .params_bad
    mov word [es:si], 0x1a
    mov word [es:si + 2], 0x0074        ; removable, lockable, change line
    mov dword [es:si + 4], 0xffffffff
    mov dword [es:si + 8], 0xffffffff
    mov dword [es:si + 12], 0xffffffff
    mov dword [es:si + 16], 0xffffffff
    mov dword [es:si + 20], 0xffffffff
    mov word [es:si + 24], 2048
    pop es
    xor ah, ah
    jmp disk_exit
.params_bad:
    pop es
    mov ah, 0x01
    jmp disk_exit
.status:
    jmp eltorito_status                 ; eltorito.asm: the specification packet, and 4B00h ends emulation
