/* x86pc's side of the x87 cases (see fpu_emulator.h). */
#include "tests/fpu/fpu_emulator.h"
#include "tests/unit/cpu_harness.h"

#include <stdlib.h>
#include <string.h>

enum { CODE_BASE = 0x10000, STATE_ADDR = 0x40000, MEM_ADDR = 0x41000, OUT_ADDR = 0x42000 };

struct fpu_emulator {
    struct harness h;
};

static uint32_t stub_addr(const struct fpu_case *t)
{
    size_t index = (size_t)(t->form - x87_forms);
    unsigned sub = t->form->rm == X87_ANY ? t->modrm & 7u : 0;
    return CODE_BASE + (uint32_t)((index * 8 + sub) * FPU_STUB_MAX);
}

struct fpu_emulator *fpu_emulator_create(void)
{
    struct fpu_emulator *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    harness_init(&e->h);
    harness_flat32(&e->h);
    struct cpu *c = e->h.cpu;
    c->cr0 |= CR0_NE;
    c->idtr.limit = 0;           /* any exception ends in a shutdown */
    for (unsigned k = 0; k < x87_form_count; k++) {
        struct fpu_case t = { &x87_forms[k], 0, { 0 }, { 0 }, 0, 0 };
        for (unsigned rm = 0; rm < 8; rm++) {
            t.modrm = fpu_case_modrm(t.form, rm);
            fpu_stub(t.form, t.modrm, 0xf4, e->h.phys.ram + stub_addr(&t));
        }
    }
    return e;
}

void fpu_emulator_destroy(struct fpu_emulator *e)
{
    if (!e)
        return;
    harness_free(&e->h);
    free(e);
}

int fpu_emulator_run(struct fpu_emulator *e, const struct fpu_case *t, struct fpu_result *r)
{
    struct cpu *c = e->h.cpu;
    uint8_t *ram = e->h.phys.ram;
    memcpy(ram + STATE_ADDR, t->state, FPU_STATE_SIZE);
    memcpy(ram + MEM_ADDR, t->mem, FPU_MEM_SIZE);
    c->gpr[R_EDI] = STATE_ADDR;
    c->gpr[R_ESI] = MEM_ADDR;
    c->gpr[R_EDX] = OUT_ADDR;
    c->gpr[R_ECX] = t->eflags | 2u;
    c->gpr[R_EAX] = t->eax;
    c->gpr[R_ESP] = HARNESS_STACK32;
    c->eip = stub_addr(t);
    c->halted = 0;
    c->shutdown = 0;
    c->delivering = -1;
    for (int k = 0; k < 16 && !c->halted && !c->shutdown; k++)
        cpu_run(c, 1000);
    memcpy(r->state, ram + STATE_ADDR, FPU_STATE_SIZE);
    memcpy(r->mem, ram + MEM_ADDR, FPU_MEM_SIZE);
    r->eax = ld32(ram + OUT_ADDR);
    r->eflags = c->gpr[R_EAX];
    return c->halted && !c->shutdown ? 0 : -1;
}
