; INT 19h: the bootstrap loader. Tries each device of the boot order ("a" diskette, "c" hard disk, "d" CD-ROM)
; and jumps to the first boot sector that loads; INT 18h when none does.

int19_handler:
    sti
    call boot_direct_kernel             ; returns only when there is no -kernel
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
    mov si, msg_boot_cd
    call print_cstr
    call cdrom_boot                     ; does not return when the CD boots
    mov si, msg_not_bootable
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
msg_boot_cd: db "Booting from CD-ROM...", 0
msg_not_bootable: db " not a bootable disk.", 13, 10, 0
msg_boot_failed: db " failed, status ", 0
msg_crlf: db 13, 10, 0

; ---- direct kernel boot (-kernel): the board has loaded the kernel; fw_cfg item 13h says how to enter it ----
%define FWCFG_BOOT_ENTRY 0x13
%define BOOT_ENTRY_LINUX16 1
%define BOOT_ENTRY_PM32 2

boot_direct_kernel:
    call fwcfg_present
    jne .none
    mov ax, 0x80 + FWCFG_BOOT_ENTRY     ; the item's size
    call fwcfg_select
    call fwcfg_read_dword
    cmp eax, 24
    jb .none
    mov ax, FWCFG_BOOT_ENTRY
    call fwcfg_select
    call fwcfg_read_dword
    cmp eax, BOOT_ENTRY_LINUX16
    je .linux
    cmp eax, BOOT_ENTRY_PM32
    je .pm32
.none:
    ret
.linux:
    ; Real-mode setup code at SEG:0000: CS = SEG + 20h, IP = 0, data segments = SEG, SP = the entry's ESP.
    mov si, msg_boot_kernel
    call print_cstr
    call fwcfg_read_dword               ; segment
    mov bx, ax
    call fwcfg_read_dword               ; entry (unused)
    call fwcfg_read_dword               ; eax
    call fwcfg_read_dword               ; ebx
    call fwcfg_read_dword               ; esp
    cli
    mov ds, bx
    mov es, bx
    mov fs, bx
    mov gs, bx
    mov ss, bx
    mov sp, ax
    add bx, 0x20
    push bx
    push word 0
    retf
.pm32:
    ; Multiboot: flat 32-bit protected mode, A20 on, paging off, interrupts off, EAX/EBX from the entry.
    mov si, msg_boot_kernel
    call print_cstr
    call fwcfg_read_dword               ; segment (unused)
    call fwcfg_read_dword
    mov edi, eax                        ; entry
    call fwcfg_read_dword
    mov edx, eax                        ; eax at entry
    call fwcfg_read_dword
    mov ebx, eax                        ; ebx at entry
    call fwcfg_read_dword
    mov esi, eax                        ; esp
    cli
    in al, PORT_A20_FAST
    or al, 0x02
    and al, ~0x01
    out PORT_A20_FAST, al
    lgdt [cs:boot_gdt_ptr]
    mov eax, cr0
    or al, 1
    mov cr0, eax
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    mov ss, ax
    mov esp, esi
    push dword 0x08
    push edi
    mov eax, edx
    o32 retf

msg_boot_kernel: db "Booting the kernel given with -kernel...", 13, 10, 0

align 8
boot_gdt:
    dq 0
    dq 0x00cf9b000000ffff               ; flat 32-bit code (accessed already: this table is in ROM)
    dq 0x00cf93000000ffff               ; flat data
boot_gdt_ptr:
    dw 23
    dd 0xf0000 + boot_gdt
