/* Runs x87 differential cases on the host's own FPU (x86 hosts only): the case stubs are placed in an executable
 * page and called from inline assembly with EDI/ESI/EDX/ECX/EAX set as tests/fpu/fpu_case.h describes. */
#ifndef X86PC_TESTS_FPU_NATIVE_X87_H
#define X86PC_TESTS_FPU_NATIVE_X87_H

#include "tests/fpu/fpu_case.h"

struct native_x87;

/* NULL when this host cannot run x87 code, with the reason in *why_not. */
struct native_x87 *native_x87_create(const char **why_not);
void native_x87_run(struct native_x87 *n, const struct fpu_case *t, struct fpu_result *r);
void native_x87_destroy(struct native_x87 *n);

#endif
