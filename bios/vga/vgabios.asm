; x86pc VGA BIOS: the C0000h option ROM behind INT 10h for x86pc's VGA (devices/vga) and its Bochs VBE
; (DISPI) extension.
;
; Real-mode code in the ROM's own segment (C000h). POST calls the entry at offset 3, which hooks INT 10h, sets
; up the video part of the BIOS data area and sets mode 03h. The services follow the IBM VGA BIOS register
; conventions (and VBE 3.0 for AH=4Fh). Every handler runs on a register frame (see FRAME below) and returns
; results by writing the saved registers. The build pads the image to 32 KiB and sets the checksum byte.

bits 16
cpu 686
org 0

%define ROM_SIZE        0x8000
%define BDA_SEG         0x0040

; BIOS data area (segment 40h)
%define BDA_EQUIPMENT   0x10
%define BDA_MODE        0x49
%define BDA_COLS        0x4a            ; word
%define BDA_PAGE_SIZE   0x4c            ; word
%define BDA_PAGE_START  0x4e            ; word
%define BDA_CURSOR      0x50            ; 8 words: column, row
%define BDA_CURSOR_TYPE 0x60            ; word: end, start
%define BDA_PAGE        0x62
%define BDA_CRTC        0x63            ; word: 3D4h or 3B4h
%define BDA_MODE_CTL    0x65            ; CGA mode control register value
%define BDA_CGA_PAL     0x66            ; CGA colour select value
%define BDA_ROWS        0x84            ; rows - 1
%define BDA_CHAR_HEIGHT 0x85            ; word
%define BDA_VIDEO_CTL   0x87            ; bit 7: memory not cleared at the last mode set; bit 0: cursor emulation off
%define BDA_SWITCHES    0x88
%define BDA_VGA_FLAGS   0x89            ; bit 3: default palette loading off; bit 1: grey summing; bit 4: 400 lines
%define BDA_DCC         0x8a
%define BDA_SAVE_PTR    0xa8            ; dword: video save pointer table
%define BDA_VBE_MODE    0xba            ; word: the VBE mode set by 4F02h (0 = a VGA mode)

; The register frame: pushad, then ES and DS, addressed through BP.
%define R_DS    0
%define R_ES    2
%define R_DI    4
%define R_SI    8
%define R_BP    12
%define R_BX    20
%define R_BL    20
%define R_BH    21
%define R_DX    24
%define R_DL    24
%define R_DH    25
%define R_CX    28
%define R_CL    28
%define R_CH    29
%define R_AX    32
%define R_AL    32
%define R_AH    33
%define R_FLAGS 40

; Ports
%define VGA_ATTR        0x3c0
%define VGA_MISC_W      0x3c2
%define VGA_SEQ         0x3c4
%define VGA_PEL_MASK    0x3c6
%define VGA_DAC_RINDEX  0x3c7
%define VGA_DAC_WINDEX  0x3c8
%define VGA_DAC_DATA    0x3c9
%define VGA_MISC_R      0x3cc
%define VGA_GC          0x3ce
%define DISPI_INDEX     0x1ce
%define DISPI_DATA      0x1cf

; Mode descriptors (the tables are in modes.inc)
; Mode classes: how the BIOS draws characters and pixels.
%define CLASS_TEXT      0           ; colour text at B800h
%define CLASS_MONO      1           ; monochrome text at B000h
%define CLASS_CGA2      2           ; 2 bits per pixel, CGA interleave (04h, 05h)
%define CLASS_CGA1      3           ; 1 bit per pixel, CGA interleave (06h)
%define CLASS_PLANAR    4           ; 4 planes (0Dh, 0Eh, 10h, 11h, 12h)
%define CLASS_256       5           ; one byte per pixel, chain-4 (13h)

; DAC palettes loaded at a mode set
%define PAL_EGA         0           ; 64 colours rgbRGB
%define PAL_CGA         1           ; 200-line modes: bit 4 is intensity
%define PAL_MONO        2
%define PAL_256         3

; Mode descriptor fields
%define MD_MODE         0           ; byte: mode number
%define MD_CLASS        1           ; byte
%define MD_SEGMENT      2           ; word
%define MD_PARAMS       4           ; word: offset of the 64-byte parameter table
%define MD_PALETTE      6           ; byte
%define MD_FONT         7           ; byte: character height of the mode's font
%define MD_WIDTH        8           ; word: pixels (graphics) or columns (text)
%define MD_HEIGHT       10          ; word: pixel lines (graphics) or rows (text)
%define MD_COLORS       12          ; word: colours, for function 1Bh
%define MD_SCANCODE     14          ; byte: 0 = 200, 1 = 350, 2 = 400, 3 = 480 scan lines
%define MD_PAGES        15          ; byte: display pages
%define MD_SIZE         16

%define INT10_FUNCTIONS 0x1d

section .text

rom_header:
    dw 0xaa55
    db ROM_SIZE / 512
    jmp vga_init                        ; offset 3: the entry POST calls
    times 0x1e - ($ - $$) db 0
    db "IBM"                            ; offset 1Eh: what software looks for in a VGA BIOS
    times 0x40 - ($ - $$) db 0
banner:
    db "x86pc VGA BIOS", 0
vbe_oem_string:
    db "x86pc VBE (Bochs DISPI)", 0
vbe_vendor_string:
    db "x86pc", 0
vbe_product_string:
    db "x86pc VGA", 0
vbe_revision_string:
    db "1.0", 0

; POST entry (far call from the system BIOS). Preserves all registers.
vga_init:
    pushad
    push ds
    push es
    cld
    xor ax, ax
    mov ds, ax
    mov word [0x10 * 4], int10_handler
    mov [0x10 * 4 + 2], cs
    mov word [0x1f * 4], font_8x8 + 128 * 8
    mov [0x1f * 4 + 2], cs
    mov word [0x43 * 4], font_8x16
    mov [0x43 * 4 + 2], cs
    mov ax, BDA_SEG
    mov ds, ax
    mov byte [BDA_VIDEO_CTL], 0x60
    mov byte [BDA_SWITCHES], 0xf9
    mov byte [BDA_VGA_FLAGS], 0x51
    mov byte [BDA_DCC], 0x08
    mov word [BDA_SAVE_PTR], video_save_table
    mov [BDA_SAVE_PTR + 2], cs
    mov word [BDA_VBE_MODE], 0
    and word [BDA_EQUIPMENT], ~0x30
    or word [BDA_EQUIPMENT], 0x20       ; initial video: 80x25 colour
    mov ax, 0x0003
    int 0x10
    pop es
    pop ds
    popad
    retf

; The video save pointer table (40:A8h): the parameter table pointer; no save areas or overrides.
video_save_table:
    dw vpt_80x25, 0xc000
    times 6 dd 0

; INT 10h: dispatch on AH with the caller's registers in a frame; DS = BIOS data area, direction flag clear.
int10_handler:
    sti
    cld
    pushad
    push es
    push ds
    mov bp, sp
    push word BDA_SEG
    pop ds
    cmp ah, 0x4f
    je .vbe
    cmp ah, INT10_FUNCTIONS
    jae .done
    movzx si, ah
    shl si, 1
    call [cs:int10_table + si]
.done:
    pop ds
    pop es
    popad
    iret
.vbe:
    call vbe_dispatch
    jmp .done

int10_table:
    dw set_mode, set_cursor_type, set_cursor_pos, get_cursor_pos     ; 00h-03h
    dw read_light_pen, select_page, scroll_up, scroll_down           ; 04h-07h
    dw read_char_attr, write_char_attr, write_char_only, cga_palette ; 08h-0Bh
    dw write_pixel, read_pixel, teletype, get_mode                   ; 0Ch-0Fh
    dw palette_functions, font_functions, alt_select, write_string   ; 10h-13h
    dw unsupported, unsupported, unsupported, unsupported            ; 14h-17h
    dw unsupported, unsupported, display_combination, state_info     ; 18h-1Bh
    dw save_restore_state                                            ; 1Ch

unsupported:
    ret

; ---- small helpers ----

; The CRTC index port (3D4h or 3B4h) in DX.
crtc_port:
    mov dx, [BDA_CRTC]
    ret

; Writes AH to CRTC register AL.
crtc_write:
    push dx
    call crtc_port
    out dx, ax
    pop dx
    ret

; Reads CRTC register AL into AL.
crtc_read:
    push dx
    call crtc_port
    out dx, al
    inc dx
    in al, dx
    pop dx
    ret

; Resets the attribute controller's flip-flop by reading input status 1.
attr_reset_flipflop:
    push ax
    push dx
    call crtc_port
    add dx, 6
    in al, dx
    pop dx
    pop ax
    ret

; Writes AH to attribute register AL and turns the screen back on (palette address source).
attr_write:
    push ax
    push dx
    call attr_reset_flipflop
    mov dx, VGA_ATTR
    out dx, al
    xchg al, ah
    out dx, al
    mov al, 0x20
    out dx, al
    pop dx
    pop ax
    ret

; Reads attribute register AL into AL.
attr_read:
    push dx
    call attr_reset_flipflop
    mov dx, VGA_ATTR
    out dx, al
    inc dx
    in al, dx
    push ax
    call attr_reset_flipflop
    dec dx
    mov al, 0x20
    out dx, al
    pop ax
    pop dx
    ret

; Writes AH to graphics controller register AL / sequencer register AL.
gc_write:
    push dx
    mov dx, VGA_GC
    out dx, ax
    pop dx
    ret

seq_write:
    push dx
    mov dx, VGA_SEQ
    out dx, ax
    pop dx
    ret

; SI = the descriptor of mode AL in mode_table (CS); CF set when the mode does not exist. The text modes come from
; mode_table_350 or mode_table_200 when AH=12h BL=30h selected 350 scan lines (40:89h bits 7 and 4 clear) or 200
; (bit 7 set; mode 07h has no 200-line form); DS = the BIOS data area.
find_mode:
    mov si, mode_table
    cmp al, 7
    ja .next
    cmp al, 4
    jb .lines
    cmp al, 7
    jne .next
.lines:
    test byte [BDA_VGA_FLAGS], 0x10
    jnz .next
    test byte [BDA_VGA_FLAGS], 0x80
    jz .lines350
    cmp al, 7
    je .next
    mov si, mode_table_200
    jmp .next
.lines350:
    mov si, mode_table_350
.next:
    cmp byte [cs:si + MD_MODE], 0xff
    je .none
    cmp [cs:si + MD_MODE], al
    je .found
    add si, MD_SIZE
    jmp .next
.none:
    stc
    ret
.found:
    clc
    ret

; SI = the descriptor of the current mode; CF set in a VBE mode or an unknown one.
current_mode:
    push ax
    mov al, [BDA_MODE]
    call find_mode
    pop ax
    ret

; AL = the class of the current mode (CLASS_TEXT when unknown).
current_class:
    push si
    call current_mode
    mov al, CLASS_TEXT
    jc .done
    mov al, [cs:si + MD_CLASS]
.done:
    pop si
    ret

%include "bios/vga/vga_mode.asm"
%include "bios/vga/vga_text.asm"
%include "bios/vga/vga_gfx.asm"
%include "bios/vga/vga_palette.asm"
%include "bios/vga/vga_font.asm"
%include "bios/vga/vga_state.asm"
%include "bios/vga/vbe.asm"
%include "bios/vga/modes.inc"
%include "bios/vga/fonts.inc"

    times ROM_SIZE - 1 - ($ - $$) db 0
    db 0                                ; the checksum byte, set by the build
