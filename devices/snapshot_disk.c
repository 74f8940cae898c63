/* The disk part of a snapshot (see snapshot.h).
 *
 * A disk section holds the image's size and a digest of the image file, and, under -snapshot, the sectors where
 * what the guest sees differs from the image (the overlay's changes):
 *   u64 size, u64 digest of the image, u8 overlay, u64 number of runs, then per run: u64 first sector, u32 count,
 *   count * 512 bytes.
 * Loading requires the image to have the saved digest (a disk written since the save would not match the RAM
 * and device state). Under -snapshot the guest's view is then made equal to image + runs by writing into the
 * overlay; without -snapshot a snapshot with runs is refused, since loading must never write a user's image. */
#include "devices/snapshot.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem/endian.h"

enum { CHUNK_SECTORS = 128, CHUNK_BYTES = CHUNK_SECTORS * BLOCK_SECTOR };

struct disk_run {
    uint64_t first;
    uint32_t count;
    const uint8_t *data;
};

struct disk_section {
    uint64_t size, digest;
    int overlay;
    uint64_t n_runs;
    struct disk_run *run;
};

static int errorf(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* A 64-bit digest over 8-byte words (an FNV-style multiply with a shift to mix high bits down): it tells
 * whether an image changed, fast enough for multi-gigabyte disks. */
static uint64_t digest_update(uint64_t h, const uint8_t *p, size_t len)
{
    for (size_t k = 0; k + 8 <= len; k += 8) {
        h ^= ld64(p + k);
        h *= 0x100000001b3ull;
        h ^= h >> 29;
    }
    return h;
}

/* The image underneath the guest's view: the overlay's base opened again read-only, or the view itself. */
static struct block *open_image(const struct snapshot_disk *d, char *err, size_t errlen)
{
    if (!d->overlay)
        return d->block;
    char why[200];
    struct block *b = raw_open(d->path, 1, why, sizeof why);
    if (!b)
        errorf(err, errlen, "%s: %s", d->name, why);
    return b;
}

static void close_image(const struct snapshot_disk *d, struct block *image)
{
    if (image && image != d->block)
        block_close(image);
}

static int io_error(const struct snapshot_disk *d, int r, char *err, size_t errlen)
{
    return errorf(err, errlen, "%s: %s", d->name, strerror(-r));
}

/* Appends the sectors of [chunk_first, +n) where view and image differ, as runs; *open_run is the position of
 * the run being extended, or 0. */
static void add_differences(struct snap_buf *out, uint64_t chunk_first, unsigned n, const uint8_t *image,
                            const uint8_t *view, size_t *open_run, uint64_t *next_sector, uint64_t *n_runs)
{
    for (unsigned k = 0; k < n; k++) {
        const uint8_t *v = view + (size_t)k * BLOCK_SECTOR;
        if (memcmp(image + (size_t)k * BLOCK_SECTOR, v, BLOCK_SECTOR) == 0)
            continue;
        uint64_t sector = chunk_first + k;
        if (!*open_run || *next_sector != sector) {
            sbuf_u64(out, sector);
            *open_run = out->len;
            sbuf_u32(out, 0);
            ++*n_runs;
        }
        if (!out->failed)
            st32(out->data + *open_run, ld32(out->data + *open_run) + 1);
        sbuf_bytes(out, v, BLOCK_SECTOR);
        *next_sector = sector + 1;
    }
}

int snapshot_disk_save(const struct snapshot_disk *d, struct snap_buf *out, char *err, size_t errlen)
{
    struct block *image = open_image(d, err, errlen);
    uint8_t *a = malloc(CHUNK_BYTES), *b = malloc(CHUNK_BYTES);
    int r = image && a && b ? 0 : -1;
    if (!r) {
        uint64_t size = block_size(d->block), h = 0xcbf29ce484222325ull ^ size, n_runs = 0, next = 0;
        size_t open_run = 0;
        sbuf_u64(out, size);
        size_t digest_at = out->len;
        sbuf_u64(out, 0);
        sbuf_u8(out, (uint8_t)(d->overlay != 0));
        size_t runs_at = out->len;
        sbuf_u64(out, 0);
        for (uint64_t s = 0; s < size / BLOCK_SECTOR && !r; s += CHUNK_SECTORS) {
            uint64_t left = size / BLOCK_SECTOR - s;
            unsigned n = left < CHUNK_SECTORS ? (unsigned)left : CHUNK_SECTORS;
            r = block_read(image, s * BLOCK_SECTOR, a, (size_t)n * BLOCK_SECTOR);
            if (!r && d->overlay)
                r = block_read(d->block, s * BLOCK_SECTOR, b, (size_t)n * BLOCK_SECTOR);
            if (r < 0)
                break;
            h = digest_update(h, a, (size_t)n * BLOCK_SECTOR);
            if (d->overlay)
                add_differences(out, s, n, a, b, &open_run, &next, &n_runs);
        }
        if (!r && !out->failed) {
            st64(out->data + digest_at, h);
            st64(out->data + runs_at, n_runs);
        }
        if (r < 0)
            io_error(d, r, err, errlen);
    } else if (image) {
        errorf(err, errlen, "%s: out of memory", d->name);
    }
    free(a);
    free(b);
    close_image(d, image);
    return r < 0 ? -1 : 0;
}

/* Parses a disk section; runs must be in order, not overlap, and lie inside the disk. */
static int parse_section(const struct snap_section *s, struct disk_section *ds)
{
    struct snap_cursor c = { s->data, s->len, 0, 0 };
    memset(ds, 0, sizeof *ds);
    ds->size = scur_u64(&c);
    ds->digest = scur_u64(&c);
    ds->overlay = scur_u8(&c);
    ds->n_runs = scur_u64(&c);
    if (c.bad || ds->n_runs > s->len / (12 + BLOCK_SECTOR))
        return -1;
    ds->run = calloc(ds->n_runs ? (size_t)ds->n_runs : 1, sizeof *ds->run);
    if (!ds->run)
        return -1;
    uint64_t end = 0;
    for (uint64_t k = 0; k < ds->n_runs; k++) {
        struct disk_run *r = &ds->run[k];
        r->first = scur_u64(&c);
        r->count = scur_u32(&c);
        if (c.bad || r->count == 0 || r->first < end || r->count > ds->size / BLOCK_SECTOR ||
            r->first > ds->size / BLOCK_SECTOR - r->count)
            return -1;
        r->data = scur_bytes(&c, (size_t)r->count * BLOCK_SECTOR);
        end = r->first + r->count;
    }
    return c.bad || c.pos != c.len ? -1 : 0;
}

static uint64_t image_digest(const struct snapshot_disk *d, struct block *image, int *r)
{
    uint64_t size = block_size(image), h = 0xcbf29ce484222325ull ^ size;
    uint8_t *a = malloc(CHUNK_BYTES);
    *r = a ? 0 : -ENOMEM;
    for (uint64_t s = 0; s < size / BLOCK_SECTOR && !*r; s += CHUNK_SECTORS) {
        uint64_t left = size / BLOCK_SECTOR - s;
        unsigned n = left < CHUNK_SECTORS ? (unsigned)left : CHUNK_SECTORS;
        *r = block_read(image, s * BLOCK_SECTOR, a, (size_t)n * BLOCK_SECTOR);
        if (!*r)
            h = digest_update(h, a, (size_t)n * BLOCK_SECTOR);
    }
    (void)d;
    free(a);
    return h;
}

int snapshot_disk_check(const struct snapshot_disk *d, const struct snap_section *s, char *err, size_t errlen)
{
    struct disk_section ds;
    int bad = parse_section(s, &ds);
    free(ds.run);
    if (bad)
        return errorf(err, errlen, "corrupt snapshot (section disk:%s)", d->name);
    if (ds.size != block_size(d->block))
        return errorf(err, errlen, "%s: the image's size differs from the snapshot's", d->name);
    if (ds.n_runs && !d->overlay)
        return errorf(err, errlen, "%s: the snapshot holds disk changes made under -snapshot; load it with "
                      "-snapshot (loading never writes an image)", d->name);
    struct block *image = open_image(d, err, errlen);
    if (!image)
        return -1;
    int r;
    uint64_t h = image_digest(d, image, &r);
    close_image(d, image);
    if (r < 0)
        return io_error(d, r, err, errlen);
    if (h != ds.digest)
        return errorf(err, errlen, "%s: the disk image changed since the snapshot was taken", d->name);
    return 0;
}

/* Makes one chunk of the guest's view equal to image + runs, writing only sectors that differ. */
static int apply_chunk(const struct snapshot_disk *d, const struct disk_section *ds, uint64_t first, unsigned n,
                       uint8_t *want, uint8_t *have, uint64_t *run_index)
{
    while (*run_index < ds->n_runs && ds->run[*run_index].first + ds->run[*run_index].count <= first)
        ++*run_index;
    for (uint64_t k = *run_index; k < ds->n_runs && ds->run[k].first < first + n; k++) {
        const struct disk_run *r = &ds->run[k];
        uint64_t lo = r->first > first ? r->first : first;
        uint64_t hi = r->first + r->count < first + n ? r->first + r->count : first + n;
        memcpy(want + (lo - first) * BLOCK_SECTOR, r->data + (lo - r->first) * BLOCK_SECTOR,
               (size_t)(hi - lo) * BLOCK_SECTOR);
    }
    int rc = block_read(d->block, first * BLOCK_SECTOR, have, (size_t)n * BLOCK_SECTOR);
    for (unsigned k = 0; k < n && !rc; k++) {
        size_t at = (size_t)k * BLOCK_SECTOR;
        if (memcmp(want + at, have + at, BLOCK_SECTOR) != 0)
            rc = block_write(d->block, (first + k) * BLOCK_SECTOR, want + at, BLOCK_SECTOR);
    }
    return rc;
}

int snapshot_disk_apply(const struct snapshot_disk *d, const struct snap_section *s, char *err, size_t errlen)
{
    if (!d->overlay)
        return 0;                /* checked: the image is what the snapshot saw, and there are no changes */
    struct disk_section ds;
    if (parse_section(s, &ds) < 0) {
        free(ds.run);
        return errorf(err, errlen, "corrupt snapshot (section disk:%s)", d->name);
    }
    struct block *image = open_image(d, err, errlen);
    uint8_t *want = malloc(CHUNK_BYTES), *have = malloc(CHUNK_BYTES);
    int r = image && want && have ? 0 : -ENOMEM;
    uint64_t run_index = 0;
    for (uint64_t sct = 0; sct < ds.size / BLOCK_SECTOR && !r; sct += CHUNK_SECTORS) {
        uint64_t left = ds.size / BLOCK_SECTOR - sct;
        unsigned n = left < CHUNK_SECTORS ? (unsigned)left : CHUNK_SECTORS;
        r = block_read(image, sct * BLOCK_SECTOR, want, (size_t)n * BLOCK_SECTOR);
        if (!r)
            r = apply_chunk(d, &ds, sct, n, want, have, &run_index);
    }
    free(want);
    free(have);
    free(ds.run);
    close_image(d, image);
    if (r < 0 && image)
        return io_error(d, r, err, errlen);
    return image ? 0 : -1;
}
