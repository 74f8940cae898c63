/* -snapshot: a copy-on-write overlay over a read-only image.
 *
 * Written sectors go to a temporary file at their own offsets (a sparse file, deleted as soon as it is created, so
 * nothing is left behind however x86pc ends); a bitmap with one bit per sector says which sectors live there.
 * The bitmap is allocated in chunks on first write, so a large image with few writes costs little memory. */
#include "devices/block/block.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { CHUNK_BYTES = 4096, CHUNK_SECTORS = CHUNK_BYTES * 8 };

struct overlay {
    struct block block;          /* first: a struct block * points here */
    struct block *image;         /* read-only underneath */
    int fd;                      /* the temporary file */
    uint8_t **chunk;             /* bitmap chunks, NULL until a sector in them is written */
    size_t n_chunks;
};

static struct overlay *overlay_of(struct block *b)
{
    return (struct overlay *)(void *)b;
}

static int sector_in_overlay(const struct overlay *o, uint64_t sector)
{
    const uint8_t *c = o->chunk[sector / CHUNK_SECTORS];
    uint64_t bit = sector % CHUNK_SECTORS;
    return c && (c[bit / 8] >> (bit % 8) & 1);
}

static int mark_sector(struct overlay *o, uint64_t sector)
{
    uint8_t **c = &o->chunk[sector / CHUNK_SECTORS];
    if (!*c && !(*c = calloc(1, CHUNK_BYTES)))
        return -ENOMEM;
    uint64_t bit = sector % CHUNK_SECTORS;
    (*c)[bit / 8] |= (uint8_t)(1u << (bit % 8));
    return 0;
}

static int read_fd(int fd, uint64_t offset, uint8_t *p, size_t len)
{
    while (len) {
        ssize_t n = pread(fd, p, len, (off_t)offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -EIO;
        p += n;
        offset += (uint64_t)n;
        len -= (size_t)n;
    }
    return 0;
}

/* Reads runs of sectors that share a source with one host call each. */
static int overlay_read(struct block *b, uint64_t offset, void *buf, size_t len)
{
    struct overlay *o = overlay_of(b);
    uint8_t *p = buf;
    uint64_t sector = offset / BLOCK_SECTOR, end = sector + len / BLOCK_SECTOR;
    while (sector < end) {
        int here = sector_in_overlay(o, sector);
        uint64_t run = 1;
        while (sector + run < end && sector_in_overlay(o, sector + run) == here)
            run++;
        size_t bytes = (size_t)run * BLOCK_SECTOR;
        int r = here ? read_fd(o->fd, sector * BLOCK_SECTOR, p, bytes)
                     : block_read(o->image, sector * BLOCK_SECTOR, p, bytes);
        if (r < 0)
            return r;
        p += bytes;
        sector += run;
    }
    return 0;
}

static int overlay_write(struct block *b, uint64_t offset, const void *buf, size_t len)
{
    struct overlay *o = overlay_of(b);
    const uint8_t *p = buf;
    uint64_t pos = offset;
    size_t left = len;
    while (left) {
        ssize_t n = pwrite(o->fd, p, left, (off_t)pos);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -EIO;
        p += n;
        pos += (uint64_t)n;
        left -= (size_t)n;
    }
    for (uint64_t s = offset / BLOCK_SECTOR; s < (offset + len) / BLOCK_SECTOR; s++) {
        int r = mark_sector(o, s);
        if (r < 0)
            return r;
    }
    return 0;
}

/* The overlay is thrown away at exit, so there is nothing worth forcing to the host disk. */
static int overlay_flush(struct block *b)
{
    (void)b;
    return 0;
}

static void overlay_close(struct block *b)
{
    struct overlay *o = overlay_of(b);
    for (size_t k = 0; k < o->n_chunks; k++)
        free(o->chunk[k]);
    free(o->chunk);
    close(o->fd);
    block_close(o->image);
    free(o);
}

static const struct block_ops overlay_ops = { overlay_read, overlay_write, overlay_flush, overlay_close };

static int make_temp_file(char *err, size_t errlen)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/x86pc-snapshot-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        snprintf(err, errlen, "-snapshot: cannot create a temporary file in %s: %s", dir && *dir ? dir : "/tmp",
                 strerror(errno));
        return -1;
    }
    unlink(path);
    return fd;
}

struct block *overlay_open(struct block *image, char *err, size_t errlen)
{
    struct overlay *o = calloc(1, sizeof *o);
    uint64_t sectors = image->size / BLOCK_SECTOR;
    size_t n_chunks = (size_t)((sectors + CHUNK_SECTORS - 1) / CHUNK_SECTORS);
    if (o)
        o->chunk = calloc(n_chunks ? n_chunks : 1, sizeof *o->chunk);
    if (!o || !o->chunk) {
        snprintf(err, errlen, "-snapshot: out of memory");
        goto fail;
    }
    o->fd = make_temp_file(err, errlen);
    if (o->fd < 0)
        goto fail;
    o->block.ops = &overlay_ops;
    o->block.size = image->size;
    o->block.read_only = 0;
    o->image = image;
    o->n_chunks = n_chunks;
    return &o->block;
fail:
    if (o)
        free(o->chunk);
    free(o);
    block_close(image);
    return NULL;
}
