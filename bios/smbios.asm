; SMBIOS 2.4: the entry point (in the F segment, 16-byte aligned) and the structures, types 0 (BIOS), 1 (system),
; 4 (processor), 16 (physical memory array), 17 (memory device), 19 (memory array mapped address), 32 (system
; boot) and 127 (end). POST fills in CPUID and the RAM size, then counts the structures and sums the checksums.

align 16
smbios_entry:
    db "_SM_"
    db 0                                ; checksum (POST)
    db 0x1f                             ; entry point length
    db 2, 4                             ; version 2.4
    dw 0                                ; largest structure (POST)
    db 0                                ; entry point revision
    times 5 db 0
    db "_DMI_"
    db 0                                ; intermediate checksum (POST)
    dw 0                                ; structure table length (POST)
    dd 0xf0000 + smbios_structures
    dw 0                                ; number of structures (POST)
    db 0x24                             ; BCD revision

smbios_structures:
    db 0, 0x18                          ; type 0: BIOS information
    dw 0x0000
    db 1, 2                             ; vendor, version
    dw 0xf000                           ; starting segment
    db 3                                ; release date
    db 0                                ; ROM size: 64 KiB
    dq (1 << 4) | (1 << 7) | (1 << 12) | (1 << 15) | (1 << 16) | (1 << 19)   ; ISA, PCI, shadowing, CD boot,
                                        ; selectable boot, EDD
    db 0x01, 0x00                       ; ACPI
    db 0, 1                             ; release 0.1
    db 0xff, 0xff                       ; no embedded controller
    db "x86pc", 0, "x86pc BIOS", 0, "11/22/2026", 0, 0

    db 1, 0x1b                          ; type 1: system information
    dw 0x0100
    db 1, 2, 3, 0                       ; manufacturer, product, version, no serial number
    times 16 db 0                       ; UUID: not present
    db 6                                ; woken by the power switch
    db 0, 4                             ; no SKU, family
    db "x86pc", 0, "x86pc i440FX PC", 0, "1.0", 0, "x86pc", 0, 0

    db 4, 0x23                          ; type 4: processor
    dw 0x0400
    db 1                                ; socket
    db 3                                ; central processor
    db 0x0d                             ; Pentium II family
    db 2                                ; manufacturer
smbios_cpu_id:
    dd 0, 0                             ; CPUID 1 EAX and EDX (POST)
    db 3                                ; version
    db 0                                ; voltage unknown
    dw 0, 0, 0                          ; external clock, maximum and current speed unknown
    db 0x41                             ; socket populated, processor enabled
    db 1                                ; upgrade: other
    dw 0xffff, 0xffff, 0xffff           ; no cache information
    db 0, 0, 0                          ; no serial number, asset tag, part number
    db "CPU 0", 0, "GenuineIntel", 0, "Pentium II", 0, 0

    db 16, 0x0f                         ; type 16: physical memory array
    dw 0x1000
    db 3, 3, 3                          ; system board, system memory, no error correction
smbios_max_capacity:
    dd 0                                ; KiB (POST)
    dw 0xfffe                           ; no error information
    dw 1                                ; one device
    db 0, 0

    db 17, 0x1b                         ; type 17: memory device
    dw 0x1100
    dw 0x1000                           ; in the array above
    dw 0xfffe
    dw 64, 64                           ; total and data width
smbios_dimm_size:
    dw 0                                ; MiB (POST)
    db 0x09                             ; DIMM
    db 0                                ; not in a set
    db 1, 0                             ; device locator, no bank locator
    db 0x07                             ; RAM
    dw 0x0002                           ; type detail: other
    dw 0                                ; speed unknown
    db 2, 0, 0, 0                       ; manufacturer; no serial number, asset tag, part number
    db "DIMM 0", 0, "x86pc", 0, 0

    db 19, 0x0f                         ; type 19: memory array mapped address
    dw 0x1300
    dd 0                                ; from 0 ...
smbios_mapped_end:
    dd 0                                ; ... to this KiB (POST)
    dw 0x1000
    db 1                                ; partition width
    db 0, 0

    db 32, 0x0b                         ; type 32: system boot information
    dw 0x2000
    times 6 db 0
    db 0                                ; no errors detected
    db 0, 0

    db 127, 4                           ; type 127: end of table
    dw 0x7f00
    db 0, 0
smbios_structures_end:

smbios_setup:
    pushad
    mov eax, 1
    cpuid
    mov [es:smbios_cpu_id], eax
    mov [es:smbios_cpu_id + 4], edx
    push ds
    mov ax, EBDA_SEG
    mov ds, ax
    mov eax, [EBDA_RAM_SIZE]
    pop ds
    mov edx, eax
    shr eax, 10
    mov [es:smbios_max_capacity], eax
    dec eax
    mov [es:smbios_mapped_end], eax
    shr edx, 20
    mov [es:smbios_dimm_size], dx
    ; count the structures and find the largest (formatted part, strings and the closing double NUL)
    mov si, smbios_structures
    xor cx, cx                          ; count
    xor dx, dx                          ; largest
.structure:
    movzx di, byte [es:si + 1]
    add di, si
.strings:
    cmp word [es:di], 0
    je .end_of_strings
    inc di
    jmp .strings
.end_of_strings:
    add di, 2
    mov ax, di
    sub ax, si
    cmp ax, dx
    jbe .smaller
    mov dx, ax
.smaller:
    inc cx
    cmp byte [es:si], 127
    mov si, di
    jne .structure
    mov [es:smbios_entry + 8], dx
    mov [es:smbios_entry + 0x1c], cx
    sub si, smbios_structures
    mov [es:smbios_entry + 0x16], si
    mov si, smbios_entry + 0x10
    mov cx, 15
    mov bx, 5
    call checksum_fix
    mov si, smbios_entry
    mov cx, 0x1f
    mov bx, 4
    call checksum_fix
    popad
    ret
