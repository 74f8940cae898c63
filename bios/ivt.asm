; The interrupt vector table and the default handlers for hardware interrupts.

; Table of (vector, handler offset in F000); all other vectors point at iret_stub.
ivt_entries:
    dw 0x08, int08_handler
    dw 0x09, int09_handler
    dw 0x0a, irq_master_eoi
    dw 0x0b, irq_master_eoi
    dw 0x0c, irq_master_eoi
    dw 0x0d, irq_master_eoi
    dw 0x0e, int0e_handler
    dw 0x0f, irq7_handler
    dw 0x10, int10_fallback
    dw 0x11, int11_handler
    dw 0x12, int12_handler
    dw 0x13, int13_handler
    dw 0x14, int14_handler
    dw 0x15, int15_handler
    dw 0x16, int16_handler
    dw 0x17, int17_handler
    dw 0x18, int18_handler
    dw 0x19, int19_handler
    dw 0x1a, int1a_handler
    dw 0x1e, diskette_param_table
    dw 0x70, int70_handler
    dw 0x71, irq_slave_eoi
    dw 0x72, irq_slave_eoi
    dw 0x73, irq_slave_eoi
    dw 0x74, int74_handler
    dw 0x75, int75_handler
    dw 0x76, irq_slave_eoi
    dw 0x77, irq15_handler
    dw 0xffff

post_init_ivt:
    xor ax, ax
    mov es, ax
    xor di, di
    mov cx, 256
.fill:
    mov word [es:di], iret_stub
    mov word [es:di + 2], 0xf000
    add di, 4
    loop .fill
    mov si, ivt_entries
.entry:
    mov bx, [cs:si]
    cmp bx, 0xffff
    je .done
    shl bx, 2
    mov ax, [cs:si + 2]
    mov [es:bx], ax
    add si, 4
    jmp .entry
.done:
    mov word [es:0x1d * 4], 0           ; no video parameter table
    mov word [es:0x1d * 4 + 2], 0
    mov word [es:0x1f * 4], 0           ; no 8x8 upper font until the VGA BIOS sets one
    mov word [es:0x1f * 4 + 2], 0
    ret

; An interrupt nobody serves: acknowledge it so the PIC does not stay blocked.
irq_master_eoi:
    push ax
    mov al, 0x20
    out PORT_PIC1_CMD, al
    pop ax
    iret

irq_slave_eoi:
    push ax
    mov al, 0x20
    out PORT_PIC2_CMD, al
    out PORT_PIC1_CMD, al
    pop ax
    iret

; IRQ7 and IRQ15 are also the 8259A's spurious vectors (a request that went away before the INTA: no ISR bit is
; set, Intel 8259A datasheet). Only a real IRQ7 (master ISR bit 7) gets an EOI; a spurious IRQ15 leaves the
; master's ISR bit 2 set, so the master gets its EOI and the slave only for a real IRQ15 (slave ISR bit 7).
; OCW3 0Bh selects the ISR for reads; the read-register selection is put back to the IRR (0Ah), the default.
irq7_handler:
    push ax
    mov al, 0x0b
    out PORT_PIC1_CMD, al
    in al, PORT_PIC1_CMD
    test al, 0x80
    mov al, 0x0a
    out PORT_PIC1_CMD, al
    jz .done
    mov al, 0x20
    out PORT_PIC1_CMD, al
.done:
    pop ax
    iret

irq15_handler:
    push ax
    mov al, 0x0b
    out PORT_PIC2_CMD, al
    in al, PORT_PIC2_CMD
    test al, 0x80
    mov al, 0x0a
    out PORT_PIC2_CMD, al
    jz .master
    mov al, 0x20
    out PORT_PIC2_CMD, al
.master:
    mov al, 0x20
    out PORT_PIC1_CMD, al
    pop ax
    iret

; IRQ13, the FPU error line on an AT: clear the busy latch, acknowledge, and report it as NMI (INT 02h).
int75_handler:
    push ax
    xor al, al
    out 0xf0, al
    mov al, 0x20
    out PORT_PIC2_CMD, al
    out PORT_PIC1_CMD, al
    pop ax
    int 0x02
    iret

; INT 10h before (or without) a VGA BIOS: teletype goes to COM1, the mode query answers 80x25 text.
int10_fallback:
    cmp ah, 0x0e
    jne .mode
    call serial_putc
    iret
.mode:
    cmp ah, 0x0f
    jne .done
    mov ax, 0x5003
    xor bh, bh
.done:
    iret

; INT 11h: the equipment word.
int11_handler:
    push ds
    mov ax, BDA_SEG
    mov ds, ax
    mov ax, [BDA_EQUIPMENT]
    pop ds
    iret

; INT 12h: conventional memory in KiB.
int12_handler:
    push ds
    mov ax, BDA_SEG
    mov ds, ax
    mov ax, [BDA_MEM_KB]
    pop ds
    iret

; INT 18h: no bootable device.
int18_handler:
    mov si, msg_no_boot
    call print_cstr
.halt:
    sti
    hlt
    jmp .halt

msg_no_boot: db "No bootable device.", 13, 10, 0
