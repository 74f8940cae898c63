; El Torito floppy and hard-disk emulation (spec 1.0): the boot image on the CD becomes a read-only drive, and
; INT 13h 4B00h/4B01h report the specification packet (4B00h also ends the emulation).
;
; Drive numbers while emulating: the image is drive 00h (1.2M, 1.44M or 2.88M diskette) or 80h (hard disk), and the
; real drives of that kind move up by one (A: answers as 01h, the first hard disk as 81h), as under SeaBIOS and the
; Bochs BIOS; the counts in the BIOS data area (equipment word, 0475h) include the image. 4B00h gives the numbers
; back. The image's 512-byte sectors are read from the 2048-byte CD sectors holding them (RBA * 4 + n; the rest of
; each CD sector is dropped at the data port, see atapi_read_part); writes and formats answer 03h (write
; protected). Besides the CHS calls the emulated drive has EDD 41h/42h/48h, which SeaBIOS leaves out.

; Media 1-3: cylinders, heads, sectors per track, the CMOS drive type INT 13h 08h gives in BL.
eltorito_floppy_geometry:
    db 80, 2, 15, 0x02                  ; 1.2M
    db 80, 2, 18, 0x04                  ; 1.44M
    db 80, 2, 36, 0x06                  ; 2.88M (06h in 08h BL, though CMOS calls it type 5)

; eltorito_boot_image: DS = EBDA, ES = CD_SCRATCH_SEG; EBDA_EMU_MEDIA (1-4), EBDA_EMU_LBA, EBDA_EMU_COUNT and
; EBDA_CD_LOAD_SEG come from the boot catalog. Starts the emulation and loads the image's first sectors at the load
; segment; DL = the emulated drive. CF when the image cannot boot (then nothing is emulated).
eltorito_boot_image:
    cmp byte [EBDA_EMU_MEDIA], 4
    je .hard_disk
    movzx bx, byte [EBDA_EMU_MEDIA]
    shl bx, 2
    movzx ax, byte [cs:eltorito_floppy_geometry + bx - 4]
    mov [EBDA_EMU_CYLS], ax
    mov al, [cs:eltorito_floppy_geometry + bx - 3]
    mov [EBDA_EMU_HEADS], ax
    mov al, [cs:eltorito_floppy_geometry + bx - 2]
    mov [EBDA_EMU_SPT], ax
    mov byte [EBDA_EMU_DRIVE], 0x00
    jmp .start
.hard_disk:
    ; The spec takes the geometry from the image's MBR: the first partition's ending head, sector and cylinder.
    mov eax, [EBDA_EMU_LBA]
    call cdrom_read_scratch
    jc .fail
    movzx ax, byte [es:0x1be + 5]
    inc ax
    mov [EBDA_EMU_HEADS], ax
    movzx ax, byte [es:0x1be + 6]
    mov bx, ax
    and bx, 0x3f
    jz .fail                            ; no partition: no geometry
    mov [EBDA_EMU_SPT], bx
    shl ax, 2
    and ax, 0x300
    mov al, [es:0x1be + 7]
    inc ax
    mov [EBDA_EMU_CYLS], ax
    mov byte [EBDA_EMU_DRIVE], 0x80
.start:
    call eltorito_start
    mov cx, [EBDA_EMU_COUNT]            ; 0 means 1 in practice (SeaBIOS and Bochs load one sector too)
    test cx, cx
    jnz .load
    inc cx
.load:
    mov word [REQ_BUFFER], 0
    mov ax, [EBDA_CD_LOAD_SEG]
    mov [REQ_BUFFER + 2], ax
    xor eax, eax
    call eltorito_read
    jc .undo
    mov dl, [EBDA_EMU_DRIVE]
    clc
    ret
.undo:
    call eltorito_stop
.fail:
    stc
    ret

; eltorito_start: DS = EBDA; the emulated drive joins the BDA's counts and INT 13h sees it.
eltorito_start:
    push es
    mov ax, BDA_SEG
    mov es, ax
    cmp byte [EBDA_EMU_DRIVE], 0
    jne .disk
    ; Equipment bit 0: diskette drives present, bits 6-7: their count - 1 (at most 2 real ones: no overflow).
    mov ax, [es:BDA_EQUIPMENT]
    test al, 1
    jz .first
    add ax, 0x40
.first:
    or al, 1
    mov [es:BDA_EQUIPMENT], ax
    jmp .on
.disk:
    inc byte [es:BDA_HD_COUNT]
.on:
    mov byte [EBDA_EMU_ACTIVE], 1
    pop es
    ret

; eltorito_stop: DS = EBDA; ends the emulation (if any): the real drives get their numbers back.
eltorito_stop:
    cmp byte [EBDA_EMU_ACTIVE], 0
    je .done
    mov byte [EBDA_EMU_ACTIVE], 0
    push es
    mov ax, BDA_SEG
    mov es, ax
    cmp byte [EBDA_EMU_DRIVE], 0
    jne .disk
    mov ax, [es:BDA_EQUIPMENT]
    test al, 0xc0
    jz .last
    sub ax, 0x40
    jmp .store
.last:
    and al, 0xfe                        ; the image was the only diskette drive
.store:
    mov [es:BDA_EQUIPMENT], ax
    jmp .out
.disk:
    dec byte [es:BDA_HD_COUNT]
.out:
    pop es
.done:
    ret

; eltorito_read: DS = EBDA; EAX = the image's first 512-byte sector to read, CX = sectors, [REQ_BUFFER] = where.
; CF and AH on error; [REQ_KEEP] = the sectors not read.
eltorito_read:
    mov ebx, eax
    shr eax, 2
    add eax, [EBDA_EMU_LBA]
    mov [REQ_LBA], eax
    and bx, 3
    mov [REQ_SKIP], bx                  ; the quarters of the first CD sector before the wanted one
    mov [REQ_KEEP], cx
    add cx, bx
    add cx, 3
    shr cx, 2
    mov [REQ_COUNT], cx
    mov word [REQ_DONE], 0
    jmp atapi_read_part

; eltorito_route: INT 13h for DL below E0h (disk.asm). While emulating: the emulated drive, or a real drive of the
; same kind one number lower; else the real drive itself.
eltorito_route:
    push ds
    push ax
    mov ax, EBDA_SEG
    mov ds, ax
    cmp byte [EBDA_EMU_ACTIVE], 0
    je .real
    mov al, [EBDA_EMU_DRIVE]
    cmp dl, al
    je .emulated
    xor al, dl
    test al, 0x80
    jz .shifted                         ; same kind as the image, above it
.real:
    pop ax
    pop ds
    jmp int13_dispatch
.emulated:
    pop ax
    pop ds
    jmp eltorito_int13
.shifted:
    pop ax
    pop ds
    ; The real drive's handler runs as a nested interrupt on DL - 1; the caller gets its own DL back, except
    ; from 08h, which returns the drive count there.
    push dx
    push ax
    dec dl
    pushf
    push cs
    call int13_dispatch
    push bp
    mov bp, sp                          ; [bp + 2] the caller's AX, DX, then its IP, CS, FLAGS
    push ax
    pushf
    pop ax
    mov [bp + 10], al                   ; the handler's CF, ZF... with the caller's IF, DF
    cmp byte [bp + 3], 0x08             ; the caller's AH
    je .count
    mov dl, [bp + 4]
.count:
    mov [bp + 4], dx
    pop ax
    pop bp
    pop dx                              ; the caller's AX: dropped
    pop dx
    iret

; INT 13h for the emulated drive (register frame as in ata.asm).
eltorito_int13:
    push ds
    push es
    pushad
    mov bp, sp
    mov ax, EBDA_SEG
    mov ds, ax
    mov ah, [bp + F_AH]
    cmp ah, 0x02
    je .read
    cmp ah, 0x03
    je .protected
    cmp ah, 0x05
    je .protected
    cmp ah, 0x43
    je .protected
    cmp ah, 0x08
    je .params
    cmp ah, 0x15
    je .type
    cmp ah, 0x01
    je .status
    cmp ah, 0x4b
    je eltorito_status
    cmp ah, 0x41
    je eltorito_edd_check
    cmp ah, 0x42
    je eltorito_edd_read
    cmp ah, 0x48
    je eltorito_edd_params
    ; 00h/0Dh reset, 04h/44h verify, 0Ch/47h seek, 10h ready, 11h recalibrate, 16h media change (the image
    ; never changes): nothing to do.
    mov si, eltorito_nop_functions
    mov cx, eltorito_nop_count
.nop:
    cmp ah, [cs:si]
    je .ok
    inc si
    loop .nop
    mov ah, 0x01
    jmp disk_exit
.ok:
    xor ah, ah
    jmp disk_exit
.protected:
    mov byte [bp + F_AL], 0
    mov ah, 0x03
    jmp disk_exit
.status:
    mov ax, BDA_SEG
    mov es, ax
    mov al, [es:BDA_FD_STATUS]
    cmp byte [bp + F_DL], 0x80
    jb .last
    mov al, [es:BDA_HD_STATUS]
.last:
    mov [bp + F_AL], al
    mov ah, al                          ; in AH and AL, CF on error (see floppy.asm's AH=01h)
    jmp disk_exit
.read:
    call eltorito_chs_to_lba
    jc .bad
    movzx cx, byte [bp + F_AL]
    call eltorito_check_range
    jc .bad
    mov bx, [bp + F_BX]
    mov [REQ_BUFFER], bx
    mov bx, [bp + F_ES]
    mov [REQ_BUFFER + 2], bx
    push cx
    call eltorito_read
    pop cx
    sub cx, [REQ_KEEP]
    mov [bp + F_AL], cl
    jmp disk_exit
.bad:
    mov byte [bp + F_AL], 0
    mov ah, 0x01
    jmp disk_exit
.params:
    mov ax, [EBDA_EMU_CYLS]
    dec ax
    mov [bp + F_CH], al
    shl ah, 6
    or ah, [EBDA_EMU_SPT]
    mov [bp + F_CL], ah
    mov al, [EBDA_EMU_HEADS]
    dec al
    mov [bp + F_DH], al
    mov byte [bp + F_AL], 0
    mov ax, BDA_SEG
    mov es, ax
    cmp byte [EBDA_EMU_DRIVE], 0
    jne .params_disk
    ; A diskette: DL = the drives (image included), BL = the drive type, ES:DI = the parameter table.
    mov ax, [es:BDA_EQUIPMENT]
    shr ax, 6
    and al, 3
    inc al
    mov [bp + F_DL], al
    movzx bx, byte [EBDA_EMU_MEDIA]
    shl bx, 2
    mov al, [cs:eltorito_floppy_geometry + bx - 1]
    mov [bp + F_BX], al
    mov byte [bp + F_BH], 0
    mov word [bp + F_EDI], diskette_param_table
    mov word [bp + F_ES], 0xf000
    xor ah, ah
    jmp disk_exit
.params_disk:
    mov al, [es:BDA_HD_COUNT]
    mov [bp + F_DL], al
    xor ah, ah
    jmp disk_exit
.type:
    ; A diskette without change line (the image never changes), or a fixed disk with CX:DX sectors.
    mov ah, 0x01
    cmp byte [EBDA_EMU_DRIVE], 0
    je .type_out
    call eltorito_total
    mov [bp + F_DX], ax
    shr eax, 16
    mov [bp + F_CX], ax
    mov ah, 0x03
.type_out:
    mov [bp + F_AH], ah
    and byte [bp + F_FLAGS], 0xfe
    popad
    pop es
    pop ds
    iret

eltorito_nop_functions: db 0x00, 0x04, 0x0c, 0x0d, 0x10, 0x11, 0x16, 0x44, 0x47
eltorito_nop_count equ $ - eltorito_nop_functions

; eltorito_chs_to_lba: the caller's CX/DH (frame) -> EAX = the image's sector; CF for an address outside the
; emulated geometry.
eltorito_chs_to_lba:
    movzx eax, byte [bp + F_CH]
    movzx bx, byte [bp + F_CL]
    mov cx, bx
    and cx, 0x3f                        ; sector, from 1
    jz .bad
    cmp cx, [EBDA_EMU_SPT]
    ja .bad
    shr bx, 6
    shl bx, 8
    or ax, bx                           ; cylinder
    cmp ax, [EBDA_EMU_CYLS]
    jae .bad
    movzx ebx, byte [bp + F_DH]
    cmp bx, [EBDA_EMU_HEADS]
    jae .bad
    movzx edx, word [EBDA_EMU_HEADS]
    imul eax, edx
    add eax, ebx
    movzx edx, word [EBDA_EMU_SPT]
    imul eax, edx
    dec cx
    movzx ecx, cx
    add eax, ecx
    clc
    ret
.bad:
    stc
    ret

; eltorito_total: DS = EBDA; EAX = the emulated drive's sectors (cylinders * heads * sectors per track).
eltorito_total:
    push edx
    movzx eax, word [EBDA_EMU_CYLS]
    movzx edx, word [EBDA_EMU_HEADS]
    imul eax, edx
    movzx edx, word [EBDA_EMU_SPT]
    imul eax, edx
    pop edx
    ret

; eltorito_check_range: EAX = first sector, CX = count; CF when the count is 0 or the range leaves the image.
eltorito_check_range:
    jcxz .bad
    push eax
    push ebx
    movzx ebx, cx
    add ebx, eax
    call eltorito_total
    cmp eax, ebx                        ; CF when the end is past the last sector
    pop ebx
    pop eax
    ret
.bad:
    stc
    ret

; eltorito_status: INT 13h 4Bh (frame; DS = EBDA), for the CD drive and the emulated one. AL = 00h (terminate
; emulation) or 01h (status): the specification packet at the caller's DS:SI.
eltorito_status:
    cmp byte [bp + F_AL], 0x01
    ja .bad
    mov es, [bp + F_DS]
    mov di, [bp + F_ESI]
    call eltorito_packet
    cmp byte [bp + F_AL], 0x00
    jne .done
    call eltorito_stop
.done:
    xor ah, ah
    jmp disk_exit
.bad:
    mov ah, 0x01
    jmp disk_exit

; eltorito_packet: DS = EBDA; the 13h-byte specification packet at ES:DI.
eltorito_packet:
    mov byte [es:di], 0x13
    mov ax, CD_DRIVE << 8               ; no emulation: media 0, drive E0h
    cmp byte [EBDA_EMU_ACTIVE], 0
    je .media
    mov al, [EBDA_EMU_MEDIA]
    mov ah, [EBDA_EMU_DRIVE]
.media:
    mov [es:di + 1], ax                 ; media type (no ATAPI/SCSI driver bits), drive number
    xor al, al
    cmp word [EBDA_CD_BASE], 0x1f0
    je .controller
    inc al                              ; the secondary channel
.controller:
    mov [es:di + 3], al
    mov eax, [EBDA_EMU_LBA]
    mov [es:di + 4], eax
    movzx ax, byte [EBDA_CD_SLAVE]      ; device specification: ATAPI master 0, slave 1
    mov [es:di + 8], ax
    mov word [es:di + 0x0a], 0          ; no user buffer segment
    mov ax, [EBDA_CD_LOAD_SEG]
    mov [es:di + 0x0c], ax
    mov ax, [EBDA_EMU_COUNT]
    mov [es:di + 0x0e], ax
    xor ax, ax                          ; the emulated geometry as 08h gives it in CH, CL, DH; 0 without
    xor cl, cl
    cmp byte [EBDA_EMU_ACTIVE], 0
    je .chs
    mov ax, [EBDA_EMU_CYLS]
    dec ax
    shl ah, 6
    or ah, [EBDA_EMU_SPT]
    mov cl, [EBDA_EMU_HEADS]
    dec cl
.chs:
    mov [es:di + 0x10], ax
    mov [es:di + 0x12], cl
    ret

; ---- EDD on the emulated drive: 41h check, 42h read, 48h parameters (frame; DS = EBDA) ----

eltorito_edd_check:
    cmp word [bp + F_BX], 0x55aa
    jne .bad
    mov word [bp + F_BX], 0xaa55
    mov word [bp + F_CX], 0x0001        ; fixed-disk access (42h-44h, 47h, 48h)
    mov byte [bp + F_AH], 0x30
    and byte [bp + F_FLAGS], 0xfe
    popad
    pop es
    pop ds
    iret
.bad:
    mov ah, 0x01
    jmp disk_exit

eltorito_edd_read:
    ; The disk address packet at the caller's DS:SI: size, 0, count, buffer (off:seg), LBA (qword).
    mov es, [bp + F_DS]
    mov si, [bp + F_ESI]
    mov cx, [es:si + 2]
    mov eax, [es:si + 4]
    mov [REQ_BUFFER], eax
    mov eax, [es:si + 8]
    mov word [es:si + 2], 0
    cmp dword [es:si + 12], 0
    jne .bad
    cmp cx, 127
    ja .bad
    call eltorito_check_range
    jc .bad
    push cx
    call eltorito_read
    pop cx
    sub cx, [REQ_KEEP]
    mov es, [bp + F_DS]
    mov si, [bp + F_ESI]
    mov [es:si + 2], cx
    jmp disk_exit
.bad:
    mov ah, 0x01
    jmp disk_exit

eltorito_edd_params:
    mov es, [bp + F_DS]
    mov si, [bp + F_ESI]
    cmp word [es:si], 0x1a
    jb .bad
    mov word [es:si], 0x1a
    mov word [es:si + 2], 0x0002        ; the CHS fields are valid
    movzx eax, word [EBDA_EMU_CYLS]
    mov [es:si + 4], eax
    movzx eax, word [EBDA_EMU_HEADS]
    mov [es:si + 8], eax
    movzx eax, word [EBDA_EMU_SPT]
    mov [es:si + 12], eax
    call eltorito_total
    mov [es:si + 16], eax
    mov dword [es:si + 20], 0
    mov word [es:si + 24], 512
    xor ah, ah
    jmp disk_exit
.bad:
    mov ah, 0x01
    jmp disk_exit
