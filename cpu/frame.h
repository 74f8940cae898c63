/* Stack frames the CPU builds for itself (interrupt and exception delivery, far calls through gates, V86
 * interrupt redirection), possibly on a stack it is switching to. A frame is built in two steps: every push is
 * checked against the stack segment's limit as it is added, then frame_write checks every page before it stores
 * anything. So a fault on either leaves memory and registers as they were, which is what lets the caller commit
 * the new CS, SS and ESP only after the frame is in place. */
#ifndef X86PC_CPU_FRAME_H
#define X86PC_CPU_FRAME_H

#include "cpu/cpu.h"

enum { FRAME_MAX = 48 };         /* 32 call-gate parameters + SS, ESP, CS, EIP + a V86 interrupt's 11 words */

struct frame {
    const struct seg_cache *ss;  /* the stack the frame goes on */
    uint32_t esp;                /* ESP after the pushes so far (only the low 16 bits move on a 16-bit stack) */
    int big;                     /* a 32-bit stack (SS.B in protected mode) */
    int user;                    /* page-level privilege of the stores: the new CPL is 3 */
    uint32_t ss_error;           /* error code of #SS when a push leaves the segment */
    unsigned n;
    uint32_t off[FRAME_MAX], val[FRAME_MAX];
    uint8_t size[FRAME_MAX];
};

void frame_init(struct frame *f, const struct seg_cache *ss, uint32_t esp, int big, int user, uint32_t ss_error);
/* Adds a 2- or 4-byte push; raises #SS(ss_error) when it does not fit in the segment. */
void frame_push(struct cpu *c, struct frame *f, uint32_t value, unsigned size);
/* Checks every page of the frame for writing (#PF), then stores it. */
void frame_write(struct cpu *c, const struct frame *f);

#endif
