; Paging: 4 KiB pages, #PF error codes and CR2 (not present, read-only with and without CR0.WP, user access to a
; supervisor page, instruction fetch), accessed and dirty bits, INVLPG and CR3 reloads, 4 MiB pages (PSE), global
; pages (PGE), and PAE with 2 MiB and 4 KiB pages. (The reserved-bit fault is in sys_hardware.)
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

PD equ 0x20000                      ; page directory
PT0 equ 0x21000                     ; identity map of 0-4 MiB
PT1 equ 0x22000                     ; test pages at 4 MiB
PDPT equ 0x23000                    ; PAE
PAE_PD equ 0x24000
PAE_PT equ 0x25000
V_RAM equ 0x400000                  ; -> 30000h
V_NP equ 0x401000                   ; not present
V_RO equ 0x402000                   ; read-only, user
V_SUP equ 0x403000                  ; supervisor only
V_BIG equ 0x800000                  ; 4 MiB page -> 0

bits 16
test_main:
    PM_START

bits 32
pte_of_ram:
    mov eax, [PT1]
    and eax, 0x60
    PHEX eax
    ret

pm_main:
    P `paging\n`
    ; tables
    mov edi, PD
    mov ecx, 0x6000 / 4
    xor eax, eax
    rep stosd
    mov dword [PD], PT0 | 7
    mov dword [PD + 4], PT1 | 7
    mov edi, PT0
    mov eax, 7
    mov ecx, 1024
.id:
    stosd
    add eax, 0x1000
    loop .id
    mov dword [PT1], 0x30000 | 7
    mov dword [PT1 + 8], 0x32000 | 5
    mov dword [PT1 + 12], 0x33000 | 3
    mov dword [0x30000], 0x11111111
    mov dword [0x31000], 0x22222222
    mov dword [0x32000], 0x33333333
    mov dword [0x33000], 0x44444444

    mov eax, PD
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    P `paging on: `
    PHEX [V_RAM]
    P ` pte A/D=`
    call pte_of_ram
    mov dword [V_RAM + 4], 5
    P ` after write `
    call pte_of_ram
    P ` pde A=`
    mov eax, [PD + 4]
    and eax, 0x20
    PHEX eax
    PNL

    EXPECT .f1
    mov eax, [V_NP]
.f1:
    EXPECT .f2
    mov dword [V_NP + 0x10], 1
.f2:
    mov dword [V_RO], 0x55          ; supervisor write to a read-only page: allowed without WP
    P `ro page written: `
    PHEX [0x32000]
    PNL
    mov eax, cr0
    or eax, 0x10000                 ; WP
    mov cr0, eax
    EXPECT .f3
    mov dword [V_RO], 0x66
.f3:
    EXPECT .f4
    mov eax, [V_RO + 0xffe]         ; crosses into the supervisor page: fine at ring 0
    P `crossing read ok\n`
.f4:
    EXPECT .f5
    mov dword [V_NP - 2], 0x77777777    ; crosses into the not-present page: nothing is written
.f5:
    P `before the crossing write: `
    PHEX [0x30ffc]
    PNL

    ; INVLPG and CR3 reloads make a changed mapping visible
    mov dword [PT1], 0x31000 | 7
    invlpg [V_RAM]
    P `after invlpg: `
    PHEX [V_RAM]
    mov dword [PT1], 0x30000 | 7
    mov eax, cr3
    mov cr3, eax
    P ` after cr3 reload: `
    PHEX [V_RAM]
    PNL

    ; ring 3
    call setup_user
    mov eax, user_code
    mov ebx, 0x202
    call run_user

    ; a fetch from a not-present page
    mov eax, SEL_FREE
    xor ebx, ebx
    mov ecx, 0xfffff
    mov dl, 0x9b
    mov dh, 0xc
    call set_gdt                    ; flat code
    EXPECT .f6 + 0xf0000            ; the handler returns into the flat segment
    jmp SEL_FREE:V_NP
.f6:
    jmp SEL_CODE32:.f6b
.f6b:

    ; 4 MiB pages
    mov eax, cr4
    or eax, 0x10                    ; PSE
    mov cr4, eax
    mov dword [PD + 8], 0x87        ; 4 MiB page at 0, P W U
    P `4M page: `
    PHEX [V_BIG + 0x30000]
    mov dword [V_BIG + 0x31000], 0x12345678
    P ` `
    PHEX [0x31000]
    P ` pde=`
    mov eax, [PD + 8]
    and eax, 0xe7
    PHEX eax
    PNL

    ; global pages: PGE on, then a global and a non-global mapping change; toggling PGE flushes both
    mov dword [PT1], 0x30000 | 0x107
    mov eax, cr4
    or eax, 0x80
    mov cr4, eax
    mov eax, [V_RAM]
    mov dword [PT1], 0x31000 | 0x107
    mov eax, cr4
    and eax, ~0x80
    mov cr4, eax
    P `after PGE toggle: `
    PHEX [V_RAM]
    PNL

    ; PAE: PDPT, a 2 MiB identity page for 0-2 MiB, 4 KiB pages at 2 MiB
    mov eax, cr0
    and eax, 0x7fffffff
    mov cr0, eax
    mov dword [PDPT], PAE_PD | 1
    mov dword [PAE_PD], 0x87        ; 2 MiB page at 0
    mov dword [PAE_PD + 8], PAE_PT | 7
    mov dword [PAE_PT], 0x30000 | 7
    mov dword [PAE_PT + 8], 0x31000 | 7
    mov dword [PAE_PT + 16], 0x32000 | 7
    mov eax, PDPT
    mov cr3, eax
    mov eax, cr4
    or eax, 0x20
    mov cr4, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    P `PAE: `
    PHEX [0x200000]
    P ` `
    PHEX [0x202000]
    P ` pte=`
    mov eax, [PAE_PT]
    and eax, 0x60
    PHEX eax
    PNL
    EXPECT .f8
    mov dword [0x204000], 0
.f8:
    mov dword [PAE_PD + 8], PAE_PT | 5  ; read-only directory entry: a write faults
    mov eax, cr3
    mov cr3, eax
    EXPECT .f9
    mov dword [0x200000], 0
.f9:
    P `done\n`
    EXIT 0

user_code:
    mov eax, [V_RAM]
    EXPECT .u1
    mov eax, [V_SUP]
.u1:
    EXPECT .u2
    mov dword [V_RO], 1
.u2:
    EXPECT .u3
    mov eax, [V_NP]
.u3:
    mov eax, [V_RO]                 ; user read of a read-only page: fine
    USER_RETURN

bits 16
ROM_END
