/* Port I/O: IN and OUT, with the protected-mode permission check (IOPL, then the TSS I/O permission bitmap). */
#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/debug.h"
#include "cpu/except.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"

/* In protected mode with CPL > IOPL, and always in V86 mode, every port of the access must be allowed by the I/O
 * permission bitmap of a 32-bit TSS; otherwise #GP(0). Every I/O instruction comes here first, so this is also
 * where I/O breakpoints (CR4.DE) watch ports. */
void cpu_check_io(struct cpu *c, uint16_t port, unsigned size)
{
    if (c->dbg_active)
        debug_check_io(c, port, size);
    if (!c->pe || (!c->v86 && (unsigned)c->cpl <= ((c->eflags & FL_IOPL) >> 12)))
        return;
    if (!(AR_TYPE(c->tr.ar) & 8) || c->tr.limit < 0x67)
        cpu_fault(c, EXC_GP, 0);
    uint32_t base = sys_read(c, c->tr.base + 0x66, 2);
    uint32_t byte = base + port / 8;
    if (byte + 1 > c->tr.limit)
        cpu_fault(c, EXC_GP, 0);
    uint32_t bits = sys_read(c, c->tr.base + byte, 2);
    uint32_t mask = ((1u << size) - 1) << (port & 7);
    if (bits & mask)
        cpu_fault(c, EXC_GP, 0);
}

static uint32_t port_in(struct cpu *c, uint16_t port, unsigned size)
{
    cpu_check_io(c, port, size);
    return cpu_port_in(c, port, size);
}

/* A port write may raise an interrupt or change the memory map: the block ends after it (A_END in the table). */
static void port_out(struct cpu *c, uint16_t port, uint32_t value, unsigned size)
{
    cpu_check_io(c, port, size);
    cpu_port_out(c, port, value, size);
}

void in_ALIb(struct cpu *c, const struct insn *i) { set_r8(c, R_EAX, port_in(c, (uint16_t)(i->imm & 0xff), 1)); }
void in_AXIb(struct cpu *c, const struct insn *i) { set_r16(c, R_EAX, port_in(c, (uint16_t)(i->imm & 0xff), 2)); }
void in_EAXIb(struct cpu *c, const struct insn *i) { c->gpr[R_EAX] = port_in(c, (uint16_t)(i->imm & 0xff), 4); }
void in_ALDX(struct cpu *c, const struct insn *i)
{
    (void)i;
    set_r8(c, R_EAX, port_in(c, (uint16_t)c->gpr[R_EDX], 1));
}
void in_AXDX(struct cpu *c, const struct insn *i)
{
    (void)i;
    set_r16(c, R_EAX, port_in(c, (uint16_t)c->gpr[R_EDX], 2));
}
void in_EAXDX(struct cpu *c, const struct insn *i)
{
    (void)i;
    c->gpr[R_EAX] = port_in(c, (uint16_t)c->gpr[R_EDX], 4);
}
void out_IbAL(struct cpu *c, const struct insn *i) { port_out(c, (uint16_t)(i->imm & 0xff), get_r8(c, R_EAX), 1); }
void out_IbAX(struct cpu *c, const struct insn *i) { port_out(c, (uint16_t)(i->imm & 0xff), get_r16(c, R_EAX), 2); }
void out_IbEAX(struct cpu *c, const struct insn *i) { port_out(c, (uint16_t)(i->imm & 0xff), c->gpr[R_EAX], 4); }
void out_DXAL(struct cpu *c, const struct insn *i)
{
    (void)i;
    port_out(c, (uint16_t)c->gpr[R_EDX], get_r8(c, R_EAX), 1);
}
void out_DXAX(struct cpu *c, const struct insn *i)
{
    (void)i;
    port_out(c, (uint16_t)c->gpr[R_EDX], get_r16(c, R_EAX), 2);
}
void out_DXEAX(struct cpu *c, const struct insn *i)
{
    (void)i;
    port_out(c, (uint16_t)c->gpr[R_EDX], c->gpr[R_EAX], 4);
}
