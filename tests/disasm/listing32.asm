; 32-bit code for the x86pc-disasm listing test (tests/disasm/test_listing.c): listed with --bits 32
; --org 0x100000 --att, it must print tests/disasm/listing32.expect.
bits 32
org 0x100000
entry:
    push ebp
    mov ebp, esp
    mov eax, [ebp+8]
    lea ecx, [eax+ebx*4-0x20]
    movzx edx, byte [ecx]
    imul edx, edx, 100
    shl dword [ebx], 1
    cmp dword [0x2000], 0
    jne entry
    call near [eax*4+0x3000]
    rep stosd
    repne scasb
    fild qword [esp]
    fsubp st1, st0
    fnstsw ax
    mov cr3, eax
    lgdt [gdt_ptr]
    jmp 0x08:next
next:
    in al, 0x60
    pop ebp
    ret 4
gdt_ptr:
    dw 0x17
    dd 0
