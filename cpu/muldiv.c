/* Multiply and divide: MUL IMUL DIV IDIV. CF and OF report a product that does not fit the low half; SF, ZF and
 * PF follow the low half of the result (undefined by the architecture); AF is cleared. DIV and IDIV raise #DE
 * for a zero divisor or a quotient that does not fit, and leave the flags as they were. */
#include "cpu/cpu_internal.h"
#include "cpu/except.h"
#include "cpu/flags.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"

static void mul_flags(struct cpu *c, uint32_t low, unsigned bits, int overflow)
{
    set_flags_result_cfof(c, low, bits, overflow, overflow, 0);
}

void mul_Eb(struct cpu *c, const struct insn *i)
{
    uint32_t p = get_r8(c, R_EAX) * load_e8(c, i);
    set_r16(c, R_EAX, p);
    mul_flags(c, p & 0xff, 8, (p >> 8) != 0);
}
void mul_Ew(struct cpu *c, const struct insn *i)
{
    uint32_t p = get_r16(c, R_EAX) * load_e16(c, i);
    set_r16(c, R_EAX, p);
    set_r16(c, R_EDX, p >> 16);
    mul_flags(c, p & 0xffff, 16, (p >> 16) != 0);
}
void mul_Ed(struct cpu *c, const struct insn *i)
{
    uint64_t p = (uint64_t)c->gpr[R_EAX] * load_e32(c, i);
    c->gpr[R_EAX] = (uint32_t)p;
    c->gpr[R_EDX] = (uint32_t)(p >> 32);
    mul_flags(c, (uint32_t)p, 32, (p >> 32) != 0);
}

void imul_Eb(struct cpu *c, const struct insn *i)
{
    int32_t p = (int8_t)get_r8(c, R_EAX) * (int8_t)load_e8(c, i);
    set_r16(c, R_EAX, (uint32_t)p);
    mul_flags(c, (uint32_t)p & 0xff, 8, p != (int8_t)p);
}
void imul_Ew(struct cpu *c, const struct insn *i)
{
    int32_t p = (int16_t)get_r16(c, R_EAX) * (int16_t)load_e16(c, i);
    set_r16(c, R_EAX, (uint32_t)p);
    set_r16(c, R_EDX, (uint32_t)p >> 16);
    mul_flags(c, (uint32_t)p & 0xffff, 16, p != (int16_t)p);
}
void imul_Ed(struct cpu *c, const struct insn *i)
{
    int64_t p = (int64_t)(int32_t)c->gpr[R_EAX] * (int32_t)load_e32(c, i);
    c->gpr[R_EAX] = (uint32_t)p;
    c->gpr[R_EDX] = (uint32_t)((uint64_t)p >> 32);
    mul_flags(c, (uint32_t)p, 32, p != (int32_t)p);
}

/* Two- and three-operand IMUL: the product truncated to the destination. */
static void imul_w(struct cpu *c, const struct insn *i, int32_t a, int32_t b)
{
    int32_t p = a * b;
    set_r16(c, i->reg, (uint32_t)p);
    mul_flags(c, (uint32_t)p & 0xffff, 16, p != (int16_t)p);
}
static void imul_d(struct cpu *c, const struct insn *i, int32_t a, int32_t b)
{
    int64_t p = (int64_t)a * b;
    c->gpr[i->reg] = (uint32_t)p;
    mul_flags(c, (uint32_t)p, 32, p != (int32_t)p);
}
void imul_GwEw(struct cpu *c, const struct insn *i) { imul_w(c, i, (int16_t)get_r16(c, i->reg), (int16_t)load_e16(c, i)); }
void imul_GdEd(struct cpu *c, const struct insn *i) { imul_d(c, i, (int32_t)c->gpr[i->reg], (int32_t)load_e32(c, i)); }
void imul_GwEwIw(struct cpu *c, const struct insn *i) { imul_w(c, i, (int16_t)load_e16(c, i), (int16_t)i->imm); }
void imul_GdEdId(struct cpu *c, const struct insn *i) { imul_d(c, i, (int32_t)load_e32(c, i), (int32_t)i->imm); }

void div_Eb(struct cpu *c, const struct insn *i)
{
    uint32_t d = load_e8(c, i), n = get_r16(c, R_EAX);
    if (d == 0 || n / d > 0xff)
        cpu_fault(c, EXC_DE, 0);
    set_r16(c, R_EAX, ((n % d) << 8) | (n / d));
}
void div_Ew(struct cpu *c, const struct insn *i)
{
    uint32_t d = load_e16(c, i), n = (get_r16(c, R_EDX) << 16) | get_r16(c, R_EAX);
    if (d == 0 || n / d > 0xffff)
        cpu_fault(c, EXC_DE, 0);
    set_r16(c, R_EAX, n / d);
    set_r16(c, R_EDX, n % d);
}
void div_Ed(struct cpu *c, const struct insn *i)
{
    uint64_t d = load_e32(c, i), n = ((uint64_t)c->gpr[R_EDX] << 32) | c->gpr[R_EAX];
    if (d == 0 || n / d > 0xffffffffu)
        cpu_fault(c, EXC_DE, 0);
    c->gpr[R_EAX] = (uint32_t)(n / d);
    c->gpr[R_EDX] = (uint32_t)(n % d);
}

/* Signed division truncates toward zero; the remainder takes the dividend's sign. */
void idiv_Eb(struct cpu *c, const struct insn *i)
{
    int32_t d = (int8_t)load_e8(c, i), n = (int16_t)get_r16(c, R_EAX);
    if (d == 0)
        cpu_fault(c, EXC_DE, 0);
    int32_t q = n / d, r = n % d;
    if (q != (int8_t)q)
        cpu_fault(c, EXC_DE, 0);
    set_r16(c, R_EAX, (((uint32_t)r & 0xff) << 8) | ((uint32_t)q & 0xff));
}
void idiv_Ew(struct cpu *c, const struct insn *i)
{
    int32_t d = (int16_t)load_e16(c, i);
    int32_t n = (int32_t)((get_r16(c, R_EDX) << 16) | get_r16(c, R_EAX));
    if (d == 0 || (n == INT32_MIN && d == -1))
        cpu_fault(c, EXC_DE, 0);
    int32_t q = n / d, r = n % d;
    if (q != (int16_t)q)
        cpu_fault(c, EXC_DE, 0);
    set_r16(c, R_EAX, (uint32_t)q);
    set_r16(c, R_EDX, (uint32_t)r);
}
void idiv_Ed(struct cpu *c, const struct insn *i)
{
    int64_t d = (int32_t)load_e32(c, i);
    int64_t n = (int64_t)(((uint64_t)c->gpr[R_EDX] << 32) | c->gpr[R_EAX]);
    if (d == 0 || (n == INT64_MIN && d == -1))
        cpu_fault(c, EXC_DE, 0);
    int64_t q = n / d, r = n % d;
    if (q != (int32_t)q)
        cpu_fault(c, EXC_DE, 0);
    c->gpr[R_EAX] = (uint32_t)q;
    c->gpr[R_EDX] = (uint32_t)r;
}
