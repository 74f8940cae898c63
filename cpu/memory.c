/* The slow paths of guest memory access and the software TLB (see access.h). */
#include "cpu/access.h"
#include "cpu/debug.h"
#include "cpu/except.h"
#include "cpu/icache.h"
#include "cpu/trace.h"

void cpu_tlb_flush(struct cpu *c, int keep_global)
{
    icache_unlink_all(c->icache);
    for (unsigned k = 0; k < TLB_SIZE; k++)
        if (!(keep_global && c->tlb[k].global))
            c->tlb[k].lpage = TLB_INVALID;
}

void cpu_tlb_flush_page(struct cpu *c, uint32_t lin)
{
    struct tlb_entry *e = &c->tlb[(lin >> 12) & (TLB_SIZE - 1)];
    icache_unlink_all(c->icache);
    if (e->lpage == (lin & ~0xfffu))
        e->lpage = TLB_INVALID;
}

/* Segment limit or rights violation: #SS for the stack segment, #GP otherwise (error code 0). */
_Noreturn void cpu_segment_fault(struct cpu *c, unsigned seg, uint32_t off)
{
    (void)off;
    cpu_fault(c, seg == S_SS ? EXC_SS : EXC_GP, 0);
}

/* A write-permitted TLB entry of a page holding code, when the access lies in one page and no data breakpoint
 * watches (those take the full path). */
static const struct tlb_entry *code_page_entry(const struct cpu *c, uint32_t lin, unsigned size)
{
    if (c->dbg_data || (lin & 0xfff) + size > 0x1000)
        return NULL;
    return tlb_hit(c, lin, c->acc_wr << TLB_CODE_SHIFT);
}

/* Both pages of a page-crossing access are translated before any byte moves, so a fault leaves memory as it was. */
uint32_t cpu_read_slow(struct cpu *c, uint32_t lin, unsigned size, int for_write, int user)
{
    int acc = for_write ? ACC_WRITE : ACC_READ;
    const struct tlb_entry *e = for_write ? code_page_entry(c, lin, size) : NULL;
    if (e) {
        const uint8_t *p = e->host + (lin & 0xfff);
        return size == 1 ? ld8(p) : size == 2 ? ld16(p) : ld32(p);
    }
    if (c->dbg_data)
        debug_check_data(c, lin, size, 0);
    uint32_t v = 0, p1 = cpu_translate(c, lin, acc, user);
    if ((lin & 0xfff) + size <= 0x1000) {
        v = phys_read(c->phys, p1, size);
    } else {
        uint32_t split = 0x1000 - (lin & 0xfff);
        uint32_t p2 = cpu_translate(c, lin + split, acc, user);
        for (unsigned k = 0; k < size; k++)
            v |= phys_read(c->phys, k < split ? p1 + k : p2 + (k - split), 1) << (8 * k);
    }
    if (c->trace_mem)
        trace_memory(c->trace, 0, size, lin, p1, v);
    return v;
}

void cpu_write_slow(struct cpu *c, uint32_t lin, uint32_t value, unsigned size, int user)
{
    const struct tlb_entry *e = code_page_entry(c, lin, size);
    if (e) {
        cpu_code_written(c, e->ppage | (lin & 0xfff), size);
        uint8_t *p = e->host + (lin & 0xfff);
        if (size == 1)
            st8(p, (uint8_t)value);
        else if (size == 2)
            st16(p, (uint16_t)value);
        else
            st32(p, value);
        return;
    }
    if (c->dbg_data)
        debug_check_data(c, lin, size, 1);
    uint32_t p1 = cpu_translate(c, lin, ACC_WRITE, user);
    if (c->trace_mem)
        trace_memory(c->trace, 1, size, lin, p1, value);
    if ((lin & 0xfff) + size <= 0x1000) {
        phys_write(c->phys, p1, value, size);
        return;
    }
    uint32_t split = 0x1000 - (lin & 0xfff);
    uint32_t p2 = cpu_translate(c, lin + split, ACC_WRITE, user);
    for (unsigned k = 0; k < size; k++)
        phys_write(c->phys, k < split ? p1 + k : p2 + (k - split), (value >> (8 * k)) & 0xff, 1);
}
