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

enum { BLOCK_MAX = 64, ICACHE_SLOTS = 1 << 15, BLOCK_LINKS = 2 };

/* A block's memory of the blocks that ran after it (a taken branch and the fall-through, say), so the execution
 * loop finds the next block without the TLB and slot lookup. A link holds while the icache's epoch is the one it
 * was made in: the epoch moves on whenever a decoded block may have gone (a write to decoded bytes, a flush) or a
 * linear address may map elsewhere (any TLB flush, INVLPG), so a link never outlives what it stands for. */
struct block_link {
    uint32_t lin;                /* CS.base + EIP of the next block */
    uint32_t epoch;
    uint8_t code32, acc;         /* CS.D and the fetch rights (CPL) it was found with */
    struct block *to;
};

struct block {
    uint32_t phys;               /* physical address of the first byte */
    uint32_t page[2];            /* physical pages the block's bytes lie in (equal when one page) */
    uint32_t gen[2];             /* their generations when decoded */
    uint8_t code32;
    uint8_t next_link;           /* the link to replace next */
    uint16_t n;
    struct block_link link[BLOCK_LINKS];
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
    uint32_t epoch;              /* see struct block_link */
    uint64_t blocks_built, flushes;
};

struct cpu;
struct icache *icache_create(uint32_t ram_size);
void icache_destroy(struct icache *ic);
void icache_flush(struct icache *ic);
/* The block starting at the current CS:EIP, decoding it on a miss (may raise #PF/#GP for the first fetch). */
struct block *icache_block(struct cpu *c);
/* The same, through the links of `prev` (the block that ran just before, or NULL) when one fits, and linking
 * `prev` to the block found otherwise. */
struct block *icache_next_block(struct cpu *c, struct block *prev);
/* Every link made so far stops holding (the mapping of linear addresses changed). */
static inline void icache_unlink_all(struct icache *ic) { ic->epoch++; }
/* A write of len bytes at paddr into a page with code: returns 1 (and forgets the page's blocks) when it touched
 * decoded bytes, 0 when it only touched data beside them. */
int icache_write(struct icache *ic, uint32_t paddr, unsigned len);

#endif
