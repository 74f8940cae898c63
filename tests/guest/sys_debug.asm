; Debug exceptions: single-step (TF) traps and their EIPs, data breakpoints on writes and on reads/writes (traps after the access), an I/O breakpoint with CR4.DE, DR6's
; status bits, and DR4/DR5 aliasing DR6/DR7 (#UD with CR4.DE). (Instruction breakpoints are in sys_hardware:
; QEMU 7.2 crashes on them.)
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

%define VAR_STEPS 0x580
%define VAR_STOP 0x584
WATCH equ 0x600

bits 16
test_main:
    PM_START

bits 32
; #DB: prints EIP and DR6's interesting bits, clears DR6, sets RF (so a breakpointed instruction can run) and
; stops single-stepping at VAR_STOP.
db_handler:
    push eax
    push ds
    mov ax, SEL_DATA
    mov ds, ax
    P `#DB @`
    PHEX [esp + 8]
    P ` dr6=`
    mov eax, dr6
    and eax, 0xe00f
    PHEX eax
    PNL
    xor eax, eax
    mov dr6, eax
    or dword [esp + 16], 0x10000    ; RF
    mov eax, [esp + 8]
    cmp eax, [VAR_STOP]
    jne .go
    and dword [esp + 16], ~0x100    ; TF off
.go:
    pop ds
    pop eax
    iretd

pm_main:
    P `debug\n`
    mov eax, 1
    mov ebx, SEL_CODE32
    mov ecx, db_handler
    mov dl, 0x8e
    call set_idt

    ; single-step three instructions
    mov dword [VAR_STOP], step_end
    pushfd
    or dword [esp], 0x100
    popfd
    mov eax, 1                      ; the first trap comes after this one
    add eax, 2
    nop
step_end:
    P `stepping over\n`

    ; data breakpoints: DR1 on writes to WATCH (4 bytes), DR3 on reads or writes of WATCH+8 (2 bytes)
    mov eax, WATCH
    mov dr1, eax
    mov eax, WATCH + 8
    mov dr3, eax
    mov eax, (0xd << 20) | (0x7 << 28) | 0x44 ; RW1 = 01, LEN1 = 11; RW3 = 11, LEN3 = 01; L1, L3
    mov dr7, eax
    mov eax, [WATCH]                ; a read: DR1 does not care
    mov dword [WATCH], 5            ; trap after this write
    mov byte [WATCH + 3], 1         ; overlaps the watched dword
    mov byte [WATCH + 4], 1         ; outside
    mov ax, [WATCH + 8]             ; DR3 sees reads too
    mov eax, [WATCH + 6]            ; overlaps WATCH+8
    P `data breakpoints done\n`
    xor eax, eax
    mov dr7, eax

    ; an I/O breakpoint (CR4.DE) on port 80h
    mov eax, cr4
    or eax, 8
    mov cr4, eax
    mov eax, 0x80
    mov dr2, eax
    mov eax, (0x2 << 24) | 0x10     ; RW2 = 10 (I/O), LEN2 = 00, L2
    mov dr7, eax
    mov al, 0x55
    out 0x81, al
    out 0x80, al                    ; trap after this one
    mov dx, 0x7f
    out dx, ax                      ; covers 7Fh-80h: trap
    P `io breakpoints done\n`
    xor eax, eax
    mov dr7, eax

    ; DR4/DR5: #UD with CR4.DE, DR6/DR7 without
    EXPECT .ud
    mov eax, dr4
.ud:
    mov eax, cr4
    and eax, ~8
    mov cr4, eax
    mov eax, 0x155
    mov dr5, eax
    mov eax, dr7
    P `dr7 through dr5: `
    PHEX eax
    xor eax, eax
    mov dr7, eax
    mov eax, dr6
    P ` dr6: `
    PHEX eax
    PNL
    P `done\n`
    EXIT 0

bits 16
ROM_END
