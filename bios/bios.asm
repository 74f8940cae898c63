; x86pc BIOS: the system firmware, a 64 KiB image mapped at F0000-FFFFF (and at the top of 4 GiB).
;
; Real-mode code in segment F000. POST initialises the chipset and the BIOS data area, runs option ROMs (the
; VGA BIOS at C0000 first), finds the disks, then boots through INT 19h. The services follow the register
; conventions of the IBM PC/AT BIOS and its common extensions. Assembled by nasm into bios.bin, which the build
; embeds in the x86pc binary.
;
; Layout: code and tables from offset 0; fixed-address entry points that old software calls directly (the
; diskette parameter table at FEFC7, the reset vector at FFFF0...) are placed with `times` padding at the end.

bits 16
cpu 686
org 0

%include "bios/defs.inc"

section .text

%include "bios/util.asm"
%include "bios/post.asm"
%include "bios/ivt.asm"
%include "bios/timer.asm"
%include "bios/keyboard.asm"
%include "bios/disk.asm"
%include "bios/floppy.asm"
%include "bios/ata.asm"
%include "bios/cdrom.asm"
%include "bios/eltorito.asm"
%include "bios/system.asm"
%include "bios/mouse.asm"
%include "bios/serial.asm"
%include "bios/boot.asm"
%include "bios/pci.asm"
%include "bios/acpi.asm"
%include "bios/mptable.asm"
%include "bios/smbios.asm"

bios_end_of_code:

; ---- fixed entry points and tables (IBM PC/AT compatible addresses) ----

    times 0xe05b - ($ - $$) db 0xff
post_entry_compat:                      ; F000:E05B, the AT POST entry
    jmp post

    times 0xefc7 - ($ - $$) db 0xff
diskette_param_table:                   ; F000:EFC7, INT 1Eh points here
    db 0xaf                             ; step rate 3 ms (A), head unload 240 ms (F)
    db 0x02                             ; head load 4 ms, DMA mode
    db 0x25                             ; motor off delay (ticks)
    db 0x02                             ; 512 bytes per sector
    db 18                               ; sectors per track (largest supported for 1.44M)
    db 0x1b                             ; gap length
    db 0xff                             ; data length
    db 0x6c                             ; format gap length
    db 0xf6                             ; format fill byte
    db 0x0f                             ; head settle time (ms)
    db 0x08                             ; motor start time (1/8 s)

    times 0xfe6e - ($ - $$) db 0xff
int1a_compat:                           ; F000:FE6E
    jmp int1a_handler

    times 0xff53 - ($ - $$) db 0xff
iret_stub:                              ; F000:FF53, the dummy interrupt handler
    iret

    times 0xfff0 - ($ - $$) db 0xff
reset_vector:                           ; F000:FFF0, where the CPU starts
    jmp 0xf000:post
    db "11/22/26"                       ; F000:FFF5 release date
    db 0
    db 0xfc                             ; F000:FFFE model byte: AT
    db 0
