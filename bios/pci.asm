; PCI at POST: shadow RAM through the i440FX PAM registers, bus 0 enumeration with BAR assignment and interrupt
; routing, the PIIX3/PIIX4 set-up an ACPI OS expects; and the tables and entry points the PCI BIOS specification
; defines beyond INT 1Ah B1xxh (system.asm): the BIOS32 service directory with the 32-bit PCI BIOS, and the $PIR
; interrupt routing table.
;
; The machine (devices/pci.h, piix3.h, acpi_pm.h): INTx# of slot S, pin P (1-4) is PIRQ (S - 1 + P - 1) mod 4;
; POST routes PIRQA-D to IRQ 10, 10, 11, 11 (as SeaBIOS does on QEMU) and makes IRQ 9 (the SCI), 10 and 11
; level-triggered in the ELCR. The DSDT's _PRT (acpi.asm), the MP table (mptable.asm) and $PIR below describe the
; same routing, so they must change together with PCI_PIRQ_ROUTE.

%define PCI_IO_BASE         0xc000          ; I/O BARs are assigned upwards from here
%define PCI_MEM_BASE        0xe0000000      ; memory BARs: the PCI hole above the largest RAM (3.5 GiB) ...
%define PCI_MEM_LIMIT       0xfec00000      ; ... up to the I/O APIC
%define PCI_PIRQ_ROUTE      0x0b0b0a0a      ; PIIX3 PIRQRC[A:D] (60h-63h): IRQ 10, 10, 11, 11
%define PCI_ELCR2           0x0e            ; 4D1h: IRQ 9, 10, 11 level-triggered
%define ACPI_PM_BASE        0x600           ; PIIX4 PMBA: the FADT's PM1a_EVT_BLK and the rest follow
%define PCI_ID_I440FX       0x12378086
%define PCI_ID_PIIX3_ISA    0x70008086
%define PCI_ID_PIIX3_IDE    0x70108086
%define PCI_ID_PIIX4_PM     0x71138086

; ---- configuration mechanism #1 (bus 0; BL = device/function, DI = register) ----

; pcicfg_address: writes CONFIG_ADDRESS for BL, DI.
pcicfg_address:
    push eax
    push dx
    movzx eax, bl
    shl eax, 8
    push di
    and di, 0xfc
    or ax, di
    pop di
    or eax, 0x80000000
    mov dx, 0xcf8
    out dx, eax
    pop dx
    pop eax
    ret

; pcicfg_read32: -> EAX
pcicfg_read32:
    push dx
    call pcicfg_address
    mov dx, 0xcfc
    in eax, dx
    pop dx
    ret

; pcicfg_read8: -> AL (the byte at DI)
pcicfg_read8:
    push dx
    call pcicfg_address
    mov dx, di
    and dx, 3
    add dx, 0xcfc
    in al, dx
    pop dx
    ret

; pcicfg_write32: ECX -> register DI
pcicfg_write32:
    push eax
    push dx
    call pcicfg_address
    mov dx, 0xcfc
    mov eax, ecx
    out dx, eax
    pop dx
    pop eax
    ret

; pcicfg_write16: CX -> register DI (even)
pcicfg_write16:
    push ax
    push dx
    call pcicfg_address
    mov dx, di
    and dx, 2
    add dx, 0xcfc
    mov ax, cx
    out dx, ax
    pop dx
    pop ax
    ret

; pcicfg_write8: CL -> register DI
pcicfg_write8:
    push ax
    push dx
    call pcicfg_address
    mov dx, di
    and dx, 3
    add dx, 0xcfc
    mov al, cl
    out dx, al
    pop dx
    pop ax
    ret

; ---- POST ----

; pci_setup: everything above, when the i440FX host bridge is there (ZF set on return if it is not).
pci_setup:
    push bx
    push di
    xor bx, bx
    xor di, di
    call pcicfg_read32
    cmp eax, PCI_ID_I440FX
    jne .done
    call pci_shadow_bios
    call pci_enumerate
    or al, 1                            ; ZF clear: PCI is there
.done:
    pop di
    pop bx
    ret

; Copies the ROM contents of 32 KiB (CX = 2000h dwords) or 64 KiB (CX = 4000h) at segment AX onto the RAM
; underneath, which the PAM register has made the write target while reads still come from the ROM.
pci_shadow_copy:
    push ds
    push es
    push si
    push di
    mov ds, ax
    mov es, ax
    xor si, si
    xor di, di
    cld
    rep movsd
    pop di
    pop si
    pop es
    pop ds
    ret

; Shadow RAM for C0000-FFFFF: each PAM area is first "write RAM, read ROM" while its contents are copied onto
; themselves, then read/write RAM. The code keeps running in F000 across the switch: the copy is identical.
pci_shadow_bios:
    push ax
    push cx
    push di
    xor bx, bx
    mov di, 0x5a                        ; PAM1-PAM6: C0000-EFFFF, 32 KiB each
    mov ax, 0xc000
.area:
    mov cl, 0x22
    call pcicfg_write8
    push cx
    mov cx, 0x2000
    call pci_shadow_copy
    pop cx
    mov cl, 0x33
    call pcicfg_write8
    add ax, 0x800
    inc di
    cmp di, 0x60
    jb .area
    mov di, 0x59                        ; PAM0 high nibble: F0000-FFFFF
    mov cl, 0x20
    call pcicfg_write8
    mov ax, 0xf000
    mov cx, 0x4000
    call pci_shadow_copy
    mov cl, 0x30
    call pcicfg_write8
    pop di
    pop cx
    pop ax
    ret

; pci_shadow_lock: at the end of POST the BIOS (and the VGA BIOS, if there is one) become read-only; the rest of
; C8000-EFFFF stays read/write RAM for upper memory blocks.
pci_shadow_lock:
    push ax
    push bx
    push cx
    push di
    push es
    xor bx, bx
    mov di, 0x59
    call pcicfg_read32
    cmp eax, 0xffffffff
    je .done
    mov cl, 0x10
    call pcicfg_write8
    mov ax, 0xc000
    mov es, ax
    cmp word [es:0], 0xaa55
    jne .done
    mov di, 0x5a
    mov cl, 0x11
    call pcicfg_write8
.done:
    pop es
    pop di
    pop cx
    pop bx
    pop ax
    ret

; pci_enumerate: every function on bus 0 gets its BARs (I/O from PCI_IO_BASE, memory from PCI_MEM_BASE, each
; aligned to its size), its interrupt line, decoding and bus mastering enabled, and the chipset functions their
; set-up. Frame: [bp-4] the next free memory address, [bp-6] the next free I/O port.
pci_enumerate:
    pushad
    push bp
    mov bp, sp
    sub sp, 8
    mov dword [bp - 4], PCI_MEM_BASE
    mov word [bp - 6], PCI_IO_BASE
    xor bx, bx
.function:
    xor di, di
    call pcicfg_read32
    cmp ax, 0xffff
    je .absent
    mov di, 0x0e
    call pcicfg_read8
    test al, 0x7f
    jnz .enabled                        ; only ordinary (header type 0) functions are set up
    call pci_assign_bars
    call pci_route_interrupt
    call pci_chipset_function
    mov di, 0x04
    call pcicfg_read32
    or al, 0x07                         ; I/O, memory, bus master
    mov cx, ax
    call pcicfg_write16
.enabled:
    test bl, 7
    jnz .next
    mov di, 0x0e
    call pcicfg_read8
    test al, 0x80
    jnz .next                           ; multi-function: look at functions 1-7
.absent:
    test bl, 7
    jnz .next
    or bl, 7                            ; no function 0, or a single-function device: next device
.next:
    inc bl
    jnz .function
    mov sp, bp
    pop bp
    popad
    ret

; pci_assign_bars: BL = device/function, in pci_enumerate's frame.
pci_assign_bars:
    mov di, 0x10
.bar:
    mov ecx, 0xffffffff
    call pcicfg_write32
    call pcicfg_read32                  ; the size mask
    mov edx, eax
    xor ecx, ecx
    test eax, eax
    jz .write                           ; not implemented
    test al, 1
    jnz .io
    and eax, 0xfffffff0
    neg eax                             ; EAX = size
    mov ecx, [bp - 4]
    call pci_align_up
    mov esi, ecx
    add esi, eax
    jc .no_room
    cmp esi, PCI_MEM_LIMIT
    ja .no_room
    mov [bp - 4], esi
    call pcicfg_write32
    and dl, 6
    cmp dl, 4
    jne .next                           ; a 64-bit BAR: its upper half is zero
    add di, 4
    xor ecx, ecx
    jmp .write
.io:
    and eax, 0xfffffffc
    or eax, 0xffff0000                  ; devices that decode 16 address bits leave the upper half zero
    neg eax
    movzx ecx, word [bp - 6]
    call pci_align_up
    mov esi, ecx
    add esi, eax
    cmp esi, 0x10000
    ja .no_room
    mov [bp - 6], si
    jmp .write
.no_room:
    xor ecx, ecx
.write:
    call pcicfg_write32
.next:
    add di, 4
    cmp di, 0x28
    jb .bar
    ret

; pci_align_up: ECX rounded up to a multiple of EAX (a power of two).
pci_align_up:
    push eax
    dec eax
    add ecx, eax
    not eax
    and ecx, eax
    pop eax
    ret

; pci_route_interrupt: the interrupt line register of BL from its pin and the PIRQ routing.
pci_route_interrupt:
    mov di, 0x3d
    call pcicfg_read8
    test al, al
    jz .done
    cmp al, 4
    ja .done
    mov ah, bl
    shr ah, 3
    add al, ah
    add al, 2
    and al, 3                           ; PIRQ = (slot - 1 + pin - 1) mod 4
    movzx si, al
    mov cl, [cs:pci_pirq_irq + si]
    mov di, 0x3c
    call pcicfg_write8
.done:
    ret

pci_pirq_irq: db 10, 10, 11, 11         ; must match PCI_PIRQ_ROUTE

; pci_chipset_function: the PIIX3 and PIIX4 functions' own registers; EAX is free, BL the function.
pci_chipset_function:
    xor di, di
    call pcicfg_read32
    cmp eax, PCI_ID_PIIX3_ISA
    je .isa
    cmp eax, PCI_ID_PIIX3_IDE
    je .ide
    cmp eax, PCI_ID_PIIX4_PM
    je .pm
    ret
.isa:
    mov di, 0x60
    mov ecx, PCI_PIRQ_ROUTE
    call pcicfg_write32
    mov dx, 0x4d1
    mov al, PCI_ELCR2
    out dx, al
    ret
.ide:
    mov di, 0x40
    mov ecx, 0x80008000                 ; IDETIM: both channels' decode enabled
    jmp pcicfg_write32
.pm:
    mov di, 0x3c
    mov cl, 9                           ; the SCI is IRQ 9, not a PIRQ
    call pcicfg_write8
    mov di, 0x40
    mov ecx, ACPI_PM_BASE | 1
    call pcicfg_write32
    mov di, 0x80
    mov cl, 1                           ; PMREGMISC: the power management I/O space on
    jmp pcicfg_write8

; pci_tables_setup: the checksums of the $PIR table and the BIOS32 directory (ES = F000h, shadow RAM writable).
pci_tables_setup:
    push bx
    push cx
    push si
    mov si, pir_table
    mov cx, pir_end - pir_table
    mov bx, 31
    call checksum_fix
    mov si, bios32_directory
    mov cx, 16
    mov bx, 10
    call checksum_fix
    pop si
    pop cx
    pop bx
    ret

; ---- the BIOS32 service directory and the 32-bit PCI BIOS ----
; Both are called with a 32-bit far call from 32-bit protected mode, the directory through the physical address in
; its header (flat CS), the PCI BIOS at EBX + EDX as the directory returned them (a CS based at F0000h or flat):
; the code below uses no absolute addresses.

align 16
bios32_directory:
    db "_32_"
    dd 0xf0000 + bios32_entry           ; physical entry point
    db 0                                ; revision
    db 1                                ; length in paragraphs
    db 0                                ; checksum (POST)
    times 5 db 0

bits 32

; EAX = service identifier, EBX = 0 (function: look up) -> AL = 0 and EBX = base, ECX = length, EDX = entry
; offset from the base; AL = 80h for an unknown service.
bios32_entry:
    cmp eax, 0x49435024                 ; "$PCI"
    jne .unknown
    mov ebx, 0xf0000
    mov ecx, 0x10000
    mov edx, pci32_entry
    xor al, al
    retf
.unknown:
    mov al, 0x80
    retf

; The 32-bit PCI BIOS: AX = B1xxh with the registers of INT 1Ah B1xxh; AH = status, CF set on error.
pci32_entry:
    cmp ah, 0xb1
    jne .unsupported
    cmp al, 0x01
    je .present
    cmp al, 0x02
    je .find_device
    cmp al, 0x03
    je .find_class
    cmp al, 0x08
    jb .unsupported
    cmp al, 0x0d
    jbe .config
.unsupported:
    mov ah, 0x81
    stc
    retf
.present:
    mov edx, 0x20494350                 ; "PCI "
    mov ax, 0x0001                      ; mechanism #1
    mov bx, 0x0210                      ; version 2.10
    xor cl, cl                          ; last bus
    clc
    retf
.find_device:
    push eax
    push ecx
    shl ecx, 16
    mov cx, dx                          ; device << 16 | vendor
    xor al, al
    call pci32_find
    pop ecx
    pop eax
    jmp .found_or_not
.find_class:
    push eax
    push ecx
    and ecx, 0x00ffffff
    mov al, 1
    call pci32_find
    pop ecx
    pop eax
.found_or_not:
    mov ah, 0
    jnc .ok
    mov ah, 0x86                        ; device not found
    stc
    retf
.ok:
    retf
.config:
    call pci32_config
    retf

; pci32_find: AL = 0: ECX = device << 16 | vendor; AL = 1: ECX = class code. SI = index -> BX = bus 0 / devfn,
; CF clear; CF set when there is no such function.
pci32_find:
    push eax
    push edx
    push esi
    push edi
    mov dl, al
    xor ebx, ebx
.next:
    xor edi, edi
    call pci32_read
    cmp ax, 0xffff
    je .skip
    test dl, dl
    jz .compare
    mov edi, 8
    call pci32_read
    shr eax, 8
.compare:
    cmp eax, ecx
    jne .skip
    test si, si
    jz .found
    dec si
.skip:
    inc bl
    jnz .next
    stc
    jmp .out
.found:
    clc
.out:
    pop edi
    pop esi
    pop edx
    pop eax
    ret

; pci32_read: BL = devfn, DI = register -> EAX (the dword)
pci32_read:
    push edx
    call pci32_address
    mov dx, 0xcfc
    in eax, dx
    pop edx
    ret

; pci32_address: CONFIG_ADDRESS for BX (bus/devfn) and DI.
pci32_address:
    push eax
    push edx
    movzx eax, bx
    shl eax, 8
    movzx edx, di
    and edx, 0xfc
    or eax, edx
    or eax, 0x80000000
    mov dx, 0xcf8
    out dx, eax
    pop edx
    pop eax
    ret

; pci32_config: AL = 08h-0Dh (read/write byte, word, dword), BX, DI, ECX as for INT 1Ah.
pci32_config:
    push edx
    mov dl, al
    cmp dl, 0x09
    je .check_word
    cmp dl, 0x0c
    je .check_word
    cmp dl, 0x0a
    je .check_dword
    cmp dl, 0x0d
    je .check_dword
    jmp .access
.check_word:
    test di, 1
    jnz .bad
    jmp .access
.check_dword:
    test di, 3
    jnz .bad
.access:
    call pci32_address
    push eax
    mov ax, di
    and ax, 3
    mov dx, 0xcfc
    add dx, ax
    pop eax
    cmp al, 0x08
    je .rb
    cmp al, 0x09
    je .rw
    cmp al, 0x0a
    je .rd
    cmp al, 0x0b
    je .wb
    cmp al, 0x0c
    je .ww
    mov eax, ecx
    out dx, eax
    jmp .ok
.rb:
    in al, dx
    mov cl, al
    jmp .ok
.rw:
    in ax, dx
    mov cx, ax
    jmp .ok
.rd:
    in eax, dx
    mov ecx, eax
    jmp .ok
.wb:
    mov al, cl
    out dx, al
    jmp .ok
.ww:
    mov ax, cx
    out dx, ax
.ok:
    pop edx
    mov ah, 0
    clc
    ret
.bad:
    pop edx
    mov ah, 0x87                        ; bad register number
    stc
    ret

bits 16

; ---- the PCI IRQ routing table ($PIR, PCI IRQ Routing Table Specification 1.0) ----
; One entry per slot: each pin's link is the PIIX3 PIRQRC register of its PIRQ (60h-63h), the IRQs the router can
; give it are 5, 10 and 11 (the DSDT's choice as well).

align 16
pir_table:
    db "$PIR"
    dw 0x0100                           ; version 1.0
    dw pir_end - pir_table
    db 0, 0x08                          ; the router: bus 0, 01.0
    dw 0x0000                           ; IRQs reserved for PCI
    dd PCI_ID_PIIX3_ISA                 ; a compatible router
    dd 0
    times 11 db 0
    db 0                                ; checksum (POST)
%assign pir_slot 1
%rep 31
    db 0, pir_slot << 3
%assign pir_pin 0
%rep 4
    db 0x60 + ((pir_slot - 1 + pir_pin) & 3)
    dw 0x0c20
%assign pir_pin pir_pin + 1
%endrep
    db pir_slot, 0
%assign pir_slot pir_slot + 1
%endrep
pir_end:
