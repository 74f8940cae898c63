; A Multiboot kernel that checks, from 32-bit protected mode after our BIOS's POST, what an OS finds: the ACPI
; tables (RSDP, RSDT, FADT, FACS, DSDT with _S5, MADT), the MP tables, the SMBIOS tables (against the RAM size
; Multiboot reports), the PCI set-up (BARs, interrupt lines, PIRQ routing, ELCR, the PM base, read-only shadow),
; and the BIOS32 directory with the 32-bit PCI BIOS. Results go to port E9h; then it powers the machine off the
; ACPI way, with PM1a_CNT from the FADT and SLP_TYPa from the DSDT's _S5, which must end x86pc with status 0.
; Booted by tests/guest/chipset_tables (our BIOS image) with -kernel.

bits 32
org 0x100000

%define DEBUGCON 0xe9

mb_header:
    dd 0x1badb002                       ; Multiboot magic
    dd 0x00010000                       ; a.out kludge: the addresses below
    dd -(0x1badb002 + 0x00010000)
    dd mb_header                        ; header_addr
    dd mb_header                        ; load_addr
    dd 0                                ; load_end_addr: the whole file
    dd bss_end                          ; bss_end_addr
    dd start                            ; entry_addr

; PRINT "text": to port E9h
%macro PRINT 1
    jmp %%after
%%text: db %1, 0
%%after:
    push esi
    mov esi, %%text
    call puts
    pop esi
%endmacro

; CHECK cond, "what": prints "what: ok" or "what: FAIL" by the flags of a preceding cmp (cond = e, ne, ...)
%macro CHECK 2
    j%-1 %%bad
    PRINT %2
    PRINT `: ok\n`
    jmp %%done
%%bad:
    PRINT %2
    PRINT `: FAIL\n`
    inc dword [failures]
%%done:
%endmacro

start:
    mov esp, stack_top
    mov [mb_info], ebx
    cld
    cmp eax, 0x2badb002
    CHECK e, "Multiboot magic"
    test byte [ebx], 1
    CHECK ne, "Multiboot memory fields"
    call check_acpi
    call check_mp
    call check_smbios
    call check_pci
    call check_bios32
    PRINT "failures: "
    mov eax, [failures]
    call print_hex
    PRINT `\n`
    ; ACPI soft-off: SLP_TYPa << 10 | SLP_EN to PM1a_CNT
    mov edx, [pm1a_cnt]
    movzx eax, byte [slp_typa]
    shl eax, 10
    or eax, 0x2000
    out dx, ax
    ; QEMU powers off asynchronously: allow half a second of PM timer time before calling it a failure
    mov edx, 0x608
    in eax, dx
    mov ebx, eax
.linger:
    in eax, dx
    sub eax, ebx
    and eax, 0xffffff
    cmp eax, 3579545 / 2
    jb .linger
    PRINT `still running after S5\n`
    mov al, 1
    out 0xf4, al                        ; isa-debug-exit: status 3
    cli
    hlt

; ---- output ----

puts:
    push eax
.next:
    lodsb
    test al, al
    jz .done
    out DEBUGCON, al
    jmp .next
.done:
    pop eax
    ret

; print_hex: EAX as 8 hex digits
print_hex:
    push eax
    push ecx
    mov ecx, 8
.digit:
    rol eax, 4
    push eax
    and al, 0x0f
    add al, '0'
    cmp al, '9'
    jbe .emit
    add al, 'a' - '0' - 10
.emit:
    out DEBUGCON, al
    pop eax
    loop .digit
    pop ecx
    pop eax
    ret

; sum8: AL = the byte sum of ECX bytes at ESI
sum8:
    push ecx
    push esi
    xor eax, eax
.add:
    add al, [esi]
    inc esi
    loop .add
    pop esi
    pop ecx
    ret

; find_anchor: EAX = 4-byte signature, searched from EDI to EDX on 16-byte boundaries -> EDI, ZF set if found
find_anchor:
.next:
    cmp [edi], eax
    je .found
    add edi, 16
    cmp edi, edx
    jb .next
    or edi, edi                         ; ZF clear (EDI is not 0)
    ret
.found:
    ret

; missing: an anchor or service was not found (the rest of that check is skipped)
missing:
    PRINT `not found: FAIL\n`
    inc dword [failures]
    ret

; ---- ACPI ----

check_acpi:
    mov edi, 0xe0000
    mov edx, 0x100000
.scan:
    mov eax, 'RSD '
    call find_anchor
    jne .no_rsdp
    cmp dword [edi + 4], 'PTR '
    je .rsdp
    add edi, 16
    jmp .scan
.no_rsdp:
    PRINT `RSDP: FAIL (not found)\n`
    inc dword [failures]
    ret
.rsdp:
    mov esi, edi
    mov ecx, 20
    call sum8
    test al, al
    CHECK e, "RSDP checksum"
    mov esi, [edi + 16]
    mov [rsdt], esi
    cmp dword [esi], 'RSDT'
    CHECK e, "RSDT signature"
    call table_checksum
    CHECK e, "RSDT checksum"
    ; the RSDT's entries, found by signature: the FADT and the MADT (and whatever else the firmware adds)
    mov ecx, [esi + 4]
    sub ecx, 36
    shr ecx, 2
    PRINT "RSDT entries: "
    mov eax, ecx
    call print_hex
    PRINT `\n`
    lea edi, [esi + 36]
.rsdt_entry:
    mov ebx, [edi]
    cmp dword [ebx], 'FACP'
    jne .not_fadt
    mov [fadt], ebx
.not_fadt:
    cmp dword [ebx], 'APIC'
    jne .not_madt
    mov [madt], ebx
.not_madt:
    add edi, 4
    loop .rsdt_entry
    cmp dword [madt], 0
    CHECK ne, "RSDT lists the MADT"
    cmp dword [fadt], 0
    CHECK ne, "RSDT lists the FADT"
    cmp dword [fadt], 0
    jne .have_fadt
    ret
.have_fadt:
    mov esi, [fadt]
    cmp dword [esi], 'FACP'
    CHECK e, "FADT signature"
    call table_checksum
    CHECK e, "FADT checksum"
    cmp dword [esi + 4], 116
    CHECK e, "FADT length (ACPI 1.0)"
    cmp word [esi + 46], 9
    CHECK e, "FADT SCI_INT 9"
    cmp dword [esi + 48], 0xb2
    CHECK e, "FADT SMI_CMD B2h"
    mov eax, [esi + 64]
    mov [pm1a_cnt], eax
    cmp dword [esi + 56], 0x600
    CHECK e, "FADT PM1a_EVT_BLK 600h"
    cmp dword [esi + 76], 0x608
    CHECK e, "FADT PM_TMR_BLK 608h"
    mov ebx, [esi + 36]
    cmp dword [ebx], 'FACS'
    CHECK e, "FACS signature"
    test bl, 63
    CHECK e, "FACS 64-byte aligned"
    mov esi, [esi + 40]
    cmp dword [esi], 'DSDT'
    CHECK e, "DSDT signature"
    call table_checksum
    CHECK e, "DSDT checksum"
    call find_s5
    ; ACPI 1.0 enable through SMI_CMD, as an OS does: SCI_EN then reads as 1
    mov al, 0xf1
    out 0xb2, al
    mov edx, [pm1a_cnt]
    in ax, dx
    test al, 1
    CHECK ne, "SCI_EN after ACPI_ENABLE"
    ; the PM timer runs
    mov edx, 0x608
    in eax, dx
    mov ebx, eax
    mov ecx, 100000
.spin:
    loop .spin
    in eax, dx
    cmp eax, ebx
    CHECK ne, "PM timer counts"
    call check_madt
    ret

; table_checksum: ESI = an ACPI table -> ZF set when its bytes sum to zero
table_checksum:
    push ecx
    mov ecx, [esi + 4]
    call sum8
    pop ecx
    test al, al
    ret

; find_s5: the DSDT at ESI has "_S5_" followed by a Package whose first element is SLP_TYPa
find_s5:
    mov ecx, [esi + 4]
    mov edi, esi
.next:
    cmp dword [edi], '_S5_'
    je .found
    inc edi
    loop .next
    PRINT `DSDT _S5: FAIL (not found)\n`
    inc dword [failures]
    ret
.found:
    cmp byte [edi + 4], 0x12            ; PackageOp
    CHECK e, "DSDT _S5 package"
    movzx eax, byte [edi + 7]           ; PkgLength (1 byte), NumElements, first element
    cmp al, 0x0a                        ; BytePrefix
    jne .value
    movzx eax, byte [edi + 8]
.value:
    mov [slp_typa], al
    PRINT "DSDT _S5 SLP_TYPa: "
    call print_hex
    PRINT `\n`
    ret

; check_madt: checksum, the local APIC address, and its entries by type
check_madt:
    mov esi, [madt]
    test esi, esi
    jz .done
    cmp dword [esi], 'APIC'
    CHECK e, "MADT signature"
    call table_checksum
    CHECK e, "MADT checksum"
    cmp dword [esi + 36], 0xfee00000
    CHECK e, "MADT local APIC address"
    mov edi, esi
    add edi, 44
    mov edx, esi
    add edx, [esi + 4]
    PRINT "MADT entries:"
.entry:
    cmp edi, edx
    jae .done
    PRINT " "
    movzx eax, byte [edi]
    call print_hex
    cmp byte [edi], 1
    jne .not_ioapic
    cmp dword [edi + 4], 0xfec00000
    jne .not_ioapic
    PRINT "(ioapic fec00000)"
.not_ioapic:
    cmp byte [edi], 2
    jne .not_override
    PRINT "(irq "
    movzx eax, byte [edi + 3]
    call print_hex
    PRINT " gsi "
    mov eax, [edi + 4]
    call print_hex
    PRINT ")"
.not_override:
    movzx eax, byte [edi + 1]
    add edi, eax
    jmp .entry
.done:
    PRINT `\n`
    ret

; ---- MP ----

check_mp:
    mov edi, 0xf0000
    mov edx, 0x100000
    mov eax, '_MP_'
    call find_anchor
    jne missing
    mov esi, edi
    mov ecx, 16
    call sum8
    test al, al
    CHECK e, "MP floating pointer checksum"
    mov esi, [edi + 4]
    cmp dword [esi], 'PCMP'
    CHECK e, "MP configuration table"
    movzx ecx, word [esi + 4]
    call sum8
    test al, al
    CHECK e, "MP configuration checksum"
    ; count the entries by type (processor 20 bytes, the others 8)
    movzx ecx, word [esi + 34]
    lea edi, [esi + 44]
    xor ebx, ebx                        ; bytes: processors, buses, I/O APICs, I/O interrupts, local interrupts
    mov dword [mp_counts], 0
    mov byte [mp_counts + 4], 0
.entry:
    movzx eax, byte [edi]
    cmp eax, 4
    ja .bad
    inc byte [mp_counts + eax]
    add edi, 8
    test eax, eax
    jnz .next
    add edi, 12
.next:
    loop .entry
    PRINT "MP entries (cpu bus ioapic int local):"
    mov ecx, 5
    xor ebx, ebx
.count:
    PRINT " "
    movzx eax, byte [mp_counts + ebx]
    call print_hex
    inc ebx
    loop .count
    PRINT `\n`
.done:
    ret
.bad:
    PRINT `MP entry type: FAIL\n`
    inc dword [failures]
    ret

; ---- SMBIOS ----

check_smbios:
    mov edi, 0xf0000
    mov edx, 0x100000
    mov eax, '_SM_'
    call find_anchor
    jne missing
    mov esi, edi
    movzx ecx, byte [edi + 5]
    call sum8
    test al, al
    CHECK e, "SMBIOS entry point checksum"
    lea esi, [edi + 0x10]
    mov ecx, 15
    call sum8
    test al, al
    CHECK e, "SMBIOS intermediate checksum"
    mov ebx, [mb_info]
    mov eax, [ebx + 8]
    add eax, 1024 - 1
    mov [ram_end_kb], eax
    ; walk the structures: their types in order
    mov esi, [edi + 0x18]
    movzx ecx, word [edi + 0x1c]
    PRINT "SMBIOS types:"
.structure:
    PRINT " "
    movzx eax, byte [esi]
    call print_hex
    cmp al, 19
    jne .skip
    ; type 19's end address (KiB), checked below against 1 MiB + Multiboot's mem_upper KiB - 1
    mov eax, [esi + 8]
    mov [smbios_end_kb], eax
.skip:
    movzx eax, byte [esi + 1]
    add esi, eax
.strings:
    cmp word [esi], 0
    je .end
    inc esi
    jmp .strings
.end:
    add esi, 2
    loop .structure
    PRINT `\n`
    PRINT "SMBIOS type 19 end (KiB): "
    mov eax, [smbios_end_kb]
    call print_hex
    PRINT `\n`
    cmp eax, [ram_end_kb]
    CHECK ae, "SMBIOS type 19 covers Multiboot's mem_upper"
.done:
    ret

; ---- PCI ----

; pci_read: EAX = 80000000h | devfn << 8 | register -> EAX
pci_read:
    push edx
    mov dx, 0xcf8
    out dx, eax
    mov dx, 0xcfc
    in eax, dx
    pop edx
    ret

; PCI_SHOW devfn, register, "what": prints the dword
%macro PCI_SHOW 3
    PRINT %3
    PRINT ": "
    mov eax, 0x80000000 | (%1 << 8) | %2
    call pci_read
    call print_hex
    PRINT `\n`
%endmacro

check_pci:
    PCI_SHOW 0x00, 0x58, "i440FX DRAMC, PAM0-PAM2"
    PCI_SHOW 0x08, 0x60, "PIIX3 PIRQRC"
    PCI_SHOW 0x09, 0x04, "PIIX3 IDE command/status"
    PCI_SHOW 0x09, 0x20, "PIIX3 IDE BAR4"
    PCI_SHOW 0x09, 0x40, "PIIX3 IDE IDETIM"
    PCI_SHOW 0x0b, 0x3c, "PIIX4 PM interrupt"
    PCI_SHOW 0x0b, 0x40, "PIIX4 PM PMBA"
    PCI_SHOW 0x0b, 0x80, "PIIX4 PM PMREGMISC"
    PRINT "ELCR: "
    mov dx, 0x4d1
    in al, dx
    mov ah, al
    dec dx
    in al, dx
    movzx eax, ax
    call print_hex
    PRINT `\n`
    ; the IDE bus master registers answer at BAR4
    mov eax, 0x80000920
    call pci_read
    and eax, 0xfffc
    lea edx, [eax + 4]
    mov eax, 0x00123454
    out dx, eax
    in eax, dx
    cmp eax, 0x00123454
    CHECK e, "bus master PRD register at BAR4"
    xor eax, eax
    out dx, eax
    ; the BIOS shadow is read-only now
    mov esi, 0xf0000
    mov al, [esi]
    not byte [esi]
    cmp al, [esi]
    CHECK e, "F-segment shadow read-only"
    ret

; ---- BIOS32 and the 32-bit PCI BIOS ----

check_bios32:
    mov edi, 0xe0000
    mov edx, 0x100000
    mov eax, '_32_'
    call find_anchor
    jne missing
    mov esi, edi
    mov ecx, 16
    call sum8
    test al, al
    CHECK e, "BIOS32 checksum"
    mov eax, [edi + 4]
    mov [bios32_far], eax
    mov word [bios32_far + 4], cs
    mov eax, '$PCI'
    xor ebx, ebx
    call far [bios32_far]
    test al, al
    jne missing
    add ebx, edx
    mov [pci32_far], ebx
    mov word [pci32_far + 4], cs
    mov eax, '$ABC'
    xor ebx, ebx
    call far [bios32_far]
    cmp al, 0x80
    CHECK e, "BIOS32 unknown service"
    mov ax, 0xb101
    call far [pci32_far]
    cmp edx, 'PCI '
    CHECK e, "PCI BIOS present"
    mov ax, 0xb102
    mov cx, 0x7113
    mov dx, 0x8086
    xor si, si
    call far [pci32_far]
    jc .not_found
    cmp bx, 0x000b
.not_found:
    CHECK e, "PCI BIOS find 8086:7113"
    mov ax, 0xb103
    mov ecx, 0x010180                   ; IDE, legacy mode, bus master
    xor si, si
    call far [pci32_far]
    jc .no_class
    cmp bx, 0x0009
.no_class:
    CHECK e, "PCI BIOS find class 010180h"
    mov ax, 0xb10a
    mov bx, 0x0008
    mov di, 0
    call far [pci32_far]
    cmp ecx, 0x70008086
    CHECK e, "PCI BIOS read dword"
    mov ax, 0xb109
    mov bx, 0x0008
    mov di, 1                           ; an odd register for a word: error 87h
    call far [pci32_far]
    jnc .bad_register
    cmp ah, 0x87
.bad_register:
    CHECK e, "PCI BIOS bad register"
.done:
    ret

failures: dd 0
mb_info: dd 0
rsdt: dd 0
fadt: dd 0
madt: dd 0
pm1a_cnt: dd 0
slp_typa: db 0xff
mp_counts: times 8 db 0
ram_end_kb: dd 0
smbios_end_kb: dd 0
bios32_far: dd 0
    dw 0
pci32_far: dd 0
    dw 0

align 16
stack: times 4096 db 0
stack_top:
bss_end:
