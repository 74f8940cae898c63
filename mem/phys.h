/* The guest physical address space: RAM, ROM and memory-mapped device regions, the A20 gate, and the bookkeeping
 * that lets the CPU cache host pointers to RAM (map generation, pages that hold decoded code).
 *
 * RAM is one host buffer covering guest addresses [0, ram_size). The legacy area below 1 MiB (A0000-FFFFF) is
 * mapped page by page: each 4 KiB page has a read target and a write target (RAM, a ROM or MMIO region, or
 * nothing), which is how the i440FX PAM registers shadow the BIOS. Above ram_size, regions are looked up in a
 * short list (BIOS ROM alias, APICs, framebuffer, PCI BARs). Unassigned memory reads as all ones. */
#ifndef X86PC_MEM_PHYS_H
#define X86PC_MEM_PHYS_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t mmio_read_fn(void *opaque, uint32_t offset, unsigned size);
typedef void mmio_write_fn(void *opaque, uint32_t offset, uint32_t value, unsigned size);

enum region_kind { REGION_NONE, REGION_RAM, REGION_ROM, REGION_MMIO };
enum { PHYS_MAX_REGIONS = 64, PHYS_LOW_PAGES = 256 };
#define PHYS_MAX_RAM 0xE0000000u     /* 3.5 GiB: the rest of the 4 GiB space is for ROM and devices */

struct phys_region {
    uint32_t base, size;
    enum region_kind kind;
    uint8_t *data;               /* ROM bytes (owned by whoever added the region) */
    mmio_read_fn *read;
    mmio_write_fn *write;
    void *opaque;
    const char *name;
};

struct phys {
    uint8_t *ram;
    uint32_t ram_size;
    uint32_t a20_mask;           /* 0xffffffff, or 0xffefffff with the A20 gate off */
    struct phys_region region[PHYS_MAX_REGIONS + 1];   /* index 0 is RAM itself */
    unsigned n_regions;
    uint8_t low_read[PHYS_LOW_PAGES];   /* per page below 1 MiB: region index read from (0 = RAM) */
    uint8_t low_write[PHYS_LOW_PAGES];  /* region index written to; PHYS_DROP = writes are ignored */
    uint8_t *code_page;          /* per RAM page: nonzero when the CPU holds code decoded from it */
    uint32_t map_gen;            /* bumped on any change that invalidates cached host pointers */
    void (*map_changed)(void *opaque);          /* the board points these at the CPU */
    void (*code_written)(void *opaque, uint32_t paddr, unsigned len);   /* a write to a code page */
    void *hook_opaque;
};

#define PHYS_DROP 0xff

/* Allocates zeroed RAM; returns 0 or -1 (size too large or out of host memory). */
int phys_init(struct phys *p, uint32_t ram_size);
void phys_free(struct phys *p);

/* Adds a ROM (read-only, data owned by the caller) or MMIO region; returns its index or -1. Regions overlapping
 * the legacy area below 1 MiB take over the read and write targets of their pages. */
int phys_add_rom(struct phys *p, uint32_t base, uint32_t size, uint8_t *data, const char *name);
int phys_add_mmio(struct phys *p, uint32_t base, uint32_t size, mmio_read_fn *rd, mmio_write_fn *wr,
                  void *opaque, const char *name);
/* Moves a region (a PCI BAR being reprogrammed); size 0 unmaps it. */
void phys_move_region(struct phys *p, int index, uint32_t base);

/* Shadow control for [base, base+size) below 1 MiB: reads from RAM or from the region underneath, writes to RAM or
 * dropped. Used by the chipset's PAM registers. */
void phys_set_shadow(struct phys *p, uint32_t base, uint32_t size, int read_ram, int write_ram);
void phys_set_a20(struct phys *p, int enabled);
static inline int phys_a20_enabled(const struct phys *p) { return p->a20_mask == 0xffffffffu; }

/* Host pointer to the start of the 4 KiB page holding paddr when reads (is_write = 0) or writes of that page can go
 * straight to host memory, else NULL. Pages holding decoded code are never direct for writes. */
uint8_t *phys_page_ptr(struct phys *p, uint32_t paddr, int is_write);

/* The slow, general path: any address, any size (1, 2, 4, 8 bytes; accesses crossing a page are split). */
uint32_t phys_read(struct phys *p, uint32_t paddr, unsigned size);
void phys_write(struct phys *p, uint32_t paddr, uint32_t value, unsigned size);
uint64_t phys_read64(struct phys *p, uint32_t paddr);
void phys_write64(struct phys *p, uint32_t paddr, uint64_t value);
void phys_read_block(struct phys *p, uint32_t paddr, void *buf, size_t len);
void phys_write_block(struct phys *p, uint32_t paddr, const void *buf, size_t len);

/* Code-page tracking for self-modifying code: the CPU marks pages it decodes from; writes to them reach the
 * code_written hook (even through phys_write_block, as DMA does) until the CPU clears the mark. */
void phys_mark_code(struct phys *p, uint32_t paddr);
/* The host address of a RAM page that writes at paddr reach, whether or not it holds code; NULL when writes there
 * do not go to RAM (ROM, MMIO, unassigned). */
uint8_t *phys_ram_write_ptr(struct phys *p, uint32_t paddr);
void phys_clear_code(struct phys *p, uint32_t paddr);
static inline int phys_is_code(const struct phys *p, uint32_t paddr)
{
    return paddr < p->ram_size && p->code_page[paddr >> 12];
}

#endif
