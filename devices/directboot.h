/* Direct kernel boot (-kernel, -initrd, -append), as QEMU users expect: the board loads a Multiboot 1 kernel or a
 * Linux bzImage into guest RAM before the BIOS runs, and leaves the entry state in fw_cfg; the BIOS initialises
 * the machine as usual and, at INT 19h, jumps to the kernel instead of reading a boot sector. */
#ifndef X86PC_DEVICES_DIRECTBOOT_H
#define X86PC_DEVICES_DIRECTBOOT_H

#include <stddef.h>
#include <stdint.h>

#include "devices/fwcfg.h"
#include "mem/phys.h"

/* The entry item (FWCFG_BOOT_ENTRY), little-endian u32 fields, read by the BIOS. */
enum { BOOT_ENTRY_NONE = 0, BOOT_ENTRY_LINUX16 = 1, BOOT_ENTRY_PM32 = 2 };
enum { FWCFG_BOOT_ENTRY = 0x13 };
struct boot_entry {
    uint32_t kind;               /* BOOT_ENTRY_* */
    uint32_t segment;            /* LINUX16: the real-mode segment (CS = segment + 0x20, IP = 0) */
    uint32_t entry;              /* PM32: EIP in a flat 32-bit code segment */
    uint32_t eax, ebx;           /* PM32: register values at entry (Multiboot magic and info pointer) */
    uint32_t esp;
};

struct kernel_image {
    uint8_t *kernel, *initrd;
    size_t kernel_size, initrd_size;
    char *cmdline;
};

/* Reads the files; on failure returns -1 with a one-line reason in err. */
int kernel_image_load(struct kernel_image *k, const char *kernel, const char *initrd, const char *append,
                      char *err, size_t errlen);
void kernel_image_free(struct kernel_image *k);

/* Places the kernel in RAM and publishes its entry in fw_cfg; done at power-on and at every reset. */
int directboot_install(const struct kernel_image *k, struct phys *phys, struct fwcfg *fw, char *err, size_t errlen);

#endif
