/* Comparing the disassembler's text with GNU objdump's: the one place that knows the cosmetic differences
 * between the two (listed in objdump_text.c), for tests/disasm/diff_disasm.c. */
#ifndef X86PC_TESTS_DISASM_OBJDUMP_TEXT_H
#define X86PC_TESTS_DISASM_OBJDUMP_TEXT_H

#include <stdint.h>

/* One instruction as both disassemblers saw it. */
struct disasm_pair {
    const uint8_t *bytes;        /* its bytes (at least 15 readable) */
    int bits, att;               /* 16 or 32; AT&T syntax or Intel */
    const char *ours, *theirs;   /* disasm_one's text and objdump's */
    unsigned our_len, their_len;
    char ours_normal[200], theirs_normal[200];   /* set by disasm_pair_agrees: what was compared */
};

/* Whether the two agree: the same length and the same text after the cosmetic differences are removed; for an
 * encoding we call invalid ("(bad)", length 1), objdump must call it invalid too or name an instruction the CPU
 * does not implement. */
int disasm_pair_agrees(struct disasm_pair *p);

#endif
