/* The host x87 as the oracle: every stub of every x87.def form, written once into a page that is then made
 * executable, and called with the case's registers. Built for x86-64 and i386 hosts; elsewhere it reports that
 * it cannot run. */
#include "tests/fpu/native_x87.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <sys/mman.h>

enum { STUB_SLOT = 32, SLOTS_PER_FORM = 8 };

struct native_x87 {
    uint8_t *code;
    size_t size;
};

/* Slot of a (form, ModRM): register forms by rm, the rest in slot 0. */
static size_t slot_of(const struct x87_form *form, uint8_t modrm)
{
    size_t index = (size_t)(form - x87_forms);
    unsigned sub = form->rm == X87_ANY ? modrm & 7u : 0;
    return (index * SLOTS_PER_FORM + sub) * STUB_SLOT;
}

struct native_x87 *native_x87_create(const char **why_not)
{
    struct native_x87 *n = calloc(1, sizeof *n);
    if (!n) {
        *why_not = "out of memory";
        return NULL;
    }
    n->size = ((size_t)x87_form_count * SLOTS_PER_FORM * STUB_SLOT + 4095) & ~(size_t)4095;
    void *p = mmap(NULL, n->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        free(n);
        *why_not = "mmap failed";
        return NULL;
    }
    n->code = p;
    for (unsigned k = 0; k < x87_form_count; k++) {
        const struct x87_form *f = &x87_forms[k];
        for (unsigned rm = 0; rm < 8; rm++) {
            uint8_t modrm = fpu_case_modrm(f, rm);
            fpu_stub(f, modrm, 0xc3, n->code + slot_of(f, modrm));
        }
    }
    if (mprotect(p, n->size, PROT_READ | PROT_EXEC) != 0) {
        munmap(p, n->size);
        free(n);
        *why_not = "the host does not allow executable pages";
        return NULL;
    }
    return n;
}

void native_x87_run(struct native_x87 *n, const struct fpu_case *t, struct fpu_result *r)
{
    const uint8_t *code = n->code + slot_of(t->form, t->modrm);
    memcpy(r->state, t->state, FPU_STATE_SIZE);
    memcpy(r->mem, t->mem, FPU_MEM_SIZE);
    uint32_t eax_out = 0;
#if defined(__x86_64__)
    uint64_t rax = t->eax, rcx = t->eflags | 2u;
    /* the call's return address must not land in the red zone below RSP */
    __asm__ volatile("sub $128, %%rsp\n\tcall *%[code]\n\tadd $128, %%rsp"
                     : "+a"(rax), "+c"(rcx)
                     : [code] "r"(code), "D"(r->state), "S"(r->mem), "d"(&eax_out)
                     : "memory", "cc", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)");
    r->eflags = (uint32_t)rax;
#else
    uint32_t eax = t->eax, ecx = t->eflags | 2u;
    /* the stub address in memory: i386 has no register left once EBX holds the GOT */
    __asm__ volatile("call *%[code]"
                     : "+a"(eax), "+c"(ecx)
                     : [code] "m"(code), "D"(r->state), "S"(r->mem), "d"(&eax_out)
                     : "memory", "cc", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)");
    r->eflags = eax;
#endif
    r->eax = eax_out;
}

void native_x87_destroy(struct native_x87 *n)
{
    if (!n)
        return;
    munmap(n->code, n->size);
    free(n);
}

#else

struct native_x87 {
    int unused;
};

struct native_x87 *native_x87_create(const char **why_not)
{
    *why_not = "the host has no x87";
    return NULL;
}

void native_x87_run(struct native_x87 *n, const struct fpu_case *t, struct fpu_result *r)
{
    (void)n;
    (void)t;
    (void)r;
}

void native_x87_destroy(struct native_x87 *n) { (void)n; }

#endif
