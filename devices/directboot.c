/* Direct kernel boot: Multiboot 1 (ELF or a.out-kludge) and the Linux x86 boot protocol (see directboot.h). */
#include "devices/directboot.h"
#include "mem/endian.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    MB_MAGIC = 0x1badb002, MB_BOOT_MAGIC = 0x2badb002, MB_SEARCH = 8192,
    MB_INFO_ADDR = 0x9000, MB_CMDLINE_ADDR = 0x9800, MB_MODS_ADDR = 0x9400, MB_MMAP_ADDR = 0x9500,
    LINUX_REAL_SEG = 0x1000, LINUX_CMDLINE = 0x20000, LINUX_KERNEL = 0x100000,
};

static void fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static uint8_t *read_file(const char *path, size_t *size, const char *what, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fail(err, errlen, "%s: %s: %s", what, path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 20, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        uint8_t *bigger = realloc(buf, cap * 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        fail(err, errlen, "%s: %s: cannot read the file", what, path);
        return NULL;
    }
    *size = n;
    return buf;
}

int kernel_image_load(struct kernel_image *k, const char *kernel, const char *initrd, const char *append,
                      char *err, size_t errlen)
{
    memset(k, 0, sizeof *k);
    k->kernel = read_file(kernel, &k->kernel_size, "-kernel", err, errlen);
    if (!k->kernel)
        return -1;
    if (initrd) {
        k->initrd = read_file(initrd, &k->initrd_size, "-initrd", err, errlen);
        if (!k->initrd) {
            kernel_image_free(k);
            return -1;
        }
    }
    k->cmdline = strdup(append ? append : "");
    if (!k->cmdline) {
        kernel_image_free(k);
        fail(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

void kernel_image_free(struct kernel_image *k)
{
    free(k->kernel);
    free(k->initrd);
    free(k->cmdline);
    memset(k, 0, sizeof *k);
}

static int publish_entry(struct fwcfg *fw, const struct boot_entry *e)
{
    uint8_t b[24];
    st32(b, e->kind);
    st32(b + 4, e->segment);
    st32(b + 8, e->entry);
    st32(b + 12, e->eax);
    st32(b + 16, e->ebx);
    st32(b + 20, e->esp);
    return fwcfg_add(fw, FWCFG_BOOT_ENTRY, b, sizeof b);
}

static int fits(const struct phys *phys, uint64_t addr, uint64_t len)
{
    return addr + len <= phys->ram_size && addr >= 0x1000;
}

/* ---- Multiboot 1 ---- */

static long find_multiboot_header(const struct kernel_image *k)
{
    size_t limit = k->kernel_size < MB_SEARCH ? k->kernel_size : MB_SEARCH;
    for (size_t off = 0; off + 12 <= limit; off += 4) {
        const uint8_t *h = k->kernel + off;
        if (ld32(h) == MB_MAGIC && (uint32_t)(ld32(h) + ld32(h + 4) + ld32(h + 8)) == 0)
            return (long)off;
    }
    return -1;
}

/* ELF32 program headers of type PT_LOAD, copied to their physical addresses; returns the entry point. */
static int load_elf32(const struct kernel_image *k, struct phys *phys, uint32_t *entry, char *err, size_t errlen)
{
    const uint8_t *e = k->kernel;
    if (k->kernel_size < 52 || memcmp(e, "\177ELF", 4) != 0 || e[4] != 1 || e[5] != 1 || ld16(e + 18) != 3) {
        fail(err, errlen, "-kernel: a Multiboot kernel must be 32-bit little-endian x86 ELF (or use the a.out kludge)");
        return -1;
    }
    uint32_t phoff = ld32(e + 28);
    unsigned phentsize = ld16(e + 42), phnum = ld16(e + 44);
    for (unsigned n = 0; n < phnum; n++) {
        uint64_t ph = (uint64_t)phoff + (uint64_t)n * phentsize;
        if (ph + 32 > k->kernel_size) {
            fail(err, errlen, "-kernel: truncated ELF program headers");
            return -1;
        }
        const uint8_t *p = e + ph;
        if (ld32(p) != 1)        /* PT_LOAD */
            continue;
        uint32_t offset = ld32(p + 4), paddr = ld32(p + 12), filesz = ld32(p + 16), memsz = ld32(p + 20);
        if ((uint64_t)offset + filesz > k->kernel_size || filesz > memsz || !fits(phys, paddr, memsz)) {
            fail(err, errlen, "-kernel: an ELF segment lies outside the file or outside guest RAM");
            return -1;
        }
        phys_write_block(phys, paddr, e + offset, filesz);
        for (uint32_t z = filesz; z < memsz; z++)
            phys_write(phys, paddr + z, 0, 1);
    }
    *entry = ld32(e + 24);
    return 0;
}

/* The a.out kludge (flags bit 16): addresses in the header say where the file's bytes go. */
static int load_aout_kludge(const struct kernel_image *k, long hdr, struct phys *phys, uint32_t *entry, char *err,
                            size_t errlen)
{
    const uint8_t *h = k->kernel + hdr;
    if ((size_t)hdr + 32 > k->kernel_size) {
        fail(err, errlen, "-kernel: truncated Multiboot header");
        return -1;
    }
    uint32_t header_addr = ld32(h + 12), load_addr = ld32(h + 16), load_end = ld32(h + 20);
    uint32_t bss_end = ld32(h + 24);
    uint64_t file_off = (uint64_t)hdr - (header_addr - load_addr);
    uint64_t len = load_end ? (uint64_t)load_end - load_addr : k->kernel_size - file_off;
    if (header_addr < load_addr || file_off > k->kernel_size || file_off + len > k->kernel_size ||
        !fits(phys, load_addr, len) || (bss_end && (bss_end < load_addr + len || !fits(phys, load_addr, bss_end - load_addr)))) {
        fail(err, errlen, "-kernel: the Multiboot load addresses do not fit the file or guest RAM");
        return -1;
    }
    phys_write_block(phys, load_addr, k->kernel + file_off, len);
    for (uint64_t a = load_addr + len; bss_end && a < bss_end; a++)
        phys_write(phys, (uint32_t)a, 0, 1);
    *entry = ld32(h + 28);
    return 0;
}

static void write_multiboot_info(const struct kernel_image *k, struct phys *phys, uint32_t mods_start)
{
    uint8_t info[88];
    memset(info, 0, sizeof info);
    uint32_t flags = 1u | 4u | 64u;              /* memory sizes, command line, memory map */
    st32(info + 4, 639);
    st32(info + 8, (phys->ram_size - 0x100000) >> 10);
    st32(info + 16, MB_CMDLINE_ADDR);
    size_t clen = strlen(k->cmdline);
    if (clen > 0x7ff)
        clen = 0x7ff;
    phys_write_block(phys, MB_CMDLINE_ADDR, k->cmdline, clen);
    phys_write(phys, MB_CMDLINE_ADDR + (uint32_t)clen, 0, 1);
    if (k->initrd) {
        uint8_t mod[16];
        st32(mod, mods_start);
        st32(mod + 4, mods_start + (uint32_t)k->initrd_size);
        st32(mod + 8, MB_CMDLINE_ADDR);
        st32(mod + 12, 0);
        phys_write_block(phys, MB_MODS_ADDR, mod, sizeof mod);
        flags |= 8u;
        st32(info + 20, 1);
        st32(info + 24, MB_MODS_ADDR);
    }
    /* Memory map entries: size (20), base, length, type. */
    const uint64_t map[3][3] = { { 0, 0x9fc00, 1 }, { 0xf0000, 0x10000, 2 }, { 0x100000, phys->ram_size - 0x100000, 1 } };
    for (unsigned n = 0; n < 3; n++) {
        uint8_t ent[24];
        st32(ent, 20);
        st64(ent + 4, map[n][0]);
        st64(ent + 12, map[n][1]);
        st32(ent + 20, (uint32_t)map[n][2]);
        phys_write_block(phys, MB_MMAP_ADDR + n * 24, ent, sizeof ent);
    }
    st32(info + 44, 3 * 24);
    st32(info + 48, MB_MMAP_ADDR);
    st32(info, flags);
    phys_write_block(phys, MB_INFO_ADDR, info, sizeof info);
}

static int boot_multiboot(const struct kernel_image *k, long hdr, struct phys *phys, struct fwcfg *fw, char *err,
                          size_t errlen)
{
    uint32_t flags = ld32(k->kernel + hdr + 4), entry;
    int r = (flags & 0x10000) ? load_aout_kludge(k, hdr, phys, &entry, err, errlen)
                              : load_elf32(k, phys, &entry, err, errlen);
    if (r < 0)
        return -1;
    /* The module (initrd) goes page-aligned at the top of RAM, below the last 1 MiB the BIOS tables may use. */
    uint32_t mods_start = 0;
    if (k->initrd) {
        uint64_t top = phys->ram_size - 0x100000;
        if (k->initrd_size > top - 0x200000) {
            fail(err, errlen, "-initrd: the module does not fit in guest RAM");
            return -1;
        }
        mods_start = (uint32_t)((top - k->initrd_size) & ~0xfffull);
        phys_write_block(phys, mods_start, k->initrd, k->initrd_size);
    }
    write_multiboot_info(k, phys, mods_start);
    struct boot_entry e = { BOOT_ENTRY_PM32, 0, entry, MB_BOOT_MAGIC, MB_INFO_ADDR, 0x7000 };
    return publish_entry(fw, &e);
}

/* ---- Linux boot protocol ---- */

static int boot_linux(const struct kernel_image *k, struct phys *phys, struct fwcfg *fw, char *err, size_t errlen)
{
    uint8_t *h = k->kernel;
    unsigned setup_sects = h[0x1f1] ? h[0x1f1] : 4;
    uint16_t version = ld16(h + 0x206);
    size_t setup_size = (setup_sects + 1) * 512u;
    if (version < 0x0202 || !(h[0x211] & 1)) {
        fail(err, errlen, "-kernel: Linux boot protocol 2.02 or later with a bzImage is required");
        return -1;
    }
    if (setup_size >= k->kernel_size || !fits(phys, LINUX_KERNEL, k->kernel_size - setup_size)) {
        fail(err, errlen, "-kernel: the kernel does not fit in guest RAM");
        return -1;
    }
    h[0x210] = 0xb0;                             /* type_of_loader: "other" */
    h[0x211] |= 0x80;                            /* CAN_USE_HEAP */
    st16(h + 0x224, 0xfe00 - 0x200);             /* heap_end_ptr */
    st32(h + 0x228, LINUX_CMDLINE);
    size_t clen = strlen(k->cmdline);
    uint32_t cmdline_max = version >= 0x0206 ? ld32(h + 0x238) : 255;
    if (clen > cmdline_max)
        clen = cmdline_max;
    phys_write_block(phys, LINUX_CMDLINE, k->cmdline, clen);
    phys_write(phys, LINUX_CMDLINE + (uint32_t)clen, 0, 1);
    if (k->initrd) {
        uint64_t max = version >= 0x0203 ? ld32(h + 0x22c) : 0x37ffffff;
        uint64_t top = phys->ram_size - 0x100000 < max + 1 ? phys->ram_size - 0x100000 : max + 1;
        uint64_t base = (top - k->initrd_size) & ~0xfffull;
        if (k->initrd_size > top || base < LINUX_KERNEL + k->kernel_size) {
            fail(err, errlen, "-initrd: the initrd does not fit in guest RAM");
            return -1;
        }
        phys_write_block(phys, (uint32_t)base, k->initrd, k->initrd_size);
        st32(h + 0x218, (uint32_t)base);
        st32(h + 0x21c, (uint32_t)k->initrd_size);
    }
    phys_write_block(phys, LINUX_REAL_SEG << 4, h, setup_size);
    phys_write_block(phys, LINUX_KERNEL, h + setup_size, k->kernel_size - setup_size);
    struct boot_entry e = { BOOT_ENTRY_LINUX16, LINUX_REAL_SEG, 0, 0, 0, 0xfe00 };
    return publish_entry(fw, &e);
}

int directboot_install(const struct kernel_image *k, struct phys *phys, struct fwcfg *fw, char *err, size_t errlen)
{
    long hdr = find_multiboot_header(k);
    if (hdr >= 0)
        return boot_multiboot(k, hdr, phys, fw, err, errlen);
    if (k->kernel_size > 0x260 && memcmp(k->kernel + 0x202, "HdrS", 4) == 0)
        return boot_linux(k, phys, fw, err, errlen);
    fail(err, errlen, "-kernel: neither a Multiboot kernel nor a Linux bzImage");
    return -1;
}
