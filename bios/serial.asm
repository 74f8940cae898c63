; INT 14h: the serial ports COM1-COM4 found at POST.

; Divisors for the 8 rates of AL bits 7-5: 110, 150, 300, 600, 1200, 2400, 4800, 9600 baud.
serial_divisors: dw 1047, 768, 384, 192, 96, 48, 24, 12

int14_handler:
    push dx
    push bx
    push ds
    push cx
    mov bx, BDA_SEG
    mov ds, bx
    mov bx, dx
    and bx, 3
    shl bx, 1
    mov dx, [BDA_COM_BASE + bx]
    test dx, dx
    jz .none
    cmp ah, 0x00
    je .init
    cmp ah, 0x01
    je .send
    cmp ah, 0x02
    je .receive
    jmp .status
.init:
    push ax
    add dx, 3
    mov al, 0x80                        ; DLAB
    out dx, al
    sub dx, 3
    pop ax
    push ax
    movzx bx, al
    shr bx, 5
    shl bx, 1
    mov ax, [cs:serial_divisors + bx]
    out dx, al
    inc dx
    mov al, ah
    out dx, al
    add dx, 2
    pop ax
    and al, 0x1f                        ; word length, stop bits, parity
    out dx, al
    sub dx, 3
    jmp .status
.send:
    mov ah, al
    add dx, 5
    mov cx, 0xffff
.send_wait:
    in al, dx
    test al, 0x20
    jnz .send_now
    loop .send_wait
    sub dx, 5
    mov al, ah
    mov ah, 0x80                        ; timeout
    jmp .done
.send_now:
    sub dx, 5
    mov al, ah
    out dx, al
    jmp .status
.receive:
    add dx, 5
    mov cx, 0xffff
.receive_wait:
    in al, dx
    test al, 0x01
    jnz .receive_now
    loop .receive_wait
    sub dx, 5
    mov ah, 0x80
    jmp .done
.receive_now:
    mov ah, al
    and ah, 0x1e                        ; line errors
    sub dx, 5
    in al, dx
    jmp .done
.status:
    add dx, 5
    in al, dx
    mov ah, al
    inc dx
    in al, dx                           ; modem status
    sub dx, 6
    jmp .done
.none:
    mov ah, 0x80
.done:
    pop cx
    pop ds
    pop bx
    pop dx
    iret
