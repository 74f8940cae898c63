; The PS/2 pointing-device services (INT 15h C2h) and IRQ12 (tests/bios/run): a boot sector on a hard disk that
; resets and sets up the mouse through the BIOS, installs a far handler and prints the packets it receives. The
; movements come from the run's --keys script:
;   <at 3s><mouse 10 20><mouse -5 -3 l><mouse 0 0>  three packets while reporting is on
;   <at 5s><mouse 7 7>                               none: reporting is off by then
;   <at 8s><mouse 1 -1 r>                            one 4-byte packet after the IntelliMouse knock
; Exit status 33 when every check passed, 35 otherwise.

%define PROGRAM_SECTORS 12
%define MAX_PACKETS 8
%include "tests/bios/testlib.inc"

; MOUSE func, bh: INT 15h AX=C200h+func with BH set; prints "C2xx BH=..: AH=.. CF=.." (CF kept).
%macro MOUSE 2
    PRINT "C2"
    push ax
    mov al, %1
    call hex8
    pop ax
    PRINT " "
    SHOW8 "BH", %2
    mov ax, 0xc200 + %1
    mov bh, %2
    int 0x15
    call show_result
%endmacro

; show_result: "AH=xx CF=n" for the call just made, keeping every register and CF.
show_result:
    pushf
    setc [last_cf]
    SHOW8 "AH", ah
    SHOW8 "CF", [last_cf]
    popf
    ret

last_cf: db 0

packet_count: dw 0
packets: times MAX_PACKETS * 4 dw 0

; The far handler: status, X, Y, Z words on the stack (pushed in that order), kept in `packets`.
mouse_handler:
    push bp
    mov bp, sp
    push ds
    push ax
    push bx
    xor ax, ax
    mov ds, ax
    mov bx, [packet_count]
    cmp bx, MAX_PACKETS
    jae .done
    shl bx, 3
    mov ax, [bp + 12]
    mov [packets + bx], ax
    mov ax, [bp + 10]
    mov [packets + bx + 2], ax
    mov ax, [bp + 8]
    mov [packets + bx + 4], ax
    mov ax, [bp + 6]
    mov [packets + bx + 6], ax
    inc word [packet_count]
.done:
    pop bx
    pop ax
    pop ds
    pop bp
    retf

; wait_packets: AX = packets to wait for, CX = ticks to give up after.
wait_packets:
    push es
    push dx
    push bx
    mov bx, ax
    push 0x40
    pop es
    mov dx, [es:0x6c]
.wait:
    cmp [packet_count], bx
    jae .done
    mov ax, [es:0x6c]
    sub ax, dx
    cmp ax, cx
    jae .done
    sti
    hlt
    jmp .wait
.done:
    pop bx
    pop dx
    pop es
    ret

; show_packets: the packets from number SI on, one a line: "packet: status X Y Z".
show_packets:
    push bx
.next:
    cmp si, [packet_count]
    jae .done
    mov bx, si
    shl bx, 3
    PRINT "packet:"
    SHOW16 " status", [packets + bx]
    SHOW16 "X", [packets + bx + 2]
    SHOW16 "Y", [packets + bx + 4]
    SHOW16 "Z", [packets + bx + 6]
    NL
    inc si
    jmp .next
.done:
    pop bx
    ret

main:
    PRINT `mouse test\n`
    int 0x11
    test al, 0x04
    CHECK nz, "INT 11h: a pointing device"
    ; 01h: reset answers AAh and the ID 00h
    MOUSE 0x01, 0xff
    SHOW16 "BX", bx
    NL
    cmp bx, 0x00aa
    CHECK e, "C201 reset: BH=00 BL=AA"
    MOUSE 0x05, 3
    NL
    MOUSE 0x05, 9
    NL
    cmp ah, 0x02
    CHECK e, "C205 packet size 9 refused"
    MOUSE 0x04, 0xff
    SHOW8 "BH", bh
    NL
    MOUSE 0x02, 6                       ; 200 per second
    NL
    MOUSE 0x02, 7
    NL
    MOUSE 0x03, 3                       ; 8 counts/mm
    NL
    MOUSE 0x06, 2                       ; scaling 2:1
    NL
    PRINT "C206 BH=00 "
    mov bx, 0x00ff
    xor cx, cx
    xor dx, dx
    mov ax, 0xc206
    int 0x15
    call show_result
    SHOW8 "status", bl
    SHOW8 "resolution", cl
    SHOW8 "rate", dl
    NL
    cmp bl, 0x10
    CHECK e, "C206 status: scaling 2:1, reporting off"
    MOUSE 0x06, 1                       ; back to 1:1
    NL
    MOUSE 0x06, 3
    NL
    PRINT "C208 "
    mov ax, 0xc208
    int 0x15
    call show_result
    NL
    ; 00h without a handler is refused (05h)
    MOUSE 0x00, 1
    NL
    ; 07h: the handler, then reporting on
    push cs
    pop es
    mov bx, mouse_handler
    PRINT "C207 ES:BX=handler "
    mov ax, 0xc207
    int 0x15
    call show_result
    NL
    MOUSE 0x00, 2
    NL
    MOUSE 0x00, 1
    NL
    cmp ah, 0
    CHECK e, "C200 enable"
    mov ax, 3
    mov cx, 18 * 10
    call wait_packets
    xor si, si
    call show_packets
    cmp word [packet_count], 3
    CHECK e, "three packets through the handler"
    ; 00h BH=0: no more packets
    MOUSE 0x00, 0
    NL
    mov ax, 4
    mov cx, 18 * 3                      ; past the movement at 5 s
    call wait_packets
    cmp word [packet_count], 3
    CHECK e, "no packet while disabled"
    ; The IntelliMouse knock (200, 100, 80) after 05h with 4-byte packets
    MOUSE 0x05, 4
    NL
    MOUSE 0x02, 6
    NL
    MOUSE 0x02, 5
    NL
    MOUSE 0x02, 4
    NL
    MOUSE 0x04, 0xff
    SHOW8 "BH", bh
    NL
    cmp bh, 3
    CHECK e, "C204 after the knock: IntelliMouse (03h)"
    MOUSE 0x00, 1
    NL
    mov ax, 4
    mov cx, 18 * 10
    call wait_packets
    mov si, 3
    call show_packets
    cmp word [packet_count], 4
    CHECK e, "one 4-byte packet"
    ; 07h with 0:0 removes the handler; enabling is refused again
    MOUSE 0x00, 0
    NL
    xor bx, bx
    mov es, bx
    PRINT "C207 ES:BX=0:0 "
    mov ax, 0xc207
    int 0x15
    call show_result
    NL
    MOUSE 0x00, 1
    NL
    cmp ah, 0x05
    CHECK e, "C200 enable without a handler refused"
    jmp finish

    times (PROGRAM_SECTORS + 1) * 512 - ($ - $$) db 0
