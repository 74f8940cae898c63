/* The checks every back end shares, and the choice of back end (see block.h). */
#include "devices/block/block.h"

#include <errno.h>

struct block *block_open(const char *path, unsigned flags, char *err, size_t errlen)
{
    int read_only = (flags & (BLOCK_READ_ONLY | BLOCK_SNAPSHOT)) != 0;
    struct block *image = raw_open(path, read_only, err, errlen);
    if (!image || !(flags & BLOCK_SNAPSHOT) || (flags & BLOCK_READ_ONLY))
        return image;
    return overlay_open(image, err, errlen);
}

/* Requests are whole sectors inside the image; the sum is checked without overflowing. */
static int check_range(const struct block *b, uint64_t offset, size_t len)
{
    if (offset % BLOCK_SECTOR || len % BLOCK_SECTOR)
        return -EINVAL;
    if (offset > b->size || len > b->size - offset)
        return -EINVAL;
    return 0;
}

int block_read(struct block *b, uint64_t offset, void *buf, size_t len)
{
    int r = check_range(b, offset, len);
    if (r < 0 || len == 0)
        return r;
    return b->ops->read(b, offset, buf, len);
}

int block_write(struct block *b, uint64_t offset, const void *buf, size_t len)
{
    if (b->read_only)
        return -EROFS;
    int r = check_range(b, offset, len);
    if (r < 0 || len == 0)
        return r;
    return b->ops->write(b, offset, buf, len);
}

int block_flush(struct block *b)
{
    return b->read_only ? 0 : b->ops->flush(b);
}

void block_close(struct block *b)
{
    if (b)
        b->ops->close(b);
}
