; The local APIC and the I/O APIC as an OS drives them, checked against QEMU (tests/guest/qemu-expect chipset_apic):
; the local APIC's version, the timer in one-shot and periodic modes with its divider (periods against the ACPI PM
; timer; both APIC timers run at 1 GHz), the current count, a masked timer that still counts, self-IPIs held back by
; the task priority (TPR, PPR, IRR) and delivered highest vector first when it drops, ISR while a handler runs and
; EOI; the I/O APIC's redirection table routing ISA IRQ 1 (the 8042) edge- and level-triggered (remote IRR set until
; the EOI, the level request delivered again while the line stays high) and masking. On a loaded host QEMU's
; periodic-timer lines can FAIL: its timers run on host time and late periodic interrupts are coalesced.
%include "tests/guest/lib.inc"
%include "tests/guest/chipset.inc"

%define APIC 0xfee00000
%define IOAPIC 0xfec00000
%define VAR_LOG_N 0x504                 ; word: entries in VAR_ORDER (vectors as handlers ran)
%define VAR_ISR_SEEN 0x506              ; dword: ISR word of the handler's vector
%define VAR_RIRR 0x50a                  ; dword: redirection entry 1 as the level handler saw it

; LAPIC_W reg, value / LAPIC_R reg -> EAX
%macro LAPIC_W 2
    mov dword [fs:dword APIC + %1], %2
%endmacro
%macro LAPIC_R 1
    mov eax, [fs:dword APIC + %1]
%endmacro
; IOAPIC_W index, value / IOAPIC_R index -> EAX
%macro IOAPIC_W 2
    mov dword [fs:dword IOAPIC], %1
    mov dword [fs:dword IOAPIC + 0x10], %2
%endmacro
%macro IOAPIC_R 1
    mov dword [fs:dword IOAPIC], %1
    mov eax, [fs:dword IOAPIC + 0x10]
%endmacro
; SHOW32 "what": EAX
%macro SHOW32 1
    PRINT %1
    PRINT ": "
    call lib_print_hex32
    PRINT `\n`
%endmacro

test_main:
    call chipset_init                   ; also the local APIC enabled in virtual-wire mode
    mov ax, 0x40
.vectors:
    mov bx, ax
    shl bx, 2
    mov word [es:bx], log_isr
    mov [es:bx + 2], cs
    inc ax
    cmp ax, 0x80
    jb .vectors
    SET_VEC 0x51, level_isr
    call test_version
    call test_timer
    call test_tpr
    call test_ioapic
    PRINT `done\n`
    EXIT 0

; log_isr: the common handler of vectors 40h-7Fh: logs the vector (from the ISR), EOI
log_isr:
    push eax
    push ebx
    push cx
    ; the vector in service: the highest ISR bit (registers 100h-170h)
    mov cx, 7
.reg:
    movzx ebx, cx
    shl ebx, 4
    mov eax, [fs:dword APIC + 0x100 + ebx]
    test eax, eax
    jnz .found
    dec cx
    jns .reg
    xor ax, ax
    jmp .log
.found:
    mov [es:VAR_ISR_SEEN], eax
    bsr eax, eax
    shl cx, 5
    add ax, cx
.log:
    mov bx, [es:VAR_LOG_N]
    mov [es:VAR_ORDER + bx], al
    inc word [es:VAR_LOG_N]
    inc word [es:VAR_COUNT]
    LAPIC_W 0xb0, 0
    pop cx
    pop ebx
    pop eax
    iret

show_log:
    PRINT ":"
    xor bx, bx
.next:
    cmp bx, [es:VAR_LOG_N]
    jae .done
    PRINT " "
    mov al, [es:VAR_ORDER + bx]
    call hex8
    inc bx
    jmp .next
.done:
    PRINT `\n`
    mov word [es:VAR_LOG_N], 0
    ret

test_version:
    LAPIC_R 0x30
    and eax, 0xff                       ; 14h; the LVT count differs (x86pc: no thermal entry, QEMU: 6 entries)
    SHOW32 "local APIC version"
    LAPIC_R 0xf0
    SHOW32 "spurious vector register"
    LAPIC_R 0x350
    SHOW32 "LVT LINT0"
    IOAPIC_R 1
    shr eax, 16                         ; the version: 82093AA's 11h here, QEMU's 20h
    SHOW32 "I/O APIC maximum redirection entry"
    IOAPIC_R 0x10
    SHOW32 "I/O APIC entry 0 (low)"
    ret

; timer_period: EBX = DCR value, ECX = initial count; periodic, vector 40h -> EAX = PM ticks for 10 periods
timer_period:
    mov word [es:VAR_COUNT], 0
    mov word [es:VAR_LOG_N], 0
    mov [fs:dword APIC + 0x3e0], ebx
    LAPIC_W 0x320, 0x20040
    mov [fs:dword APIC + 0x380], ecx
    sti
.first:
    hlt
    cmp word [es:VAR_COUNT], 1
    jb .first
    call pm_now
    mov ebx, eax
.more:
    hlt
    cmp word [es:VAR_COUNT], 11
    jb .more
    call pm_since
    cli
    LAPIC_W 0x320, 0x10040
    LAPIC_W 0x380, 0
    ret

test_timer:
    ; one-shot, divide by 1, 1 ms: one interrupt
    mov word [es:VAR_COUNT], 0
    mov word [es:VAR_LOG_N], 0
    LAPIC_W 0x3e0, 0x0b
    LAPIC_W 0x320, 0x00041
    LAPIC_W 0x380, 1000000
    LAPIC_R 0x390
    cmp eax, 1000000
    setbe al
    cmp al, 1
    RESULT "current count starts at the initial count"
    sti
    mov ecx, PM_HZ / 200
    call pm_wait
    cli
    PRINT "one-shot vectors in 5 ms"
    call show_log
    LAPIC_R 0x390
    SHOW32 "current count after it"
    ; periodic: 10 periods of 5 ms with three dividers
    mov ebx, 0x0b                       ; divide by 1
    mov ecx, 5000000
    call timer_period
    mov ebx, PM_HZ / 20
    call within
    RESULT "periodic, divide by 1"
    mov ebx, 0x03                       ; divide by 16
    mov ecx, 312500
    call timer_period
    mov ebx, PM_HZ / 20
    call within
    RESULT "periodic, divide by 16"
    mov ebx, 0x0a                       ; divide by 128
    mov ecx, 39063
    call timer_period
    mov ebx, PM_HZ / 20
    call within
    RESULT "periodic, divide by 128"
    ; masked: no interrupt, the count still runs down
    mov word [es:VAR_COUNT], 0
    LAPIC_W 0x3e0, 0x0b
    LAPIC_W 0x320, 0x10042
    LAPIC_W 0x380, 1000000
    sti
    mov ecx, PM_HZ / 2000               ; 0.5 ms
    call pm_wait
    cli
    LAPIC_R 0x390
    cmp eax, 1000000 - 200000
    setb dl
    test eax, eax
    setnz al
    and al, dl
    cmp al, 1
    RESULT "masked timer counts down"
    mov ax, [es:VAR_COUNT]
    SHOW8 "masked timer interrupts", al
    LAPIC_W 0x380, 0
    ret

; self_ipi: EAX = vector (fixed, shorthand "self")
self_ipi:
    or eax, 0x40000
    mov [fs:dword APIC + 0x300], eax
    ret

test_tpr:
    mov word [es:VAR_LOG_N], 0
    LAPIC_W 0x80, 0x50                  ; TPR class 5
    LAPIC_R 0xa0
    SHOW32 "PPR with TPR 50h"
    sti
    mov eax, 0x45                       ; class 4: held
    call self_ipi
    mov eax, 0x61                       ; class 6: delivered
    call self_ipi
    mov eax, 0x62
    call self_ipi
    mov eax, 0x47
    call self_ipi
    mov ecx, 30
    call pm_wait
    PRINT "delivered with TPR 50h"
    call show_log
    LAPIC_R 0x220                       ; IRR bits 40h-5Fh
    SHOW32 "IRR 40h-5Fh"
    LAPIC_W 0x80, 0                     ; the held ones now, highest first
    mov ecx, 30
    call pm_wait
    cli
    PRINT "delivered with TPR 0"
    call show_log
    LAPIC_R 0x220
    SHOW32 "IRR 40h-5Fh after"
    mov eax, [es:VAR_ISR_SEEN]
    SHOW32 "ISR 40h-5Fh in the last handler"
    LAPIC_R 0x120
    SHOW32 "ISR 40h-5Fh after its EOI"
    LAPIC_R 0xa0
    SHOW32 "PPR at the end"
    ret

; I/O APIC pin 1 (the 8042's IRQ 1, raised with command D2h)
kbd_byte:
    push ax
.busy:
    in al, 0x64
    test al, 2
    jnz .busy
    mov al, 0xd2
    out 0x64, al
.busy2:
    in al, 0x64
    test al, 2
    jnz .busy2
    pop ax
    out 0x60, al
    ret

level_isr:
    push eax
    inc word [es:VAR_COUNT]
    IOAPIC_R 0x12
    mov [es:VAR_RIRR], eax
    cmp word [es:VAR_COUNT], 3
    jb .keep
    in al, 0x60                         ; the third time: the line goes low
.keep:
    LAPIC_W 0xb0, 0
    pop eax
    iret

test_ioapic:
    ; the 8042: keyboard interrupt on, output buffer empty
.busy:
    in al, 0x64
    test al, 2
    jnz .busy
    mov al, 0x60
    out 0x64, al
.busy2:
    in al, 0x64
    test al, 2
    jnz .busy2
    mov al, 0x45
    out 0x60, al
    mov ecx, PM_HZ / 200
    call pm_wait
    in al, 0x60
    ; edge, vector 50h
    mov word [es:VAR_LOG_N], 0
    IOAPIC_W 0x13, 0
    IOAPIC_W 0x12, 0x50
    sti
    mov al, 0x11
    call kbd_byte
    mov ecx, PM_HZ / 200
    call pm_wait
    cli
    PRINT "edge-triggered pin 1"
    call show_log
    IOAPIC_R 0x12
    SHOW32 "entry 1 after it"
    in al, 0x60
    ; masked: nothing
    IOAPIC_W 0x12, 0x10050
    sti
    mov al, 0x22
    call kbd_byte
    mov ecx, PM_HZ / 200
    call pm_wait
    cli
    PRINT "masked pin 1"
    call show_log
    in al, 0x60
    ; level, vector 51h: delivered again after each EOI while the line is high
    mov word [es:VAR_COUNT], 0
    IOAPIC_W 0x12, 0x8051
    sti
    mov al, 0x33
    call kbd_byte
    mov ecx, PM_HZ / 200
    call pm_wait
    cli
    mov ax, [es:VAR_COUNT]
    SHOW8 "level-triggered pin 1 deliveries", al
    mov eax, [es:VAR_RIRR]
    SHOW32 "entry 1 in the handler (remote IRR)"
    IOAPIC_R 0x12
    SHOW32 "entry 1 after the EOIs"
    IOAPIC_W 0x12, 0x10000
    ret

ROM_END
