/* x86pc's side of the x87 cases: a board-less CPU in flat 32-bit protected mode with every stub of
 * tests/fpu/fpu_case.h in RAM; a case runs from its stub to the final HLT. */
#ifndef X86PC_TESTS_FPU_FPU_EMULATOR_H
#define X86PC_TESTS_FPU_FPU_EMULATOR_H

#include "tests/fpu/fpu_case.h"

struct fpu_emulator;

struct fpu_emulator *fpu_emulator_create(void);
void fpu_emulator_destroy(struct fpu_emulator *e);
/* Runs a case; returns 0, or -1 when it did not reach the final HLT (an exception, which shuts the CPU down). */
int fpu_emulator_run(struct fpu_emulator *e, const struct fpu_case *t, struct fpu_result *r);

#endif
