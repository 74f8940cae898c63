; The i440FX/PIIX3/PIIX4 chipset, the local APIC and the I/O APIC as firmware drives them, checked against QEMU's
; "pc" machine (tests/guest/qemu-expect chipset_pci): PCI identities and reset values, BAR sizing and decoding,
; PAM shadow RAM, SMRAM's D_OPEN, the ELCR, the ACPI PM block (PMBA, PM timer, ACPI enable through SMI_CMD), the
; local APIC timer's interrupts, the PIT's IRQ 0 through I/O APIC input 2, and finally ACPI soft-off (SLP_TYP 0 +
; SLP_EN), which ends the run with exit status 0.
%include "tests/guest/lib.inc"

%define COUNT 0x500                     ; interrupt counter in RAM (DS = F000h is the ROM)
%define APIC 0xfee00000
%define IOAPIC 0xfec00000

; PCI_SHOW devfn, register: prints "dd.f rr: value"
%macro PCI_SHOW 2
    mov eax, 0x80000000 | (%1 << 8) | %2
    call show
%endmacro

test_main:
    call flat_fs
    call init_pic
    PCI_SHOW 0x00, 0x00
    PCI_SHOW 0x00, 0x04
    PCI_SHOW 0x00, 0x08
    PCI_SHOW 0x00, 0x0c
    PCI_SHOW 0x00, 0x58
    PCI_SHOW 0x00, 0x5c
    PCI_SHOW 0x00, 0x70
    PCI_SHOW 0x08, 0x00
    PCI_SHOW 0x08, 0x04
    PCI_SHOW 0x08, 0x08
    PCI_SHOW 0x08, 0x0c
    PCI_SHOW 0x08, 0x4c
    PCI_SHOW 0x08, 0x60
    PCI_SHOW 0x08, 0x68
    PCI_SHOW 0x08, 0x74
    PCI_SHOW 0x08, 0x78
    PCI_SHOW 0x08, 0xa0
    PCI_SHOW 0x09, 0x00
    PCI_SHOW 0x09, 0x04
    PCI_SHOW 0x09, 0x08
    PCI_SHOW 0x09, 0x20
    PCI_SHOW 0x09, 0x3c
    PCI_SHOW 0x0b, 0x00
    PCI_SHOW 0x0b, 0x04
    PCI_SHOW 0x0b, 0x08
    PCI_SHOW 0x0b, 0x3c
    PCI_SHOW 0x0b, 0x40
    PCI_SHOW 0x0b, 0x80
    PCI_SHOW 0x0c, 0x00                 ; no function 01.4
    call test_bar
    call test_pam
    call test_smram
    call test_elcr
    call test_pm
    call test_lapic_timer
    call test_ioapic
    PRINT `soft-off\n`
    mov dx, 0x604
    mov ax, 0x2000                      ; SLP_TYP 0 (our _S5 and QEMU's), SLP_EN
    out dx, ax
    ; QEMU shuts down asynchronously: give it half a second of PM timer time before calling this a failure
    mov dx, 0x608
    in eax, dx
    mov ebx, eax
.linger:
    in eax, dx
    sub eax, ebx
    and eax, 0xffffff
    cmp eax, 3579545 / 2
    jb .linger
    PRINT `still running\n`
    EXIT 1

; show: EAX = CONFIG_ADDRESS; prints "ddff rr: value"
show:
    push eax
    shr eax, 8
    and eax, 0xff
    call hex8
    PRINT " "
    pop eax
    push eax
    and eax, 0xff
    call hex8
    PRINT ": "
    pop eax
    call cfg_read
    call lib_print_hex32
    PRINT `\n`
    ret

; hex8: AL as two hex digits
hex8:
    push eax
    shl eax, 24
    push cx
    mov cx, 2
.digit:
    rol eax, 4
    push eax
    and al, 15
    add al, '0'
    cmp al, '9'
    jbe .out
    add al, 'a' - '0' - 10
.out:
    out DEBUGCON, al
    pop eax
    loop .digit
    pop cx
    pop eax
    ret

; cfg_read: EAX = CONFIG_ADDRESS -> EAX; cfg_write: EAX = CONFIG_ADDRESS, ECX = value
cfg_read:
    push dx
    mov dx, 0xcf8
    out dx, eax
    mov dx, 0xcfc
    in eax, dx
    pop dx
    ret

cfg_write:
    push dx
    mov dx, 0xcf8
    out dx, eax
    mov dx, 0xcfc
    xchg eax, ecx
    out dx, eax
    xchg eax, ecx
    pop dx
    ret

; cfg_write8: EAX = CONFIG_ADDRESS of the dword, BL = byte offset in it, CL = value
cfg_write8:
    push dx
    mov dx, 0xcf8
    out dx, eax
    mov dx, 0xcfc
    add dl, bl
    push ax
    mov al, cl
    out dx, al
    pop ax
    pop dx
    ret

; ok_if_equal: prints "ok" or "FAIL" by ZF, and a newline
result:
    je .ok
    PRINT `FAIL\n`
    ret
.ok:
    PRINT `ok\n`
    ret

test_bar:
    PRINT "IDE BAR4 sizing: "
    mov eax, 0x80000920
    mov ecx, 0xffffffff
    call cfg_write
    call cfg_read
    call lib_print_hex32
    PRINT `\n`
    mov eax, 0x80000920
    mov ecx, 0xc000
    call cfg_write
    mov eax, 0x80000904
    mov ecx, 0x00000005                 ; I/O space, bus master
    call cfg_write
    PRINT "bus master PRD register: "
    mov dx, 0xc004
    mov eax, 0x00345678
    out dx, eax
    in eax, dx
    cmp eax, 0x00345678
    call result
    ret

; PAM3's low nibble, D0000-D3FFF: the write target and the read source, each DRAM or not
test_pam:
    PRINT "PAM write-only then read/write: "
    push es
    mov ax, 0xd000
    mov es, ax
    mov eax, 0x8000005c
    mov bl, 0
    mov cl, 0x02                        ; writes to DRAM, reads from the bus
    call cfg_write8
    mov byte [es:0], 0x5a
    mov cl, 0x03
    call cfg_write8
    cmp byte [es:0], 0x5a
    call result
    PRINT "PAM read-only: "
    mov cl, 0x01
    call cfg_write8
    mov byte [es:0], 0xa5
    cmp byte [es:0], 0x5a
    call result
    mov cl, 0x00
    call cfg_write8
    pop es
    ret

; SMRAM: D_OPEN shows the DRAM under A0000-BFFFF
test_smram:
    push es
    mov eax, 0x80000070
    mov bl, 2
    mov cl, 0x4a                        ; D_OPEN, G_SMRAME, C_BASE_SEG 010b
    call cfg_write8
    call cfg_read
    shr eax, 16
    PRINT "SMRAM: "
    and eax, 0xff
    call lib_print_hex32
    PRINT `\n`
    mov ax, 0xa000
    mov es, ax
    mov dword [es:0x10], 0x13572468
    PRINT "SMRAM D_OPEN RAM: "
    cmp dword [es:0x10], 0x13572468
    call result
    mov eax, 0x80000070
    mov cl, 0x0a
    call cfg_write8
    pop es
    ret

test_elcr:
    PRINT "ELCR masks: "
    mov dx, 0x4d0
    mov al, 0xff
    out dx, al
    inc dx
    out dx, al
    in al, dx
    mov ah, al
    dec dx
    in al, dx
    movzx eax, ax
    call lib_print_hex32
    PRINT `\n`
    xor al, al
    out dx, al
    inc dx
    out dx, al
    ret

; The PM block at 600h: PM timer, SCI_EN through SMI_CMD
test_pm:
    mov eax, 0x80000b40
    mov ecx, 0x601
    call cfg_write
    mov eax, 0x80000b80
    mov ecx, 1
    call cfg_write
    PRINT "PM timer advances: "
    mov dx, 0x608
    in eax, dx
    mov ebx, eax
    mov cx, 0x4000
.wait:
    loop .wait
    in eax, dx
    sub eax, ebx
    and eax, 0xffffff
    cmp eax, 0
    je .stuck
    cmp eax, 0x100000
.stuck:
    setb al
    cmp al, 1
    call result
    PRINT "PM1_CNT before/after ACPI_ENABLE: "
    mov dx, 0x604
    in ax, dx
    movzx eax, ax
    call lib_print_hex32
    mov al, 0xf1
    out 0xb2, al
    in ax, dx
    PRINT " "
    movzx eax, ax
    call lib_print_hex32
    PRINT `\n`
    ret

; The local APIC timer, periodic, vector 40h: three interrupts
test_lapic_timer:
    PRINT "APIC version (low byte), ID: "
    mov eax, [fs:dword APIC + 0x30]
    and eax, 0xff
    call lib_print_hex32
    PRINT " "
    mov eax, [fs:dword APIC + 0x20]
    call lib_print_hex32
    PRINT `\n`
    xor ax, ax
    mov es, ax
    mov word [es:0x40 * 4], apic_isr
    mov word [es:0x40 * 4 + 2], cs
    mov word [es:0x50 * 4], apic_isr
    mov word [es:0x50 * 4 + 2], cs
    mov word [es:COUNT], 0
    mov dword [fs:dword APIC + 0xf0], 0x1ff   ; enabled, spurious vector FFh
    mov dword [fs:dword APIC + 0x3e0], 0x0b   ; divide by 1
    mov dword [fs:dword APIC + 0x320], 0x20040        ; periodic, vector 40h
    mov dword [fs:dword APIC + 0x380], 1000000        ; 1 ms at QEMU's and x86pc's 1 GHz
    PRINT "APIC timer interrupts: "
    sti
.wait:
    hlt
    cmp word [es:COUNT], 3
    jb .wait
    cli
    mov dword [fs:dword APIC + 0x380], 0
    mov dword [fs:dword APIC + 0x320], 0x10000
    cmp word [es:COUNT], 3
    call result
    ret

apic_isr:
    push ds
    push ax
    xor ax, ax
    mov ds, ax
    inc word [COUNT]
    mov dword [fs:dword APIC + 0xb0], 0       ; EOI
    pop ax
    pop ds
    iret

; The PIT's IRQ 0 through I/O APIC input 2 (the MADT's override), edge, vector 50h
test_ioapic:
    PRINT "I/O APIC max entry: "
    mov dword [fs:dword IOAPIC], 1
    mov eax, [fs:dword IOAPIC + 0x10]
    shr eax, 16
    and eax, 0xff
    call lib_print_hex32
    PRINT `\n`
    PRINT "I/O APIC entry 2 at reset: "
    mov dword [fs:dword IOAPIC], 0x14
    mov eax, [fs:dword IOAPIC + 0x10]
    call lib_print_hex32
    PRINT `\n`
    mov word [es:COUNT], 0
    mov dword [fs:dword IOAPIC], 0x15
    mov dword [fs:dword IOAPIC + 0x10], 0     ; destination APIC 0
    mov dword [fs:dword IOAPIC], 0x14
    mov dword [fs:dword IOAPIC + 0x10], 0x50  ; fixed, physical, edge, unmasked
    mov al, 0x34                        ; PIT counter 0: mode 2, 1193 (1 ms)
    out 0x43, al
    mov al, 0xa9
    out 0x40, al
    mov al, 0x04
    out 0x40, al
    PRINT "PIT through I/O APIC input 2: "
    sti
.wait:
    hlt
    cmp word [es:COUNT], 3
    jb .wait
    cli
    mov dword [fs:dword IOAPIC], 0x14
    mov dword [fs:dword IOAPIC + 0x10], 0x10000
    cmp word [es:COUNT], 3
    call result
    ret

; 8259 pair initialised and fully masked: only the APICs deliver here
init_pic:
    mov al, 0x11
    out 0x20, al
    out 0xa0, al
    mov al, 0x08
    out 0x21, al
    mov al, 0x70
    out 0xa1, al
    mov al, 0x04
    out 0x21, al
    mov al, 0x02
    out 0xa1, al
    mov al, 0x01
    out 0x21, al
    out 0xa1, al
    mov al, 0xff
    out 0x21, al
    out 0xa1, al
    ret

; "Unreal" FS: a 4 GiB data segment for the APICs' registers from real mode
flat_fs:
    lgdt [cs:gdt_ptr]
    mov eax, cr0
    or al, 1
    mov cr0, eax
    jmp .pm
.pm:
    mov ax, 0x08
    mov fs, ax
    mov eax, cr0
    and al, ~1
    mov cr0, eax
    xor ax, ax
    mov fs, ax
    ret

align 8
gdt:
    dq 0
    dq 0x00cf93000000ffff
gdt_ptr:
    dw 15
    dd 0xf0000 + gdt

ROM_END
