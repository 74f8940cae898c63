/* The firmware built into the binary (generated from the nasm sources at build time). */
#ifndef X86PC_BIOS_FIRMWARE_H
#define X86PC_BIOS_FIRMWARE_H

#include <stddef.h>

extern const unsigned char x86pc_bios[];
extern const size_t x86pc_bios_size;

#endif
