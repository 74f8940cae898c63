/* Decoded blocks, keyed by the physical address of their first byte and CS.D. A block ends at a control transfer,
 * an instruction that changes decoding state, the end of a page, or BLOCK_MAX instructions. Writes to a RAM page
 * holding decoded code bump that page's generation, which invalidates its blocks (self-modifying code). */
#ifndef X86PC_CPU_ICACHE_H
#define X86PC_CPU_ICACHE_H

#include <stddef.h>

#include "cpu/insn.h"

enum { BLOCK_MAX = 64, ICACHE_SLOTS = 1 << 15 };

struct block {
    uint32_t phys;               /* physical address of the first byte */
    uint32_t page[2];            /* physical pages the block's bytes lie in (equal when one page) */
    uint32_t gen[2];             /* their generations when decoded */
    uint8_t code32;
    uint16_t n;
    struct insn insn[];
};

struct icache {
    struct block *slot[ICACHE_SLOTS];
    uint8_t *arena;
    size_t used, capacity;
    uint32_t *page_gen;          /* per RAM page */
    uint32_t n_pages;
    uint64_t blocks_built, flushes;
};

struct cpu;
struct icache *icache_create(uint32_t ram_size);
void icache_destroy(struct icache *ic);
void icache_flush(struct icache *ic);
/* The block starting at the current CS:EIP, decoding it on a miss (may raise #PF/#GP for the first fetch). */
const struct block *icache_block(struct cpu *c);
void icache_page_written(struct icache *ic, uint32_t page);

#endif
