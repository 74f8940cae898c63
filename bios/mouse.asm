; The PS/2 pointing device: INT 15h AH=C2h (the IBM PS/2 BIOS interface) and IRQ12 (INT 74h), which gathers
; the mouse's packets and hands each one to the caller's far handler.
;
; INT 15h C2h answers with CF clear and AH=00h, or CF set and AH = 01h invalid function, 02h invalid input,
; 03h interface error, 04h resend, 05h no far call handler installed. AL selects:
;   00h BH=0 disable, BH=1 enable (needs a handler)   01h reset: BH = device ID (00h), BL = AAh
;   02h BH = sample rate index 0-6 (10, 20, 40, 60, 80, 100, 200 per second)
;   03h BH = resolution 0-3 (1, 2, 4, 8 counts/mm)   04h BH = device ID (00h, 03h after the IntelliMouse knock)
;   05h initialize: BH = packet size 1-8 (3 standard, 4 IntelliMouse), then as 01h
;   06h BH=0 status: BL = status byte, CL = resolution, DL = sample rate; BH=1 scaling 1:1, BH=2 scaling 2:1
;   07h ES:BX = far handler (0:0 removes it)
; The handler is called with the words status, X, Y and Z on the stack, pushed in that order (the IBM PS/2
; convention SeaBIOS and the Bochs BIOS follow; Z is 0, or the wheel byte of a 4-byte IntelliMouse packet), with
; interrupts on; it returns with RETF and the BIOS removes the words.
;
; The state lives in the EBDA at the offsets IBM's PS/2 BIOS uses (handler at 22h, flags at 26h/27h, the
; packet at 28h), plus two bytes of our own.
%define EBDA_MOUSE_HANDLER  0x22            ; dword: offset, segment
%define EBDA_MOUSE_INDEX    0x26            ; byte: bytes of the packet received so far
%define EBDA_MOUSE_FLAGS    0x27            ; byte: bit 7 = a handler is installed
%define EBDA_MOUSE_PACKET   0x28            ; 8 bytes
%define EBDA_MOUSE_CTR      0x30            ; byte: the 8042 command byte while a command runs
%define EBDA_MOUSE_SIZE     0x31            ; byte: packet size from C205h (0: not set, taken as 3)

%define KBC_CTR_KBD_IRQ     0x01
%define KBC_CTR_AUX_IRQ     0x02
%define KBC_CTR_KBD_OFF     0x10
%define KBC_CTR_AUX_OFF     0x20

int15_mouse:
    sti
    push ds
    push si
    mov si, EBDA_SEG
    mov ds, si
    cmp al, 0x07
    ja .bad_function
    movzx si, al
    shl si, 1
    jmp [cs:mouse_functions + si]
.bad_function:
    mov ah, 0x01
.error:
    pop si
    pop ds
    jmp iret_cf_set
.ok:
    xor ah, ah
    pop si
    pop ds
    jmp iret_cf_clear

mouse_functions:
    dw mouse_enable, mouse_reset, mouse_rate, mouse_resolution, mouse_get_id, mouse_init, mouse_extended
    dw mouse_set_handler

; Each function ends at int15_mouse.ok, or at .error with AH set. DS = EBDA.

; 00h: reporting on or off. On also unmasks IRQ12 at the controller; off masks it again. Another BH is an
; invalid function (01h), as SeaBIOS and the Bochs BIOS answer.
mouse_enable:
    cmp bh, 1
    ja .bad
    je .on
    mov al, 0xf5
    mov ah, KBC_CTR_AUX_OFF             ; the command byte to keep: aux port off, no IRQ12
    jmp .send
.on:
    test byte [EBDA_MOUSE_FLAGS], 0x80
    jz .no_handler
    mov al, 0xf4
    mov ah, KBC_CTR_AUX_IRQ
.send:
    call mouse_begin
    and byte [EBDA_MOUSE_CTR], ~(KBC_CTR_AUX_OFF | KBC_CTR_AUX_IRQ)
    or [EBDA_MOUSE_CTR], ah
    call mouse_send
    call mouse_end
    jc int15_mouse.error
    jmp int15_mouse.ok
.bad:
    mov ah, 0x01
    jmp int15_mouse.error
.no_handler:
    mov ah, 0x05
    jmp int15_mouse.error

; 01h: FFh, then the self-test result (AAh) and the device ID.
mouse_reset:
    call mouse_begin
    mov al, 0xff
    call mouse_send
    jc .done
    call mouse_read
    jc .done
    mov bl, al
    call mouse_read
    mov bh, al
.done:
    call mouse_end
    jc int15_mouse.error
    jmp int15_mouse.ok

; 02h: F3h with the rate from the table.
mouse_rate:
    cmp bh, 6
    ja mouse_bad_input
    movzx si, bh
    mov al, 0xf3
    mov ah, [cs:mouse_rates + si]
    jmp mouse_command_with_parameter

mouse_rates: db 10, 20, 40, 60, 80, 100, 200

; 03h: E8h with the resolution as given.
mouse_resolution:
    cmp bh, 3
    ja mouse_bad_input
    mov al, 0xe8
    mov ah, bh
    jmp mouse_command_with_parameter

mouse_bad_input:
    mov ah, 0x02
    jmp int15_mouse.error

; AL = command, AH = its parameter byte; both acknowledged.
mouse_command_with_parameter:
    call mouse_begin
    call mouse_send
    jc .done
    mov al, ah
    call mouse_send
.done:
    call mouse_end
    jc int15_mouse.error
    jmp int15_mouse.ok

; 04h: F2h, then the ID.
mouse_get_id:
    call mouse_begin
    mov al, 0xf2
    call mouse_send
    jc .done
    call mouse_read
    mov bh, al
.done:
    call mouse_end
    jc int15_mouse.error
    jmp int15_mouse.ok

; 05h: the packet size, then a reset as 01h does (the device starts disabled, with the defaults).
mouse_init:
    cmp bh, 1
    jb mouse_bad_input
    cmp bh, 8
    ja mouse_bad_input
    mov [EBDA_MOUSE_SIZE], bh
    mov byte [EBDA_MOUSE_INDEX], 0
    jmp mouse_reset

; 06h: status (E9h and its three bytes), or scaling 1:1 (E6h) / 2:1 (E7h).
mouse_extended:
    cmp bh, 2
    ja .bad
    mov al, 0xe6
    cmp bh, 1
    je .one
    mov al, 0xe7
    ja .one
    call mouse_begin
    mov al, 0xe9
    call mouse_send
    jc .done
    call mouse_read
    jc .done
    mov bl, al
    call mouse_read
    jc .done
    mov cl, al
    call mouse_read
    mov dl, al
.done:
    call mouse_end
    jc int15_mouse.error
    jmp int15_mouse.ok
.one:
    call mouse_begin
    call mouse_send
    call mouse_end
    jc int15_mouse.error
    jmp int15_mouse.ok
.bad:
    mov ah, 0x01
    jmp int15_mouse.error

; 07h: the far handler; 0:0 removes it.
mouse_set_handler:
    mov [EBDA_MOUSE_HANDLER], bx
    mov [EBDA_MOUSE_HANDLER + 2], es
    and byte [EBDA_MOUSE_FLAGS], 0x7f
    mov si, es
    or si, bx
    jz .done
    or byte [EBDA_MOUSE_FLAGS], 0x80
.done:
    jmp int15_mouse.ok

; mouse_begin: keeps the 8042 command byte (in the EBDA) and runs the command with the keyboard and both
; interrupts off, so neither INT 09h nor INT 74h takes the mouse's answers. Interrupts off until mouse_end.
; Preserves AX.
mouse_begin:
    push ax
    cli
    call mouse_flush
    mov al, 0x20
    call kbc_command
    call mouse_read_ctr
    mov [EBDA_MOUSE_CTR], al
    and al, ~(KBC_CTR_KBD_IRQ | KBC_CTR_AUX_IRQ | KBC_CTR_AUX_OFF)
    or al, KBC_CTR_KBD_OFF
    call mouse_write_ctr
    pop ax
    ret

; mouse_end: the kept command byte back, a fresh packet; preserves AX and the flags (CF = the command's result).
mouse_end:
    pushf
    push ax
    call mouse_flush
    mov al, [EBDA_MOUSE_CTR]
    call mouse_write_ctr
    mov byte [EBDA_MOUSE_INDEX], 0
    pop ax
    popf
    sti
    ret

; mouse_read_ctr: AL = the 8042's answer to command 20h; a mouse byte that came first is dropped.
mouse_read_ctr:
    push bx
    xor bl, bl
    call kbc_read_from
    pop bx
    jnc .done
    mov al, 0x65                        ; no answer: the command byte POST sets
.done:
    ret

; mouse_write_ctr: AL = the new 8042 command byte.
mouse_write_ctr:
    push ax
    mov al, 0x60
    call kbc_command
    call kbc_wait_input_empty
    pop ax
    out PORT_KBC_DATA, al
    ret

; mouse_flush: drops what waits in the 8042's output buffer (a partial packet, a late answer).
mouse_flush:
    push ax
    push cx
    mov cx, 32
.next:
    in al, PORT_KBC_STATUS
    test al, 0x01
    jz .done
    in al, PORT_KBC_DATA
    loop .next
.done:
    pop cx
    pop ax
    ret

; mouse_send: AL = a byte for the mouse (8042 command D4h); CF set with AH = 03h (no answer) or 04h (not
; acknowledged) when it is not taken. Preserves AH otherwise.
mouse_send:
    push ax
    mov al, 0xd4
    call kbc_command
    call kbc_wait_input_empty
    pop ax
    out PORT_KBC_DATA, al
    push ax
    call mouse_read
    jc .timeout
    cmp al, 0xfa
    jne .nak
    pop ax
    clc
    ret
.timeout:
    pop ax
    mov ah, 0x03
    stc
    ret
.nak:
    pop ax
    mov ah, 0x04
    stc
    ret

; mouse_read: AL = the next byte from the mouse (keyboard bytes are skipped); CF set, AH = 03h on timeout.
mouse_read:
    push bx
    mov bl, 0x20
    call kbc_read_from
    pop bx
    jnc .done
    mov ah, 0x03
.done:
    ret

; kbc_read_from: BL = 20h for a byte from the mouse, 00h for one from the keyboard or the 8042 itself (status bit
; 5): AL = the next such byte, the other kind dropped; CF set when none comes in time.
kbc_read_from:
    push ecx
    push dx
    mov ecx, 0x100000
.poll:
    in al, PORT_KBC_STATUS
    test al, 0x01
    jz .wait
    and al, 0x20
    mov dl, al
    in al, PORT_KBC_DATA
    cmp dl, bl
    je .done
.wait:
    dec ecx
    jnz .poll
    pop dx
    pop ecx
    stc
    ret
.done:
    pop dx
    pop ecx
    clc
    ret

; IRQ12: one byte of a packet. A first byte must have bit 3 set (always so in a PS/2 packet), which puts a
; stream that lost a byte back in step. A complete packet goes to the handler, if one is installed.
int74_handler:
    push ax
    push bx
    push ds
    mov ax, EBDA_SEG
    mov ds, ax
    in al, PORT_KBC_STATUS
    and al, 0x21
    cmp al, 0x21
    jne .eoi                            ; no mouse byte waiting (it went to a poll)
    in al, PORT_KBC_DATA
    test byte [EBDA_MOUSE_FLAGS], 0x80
    jz .eoi
    movzx bx, byte [EBDA_MOUSE_INDEX]
    test bx, bx
    jnz .store
    test al, 0x08
    jz .eoi
.store:
    mov [EBDA_MOUSE_PACKET + bx], al
    inc bx
    mov ah, [EBDA_MOUSE_SIZE]
    test ah, ah
    jnz .sized
    mov ah, 3
.sized:
    cmp bl, ah
    jae .complete
    mov [EBDA_MOUSE_INDEX], bl
    jmp .eoi
.complete:
    mov byte [EBDA_MOUSE_INDEX], 0
    call mouse_call_handler
.eoi:
    mov al, 0x20
    out PORT_PIC2_CMD, al
    out PORT_PIC1_CMD, al
    pop ds
    pop bx
    pop ax
    iret

; mouse_call_handler: DS = EBDA. Pushes status, X, Y, 0 and calls the handler, keeping every register.
mouse_call_handler:
    pushad
    push es
    movzx ax, byte [EBDA_MOUSE_PACKET]
    push ax
    mov al, [EBDA_MOUSE_PACKET + 1]
    push ax
    mov al, [EBDA_MOUSE_PACKET + 2]
    push ax
    mov al, [EBDA_MOUSE_PACKET + 3]     ; the wheel byte of a 4-byte packet, 0 otherwise
    cmp byte [EBDA_MOUSE_SIZE], 4
    je .z
    xor al, al
.z:
    push ax
    sti
    call far [EBDA_MOUSE_HANDLER]
    cli
    add sp, 8
    pop es
    popad
    ret
