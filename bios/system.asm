; INT 15h system services, the PCI BIOS (INT 1Ah B1xxh) and INT 17h.
;
; INT 15h: 24h A20 gate, 4Fh keyboard intercept (passes the key on), 53h APM 1.2 (real-mode interface), 83h event
; wait and 86h wait (the RTC's periodic interrupt), 87h block move and 89h switch to protected mode (both with the
; caller's GDT), 88h extended memory, 90h/91h device busy/post, C0h configuration table, C1h EBDA segment, C2h the
; PS/2 pointing device (mouse.asm), E801h and E820h memory sizes. Anything else: CF set, AH=86h.

int15_handler:
    cmp ah, 0x24
    je int15_a20
    cmp ah, 0x4f
    je .keyboard_intercept
    cmp ah, 0x53
    je int15_apm
    cmp ah, 0x83
    je int15_event_wait
    cmp ah, 0x86
    je int15_wait
    cmp ah, 0x87
    je int15_block_move
    cmp ah, 0x88
    je .ext_memory
    cmp ah, 0x89
    je int15_protected_mode
    cmp ah, 0x90
    je .device_busy
    cmp ah, 0x91
    je .device_busy
    cmp ah, 0xc0
    je .config_table
    cmp ah, 0xc1
    je .ebda
    cmp ah, 0xc2
    je int15_mouse                      ; mouse.asm
    cmp ax, 0xe801
    je int15_e801
    cmp ax, 0xe820
    je int15_e820
.unsupported:
    mov ah, 0x86
    jmp iret_cf_set
.keyboard_intercept:
    jmp iret_cf_set                     ; CF set: the BIOS should process the key
.device_busy:
    xor ah, ah
    jmp iret_cf_clear
.ext_memory:
    ; KiB above 1 MiB, capped at 63 MiB as the 16-bit answer allows.
    push es
    mov ax, EBDA_SEG
    mov es, ax
    mov eax, [es:EBDA_RAM_SIZE]
    pop es
    sub eax, 0x100000
    shr eax, 10
    cmp eax, 0xfc00
    jbe .ext_ok
    mov ax, 0xfc00
.ext_ok:
    jmp iret_cf_clear
.config_table:
    mov bx, 0xf000
    mov es, bx
    mov bx, config_table
    xor ah, ah
    jmp iret_cf_clear
.ebda:
    push ax
    mov ax, EBDA_SEG
    mov es, ax
    pop ax
    jmp iret_cf_clear

; No feature bit here stands for a pointing device (RBIL's table 00509): INT 11h bit 2 says there is one.
config_table:
    dw 8                                ; bytes that follow
    db 0xfc                             ; model: AT
    db 0x00                             ; submodel
    db 0x01                             ; BIOS revision
    db 0x74                             ; EBDA allocated, RTC present, second PIC, 8042 (INT 16h/09h hooks)
    db 0x40                             ; INT 16h function 09h... extended keyboard functions present
    db 0, 0, 0

; INT 15h 24h: A20 gate through port 92h.
int15_a20:
    cmp al, 0x00
    je .disable
    cmp al, 0x01
    je .enable
    cmp al, 0x02
    je .status
    cmp al, 0x03
    je .support
    mov ah, 0x86
    jmp iret_cf_set
.disable:
    in al, PORT_A20_FAST
    and al, ~0x03
    out PORT_A20_FAST, al
    xor ah, ah
    jmp iret_cf_clear
.enable:
    in al, PORT_A20_FAST
    and al, ~0x01
    or al, 0x02
    out PORT_A20_FAST, al
    xor ah, ah
    jmp iret_cf_clear
.status:
    in al, PORT_A20_FAST
    shr al, 1
    and al, 1
    xor ah, ah
    jmp iret_cf_clear
.support:
    mov bx, 0x0003                      ; keyboard controller and port 92h
    xor ah, ah
    jmp iret_cf_clear

; INT 15h 86h: wait CX:DX microseconds, using the RTC's periodic interrupt.
int15_wait:
    push ds
    push ax
    mov ax, BDA_SEG
    mov ds, ax
    cmp byte [BDA_WAIT_ACTIVE], 0
    jne .busy
    mov [BDA_WAIT_COUNT], dx
    mov [BDA_WAIT_COUNT + 2], cx
    mov word [BDA_WAIT_FLAG_PTR], BDA_WAIT_ACTIVE + 1
    mov word [BDA_WAIT_FLAG_PTR + 2], BDA_SEG
    mov byte [BDA_WAIT_ACTIVE + 1], 0
    mov byte [BDA_WAIT_ACTIVE], 1
    cli
    call rtc_periodic_on
.wait:
    sti
    hlt
    test byte [BDA_WAIT_ACTIVE + 1], 0x80
    jz .wait
    pop ax
    pop ds
    xor ah, ah
    jmp iret_cf_clear
.busy:
    pop ax
    pop ds
    mov ah, 0x83
    jmp iret_cf_set

; rtc_periodic_on: IRQ8 unmasked and the RTC's periodic interrupt on, for the waits of AH=83h and 86h (which
; int70_handler counts down). Changes AX.
rtc_periodic_on:
    in al, PORT_PIC2_DATA
    and al, 0xfe                        ; unmask IRQ8
    out PORT_PIC2_DATA, al
    mov al, 0x0b
    call cmos_read
    or al, 0x40                         ; periodic interrupt on
    mov ah, al
    mov al, 0x0b
    call cmos_write
    ret

; INT 15h 83h: AL=00h sets bit 7 of the byte at ES:BX once CX:DX microseconds have passed, and returns at once
; (the RTC's periodic interrupt counts them down in int70_handler, as for AH=86h); AL=01h cancels it. CF set and
; AH=83h when a wait is already under way, as AH=86h answers.
int15_event_wait:
    push ds
    push ax
    mov ax, BDA_SEG
    mov ds, ax
    pop ax
    cmp al, 0x01
    je .cancel
    cmp al, 0x00
    jne .bad
    cmp byte [BDA_WAIT_ACTIVE], 0
    jne .busy
    cli
    mov [BDA_WAIT_COUNT], dx
    mov [BDA_WAIT_COUNT + 2], cx
    mov [BDA_WAIT_FLAG_PTR], bx
    mov [BDA_WAIT_FLAG_PTR + 2], es
    mov byte [BDA_WAIT_ACTIVE], 1
    push ax
    call rtc_periodic_on
    pop ax
    pop ds
    xor ah, ah
    jmp iret_cf_clear
.cancel:
    cli
    mov byte [BDA_WAIT_ACTIVE], 0
    push ax
    mov al, 0x0b
    call cmos_read
    and al, 0xbf                        ; periodic interrupt off
    mov ah, al
    mov al, 0x0b
    call cmos_write
    pop ax
    pop ds
    xor ah, ah
    jmp iret_cf_clear
.busy:
    pop ds
    mov ah, 0x83
    jmp iret_cf_set
.bad:
    pop ds
    mov ah, 0x86
    jmp iret_cf_set

; INT 15h 87h: copy CX words between the descriptors at ES:SI+10h (source) and ES:SI+18h (destination), in
; protected mode. The caller's GDT gets its own descriptor (entry 1), our code (entry 4) and stack (entry 5).
int15_block_move:
    cli
    pushad
    push ds
    push es
    ; Entry 1: the GDT itself.
    mov ax, es
    movzx eax, ax
    shl eax, 4
    movzx edx, si
    add eax, edx
    mov word [es:si + 0x08], 0x2f
    mov [es:si + 0x08 + 2], eax         ; base 23:0 (and the access byte, set next)
    mov byte [es:si + 0x08 + 5], 0x93
    mov word [es:si + 0x08 + 6], 0
    ; Entry 4: 16-bit code at F0000. Entry 5: 16-bit stack at SS*16.
    mov dword [es:si + 0x20], 0x0000ffff
    mov dword [es:si + 0x24], 0x00009b0f
    mov ax, ss
    movzx eax, ax
    shl eax, 4
    mov word [es:si + 0x28], 0xffff
    mov [es:si + 0x28 + 2], eax
    mov byte [es:si + 0x28 + 5], 0x93
    mov word [es:si + 0x28 + 6], 0
    ; A20 on for the copy (the caller's addresses may lie above 1 MiB).
    in al, PORT_A20_FAST
    mov bl, al
    or al, 0x02
    and al, ~0x01
    out PORT_A20_FAST, al
    push bx
    mov bx, ss
    push bx
    lgdt [es:si + 0x08]
    mov eax, cr0
    or al, 1
    mov cr0, eax
    jmp 0x20:.protected
.protected:
    mov ax, 0x28
    mov ss, ax
    mov ax, 0x10
    mov ds, ax
    mov ax, 0x18
    mov es, ax
    xor si, si
    xor di, di
    cld
    rep movsw                           ; CX words, as the caller gave them (pushad left CX unchanged)
    mov eax, cr0
    and al, ~1
    mov cr0, eax
    jmp 0xf000:.real
.real:
    pop bx
    mov ss, bx
    pop bx
    mov al, bl
    out PORT_A20_FAST, al
    pop es
    pop ds
    popad
    xor ah, ah
    jmp iret_cf_clear

; INT 15h 89h: into protected mode for good, as the IBM PC AT Technical Reference defines it. ES:SI = the
; caller's GDT: 08h describes the GDT itself, 10h the IDT, 18h/20h/28h/30h the caller's DS/ES/SS/CS; the BIOS
; fills 38h with its own code. BH = the vector of IRQ0 (the first eight), BL = that of IRQ8, as IBM's reference
; and the Bochs BIOS have it (RBIL and SeaBIOS swap them). Every IRQ but the cascade is masked: the caller unmasks
; what its IDT serves. Returns at the caller's return address with CS = 30h, DS = 18h, ES = 20h, SS = 28h,
; AH = 00h and CF clear, A20 on, interrupts off (SeaBIOS gives back the caller's IF). Only AX changes.
int15_protected_mode:
    cli
    in al, PORT_A20_FAST
    or al, 0x02
    and al, ~0x01
    out PORT_A20_FAST, al
    call pic_set_bases
    mov dword [es:si + 0x38], 0x0000ffff    ; 16-bit code, base F0000h, limit FFFFh
    mov dword [es:si + 0x3c], 0x00009b0f
    lgdt [es:si + 0x08]                 ; a 16-bit LGDT/LIDT takes 24 bits of base, as the 286 did
    lidt [es:si + 0x10]
    smsw ax                             ; LMSW, not MOV CR0: the upper half of EAX stays the caller's
    or al, 0x01
    lmsw ax
    jmp 0x38:.protected
.protected:
    mov ax, 0x18
    mov ds, ax
    mov ax, 0x20
    mov es, ax
    mov ax, 0x28
    mov ss, ax
    push bp
    mov bp, sp
    mov word [bp + 4], 0x30             ; the return goes to the caller's code segment
    pop bp
    xor ax, ax                          ; AH = 0, CF clear
    retf 2                              ; the FLAGS of the INT are dropped: interrupts stay off

; pic_set_bases: both 8259s initialised again with BH (IRQ0-7) and BL (IRQ8-15) as their vector bases, all
; lines masked but the cascade.
pic_set_bases:
    mov al, 0x11                        ; ICW1: edge, cascade, ICW4 follows
    out PORT_PIC1_CMD, al
    out PORT_PIC2_CMD, al
    mov al, bh                          ; ICW2
    out PORT_PIC1_DATA, al
    mov al, bl
    out PORT_PIC2_DATA, al
    mov al, 0x04                        ; ICW3: the slave on IRQ2
    out PORT_PIC1_DATA, al
    mov al, 0x02
    out PORT_PIC2_DATA, al
    mov al, 0x01                        ; ICW4: 8086 mode
    out PORT_PIC1_DATA, al
    out PORT_PIC2_DATA, al
    mov al, 0xfb
    out PORT_PIC1_DATA, al
    mov al, 0xff
    out PORT_PIC2_DATA, al
    ret

; INT 15h E801h: KiB between 1 and 16 MiB (AX, CX) and 64 KiB blocks above 16 MiB (BX, DX).
int15_e801:
    push es
    mov ax, EBDA_SEG
    mov es, ax
    mov eax, [es:EBDA_RAM_SIZE]
    pop es
    mov edx, eax
    cmp eax, 16 << 20
    jbe .low
    mov eax, 16 << 20
.low:
    sub eax, 1 << 20
    shr eax, 10
    mov cx, ax
    xor bx, bx
    cmp edx, 16 << 20
    jbe .done
    sub edx, 16 << 20
    shr edx, 16
    mov bx, dx
.done:
    mov dx, bx
    mov ax, cx
    jmp iret_cf_clear

; INT 15h E820h: the memory map, one entry per call. EBX = continuation (0 first), ES:DI = buffer, ECX = size,
; EDX = 'SMAP'. Entries: base (qword), length (qword), type (dword: 1 usable, 2 reserved).
int15_e820:
    cmp edx, 0x534d4150
    jne .error
    cmp ecx, 20
    jb .error
    cmp ebx, E820_ENTRIES
    jae .error
    push ds
    push esi
    push eax
    mov ax, EBDA_SEG
    mov ds, ax
    mov esi, ebx
    imul esi, esi, 12
    add esi, e820_table
    mov eax, [cs:si]                    ; base
    mov [es:di], eax
    mov dword [es:di + 4], 0
    mov eax, [cs:si + 4]                ; length, or 0 for "RAM above 1 MiB"
    test eax, eax
    jnz .fixed
    mov eax, [EBDA_RAM_SIZE]
    sub eax, 0x100000
.fixed:
    mov [es:di + 8], eax
    mov dword [es:di + 12], 0
    mov eax, [cs:si + 8]
    mov [es:di + 16], eax
    pop eax
    pop esi
    pop ds
    inc ebx
    cmp ebx, E820_ENTRIES
    jb .more
    xor ebx, ebx                        ; last entry
.more:
    mov eax, 0x534d4150
    mov ecx, 20
    jmp iret_cf_clear
.error:
    mov ah, 0x86
    jmp iret_cf_set

e820_table:
    dd 0x00000000, 0x0009fc00, 1        ; conventional memory
    dd 0x0009fc00, 0x00000400, 2        ; EBDA
    dd 0x000e0000, 0x00020000, 2        ; BIOS
    dd 0x00100000, 0x00000000, 1        ; extended memory (length from the RAM size)
    dd 0xfec00000, 0x00001000, 2        ; I/O APIC
    dd 0xfee00000, 0x00001000, 2        ; local APIC
    dd 0xfffc0000, 0x00040000, 2        ; BIOS at the top of 4 GiB
E820_ENTRIES equ ($ - e820_table) / 12

; INT 15h 53h: APM 1.2, real-mode interface only; "off" powers the machine down through Bochs' port 8900h.
int15_apm:
    cmp al, 0x00
    je .check
    cmp al, 0x01
    je .ok
    cmp al, 0x04
    je .ok
    cmp al, 0x08
    je .ok
    cmp al, 0x0e
    je .version
    cmp al, 0x07
    je .set_state
    cmp al, 0x0a
    je .status
    mov ah, 0x86
    jmp iret_cf_set
.check:
    test bx, bx
    jnz .no_device
    mov ax, 0x0102
    mov bx, 0x504d                      ; "PM"
    mov cx, 0x0000
    jmp iret_cf_clear
.no_device:
    mov ah, 0x09
    jmp iret_cf_set
.ok:
    xor ah, ah
    jmp iret_cf_clear
.version:
    mov ax, 0x0102
    jmp iret_cf_clear
.status:
    mov bx, 0x01ff                      ; on line, battery status unknown
    mov cx, 0x0080
    xor ah, ah
    jmp iret_cf_clear
.set_state:
    cmp cx, 0x0003
    jne .ok
    mov si, shutdown_string
    mov dx, 0x8900
.out:
    mov al, [cs:si]
    test al, al
    jz .halt
    out dx, al
    inc si
    jmp .out
.halt:
    cli
    hlt
    jmp .halt

shutdown_string: db "Shutdown", 0

; INT 17h: the printer on LPT1.
int17_handler:
    push dx
    push ds
    push bx
    mov bx, BDA_SEG
    mov ds, bx
    cmp dx, 2                           ; LPT1-LPT3 only: the word after them (40:0Eh) is the EBDA segment
    ja .none
    mov bx, dx
    shl bx, 1
    mov dx, [BDA_LPT_BASE + bx]
    test dx, dx
    jz .none
    cmp ah, 0x00
    je .print
    cmp ah, 0x01
    je .init
.status:
    inc dx
    in al, dx
    and al, 0xf8
    xor al, 0x48                        ; ACK and error bits are active low
    mov ah, al
    jmp .done
.print:
    out dx, al
    add dx, 2
    mov al, 0x0d                        ; strobe
    out dx, al
    mov al, 0x0c
    out dx, al
    sub dx, 2
    jmp .status
.init:
    add dx, 2
    mov al, 0x08
    out dx, al
    mov al, 0x0c
    out dx, al
    sub dx, 2
    jmp .status
.none:
    mov ah, 0x01                        ; timeout
.done:
    pop bx
    pop ds
    pop dx
    iret

; PCI BIOS (INT 1Ah AH=B1h) through configuration mechanism #1.
pci_bios_16:
    cmp al, 0x01
    je .present
    cmp al, 0x02
    je .find_device
    cmp al, 0x03
    je .find_class
    cmp al, 0x08
    je .read_byte
    cmp al, 0x09
    je .read_word
    cmp al, 0x0a
    je .read_dword
    cmp al, 0x0b
    je .write_byte
    cmp al, 0x0c
    je .write_word
    cmp al, 0x0d
    je .write_dword
    mov ah, 0x81
    jmp iret_cf_set
.present:
    mov ax, 0x0001                      ; mechanism #1
    mov bx, 0x0210                      ; version 2.10
    xor cl, cl                          ; last bus 0
    mov edx, 0x20494350                 ; "PCI "
    jmp iret_cf_clear
.find_device:
    push eax
    push ecx
    push edi
    shl ecx, 16
    mov cx, dx                          ; ECX = device << 16 | vendor
    xor bx, bx
.fd_next:
    mov di, 0
    call pci_read_dword
    cmp eax, ecx
    jne .fd_skip
    test si, si
    jz .found
    dec si
.fd_skip:
    inc bl
    jnz .fd_next
    pop edi
    pop ecx
    pop eax
    mov ah, 0x86
    jmp iret_cf_set
.found:
    pop edi
    pop ecx
    pop eax
    xor ah, ah
    jmp iret_cf_clear
.find_class:
    push eax
    push ecx
    push edi
    and ecx, 0x00ffffff
    xor bx, bx
.fc_next:
    mov di, 0
    call pci_read_dword
    cmp ax, 0xffff
    je .fc_skip
    mov di, 8
    call pci_read_dword
    shr eax, 8
    cmp eax, ecx
    jne .fc_skip
    test si, si
    jz .found
    dec si
.fc_skip:
    inc bl
    jnz .fc_next
    pop edi
    pop ecx
    pop eax
    mov ah, 0x86
    jmp iret_cf_set
.read_byte:
    push eax
    call pci_read_dword
    push cx
    mov cx, di
    and cl, 3
    shl cl, 3
    shr eax, cl
    pop cx
    mov cl, al
    pop eax
    xor ah, ah
    jmp iret_cf_clear
.read_word:
    test di, 1
    jnz .bad_register
    push eax
    call pci_read_dword
    test di, 2
    jz .rw_low
    shr eax, 16
.rw_low:
    mov cx, ax
    pop eax
    xor ah, ah
    jmp iret_cf_clear
.read_dword:
    test di, 3
    jnz .bad_register
    push eax
    call pci_read_dword
    mov ecx, eax
    pop eax
    xor ah, ah
    jmp iret_cf_clear
.write_byte:
    push dx
    call pci_address
    mov dx, di
    and dx, 3
    add dx, 0xcfc
    mov al, cl
    out dx, al
    pop dx
    xor ah, ah
    jmp iret_cf_clear
.write_word:
    test di, 1
    jnz .bad_register
    push dx
    call pci_address
    mov dx, di
    and dx, 2
    add dx, 0xcfc
    mov ax, cx
    out dx, ax
    pop dx
    xor ah, ah
    jmp iret_cf_clear
.write_dword:
    test di, 3
    jnz .bad_register
    push dx
    call pci_address
    mov dx, 0xcfc
    mov eax, ecx
    out dx, eax
    pop dx
    xor ah, ah
    jmp iret_cf_clear
.bad_register:
    mov ah, 0x87
    jmp iret_cf_set

; pci_address: BH = bus, BL = device/function, DI = register -> CONFIG_ADDRESS written.
pci_address:
    push eax
    push ebx
    push dx
    movzx eax, bx                       ; bus << 8 | devfn
    shl eax, 8
    mov bx, di
    and bx, 0xfc
    or al, bl
    or eax, 0x80000000
    mov dx, 0xcf8
    out dx, eax
    pop dx
    pop ebx
    pop eax
    ret

; pci_read_dword: BX, DI as above -> EAX.
pci_read_dword:
    push dx
    call pci_address
    mov dx, 0xcfc
    in eax, dx
    pop dx
    ret
