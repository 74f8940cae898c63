; The guest the debugger tests drive (tests/debugger/test_debugger.c): a 64 KiB ROM booted with -bios. It is
; assembled twice, as the ROM (-f bin) and as an ELF object whose symbols gdb loads with
; `add-symbol-file dbg_guest.o 0xf0000` (the ROM's low alias starts at F0000h; in protected mode the code runs
; with flat segments, so linear addresses equal the symbols').
;
; Real mode first (rm_entry), then protected mode: `bump` increments the dword at 2000h until it is 5, paging
; comes on (one 4 MiB page maps 0-4 MiB; the rest is unmapped), then the magic breakpoint (xchg bx, bx); the
; guest spins while the dword is 5 (a debugger writes another value to end it), then leaves through the exit
; port: status (1 << 1) | 1 = 3.
; Fixed places for the monitor test, which has no symbols: rm_entry F0100h, bump F0400h, magic F0500h,
; spin F0503h.

bits 16
cpu 686
%ifidn __OUTPUT_FORMAT__, bin
org 0
%endif

%define EXIT_PORT 0xf4
%define COUNTER 0x2000
%define PAGE_DIR 0x3000

section .text

start:
    cli
    xor ax, ax
    mov ss, ax
    mov sp, 0x7000
    jmp rm_entry

    times 0x100 - ($ - $$) db 0x90
rm_entry:
    mov ax, 0x1234
    mov bx, 0x5678
    add ax, bx
    mov ds, bx
    xor bx, bx
    mov ds, bx
    o32 lgdt [cs:gdt_pointer]
    mov eax, cr0
    or al, 1
    mov cr0, eax
    jmp dword 0x08:(0xf0000 + pm_entry)

    align 8
gdt:
    dq 0
    dq 0x00cf9a000000ffff        ; 08h: flat 32-bit code
    dq 0x00cf92000000ffff        ; 10h: flat 32-bit data
gdt_pointer:
    dw gdt_pointer - gdt - 1
    dd 0xf0000 + gdt

bits 32
pm_entry:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov esp, 0x7000
    mov dword [COUNTER], 0
again:
    call bump                    ; near calls are relative: right at any address
    cmp dword [COUNTER], 5
    jb again
    mov dword [PAGE_DIR], 0x83   ; 4 MiB page at 0: present, writable, PS
    mov eax, cr4
    or eax, 0x10                 ; PSE
    mov cr4, eax
    mov eax, PAGE_DIR
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    jmp magic

    times 0x400 - ($ - $$) db 0x90
bump:
    inc dword [COUNTER]
    ret

    times 0x500 - ($ - $$) db 0x90
magic:
    xchg bx, bx
spin:
    cmp dword [COUNTER], 5
    je spin
    mov al, 1
    out EXIT_PORT, al
    cli
    hlt

bits 16
    times 0xfff0 - ($ - $$) db 0xff
reset_vector:
    jmp 0xf000:start
    times 0x10000 - ($ - $$) db 0xff
