/* The snapshot file container (see snapshot_file.h). */
#include "devices/snapshot_file.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "mem/endian.h"

#ifdef HAVE_ZLIB
#include <zlib.h>
#endif

static const char file_magic[8] = { 'X', '8', '6', 'P', 'C', 'S', 'N', 'P' };
enum { HEADER_BYTES = 28, SECTION_FIXED = 2 + 2 + 2 + 8 + 8 + 4 + 4, FLAG_ZLIB = 1, FLAG_ZERO_RUNS = 2 };
/* Zero runs shorter than this stay in the literal bytes around them. */
enum { ZERO_RUN_MIN = 32 };
/* No section of a real machine comes near this (RAM is at most 3.5 GiB); a larger length is corruption. */
#define SECTION_MAX ((uint64_t)1 << 34)

static int errorf(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

#ifdef HAVE_ZLIB
uint32_t snapshot_crc32(uint32_t crc, const void *data, size_t len)
{
    const uint8_t *p = data;
    while (len) {            /* zlib takes a uInt length */
        uInt n = len > 0x40000000u ? 0x40000000u : (uInt)len;
        crc = (uint32_t)crc32(crc, p, n);
        p += n;
        len -= n;
    }
    return crc;
}
#else
/* Four bits at a time: a 16-entry table of the reflected polynomial 0xEDB88320 (the same CRC as zlib's). */
uint32_t snapshot_crc32(uint32_t crc, const void *data, size_t len)
{
    static const uint32_t nibble[16] = {
        0x00000000u, 0x1db71064u, 0x3b6e20c8u, 0x26d930acu, 0x76dc4190u, 0x6b6b51f4u, 0x4db26158u, 0x5005713cu,
        0xedb88320u, 0xf00f9344u, 0xd6d6a3e8u, 0xcb61b38cu, 0x9b64c2b0u, 0x86d3d2d4u, 0xa00ae278u, 0xbdbdf21cu,
    };
    const uint8_t *p = data;
    crc = ~crc;
    for (size_t k = 0; k < len; k++) {
        crc ^= p[k];
        crc = (crc >> 4) ^ nibble[crc & 15];
        crc = (crc >> 4) ^ nibble[crc & 15];
    }
    return ~crc;
}
#endif

uint8_t *sbuf_reserve(struct snap_buf *b, size_t n)
{
    if (b->failed || n == 0)
        return NULL;
    if (n > b->cap - b->len) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap - b->len < n) {
            if (cap > SIZE_MAX / 2) {
                b->failed = 1;
                return NULL;
            }
            cap *= 2;
        }
        uint8_t *d = realloc(b->data, cap);
        if (!d) {
            b->failed = 1;
            return NULL;
        }
        b->data = d;
        b->cap = cap;
    }
    uint8_t *p = b->data + b->len;
    b->len += n;
    return p;
}

void sbuf_bytes(struct snap_buf *b, const void *p, size_t n)
{
    uint8_t *d = sbuf_reserve(b, n);
    if (d && n)
        memcpy(d, p, n);
}

void sbuf_u8(struct snap_buf *b, uint8_t v)
{
    uint8_t *d = sbuf_reserve(b, 1);
    if (d)
        st8(d, v);
}

void sbuf_u16(struct snap_buf *b, uint16_t v)
{
    uint8_t *d = sbuf_reserve(b, 2);
    if (d)
        st16(d, v);
}

void sbuf_u32(struct snap_buf *b, uint32_t v)
{
    uint8_t *d = sbuf_reserve(b, 4);
    if (d)
        st32(d, v);
}

void sbuf_u64(struct snap_buf *b, uint64_t v)
{
    uint8_t *d = sbuf_reserve(b, 8);
    if (d)
        st64(d, v);
}

void sbuf_str(struct snap_buf *b, const char *s)
{
    size_t n = strlen(s);
    if (n > 255)
        n = 255;
    sbuf_u8(b, (uint8_t)n);
    sbuf_bytes(b, s, n);
}

void sbuf_free(struct snap_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

const uint8_t *scur_bytes(struct snap_cursor *c, size_t n)
{
    if (c->bad || n > c->len - c->pos) {
        c->bad = 1;
        return NULL;
    }
    const uint8_t *p = c->p + c->pos;
    c->pos += n;
    return p;
}

uint8_t scur_u8(struct snap_cursor *c)
{
    const uint8_t *p = scur_bytes(c, 1);
    return p ? ld8(p) : 0;
}

uint16_t scur_u16(struct snap_cursor *c)
{
    const uint8_t *p = scur_bytes(c, 2);
    return p ? ld16(p) : 0;
}

uint32_t scur_u32(struct snap_cursor *c)
{
    const uint8_t *p = scur_bytes(c, 4);
    return p ? ld32(p) : 0;
}

uint64_t scur_u64(struct snap_cursor *c)
{
    const uint8_t *p = scur_bytes(c, 8);
    return p ? ld64(p) : 0;
}

int scur_str(struct snap_cursor *c, char *out, size_t outlen)
{
    size_t n = scur_u8(c);
    const uint8_t *p = scur_bytes(c, n);
    if (!p || n >= outlen) {
        c->bad = 1;
        return -1;
    }
    memcpy(out, p, n);
    out[n] = 0;
    return 0;
}

/* ---- writing ---- */

static void write_bytes(struct snap_writer *w, const void *p, size_t n)
{
    if (!w->failed && n && fwrite(p, 1, n, w->f) != n)
        w->failed = errno ? errno : EIO;
}

int snapw_open(struct snap_writer *w, const char *path, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    size_t n = strlen(path);
    w->path = malloc(n + 1);
    w->tmp_path = malloc(n + 5);
    if (!w->path || !w->tmp_path) {
        snapw_abort(w);
        return errorf(err, errlen, "%s: out of memory", path);
    }
    memcpy(w->path, path, n + 1);
    memcpy(w->tmp_path, path, n);
    memcpy(w->tmp_path + n, ".tmp", 5);
    w->f = fopen(w->tmp_path, "wb");
    if (!w->f) {
        int e = errno;
        snapw_abort(w);
        return errorf(err, errlen, "%s: %s", path, strerror(e));
    }
    uint8_t h[HEADER_BYTES];
    memcpy(h, file_magic, 8);
    st32(h + 8, SNAPSHOT_FORMAT_VERSION);
    st32(h + 12, 0);
    st64(h + 16, 0);
    st32(h + 24, snapshot_crc32(0, h, 24));
    write_bytes(w, h, sizeof h);
    return 0;
}

/* Without zlib, runs of zero bytes (most of RAM and video memory) are stored as counts: records of u32 zero count,
 * u32 literal count, the literal bytes. Returns the encoded buffer (malloc'ed) and its length, or NULL. */
static uint8_t *encode_zero_runs(const uint8_t *p, size_t len, size_t *out_len)
{
    size_t n = 0, k = 0;
    uint8_t *out = malloc(len + 16);
    while (out && k < len) {
        size_t zeros = 0;
        while (k + zeros < len && p[k + zeros] == 0 && zeros < 0xffffffffu)
            zeros++;
        size_t start = k + zeros, end = start;
        while (end < len && end - start < 0x7fffffffu) {
            if (p[end]) {
                end++;
                continue;
            }
            size_t z = 0;
            while (end + z < len && p[end + z] == 0 && z < ZERO_RUN_MIN)
                z++;
            if (z == ZERO_RUN_MIN)
                break;           /* a run worth its own record */
            end += z;
        }
        size_t lit = end - start;
        if (n + 8 + lit > len) {
            free(out);
            return NULL;         /* it does not pay: the payload is stored as it is */
        }
        st32(out + n, (uint32_t)zeros);
        st32(out + n + 4, (uint32_t)lit);
        memcpy(out + n + 8, p + start, lit);
        n += 8 + lit;
        k = end;
    }
    *out_len = n;
    return out;
}

static int decode_zero_runs(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len)
{
    size_t i = 0, o = 0;
    while (i < in_len) {
        if (in_len - i < 8)
            return -1;
        size_t zeros = ld32(in + i), lit = ld32(in + i + 4);
        i += 8;
        if (zeros > out_len - o || lit > in_len - i || lit > out_len - o - zeros)
            return -1;
        memset(out + o, 0, zeros);
        memcpy(out + o + zeros, in + i, lit);
        o += zeros + lit;
        i += lit;
    }
    return o == out_len ? 0 : -1;
}

/* The payload as stored: compressed when asked and possible (and when compression actually saves space). */
static const uint8_t *stored_payload(const struct snap_buf *payload, int compress, uint8_t **owned, size_t *len,
                                     uint16_t *flags)
{
    *owned = NULL;
    *len = payload->len;
    *flags = 0;
#ifdef HAVE_ZLIB
    if (compress && payload->len > 64) {
        uLongf out_len = compressBound((uLong)payload->len);
        uint8_t *out = malloc(out_len);
        if (out && compress2(out, &out_len, payload->data, (uLong)payload->len, Z_BEST_SPEED) == Z_OK &&
            out_len < payload->len) {
            *owned = out;
            *len = out_len;
            *flags = FLAG_ZLIB;
            return out;
        }
        free(out);
    }
#endif
    size_t zr_len;
    uint8_t *zr = compress && payload->len > 64 ? encode_zero_runs(payload->data, payload->len, &zr_len) : NULL;
    if (zr && zr_len < payload->len) {
        *owned = zr;
        *len = zr_len;
        *flags = FLAG_ZERO_RUNS;
        return zr;
    }
    free(zr);
    return payload->data;
}

int snapw_section(struct snap_writer *w, const char *name, uint16_t version, const struct snap_buf *payload,
                  int compress, char *err, size_t errlen)
{
    size_t name_len = strlen(name);
    if (payload->failed)
        return errorf(err, errlen, "%s: out of memory building section %s", w->path, name);
    if (name_len == 0 || name_len > SNAPSHOT_NAME_MAX)
        return errorf(err, errlen, "%s: bad section name", w->path);
    uint8_t *owned;
    size_t stored_len;
    uint16_t flags;
    const uint8_t *stored = stored_payload(payload, compress, &owned, &stored_len, &flags);
    uint8_t h[2 + SNAPSHOT_NAME_MAX + SECTION_FIXED - 2];
    size_t k = 0;
    st16(h, (uint16_t)name_len);
    memcpy(h + 2, name, name_len);
    k = 2 + name_len;
    st16(h + k, version);
    st16(h + k + 2, flags);
    st64(h + k + 4, stored_len);
    st64(h + k + 12, payload->len);
    st32(h + k + 20, snapshot_crc32(0, payload->data, payload->len));
    st32(h + k + 24, snapshot_crc32(0, h, k + 24));
    write_bytes(w, h, k + 28);
    write_bytes(w, stored, stored_len);
    free(owned);
    if (w->failed)
        return errorf(err, errlen, "%s: %s", w->path, strerror(w->failed));
    return 0;
}

void snapw_abort(struct snap_writer *w)
{
    if (w->f) {
        fclose(w->f);
        remove(w->tmp_path);
    }
    free(w->path);
    free(w->tmp_path);
    memset(w, 0, sizeof *w);
}

int snapw_close(struct snap_writer *w, char *err, size_t errlen)
{
    struct snap_buf empty = { NULL, 0, 0, 0 };
    if (snapw_section(w, "end", 1, &empty, 0, err, errlen) < 0) {
        snapw_abort(w);
        return -1;
    }
    int e = 0;
    if (fflush(w->f) != 0 || ferror(w->f))
        e = errno ? errno : EIO;
    if (fclose(w->f) != 0 && !e)
        e = errno ? errno : EIO;
    w->f = NULL;
    if (!e && rename(w->tmp_path, w->path) != 0)
        e = errno;
    if (e) {
        remove(w->tmp_path);
        errorf(err, errlen, "%s: %s", w->path, strerror(e));
    }
    free(w->path);
    free(w->tmp_path);
    w->path = w->tmp_path = NULL;
    return e ? -1 : 0;
}

/* ---- reading ---- */

static int read_whole_file(struct snap_file *f, const char *path, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return errorf(err, errlen, "%s: %s", path, strerror(errno));
    size_t cap = 1 << 16, len = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        len += fread(buf + len, 1, cap - len, fp);
        if (len < cap)
            break;
        uint8_t *bigger = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int failed = ferror(fp);
    fclose(fp);
    if (!buf)
        return errorf(err, errlen, "%s: out of memory", path);
    if (failed) {
        free(buf);
        return errorf(err, errlen, "%s: read error", path);
    }
    f->bytes = buf;
    f->size = len;
    return 0;
}

static int check_header(const struct snap_file *f, const char *path, char *err, size_t errlen)
{
    if (f->size < 8 || memcmp(f->bytes, file_magic, 8) != 0)
        return errorf(err, errlen, "%s: not an x86pc snapshot", path);
    if (f->size < HEADER_BYTES)
        return errorf(err, errlen, "%s: truncated snapshot (header)", path);
    if (ld32(f->bytes + 24) != snapshot_crc32(0, f->bytes, 24))
        return errorf(err, errlen, "%s: corrupt snapshot header (checksum)", path);
    uint32_t version = ld32(f->bytes + 8);
    if (version != SNAPSHOT_FORMAT_VERSION)
        return errorf(err, errlen, "%s: snapshot format version %u, this x86pc reads version %u", path,
                      (unsigned)version, (unsigned)SNAPSHOT_FORMAT_VERSION);
    return 0;
}

/* Makes s->data the raw payload: the stored bytes, or their decompressed copy. */
static int unpack_payload(struct snap_section *s, const uint8_t *stored, uint64_t stored_len, uint64_t raw_len,
                          uint16_t flags, const char *path, char *err, size_t errlen)
{
    if (flags & FLAG_ZERO_RUNS) {
        s->owned = malloc(raw_len ? (size_t)raw_len : 1);
        if (!s->owned)
            return errorf(err, errlen, "%s: out of memory (section %s)", path, s->name);
        if (decode_zero_runs(stored, (size_t)stored_len, s->owned, (size_t)raw_len) < 0)
            return errorf(err, errlen, "%s: corrupt snapshot (section %s: zero runs)", path, s->name);
        s->data = s->owned;
        s->len = (size_t)raw_len;
        return 0;
    }
    if (!(flags & FLAG_ZLIB)) {
        if (stored_len != raw_len)
            return errorf(err, errlen, "%s: corrupt snapshot (section %s: lengths)", path, s->name);
        s->data = stored;
        s->len = (size_t)raw_len;
        return 0;
    }
#ifdef HAVE_ZLIB
    s->owned = malloc(raw_len ? (size_t)raw_len : 1);
    if (!s->owned)
        return errorf(err, errlen, "%s: out of memory (section %s)", path, s->name);
    uLongf out_len = (uLongf)raw_len;
    if (uncompress(s->owned, &out_len, stored, (uLong)stored_len) != Z_OK || out_len != raw_len)
        return errorf(err, errlen, "%s: corrupt snapshot (section %s does not decompress)", path, s->name);
    s->data = s->owned;
    s->len = (size_t)raw_len;
    return 0;
#else
    (void)stored;
    (void)stored_len;
    return errorf(err, errlen, "%s: the snapshot is compressed with zlib, and this x86pc was built without zlib",
                  path);
#endif
}

/* Parses one section at *pos; returns 1 for the end marker, 0 for another section, -1 on error. */
static int read_section(struct snap_file *f, size_t *pos, struct snap_section *s, const char *path, char *err,
                        size_t errlen)
{
    const uint8_t *p = f->bytes + *pos;
    size_t left = f->size - *pos;
    if (left < 2)
        return errorf(err, errlen, "%s: truncated snapshot (no end marker)", path);
    size_t name_len = ld16(p);
    if (name_len == 0 || name_len > SNAPSHOT_NAME_MAX)
        return errorf(err, errlen, "%s: corrupt snapshot (section name)", path);
    if (left < 2 + name_len + SECTION_FIXED - 2)
        return errorf(err, errlen, "%s: truncated snapshot (section header)", path);
    size_t k = 2 + name_len;
    if (ld32(p + k + 24) != snapshot_crc32(0, p, k + 24))
        return errorf(err, errlen, "%s: corrupt snapshot (section header checksum)", path);
    memcpy(s->name, p + 2, name_len);
    s->name[name_len] = 0;
    s->version = ld16(p + k);
    uint16_t flags = ld16(p + k + 2);
    uint64_t stored_len = ld64(p + k + 4), raw_len = ld64(p + k + 12);
    uint32_t crc = ld32(p + k + 20);
    size_t header = k + 28;
    if (stored_len > SECTION_MAX || raw_len > SECTION_MAX || (flags & ~(FLAG_ZLIB | FLAG_ZERO_RUNS)) ||
        flags == (FLAG_ZLIB | FLAG_ZERO_RUNS))
        return errorf(err, errlen, "%s: corrupt snapshot (section %s)", path, s->name);
    if (stored_len > left - header)
        return errorf(err, errlen, "%s: truncated snapshot (section %s)", path, s->name);
    if (unpack_payload(s, p + header, stored_len, raw_len, flags, path, err, errlen) < 0)
        return -1;
    if (snapshot_crc32(0, s->data, s->len) != crc)
        return errorf(err, errlen, "%s: corrupt snapshot (section %s checksum)", path, s->name);
    *pos += header + (size_t)stored_len;
    return strcmp(s->name, "end") == 0;
}

int snapf_read(struct snap_file *f, const char *path, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    if (read_whole_file(f, path, err, errlen) < 0)
        return -1;
    if (check_header(f, path, err, errlen) < 0) {
        snapf_free(f);
        return -1;
    }
    size_t pos = HEADER_BYTES;
    unsigned cap = 0;
    for (;;) {
        if (f->n == cap) {
            unsigned bigger = cap ? cap * 2 : 16;
            struct snap_section *s = realloc(f->sec, bigger * sizeof *s);
            if (!s) {
                snapf_free(f);
                return errorf(err, errlen, "%s: out of memory", path);
            }
            f->sec = s;
            cap = bigger;
        }
        struct snap_section *s = &f->sec[f->n];
        memset(s, 0, sizeof *s);
        int r = read_section(f, &pos, s, path, err, errlen);
        if (r < 0) {
            free(s->owned);
            snapf_free(f);
            return -1;
        }
        if (r == 1)
            break;
        if (snapf_find(f, s->name)) {
            free(s->owned);
            snapf_free(f);
            return errorf(err, errlen, "%s: corrupt snapshot (section %s twice)", path, s->name);
        }
        f->n++;
    }
    if (pos != f->size) {
        snapf_free(f);
        return errorf(err, errlen, "%s: corrupt snapshot (data after the end marker)", path);
    }
    return 0;
}

const struct snap_section *snapf_find(const struct snap_file *f, const char *name)
{
    for (unsigned k = 0; k < f->n; k++)
        if (strcmp(f->sec[k].name, name) == 0)
            return &f->sec[k];
    return NULL;
}

void snapf_free(struct snap_file *f)
{
    for (unsigned k = 0; k < f->n; k++)
        free(f->sec[k].owned);
    free(f->sec);
    free(f->bytes);
    memset(f, 0, sizeof *f);
}
