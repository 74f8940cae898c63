; Ctrl-Alt-Del (tests/bios/run): a boot sector on a hard disk. At the first boot the reset flag (0040:0072) is not
; 1234h: it leaves a marker at 8000:0000, says so and waits for the keys; the run's --keys script types
; Ctrl+Alt+Del, INT 09h stores 1234h and resets the machine, and the second boot finds the flag and the marker
; (RAM kept: a warm reboot) and exits with status 33 (35 on any failure).

%define PROGRAM_SECTORS 1
%define MARKER_SEG 0x8000
%include "tests/bios/testlib.inc"

main:
    push 0x40
    pop es
    mov ax, [es:0x72]
    push MARKER_SEG
    pop fs
    cmp ax, 0x1234
    je .warm
    SHOW16 `first boot: reset flag`, ax
    NL
    mov dword [fs:0], 'CAD!'
    PRINT `waiting for Ctrl-Alt-Del\n`
.wait:
    sti
    hlt
    jmp .wait
.warm:
    PRINT `second boot: reset flag 1234h\n`
    cmp dword [fs:0], 'CAD!'
    CHECK e, "memory kept through the reboot"
    mov dword [fs:0], 0
    jmp finish

    times (PROGRAM_SECTORS + 1) * 512 - ($ - $$) db 0
