; Small helpers used across the BIOS: console output (screen and COM1), CMOS and fw_cfg access.

; print_cstr: prints the NUL-terminated string at CS:SI. Preserves all registers.
print_cstr:
    push ax
    push si
.next:
    mov al, [cs:si]
    test al, al
    jz .done
    call print_char
    inc si
    jmp .next
.done:
    pop si
    pop ax
    ret

; print_char: AL to the screen (INT 10h teletype, once video is up) and to COM1. Preserves all registers.
print_char:
    push ax
    push bx
    push ds
    push ax
    mov ax, BDA_SEG
    mov ds, ax
    pop ax
    cmp byte [BDA_VIDEO_READY], 0
    je .serial
    mov ah, 0x0e
    mov bx, 0x0007
    int 0x10
.serial:
    call serial_putc
    pop ds
    pop bx
    pop ax
    ret

; serial_putc: AL to COM1 if a UART answers. It waits for the transmitter as long as a character takes at the
; rate the guest may have set (FreeDOS sets 2400 baud), up to about half a second measured by the refresh bit of
; port 61h (it toggles every 15 us), so no character is dropped and a missing or stuck UART cannot hang POST.
serial_putc:
    push ax
    push bx
    push cx
    push dx
    mov ah, al
    mov cx, 33000                       ; refresh toggles: ~0.5 s
    in al, PORT_SYS_B
    and al, 0x10
    mov bl, al
.wait:
    mov dx, PORT_COM1 + 5
    in al, dx
    cmp al, 0xff
    je .skip                            ; no UART
    test al, 0x20
    jnz .send
    in al, PORT_SYS_B
    and al, 0x10
    cmp al, bl
    je .wait
    mov bl, al
    loop .wait
    jmp .skip
.send:
    mov al, ah
    mov dx, PORT_COM1
    out dx, al
.skip:
    pop dx
    pop cx
    pop bx
    pop ax
    ret

; print_hex16: AX as four hex digits.
print_hex16:
    push ax
    push cx
    mov cx, 4
.digit:
    rol ax, 4
    push ax
    and al, 0x0f
    add al, '0'
    cmp al, '9'
    jbe .out
    add al, 'a' - '0' - 10
.out:
    call print_char
    pop ax
    loop .digit
    pop cx
    pop ax
    ret

; print_dec32: EAX as a decimal number.
print_dec32:
    push eax
    push ecx
    push edx
    mov ecx, 10
    push word 0xffff                    ; end marker
.divide:
    xor edx, edx
    div ecx
    push dx
    test eax, eax
    jnz .divide
.emit:
    pop ax
    cmp ax, 0xffff
    je .done
    add al, '0'
    call print_char
    jmp .emit
.done:
    pop edx
    pop ecx
    pop eax
    ret

; cmos_read: AL = index -> AL = value (NMI stays enabled).
cmos_read:
    out PORT_CMOS_INDEX, al
    in al, PORT_CMOS_DATA
    ret

; cmos_write: AL = index, AH = value.
cmos_write:
    out PORT_CMOS_INDEX, al
    mov al, ah
    out PORT_CMOS_DATA, al
    ret

; fwcfg_select: AX = item.
fwcfg_select:
    push dx
    mov dx, PORT_FWCFG_SEL
    out dx, ax
    pop dx
    ret

; fwcfg_read_dword: the next four bytes of the selected item, little-endian, in EAX.
fwcfg_read_dword:
    push cx
    push dx
    mov dx, PORT_FWCFG_DATA
    mov cx, 4
.byte:
    in al, dx
    ror eax, 8
    loop .byte
    pop dx
    pop cx
    ret

; fwcfg_present: ZF set when the x86pc fw_cfg signature "X86PC-FW" answers.
fwcfg_present:
    push ax
    push si
    push cx
    push dx
    mov ax, FWCFG_SIGNATURE
    call fwcfg_select
    mov si, fwcfg_signature
    mov cx, 8
    mov dx, PORT_FWCFG_DATA
.cmp:
    in al, dx
    cmp al, [cs:si]
    jne .done                           ; ZF clear
    lea si, [si + 1]                    ; (not INC: it would clear ZF after the last match)
    loop .cmp                           ; ZF stays set from the last compare
.done:
    pop dx
    pop cx
    pop si
    pop ax
    ret

fwcfg_signature: db "X86PC-FW"

; wait_ticks: waits CX timer ticks (55 ms each) with interrupts enabled.
wait_ticks:
    push ax
    push ds
    push bx
    mov ax, BDA_SEG
    mov ds, ax
    sti
.tick:
    mov bx, [BDA_TIMER_COUNT]
.same:
    hlt
    cmp bx, [BDA_TIMER_COUNT]
    je .same
    loop .tick
    pop bx
    pop ds
    pop ax
    ret
