/* Linear to physical translation: the page walk (32-bit with PSE, and PAE), permission checks, accessed and dirty
 * bits, #PF with CR2 and its error code, and filling the software TLB. */
#include "cpu/access.h"
#include "cpu/debug.h"
#include "cpu/except.h"
#include "cpu/paging.h"

enum { PTE_P = 1, PTE_W = 2, PTE_U = 4, PTE_A = 0x20, PTE_D = 0x40, PTE_PS = 0x80, PTE_G = 0x100 };
enum { PF_P = 1, PF_W = 2, PF_U = 4, PF_RSVD = 8 };

/* PAE reserved bits with a 36-bit physical address width and no NX: a set one is a #PF with RSVD. */
#define PAE_RSVD_PDPTE 0xfffffff0000001e6ull
#define PAE_RSVD_ENTRY 0xfffffff000000000ull
#define PAE_RSVD_BIG   0xfffffff0001fe000ull

struct walk {
    uint32_t paddr;              /* physical address of the byte */
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

/* User accesses need U in every level; writes need W in every level, for the supervisor too when CR0.WP is set. */
static void check_rights(struct cpu *c, uint32_t lin, int access, int user, int u_ok, int w_ok)
{
    if (user && !u_ok)
        page_fault(c, lin, err_bits(1, access, user));
    if (access == ACC_WRITE && !w_ok && (user || (c->cr0 & CR0_WP)))
        page_fault(c, lin, err_bits(1, access, user));
}

static uint32_t table_read32(struct cpu *c, uint32_t addr)
{
    return phys_read(c->phys, addr & c->phys->a20_mask, 4);
}

static uint64_t table_read64(struct cpu *c, uint32_t addr)
{
    return phys_read64(c->phys, addr & c->phys->a20_mask);
}

/* Sets accessed/dirty bits; only the low dword of an entry holds them, also in PAE. */
static void set_bits(struct cpu *c, uint32_t addr, uint32_t old, uint32_t bits)
{
    if ((old & bits) != bits)
        phys_write(c->phys, addr & c->phys->a20_mask, old | bits, 4);
}

/* The final level of a walk: rights, A and D, and what the TLB may keep. */
static void leaf(struct cpu *c, uint32_t lin, int access, int user, uint32_t entry, uint32_t entry_addr, int u_ok,
                 int w_ok, uint32_t paddr, struct walk *w)
{
    check_rights(c, lin, access, user, u_ok, w_ok);
    set_bits(c, entry_addr, entry, PTE_A | (access == ACC_WRITE ? PTE_D : 0));
    w->paddr = paddr;
    w->user_ok = u_ok;
    w->write_ok = w_ok;
    w->dirty = access == ACC_WRITE || (entry & PTE_D);
    w->global = (entry & PTE_G) && (c->cr4 & CR4_PGE);
}

static void walk_legacy(struct cpu *c, uint32_t lin, int access, int user, struct walk *w)
{
    uint32_t pde_addr = (c->cr3 & 0xfffff000u) | ((lin >> 20) & 0xffc);
    uint32_t pde = table_read32(c, pde_addr);
    if (!(pde & PTE_P))
        page_fault(c, lin, err_bits(0, access, user));
    if ((pde & PTE_PS) && (c->cr4 & CR4_PSE)) {
        leaf(c, lin, access, user, pde, pde_addr, !!(pde & PTE_U), !!(pde & PTE_W),
             (pde & 0xffc00000u) | (lin & 0x3fffffu), w);
        return;
    }
    uint32_t pte_addr = (pde & 0xfffff000u) | ((lin >> 10) & 0xffc);
    uint32_t pte = table_read32(c, pte_addr);
    if (!(pte & PTE_P))
        page_fault(c, lin, err_bits(0, access, user));
    int u_ok = (pde & pte & PTE_U) != 0, w_ok = (pde & pte & PTE_W) != 0;
    check_rights(c, lin, access, user, u_ok, w_ok);
    set_bits(c, pde_addr, pde, PTE_A);
    leaf(c, lin, access, user, pte, pte_addr, u_ok, w_ok, (pte & 0xfffff000u) | (lin & 0xfff), w);
}

/* PAE: three levels of 64-bit entries. Physical addresses above 4 GiB do not exist on this machine; their high
 * bits are dropped. */
static void walk_pae(struct cpu *c, uint32_t lin, int access, int user, struct walk *w)
{
    uint32_t pdpte_addr = (c->cr3 & 0xffffffe0u) | ((lin >> 27) & 0x18);
    uint64_t pdpte = table_read64(c, pdpte_addr);
    if (!(pdpte & PTE_P))
        page_fault(c, lin, err_bits(0, access, user));
    if (pdpte & PAE_RSVD_PDPTE)
        page_fault(c, lin, err_bits(1, access, user) | PF_RSVD);
    uint32_t pde_addr = ((uint32_t)pdpte & 0xfffff000u) | ((lin >> 18) & 0xff8);
    uint64_t pde = table_read64(c, pde_addr);
    if (!(pde & PTE_P))
        page_fault(c, lin, err_bits(0, access, user));
    if (pde & ((pde & PTE_PS) ? PAE_RSVD_BIG : PAE_RSVD_ENTRY))
        page_fault(c, lin, err_bits(1, access, user) | PF_RSVD);
    if (pde & PTE_PS) {
        leaf(c, lin, access, user, (uint32_t)pde, pde_addr, !!(pde & PTE_U), !!(pde & PTE_W),
             ((uint32_t)pde & 0xffe00000u) | (lin & 0x1fffffu), w);
        return;
    }
    uint32_t pte_addr = ((uint32_t)pde & 0xfffff000u) | ((lin >> 9) & 0xff8);
    uint64_t pte = table_read64(c, pte_addr);
    if (!(pte & PTE_P))
        page_fault(c, lin, err_bits(0, access, user));
    if (pte & PAE_RSVD_ENTRY)
        page_fault(c, lin, err_bits(1, access, user) | PF_RSVD);
    int u_ok = (pde & pte & PTE_U) != 0, w_ok = (pde & pte & PTE_W) != 0;
    check_rights(c, lin, access, user, u_ok, w_ok);
    set_bits(c, pde_addr, (uint32_t)pde, PTE_A);
    leaf(c, lin, access, user, (uint32_t)pte, pte_addr, u_ok, w_ok, ((uint32_t)pte & 0xfffff000u) | (lin & 0xfff),
         w);
}

/* Fills the TLB entry for lin with the accesses the mapping allows without a further walk. Writes stay slow until
 * the dirty bit is set, and on pages holding decoded code or watched by a data breakpoint. */
static void tlb_fill(struct cpu *c, uint32_t lin, const struct walk *w)
{
    struct tlb_entry *e = &c->tlb[(lin >> 12) & (TLB_SIZE - 1)];
    uint32_t ppage = w->paddr & ~0xfffu;
    uint8_t *rd = phys_page_ptr(c->phys, ppage, 0);
    uint8_t *wr = phys_ram_write_ptr(c->phys, ppage);
    uint32_t acc = 0;
    if (rd && !c->trace_mem && !(c->dbg_data && debug_page_watched(c, lin))) {
        acc = TLB_R_SUP | (w->user_ok ? TLB_R_USR : 0);
        uint32_t write = 0;
        if (wr == rd && w->dirty) {
            if (w->write_ok || !(c->cr0 & CR0_WP))
                write |= TLB_W_SUP;
            if (w->write_ok && w->user_ok)
                write |= TLB_W_USR;
        }
        acc |= phys_is_code(c->phys, ppage) ? write << TLB_CODE_SHIFT : write;
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

/* INVLPG: the TLB holds 4 KiB pieces, so an address in a large page drops every piece of its 4 MiB (2 MiB with
 * PAE) region; dropping more than needed is always allowed. */
void paging_invalidate(struct cpu *c, uint32_t lin)
{
    cpu_tlb_flush_page(c, lin);
    if (!(c->cr4 & (CR4_PSE | CR4_PAE)))
        return;
    uint32_t region = (c->cr4 & CR4_PAE) ? ~0x1fffffu : ~0x3fffffu;
    for (unsigned k = 0; k < TLB_SIZE; k++)
        if (c->tlb[k].lpage != TLB_INVALID && (c->tlb[k].lpage & region) == (lin & region))
            c->tlb[k].lpage = TLB_INVALID;
}
