/* Register names, the text buffer, and memory operands in both syntaxes (see format.h). */
#include "disasm/format.h"
#include "cpu/cpu.h"

#include <stdarg.h>
#include <stdio.h>

const char *const disasm_reg8[8] = { "al", "cl", "dl", "bl", "ah", "ch", "dh", "bh" };
const char *const disasm_reg16[8] = { "ax", "cx", "dx", "bx", "sp", "bp", "si", "di" };
const char *const disasm_reg32[8] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
const char *const disasm_sreg[8] = { "es", "cs", "ss", "ds", "fs", "gs", "?", "?" };

void disasm_put(struct text *t, const char *fmt, ...)
{
    if (t->len + 1 >= t->cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len = t->len + (size_t)n < t->cap ? t->len + (size_t)n : t->cap - 1;
}

static void put_signed(struct text *t, uint32_t v, int leading_sign)
{
    if ((int32_t)v < 0)
        disasm_put(t, "-0x%x", (unsigned)(0u - v));
    else
        disasm_put(t, leading_sign ? "+0x%x" : "0x%x", (unsigned)v);
}

/* The displacement as the address size sees it: 16-bit ones are signed 16-bit values beside a register. */
static uint32_t displacement(const struct insn *i)
{
    return i->asize32 ? i->disp : (uint32_t)(int32_t)(int16_t)(i->disp & 0xffff);
}

/* ModRM mod 1 and 2 carry a displacement byte or word, shown even when it is zero. */
static int has_displacement(const struct insn *i)
{
    unsigned mod = i->modrm >> 6;
    return mod == 1 || mod == 2;
}

/* ---- Intel syntax ---- */

static const char *size_keyword(unsigned size)
{
    switch (size) {
    case 1: return "byte ptr ";
    case 2: return "word ptr ";
    case 4: return "dword ptr ";
    case 6: return "fword ptr ";
    case 8: return "qword ptr ";
    case 10: return "tbyte ptr ";
    default: return "";
    }
}

void disasm_put_memory_intel(struct text *t, const struct insn *i, unsigned size)
{
    const char *const *names = i->asize32 ? disasm_reg32 : disasm_reg16;
    disasm_put(t, "%s", size_keyword(size));
    if (i->base == R_NONE && i->index == R_NONE) {
        disasm_put(t, "%s:0x%x", disasm_sreg[i->seg], (unsigned)(i->asize32 ? i->disp : i->disp & 0xffff));
        return;
    }
    if (i->seg_override != S_COUNT)
        disasm_put(t, "%s:", disasm_sreg[i->seg_override]);
    disasm_put(t, "[");
    int any = 0;
    if (i->base != R_NONE) {
        disasm_put(t, "%s", names[i->base]);
        any = 1;
    }
    if (i->index != R_NONE) {
        disasm_put(t, "%s%s", any ? "+" : "", names[i->index]);
        if (i->asize32)
            disasm_put(t, "*%u", 1u << i->scale);
        any = 1;
    }
    if (displacement(i) || has_displacement(i))
        put_signed(t, displacement(i), any);
    disasm_put(t, "]");
}

/* ---- AT&T syntax ---- */

void disasm_put_memory_att(struct text *t, const struct insn *i)
{
    const char *const *names = i->asize32 ? disasm_reg32 : disasm_reg16;
    if (i->seg_override != S_COUNT)
        disasm_put(t, "%%%s:", disasm_sreg[i->seg_override]);
    if (i->base == R_NONE && i->index == R_NONE) {
        disasm_put(t, "0x%x", (unsigned)(i->asize32 ? i->disp : i->disp & 0xffff));
        return;
    }
    if (displacement(i) || has_displacement(i))
        put_signed(t, displacement(i), 0);
    disasm_put(t, "(");
    if (i->base != R_NONE)
        disasm_put(t, "%%%s", names[i->base]);
    if (i->index != R_NONE) {
        disasm_put(t, ",%%%s", names[i->index]);
        if (i->asize32)
            disasm_put(t, ",%u", 1u << i->scale);
    }
    disasm_put(t, ")");
}

