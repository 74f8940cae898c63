; POST: from the reset vector to INT 19h.

post:
    cli
    cld
    POST_CODE 0x01
    xor ax, ax
    mov ss, ax
    mov sp, POST_STACK
    mov ds, ax
    mov es, ax
    call post_clear_low_memory
    POST_CODE 0x02
    call post_init_ivt
    call post_flat_fs
    call post_init_lapic
    call post_init_pic
    call post_init_pit
    POST_CODE 0x03
    call post_init_bda
    call post_detect_memory
    call pci_setup                      ; pci.asm: shadow RAM, PCI devices, interrupt routing
    POST_CODE 0x04
    call post_init_rtc
    call post_init_serial
    call kbd_init                       ; keyboard.asm
    POST_CODE 0x05
    sti
    call post_option_roms
    call bios_tables_setup              ; acpi.asm: ACPI, MP, SMBIOS tables; shadow made read-only
    mov ax, 0x0003                      ; text mode 03h, as SeaBIOS does: not every VGA BIOS sets a mode itself
    int 0x10
    call post_text_to_com1
    POST_CODE 0x06
    mov si, msg_banner
    call print_cstr
    call post_print_memory
    call disk_init                      ; disk.asm: floppies and ATA disks
    POST_CODE 0x07
    call post_read_boot_order
    int 0x19
    jmp $

msg_banner: db "x86pc BIOS", 13, 10, 0
msg_memory: db "Memory: ", 0
msg_kib: db " KiB", 13, 10, 0

; Zeroes the IVT, the BIOS data area and the EBDA (the rest of RAM is left as the hardware has it). The reset
; flag at 0040:0072 survives: 1234h there tells the boot code that this was a warm reboot (Ctrl-Alt-Del).
post_clear_low_memory:
    xor ax, ax
    mov es, ax
    push word [es:0x400 + BDA_RESET_FLAG]
    xor di, di
    mov cx, 0x500 / 2
    rep stosw
    pop word [es:0x400 + BDA_RESET_FLAG]
    mov ax, EBDA_SEG
    mov es, ax
    xor di, di
    xor ax, ax
    mov cx, EBDA_KB * 1024 / 2
    rep stosw
    mov byte [es:EBDA_SIZE_KB], EBDA_KB
    xor ax, ax
    mov es, ax
    ret

; "Unreal" FS: a flat 4 GiB data segment cached in FS while CS, DS, ES and SS stay real-mode segments, so POST
; can reach memory-mapped devices above 1 MiB (the local APIC) with 32-bit offsets.
post_flat_fs:
    lgdt [cs:post_gdt_ptr]
    mov eax, cr0
    or al, 1
    mov cr0, eax
    jmp .pm                             ; serialise
.pm:
    mov ax, 0x08
    mov fs, ax
    mov eax, cr0
    and al, ~1
    mov cr0, eax
    xor ax, ax
    mov fs, ax                          ; FS keeps its 4 GiB limit in the descriptor cache
    ret

align 8
post_gdt:
    dq 0
    dq 0x00cf93000000ffff               ; flat data, accessed already (the CPU cannot set the bit in ROM)
post_gdt_ptr:
    dw 15
    dd 0xf0000 + post_gdt

; Local APIC virtual-wire mode: LINT0 passes the 8259's INTR through (ExtINT), LINT1 is NMI, the APIC enabled.
; Without this, a P6 with its APIC on receives no PIC interrupts at all.
post_init_lapic:
    mov eax, 1
    cpuid
    test edx, 1 << 9
    jz .none
    mov esi, 0xfee00000
    mov dword [fs:esi + 0xf0], 0x1ff    ; spurious vector FFh, APIC software-enabled
    mov dword [fs:esi + 0x350], 0x700   ; LINT0: ExtINT
    mov dword [fs:esi + 0x360], 0x400   ; LINT1: NMI
.none:
    ret

; 8259A pair: vectors 08h-0Fh and 70h-77h, IRQ2 cascade; only the lines the BIOS serves are unmasked.
post_init_pic:
    mov al, 0x11                        ; ICW1: edge, cascade, ICW4 follows
    out PORT_PIC1_CMD, al
    out PORT_PIC2_CMD, al
    mov al, 0x08
    out PORT_PIC1_DATA, al              ; ICW2
    mov al, 0x70
    out PORT_PIC2_DATA, al
    mov al, 0x04
    out PORT_PIC1_DATA, al              ; ICW3: slave on IRQ2
    mov al, 0x02
    out PORT_PIC2_DATA, al
    mov al, 0x01
    out PORT_PIC1_DATA, al              ; ICW4: 8086 mode
    out PORT_PIC2_DATA, al
    mov al, 0xb8                        ; IRQ0 timer, 1 keyboard, 2 cascade, 6 floppy
    out PORT_PIC1_DATA, al
    mov al, 0x8e                        ; IRQ8 RTC, 12 mouse, 13 FPU, 14 IDE
    out PORT_PIC2_DATA, al
    ret

; PIT counter 0: mode 3 with the full count, the 18.2 Hz BIOS tick.
post_init_pit:
    mov al, 0x36
    out PORT_PIT_CMD, al
    xor al, al
    out PORT_PIT_CH0, al
    out PORT_PIT_CH0, al
    ret

post_init_bda:
    push ds
    mov ax, BDA_SEG
    mov ds, ax
    mov word [BDA_EBDA_SEG], EBDA_SEG
    mov word [BDA_MEM_KB], CONV_KB
    mov word [BDA_KBD_HEAD], BDA_KBD_BUF
    mov word [BDA_KBD_TAIL], BDA_KBD_BUF
    mov word [BDA_KBD_START], BDA_KBD_BUF
    mov word [BDA_KBD_END], BDA_KBD_BUF + 32
    ; Equipment: 80x25 colour video; floppies set in disk_init, serial and parallel ports in post_init_serial.
    mov word [BDA_EQUIPMENT], 0x0024      ; bit 2: a PS/2 pointing device (INT 15h C2h, mouse.asm)
%define BDA_FPU_PROBE 0xf0                ; the intra-application area (4F0h), free during POST
    ; Bit 1, math coprocessor: an x87 answers FNINIT/FNSTSW with a zero status word (the CPU has one, so INT 11h
    ; must say so; tests/bios/services.asm checks it).
    fninit
    mov word [BDA_FPU_PROBE], 0x5a5a
    fnstsw [BDA_FPU_PROBE]
    cmp word [BDA_FPU_PROBE], 0
    jne .no_fpu
    or word [BDA_EQUIPMENT], 0x0002
.no_fpu:
    mov word [BDA_FPU_PROBE], 0
    pop ds
    ret

; RAM size from fw_cfg, else from CMOS (34h/35h: 64 KiB units above 16 MiB; 30h/31h: KiB above 1 MiB).
post_detect_memory:
    push es
    mov ax, EBDA_SEG
    mov es, ax
    call fwcfg_present
    jne .cmos
    mov ax, FWCFG_RAM_SIZE
    call fwcfg_select
    call fwcfg_read_dword
    jmp .store
.cmos:
    mov al, 0x35
    call cmos_read
    mov ah, al
    mov al, 0x34
    call cmos_read
    test ax, ax
    jz .small
    movzx eax, ax
    shl eax, 16
    add eax, 16 << 20
    jmp .store
.small:
    mov al, 0x31
    call cmos_read
    mov ah, al
    mov al, 0x30
    call cmos_read
    movzx eax, ax
    shl eax, 10
    add eax, 1 << 20
.store:
    mov [es:EBDA_RAM_SIZE], eax
    pop es
    ret

post_print_memory:
    push es
    mov si, msg_memory
    call print_cstr
    mov ax, EBDA_SEG
    mov es, ax
    mov eax, [es:EBDA_RAM_SIZE]
    shr eax, 10
    call print_dec32
    mov si, msg_kib
    call print_cstr
    pop es
    ret

; RTC: 24-hour BCD mode, no interrupts until someone asks (INT 1Ah / INT 15h 83h).
post_init_rtc:
    mov ax, 0x260a                      ; register A: 32.768 kHz divider, 1024 Hz rate
    call cmos_write
    mov ax, 0x020b                      ; register B: 24-hour, BCD, no interrupts
    call cmos_write
    mov al, 0x0c
    call cmos_read                      ; clear pending flags
    ; The BDA tick count starts at the RTC's time of day, as on IBM's AT BIOS: DOS and many programs take the
    ; time from INT 1Ah AH=00h (tests/bios/services.asm checks it). Ticks = seconds * 1573040 / 86400, that is
    ; seconds * 19663 / 1080 (at most 86399 * 19663, within 32 bits).
    call rtc_wait_update
    mov al, 0x04
    call post_cmos_bcd
    imul ebx, eax, 60
    mov al, 0x02
    call post_cmos_bcd
    add ebx, eax
    imul ebx, ebx, 60
    mov al, 0x00
    call post_cmos_bcd
    add eax, ebx
    imul eax, eax, 19663
    xor edx, edx
    mov ecx, 1080
    div ecx
    push ds
    mov bx, BDA_SEG
    mov ds, bx
    mov [BDA_TIMER_COUNT], eax
    mov byte [BDA_TIMER_ROLLOVER], 0
    pop ds
    ret

; post_cmos_bcd: AL = CMOS index of a BCD field -> EAX = its binary value (EDX clobbered)
post_cmos_bcd:
    call cmos_read
    movzx eax, al
    mov edx, eax
    shr eax, 4
    imul eax, eax, 10
    and edx, 0x0f
    add eax, edx
    ret

; COM1-COM4 and LPT1 base addresses where a UART or port answers.
post_init_serial:
    push ds
    mov ax, BDA_SEG
    mov ds, ax
    xor bx, bx
    mov si, com_ports
.next:
    mov dx, [cs:si]
    test dx, dx
    jz .lpt
    add dx, 7                           ; scratch register
    mov al, 0x5a
    out dx, al
    in al, dx
    cmp al, 0x5a
    jne .skip
    mov dx, [cs:si]
    mov [BDA_COM_BASE + bx], dx
    add bx, 2
    add dx, 3
    mov al, 0x83                        ; DLAB: divisor 1 = 115200 baud for the console mirror
    out dx, al
    sub dx, 3
    mov al, 1
    out dx, al
    inc dx
    xor al, al
    out dx, al
    add dx, 2
    mov al, 0x03                        ; 8N1
    out dx, al
.skip:
    add si, 2
    jmp .next
.lpt:
    shr bx, 1
    shl bx, 9                           ; equipment bits 9-11: number of serial ports
    or [BDA_EQUIPMENT], bx
    mov dx, 0x378
    mov al, 0xa5
    out dx, al
    in al, dx
    cmp al, 0xa5
    jne .done
    mov word [BDA_LPT_BASE], 0x378
    or word [BDA_EQUIPMENT], 0x4000      ; one parallel port
.done:
    mov word [BDA_COM_TIMEOUT], 0x0101
    mov word [BDA_COM_TIMEOUT + 2], 0x0101
    mov byte [BDA_LPT_TIMEOUT], 0x14
    pop ds
    ret

com_ports: dw 0x3f8, 0x2f8, 0x3e8, 0x2e8, 0

; Option ROMs: every 2 KiB from C0000 to EFFFF, a 55AA signature, a length byte (512-byte units) and a zero
; checksum; the entry point is at offset 3. The VGA BIOS at C0000 is found first.
post_option_roms:
    mov bx, 0xc000
.scan:
    mov es, bx
    cmp word [es:0], 0xaa55
    jne .advance
    movzx cx, byte [es:2]
    test cx, cx
    jz .advance
    shl cx, 9
    xor si, si
    xor al, al
.sum:
    add al, [es:si]
    inc si
    loop .sum
    test al, al
    jnz .advance
    push bx
    push ds
    xor ax, ax
    mov ds, ax
    push cs                             ; far call to BX:0003 through the stack (the ROM cannot hold a pointer)
    push word .returned
    push bx
    push word 3
    retf
.returned:
    pop ds
    pop bx
    cmp bx, 0xc000
    jne .sized
    push ds
    mov ax, BDA_SEG
    mov ds, ax
    mov byte [BDA_VIDEO_READY], 1
    pop ds
.sized:
    mov es, bx
    movzx ax, byte [es:2]
    shl ax, 5                           ; 512-byte units to paragraphs
    add ax, 0x7f
    and ax, ~0x7f                       ; round up to 2 KiB
    add bx, ax
    jmp .check
.advance:
    add bx, 0x80
.check:
    cmp bx, 0xf000
    jb .scan
    xor ax, ax
    mov es, ax
    ret

; Without a display (fw_cfg item 05h = 1) the INT 10h teletype output also goes to COM1: INT 10h is hooked in
; front of the VGA BIOS, whose handler moves to vector 6Dh (where VGA BIOSes traditionally keep it).
post_text_to_com1:
    mov ax, 0x05
    call fwcfg_select
    mov dx, PORT_FWCFG_DATA
    in al, dx
    cmp al, 1                           ; (without fw_cfg the port reads FFh)
    jne .done
    push es
    xor ax, ax
    mov es, ax
    mov eax, [es:0x10 * 4]
    mov [es:0x6d * 4], eax
    mov word [es:0x10 * 4], int10_text_to_com1
    mov word [es:0x10 * 4 + 2], 0xf000
    pop es
.done:
    ret

; INT 10h while mirroring: teletype characters to COM1 (except the BIOS's own, which print_char sends there
; already), then on to the VGA BIOS through vector 6Dh with the caller's frame untouched.
int10_text_to_com1:
    cmp ah, 0x0e
    jne .chain
    push bp
    mov bp, sp
    cmp word [bp + 4], 0xf000           ; the caller's CS
    pop bp
    je .chain
    call serial_putc
.chain:
    push ax                             ; room for the far address
    push ax
    push bp
    mov bp, sp
    push ds
    push ax
    xor ax, ax
    mov ds, ax
    mov ax, [0x6d * 4]
    mov [bp + 2], ax
    mov ax, [0x6d * 4 + 2]
    mov [bp + 4], ax
    pop ax
    pop ds
    pop bp
    retf

; The boot order string: fw_cfg, else CMOS 3Dh/38h as Bochs and QEMU store it, else "ac".
post_read_boot_order:
    push es
    mov ax, EBDA_SEG
    mov es, ax
    mov di, EBDA_BOOT_ORDER
    call fwcfg_present
    jne .cmos
    mov ax, FWCFG_BOOT_ORDER
    call fwcfg_select
    mov cx, 7
    mov dx, PORT_FWCFG_DATA
.copy:
    in al, dx
    stosb
    test al, al
    jz .check
    loop .copy
    mov byte [es:di], 0
.check:
    cmp byte [es:EBDA_BOOT_ORDER], 0
    jne .done
    mov di, EBDA_BOOT_ORDER
.cmos:
    ; CMOS 3Dh: first (low nibble) and second boot device; 38h bits 4-7: third. 1 = floppy, 2 = disk, 3 = CD.
    mov al, 0x3d
    call cmos_read
    mov bl, al
    mov al, 0x38
    call cmos_read
    mov bh, al
    shr bh, 4                           ; third device: 38h bits 4-7 land in BX bits 8-11
    mov cx, 3
.dev:
    mov al, bl
    and al, 0x0f
    jz .next
    cmp al, 3
    ja .next
    push bx
    movzx bx, al
    mov al, [cs:boot_letters + bx]
    pop bx
    stosb
.next:
    shr bx, 4
    loop .dev
    mov byte [es:di], 0
    cmp byte [es:EBDA_BOOT_ORDER], 0
    jne .done
    mov dword [es:EBDA_BOOT_ORDER], 'ac'
.done:
    pop es
    ret

boot_letters: db 0, 'a', 'c', 'd'
