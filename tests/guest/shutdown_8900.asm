; Bochs' power-off port: "Shutdown" written to port 0x8900 ends the run with status 0; a broken sequence does
; not. POST codes written to port 0x80 are logged (--post-log).
%include "tests/guest/lib.inc"

test_main:
    mov al, 0x12
    out 0x80, al
    mov al, 0xab
    out 0x80, al
    mov si, not_quite
    call send_8900
    PRINT_E9 `survived a partial sequence\n`
    mov si, shutdown
    call send_8900
    PRINT_E9 `not reached\n`
    EXIT 0x7f

send_8900:
    mov dx, 0x8900
.next:
    lodsb
    test al, al
    jz .done
    out dx, al
    jmp .next
.done:
    ret

not_quite: db "ShutXdown", 0
shutdown: db "Shutdown", 0

ROM_END
