/* The decoded-block cache (see icache.h). */
#include "cpu/icache.h"
#include "cpu/access.h"
#include "cpu/decode.h"
#include "cpu/except.h"

#include <stdlib.h>
#include <string.h>

enum { ARENA_SIZE = 16 << 20 };

struct icache *icache_create(uint32_t ram_size)
{
    struct icache *ic = calloc(1, sizeof *ic);
    if (!ic)
        return NULL;
    ic->n_pages = ram_size >> 12;
    ic->arena = malloc(ARENA_SIZE);
    ic->page_gen = calloc(ic->n_pages ? ic->n_pages : 1, sizeof *ic->page_gen);
    ic->code_mask = calloc(ic->n_pages ? ic->n_pages : 1, sizeof *ic->code_mask);
    ic->code_bytes = calloc(ic->n_pages ? ic->n_pages : 1, sizeof *ic->code_bytes);
    if (!ic->arena || !ic->page_gen || !ic->code_mask || !ic->code_bytes) {
        icache_destroy(ic);
        return NULL;
    }
    ic->capacity = ARENA_SIZE;
    return ic;
}

void icache_destroy(struct icache *ic)
{
    if (!ic)
        return;
    free(ic->arena);
    free(ic->page_gen);
    free(ic->code_mask);
    if (ic->code_bytes)
        for (uint32_t k = 0; k < ic->n_pages; k++)
            free(ic->code_bytes[k]);
    free(ic->code_bytes);
    free(ic);
}

void icache_flush(struct icache *ic)
{
    memset(ic->slot, 0, sizeof ic->slot);
    ic->used = 0;
    ic->flushes++;
    ic->epoch++;
}

/* The chunk bits for bytes [offset, offset + len) of a page. */
static uint64_t chunk_bits(uint32_t offset, unsigned len)
{
    unsigned first = offset >> 6, last = (offset + len - 1) >> 6;
    if (last > 63)
        last = 63;
    uint64_t upto = last == 63 ? ~0ull : (2ull << last) - 1;
    return upto & ~((1ull << first) - 1);
}

enum { PAGE_BITMAP_BYTES = 0x1000 / 8 };

/* Whether any byte of [offset, offset + len) of a page is marked in its bitmap (len stays within the page). */
static int bytes_marked(const uint8_t *bitmap, uint32_t offset, unsigned len)
{
    for (uint32_t k = offset; k < offset + len && k < 0x1000; k++)
        if (bitmap[k >> 3] & (1u << (k & 7)))
            return 1;
    return 0;
}

int icache_write(struct icache *ic, uint32_t paddr, unsigned len)
{
    uint32_t page = paddr >> 12, offset = paddr & 0xfff;
    if (!len)
        len = 1;
    if (page >= ic->n_pages || !(ic->code_mask[page] & chunk_bits(offset, len)))
        return 0;
    if (ic->code_bytes[page] && !bytes_marked(ic->code_bytes[page], offset, len))
        return 0;
    ic->page_gen[page]++;
    ic->epoch++;
    ic->code_mask[page] = 0;
    if (ic->code_bytes[page])
        memset(ic->code_bytes[page], 0, PAGE_BITMAP_BYTES);
    return 1;
}

/* Marks [paddr, paddr + len) as decoded, within one page. Without memory for the page's bitmap the chunk mask
 * alone decides (writes near code then invalidate more often, nothing worse). */
static void note_code_bytes(struct icache *ic, uint32_t paddr, unsigned len)
{
    uint32_t page = paddr >> 12, offset = paddr & 0xfff;
    if (page >= ic->n_pages || !len)
        return;
    if (!ic->code_mask[page] && ic->code_bytes[page] == NULL)
        ic->code_bytes[page] = calloc(1, PAGE_BITMAP_BYTES);
    ic->code_mask[page] |= chunk_bits(offset, len);
    uint8_t *bitmap = ic->code_bytes[page];
    if (bitmap)
        for (uint32_t k = offset; k < offset + len && k < 0x1000; k++)
            bitmap[k >> 3] |= (uint8_t)(1u << (k & 7));
}

static uint32_t page_gen(const struct icache *ic, uint32_t page)
{
    return page < ic->n_pages ? ic->page_gen[page] : 0;
}

static unsigned slot_of(uint32_t phys, int code32)
{
    uint32_t h = phys * 0x9e3779b1u ^ (uint32_t)code32;
    return (h >> 7) & (ICACHE_SLOTS - 1);
}

/* Keeps writes to a page that now holds code off the TLB's fast path (onto the code-page path of memory.c). */
static void mark_code_page(struct cpu *c, uint32_t ppage)
{
    if (phys_is_code(c->phys, ppage) || ppage >= c->phys->ram_size)
        return;
    phys_mark_code(c->phys, ppage);
    const uint32_t write = TLB_W_SUP | TLB_W_USR;
    for (unsigned k = 0; k < TLB_SIZE; k++) {
        struct tlb_entry *e = &c->tlb[k];
        if (e->lpage != TLB_INVALID && e->ppage == (ppage & ~0xfffu))
            e->access = (e->access & ~write) | (e->access & write) << TLB_CODE_SHIFT;
    }
}

/* Reads up to `want` instruction bytes at a physical address, not crossing its page. */
static unsigned fetch_in_page(struct cpu *c, uint32_t paddr, uint8_t *buf, unsigned want)
{
    unsigned room = 0x1000 - (paddr & 0xfff);
    unsigned n = want < room ? want : room;
    const uint8_t *host = phys_page_ptr(c->phys, paddr, 0);
    if (host)
        memcpy(buf, host + (paddr & 0xfff), n);
    else
        for (unsigned k = 0; k < n; k++)
            buf[k] = (uint8_t)phys_read(c->phys, paddr + k, 1);
    return n;
}

struct builder {
    struct cpu *c;
    uint32_t eip, lin, paddr;    /* of the next instruction */
    uint32_t page2;              /* second page of a straddling instruction, or the first page */
    unsigned n;
    struct insn insn[BLOCK_MAX];
};

/* Decodes the next instruction; returns 0 when the block must end before it. Only the first instruction of a
 * block may fault: a later one that would fault is left to start a block of its own. */
static int decode_next(struct builder *b)
{
    struct cpu *c = b->c;
    const struct seg_cache *cs = &c->seg[S_CS];
    uint8_t buf[INSN_MAX_LEN];
    int first = b->n == 0;
    if (b->eip > cs->limit) {
        if (first)
            cpu_fault(c, EXC_GP, 0);
        return 0;
    }
    unsigned have = fetch_in_page(c, b->paddr, buf, INSN_MAX_LEN);
    int len = decode_insn(&b->insn[b->n], buf, have, c->code32);
    if (len == DECODE_NEED_MORE) {
        if (!first)
            return 0;
        uint32_t next_lin = (b->lin | 0xfff) + 1;
        uint32_t p2 = cpu_translate(c, next_lin, ACC_EXEC, cpu_user(c));
        fetch_in_page(c, p2, buf + have, INSN_MAX_LEN - have);
        b->page2 = p2 & ~0xfffu;
        len = decode_insn(&b->insn[b->n], buf, INSN_MAX_LEN, c->code32);
    }
    if (len <= 0 || (uint64_t)b->eip + (unsigned)len - 1 > cs->limit) {
        if (first)
            cpu_fault(c, EXC_GP, 0);
        return 0;
    }
    b->n++;
    b->eip += (unsigned)len;
    b->lin += (unsigned)len;
    b->paddr += (unsigned)len;
    return 1;
}

static struct block *build(struct cpu *c, uint32_t lin, uint32_t paddr)
{
    struct icache *ic = c->icache;
    struct builder b = { c, c->eip, lin, paddr, paddr & ~0xfffu, 0, { { 0 } } };
    uint32_t page = paddr & ~0xfffu;
    while (b.n < BLOCK_MAX && decode_next(&b)) {
        const struct insn *last = &b.insn[b.n - 1];
        if ((opcode_rows[last->row].attr & A_END) || (b.paddr & ~0xfffu) != page || b.page2 != page)
            break;
        if (!c->code32 && b.eip > 0xffff)
            break;
    }
    size_t size = sizeof(struct block) + b.n * sizeof(struct insn);
    size = (size + 15) & ~(size_t)15;
    if (ic->used + size > ic->capacity)
        icache_flush(ic);
    struct block *blk = (struct block *)(void *)(ic->arena + ic->used);
    ic->used += size;
    blk->phys = paddr;
    blk->page[0] = page;
    blk->page[1] = b.page2;
    mark_code_page(c, page);
    mark_code_page(c, b.page2);
    uint32_t end = b.paddr;      /* one past the block's last byte, in the first page or the second */
    if (b.page2 == page) {
        note_code_bytes(ic, paddr, end - paddr);
    } else {
        note_code_bytes(ic, paddr, (page + 0x1000) - paddr);
        note_code_bytes(ic, b.page2, (end & 0xfff) ? (end & 0xfff) : 0x1000);
    }
    blk->gen[0] = page_gen(ic, page >> 12);
    blk->gen[1] = page_gen(ic, b.page2 >> 12);
    blk->code32 = c->code32;
    blk->next_link = 0;
    memset(blk->link, 0, sizeof blk->link);
    blk->n = (uint16_t)b.n;
    memcpy(blk->insn, b.insn, b.n * sizeof(struct insn));
    ic->slot[slot_of(paddr, c->code32)] = blk;
    ic->blocks_built++;
    return blk;
}

struct block *icache_block(struct cpu *c)
{
    struct icache *ic = c->icache;
    uint32_t lin = c->seg[S_CS].base + c->eip;
    const struct tlb_entry *e = tlb_hit(c, lin, c->acc_rd);
    uint32_t paddr = e ? e->ppage | (lin & 0xfff) : cpu_translate(c, lin, ACC_EXEC, cpu_user(c));
    struct block *blk = ic->slot[slot_of(paddr, c->code32)];
    if (blk && blk->phys == paddr && blk->code32 == c->code32 && blk->gen[0] == page_gen(ic, blk->page[0] >> 12) &&
        blk->gen[1] == page_gen(ic, blk->page[1] >> 12))
        return blk;
    return build(c, lin, paddr);
}

struct block *icache_next_block(struct cpu *c, struct block *prev)
{
    struct icache *ic = c->icache;
    uint32_t lin = c->seg[S_CS].base + c->eip;
    uint8_t acc = (uint8_t)c->acc_rd;
    if (prev)
        for (unsigned k = 0; k < BLOCK_LINKS; k++) {
            const struct block_link *l = &prev->link[k];
            if (l->lin == lin && l->epoch == ic->epoch && l->to && l->code32 == c->code32 && l->acc == acc)
                return l->to;
        }
    uint32_t epoch = ic->epoch;
    struct block *blk = icache_block(c);
    if (prev && ic->epoch == epoch) {        /* prev itself is still there (no flush in between) */
        struct block_link *l = &prev->link[prev->next_link];
        prev->next_link = (uint8_t)((prev->next_link + 1) % BLOCK_LINKS);
        *l = (struct block_link){ lin, epoch, c->code32, acc, blk };
    }
    return blk;
}
