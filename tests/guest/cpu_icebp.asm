; INT1 (ICEBP, opcode F1) in real, protected and virtual-8086 mode: a #DB trap (the pushed IP is the next
; instruction's) that, unlike INT 1 (CD 01), the gate's DPL does not stop at ring 3 and IOPL does not stop in V86
; mode (Intel SDM vol. 2, INT n/INTO/INT3/INT1; vol. 3, 6.12.1.1). QEMU 7.2 raises #UD for it instead: see
; cpu_icebp.qemu-differs.
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

bits 16
test_main:
    xor ax, ax
    mov es, ax
    mov word [es:1 * 4], rm_db
    mov word [es:1 * 4 + 2], 0xf000
    mov word [es:6 * 4], rm_ud
    mov word [es:6 * 4 + 2], 0xf000
    mov bp, sp
    mov si, .t1
    db 0xf1
.t1:
    mov si, .t2
    int 1                               ; the same vector through INT n
.t2:
    PM_START

rm_db:                                  ; prints `real: #DB @ip ok` when IP is the one in SI
    push bp
    mov bp, sp
    PRINT "real: #DB"
    cmp [bp + 2], si
    jne .bad
    PRINT ` @next\n`
    pop bp
    iret
.bad:
    PRINT ` @wrong ip\n`
    EXIT 0x7e

rm_ud:
    PRINT `real: #UD\n`
    EXIT 0x7d

bits 32
pm_main:
    P `protected mode, ring 0:\n`
    EXPECT .r0
    db 0xf1                             ; through the DPL 0 gate: the common handler prints `#01 @eip`
.r0:
    call setup_user
    P `ring 3:\n`
    mov eax, ring3
    mov ebx, 0x0002
    call run_user
    mov eax, 0xe9
    btr [TSS_BASE + 0x68], eax          ; the I/O bitmap allows port E9h
    mov eax, 6                          ; #UD ends the V86 part
    mov ebx, SEL_CODE32
    mov ecx, user_return_handler
    mov dl, 0x8e
    call set_idt
    P `virtual-8086 mode, IOPL 0:\n`
    call run_v86
    P `done\n`
    EXIT 0

run_v86:                                ; until #UD
    mov [VAR_KERN_ESP], esp
    push dword 0                        ; GS FS DS ES
    push dword 0
    push dword 0
    push dword 0
    push dword 0                        ; SS:SP
    push dword 0x6000
    push dword 0x20002                  ; EFLAGS: VM, IOPL 0
    push dword 0xf000
    push dword v86
    iretd

ring3:
    EXPECT .r3
    db 0xf1                             ; the gate's DPL 0 does not matter: #DB
.r3:
    EXPECT .after
    int 1                               ; INT n does check it: #GP(8 + 2)
.after:
    USER_RETURN

bits 16
v86:
    mov dword [ss:VAR_RESUME], .v1
    db 0xf1                             ; not IOPL-sensitive: #DB to the monitor
.v1:
    mov dword [ss:VAR_RESUME], .after
    int 1                               ; IOPL-sensitive: #GP(0)
.after:
    ud2

ROM_END
