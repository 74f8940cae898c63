; The keyboard: 8042 and keyboard set-up at POST, the IRQ1 handler (INT 09h) that turns scan codes (set 1, as
; the 8042 translates them) into BIOS key codes, and INT 16h.

; Bounded polls of the 8042: each gives up after ~1M reads so a missing controller cannot hang POST.
kbc_wait_input_empty:
    push ecx
    mov ecx, 0x100000
.poll:
    in al, PORT_KBC_STATUS
    test al, 0x02
    jz .ok
    dec ecx
    jnz .poll
.ok:
    pop ecx
    ret

; kbc_read_data: AL = the next byte from the 8042; CF set on timeout.
kbc_read_data:
    push ecx
    mov ecx, 0x100000
.poll:
    in al, PORT_KBC_STATUS
    test al, 0x01
    jnz .ready
    dec ecx
    jnz .poll
    pop ecx
    stc
    ret
.ready:
    in al, PORT_KBC_DATA
    pop ecx
    clc
    ret

; kbc_command: AL = controller command.
kbc_command:
    push ax
    call kbc_wait_input_empty
    pop ax
    out PORT_KBC_STATUS, al
    ret

; kbd_send: AL = byte for the keyboard; returns its first answer in AL (CF on timeout).
kbd_send:
    push ax
    call kbc_wait_input_empty
    pop ax
    out PORT_KBC_DATA, al
    jmp kbc_read_data

kbd_init:
    ; Drain anything pending, then the controller self test (55h = good).
    mov cx, 16
.drain:
    in al, PORT_KBC_STATUS
    test al, 0x01
    jz .test
    in al, PORT_KBC_DATA
    loop .drain
.test:
    mov al, 0xaa
    call kbc_command
    call kbc_read_data
    jc .fail
    ; Command byte: keyboard interrupt on, system flag, mouse port off, scan code translation on.
    mov al, 0x60
    call kbc_command
    call kbc_wait_input_empty
    mov al, 0x65
    out PORT_KBC_DATA, al
    mov al, 0xae                        ; enable the keyboard interface
    call kbc_command
    ; Keyboard reset: ACK (FAh) then BAT result (AAh).
    mov al, 0xff
    call kbd_send
    jc .fail
    call kbc_read_data
    mov al, 0xf4                        ; enable scanning
    call kbd_send
    ret
.fail:
    mov si, msg_kbd_fail
    call print_cstr
    ret

msg_kbd_fail: db "Keyboard controller not responding", 13, 10, 0

; Scan code (set 1) to ASCII: unshifted and shifted, codes 00h-39h.
kbd_ascii_normal:
    db 0, 27, '1234567890-=', 8, 9
    db 'qwertyuiop[]', 13, 0
    db "asdfghjkl;'`", 0, '\'
    db 'zxcvbnm,./', 0, '*', 0, ' '
kbd_ascii_shift:
    db 0, 27, '!@#$%^&*()_+', 8, 0
    db 'QWERTYUIOP{}', 13, 0
    db 'ASDFGHJKL:"~', 0, '|'
    db 'ZXCVBNM<>?', 0, '*', 0, ' '
; Keypad 47h-53h with NumLock: 7 8 9 - 4 5 6 + 1 2 3 0 .
kbd_keypad: db '789-456+1230.'

; Shift-state bits in BDA 0017h
%define KF_RSHIFT 0x01
%define KF_LSHIFT 0x02
%define KF_CTRL   0x04
%define KF_ALT    0x08
%define KF_SCROLL 0x10
%define KF_NUM    0x20
%define KF_CAPS   0x40
%define KF_INSERT 0x80
; BDA 0096h bit 1: the last byte was an E0 prefix
%define KF3_E0    0x02

int09_handler:
    push ax
    push bx
    push ds
    mov ax, BDA_SEG
    mov ds, ax
    in al, PORT_KBC_DATA
    cmp al, 0xe0
    jne .not_e0
    or byte [BDA_KBD_FLAGS3], KF3_E0
    jmp .eoi
.not_e0:
    mov ah, [BDA_KBD_FLAGS3]
    and byte [BDA_KBD_FLAGS3], ~KF3_E0
    test al, 0x80
    jnz .release
    call kbd_make
    jmp .eoi
.release:
    and al, 0x7f
    mov bl, KF_LSHIFT
    cmp al, 0x2a
    je .clear
    mov bl, KF_RSHIFT
    cmp al, 0x36
    je .clear
    mov bl, KF_CTRL
    cmp al, 0x1d
    je .clear
    mov bl, KF_ALT
    cmp al, 0x38
    jne .eoi
.clear:
    not bl
    and [BDA_KBD_FLAGS0], bl
.eoi:
    mov al, 0x20
    out PORT_PIC1_CMD, al
    pop ds
    pop bx
    pop ax
    iret

; kbd_make: AL = make code, AH = flags3 before this byte (E0 prefix). DS = BDA.
kbd_make:
    mov bl, KF_LSHIFT
    cmp al, 0x2a
    je .set
    mov bl, KF_RSHIFT
    cmp al, 0x36
    je .set
    mov bl, KF_CTRL
    cmp al, 0x1d
    je .set
    mov bl, KF_ALT
    cmp al, 0x38
    je .set
    mov bl, KF_CAPS
    cmp al, 0x3a
    je .toggle
    mov bl, KF_NUM
    cmp al, 0x45
    je .toggle
    mov bl, KF_SCROLL
    cmp al, 0x46
    je .toggle
    ; Ctrl-Alt-Del: reset the machine through the keyboard controller.
    cmp al, 0x53
    jne .translate
    mov bl, [BDA_KBD_FLAGS0]
    and bl, KF_CTRL | KF_ALT
    cmp bl, KF_CTRL | KF_ALT
    jne .translate
    mov word [BDA_RESET_FLAG], 0x1234
    mov al, 0xfe
    out PORT_KBC_STATUS, al
    ret
.set:
    or [BDA_KBD_FLAGS0], bl
    ret
.toggle:
    xor [BDA_KBD_FLAGS0], bl
    ret
.translate:
    call kbd_translate
    test ax, ax
    jz .done
    call kbd_buffer_put
.done:
    ret

; kbd_translate: AL = make code, AH = flags3 (E0) -> AX = BIOS key code (scan << 8 | ASCII), 0 for none.
kbd_translate:
    mov bh, al                          ; BH = scan code
    test ah, KF3_E0
    jnz .extended
    cmp al, 0x39
    ja .high
    movzx bx, al
    mov ah, [BDA_KBD_FLAGS0]
    test ah, KF_ALT
    jnz .alt
    test ah, KF_CTRL
    jnz .ctrl
    mov al, [cs:kbd_ascii_normal + bx]
    test ah, KF_LSHIFT | KF_RSHIFT
    jz .caps
    mov al, [cs:kbd_ascii_shift + bx]
.caps:
    test ah, KF_CAPS
    jz .make
    ; Caps Lock swaps the case of letters only.
    mov ah, al
    or ah, 0x20
    cmp ah, 'a'
    jb .make
    cmp ah, 'z'
    ja .make
    xor al, 0x20
.make:
    mov ah, bl
    ret
.ctrl:
    mov al, [cs:kbd_ascii_normal + bx]
    cmp al, 'a'
    jb .ctrl_other
    cmp al, 'z'
    ja .ctrl_other
    sub al, 0x60                        ; Ctrl-A = 1 ... Ctrl-Z = 26
    jmp .make
.ctrl_other:
    cmp al, 13
    je .make                            ; Ctrl-Enter keeps CR
    mov al, 0
    jmp .make
.alt:
    xor al, al
    jmp .make
.high:
    ; F1-F10 (3Bh-44h), keypad (47h-53h), F11/F12 (57h, 58h)
    cmp al, 0x44
    jbe .function
    cmp al, 0x47
    jb .none
    cmp al, 0x53
    ja .f11
    test byte [BDA_KBD_FLAGS0], KF_NUM
    jz .extended_keypad
    movzx bx, al
    mov ah, al
    mov al, [cs:kbd_keypad + bx - 0x47]
    ret
.extended_keypad:
    mov ah, al
    xor al, al
    ret
.function:
    mov ah, al
    test byte [BDA_KBD_FLAGS0], KF_LSHIFT | KF_RSHIFT
    jz .fn_ctrl
    add ah, 0x54 - 0x3b
    jmp .fn_done
.fn_ctrl:
    test byte [BDA_KBD_FLAGS0], KF_CTRL
    jz .fn_alt
    add ah, 0x5e - 0x3b
    jmp .fn_done
.fn_alt:
    test byte [BDA_KBD_FLAGS0], KF_ALT
    jz .fn_done
    add ah, 0x68 - 0x3b
.fn_done:
    xor al, al
    ret
.f11:
    cmp al, 0x57
    je .f11_code
    cmp al, 0x58
    jne .none
    mov ax, 0x8600
    ret
.f11_code:
    mov ax, 0x8500
    ret
.extended:
    ; E0 keys: arrows, Home/End, PgUp/PgDn, Insert/Delete, keypad Enter and slash.
    cmp al, 0x1c
    jne .ext_slash
    mov ax, 0xe00d
    ret
.ext_slash:
    cmp al, 0x35
    jne .ext_nav
    mov ax, 0xe02f
    ret
.ext_nav:
    cmp al, 0x47
    jb .none
    cmp al, 0x53
    ja .none
    mov ah, al
    mov al, 0xe0
    ret
.none:
    xor ax, ax
    ret

; kbd_buffer_put: AX = key code into the circular buffer (dropped when full). DS = BDA.
kbd_buffer_put:
    push bx
    push si
    mov bx, [BDA_KBD_TAIL]
    mov si, bx
    add si, 2
    cmp si, [BDA_KBD_END]
    jb .room
    mov si, [BDA_KBD_START]
.room:
    cmp si, [BDA_KBD_HEAD]
    je .full
    mov [bx], ax
    mov [BDA_KBD_TAIL], si
.full:
    pop si
    pop bx
    ret

int16_handler:
    push ds
    push bx
    mov bx, BDA_SEG
    mov ds, bx
    cmp ah, 0x00
    je .read
    cmp ah, 0x10
    je .read_ext
    cmp ah, 0x01
    je .peek
    cmp ah, 0x11
    je .peek_ext
    cmp ah, 0x02
    je .shift
    cmp ah, 0x12
    je .shift_ext
    cmp ah, 0x05
    je .store
    cmp ah, 0x0a
    je .id
    cmp ah, 0x03
    je .done
    jmp .done
.read:
    call kbd_buffer_get
    cmp al, 0xe0                        ; AH=00h reports extended keys with ASCII 0
    jne .done
    test ah, ah
    jz .done
    xor al, al
    jmp .done
.read_ext:
    call kbd_buffer_get
    jmp .done
.peek:
.peek_ext:
    cli
    mov bx, [BDA_KBD_HEAD]
    cmp bx, [BDA_KBD_TAIL]
    je .empty
    mov ax, [bx]
    sti
    pop bx
    pop ds
    push bp
    mov bp, sp
    and byte [bp + 6], ~0x40            ; ZF clear: a key is waiting
    pop bp
    iret
.empty:
    sti
    pop bx
    pop ds
    push bp
    mov bp, sp
    or byte [bp + 6], 0x40              ; ZF set: no key
    pop bp
    iret
.shift:
    mov al, [BDA_KBD_FLAGS0]
    jmp .done
.shift_ext:
    mov al, [BDA_KBD_FLAGS0]
    mov ah, [BDA_KBD_FLAGS1]
    jmp .done
.store:
    mov ax, cx
    push si
    mov bx, [BDA_KBD_TAIL]
    mov si, bx
    add si, 2
    cmp si, [BDA_KBD_END]
    jb .store_room
    mov si, [BDA_KBD_START]
.store_room:
    cmp si, [BDA_KBD_HEAD]
    je .store_full
    mov [bx], ax
    mov [BDA_KBD_TAIL], si
    pop si
    xor al, al
    jmp .done
.store_full:
    pop si
    mov al, 1
    jmp .done
.id:
    pop bx
    mov bx, 0x83ab
    pop ds
    iret
.done:
    pop bx
    pop ds
    iret

; kbd_buffer_get: waits for a key (halting between interrupts) and returns it in AX. DS = BDA.
kbd_buffer_get:
    sti
.wait:
    cli
    mov bx, [BDA_KBD_HEAD]
    cmp bx, [BDA_KBD_TAIL]
    jne .take
    sti
    hlt
    jmp .wait
.take:
    mov ax, [bx]
    add bx, 2
    cmp bx, [BDA_KBD_END]
    jb .store
    mov bx, [BDA_KBD_START]
.store:
    mov [BDA_KBD_HEAD], bx
    sti
    ret
