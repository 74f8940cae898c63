; Diskette drives: the 82077AA controller programmed through DMA channel 2 and IRQ6, and INT 13h for
; DL = 0, 1. Drive types come from CMOS register 10h; each type's media geometry and data rate are in a table.

%define FDC_DOR   0x3f2
%define FDC_MSR   0x3f4
%define FDC_FIFO  0x3f5
%define FDC_DIR   0x3f7
%define FDC_CCR   0x3f7

; Per media (and per CMOS drive type, for the drive's own capacity) 1-5: cylinders, heads, sectors per track,
; data rate (CCR), gap length. Media are found by trying READ ID at each rate the drive supports.
floppy_geometry:
    db 0, 0, 0, 0, 0
    db 40, 2, 9, 2, 0x2a                ; 1: 360K
    db 80, 2, 15, 0, 0x1b               ; 2: 1.2M
    db 80, 2, 9, 2, 0x2a                ; 3: 720K
    db 80, 2, 18, 0, 0x1b               ; 4: 1.44M
    db 80, 2, 36, 3, 0x1b               ; 5: 2.88M
%define FG_CYLS 0
%define FG_HEADS 1
%define FG_SPT 2
%define FG_RATE 3
%define FG_GAP 4

floppy_init:
    push ds
    mov ax, BDA_SEG
    mov ds, ax
    mov al, 0x10
    call cmos_read
    mov ah, al
    xor bx, bx                          ; BX = drives present
    test ah, 0xf0
    jz .second
    inc bx
.second:
    test ah, 0x0f
    jz .equipment
    inc bx
.equipment:
    test bx, bx
    jz .none
    dec bx
    shl bx, 6
    or bx, 1                            ; bit 0: diskette drives present; bits 6-7: count - 1
    or [BDA_EQUIPMENT], bx
    mov byte [BDA_FD_RECAL], 0
    call fdc_reset
.none:
    pop ds
    ret

; floppy_type: DL = drive -> AL = CMOS type (0 = none).
floppy_type:
    mov al, 0x10
    call cmos_read
    test dl, dl
    jnz .low
    shr al, 4
    ret
.low:
    and al, 0x0f
    ret

; Media to try, per drive type, best first (0 ends a list).
floppy_candidates:
    db 0, 0, 0
    db 1, 0, 0                          ; 360K drive
    db 2, 0, 0                          ; 1.2M drive
    db 3, 0, 0                          ; 720K drive
    db 4, 3, 0                          ; 1.44M drive: 1.44M or 720K media
    db 5, 4, 3                          ; 2.88M drive

; floppy_media: DL = drive -> AL = media type (1-5) in the drive, detecting it when unknown; CF when none
; reads. DS = BDA.
floppy_media:
    push bx
    push cx
    push si
    movzx bx, dl
    mov al, [BDA_FD_MEDIA_STATE + bx]
    test al, al
    jnz .known
    call floppy_type
    movzx si, al
    imul si, si, 3
    add si, floppy_candidates
    mov cx, 3
.try:
    mov al, [cs:si]
    test al, al
    jz .none
    call floppy_read_id
    jnc .found
    inc si
    loop .try
.none:
    pop si
    pop cx
    pop bx
    stc
    ret
.found:
    mov al, [cs:si]
    movzx bx, dl
    mov [BDA_FD_MEDIA_STATE + bx], al
.known:
    pop si
    pop cx
    pop bx
    clc
    ret

; floppy_read_id: AL = media type to try, DL = drive; CF when no sector header reads at that rate.
floppy_read_id:
    push ax
    push bx
    push cx
    push dx
    push si
    call floppy_geo
    mov al, [cs:bx + FG_RATE]
    mov dx, FDC_CCR
    out dx, al
    pop si
    pop dx
    push dx
    push si
    xor ch, ch
    xor dh, dh
    call fdc_seek
    jc .fail
    mov al, 0x4a                        ; READ ID, MFM
    call fdc_out
    mov al, dl
    call fdc_out
    call fdc_wait_irq
    jc .fail
    mov cx, 7
    mov si, BDA_FD_RESULT
.result:
    call fdc_in
    jc .fail
    mov [si], al
    inc si
    loop .result
    test byte [BDA_FD_RESULT], 0xc0
    jnz .fail
    pop si
    pop dx
    pop cx
    pop bx
    pop ax
    clc
    ret
.fail:
    pop si
    pop dx
    pop cx
    pop bx
    pop ax
    stc
    ret

; floppy_geo: AL = type -> BX = offset of its geometry row.
floppy_geo:
    movzx bx, al
    imul bx, bx, 5
    add bx, floppy_geometry
    ret

; IRQ6: note the interrupt for whoever waits on it.
int0e_handler:
    push ax
    push ds
    mov ax, BDA_SEG
    mov ds, ax
    or byte [BDA_FD_RECAL], 0x80
    mov al, 0x20
    out PORT_PIC1_CMD, al
    pop ds
    pop ax
    iret

; fdc_wait_irq: waits (up to ~2 s of ticks) for IRQ6; CF on timeout. DS = BDA.
fdc_wait_irq:
    push cx
    push bx
    mov cx, 40
.wait:
    sti
    test byte [BDA_FD_RECAL], 0x80
    jnz .done
    mov bx, [BDA_TIMER_COUNT]
.tick:
    test byte [BDA_FD_RECAL], 0x80
    jnz .done
    hlt
    cmp bx, [BDA_TIMER_COUNT]
    je .tick
    loop .wait
    pop bx
    pop cx
    stc
    ret
.done:
    and byte [BDA_FD_RECAL], 0x7f
    pop bx
    pop cx
    clc
    ret

; fdc_out: AL = byte to the FIFO when the controller asks for one; CF on timeout.
fdc_out:
    push cx
    push dx
    push ax
    mov dx, FDC_MSR
    mov cx, 0xffff
.poll:
    in al, dx
    and al, 0xc0
    cmp al, 0x80
    je .send
    loop .poll
    pop ax
    pop dx
    pop cx
    stc
    ret
.send:
    pop ax
    mov dx, FDC_FIFO
    out dx, al
    pop dx
    pop cx
    clc
    ret

; fdc_in: AL = next result byte; CF on timeout.
fdc_in:
    push cx
    push dx
    mov dx, FDC_MSR
    mov cx, 0xffff
.poll:
    in al, dx
    and al, 0xc0
    cmp al, 0xc0
    je .read
    loop .poll
    pop dx
    pop cx
    stc
    ret
.read:
    mov dx, FDC_FIFO
    in al, dx
    pop dx
    pop cx
    clc
    ret

; fdc_sense: SENSE INTERRUPT STATUS -> AL = ST0, AH = present cylinder.
fdc_sense:
    mov al, 0x08
    call fdc_out
    call fdc_in
    push ax
    call fdc_in
    mov ah, al
    pop bx
    mov al, bl
    ret

; fdc_reset: pulse the controller reset, sense the four drives' polling interrupts, SPECIFY. DS = BDA.
fdc_reset:
    mov dx, FDC_DOR
    xor al, al
    out dx, al
    and byte [BDA_FD_RECAL], 0x70
    mov al, 0x0c
    out dx, al
    call fdc_wait_irq
    mov cx, 4
.sense:
    push cx
    call fdc_sense
    pop cx
    loop .sense
    mov al, 0x03                        ; SPECIFY: step rate, head unload, head load, DMA mode
    call fdc_out
    mov al, 0xaf
    call fdc_out
    mov al, 0x02
    call fdc_out
    and byte [BDA_FD_RECAL], 0xf0       ; every drive needs a recalibrate after a reset
    mov byte [BDA_FD_MOTOR], 0
    ret

; fdc_motor_on: DL = drive; selects it with its motor on. DS = BDA.
fdc_motor_on:
    mov cl, dl
    mov al, 0x10
    shl al, cl
    or al, 0x0c
    or al, dl
    mov dx, FDC_DOR
    out dx, al
    mov dl, cl
    mov byte [BDA_FD_MOTOR_TICKS], 0xff ; no switch-off while we work
    mov al, 1
    shl al, cl
    or [BDA_FD_MOTOR], al
    ret

fdc_motor_release:
    mov byte [BDA_FD_MOTOR_TICKS], 37   ; about 2 s
    ret

; fdc_seek: DL = drive, CH = cylinder, DH = head; recalibrates first when needed. CF on failure. DS = BDA.
fdc_seek:
    mov cl, dl
    mov al, 1
    shl al, cl
    test [BDA_FD_RECAL], al
    jnz .seek
    push ax
    mov al, 0x07                        ; RECALIBRATE
    call fdc_out
    mov al, dl
    call fdc_out
    call fdc_wait_irq
    jc .fail_pop
    push bx
    call fdc_sense
    pop bx
    pop ax
    or [BDA_FD_RECAL], al
    movzx bx, dl
    mov byte [BDA_FD_TRACK + bx], 0
.seek:
    movzx bx, dl
    cmp [BDA_FD_TRACK + bx], ch
    je .done
    mov al, 0x0f                        ; SEEK
    call fdc_out
    mov al, dh
    shl al, 2
    or al, dl
    call fdc_out
    mov al, ch
    call fdc_out
    call fdc_wait_irq
    jc .fail
    push bx
    call fdc_sense
    pop bx
    mov [BDA_FD_TRACK + bx], ah
.done:
    clc
    ret
.fail_pop:
    pop ax
.fail:
    stc
    ret

; fdc_dma_setup: channel 2 for AX bytes at ES:BX, CL = mode (46h: to memory, 4Ah: from memory).
; CF when the buffer crosses a 64 KiB boundary, which the 8237 cannot carry into the page register.
fdc_dma_setup:
    push dx
    push si
    push di
    mov si, ax                          ; SI = byte count
    mov dx, es
    mov ax, dx
    shl ax, 4
    shr dx, 12
    add ax, bx
    adc dl, 0                           ; DL:AX = the 24-bit address
    mov di, si
    dec di
    add di, ax                          ; carry: the last byte lies in the next 64 KiB
    jc .cross
    push ax
    mov al, 0x06
    out 0x0a, al                        ; mask channel 2
    out 0x0c, al                        ; clear the byte flip-flop
    mov al, cl
    out 0x0b, al
    pop ax
    out 0x04, al
    mov al, ah
    out 0x04, al
    mov al, dl
    out 0x81, al
    mov ax, si
    dec ax
    out 0x05, al
    mov al, ah
    out 0x05, al
    mov al, 0x02
    out 0x0a, al                        ; unmask channel 2
    pop di
    pop si
    pop dx
    clc
    ret
.cross:
    pop di
    pop si
    pop dx
    stc
    ret

floppy_int13:
    push ds
    push es
    pushad
    mov bp, sp
    mov ax, BDA_SEG
    mov ds, ax
    call floppy_type
    test al, al
    jz .no_drive
    cmp dl, 1
    ja .no_drive
    mov ah, [bp + F_AH]
    cmp ah, 0x00
    je .reset
    cmp ah, 0x01
    je .status
    cmp ah, 0x02
    je .read
    cmp ah, 0x03
    je .write
    cmp ah, 0x04
    je .verify
    cmp ah, 0x05
    je .format
    cmp ah, 0x08
    je .params
    cmp ah, 0x15
    je .type
    cmp ah, 0x16
    je .changed
    cmp ah, 0x17
    je .ok
    cmp ah, 0x18
    je .set_media
    mov ah, 0x01
    jmp disk_exit
.no_drive:
    cmp byte [bp + F_AH], 0x15
    je .type_none
    cmp byte [bp + F_AH], 0x08
    je .params_none
    mov ah, 0x80                        ; timeout: no drive
    jmp disk_exit
.reset:
    call fdc_reset
.ok:
    xor ah, ah
    jmp disk_exit
.status:
    ; The last status in AH, where DOS-era callers and SeaBIOS put it (RBIL), and in AL too, as IBM's PS/2 BIOS
    ; does for the callers that look there; CF set when it is an error. It stays the last status.
    mov al, [BDA_FD_STATUS]
    mov [bp + F_AL], al
    mov ah, al
    jmp disk_exit
.verify:
    mov ah, 0x00
    jmp disk_exit
.params:
    call floppy_geo
    mov [bp + F_BL], al
    mov al, [cs:bx + FG_CYLS]
    dec al
    mov [bp + F_CH], al
    mov al, [cs:bx + FG_SPT]
    mov [bp + F_CL], al
    mov al, [cs:bx + FG_HEADS]
    dec al
    mov [bp + F_DH], al
    mov ax, [BDA_EQUIPMENT]
    shr ax, 6
    and al, 3
    inc al
    mov [bp + F_DL], al
    mov word [bp + F_EDI], diskette_param_table
    mov word [bp + F_ES], 0xf000
    mov word [bp + F_AX], 0
    xor ah, ah
    jmp disk_exit
.params_none:
    mov word [bp + F_AX], 0
    mov word [bp + F_BX], 0
    mov word [bp + F_CX], 0
    mov byte [bp + F_DH], 0
    mov byte [bp + F_DL], 0
    xor ah, ah
    jmp disk_exit
.type:
    mov byte [bp + F_AH], 0x02          ; a diskette drive with change-line support
    and byte [bp + F_FLAGS], 0xfe
    popad
    pop es
    pop ds
    iret
.type_none:
    mov byte [bp + F_AH], 0x00
    and byte [bp + F_FLAGS], 0xfe
    popad
    pop es
    pop ds
    iret
.changed:
    call fdc_motor_on
    mov dx, FDC_DIR
    in al, dx
    mov dl, [bp + F_DL]
    call fdc_motor_release
    test al, 0x80
    mov ah, 0x00
    jz .changed_done
    mov ah, 0x06
.changed_done:
    jmp disk_exit
.set_media:
    mov word [bp + F_EDI], diskette_param_table
    mov word [bp + F_ES], 0xf000
    xor ah, ah
    jmp disk_exit
.read:
    mov si, 0x46e6                      ; DMA mode 46h (to memory), READ DATA with MT, MFM, SK
    jmp .transfer
.write:
    mov si, 0x4ac5                      ; DMA mode 4Ah (from memory), WRITE DATA with MT, MFM
.transfer:
    call floppy_rw
    jmp disk_exit
.format:
    call floppy_format
    jmp disk_exit

; floppy_check_change: DL = drive (selected, motor on). A set disk-change line means new media: forget the
; old media type and recalibrate, which clears the line.
floppy_check_change:
    push ax
    push dx
    mov dx, FDC_DIR
    in al, dx
    pop dx
    test al, 0x80
    jz .same
    push bx
    movzx bx, dl
    mov byte [BDA_FD_MEDIA_STATE + bx], 0
    mov cl, dl
    mov al, 1
    shl al, cl
    not al
    and [BDA_FD_RECAL], al
    pop bx
.same:
    pop ax
    ret

; floppy_rw: SI = DMA mode << 8 | FDC command; caller's registers in the frame. Returns AH = status.
floppy_rw:
    mov al, [bp + F_AL]                 ; requested sectors (AL is replaced by the count done on return)
    test al, al
    jz .bad_command
    mov dl, [bp + F_DL]
    call fdc_motor_on
    call floppy_check_change
    call floppy_media
    jc .no_media
    call floppy_geo                     ; BX = geometry row
    mov di, bx
    mov al, [cs:di + FG_RATE]
    mov dx, FDC_CCR
    out dx, al
    mov dl, [bp + F_DL]
    mov ch, [bp + F_CH]
    mov dh, [bp + F_DH]
    call fdc_seek
    jc .timeout
    ; DMA for AL * 512 bytes at the caller's ES:BX.
    movzx ax, byte [bp + F_EAX]
    shl ax, 9
    mov es, [bp + F_ES]
    mov bx, [bp + F_BX]
    push cx
    mov cx, si
    mov cl, ch
    call fdc_dma_setup
    pop cx
    jc .boundary
    mov ax, si
    call fdc_out                        ; command
    mov al, [bp + F_DH]
    shl al, 2
    or al, [bp + F_DL]
    call fdc_out
    mov al, [bp + F_CH]
    call fdc_out                        ; C
    mov al, [bp + F_DH]
    call fdc_out                        ; H
    mov al, [bp + F_CL]
    and al, 0x3f
    call fdc_out                        ; R
    mov al, 2
    call fdc_out                        ; N: 512 bytes
    mov al, [cs:di + FG_SPT]
    call fdc_out                        ; EOT
    mov al, [cs:di + FG_GAP]
    call fdc_out
    mov al, 0xff
    call fdc_out                        ; DTL
    call fdc_wait_irq
    jc .timeout
    mov cx, 7
    mov si, BDA_FD_RESULT
.result:
    call fdc_in
    jc .timeout
    mov [si], al
    inc si
    loop .result
    mov dl, [bp + F_DL]
    call fdc_motor_release
    mov al, [BDA_FD_RESULT]
    test al, 0xc0
    jnz .failed
    mov al, [bp + F_EAX]
    mov [bp + F_AL], al                 ; all requested sectors
    xor ah, ah
    ret
.failed:
    mov byte [bp + F_AL], 0
    movzx bx, byte [bp + F_DL]
    mov byte [BDA_FD_MEDIA_STATE + bx], 0   ; detect the media again next time
    mov al, [BDA_FD_RESULT + 1]         ; ST1
    mov ah, 0x03
    test al, 0x02                       ; not writable
    jnz .out
    mov ah, 0x10
    test al, 0x20                       ; CRC error
    jnz .out
    mov ah, 0x04                        ; sector not found
.out:
    ret
.bad_command:
    mov ah, 0x01
    ret
.no_media:
    mov byte [bp + F_AL], 0
    mov dl, [bp + F_DL]
    call fdc_motor_release
    mov ah, 0x0c                        ; media type not found
    ret
.boundary:
    mov byte [bp + F_AL], 0
    mov dl, [bp + F_DL]
    call fdc_motor_release
    mov ah, 0x09
    ret
.timeout:
    mov byte [bp + F_AL], 0
    mov dl, [bp + F_DL]
    call fdc_motor_release
    and byte [BDA_FD_RECAL], 0xf0
    mov ah, 0x80
    ret

; floppy_format: FORMAT TRACK for the caller's CH (cylinder), DH (head), AL (sectors), ES:BX (address fields).
floppy_format:
    mov dl, [bp + F_DL]
    call fdc_motor_on
    call floppy_type                    ; formatting writes the drive's own format
    call floppy_geo
    mov di, bx
    mov al, [cs:di + FG_RATE]
    mov dx, FDC_CCR
    out dx, al
    mov dl, [bp + F_DL]
    mov ch, [bp + F_CH]
    mov dh, [bp + F_DH]
    call fdc_seek
    jc .timeout
    movzx ax, byte [bp + F_EAX]
    shl ax, 2                           ; 4 bytes of C, H, R, N per sector
    mov es, [bp + F_ES]
    mov bx, [bp + F_BX]
    push cx
    mov cl, 0x4a
    call fdc_dma_setup
    pop cx
    jc .timeout
    mov al, 0x4d                        ; FORMAT TRACK, MFM
    call fdc_out
    mov al, [bp + F_DH]
    shl al, 2
    or al, [bp + F_DL]
    call fdc_out
    mov al, 2
    call fdc_out
    mov al, [bp + F_EAX]
    call fdc_out
    mov al, 0x6c
    call fdc_out
    mov al, 0xf6
    call fdc_out
    call fdc_wait_irq
    jc .timeout
    mov cx, 7
    mov si, BDA_FD_RESULT
.result:
    call fdc_in
    mov [si], al
    inc si
    loop .result
    mov dl, [bp + F_DL]
    call fdc_motor_release
    test byte [BDA_FD_RESULT], 0xc0
    mov ah, 0
    jz .done
    mov ah, 0x03
    test byte [BDA_FD_RESULT + 1], 0x02
    jnz .done
    mov ah, 0x20
.done:
    ret
.timeout:
    mov ah, 0x80
    ret
