; The 8042 keyboard controller with its PS/2 keyboard and mouse, driven through ports 60h/64h as a driver does, and
; checked against QEMU (tests/guest/qemu-expect chipset_kbc): the controller commands (read/write command byte,
; self-tests, interface tests, disable/enable of either device, read/write output port with A20, writes to the
; keyboard's and the mouse's output buffers with the AUX status bit and IRQs 1 and 12), the keyboard commands
; (reset, echo, identify and get scan code set with and without translation, LEDs, typematic, enable/disable,
; defaults), the mouse through D4h (reset, identify, the IntelliMouse knock 200-100-80, resolution, status request,
; streaming), and A20 through the output port and port 92h, seen in memory.
%include "tests/guest/lib.inc"
%include "tests/guest/chipset.inc"

%define VAR_IRQ1 0x504
%define VAR_IRQ12 0x506

test_main:
    call chipset_init
    SET_VEC 0x09, irq1_isr
    SET_VEC 0x74, irq12_isr
    call drain
    call test_controller
    call test_keyboard
    call test_mouse
    call test_irqs
    call test_a20
    PRINT `done\n`
    EXIT 0

; ---- the 8042 protocol ----

; wait_in: waits (up to 50 ms) until the controller's input buffer is empty
wait_in:
    push eax
    push ebx
    call pm_now
    mov ebx, eax
.busy:
    in al, 0x64
    test al, 2
    jz .done
    call pm_since
    cmp eax, PM_HZ / 20
    jb .busy
.done:
    pop ebx
    pop eax
    ret

; cmd: AL = controller command (port 64h)
cmd:
    call wait_in
    out 0x64, al
    ret

; data: AL = byte to port 60h
data:
    call wait_in
    out 0x60, al
    ret

; read: waits up to 50 ms for the output buffer -> CF clear and AL = byte, AH = status; CF set on time-out
read:
    push ebx
    push eax
    call pm_now
    mov ebx, eax
.wait:
    in al, 0x64
    test al, 1
    jnz .full
    call pm_since
    cmp eax, PM_HZ / 20
    jb .wait
    pop eax
    pop ebx
    stc
    ret
.full:
    mov bl, al
    pop eax
    mov ah, bl
    in al, 0x60
    pop ebx
    clc
    ret

; show_replies: prints every byte that arrives (until 50 ms pass without one), "--" for none
show_replies:
    push ax
    push cx
    xor cx, cx
.next:
    call read
    jc .end
    PRINT " "
    call hex8
    inc cx
    jmp .next
.end:
    test cx, cx
    jnz .some
    PRINT " --"
.some:
    PRINT `\n`
    pop cx
    pop ax
    ret

; CMD_SHOW "what", command: a controller command and its replies
%macro CMD_SHOW 2
    PRINT %1
    PRINT ":"
    mov al, %2
    call cmd
    call show_replies
%endmacro

; KBD_SHOW "what", byte...: bytes to the keyboard, each after the reply to the one before, then its replies
%macro KBD_SHOW 2-*
    PRINT %1
    PRINT ":"
    %rep %0 - 2
    %rotate 1
    mov al, %1
    call data
    call show_one
    %endrep
    %rotate 1
    mov al, %1
    call data
    call show_replies
%endmacro

; AUX_SHOW "what", byte...: the same for the mouse (each byte through D4h)
%macro AUX_SHOW 2-*
    PRINT %1
    PRINT ":"
    %rep %0 - 2
    %rotate 1
    mov al, 0xd4
    call cmd
    mov al, %1
    call data
    call show_one
    %endrep
    %rotate 1
    mov al, 0xd4
    call cmd
    mov al, %1
    call data
    call show_replies
%endmacro

; show_one: waits for one reply byte and prints it (" --" for none)
show_one:
    push ax
    call read
    jc .none
    PRINT " "
    call hex8
    pop ax
    ret
.none:
    PRINT " --"
    pop ax
    ret

drain:
    call read
    jnc drain
    ret

; command byte: AL
set_ccb:
    push ax
    mov al, 0x60
    call cmd
    pop ax
    call data
    ret

test_controller:
    mov al, 0x44                        ; translation, system flag, no interrupts, both devices enabled
    call set_ccb
    CMD_SHOW "command byte", 0x20
    CMD_SHOW "controller self-test", 0xaa
    mov al, 0x44
    call set_ccb
    CMD_SHOW "keyboard interface test", 0xab
    CMD_SHOW "mouse interface test", 0xa9
    mov al, 0xad
    call cmd
    mov al, 0xa7
    call cmd
    CMD_SHOW "command byte, both disabled", 0x20
    mov al, 0xae
    call cmd
    mov al, 0xa8
    call cmd
    CMD_SHOW "command byte, both enabled", 0x20
    PRINT "status after enabling:"
    in al, 0x64
    and al, 0xfd                        ; input buffer full depends on the moment
    PRINT " "
    call hex8
    PRINT `\n`
    mov al, 0xd0
    call cmd
    call read
    and al, 0x03                        ; reset (bit 0) and A20 (bit 1); the rest mirror the buffers and lines
    SHOW8 "output port: reset, A20", al
    mov al, 0xd2
    call cmd
    mov al, 0x5a
    call data
    call read
    SHOW8 "D2h echoed byte", al
    and ah, 0x21
    SHOW8 "its status: AUX, OBF", ah
    mov al, 0xd3
    call cmd
    mov al, 0xa5
    call data
    call read
    SHOW8 "D3h echoed byte", al
    and ah, 0x21
    SHOW8 "its status: AUX, OBF", ah
    ret

test_keyboard:
    KBD_SHOW "keyboard reset", 0xff
    KBD_SHOW "keyboard echo", 0xee
    KBD_SHOW "keyboard identify (translated)", 0xf2
    KBD_SHOW "get scan code set (translated)", 0xf0, 0x00
    KBD_SHOW "set scan code set 2", 0xf0, 0x02
    KBD_SHOW "set LEDs", 0xed, 0x07
    KBD_SHOW "typematic rate", 0xf3, 0x20
    KBD_SHOW "disable scanning", 0xf5
    KBD_SHOW "enable scanning", 0xf4
    mov al, 0x04                        ; translation off
    call set_ccb
    KBD_SHOW "keyboard identify (untranslated)", 0xf2
    KBD_SHOW "get scan code set (untranslated)", 0xf0, 0x00
    mov al, 0x44
    call set_ccb
    KBD_SHOW "set defaults", 0xf6
    ret

test_mouse:
    AUX_SHOW "mouse reset", 0xff
    AUX_SHOW "mouse identify", 0xf2
    AUX_SHOW "IntelliMouse knock", 0xf3, 200, 0xf3, 100, 0xf3, 80
    AUX_SHOW "mouse identify after it", 0xf2
    AUX_SHOW "set resolution", 0xe8, 0x02
    AUX_SHOW "mouse status request", 0xe9
    AUX_SHOW "enable streaming", 0xf4
    AUX_SHOW "disable streaming", 0xf5
    ret

irq1_isr:
    push ax
    in al, 0x60
    mov [es:VAR_IRQ1], al
    mov al, 0x20
    out 0x20, al
    pop ax
    iret

irq12_isr:
    push ax
    in al, 0x60
    mov [es:VAR_IRQ12], al
    mov al, 0x20
    out 0xa0, al
    out 0x20, al
    pop ax
    iret

; Interrupts: with the command byte's enables, a byte for the keyboard raises IRQ 1, one for the mouse IRQ 12
test_irqs:
    mov al, 0x47
    call set_ccb
    mov al, 0xf9                        ; IRQ 1 and the cascade
    out 0x21, al
    mov al, 0xef                        ; IRQ 12
    out 0xa1, al
    sti
    mov al, 0xd2
    call cmd
    mov al, 0x11
    call data
    mov ecx, PM_HZ / 100
    call pm_wait
    mov al, 0xd3
    call cmd
    mov al, 0x22
    call data
    call pm_wait
    cli
    mov al, 0xff
    out 0x21, al
    out 0xa1, al
    mov al, [es:VAR_IRQ1]
    SHOW8 "IRQ 1 handler read", al
    mov al, [es:VAR_IRQ12]
    SHOW8 "IRQ 12 handler read", al
    mov al, 0x44
    call set_ccb
    ret

; A20: with it off, 100000h aliases 0; on, it is its own memory. Through the output port (D1h) and port 92h.
a20_aliased:
    mov byte [fs:dword 0], 0x11
    mov byte [fs:dword 0x100000], 0x22
    cmp byte [fs:dword 0], 0x22
    ret

test_a20:
    mov al, 0xd1
    call cmd
    mov al, 0x01                        ; A20 off, no reset
    call data
    call wait_in
    call a20_aliased
    sete al
    SHOW8 "A20 off through D1h: aliased", al
    in al, 0x92
    and al, 2
    SHOW8 "port 92h bit 1", al
    mov al, 0xd1
    call cmd
    mov al, 0x03
    call data
    call wait_in
    call a20_aliased
    sete al
    SHOW8 "A20 on through D1h: aliased", al
    mov al, 0xd1
    call cmd
    mov al, 0x01
    call data
    call wait_in
    in al, 0x92
    or al, 2
    out 0x92, al
    call a20_aliased
    sete al
    SHOW8 "A20 on through port 92h: aliased", al
    in al, 0x92
    and al, 0xfc
    out 0x92, al
    call a20_aliased
    sete al
    SHOW8 "A20 off through port 92h: aliased", al
    ret

ROM_END
