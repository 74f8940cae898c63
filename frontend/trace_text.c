/* The trace printer (see trace_text.h for the lines, cpu/trace.h for the records it reads). */
#include "config.h"

#include "frontend/trace_text.h"
#include "cpu/trace.h"
#include "disasm/disasm.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef HAVE_ZLIB
#include <zlib.h>
#endif

/* The input, read through zlib when available (which also reads uncompressed files). */
struct reader {
#ifdef HAVE_ZLIB
    gzFile gz;
#else
    FILE *file;
#endif
    int truncated;
};

static int reader_open(struct reader *r, const char *path)
{
    memset(r, 0, sizeof *r);
#ifdef HAVE_ZLIB
    r->gz = gzopen(path, "rb");
    return r->gz ? 0 : -1;
#else
    r->file = fopen(path, "rb");
    return r->file ? 0 : -1;
#endif
}

static void reader_close(struct reader *r)
{
#ifdef HAVE_ZLIB
    gzclose(r->gz);
#else
    fclose(r->file);
#endif
}

/* Reads n bytes; returns 0, or -1 at the end of the file (marking a record cut short as truncated). */
static int get(struct reader *r, void *buf, unsigned n, int record_started)
{
#ifdef HAVE_ZLIB
    int got = gzread(r->gz, buf, n);
#else
    int got = (int)fread(buf, 1, n, r->file);
#endif
    if (got == (int)n)
        return 0;
    if (got > 0 || record_started)
        r->truncated = 1;
    return -1;
}

static int get_u8(struct reader *r, uint32_t *v)
{
    uint8_t b;
    if (get(r, &b, 1, 1) < 0)
        return -1;
    *v = b;
    return 0;
}

static int get_u16(struct reader *r, uint32_t *v)
{
    uint8_t b[2];
    if (get(r, b, 2, 1) < 0)
        return -1;
    *v = (uint32_t)b[0] | (uint32_t)b[1] << 8;
    return 0;
}

static int get_u32(struct reader *r, uint32_t *v)
{
    uint8_t b[4];
    if (get(r, b, 4, 1) < 0)
        return -1;
    *v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return 0;
}

static int get_varint(struct reader *r, uint64_t *v)
{
    *v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        uint32_t b;
        if (get_u8(r, &b) < 0)
            return -1;
        *v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return 0;
    }
    r->truncated = 1;            /* an over-long number: the file is damaged */
    return -1;
}

/* What the printer knows between records. */
struct printer {
    FILE *out;
    int att;
    uint32_t cs, cs_base, mode, cpl;
    uint32_t regs[9];            /* EAX..EDI in the CPU's order, then EFLAGS */
};

static const char *mode_name(uint32_t mode)
{
    if (!(mode & TRACE_MODE_PE))
        return "real";
    if (mode & TRACE_MODE_V86)
        return "v86";
    return (mode & TRACE_MODE_CODE32) ? "protected32" : "protected16";
}

static int print_context(struct reader *r, struct printer *p)
{
    if (get_u16(r, &p->cs) < 0 || get_u32(r, &p->cs_base) < 0 || get_u8(r, &p->mode) < 0 || get_u8(r, &p->cpl) < 0)
        return -1;
    fprintf(p->out, "C cs=%04" PRIx32 " base=%08" PRIx32 " %s cpl=%" PRIu32 "%s%s\n", p->cs, p->cs_base,
            mode_name(p->mode), p->cpl, (p->mode & TRACE_MODE_PG) ? " paging" : "",
            (p->mode & TRACE_MODE_PAE) ? " pae" : "");
    return 0;
}

static int print_instruction(struct reader *r, struct printer *p)
{
    uint64_t count;
    uint32_t eip, len;
    uint8_t bytes[16];
    if (get_varint(r, &count) < 0 || get_u32(r, &eip) < 0 || get_u8(r, &len) < 0)
        return -1;
    if (len == 0 || len > sizeof bytes) {
        r->truncated = 1;
        return -1;
    }
    if (get(r, bytes, len, 1) < 0)
        return -1;
    char hex[2 * sizeof bytes + 1], text[128];
    for (uint32_t k = 0; k < len; k++)
        snprintf(hex + 2 * k, 3, "%02x", bytes[k]);
    int bits = (p->mode & TRACE_MODE_CODE32) ? 32 : 16;
    if (disasm_one(bytes, len, bits, eip, p->att ? DISASM_ATT : DISASM_INTEL, text, sizeof text) == 0)
        snprintf(text, sizeof text, "(bad)");
    fprintf(p->out, "I %" PRIu64 " %04" PRIx32 ":%08" PRIx32 " %08" PRIx32 " %s %s\n", count, p->cs, eip,
            p->cs_base + eip, hex, text);
    return 0;
}

static int print_registers(struct reader *r, struct printer *p)
{
    /* the CPU's order EAX ECX EDX EBX ESP EBP ESI EDI, printed as eax ebx ecx edx esi edi ebp esp */
    static const char *const names[] = { "eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp" };
    static const unsigned order[] = { 0, 3, 1, 2, 6, 7, 5, 4 };
    uint32_t mask;
    if (get_u16(r, &mask) < 0)
        return -1;
    for (unsigned k = 0; k < 9; k++)
        if ((mask & (1u << k)) && get_u32(r, &p->regs[k]) < 0)
            return -1;
    fprintf(p->out, "R");
    for (unsigned k = 0; k < 8; k++)
        fprintf(p->out, " %s=%08" PRIx32, names[k], p->regs[order[k]]);
    fprintf(p->out, " eflags=%08" PRIx32 "\n", p->regs[8]);
    return 0;
}

static int print_event(struct reader *r, struct printer *p)
{
    static const char *const kinds[] = { "exception", "interrupt", "software", "nmi" };
    uint64_t count;
    uint32_t kind, vector, has_error, error;
    if (get_varint(r, &count) < 0 || get_u8(r, &kind) < 0 || get_u8(r, &vector) < 0 || get_u8(r, &has_error) < 0 ||
        get_u32(r, &error) < 0)
        return -1;
    fprintf(p->out, "E %" PRIu64 " %s vector=%02" PRIx32, count, kind < 4 ? kinds[kind] : "unknown", vector);
    if (has_error)
        fprintf(p->out, " error=%04" PRIx32, error);
    fprintf(p->out, "\n");
    return 0;
}

static int print_port(struct reader *r, struct printer *p)
{
    uint64_t count;
    uint32_t out, size, port, value;
    if (get_varint(r, &count) < 0 || get_u8(r, &out) < 0 || get_u8(r, &size) < 0 || get_u16(r, &port) < 0 ||
        get_u32(r, &value) < 0)
        return -1;
    fprintf(p->out, "P %s %" PRIu32 " port=%04" PRIx32 " value=%0*" PRIx32 "\n", out ? "out" : "in", size, port,
            (int)(2 * (size <= 4 ? size : 4)), value);
    return 0;
}

static int print_memory(struct reader *r, struct printer *p)
{
    uint32_t write, size, lin, phys, value;
    if (get_u8(r, &write) < 0 || get_u8(r, &size) < 0 || get_u32(r, &lin) < 0 || get_u32(r, &phys) < 0 ||
        get_u32(r, &value) < 0)
        return -1;
    fprintf(p->out, "M %s %" PRIu32 " lin=%08" PRIx32 " phys=%08" PRIx32 " value=%0*" PRIx32 "\n",
            write ? "write" : "read", size, lin, phys, (int)(2 * (size <= 4 ? size : 4)), value);
    return 0;
}

int trace_print(const char *path, FILE *out, int att, char *err, size_t errlen)
{
    struct reader r;
    if (reader_open(&r, path) < 0) {
        snprintf(err, errlen, "cannot read trace '%s': %s", path, strerror(errno ? errno : EIO));
        return -1;
    }
    char magic[8];
    uint32_t flags;
    if (get(&r, magic, 8, 0) < 0 || memcmp(magic, "X86PCTR1", 8) != 0 || get_u32(&r, &flags) < 0) {
        snprintf(err, errlen, "'%s' is not an x86pc trace (or of another version)", path);
        reader_close(&r);
        return -1;
    }
    struct printer p = { .out = out, .att = att };
    for (;;) {
        uint8_t tag;
        if (get(&r, &tag, 1, 0) < 0)
            break;
        int rc = tag == 'C' ? print_context(&r, &p) : tag == 'I' ? print_instruction(&r, &p)
               : tag == 'R' ? print_registers(&r, &p) : tag == 'E' ? print_event(&r, &p)
               : tag == 'P' ? print_port(&r, &p) : tag == 'M' ? print_memory(&r, &p) : (r.truncated = 1, -1);
        if (rc < 0)
            break;
    }
    reader_close(&r);
    if (r.truncated) {
        snprintf(err, errlen, "'%s': the trace is damaged or cut short (printed what came before)", path);
        return -1;
    }
    return 0;
}
