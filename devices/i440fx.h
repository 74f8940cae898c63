/* The Intel 82441FX (i440FX) PCI and memory controller: the host bridge at 00.0 (8086:1237), as in QEMU's "pc"
 * machine. Besides its identity it models what software of this machine relies on:
 *   - PAM0-PAM6 (59h-5Fh): for each 16 KiB of C0000-EFFFF and for F0000-FFFFF, whether reads and writes go to
 *     DRAM or to the ROM/PCI side; the BIOS copies itself into shadow RAM with them. Wired to the physical map's
 *     per-page targets (phys_set_shadow).
 *   - SMRAM (72h): C_BASE_SEG fixed at A0000h, G_SMRAME, D_LCK, D_CLS, D_OPEN. While D_OPEN is set, ordinary
 *     accesses to A0000-BFFFF reach the DRAM underneath instead of the VGA (the CPU has no SMM, so closed SMRAM
 *     is simply invisible). D_LCK makes D_OPEN zero and read-only until reset.
 *   - what C0000-EFFFF holds where PAM does not select DRAM and no option ROM is mapped: nothing (all ones), as
 *     on the PCI bus (a region the board adds before the ROMs).
 *   - the DRAM and cache control registers (50h-58h), row boundaries (60h-67h), 68h, 70h, 71h, 90h-93h as
 *     storage, with QEMU's reset values. */
#ifndef X86PC_DEVICES_I440FX_H
#define X86PC_DEVICES_I440FX_H

#include "devices/pci.h"

enum { I440FX_PAM0 = 0x59, I440FX_SMRAM = 0x72 };
enum { SMRAM_G_SMRAME = 0x08, SMRAM_D_LCK = 0x10, SMRAM_D_CLS = 0x20, SMRAM_D_OPEN = 0x40 };

struct i440fx {
    struct pci_function pci;
    struct phys *phys;
    uint8_t pam_applied[7];      /* derived: the PAM values the physical map reflects */
    uint8_t smram_applied;       /* derived: A0000-BFFFF is DRAM in the map */
};

struct i440fx *i440fx_create(const struct board_services *bs, struct pci_bus *bus);

#endif
