; Benchmark: a mixed integer loop in 32-bit flat protected mode (arithmetic, shifts, loads and stores, a call,
; taken and not-taken branches), about 300 million instructions, then the isa-debug-exit port. The same ROM runs
; in x86pc, QEMU and Bochs (tests/bench/run), so their times compare the interpreters on equal work.
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

ITERATIONS equ 12000000            ; x 25 instructions per iteration

bits 16
test_main:
    PM_START

bits 32
pm_main:
    mov ecx, ITERATIONS
    mov esi, 0x20000
    xor eax, eax
    mov ebx, 0x12345678
    xor edx, edx
.loop:
    add eax, ebx
    xor edx, eax
    rol ebx, 3
    mov [esi + 4], eax
    mov edi, [esi + 4]
    sub edi, edx
    shr edi, 1
    and edi, 0xff
    mov [esi + edi * 4], edx
    call .leaf
    cmp eax, edx
    jb .below
    inc edx
.below:
    lea ebp, [eax + ebx * 2 + 7]
    imul ebp, ebp, 3
    or edx, ebp
    test ecx, 1
    jz .even
    not edx
.even:
    dec ecx
    jnz .loop
    P `done\n`
    mov al, 0
    out EXIT_PORT, al               ; x86pc and QEMU end here
    mov dx, 0x8900                  ; Bochs ends here
    mov esi, shutdown_text
.shutdown:
    mov al, [cs:esi]
    out dx, al
    inc esi
    test al, al
    jnz .shutdown
    cli
    hlt
.leaf:
    movzx ebp, al
    add eax, ebp
    ret

shutdown_text: db "Shutdown", 0

bits 16
ROM_END
