/* One x87 differential case: an instruction form of cpu/fpu/x87.def, the FPU state it starts from (an FNSAVE
 * image in the 32-bit protected-mode layout), its memory operand, EFLAGS and EAX; and what running it left.
 *
 * Native and emulated runs execute the same bytes (tests/fpu/fpu_case.c builds them):
 *     fninit; frstor [edi]; push ecx; popf; <instruction, memory operand at [esi]>; mov [edx], eax;
 *     fnsave [edi]; pushf; pop eax; ret (hlt in x86pc)
 * The encodings mean the same in 32- and 64-bit mode, so the host runs them as they are. */
#ifndef X86PC_TESTS_FPU_FPU_CASE_H
#define X86PC_TESTS_FPU_FPU_CASE_H

#include <stdint.h>

#include "cpu/fpu/ext80.h"
#include "cpu/fpu/x87_table.h"

enum { FPU_STATE_SIZE = 108, FPU_MEM_SIZE = 128, FPU_STUB_MAX = 32 };

struct fpu_case {
    const struct x87_form *form;
    uint8_t modrm;
    uint8_t state[FPU_STATE_SIZE];
    uint8_t mem[FPU_MEM_SIZE];
    uint32_t eflags;             /* arithmetic flags for FCMOVcc (bit 1 and IF added when loaded) */
    uint32_t eax;
};

struct fpu_result {
    uint8_t state[FPU_STATE_SIZE];
    uint8_t mem[FPU_MEM_SIZE];
    uint32_t eflags;
    uint32_t eax;
};

/* The ModRM byte of a form: [esi] for memory forms, ST(rm) for the register forms that take any register. */
uint8_t fpu_case_modrm(const struct x87_form *form, unsigned rm);
/* The stub for one form and ModRM (memory forms use [esi]); returns its length. `last` is C3 (ret) or F4 (hlt). */
unsigned fpu_stub(const struct x87_form *form, uint8_t modrm, uint8_t last, uint8_t *out);

/* The random case generator: xorshift64*, the same sequence from the same seed on every host. */
struct fpu_gen {
    uint64_t rng;
};
uint32_t fpu_rand(struct fpu_gen *g);
uint64_t fpu_rand64(struct fpu_gen *g);
/* Values weighted toward the hard cases: zeros, denormals, infinities, NaNs, unsupported encodings, extreme
 * exponents, significands at the rounding boundaries of every precision. */
struct ext80 fpu_gen_ext80(struct fpu_gen *g);
/* Fills a case for `form` (ModRM chosen here); `transcendental_domain` keeps operands where the SDM defines the
 * result. */
void fpu_gen_case(struct fpu_gen *g, const struct x87_form *form, struct fpu_case *t);

/* The parts of an FNSAVE/FNSTENV image (32-bit protected layout) that hold addresses, which differ between the
 * host and x86pc: FIP, FCS, FDP, FDS. */
int fpu_image_address_byte(unsigned offset);

#endif
