; The native side of the differential test: a static 32-bit Linux program (no libc) that executes test cases on
; the host CPU. It reads cases from stdin and writes results to stdout, one fixed-size record each (the layout is
; in tests/diff/diff_gen.h).
;
; Case record: 8 registers (EAX..EDI), EFLAGS, code length, CODE_SIZE code bytes, DATA_SIZE bytes of data.
; Result record: 8 registers, EFLAGS, DATA_SIZE bytes of data, and a fault flag (the signal number, or 0).
; Code runs at CODE_ADDR followed by a jump back here; data lives at DATA_ADDR. FS and GS (and ES while a case
; runs) hold an LDT data segment based at DATA_ADDR with a limit of DATA_LIMIT, so 16-bit addressing reaches the
; data too. Cases are read and results written in batches, because system calls are slow on some hosts.

bits 32
%define CODE_ADDR 0x00300000
%define DATA_ADDR 0x00400000
%define CODE_SIZE 48
%define DATA_SIZE 128
%define DATA_LIMIT 0xfff
%define LDT_SELECTOR 7
%define CASE_SIZE (10 * 4 + CODE_SIZE + DATA_SIZE)
%define RESULT_SIZE (9 * 4 + DATA_SIZE + 4)
%define CASE_CODE (10 * 4)
%define CASE_DATA (10 * 4 + CODE_SIZE)
%define RESULT_DATA (9 * 4)
%define RESULT_FAULT (9 * 4 + DATA_SIZE)
%define BATCH 4096

%define SYS_exit 1
%define SYS_read 3
%define SYS_write 4
%define SYS_sigaction 67
%define SYS_modify_ldt 123
%define SYS_sigaltstack 186
%define SYS_mmap2 192

section .bss
alt_stack: resb 65536
batch_in: resb CASE_SIZE * BATCH
batch_out: resb RESULT_SIZE * BATCH
case_buf: resb CASE_SIZE
result_buf: resb RESULT_SIZE
batch_count: resd 1
batch_index: resd 1
saved_esp: resd 1
flat_ds: resd 1
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
    ; LDT entry 0: a 32-bit read/write data segment at DATA_ADDR (struct user_desc)
    mov eax, SYS_modify_ldt
    mov ebx, 1
    mov ecx, ldt_desc
    mov edx, 16
    int 0x80
    test eax, eax
    jnz no_ldt
    mov ax, LDT_SELECTOR
    mov fs, ax
    mov gs, ax
    mov ax, ds
    mov [flat_ds], eax
    ; Signals run on their own stack, because the tested instruction may leave any value in ESP.
    mov eax, SYS_sigaltstack
    mov ebx, stack_t
    xor ecx, ecx
    int 0x80
    ; SIGFPE (8), SIGSEGV (11), SIGILL (4), SIGTRAP (5), SIGBUS (7) -> on_fault (old-style sigaction)
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
    mov ebx, 7
    call set_handler
.next_batch:
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
    mov ebx, 1
    mov ecx, batch_out
    imul edx, [batch_count], RESULT_SIZE
    call write_all
    jmp .next_batch
.done:
    mov eax, SYS_exit
    xor ebx, ebx
    int 0x80

no_ldt:
    mov eax, SYS_write
    mov ebx, 2
    mov ecx, no_ldt_msg
    mov edx, no_ldt_len
    int 0x80
    mov eax, SYS_exit
    mov ebx, 3
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
    ; the code, then `jmp [back_ptr]`
    mov esi, case_buf + CASE_CODE
    mov edi, CODE_ADDR
    mov ecx, [case_buf + 36]
    rep movsb
    mov byte [edi], 0xff
    mov byte [edi + 1], 0x25
    mov dword [edi + 2], back_ptr
    mov esi, case_buf + CASE_DATA
    mov edi, DATA_ADDR
    mov ecx, DATA_SIZE
    rep movsb
    mov dword [result_buf + RESULT_FAULT], 0
    mov [saved_esp], esp
    mov ax, LDT_SELECTOR
    mov es, ax
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
    mov [result_buf + 16], esp
    mov [result_buf + 20], ebp
    mov [result_buf + 24], esi
    mov [result_buf + 28], edi
    mov esp, [saved_esp]                ; MOV leaves the flags alone
    mov eax, [flat_ds]
    mov es, eax
    pushfd
    pop dword [result_buf + 32]
    cld
    jmp copy_data

; A fault in the tested instruction: record the signal, keep the registers of the case, and resume.
on_fault:
    mov eax, [esp + 4]                  ; signal number
    mov esp, [saved_esp]
    cld
    mov [result_buf + RESULT_FAULT], eax
    mov eax, [flat_ds]
    mov ds, eax
    mov es, eax
    mov eax, LDT_SELECTOR
    mov fs, eax
    mov gs, eax
    mov esi, case_buf
    mov edi, result_buf
    mov ecx, 9
    rep movsd
copy_data:
    mov esi, DATA_ADDR
    mov edi, result_buf + RESULT_DATA
    mov ecx, DATA_SIZE
    rep movsb
    ret

section .data
back_ptr: dd back
stack_t: dd alt_stack, 0, 65536         ; ss_sp, ss_flags, ss_size
; struct user_desc: entry 0, base, limit, flags (seg_32bit | useable)
ldt_desc: dd 0, DATA_ADDR, DATA_LIMIT, 0x41
no_ldt_msg: db "native_runner: modify_ldt failed (the kernel has no LDT support)", 10
no_ldt_len equ $ - no_ldt_msg
