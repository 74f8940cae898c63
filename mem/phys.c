/* The guest physical address space (see phys.h). */
#include "mem/phys.h"
#include "mem/endian.h"

#include <stdlib.h>
#include <string.h>

static void map_changed(struct phys *p)
{
    p->map_gen++;
    if (p->map_changed)
        p->map_changed(p->hook_opaque);
}

int phys_init(struct phys *p, uint32_t ram_size)
{
    memset(p, 0, sizeof *p);
    if (ram_size == 0 || ram_size > PHYS_MAX_RAM || (ram_size & 0xfff))
        return -1;
    p->ram = calloc(1, ram_size);
    p->code_page = calloc(1, ram_size >> 12);
    if (!p->ram || !p->code_page) {
        phys_free(p);
        return -1;
    }
    p->ram_size = ram_size;
    p->a20_mask = 0xffffffffu;
    p->region[0] = (struct phys_region){ 0, ram_size, REGION_RAM, p->ram, NULL, NULL, NULL, "ram" };
    p->n_regions = 1;
    return 0;
}

void phys_free(struct phys *p)
{
    free(p->ram);
    free(p->code_page);
    p->ram = NULL;
    p->code_page = NULL;
}

static void claim_low_pages(struct phys *p, unsigned idx)
{
    const struct phys_region *r = &p->region[idx];
    for (uint64_t a = r->base; a < (uint64_t)r->base + r->size && a < 0x100000; a += 0x1000) {
        p->low_read[a >> 12] = (uint8_t)idx;
        p->low_write[a >> 12] = r->kind == REGION_ROM ? PHYS_DROP : (uint8_t)idx;
    }
}

static int add_region(struct phys *p, struct phys_region r)
{
    if (p->n_regions > PHYS_MAX_REGIONS)
        return -1;
    unsigned idx = p->n_regions++;
    p->region[idx] = r;
    claim_low_pages(p, idx);
    map_changed(p);
    return (int)idx;
}

int phys_add_rom(struct phys *p, uint32_t base, uint32_t size, uint8_t *data, const char *name)
{
    return add_region(p, (struct phys_region){ base, size, REGION_ROM, data, NULL, NULL, NULL, name });
}

int phys_add_mmio(struct phys *p, uint32_t base, uint32_t size, mmio_read_fn *rd, mmio_write_fn *wr,
                  void *opaque, const char *name)
{
    return add_region(p, (struct phys_region){ base, size, REGION_MMIO, NULL, rd, wr, opaque, name });
}

void phys_move_region(struct phys *p, int index, uint32_t base)
{
    if (index <= 0 || (unsigned)index >= p->n_regions)
        return;
    struct phys_region *r = &p->region[index];
    for (unsigned pg = 0; pg < PHYS_LOW_PAGES; pg++) {
        if (p->low_read[pg] == index)
            p->low_read[pg] = 0;
        if (p->low_write[pg] == index)
            p->low_write[pg] = 0;
    }
    r->base = base;
    if (r->size)
        claim_low_pages(p, (unsigned)index);
    map_changed(p);
}

/* The region under a legacy page, ignoring shadowing: the last region added that covers it. */
static unsigned region_under(const struct phys *p, uint32_t page_addr)
{
    for (unsigned i = p->n_regions; i-- > 1;) {
        const struct phys_region *r = &p->region[i];
        if (page_addr >= r->base && page_addr - r->base < r->size)
            return i;
    }
    return 0;
}

void phys_set_shadow(struct phys *p, uint32_t base, uint32_t size, int read_ram, int write_ram)
{
    for (uint64_t a = base & ~0xfffu; a < (uint64_t)base + size && a < 0x100000; a += 0x1000) {
        unsigned under = region_under(p, (uint32_t)a);
        int under_rom = under && p->region[under].kind == REGION_ROM;
        p->low_read[a >> 12] = (uint8_t)(read_ram ? 0 : under);
        p->low_write[a >> 12] = write_ram ? 0 : (under_rom || !under ? PHYS_DROP : (uint8_t)under);
    }
    map_changed(p);
}

void phys_set_a20(struct phys *p, int enabled)
{
    uint32_t mask = enabled ? 0xffffffffu : 0xffefffffu;
    if (mask != p->a20_mask) {
        p->a20_mask = mask;
        map_changed(p);
    }
}

/* The region that serves an access at paddr: an index, or -1 for unassigned (or dropped writes). */
static int lookup(const struct phys *p, uint32_t paddr, int is_write)
{
    if (paddr < 0x100000) {
        unsigned idx = is_write ? p->low_write[paddr >> 12] : p->low_read[paddr >> 12];
        if (idx == PHYS_DROP)
            return -1;
        if (idx == 0)
            return paddr < p->ram_size ? 0 : -1;
        return (int)idx;
    }
    if (paddr < p->ram_size)
        return 0;
    for (unsigned i = p->n_regions; i-- > 1;) {
        const struct phys_region *r = &p->region[i];
        if (paddr >= r->base && paddr - r->base < r->size)
            return (int)i;
    }
    return -1;
}

uint8_t *phys_page_ptr(struct phys *p, uint32_t paddr, int is_write)
{
    int idx = lookup(p, paddr, is_write);
    if (idx < 0)
        return NULL;
    const struct phys_region *r = &p->region[idx];
    uint32_t page = paddr & ~0xfffu;
    if (r->kind == REGION_RAM) {
        if (is_write && p->code_page[page >> 12])
            return NULL;
        return p->ram + page;
    }
    /* A ROM page is direct for reads only if the whole page lies inside the ROM. */
    if (r->kind == REGION_ROM && !is_write && page >= r->base && page - r->base <= r->size - 0x1000)
        return r->data + (page - r->base);
    return NULL;
}

uint8_t *phys_ram_write_ptr(struct phys *p, uint32_t paddr)
{
    int idx = lookup(p, paddr, 1);
    if (idx < 0 || p->region[idx].kind != REGION_RAM)
        return NULL;
    return p->ram + (paddr & ~0xfffu);
}

/* A write into a page that holds decoded code: the CPU decides whether it touched code (and then forgets the
 * page's blocks and calls phys_clear_code). */
static void note_code_write(struct phys *p, uint32_t paddr, unsigned len)
{
    if (p->code_page[paddr >> 12] && p->code_written)
        p->code_written(p->hook_opaque, paddr, len);
}

void phys_clear_code(struct phys *p, uint32_t paddr)
{
    if (paddr < p->ram_size)
        p->code_page[paddr >> 12] = 0;
}

void phys_mark_code(struct phys *p, uint32_t paddr)
{
    if (paddr < p->ram_size)
        p->code_page[paddr >> 12] = 1;
}

static uint32_t read_in_page(struct phys *p, uint32_t paddr, unsigned size)
{
    int idx = lookup(p, paddr, 0);
    if (idx < 0)
        return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
    const struct phys_region *r = &p->region[idx];
    uint32_t off = paddr - r->base;
    if (r->kind == REGION_MMIO)
        return r->read ? r->read(r->opaque, off, size) : 0xffffffffu >> (32 - 8 * size);
    if (r->kind == REGION_ROM && off > r->size - size)
        return 0xffffffffu >> (32 - 8 * size);
    const uint8_t *src = r->data + off;
    return size == 1 ? ld8(src) : size == 2 ? ld16(src) : ld32(src);
}

static void write_in_page(struct phys *p, uint32_t paddr, uint32_t value, unsigned size)
{
    int idx = lookup(p, paddr, 1);
    if (idx < 0)
        return;
    struct phys_region *r = &p->region[idx];
    uint32_t off = paddr - r->base;
    if (r->kind == REGION_MMIO) {
        if (r->write)
            r->write(r->opaque, off, value, size);
        return;
    }
    if (r->kind != REGION_RAM)
        return;
    note_code_write(p, paddr, size);
    uint8_t *dst = p->ram + paddr;
    if (size == 1)
        st8(dst, (uint8_t)value);
    else if (size == 2)
        st16(dst, (uint16_t)value);
    else
        st32(dst, value);
}

uint32_t phys_read(struct phys *p, uint32_t paddr, unsigned size)
{
    if ((paddr & 0xfff) <= 0x1000 - size)
        return read_in_page(p, paddr, size);
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= read_in_page(p, paddr + i, 1) << (8 * i);
    return v;
}

void phys_write(struct phys *p, uint32_t paddr, uint32_t value, unsigned size)
{
    if ((paddr & 0xfff) <= 0x1000 - size) {
        write_in_page(p, paddr, value, size);
        return;
    }
    for (unsigned i = 0; i < size; i++)
        write_in_page(p, paddr + i, (value >> (8 * i)) & 0xff, 1);
}

uint64_t phys_read64(struct phys *p, uint32_t paddr)
{
    return phys_read(p, paddr, 4) | (uint64_t)phys_read(p, paddr + 4, 4) << 32;
}

void phys_write64(struct phys *p, uint32_t paddr, uint64_t value)
{
    phys_write(p, paddr, (uint32_t)value, 4);
    phys_write(p, paddr + 4, (uint32_t)(value >> 32), 4);
}

void phys_read_block(struct phys *p, uint32_t paddr, void *buf, size_t len)
{
    uint8_t *out = buf;
    while (len) {
        size_t chunk = 0x1000 - (paddr & 0xfff);
        if (chunk > len)
            chunk = len;
        const uint8_t *src = phys_page_ptr(p, paddr, 0);
        if (src)
            memcpy(out, src + (paddr & 0xfff), chunk);
        else
            for (size_t i = 0; i < chunk; i++)
                out[i] = (uint8_t)read_in_page(p, paddr + (uint32_t)i, 1);
        out += chunk;
        paddr += (uint32_t)chunk;
        len -= chunk;
    }
}

void phys_write_block(struct phys *p, uint32_t paddr, const void *buf, size_t len)
{
    const uint8_t *in = buf;
    while (len) {
        size_t chunk = 0x1000 - (paddr & 0xfff);
        if (chunk > len)
            chunk = len;
        uint8_t *dst = phys_page_ptr(p, paddr, 1);
        if (dst)
            memcpy(dst + (paddr & 0xfff), in, chunk);
        else
            for (size_t i = 0; i < chunk; i++)
                write_in_page(p, paddr + (uint32_t)i, in[i], 1);
        in += chunk;
        paddr += (uint32_t)chunk;
        len -= chunk;
    }
}
