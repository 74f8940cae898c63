/* A board-less CPU for unit tests: RAM, an empty port space, and the CPU put straight into 32-bit flat protected
 * mode (no IDT: any exception ends in a triple-fault shutdown) or into real mode (every IVT vector v points at a
 * HLT at 0000:(HARNESS_VECTORS + v), so the vector taken can be read back from EIP). Code is copied into RAM
 * followed by a HLT; harness_run runs until the CPU halts or shuts down. */
#ifndef X86PC_TESTS_UNIT_CPU_HARNESS_H
#define X86PC_TESTS_UNIT_CPU_HARNESS_H

#include "cpu/cpu.h"
#include "cpu/cpu_internal.h"
#include "cpu/flags.h"
#include "mem/endian.h"

#include <string.h>

enum {
    HARNESS_RAM = 4 << 20,
    HARNESS_CODE32 = 0x10000, HARNESS_DATA32 = 0x20000, HARNESS_STACK32 = 0x30000,
    HARNESS_CODE16 = 0x1000, HARNESS_STACK16 = 0x8000, HARNESS_VECTORS = 0x2000,
};

struct harness {
    struct phys phys;
    struct ports ports;
    struct cpu *cpu;
};

static inline void harness_init(struct harness *h)
{
    phys_init(&h->phys, HARNESS_RAM);
    ports_init(&h->ports);
    h->cpu = cpu_create(&h->phys, &h->ports);
    h->phys.hook_opaque = h->cpu;
    h->phys.code_written = cpu_code_written;
    h->phys.map_changed = cpu_map_changed;
}

static inline void harness_free(struct harness *h)
{
    cpu_destroy(h->cpu);
    phys_free(&h->phys);
}

/* 32-bit flat protected mode at CPL 0: code at HARNESS_CODE32, ESP = HARNESS_STACK32. */
static inline void harness_flat32(struct harness *h)
{
    struct cpu *c = h->cpu;
    c->cr0 |= CR0_PE;
    seg_set_cache(&c->seg[S_CS], 0x08, 0, 0xffffffffu, 0xc09b);
    for (unsigned s = 0; s < S_COUNT; s++)
        if (s != S_CS)
            seg_set_cache(&c->seg[s], 0x10, 0, 0xffffffffu, 0xc093);
    cpu_update_mode(c);
    c->eip = HARNESS_CODE32;
    c->gpr[R_ESP] = HARNESS_STACK32;
}

/* Real mode with every segment at 0: code at 0000:HARNESS_CODE16, SS:SP = 0000:HARNESS_STACK16. */
static inline void harness_real(struct harness *h)
{
    struct cpu *c = h->cpu;
    for (unsigned s = 0; s < S_COUNT; s++)
        seg_load_real(c, s, 0);
    c->eip = HARNESS_CODE16;
    c->gpr[R_ESP] = HARNESS_STACK16;
    for (unsigned v = 0; v < 256; v++) {
        st16(h->phys.ram + 4 * v, (uint16_t)(HARNESS_VECTORS + v));
        st16(h->phys.ram + 4 * v + 2, 0);
        h->phys.ram[HARNESS_VECTORS + v] = 0xf4;      /* HLT */
    }
}

/* Copies code to `addr` and puts a HLT after it. */
static inline void harness_code(struct harness *h, uint32_t addr, const uint8_t *code, size_t len)
{
    memcpy(h->phys.ram + addr, code, len);
    h->phys.ram[addr + len] = 0xf4;
}

static inline void harness_run(struct harness *h)
{
    for (int k = 0; k < 100 && !h->cpu->halted && !h->cpu->shutdown; k++)
        cpu_run(h->cpu, 100000);
}

/* The real-mode vector whose handler halted the CPU, or -1 when it halted elsewhere. */
static inline int harness_vector(const struct harness *h)
{
    uint32_t eip = h->cpu->eip;
    return eip > HARNESS_VECTORS && eip <= HARNESS_VECTORS + 256 ? (int)(eip - HARNESS_VECTORS - 1) : -1;
}

#endif
