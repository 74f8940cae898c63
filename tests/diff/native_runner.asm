; The native side of the differential test: a static 32-bit Linux program (no libc) that executes test cases on
; the host CPU. It reads cases from stdin and writes results to stdout, one fixed-size record each.
;
; Case record (CASE_SIZE bytes, little-endian): 8 registers (EAX..EDI; ESP is ignored), EFLAGS, 16 code bytes
; (the instruction, padded with NOPs), 64 bytes of data memory. Result record: 8 registers, EFLAGS, 64 bytes of
; data memory, and a fault flag (the signal number, or 0).
; Code runs at CODE_ADDR, data at DATA_ADDR (both mapped with MAP_FIXED), so memory operands can point there.
; Cases are read and results written in batches of BATCH, because system calls are slow on some hosts.

bits 32
%define CODE_ADDR 0x00300000
%define DATA_ADDR 0x00400000
%define CASE_SIZE (9 * 4 + 16 + 64)
%define RESULT_SIZE (9 * 4 + 64 + 4)
%define BATCH 4096

%define SYS_exit 1
%define SYS_read 3
%define SYS_write 4
%define SYS_mmap2 192
%define SYS_sigaction 67
%define SYS_sigaltstack 186

section .bss
alt_stack: resb 65536
batch_in: resb CASE_SIZE * BATCH
batch_out: resb RESULT_SIZE * BATCH
case_buf: resb CASE_SIZE
result_buf: resb RESULT_SIZE
batch_count: resd 1
batch_index: resd 1
saved_esp: resd 1
sigact: resb 16

section .text
global _start
_start:
    ; code page (RWX) and data page
    mov eax, SYS_mmap2
    mov ebx, CODE_ADDR
    mov ecx, 4096
    mov edx, 7
    mov esi, 0x32                       ; MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS
    mov edi, -1
    xor ebp, ebp
    int 0x80
    mov eax, SYS_mmap2
    mov ebx, DATA_ADDR
    mov ecx, 4096
    mov edx, 3
    mov esi, 0x32
    mov edi, -1
    xor ebp, ebp
    int 0x80
    ; Signals run on their own stack, because the tested instruction may leave any value in ESP.
    mov eax, SYS_sigaltstack
    mov ebx, stack_t
    xor ecx, ecx
    int 0x80
    ; SIGFPE (8), SIGSEGV (11), SIGILL (4), SIGTRAP (5) -> on_fault (old-style sigaction: handler, mask, flags)
    mov dword [sigact], on_fault
    mov dword [sigact + 4], 0
    mov dword [sigact + 8], 0x48000000  ; SA_NODEFER | SA_ONSTACK: the handler leaves by jumping, not returning
    mov dword [sigact + 12], 0
    mov ebx, 8
    call set_handler
    mov ebx, 11
    call set_handler
    mov ebx, 4
    call set_handler
    mov ebx, 5
    call set_handler
.next_batch:
    mov eax, SYS_read
    xor ebx, ebx
    mov ecx, batch_in
    mov edx, CASE_SIZE * BATCH
    call read_all
    xor edx, edx
    mov ecx, CASE_SIZE
    div ecx
    test eax, eax
    jz .done
    mov [batch_count], eax
    mov dword [batch_index], 0
.next_case:
    ; copy case k into case_buf, run it, copy result_buf to result k
    mov eax, [batch_index]
    imul esi, eax, CASE_SIZE
    add esi, batch_in
    mov edi, case_buf
    mov ecx, CASE_SIZE
    rep movsb
    call run_case
    mov eax, [batch_index]
    imul edi, eax, RESULT_SIZE
    add edi, batch_out
    mov esi, result_buf
    mov ecx, RESULT_SIZE
    rep movsb
    inc dword [batch_index]
    mov eax, [batch_index]
    cmp eax, [batch_count]
    jb .next_case
    mov eax, SYS_write
    mov ebx, 1
    mov ecx, batch_out
    imul edx, [batch_count], RESULT_SIZE
    call write_all
    jmp .next_batch
.done:
    mov eax, SYS_exit
    xor ebx, ebx
    int 0x80

; write_all: writes EDX bytes from ECX to fd EBX.
write_all:
    push esi
    xor esi, esi
.more:
    push ecx
    push edx
    mov eax, SYS_write
    add ecx, esi
    sub edx, esi
    int 0x80
    pop edx
    pop ecx
    test eax, eax
    jle .out
    add esi, eax
    cmp esi, edx
    jb .more
.out:
    pop esi
    ret

set_handler:
    mov eax, SYS_sigaction
    mov ecx, sigact
    xor edx, edx
    int 0x80
    ret

; read_all: reads EDX bytes to ECX from fd EBX; returns the count in EAX.
read_all:
    push esi
    xor esi, esi
.more:
    push ecx
    push edx
    mov eax, SYS_read
    add ecx, esi
    sub edx, esi
    int 0x80
    pop edx
    pop ecx
    test eax, eax
    jle .out
    add esi, eax
    cmp esi, edx
    jb .more
.out:
    mov eax, esi
    pop esi
    ret

run_case:
    ; code: 16 bytes, then `jmp [back_ptr]`
    mov esi, case_buf + 36
    mov edi, CODE_ADDR
    mov ecx, 16
    rep movsb
    mov byte [edi], 0xff
    mov byte [edi + 1], 0x25
    mov dword [edi + 2], back_ptr
    mov esi, case_buf + 52
    mov edi, DATA_ADDR
    mov ecx, 64
    rep movsb
    mov dword [result_buf + 100], 0
    mov [saved_esp], esp
    push dword [case_buf + 32]
    popfd
    mov esp, [case_buf + 16]            ; the case's ESP: nothing below uses the stack until `back`
    mov eax, [case_buf + 0]
    mov ecx, [case_buf + 4]
    mov edx, [case_buf + 8]
    mov ebx, [case_buf + 12]
    mov ebp, [case_buf + 20]
    mov esi, [case_buf + 24]
    mov edi, [case_buf + 28]
    jmp CODE_ADDR
back:
    mov [result_buf + 0], eax
    mov [result_buf + 4], ecx
    mov [result_buf + 8], edx
    mov [result_buf + 12], ebx
    mov [result_buf + 20], ebp
    mov [result_buf + 24], esi
    mov [result_buf + 28], edi
    mov [result_buf + 16], esp
    mov esp, [saved_esp]                ; MOV leaves the flags alone
    pushfd
    pop dword [result_buf + 32]
    cld
.copy_data:
    mov esi, DATA_ADDR
    mov edi, result_buf + 36
    mov ecx, 64
    rep movsb
    ret

; A fault in the tested instruction: record the signal, keep the registers of the case, and resume.
on_fault:
    mov eax, [esp + 4]                  ; signal number
    mov esp, [saved_esp]
    cld
    mov [result_buf + 100], eax
    mov esi, case_buf
    mov edi, result_buf
    mov ecx, 9
    rep movsd
    jmp run_case.copy_data_from_fault

run_case.copy_data_from_fault:
    mov esi, DATA_ADDR
    mov edi, result_buf + 36
    mov ecx, 64
    rep movsb
    ret

section .data
back_ptr: dd back
stack_t: dd alt_stack, 0, 65536         ; ss_sp, ss_flags, ss_size
