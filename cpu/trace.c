/* The trace recorder (see trace.h for the log format). Records go into a 1 MiB buffer written out in large
 * pieces, through zlib when the file name ends in .gz. */
#include "config.h"

#include "cpu/trace.h"
#include "cpu/cpu.h"
#include "cpu/flags.h"
#include "cpu/insn.h"
#include "mem/endian.h"
#include "mem/phys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef HAVE_ZLIB
#include <zlib.h>
#endif

enum { TRACE_BUFFER = 1 << 20, RECORD_MAX = 128 };

/* What the instruction about to run looks like; kept even when it is not logged, so that "from the first
 * exception" can still show the instruction that faulted. */
struct current {
    uint64_t icount;
    uint32_t eip, lin, cs_base;
    uint16_t cs;
    uint8_t mode, cpl, len;
    uint8_t bytes[16];
};

struct trace {
    FILE *file;
#ifdef HAVE_ZLIB
    gzFile gz;
#endif
    int write_error;
    unsigned flags;
    struct trace_filter filter;
    int started;                 /* the from-exception filter has seen its exception */
    int logging;                 /* the current instruction is logged: so are its events and accesses */
    int context_valid;
    uint16_t cs;
    uint32_t cs_base;
    uint8_t mode, cpl;
    uint32_t regs[9];            /* the register values last written (EAX..EDI, EFLAGS) */
    int regs_valid;
    struct current cur;
    size_t used;
    uint8_t buf[TRACE_BUFFER];
};

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void flush(struct trace *t)
{
    if (!t->used)
        return;
#ifdef HAVE_ZLIB
    if (t->gz) {
        if (gzwrite(t->gz, t->buf, (unsigned)t->used) != (int)t->used)
            t->write_error = 1;
        t->used = 0;
        return;
    }
#endif
    if (fwrite(t->buf, 1, t->used, t->file) != t->used)
        t->write_error = 1;
    t->used = 0;
}

/* Room for one record. */
static uint8_t *reserve(struct trace *t)
{
    if (t->used + RECORD_MAX > sizeof t->buf)
        flush(t);
    return t->buf + t->used;
}

static uint8_t *put_u8(uint8_t *p, uint32_t v) { *p = (uint8_t)v; return p + 1; }
static uint8_t *put_u16(uint8_t *p, uint32_t v) { st16(p, (uint16_t)v); return p + 2; }
static uint8_t *put_u32(uint8_t *p, uint32_t v) { st32(p, v); return p + 4; }
static uint8_t *put_varint(uint8_t *p, uint64_t v)
{
    while (v >= 0x80) {
        *p++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *p++ = (uint8_t)v;
    return p;
}

static void commit(struct trace *t, const uint8_t *end)
{
    t->used = (size_t)(end - t->buf);
}

struct trace *trace_open(const char *path, unsigned flags, const struct trace_filter *filter, char *err,
                         size_t errlen)
{
    struct trace *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errlen, "trace: out of memory");
        return NULL;
    }
    t->flags = flags;
    t->filter = *filter;
    if (ends_with(path, ".gz")) {
#ifdef HAVE_ZLIB
        t->gz = gzopen(path, "wb1");
        if (!t->gz) {
            snprintf(err, errlen, "cannot write trace file '%s': %s", path, strerror(errno ? errno : EIO));
            free(t);
            return NULL;
        }
#else
        snprintf(err, errlen, "cannot write '%s': x86pc was built without zlib", path);
        free(t);
        return NULL;
#endif
    } else {
        t->file = fopen(path, "wb");
        if (!t->file) {
            snprintf(err, errlen, "cannot write trace file '%s': %s", path, strerror(errno));
            free(t);
            return NULL;
        }
    }
    uint8_t *p = reserve(t);
    memcpy(p, "X86PCTR1", 8);
    commit(t, put_u32(p + 8, flags));
    return t;
}

int trace_close(struct trace *t, char *err, size_t errlen)
{
    if (!t)
        return 0;
    flush(t);
    int bad = t->write_error;
#ifdef HAVE_ZLIB
    if (t->gz && gzclose(t->gz) != Z_OK)
        bad = 1;
#endif
    if (t->file && fclose(t->file) != 0)
        bad = 1;
    free(t);
    if (bad)
        snprintf(err, errlen, "writing the trace failed (disk full?)");
    return bad ? -1 : 0;
}

unsigned trace_flags(const struct trace *t)
{
    return t->flags;
}

static uint8_t mode_of(const struct cpu *c)
{
    return (uint8_t)((c->pe ? TRACE_MODE_PE : 0) | (c->code32 ? TRACE_MODE_CODE32 : 0) |
                     (c->v86 ? TRACE_MODE_V86 : 0) | ((c->cr0 & CR0_PG) ? TRACE_MODE_PG : 0) |
                     ((c->cr4 & CR4_PAE) ? TRACE_MODE_PAE : 0));
}

/* The instruction's bytes from physical memory: paddr up to its page's end, the rest from paddr2. */
static void read_bytes(struct phys *phys, uint32_t paddr, uint32_t paddr2, uint8_t *out, unsigned len)
{
    for (unsigned k = 0; k < len; k++) {
        uint32_t room = 0x1000 - (paddr & 0xfff);
        uint32_t a = k < room ? paddr + k : (paddr2 & ~0xfffu) + (k - room);
        const uint8_t *page = phys_page_ptr(phys, a, 0);
        out[k] = page ? page[a & 0xfff] : (uint8_t)phys_read(phys, a, 1);
    }
}

static int wanted(const struct trace *t, const struct current *cur)
{
    const struct trace_filter *f = &t->filter;
    if (cur->icount < f->from || cur->icount > f->to)
        return 0;
    if (cur->lin < f->addr_lo || cur->lin > f->addr_hi)
        return 0;
    if (f->cpl >= 0 && cur->cpl != f->cpl)
        return 0;
    return !f->from_exception || t->started;
}

static void write_context(struct trace *t, const struct current *cur)
{
    if (t->context_valid && t->cs == cur->cs && t->cs_base == cur->cs_base && t->mode == cur->mode &&
        t->cpl == cur->cpl)
        return;
    t->context_valid = 1;
    t->cs = cur->cs;
    t->cs_base = cur->cs_base;
    t->mode = cur->mode;
    t->cpl = cur->cpl;
    uint8_t *p = put_u8(reserve(t), 'C');
    p = put_u16(p, cur->cs);
    p = put_u32(p, cur->cs_base);
    p = put_u8(p, cur->mode);
    commit(t, put_u8(p, cur->cpl));
}

static void write_instruction(struct trace *t, const struct current *cur)
{
    write_context(t, cur);
    uint8_t *p = put_u8(reserve(t), 'I');
    p = put_varint(p, cur->icount);
    p = put_u32(p, cur->eip);
    p = put_u8(p, cur->len);
    memcpy(p, cur->bytes, cur->len);
    commit(t, p + cur->len);
}

void trace_before(struct trace *t, const struct cpu *c, const struct insn *i, uint32_t paddr, uint32_t paddr2)
{
    struct current *cur = &t->cur;
    cur->icount = c->icount;
    cur->eip = c->eip;
    cur->cs = c->seg[S_CS].sel;
    cur->cs_base = c->seg[S_CS].base;
    cur->lin = cur->cs_base + cur->eip;
    cur->mode = mode_of(c);
    cur->cpl = (uint8_t)c->cpl;
    cur->len = i->len < sizeof cur->bytes ? i->len : (uint8_t)sizeof cur->bytes;
    t->logging = wanted(t, cur);
    if (!t->logging && !(t->filter.from_exception && !t->started))
        return;
    read_bytes(c->phys, paddr, paddr2, cur->bytes, cur->len);
    if (t->logging)
        write_instruction(t, cur);
}

void trace_after(struct trace *t, const struct cpu *c)
{
    if (!t->logging || !(t->flags & TRACE_REGS))
        return;
    uint32_t now[9];
    memcpy(now, c->gpr, 8 * sizeof now[0]);
    now[8] = cpu_get_eflags(c);
    unsigned mask = 0;
    for (unsigned r = 0; r < 9; r++)
        if (!t->regs_valid || now[r] != t->regs[r])
            mask |= 1u << r;
    t->regs_valid = 1;
    memcpy(t->regs, now, sizeof now);
    uint8_t *p = put_u8(reserve(t), 'R');
    p = put_u16(p, mask);
    for (unsigned r = 0; r < 9; r++)
        if (mask & (1u << r))
            p = put_u32(p, now[r]);
    commit(t, p);
}

void trace_event(struct trace *t, const struct cpu *c, unsigned vector, enum trace_event kind, int has_error,
                 uint32_t error)
{
    if (kind == TRACE_EXCEPTION && t->filter.from_exception && !t->started) {
        t->started = 1;
        t->logging = wanted(t, &t->cur);
        if (t->logging)
            write_instruction(t, &t->cur);
    }
    /* Interrupts are taken between instructions: they belong to the next one's filter decision, so they are
     * logged when the previous instruction was. */
    if (!t->logging)
        return;
    uint8_t *p = put_u8(reserve(t), 'E');
    p = put_varint(p, c->icount);
    p = put_u8(p, kind);
    p = put_u8(p, vector);
    p = put_u8(p, has_error ? 1 : 0);
    commit(t, put_u32(p, error));
}

void trace_port(struct trace *t, const struct cpu *c, int out, unsigned size, uint16_t port, uint32_t value)
{
    if (!t->logging)
        return;
    uint8_t *p = put_u8(reserve(t), 'P');
    p = put_varint(p, c->icount);
    p = put_u8(p, out ? 1 : 0);
    p = put_u8(p, size);
    p = put_u16(p, port);
    commit(t, put_u32(p, value));
}

void trace_memory(struct trace *t, int write, unsigned size, uint32_t lin, uint32_t phys, uint32_t value)
{
    if (!t->logging)
        return;
    uint8_t *p = put_u8(reserve(t), 'M');
    p = put_u8(p, write ? 1 : 0);
    p = put_u8(p, size);
    p = put_u32(p, lin);
    p = put_u32(p, phys);
    commit(t, put_u32(p, value));
}
