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
    mov ch, 0x20                        ; transmitter holding register empty
    call serial_wait_lsr
    jnz .send_now
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
    mov ch, 0x01                        ; data ready
    call serial_wait_lsr
    jnz .receive_now
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

; serial_wait_lsr: DX = line status port, CH = the bits to wait for, BX = port number * 2, DS = BDA -> AL = the
; line status; ZF clear when a bit came, set on a time-out of 40:7Ch+port seconds (IBM's per-port time-out byte,
; 1 by default) on the timer tick. A fixed count of polls (as before) ran out faster than one character at 9600
; baud once the CPU ran faster (tests/bios/services.asm at --ips 500000000); the tick is the same at any speed.
serial_wait_lsr:
    push bx
    push si
    shr bx, 1
    movzx si, byte [BDA_COM_TIMEOUT + bx]
    imul si, si, 18
    inc si                              ; ticks to wait, at least one whole tick
    sti
.new_tick:
    mov bx, [BDA_TIMER_COUNT]
.poll:
    in al, dx
    test al, ch
    jnz .done                           ; ZF clear
    cmp bx, [BDA_TIMER_COUNT]
    je .poll
    dec si
    jnz .new_tick                       ; ZF set when the time is up
.done:
    pop si
    pop bx
    ret
