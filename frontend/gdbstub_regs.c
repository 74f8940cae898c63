/* The gdb stub's register packets (g, G, p, P) in the layout of the target description in gdbstub.c: eax..edi,
 * eip, eflags, cs, ss, ds, es, fs, gs (32 bits each), st0..st7 (80 bits: the stack as FLD sees it, ST(0) first),
 * fctrl, fstat (TOP included), ftag (the full tag word), fiseg, fioff, foseg, fooff, fop (32 bits each), then
 * cr0, cr2, cr3, cr4. */
#include "frontend/gdbstub_internal.h"

#include <stdio.h>
#include <string.h>

#include "cpu/cpu_state.h"
#include "cpu/fpu/fpu.h"
#include "frontend/guest_mem.h"
#include "mem/endian.h"

enum { REG_EIP = 8, REG_EFLAGS = 9, REG_CS = 10, REG_ST0 = 16, REG_FCTRL = 24, REG_CR0 = 32, REG_COUNT = 36 };

/* gdb's segment register order cs, ss, ds, es, fs, gs in the CPU's numbering. */
static const unsigned gdb_segment[6] = { S_CS, S_SS, S_DS, S_ES, S_FS, S_GS };

static unsigned reg_size(unsigned n)
{
    return n >= REG_ST0 && n < REG_FCTRL ? 10 : 4;
}

static int real_addressing(const struct cpu *c)
{
    return !c->pe || c->v86;
}

static uint32_t pc_value(const struct cpu *c)
{
    return real_addressing(c) ? c->seg[S_CS].base + c->eip : c->eip;
}

void gdb_set_pc(struct gdbstub *g, uint32_t pc)
{
    struct cpu *c = debugger_cpu(g->dbg);
    c->eip = real_addressing(c) ? pc - c->seg[S_CS].base : pc;
    c->stop = 1;
}

/* ST(i) is physical register (TOP + i) mod 8. */
static struct ext80 *st_reg(struct cpu *c, unsigned i)
{
    return &c->fpu.reg[(c->fpu.top + i) & 7];
}

static uint32_t get_fpu_reg(const struct fpu *f, unsigned n)
{
    switch (n - REG_FCTRL) {
    case 0: return f->cw;
    case 1: return fpu_status_word(f);
    case 2: return fpu_tag_word(f);
    case 3: return f->fcs;
    case 4: return f->fip;
    case 5: return f->fds;
    case 6: return f->fdp;
    default: return f->fop;
    }
}

/* The tag word's "empty" (11) entries become the empty bits; the other tags follow from the values. */
static void set_fpu_reg(struct fpu *f, unsigned n, uint32_t v)
{
    switch (n - REG_FCTRL) {
    case 0: f->cw = (uint16_t)v; break;
    case 1: f->sw = (uint16_t)(v & ~0x3800u); f->top = (uint8_t)((v >> 11) & 7); break;
    case 2:
        f->empty = 0;
        for (unsigned k = 0; k < 8; k++)
            if (((v >> (2 * k)) & 3) == 3)
                f->empty |= (uint8_t)(1u << k);
        break;
    case 3: f->fcs = (uint16_t)v; break;
    case 4: f->fip = v; break;
    case 5: f->fds = (uint16_t)v; break;
    case 6: f->fdp = v; break;
    default: f->fop = (uint16_t)(v & 0x7ff); break;
    }
}

static void get_reg(struct cpu *c, unsigned n, uint8_t *out)
{
    uint32_t v = 0;
    if (reg_size(n) == 10) {
        const struct ext80 *r = st_reg(c, n - REG_ST0);
        st64(out, r->sig);
        st16(out + 8, r->se);
        return;
    }
    if (n >= REG_FCTRL && n < REG_CR0) {
        st32(out, get_fpu_reg(&c->fpu, n));
        return;
    }
    if (n < 8)
        v = c->gpr[n];
    else if (n == REG_EIP)
        v = pc_value(c);
    else if (n == REG_EFLAGS)
        v = cpu_debug_get_eflags(c);
    else if (n >= REG_CS && n < REG_CS + 6)
        v = c->seg[gdb_segment[n - REG_CS]].sel;
    else if (n >= REG_CR0)
        v = n == REG_CR0 ? c->cr0 : n == REG_CR0 + 1 ? c->cr2 : n == REG_CR0 + 2 ? c->cr3 : c->cr4;
    st32(out, v);
}

/* Writes one register; -1 when a segment selector has no descriptor. */
static int set_reg(struct cpu *c, unsigned n, const uint8_t *in)
{
    if (reg_size(n) == 10) {
        struct ext80 *r = st_reg(c, n - REG_ST0);
        r->sig = ld64(in);
        r->se = ld16(in + 8);
        return 0;
    }
    uint32_t v = ld32(in);
    if (n >= REG_FCTRL && n < REG_CR0) {
        set_fpu_reg(&c->fpu, n, v);
    } else if (n < 8) {
        c->gpr[n] = v;
    } else if (n == REG_EIP) {
        c->eip = real_addressing(c) ? v - c->seg[S_CS].base : v;
    } else if (n == REG_EFLAGS) {
        if (v != cpu_debug_get_eflags(c))
            cpu_debug_set_eflags(c, v);
    } else if (n >= REG_CS && n < REG_CS + 6) {
        uint32_t lo = 0, hi = 0;
        unsigned s = gdb_segment[n - REG_CS];
        if ((uint16_t)v == c->seg[s].sel)
            return 0;
        if (!real_addressing(c) && (v & ~3u) && guest_descriptor(c, (uint16_t)v, &lo, &hi) < 0)
            return -1;
        cpu_debug_set_segment(c, s, (uint16_t)v, lo, hi);
    } else {
        uint32_t *cr = n == REG_CR0 ? &c->cr0 : n == REG_CR0 + 1 ? &c->cr2 : n == REG_CR0 + 2 ? &c->cr3 : &c->cr4;
        if (*cr != v) {
            *cr = v;
            cpu_debug_registers_changed(c);
        }
    }
    c->stop = 1;
    return 0;
}

static void put_hex(char *out, const uint8_t *bytes, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        snprintf(out + 2 * k, 3, "%02x", bytes[k]);
}

/* Hex pairs to bytes: the number of bytes, or -1 on a bad digit. */
static int get_hex(const char *hex, uint8_t *out, unsigned max)
{
    unsigned n = 0;
    while (n < max && hex[2 * n] && hex[2 * n + 1]) {
        int hi = gdb_hex_value(hex[2 * n]), lo = gdb_hex_value(hex[2 * n + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[n++] = (uint8_t)(hi << 4 | lo);
    }
    return (int)n;
}

void gdb_read_registers(struct gdbstub *g)
{
    struct cpu *c = debugger_cpu(g->dbg);
    char hex[2 * (REG_COUNT * 10) + 1];
    size_t pos = 0;
    for (unsigned n = 0; n < REG_COUNT; n++) {
        uint8_t bytes[10];
        get_reg(c, n, bytes);
        put_hex(hex + pos, bytes, reg_size(n));
        pos += 2 * reg_size(n);
    }
    hex[pos] = 0;
    gdb_reply(g, hex);
}

void gdb_write_registers(struct gdbstub *g, const char *hex)
{
    struct cpu *c = debugger_cpu(g->dbg);
    uint8_t bytes[REG_COUNT * 10];
    int len = get_hex(hex, bytes, sizeof bytes);
    if (len < 0) {
        gdb_reply(g, "E01");
        return;
    }
    unsigned pos = 0, failed = 0;
    for (unsigned n = 0; n < REG_COUNT && pos + reg_size(n) <= (unsigned)len; n++) {
        failed |= set_reg(c, n, bytes + pos) < 0;
        pos += reg_size(n);
    }
    gdb_reply(g, failed ? "E01" : "OK");
}

void gdb_read_register(struct gdbstub *g, const char *args)
{
    uint64_t n;
    if (gdb_parse_hex(&args, &n) < 0 || n >= REG_COUNT) {
        gdb_reply(g, "E01");
        return;
    }
    uint8_t bytes[10];
    char hex[21];
    get_reg(debugger_cpu(g->dbg), (unsigned)n, bytes);
    put_hex(hex, bytes, reg_size((unsigned)n));
    gdb_reply(g, hex);
}

void gdb_write_register(struct gdbstub *g, const char *args)
{
    uint64_t n;
    uint8_t bytes[10];
    if (gdb_parse_hex(&args, &n) < 0 || *args++ != '=' || n >= REG_COUNT ||
        get_hex(args, bytes, sizeof bytes) != (int)reg_size((unsigned)n)) {
        gdb_reply(g, "E01");
        return;
    }
    gdb_reply(g, set_reg(debugger_cpu(g->dbg), (unsigned)n, bytes) < 0 ? "E01" : "OK");
}
