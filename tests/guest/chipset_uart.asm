; The 16550A UART (COM2, so that COM1 keeps the test's own output) as drivers use it, checked against QEMU
; (tests/guest/qemu-expect chipset_uart; QEMU gets COM1 and COM2 from chipset_uart.qemu-args): the scratch and
; divisor latch registers, IIR and LSR at rest, FIFO enable in IIR, loopback with the modem outputs on the modem
; inputs, loopback data without and with the FIFO, overrun (16450 mode and a full 16-byte FIFO), the receive trigger
; level and the character time-out in IIR, and the transmitter-empty interrupt on IRQ 3 (IIR read clears it, a
; write re-arms it once the character is sent).
%include "tests/guest/lib.inc"
%include "tests/guest/chipset.inc"

%define U 0x2f8
%define RBR (U + 0)
%define IER (U + 1)
%define IIR (U + 2)
%define FCR (U + 2)
%define LCR (U + 3)
%define MCR (U + 4)
%define LSR (U + 5)
%define MSR (U + 6)
%define SCR (U + 7)

; IN_REG reg -> AL; OUT_REG reg, value
%macro IN_REG 1
    mov dx, %1
    in al, dx
%endmacro
%macro OUT_REG 2
    mov dx, %1
    mov al, %2
    out dx, al
%endmacro
; SHOW_REG "what", reg[, mask]
%macro SHOW_REG 2-3 0xff
    IN_REG %2
    and al, %3
    SHOW8 %1, al
%endmacro

test_main:
    call chipset_init
    SET_VEC 0x0b, count_isr
    call test_registers
    call test_loopback
    call test_fifo
    call test_overrun
    call test_trigger
    call test_thre_irq
    PRINT `done\n`
    EXIT 0

; char_wait: ~n character times at 115200 baud (87 us each): ECX = n
char_wait:
    push ecx
    imul ecx, ecx, 311
    call pm_wait
    pop ecx
    ret

; drain_rx: reads RBR while LSR shows data
drain_rx:
    mov cx, 64
.more:
    IN_REG LSR
    test al, 1
    jz .done
    IN_REG RBR
    loop .more
.done:
    ret

test_registers:
    OUT_REG SCR, 0x5a
    SHOW_REG "scratch", SCR
    OUT_REG LCR, 0x83                   ; DLAB, 8N1
    OUT_REG U + 0, 0x34
    OUT_REG U + 1, 0x12
    IN_REG U + 1
    mov ah, al
    IN_REG U + 0
    SHOW8 "divisor latch high", ah
    SHOW8 "divisor latch low", al
    OUT_REG U + 0, 1                    ; 115200 baud
    OUT_REG U + 1, 0
    OUT_REG LCR, 0x03
    SHOW_REG "LCR", LCR
    SHOW_REG "IER", IER
    SHOW_REG "IIR, FIFOs off", IIR
    SHOW_REG "LSR at rest", LSR
    OUT_REG FCR, 0x07
    SHOW_REG "IIR, FIFOs on", IIR
    OUT_REG FCR, 0x00
    SHOW_REG "IIR, FIFOs off again", IIR
    ret

test_loopback:
    OUT_REG MCR, 0x1f                   ; loop, OUT2, OUT1, RTS, DTR
    SHOW_REG "loopback MSR lines, all outputs on", MSR, 0xf0
    OUT_REG MCR, 0x11                   ; DTR only: DSR
    SHOW_REG "loopback MSR lines, DTR", MSR, 0xf0
    OUT_REG MCR, 0x12                   ; RTS only: CTS
    SHOW_REG "loopback MSR lines, RTS", MSR, 0xf0
    OUT_REG MCR, 0x14                   ; OUT1: RI
    SHOW_REG "loopback MSR lines, OUT1", MSR, 0xf0
    OUT_REG MCR, 0x18                   ; OUT2: DCD
    SHOW_REG "loopback MSR lines, OUT2", MSR, 0xf0
    OUT_REG MCR, 0x10
    call drain_rx
    OUT_REG RBR, 0x41
    mov ecx, 3
    call char_wait
    SHOW_REG "loopback LSR after a byte", LSR
    SHOW_REG "loopback byte", RBR
    SHOW_REG "LSR after reading it", LSR
    ret

test_fifo:
    OUT_REG FCR, 0x07
    OUT_REG MCR, 0x10
    mov cx, 16
    mov bl, 0x30
.send:
    IN_REG LSR
    test al, 0x20                       ; room in the transmit FIFO?
    jz .send
    mov al, bl
    mov dx, RBR
    out dx, al
    inc bl
    loop .send
    mov ecx, 20
    call char_wait
    PRINT "16 bytes through the FIFO:"
    mov cx, 20
.recv:
    IN_REG LSR
    test al, 1
    jz .done
    IN_REG RBR
    PRINT " "
    call hex8
    loop .recv
.done:
    PRINT `\n`
    SHOW_REG "LSR after them", LSR
    ret

test_overrun:
    OUT_REG FCR, 0x00                   ; 16450 mode: the second byte overwrites the first
    OUT_REG MCR, 0x10
    call drain_rx
    OUT_REG RBR, 0x61
    mov ecx, 3
    call char_wait
    OUT_REG RBR, 0x62
    call char_wait
    SHOW_REG "16450 mode, two bytes unread: LSR", LSR
    SHOW_REG "LSR read again (OE cleared)", LSR
    SHOW_REG "RBR", RBR
    OUT_REG FCR, 0x07                   ; FIFO: 18 bytes into 16 places
    mov cx, 18
    mov bl, 0x40
.send:
    IN_REG LSR
    test al, 0x20
    jz .send
    mov al, bl
    mov dx, RBR
    out dx, al
    inc bl
    loop .send
    mov ecx, 24
    call char_wait
    SHOW_REG "full FIFO overrun: LSR", LSR
    xor bl, bl
    mov cx, 20
.count:
    IN_REG LSR
    test al, 1
    jz .counted
    IN_REG RBR
    mov bh, al
    inc bl
    loop .count
.counted:
    SHOW8 "bytes kept", bl
    SHOW8 "the last one kept", bh
    ret

; FIFO trigger level 4: one byte waits for the character time-out, four are a data-available interrupt
test_trigger:
    OUT_REG FCR, 0x47                   ; trigger at 4, both FIFOs cleared
    OUT_REG MCR, 0x10
    OUT_REG IER, 0x01
    OUT_REG RBR, 0x71
    mov ecx, 2
    call char_wait
    SHOW_REG "one byte, trigger 4: IIR", IIR
    mov ecx, 8
    call char_wait
    SHOW_REG "after four character times: IIR (time-out)", IIR
    IN_REG RBR
    SHOW_REG "after reading it: IIR", IIR
    mov cx, 4
.send:
    mov dx, RBR
    mov al, 0x72
    out dx, al
    push cx
    mov ecx, 2
    call char_wait
    pop cx
    loop .send
    SHOW_REG "four bytes: IIR", IIR
    call drain_rx
    SHOW_REG "drained: IIR", IIR
    OUT_REG IER, 0
    OUT_REG FCR, 0
    OUT_REG MCR, 0
    ret

; THRE interrupt on IRQ 3 (not loopback: the bytes go to COM2's back end). The handler leaves the UART alone, so
; the request stays up (one edge) until the test reads IIR.
test_thre_irq:
    OUT_REG MCR, 0x08                   ; OUT2: the IRQ line driver
    mov word [es:VAR_COUNT], 0
    mov al, 0xf7
    out 0x21, al
    sti
    OUT_REG IER, 0x02
    mov ecx, 3
    call char_wait
    cli
    mov ax, [es:VAR_COUNT]
    SHOW8 "THRE enabled: IRQ 3 count", al
    SHOW_REG "IIR", IIR
    SHOW_REG "IIR read again (cleared by the read)", IIR
    mov word [es:VAR_COUNT], 0
    sti
    OUT_REG RBR, 0x55
    mov ecx, 3
    call char_wait
    cli
    mov ax, [es:VAR_COUNT]
    SHOW8 "IRQ 3 count after a byte is sent", al
    SHOW_REG "IIR then", IIR
    OUT_REG IER, 0
    OUT_REG MCR, 0
    mov al, 0xff
    out 0x21, al
    ret

ROM_END
