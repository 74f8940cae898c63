/* Disk image back ends: one small interface that the disk controllers (floppy, ATA, ATAPI) read and write through.
 *
 * block_open gives a raw image file (raw.c), wrapped in a copy-on-write overlay (overlay.c) when BLOCK_SNAPSHOT
 * asks that the image itself never be written. Every call reports failure by its return value (a negative errno
 * value, or NULL with a one-line message); nothing here prints or exits, so a controller can turn a host I/O
 * error into an error the guest sees.
 *
 * Offsets and lengths are in bytes and must be multiples of BLOCK_SECTOR; an image's size always is (block_open
 * refuses other files). A controller that owns a struct block closes it with block_close.
 *
 * To add a back end: fill a struct block_ops, embed a struct block as the first member of the back end's own
 * struct, and set ops and size; the checks in block.c (range, read-only) then apply to it unchanged. */
#ifndef X86PC_DEVICES_BLOCK_BLOCK_H
#define X86PC_DEVICES_BLOCK_BLOCK_H

#include <stddef.h>
#include <stdint.h>

enum { BLOCK_SECTOR = 512 };

enum block_flags {
    BLOCK_READ_ONLY = 1,         /* open for reading only; writes fail with -EROFS (the guest sees protection) */
    BLOCK_SNAPSHOT = 2,          /* writes go to a temporary overlay; the image is opened read-only */
};

struct block;

struct block_ops {
    int (*read)(struct block *b, uint64_t offset, void *buf, size_t len);
    int (*write)(struct block *b, uint64_t offset, const void *buf, size_t len);
    int (*flush)(struct block *b);
    void (*close)(struct block *b);
};

struct block {
    const struct block_ops *ops;
    uint64_t size;               /* bytes, a multiple of BLOCK_SECTOR */
    int read_only;
};

/* Opens an image. On failure returns NULL with a message such as "disk.img: image is in use by another
 * process" in err. */
struct block *block_open(const char *path, unsigned flags, char *err, size_t errlen);

static inline uint64_t block_size(const struct block *b) { return b->size; }
static inline int block_is_read_only(const struct block *b) { return b->read_only; }

/* Each returns 0, or a negative errno value: -EINVAL for a range outside the image or a misaligned request,
 * -EROFS for a write to a read-only image, or the host's error. */
int block_read(struct block *b, uint64_t offset, void *buf, size_t len);
int block_write(struct block *b, uint64_t offset, const void *buf, size_t len);
int block_flush(struct block *b);
void block_close(struct block *b);

/* The back ends, for block_open (and for tests that want one directly). */
struct block *raw_open(const char *path, int read_only, char *err, size_t errlen);
/* Takes ownership of image, which stays unwritten; the overlay's writes live in a deleted temporary file. */
struct block *overlay_open(struct block *image, char *err, size_t errlen);

#endif
