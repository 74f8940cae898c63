/* Linear to physical translation: the page walk (32-bit with PSE, and PAE), permission checks, accessed and dirty
 * bits, #PF with CR2 and its error code, and filling the software TLB. */
#include "cpu/access.h"
#include "cpu/except.h"

enum { PTE_P = 1, PTE_W = 2, PTE_U = 4, PTE_A = 0x20, PTE_D = 0x40, PTE_PS = 0x80, PTE_G = 0x100 };
enum { PF_P = 1, PF_W = 2, PF_U = 4, PF_RSVD = 8 };

struct walk {
    uint32_t paddr;              /* physical address of the byte */
    uint32_t ppage;              /* physical page (4 KiB granule) */
    int user_ok, write_ok, dirty, global;
};

_Noreturn static void page_fault(struct cpu *c, uint32_t lin, uint32_t err)
{
    c->cr2 = lin;
    cpu_fault(c, EXC_PF, err);
}

static uint32_t err_bits(int present, int access, int user)
{
    return (present ? PF_P : 0) | (access == ACC_WRITE ? PF_W : 0) | (user ? PF_U : 0);
}

/* Checks the combined rights of a mapping, then sets A (and D on a write) in the entries that need it. */
static void check_rights(struct cpu *c, uint32_t lin, int access, int user, int u_ok, int w_ok)
{
    if (user && !u_ok)
        page_fault(c, lin, err_bits(1, access, user));
    if (access == ACC_WRITE && !w_ok && (user || (c->cr0 & CR0_WP)))
        page_fault(c, lin, err_bits(1, access, user));
}

static void set_bits32(struct cpu *c, uint32_t addr, uint32_t old, uint32_t bits)
{
    if ((old & bits) != bits)
        phys_write(c->phys, addr, old | bits, 4);
}

static void walk_legacy(struct cpu *c, uint32_t lin, int access, int user, struct walk *w)
{
    uint32_t pde_addr = (c->cr3 & 0xfffff000u) | ((lin >> 20) & 0xffc);
    uint32_t pde = phys_read(c->phys, pde_addr, 4);
    if (!(pde & PTE_P))
        page_fault(c, lin, err_bits(0, access, user));
    if ((pde & PTE_PS) && (c->cr4 & CR4_PSE)) {
        check_rights(c, lin, access, user, pde & PTE_U, pde & PTE_W);
        set_bits32(c, pde_addr, pde, PTE_A | (access == ACC_WRITE ? PTE_D : 0));
        w->paddr = (pde & 0xffc00000u) | (lin & 0x3fffffu);
        w->user_ok = !!(pde & PTE_U);
        w->write_ok = !!(pde & PTE_W);
        w->dirty = access == ACC_WRITE || (pde & PTE_D);
        w->global = (pde & PTE_G) && (c->cr4 & CR4_PGE);
        return;
    }
    uint32_t pte_addr = (pde & 0xfffff000u) | ((lin >> 10) & 0xffc);
    uint32_t pte = phys_read(c->phys, pte_addr, 4);
    if (!(pte & PTE_P))
        page_fault(c, lin, err_bits(0, access, user));
    int u_ok = (pde & pte & PTE_U) != 0, w_ok = (pde & pte & PTE_W) != 0;
    check_rights(c, lin, access, user, u_ok, w_ok);
    set_bits32(c, pde_addr, pde, PTE_A);
    set_bits32(c, pte_addr, pte, PTE_A | (access == ACC_WRITE ? PTE_D : 0));
    w->paddr = (pte & 0xfffff000u) | (lin & 0xfff);
    w->user_ok = u_ok;
    w->write_ok = w_ok;
    w->dirty = access == ACC_WRITE || (pte & PTE_D);
    w->global = (pte & PTE_G) && (c->cr4 & CR4_PGE);
}

/* PAE: 64-bit entries; physical addresses above 4 GiB do not exist on this machine and read as unassigned. */
static void walk_pae(struct cpu *c, uint32_t lin, int access, int user, struct walk *w)
{
    const uint64_t rsvd_pdpte = 0xfffffff0000001e6ull, rsvd_pde_big = 0xfffffff0001fe000ull;
    uint32_t pdpte_addr = (c->cr3 & 0xffffffe0u) | ((lin >> 27) & 0x18);
    uint64_t pdpte = phys_read64(c->phys, pdpte_addr);
    if (!(pdpte & PTE_P))
        page_fault(c, lin, err_bits(0, access, user));
    if (pdpte & rsvd_pdpte)
        page_fault(c, lin, err_bits(1, access, user) | PF_RSVD);
    uint32_t pde_addr = ((uint32_t)pdpte & 0xfffff000u) | ((lin >> 18) & 0xff8);
    uint64_t pde = phys_read64(c->phys, pde_addr);
    if (!(pde & PTE_P))
        page_fault(c, lin, err_bits(0, access, user));
    if (pde & PTE_PS) {
        if (pde & rsvd_pde_big)
            page_fault(c, lin, err_bits(1, access, user) | PF_RSVD);
        check_rights(c, lin, access, user, (int)(pde & PTE_U), (int)(pde & PTE_W));
        set_bits32(c, pde_addr, (uint32_t)pde, PTE_A | (access == ACC_WRITE ? PTE_D : 0));
        w->paddr = ((uint32_t)pde & 0xffe00000u) | (lin & 0x1fffffu);
        w->user_ok = !!(pde & PTE_U);
        w->write_ok = !!(pde & PTE_W);
        w->dirty = access == ACC_WRITE || (pde & PTE_D);
        w->global = (pde & PTE_G) && (c->cr4 & CR4_PGE);
        return;
    }
    uint32_t pte_addr = ((uint32_t)pde & 0xfffff000u) | ((lin >> 9) & 0xff8);
    uint64_t pte = phys_read64(c->phys, pte_addr);
    if (!(pte & PTE_P))
        page_fault(c, lin, err_bits(0, access, user));
    int u_ok = (pde & pte & PTE_U) != 0, w_ok = (pde & pte & PTE_W) != 0;
    check_rights(c, lin, access, user, u_ok, w_ok);
    set_bits32(c, pde_addr, (uint32_t)pde, PTE_A);
    set_bits32(c, pte_addr, (uint32_t)pte, PTE_A | (access == ACC_WRITE ? PTE_D : 0));
    w->paddr = ((uint32_t)pte & 0xfffff000u) | (lin & 0xfff);
    w->user_ok = u_ok;
    w->write_ok = w_ok;
    w->dirty = access == ACC_WRITE || (pte & PTE_D);
    w->global = (pte & PTE_G) && (c->cr4 & CR4_PGE);
}

/* Fills the TLB entry for lin with the accesses the mapping allows without a further walk. */
static void tlb_fill(struct cpu *c, uint32_t lin, const struct walk *w)
{
    struct tlb_entry *e = &c->tlb[(lin >> 12) & (TLB_SIZE - 1)];
    uint32_t ppage = w->paddr & ~0xfffu;
    uint8_t *rd = phys_page_ptr(c->phys, ppage, 0);
    uint8_t *wr = phys_page_ptr(c->phys, ppage, 1);
    uint32_t acc = 0;
    if (rd) {
        acc = TLB_R_SUP | (w->user_ok ? TLB_R_USR : 0);
        if (wr == rd && w->dirty) {
            if (w->write_ok || !(c->cr0 & CR0_WP))
                acc |= TLB_W_SUP;
            if (w->write_ok && w->user_ok)
                acc |= TLB_W_USR;
        }
    }
    e->lpage = lin & ~0xfffu;
    e->ppage = ppage;
    e->host = rd;
    e->access = acc;
    e->global = (uint32_t)w->global;
}

uint32_t cpu_translate(struct cpu *c, uint32_t lin, int access, int user)
{
    struct walk w;
    if (!(c->cr0 & CR0_PG)) {
        w.paddr = lin;
        w.user_ok = w.write_ok = w.dirty = 1;
        w.global = 0;
    } else if (c->cr4 & CR4_PAE) {
        walk_pae(c, lin, access, user, &w);
    } else {
        walk_legacy(c, lin, access, user, &w);
    }
    w.paddr &= c->phys->a20_mask;
    tlb_fill(c, lin, &w);
    return w.paddr;
}
