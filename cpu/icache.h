/* Decoded blocks, keyed by the physical address of their first byte and CS.D. A block ends at a control transfer,
 * an instruction that changes decoding state, the end of a page, or BLOCK_MAX instructions. A write that touches
 * the decoded bytes of a RAM page bumps the page's generation, which invalidates its blocks (self-modifying code).
 * Decoded bytes are tracked to the byte, so variables kept right beside code (DOS kernels do that) cost no
 * decoding: a 64-bit mask of 64-byte chunks rejects most writes at once, and a bitmap of the page's bytes, made
 * for a page when it first holds code, decides the rest. */
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
    uint64_t *code_mask;         /* per RAM page: the 64-byte chunks that hold decoded instructions */
    uint8_t **code_bytes;        /* per RAM page: NULL, or a bitmap of its 4096 bytes that hold them */
    uint32_t n_pages;
    uint64_t blocks_built, flushes;
};

struct cpu;
struct icache *icache_create(uint32_t ram_size);
void icache_destroy(struct icache *ic);
void icache_flush(struct icache *ic);
/* The block starting at the current CS:EIP, decoding it on a miss (may raise #PF/#GP for the first fetch). */
const struct block *icache_block(struct cpu *c);
/* A write of len bytes at paddr into a page with code: returns 1 (and forgets the page's blocks) when it touched
 * decoded bytes, 0 when it only touched data beside them. */
int icache_write(struct icache *ic, uint32_t paddr, unsigned len);

#endif
