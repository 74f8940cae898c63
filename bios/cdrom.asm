; ATAPI CD-ROM: detection, 2048-byte sector reads with PACKET READ(10), El Torito no-emulation boot, and INT 13h
; for the CD drive (DL = E0h: EDD reads 41h/42h/48h and the El Torito status calls 4B00h/4B01h).



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
    mov cx, [REQ_COUNT]
.sector:
    call ata_wait_drq
    jc .error
    push cx
    push dx
    add dx, ATA_LBA1
    in al, dx
    mov cl, al
    inc dx
    in al, dx
    mov ch, al                          ; CX = bytes the drive offers now
    pop dx
    shr cx, 1
    rep insw
    pop cx
    sub di, 2048
    mov ax, es
    add ax, 0x80
    mov es, ax
    inc word [REQ_DONE]
    loop .sector
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
    cmp byte [es:33], 0                 ; media: only no-emulation is supported here
    jne .emulation
    mov ax, [es:34]                     ; load segment (0 = 07C0h)
    test ax, ax
    jnz .segment
    mov ax, 0x07c0
.segment:
    mov [EBDA_CD_LOAD_SEG], ax
    mov cx, [es:38]                     ; sector count in 512-byte units
    mov eax, [es:40]                    ; load RBA
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
    mov byte [EBDA_CD_BOOTED], 1
    mov bx, [EBDA_CD_LOAD_SEG]
    pop ds
    pop es
    mov si, msg_crlf
    call print_cstr
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov dl, CD_DRIVE
    push bx
    push word 0
    retf
.emulation:
    mov si, msg_cd_emulation
    call print_cstr
.fail:
    pop ds
    pop es
    stc
    ret

msg_cd_emulation: db " floppy/hard-disk emulation is not supported yet;", 0

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
    ; The specification packet at the caller's DS:SI (13h bytes).
    push es
    mov es, [bp + F_DS]
    mov di, [bp + F_ESI]
    mov byte [es:di], 0x13
    mov byte [es:di + 1], 0x00          ; no emulation
    mov byte [es:di + 2], CD_DRIVE
    mov byte [es:di + 3], 0
    mov dword [es:di + 4], 0
    mov byte [es:di + 8], 0
    mov byte [es:di + 9], 0
    mov ax, [EBDA_CD_LOAD_SEG]
    mov [es:di + 0x0c], ax
    mov word [es:di + 0x0e], 4
    mov word [es:di + 0x10], 0
    mov byte [es:di + 0x12], 0
    pop es
    xor ah, ah
    jmp disk_exit
