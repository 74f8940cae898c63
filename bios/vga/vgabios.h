/* The built-in VGA BIOS (bios/vga, assembled at build time): the C0000h option ROM image. */
#ifndef X86PC_BIOS_VGA_VGABIOS_H
#define X86PC_BIOS_VGA_VGABIOS_H

#include <stddef.h>

extern const unsigned char x86pc_vgabios[];
extern const size_t x86pc_vgabios_size;

#endif
