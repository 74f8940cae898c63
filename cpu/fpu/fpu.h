/* The x87 FPU's architectural state, part of struct cpu, and what the rest of the emulator may ask of it.
 *
 * The registers are kept by physical number (R0-R7); ST(i) is R((TOP + i) mod 8). Like the P6, the FPU keeps
 * only whether each register is empty (the abridged tag word of FXSAVE); FSTENV and FSAVE compute the full tags
 * from the register contents, and a tag loaded by FLDENV or FRSTOR counts only as empty or not.
 *
 * Unmasked exceptions are reported at the next waiting x87 instruction ("deferred" reporting): #MF when CR0.NE
 * is set, else the PC's legacy path: FERR# goes active and the board's latch raises IRQ 13 (the irq13 hook). A
 * write to port F0h while FERR# is active clears that latch and asserts IGNNE#; FERR# and IGNNE# go inactive
 * when the exception flags are cleared (the circuit of Intel SDM vol. 1, figure D-1). The instruction that
 * finds the exception goes on instead of freezing until the interrupt, as in Bochs and QEMU. */
#ifndef X86PC_CPU_FPU_FPU_H
#define X86PC_CPU_FPU_FPU_H

#include <stdint.h>

#include "cpu/fpu/ext80.h"

struct fpu {
    struct ext80 reg[8];         /* physical registers R0-R7 */
    uint16_t cw;                 /* control word */
    uint16_t sw;                 /* status word, with TOP (bits 11-13) kept in `top` instead */
    uint8_t top;
    uint8_t empty;               /* bit n set: R(n) is empty */
    uint16_t fop;                /* last non-control instruction: opcode bits 0-2 of the escape byte, ModRM */
    uint32_t fip, fdp;           /* its offset and its memory operand's offset */
    uint16_t fcs, fds;           /* ... and their selectors */
    uint8_t ferr;                /* FERR# active */
    uint8_t ignne;               /* IGNNE# active (port F0h was written while FERR# was) */
    uint8_t irq13_level;         /* the board's FP_IRQ latch, as last driven through the hook */
    void (*irq13)(void *opaque, int level);     /* the board's IRQ13 line; NULL when not wired */
    void *irq13_opaque;
};

/* Power-on state (Intel SDM vol. 3, table 9-1): control word 0040h, registers +0.0 with valid tags. */
void fpu_reset(struct fpu *f);
/* FNINIT: control word 037Fh, status 0, every register empty, the pointers cleared. */
void fpu_init(struct fpu *f);
/* The status word as FNSTSW reads it (TOP included). */
uint16_t fpu_status_word(const struct fpu *f);
/* The full tag word (two bits per physical register: valid, zero, special, empty). */
uint16_t fpu_tag_word(const struct fpu *f);
/* A write to port F0h: while FERR# is active, clears the IRQ 13 latch and asserts IGNNE#. */
void fpu_port_f0_write(struct fpu *f);

#endif
