/* Guest memory for the debuggers (see guest_mem.h). The walk mirrors cpu/paging.c's (32-bit with PSE, and PAE)
 * but only reads the tables. */
#include "frontend/guest_mem.h"

#include <string.h>

enum { PTE_P = 1, PTE_W = 2, PTE_U = 4, PTE_PS = 0x80 };

static uint32_t read32(const struct cpu *c, uint32_t paddr)
{
    return phys_read(c->phys, paddr & c->phys->a20_mask, 4);
}

static uint64_t read64(const struct cpu *c, uint32_t paddr)
{
    return phys_read64(c->phys, paddr & c->phys->a20_mask);
}

static int paging_on(const struct cpu *c)
{
    return (c->cr0 & CR0_PG) != 0;
}

/* The directory entry's rights combined with the leaf's. */
static void set_mapping(struct guest_mapping *m, uint32_t lin, uint32_t phys, uint32_t size, uint64_t upper,
                        uint64_t leaf)
{
    m->lin = lin;
    m->phys = phys;
    m->size = size;
    m->user = (upper & leaf & PTE_U) != 0;
    m->write = (upper & leaf & PTE_W) != 0;
}

static int translate_legacy(const struct cpu *c, uint32_t lin, struct guest_mapping *m)
{
    uint32_t pde = read32(c, (c->cr3 & 0xfffff000u) | ((lin >> 20) & 0xffc));
    if (!(pde & PTE_P))
        return -1;
    if ((pde & PTE_PS) && (c->cr4 & CR4_PSE)) {
        set_mapping(m, lin & 0xffc00000u, pde & 0xffc00000u, 0x400000, pde, pde);
        return 0;
    }
    uint32_t pte = read32(c, (pde & 0xfffff000u) | ((lin >> 10) & 0xffc));
    if (!(pte & PTE_P))
        return -1;
    set_mapping(m, lin & 0xfffff000u, pte & 0xfffff000u, 0x1000, pde, pte);
    return 0;
}

static int translate_pae(const struct cpu *c, uint32_t lin, struct guest_mapping *m)
{
    uint64_t pdpte = read64(c, (c->cr3 & 0xffffffe0u) | ((lin >> 27) & 0x18));
    if (!(pdpte & PTE_P))
        return -1;
    uint64_t pde = read64(c, ((uint32_t)pdpte & 0xfffff000u) | ((lin >> 18) & 0xff8));
    if (!(pde & PTE_P))
        return -1;
    if (pde & PTE_PS) {
        set_mapping(m, lin & 0xffe00000u, (uint32_t)pde & 0xffe00000u, 0x200000, pde, pde);
        return 0;
    }
    uint64_t pte = read64(c, ((uint32_t)pde & 0xfffff000u) | ((lin >> 9) & 0xff8));
    if (!(pte & PTE_P))
        return -1;
    set_mapping(m, lin & 0xfffff000u, (uint32_t)pte & 0xfffff000u, 0x1000, pde, pte);
    return 0;
}

int guest_translate(const struct cpu *c, uint32_t lin, uint32_t *paddr, struct guest_mapping *how)
{
    struct guest_mapping m;
    if (!paging_on(c))
        set_mapping(&m, lin & 0xfffff000u, lin & 0xfffff000u, 0x1000, PTE_U | PTE_W, PTE_U | PTE_W);
    else if ((c->cr4 & CR4_PAE) ? translate_pae(c, lin, &m) < 0 : translate_legacy(c, lin, &m) < 0)
        return -1;
    *paddr = (m.phys + (lin - m.lin)) & c->phys->a20_mask;
    if (how)
        *how = m;
    return 0;
}

/* Copies page by page, since consecutive linear pages need not be consecutive physical ones. */
static int copy_linear(struct cpu *c, uint32_t lin, uint8_t *buf, const uint8_t *src, size_t len)
{
    while (len) {
        uint32_t paddr;
        if (guest_translate(c, lin, &paddr, NULL) < 0)
            return -1;
        size_t n = 0x1000 - (lin & 0xfff);
        if (n > len)
            n = len;
        if (buf) {
            phys_read_block(c->phys, paddr, buf, n);
            buf += n;
        } else {
            phys_write_block(c->phys, paddr, src, n);
            src += n;
        }
        lin += (uint32_t)n;
        len -= n;
    }
    return 0;
}

int guest_read(struct cpu *c, uint32_t lin, void *buf, size_t len)
{
    return copy_linear(c, lin, buf, NULL, len);
}

int guest_write(struct cpu *c, uint32_t lin, const void *buf, size_t len)
{
    return copy_linear(c, lin, NULL, buf, len);
}

int guest_descriptor(struct cpu *c, uint16_t sel, uint32_t *lo, uint32_t *hi)
{
    const struct seg_cache *ldt = (sel & 4) ? &c->ldtr : NULL;
    uint32_t base = ldt ? ldt->base : c->gdtr.base, limit = ldt ? ldt->limit : c->gdtr.limit;
    uint8_t d[8];
    if ((sel | 7u) > limit || guest_read(c, base + (sel & ~7u), d, 8) < 0)
        return -1;
    *lo = (uint32_t)d[0] | (uint32_t)d[1] << 8 | (uint32_t)d[2] << 16 | (uint32_t)d[3] << 24;
    *hi = (uint32_t)d[4] | (uint32_t)d[5] << 8 | (uint32_t)d[6] << 16 | (uint32_t)d[7] << 24;
    return 0;
}

static void walk_legacy(const struct cpu *c, guest_mapping_fn *fn, void *opaque)
{
    for (uint32_t d = 0; d < 1024; d++) {
        uint32_t pde = read32(c, (c->cr3 & 0xfffff000u) | (d << 2));
        struct guest_mapping m;
        if (!(pde & PTE_P))
            continue;
        if ((pde & PTE_PS) && (c->cr4 & CR4_PSE)) {
            set_mapping(&m, d << 22, pde & 0xffc00000u, 0x400000, pde, pde);
            fn(opaque, &m);
            continue;
        }
        for (uint32_t t = 0; t < 1024; t++) {
            uint32_t pte = read32(c, (pde & 0xfffff000u) | (t << 2));
            if (!(pte & PTE_P))
                continue;
            set_mapping(&m, d << 22 | t << 12, pte & 0xfffff000u, 0x1000, pde, pte);
            fn(opaque, &m);
        }
    }
}

static void walk_pae(const struct cpu *c, guest_mapping_fn *fn, void *opaque)
{
    for (uint32_t p = 0; p < 4; p++) {
        uint64_t pdpte = read64(c, (c->cr3 & 0xffffffe0u) | (p << 3));
        if (!(pdpte & PTE_P))
            continue;
        for (uint32_t d = 0; d < 512; d++) {
            uint64_t pde = read64(c, ((uint32_t)pdpte & 0xfffff000u) | (d << 3));
            struct guest_mapping m;
            if (!(pde & PTE_P))
                continue;
            if (pde & PTE_PS) {
                set_mapping(&m, p << 30 | d << 21, (uint32_t)pde & 0xffe00000u, 0x200000, pde, pde);
                fn(opaque, &m);
                continue;
            }
            for (uint32_t t = 0; t < 512; t++) {
                uint64_t pte = read64(c, ((uint32_t)pde & 0xfffff000u) | (t << 3));
                if (!(pte & PTE_P))
                    continue;
                set_mapping(&m, p << 30 | d << 21 | t << 12, (uint32_t)pte & 0xfffff000u, 0x1000, pde, pte);
                fn(opaque, &m);
            }
        }
    }
}

void guest_walk(const struct cpu *c, guest_mapping_fn *fn, void *opaque)
{
    if (!paging_on(c)) {
        struct guest_mapping m = { 0, 0, 0, 1, 1 };   /* size 0 stands for the whole 4 GiB */
        fn(opaque, &m);
    } else if (c->cr4 & CR4_PAE) {
        walk_pae(c, fn, opaque);
    } else {
        walk_legacy(c, fn, opaque);
    }
}
