; The local APIC timer's TSC-deadline mode (Intel SDM vol. 3A, 10.5.4.1): CPUID.1:ECX bit 24 reports it; LVT timer
; mode 10b selects it; writing IA32_TSC_DEADLINE (MSR 6E0h) arms it and the interrupt comes once the TSC reaches
; the deadline (the TSC in the handler is at or past it, and not far past); the timer then disarms itself (the MSR
; reads 0); writing 0 disarms; a deadline already passed fires at once; leaving the mode disarms (and back in it,
; nothing is armed); in the other modes MSR writes are ignored and it reads 0; in TSC-deadline mode the
; initial-count register ignores writes and the current count reads 0. x86pc offers the mode with --tsc-deadline
; (chipset_apic_tsc.args; a Pentium II has no TSC-deadline, and no MFENCE for an OS that uses it). QEMU's TCG does
; not offer it at all (chipset_apic_tsc.qemu-differs).
%include "tests/guest/lib.inc"
%include "tests/guest/chipset.inc"

%define APIC 0xfee00000
%define LVT_TIMER (APIC + 0x320)
%define TSC_DEADLINE 0x6e0
%define MODE_DEADLINE 0x00040040        ; vector 40h, TSC-deadline mode
%define MODE_ONESHOT 0x00000040
%define VAR_N 0x520                     ; word: timer interrupts taken
%define VAR_TSC 0x524                   ; qword: the TSC as the handler saw it
%define VAR_DL 0x52c                    ; qword: the deadline armed last
%define NEAR_TSC 200000                 ; "not far past": within this many TSC ticks of the deadline

; SHOW32 "what": EAX
%macro SHOW32 1
    PRINT %1
    PRINT ": "
    call lib_print_hex32
    PRINT `\n`
%endmacro

test_main:
    call chipset_init                   ; the local APIC software-enabled, virtual wire
    SET_VEC 0x40, timer_isr
    mov eax, 1
    cpuid
    shr ecx, 24
    and ecx, 1
    mov eax, ecx
    SHOW32 "CPUID.1:ECX[24] (TSC-deadline)"
    mov dword [fs:dword LVT_TIMER], MODE_DEADLINE
    mov eax, [fs:dword LVT_TIMER]
    SHOW32 "LVT timer"
    mov dword [fs:dword APIC + 0x3e0], 0x0b     ; divide by 1
    mov dword [fs:dword APIC + 0x380], 1000
    mov eax, [fs:dword APIC + 0x380]
    SHOW32 "initial count after a write"
    mov eax, [fs:dword APIC + 0x390]
    SHOW32 "current count"
    mov ecx, TSC_DEADLINE
    rdmsr
    SHOW32 "IA32_TSC_DEADLINE before arming"

    ; ---- armed: the interrupt at the deadline ----
    mov ebx, 100000
    call arm
    mov ecx, TSC_DEADLINE               ; (printing takes time: results are printed after the wait)
    rdmsr
    xor eax, [es:VAR_DL]
    xor edx, [es:VAR_DL + 4]
    or eax, edx
    mov ebp, eax
    mov ebx, 1000000
    call wait_tsc
    test ebp, ebp
    RESULT "the MSR reads the deadline back"
    mov ax, [es:VAR_N]
    SHOW8 "interrupts after the deadline", al
    call check_tsc
    mov ecx, TSC_DEADLINE
    rdmsr
    or eax, edx
    RESULT "fired: the MSR reads 0"

    ; ---- writing 0 disarms ----
    mov word [es:VAR_N], 0
    mov ebx, 100000
    call arm
    xor eax, eax
    xor edx, edx
    mov ecx, TSC_DEADLINE
    wrmsr
    mov ebx, 1000000
    call wait_tsc
    mov ax, [es:VAR_N]
    SHOW8 "interrupts after writing 0", al

    ; ---- a deadline in the past fires at once ----
    mov word [es:VAR_N], 0
    rdtsc
    sub eax, 1000
    sbb edx, 0
    mov [es:VAR_DL], eax
    mov [es:VAR_DL + 4], edx
    mov ecx, TSC_DEADLINE
    wrmsr
    sti
    nop
    nop
    cli
    mov ax, [es:VAR_N]
    SHOW8 "interrupts right after a past deadline", al

    ; ---- switching to one-shot mode disarms; back in TSC-deadline mode nothing is armed ----
    mov word [es:VAR_N], 0
    mov ebx, 100000
    call arm
    mov dword [fs:dword LVT_TIMER], MODE_ONESHOT
    mov ecx, TSC_DEADLINE
    rdmsr
    or eax, edx
    RESULT "one-shot mode: the MSR reads 0"
    mov ebx, 1000000
    call wait_tsc
    mov dword [fs:dword LVT_TIMER], MODE_DEADLINE
    mov ebx, 1000000
    call wait_tsc
    mov ecx, TSC_DEADLINE
    rdmsr
    or eax, edx
    RESULT "back in TSC-deadline mode: disarmed"
    mov ax, [es:VAR_N]
    SHOW8 "interrupts after the switches", al

    ; ---- outside TSC-deadline mode a write to the MSR is ignored ----
    mov dword [fs:dword LVT_TIMER], MODE_ONESHOT
    mov ebx, 1000
    call arm
    mov ecx, TSC_DEADLINE
    rdmsr
    or eax, edx
    RESULT "one-shot mode: the write is ignored"
    mov ebx, 1000000
    call wait_tsc
    mov ax, [es:VAR_N]
    SHOW8 "interrupts from the ignored write", al

    ; ---- rearming moves the deadline; the new one fires ----
    mov dword [fs:dword LVT_TIMER], MODE_DEADLINE
    mov ebx, 5000000
    call arm
    mov ebx, 200000
    call arm
    mov ebx, 1000000
    call wait_tsc
    mov ax, [es:VAR_N]
    SHOW8 "interrupts after rearming earlier", al
    call check_tsc
    PRINT `done\n`
    EXIT 0

; arm: EBX = TSC ticks from now -> IA32_TSC_DEADLINE = TSC + EBX (also in VAR_DL), the handler's TSC cleared
arm:
    mov dword [es:VAR_TSC], 0
    mov dword [es:VAR_TSC + 4], 0
    rdtsc
    add eax, ebx
    adc edx, 0
    mov [es:VAR_DL], eax
    mov [es:VAR_DL + 4], edx
    mov ecx, TSC_DEADLINE
    wrmsr
    ret

; wait_tsc: EBX = TSC ticks to wait with interrupts on
wait_tsc:
    rdtsc
    mov esi, eax
    mov edi, edx
    sti
.spin:
    rdtsc
    sub eax, esi
    sbb edx, edi
    jnz .done
    cmp eax, ebx
    jb .spin
.done:
    cli
    ret

; check_tsc: the handler's TSC at or past the deadline, and within NEAR_TSC of it
check_tsc:
    mov eax, [es:VAR_TSC]
    mov edx, [es:VAR_TSC + 4]
    sub eax, [es:VAR_DL]
    sbb edx, [es:VAR_DL + 4]
    jnz .bad                            ; negative (early) or hugely late
    cmp eax, NEAR_TSC
    jae .bad
    xor eax, eax
.bad:
    RESULT "the handler's TSC is at the deadline or just past it"
    ret

timer_isr:
    push eax
    push edx
    rdtsc
    mov [es:VAR_TSC], eax
    mov [es:VAR_TSC + 4], edx
    inc word [es:VAR_N]
    mov dword [fs:dword APIC + 0xb0], 0
    pop edx
    pop eax
    iret

ROM_END
