; ACPI 1.0 tables: RSDP, RSDT, FADT, FACS, DSDT and MADT, assembled into the BIOS image and completed at POST in
; the F-segment shadow RAM (the PAM registers make it writable until pci_shadow_lock), where an OS finds the RSDP
; (E0000-FFFFF, 16-byte aligned). Also the POST step that finishes every firmware table (bios_tables_setup).
;
; What they describe (devices/acpi_pm.h, ioapic.h, pci.asm): the PIIX4 power management block at ACPI_PM_BASE
; with the SCI on IRQ 9 and SMI_CMD at B2h, the soft-off state _S5 = SLP_TYP 0, one processor with local APIC 0,
; the I/O APIC 1 at FEC00000h with ISA IRQ 0 on input 2, the HPET at FED00000h, and the PCI root bridge with its
; interrupt routing.

%define ACPI_OEM_ID "X86PC "

; ACPI_TABLE signature, revision, OEM table ID (8 characters): the 36-byte header; the length comes from
; ACPI_TABLE_END, the checksum from POST.
%macro ACPI_TABLE 3
%push acpi_table
%$start:
    db %1
    dd %$end - %$start
    db %2
    db 0                                ; checksum (POST)
    db ACPI_OEM_ID
    db %3
    dd 1                                ; OEM revision
    db "X86P"                           ; creator ID
    dd 1                                ; creator revision
%endmacro

%macro ACPI_TABLE_END 0
%$end:
%pop
%endmacro

; AML package lengths (ACPI 1.0, 16.2.4): PKG_BEGIN ... PKG_END encodes the length of what lies between in the
; 3-byte form (any size to 1 MiB; parsers accept a longer form than needed), PKG_SHORT in the 1-byte form for
; objects under 64 bytes.
%macro PKG_BEGIN 0
%push aml_package
%$start:
    db 0x80 | ((%$end - %$start) & 0x0f), ((%$end - %$start) >> 4) & 0xff, ((%$end - %$start) >> 12) & 0xff
%endmacro

%macro PKG_SHORT 0
%push aml_package
%$start:
    db %$end - %$start
%endmacro

%macro PKG_END 0
%$end:
%pop
%endmacro

; AML opcodes used below
%define AML_ZERO        0x00
%define AML_NAME        0x08
%define AML_BYTE        0x0a
%define AML_DWORD       0x0c
%define AML_SCOPE       0x10
%define AML_BUFFER      0x11
%define AML_PACKAGE     0x12
%define AML_EXT         0x5b
%define AML_DEVICE      0x82                ; after AML_EXT
%define AML_PROCESSOR   0x83                ; after AML_EXT

align 16
acpi_rsdp:
    db "RSD PTR "
    db 0                                ; checksum of these 20 bytes (POST)
    db ACPI_OEM_ID
    db 0                                ; revision 0: ACPI 1.0, RSDT only
    dd 0xf0000 + acpi_rsdt

acpi_rsdt:
    ACPI_TABLE "RSDT", 1, "X86PCRSD"
    dd 0xf0000 + acpi_fadt
    dd 0xf0000 + acpi_madt
    dd 0xf0000 + acpi_hpet
    ACPI_TABLE_END

; FADT, ACPI 1.0 layout (116 bytes)
acpi_fadt:
    ACPI_TABLE "FACP", 1, "X86PCFAC"
    dd 0xf0000 + acpi_facs
    dd 0xf0000 + acpi_dsdt
    db 1                                ; interrupt model: APIC (ACPI 1.0; ignored later)
    db 0
    dw 9                                ; SCI_INT
    dd 0xb2                             ; SMI_CMD: the PIIX4 APM control port
    db 0xf1, 0xf0                       ; ACPI_ENABLE, ACPI_DISABLE
    db 0, 0                             ; S4BIOS_REQ, reserved
    dd ACPI_PM_BASE                     ; PM1a_EVT_BLK
    dd 0                                ; PM1b_EVT_BLK
    dd ACPI_PM_BASE + 4                 ; PM1a_CNT_BLK
    dd 0, 0                             ; PM1b_CNT_BLK, PM2_CNT_BLK
    dd ACPI_PM_BASE + 8                 ; PM_TMR_BLK
    dd ACPI_PM_BASE + 0x0c              ; GPE0_BLK
    dd 0                                ; GPE1_BLK
    db 4, 2, 0, 4                       ; PM1_EVT_LEN, PM1_CNT_LEN, PM2_CNT_LEN, PM_TM_LEN
    db 4, 0, 0, 0                       ; GPE0_BLK_LEN, GPE1_BLK_LEN, GPE1_BASE, reserved
    dw 0x0fff, 0x0fff                   ; P_LVL2_LAT, P_LVL3_LAT: no C2, no C3
    dw 0, 0                             ; FLUSH_SIZE, FLUSH_STRIDE
    db 0, 0                             ; DUTY_OFFSET, DUTY_WIDTH
    db 0, 0                             ; DAY_ALRM, MON_ALRM: no RTC date alarm
    db 0x32                             ; CENTURY: CMOS index
    db 0, 0, 0
    dd 0x000000a5                       ; WBINVD, PROC_C1, SLP_BUTTON (none), RTC_S4; 24-bit PM timer
    ACPI_TABLE_END

align 64
acpi_facs:
    db "FACS"
    dd 64
    dd 0                                ; hardware signature
    dd 0                                ; firmware waking vector
    dd 0                                ; global lock
    dd 0                                ; flags
    times 40 db 0

acpi_madt:
    ACPI_TABLE "APIC", 1, "X86PCAPI"
    dd 0xfee00000                       ; local APIC address
    dd 1                                ; PCAT_COMPAT: 8259 pair present
    db 0, 8, 0, 0                       ; processor local APIC: ACPI ID 0, APIC ID 0 ...
    dd 1                                ; ... enabled
    db 1, 12, 1, 0                      ; I/O APIC ID 1 ...
    dd 0xfec00000                       ; ... at FEC00000h ...
    dd 0                                ; ... global system interrupts from 0
    db 2, 10, 0, 0                      ; interrupt source override: ISA IRQ 0 ...
    dd 2                                ; ... is GSI 2 ...
    dw 0                                ; ... with the bus's polarity and trigger
    db 2, 10, 0, 9                      ; ISA IRQ 9, the SCI ...
    dd 9
    dw 0x000d                           ; ... level-triggered, active high
    db 4, 6, 0xff                       ; local APIC NMI: every processor ...
    dw 0
    db 1                                ; ... on LINT1
    ACPI_TABLE_END

; The HPET (devices/hpet.h): Linux takes it as its boot clock event device and as the watchdog that keeps the TSC
; (without it the watchdog is the jiffies count, which loses ticks while the serial console prints).
acpi_hpet:
    ACPI_TABLE "HPET", 1, "X86PCHPT"
    dd 0x8086a201                       ; event timer block ID: capabilities bits 0-31 (3 timers, 64-bit, legacy)
    db 0, 64, 0, 0                      ; base address: system memory, 64 bits wide ...
    dq 0xfed00000                       ; ... at FED00000h
    db 0                                ; HPET number
    dw 0                                ; minimum periodic tick
    db 0                                ; no page protection
    ACPI_TABLE_END

; The DSDT, hand-assembled AML. In ASL:
;
;   DefinitionBlock ("", "DSDT", 1, "X86PC ", "X86PCDSD", 1) {
;     Scope (\_PR) { Processor (CPU0, 0, 0, 0) {} }
;     Scope (\_SB) {
;       Device (PCI0) {
;         Name (_HID, EisaId ("PNP0A03"))
;         Name (_UID, 0)
;         Name (_CRS, ResourceTemplate () {
;           WordBusNumber (ResourceProducer, MinFixed, MaxFixed, PosDecode, 0, 0, 0xFF, 0, 0x100)
;           IO (Decode16, 0xCF8, 0xCF8, 1, 8)
;           WordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange, 0, 0, 0xCF7, 0, 0xCF8)
;           WordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange, 0, 0xD00, 0xFFFF, 0, 0xF300)
;           DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, Cacheable, ReadWrite,
;                        0, 0xA0000, 0xBFFFF, 0, 0x20000)
;           DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, NonCacheable, ReadWrite,
;                        0, 0xE0000000, 0xFEBFFFFF, 0, 0x1EC00000) })
;         Name (_PRT, Package () {       // slots 1-31, pins 0-3: hard-wired GSIs (routing fixed at POST)
;           Package () { 0x0001FFFF, 0, 0, 10 }, ...  })
;       }
;     }
;     Name (_S5, Package () { 0, 0, 0, 0 })   // SLP_TYPa = SLP_TYPb = 0: PIIX4 soft-off
;   }
acpi_dsdt:
    ACPI_TABLE "DSDT", 1, "X86PCDSD"
    db AML_SCOPE
    PKG_SHORT
    db "\_PR_"
    db AML_EXT, AML_PROCESSOR
    PKG_SHORT
    db "CPU0", 0                        ; processor ID 0
    dd 0                                ; no processor control block
    db 0
    PKG_END
    PKG_END

    db AML_SCOPE
    PKG_BEGIN
    db "\_SB_"
    db AML_EXT, AML_DEVICE
    PKG_BEGIN
    db "PCI0"
    db AML_NAME, "_HID", AML_DWORD, 0x41, 0xd0, 0x0a, 0x03          ; EisaId ("PNP0A03")
    db AML_NAME, "_UID", AML_ZERO
    db AML_NAME, "_CRS", AML_BUFFER
    PKG_BEGIN
    db AML_BYTE, acpi_crs_end - acpi_crs
acpi_crs:
    db 0x88, 0x0d, 0x00, 0x02, 0x0c, 0x00                           ; word address space: bus numbers
    dw 0x0000, 0x0000, 0x00ff, 0x0000, 0x0100
    db 0x47, 0x01                                                   ; I/O ports CF8h-CFFh
    dw 0x0cf8, 0x0cf8
    db 0x01, 0x08
    db 0x88, 0x0d, 0x00, 0x01, 0x0c, 0x03                           ; word address space: I/O
    dw 0x0000, 0x0000, 0x0cf7, 0x0000, 0x0cf8
    db 0x88, 0x0d, 0x00, 0x01, 0x0c, 0x03
    dw 0x0000, 0x0d00, 0xffff, 0x0000, 0xf300
    db 0x87, 0x17, 0x00, 0x00, 0x0c, 0x03                           ; dword address space: memory
    dd 0, 0x000a0000, 0x000bffff, 0, 0x00020000
    db 0x87, 0x17, 0x00, 0x00, 0x0c, 0x01
    dd 0, PCI_MEM_BASE, PCI_MEM_LIMIT - 1, 0, PCI_MEM_LIMIT - PCI_MEM_BASE
    db 0x79, 0x00                                                   ; end tag
acpi_crs_end:
    PKG_END
    db AML_NAME, "_PRT", AML_PACKAGE
    PKG_BEGIN
    db 31 * 4
%assign prt_slot 1
%rep 31
%assign prt_pin 0
%rep 4
    db AML_PACKAGE
    PKG_SHORT
    db 4
    db AML_DWORD
    dd (prt_slot << 16) | 0xffff        ; the slot, any function
    db AML_BYTE, prt_pin
    db AML_ZERO                         ; no link device: the next value is the GSI
    db AML_BYTE, 10 + (((prt_slot - 1 + prt_pin) & 3) >> 1)         ; pci_pirq_irq[PIRQ]
    PKG_END
%assign prt_pin prt_pin + 1
%endrep
%assign prt_slot prt_slot + 1
%endrep
    PKG_END
    PKG_END
    PKG_END

    db AML_NAME, "_S5_", AML_PACKAGE
    PKG_SHORT
    db 4, AML_ZERO, AML_ZERO, AML_ZERO, AML_ZERO
    PKG_END
    ACPI_TABLE_END

; checksum_fix: ES:SI = a table of CX bytes, BX = the offset of its checksum byte: makes the bytes sum to zero.
checksum_fix:
    push ax
    push cx
    push si
    mov byte [es:si + bx], 0
    xor al, al
.sum:
    add al, [es:si]
    inc si
    loop .sum
    pop si
    neg al
    mov [es:si + bx], al
    pop cx
    pop ax
    ret

; acpi_table_checksum: ES:SI = an ACPI table with the standard header.
acpi_table_checksum:
    mov cx, [es:si + 4]
    mov bx, 9
    jmp checksum_fix

acpi_setup:
    mov si, acpi_dsdt
    call acpi_table_checksum
    mov si, acpi_fadt
    call acpi_table_checksum
    mov si, acpi_madt
    call acpi_table_checksum
    mov si, acpi_hpet
    call acpi_table_checksum
    mov si, acpi_rsdt
    call acpi_table_checksum
    mov si, acpi_rsdp
    mov cx, 20
    mov bx, 8
    jmp checksum_fix

; bios_tables_setup: at the end of POST (after the option ROMs), completes the ACPI, MP, SMBIOS, $PIR and BIOS32
; tables in the F-segment shadow RAM, then makes the shadow read-only. Nothing happens without the i440FX (no
; shadow RAM to write to).
bios_tables_setup:
    pushad
    push es
    xor bx, bx
    xor di, di
    call pcicfg_read32
    cmp eax, PCI_ID_I440FX
    jne .done
    mov ax, 0xf000
    mov es, ax
    call acpi_setup
    call mptable_setup
    call smbios_setup
    call pci_tables_setup
    call pci_shadow_lock
.done:
    pop es
    popad
    ret
