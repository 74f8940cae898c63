; x87 availability and error reporting, as QEMU also models them: CPUID's FPU and FXSR bits, FNINIT's state,
; #NM for escape opcodes under CR0.EM or CR0.TS and for WAIT under MP+TS (FXSAVE under TS too), an unmasked
; exception reported at the next FWAIT as #MF when CR0.NE is set; FNSTSW and FNCLEX do not wait.
%include "tests/guest/lib.inc"
%include "tests/guest/sys.inc"

%define CR0_MP 2
%define CR0_EM 4
%define CR0_TS 8
%define CR0_NE 0x20
%define VAR_WORD VAR_SCRATCH
%define FXAREA 0x30000

; Sets the CR0 bits %1 and clears %2.
%macro CR0_SET 2
    mov eax, cr0
    or eax, %1
    and eax, ~(%2)
    mov cr0, eax
%endmacro

bits 16
test_main:
    PM_START

bits 32
pm_main:
    P `x87 traps\n`
    mov eax, 1
    cpuid
    and edx, 0x01000001
    P `cpuid.1 edx fpu|fxsr: `
    PHEX edx
    PNL

    CR0_SET CR0_NE, CR0_EM | CR0_TS | CR0_MP
    fninit
    fnstcw [VAR_WORD]
    fnstsw ax
    P `fninit: cw=`
    movzx eax, word [VAR_WORD]
    PHEX eax
    fnstsw ax
    P ` sw=`
    movzx eax, ax
    PHEX eax
    PNL

    P `EM: an escape raises #NM, WAIT does not\n`
    CR0_SET CR0_EM, 0
    EXPECT .em_done
.em_fld:
    fld1
.em_done:
    wait
    P `TS without MP: escapes and FXSAVE raise #NM, WAIT does not\n`
    CR0_SET CR0_TS, CR0_EM
    EXPECT .ts_done
    fnop
.ts_done:
    EXPECT .ts_fx_done
    fxsave [FXAREA]
.ts_fx_done:
    wait
    P `TS with MP: WAIT raises #NM\n`
    CR0_SET CR0_MP, 0
    EXPECT .mp_done
    wait
.mp_done:
    clts
    fnop
    wait
    P `after CLTS: no fault\n`

    P `NE: an unmasked zero divide is reported at FWAIT as #MF\n`
    fninit
    mov word [VAR_WORD], 0x037b     ; ZE unmasked
    fldcw [VAR_WORD]
    fldz
    fld1
    fdiv st0, st1
    fnstsw ax                       ; no wait: no fault
    P `sw after fdiv: `
    movzx eax, ax
    PHEX eax
    PNL
    EXPECT .mf_done
.mf_wait:
    fwait
.mf_done:
    fnclex
    fnstsw ax
    P `sw after fnclex: `
    movzx eax, ax
    PHEX eax
    PNL
    fwait
    P `fwait after fnclex: no fault\n`

    P `done\n`
    EXIT 0

bits 16
ROM_END
