; The Intel MultiProcessor Specification 1.4 tables: the floating pointer (in the F segment, 16-byte aligned) and
; the configuration table, built at POST in F-segment shadow RAM from what enumeration left in PCI config space.
;
; Entries: the processor (signature and features from CPUID), bus 0 PCI and bus 1 ISA, I/O APIC 1 at FEC00000h,
; one I/O interrupt entry per PCI function with an interrupt pin (source IRQ = device << 2 | pin, on the I/O APIC
; input of its routed IRQ; PCI polarity and trigger), one per ISA IRQ except IRQ 2 and those PCI uses (IRQ 0 on
; input 2, the others on their own number), and the local interrupts: ExtINT (the 8259) on LINT0 and NMI on
; LINT1 of every local APIC. Feature byte 2 bit 7 clear: virtual wire mode, no IMCR.

%define MP_CONFIG_SIZE      1024
%define MP_LOCAL_ROOM       (15 * 8 + 16)   ; room kept for the ISA and local entries

align 16
mp_floating:
    db "_MP_"
    dd 0xf0000 + mp_config
    db 1                                ; length in paragraphs
    db 4                                ; specification 1.4
    db 0                                ; checksum (POST)
    db 0                                ; feature 1: the configuration table is present
    db 0                                ; feature 2: virtual wire mode
    db 0, 0, 0

mp_config:
    db "PCMP"
    dw 0                                ; base table length (POST)
    db 4                                ; specification 1.4
    db 0                                ; checksum (POST)
    db "X86PC   "                       ; OEM ID
    db "x86pc i440FX"                   ; product ID
    dd 0                                ; no OEM table
    dw 0
    dw 0                                ; entry count (POST)
    dd 0xfee00000                       ; local APIC address
    dw 0                                ; no extended table
    db 0, 0
mp_entries:
    times MP_CONFIG_SIZE - (mp_entries - mp_config) db 0
mp_config_end:

mp_fixed_entries:
    db 1, 0, "PCI   "                   ; bus 0
    db 1, 1, "ISA   "                   ; bus 1
    db 2, 1, 0x11, 1                    ; I/O APIC 1, version 11h, enabled ...
    dd 0xfec00000                       ; ... at FEC00000h
mp_fixed_end:
mp_local_entries:
    db 4, 3, 0, 0, 1, 0, 0xff, 0        ; ExtINT from ISA IRQ 0 to LINT0 of every local APIC
    db 4, 1, 0, 0, 1, 0, 0xff, 1        ; NMI to LINT1
mp_local_end:

; mp_emit: CX bytes from CS:AX to ES:SI (SI advances).
mp_emit:
    push ax
    push bx
    mov bx, ax
.copy:
    mov al, [cs:bx]
    mov [es:si], al
    inc bx
    inc si
    loop .copy
    pop bx
    pop ax
    ret

; mp_interrupt_entry: an I/O interrupt entry at ES:SI: AL = source bus, AH = source IRQ, CL = I/O APIC input.
mp_interrupt_entry:
    mov dword [es:si], 0x00000003       ; I/O interrupt, vectored, conforming polarity and trigger
    mov [es:si + 4], ax
    mov byte [es:si + 6], 1             ; I/O APIC 1
    mov [es:si + 7], cl
    add si, 8
    inc bp
    ret

; mp_pci_interrupts: entries for the PCI functions with an interrupt pin; DX = the IRQs they use.
mp_pci_interrupts:
    xor dx, dx
    xor bx, bx
.function:
    cmp si, mp_config_end - MP_LOCAL_ROOM
    jae .done
    xor di, di
    call pcicfg_read32
    cmp ax, 0xffff
    je .next
    cmp eax, PCI_ID_PIIX4_PM
    je .next                            ; its line is the SCI, not a PIRQ
    mov di, 0x3d
    call pcicfg_read8
    mov ah, al                          ; pin
    mov di, 0x3c
    call pcicfg_read8                   ; the routed IRQ
    test ah, ah
    jz .next
    cmp ah, 4
    ja .next
    cmp al, 15
    ja .next
    mov cl, al
    push cx
    mov cl, al
    mov ax, 1
    shl ax, cl
    or dx, ax
    pop cx
    mov ah, bl
    and ah, 0xf8
    shr ah, 1                           ; device << 2
    push bx
    mov di, 0x3d
    call pcicfg_read8
    pop bx
    dec al
    or ah, al                           ; | pin - 1
    xor al, al                          ; bus 0
    call mp_interrupt_entry
.next:
    inc bl
    jnz .function
.done:
    ret

; mp_isa_interrupts: ISA IRQs 0-15 but 2 and those in DX (taken by PCI).
mp_isa_interrupts:
    xor cx, cx
.irq:
    cmp cl, 2
    je .next
    bt dx, cx
    jc .next
    mov al, 1                           ; bus 1 (ISA)
    mov ah, cl
    push cx
    test cl, cl
    jnz .same
    mov cl, 2                           ; IRQ 0: input 2
.same:
    call mp_interrupt_entry
    pop cx
.next:
    inc cx
    cmp cx, 16
    jb .irq
    ret

mptable_setup:
    pushad
    push bp
    mov eax, 1
    cpuid
    mov si, mp_entries
    mov byte [es:si], 0                 ; processor ...
    mov byte [es:si + 1], 0             ; ... local APIC 0 ...
    mov byte [es:si + 2], 0x14          ; ... version 14h ...
    mov byte [es:si + 3], 3             ; ... enabled, the bootstrap processor
    mov [es:si + 4], eax                ; signature
    mov [es:si + 8], edx                ; features
    xor eax, eax
    mov [es:si + 12], eax
    mov [es:si + 16], eax
    add si, 20
    mov ax, mp_fixed_entries
    mov cx, mp_fixed_end - mp_fixed_entries
    call mp_emit
    mov bp, 4                           ; processor, two buses, the I/O APIC
    call mp_pci_interrupts
    call mp_isa_interrupts
    mov ax, mp_local_entries
    mov cx, mp_local_end - mp_local_entries
    call mp_emit
    add bp, 2
    mov [es:mp_config + 34], bp
    mov cx, si
    sub cx, mp_config
    mov [es:mp_config + 4], cx
    mov si, mp_config
    mov bx, 7
    call checksum_fix
    mov si, mp_floating
    mov cx, 16
    mov bx, 10
    call checksum_fix
    pop bp
    popad
    ret
