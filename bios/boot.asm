; INT 19h: the bootstrap loader. Tries each device of the boot order ("a" diskette, "c" hard disk, "d" CD-ROM)
; and jumps to the first boot sector that loads; INT 18h when none does.

int19_handler:
    sti
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, BOOT_OFF
    mov ax, EBDA_SEG
    mov fs, ax
    mov si, EBDA_BOOT_ORDER
.next_device:
    mov al, [fs:si]
    test al, al
    jz .nothing
    inc si
    push si
    cmp al, 'a'
    je .floppy
    cmp al, 'c'
    je .disk
    cmp al, 'd'
    je .cdrom
    pop si
    jmp .next_device
.floppy:
    mov si, msg_boot_floppy
    call print_cstr
    xor dl, dl
    call boot_read_sector
    jc .failed
    jmp .go                             ; diskettes need no 55AAh signature (old DOS disks lack it)
.disk:
    mov si, msg_boot_disk
    call print_cstr
    mov dl, 0x80
    call boot_read_sector
    jc .failed
    cmp word [BOOT_OFF + 510], 0xaa55
    jne .not_bootable
    jmp .go
.cdrom:
    mov si, msg_boot_cd_unsupported
    call print_cstr
    pop si
    jmp .next_device
.not_bootable:
    mov si, msg_not_bootable
    call print_cstr
    pop si
    jmp .next_device
.failed:
    mov si, msg_boot_failed
    call print_cstr
    mov al, ah
    xor ah, ah
    call print_hex16
    mov si, msg_crlf
    call print_cstr
    pop si
    jmp .next_device
.go:
    pop si
    mov si, msg_crlf
    call print_cstr
    xor ax, ax
    mov ds, ax
    mov es, ax
    xor bx, bx
    xor cx, cx
    xor si, si
    xor di, di
    xor bp, bp
    jmp BOOT_SEG:BOOT_OFF
.nothing:
    int 0x18

; boot_read_sector: DL = drive; reads its first sector to 0000:7C00 (three tries with a reset between).
boot_read_sector:
    mov di, 3
.try:
    mov ax, 0x0201
    mov bx, BOOT_OFF
    mov cx, 0x0001
    xor dh, dh
    push dx
    int 0x13
    pop dx
    jnc .ok
    mov bl, ah                          ; the status of this try
    xor ah, ah
    push dx
    int 0x13
    pop dx
    dec di
    jnz .try
    mov ah, bl
    stc
.ok:
    ret

msg_boot_floppy: db "Booting from floppy...", 0
msg_boot_disk: db "Booting from hard disk...", 0
msg_boot_cd_unsupported: db "CD-ROM boot is not supported yet.", 13, 10, 0
msg_not_bootable: db " not a bootable disk.", 13, 10, 0
msg_boot_failed: db " failed, status ", 0
msg_crlf: db 13, 10, 0
