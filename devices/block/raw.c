/* A raw image file: the guest's sectors at their own offsets in a host file, read and written with pread/pwrite.
 *
 * The image is locked with flock while open, so a second x86pc cannot write it at the same time: a writer takes an
 * exclusive lock, a reader a shared one. flock locks belong to the open file, so two opens in one process conflict
 * too (which is what the unit test relies on). A file system without locks is used unlocked. */
#include "devices/block/block.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct raw {
    struct block block;          /* first: a struct block * points here */
    int fd;
};

static struct raw *raw_of(struct block *b)
{
    return (struct raw *)(void *)b;
}

static int raw_read(struct block *b, uint64_t offset, void *buf, size_t len)
{
    int fd = raw_of(b)->fd;
    uint8_t *p = buf;
    while (len) {
        ssize_t n = pread(fd, p, len, (off_t)offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -errno;
        if (n == 0)
            return -EIO;         /* the file shrank under us */
        p += n;
        offset += (uint64_t)n;
        len -= (size_t)n;
    }
    return 0;
}

static int raw_write(struct block *b, uint64_t offset, const void *buf, size_t len)
{
    int fd = raw_of(b)->fd;
    const uint8_t *p = buf;
    while (len) {
        ssize_t n = pwrite(fd, p, len, (off_t)offset);
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

static int raw_flush(struct block *b)
{
    return fsync(raw_of(b)->fd) < 0 ? -errno : 0;
}

static void raw_close(struct block *b)
{
    struct raw *r = raw_of(b);
    close(r->fd);                /* also drops the lock */
    free(r);
}

static const struct block_ops raw_ops = { raw_read, raw_write, raw_flush, raw_close };

/* Returns 0, or -1 with the message when another process holds a conflicting lock. */
static int lock_image(int fd, int read_only, const char *path, char *err, size_t errlen)
{
    while (flock(fd, (read_only ? LOCK_SH : LOCK_EX) | LOCK_NB) < 0) {
        if (errno == EINTR)
            continue;
        if (errno == EWOULDBLOCK) {
            snprintf(err, errlen, "%s: image is in use by another process", path);
            return -1;
        }
        break;                   /* no locking on this file system (ENOLCK, EOPNOTSUPP): go on without it */
    }
    return 0;
}

static int image_size(int fd, const char *path, uint64_t *size, char *err, size_t errlen)
{
    struct stat st;
    if (fstat(fd, &st) < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: is a directory, not a disk image", path);
        return -1;
    }
    off_t end = lseek(fd, 0, SEEK_END);  /* also right for host block devices, whose st_size is 0 */
    if (end < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (end == 0) {
        snprintf(err, errlen, "%s: the image is empty", path);
        return -1;
    }
    if (end % BLOCK_SECTOR) {
        snprintf(err, errlen, "%s: image size %lld bytes is not a whole number of %d-byte sectors", path,
                 (long long)end, BLOCK_SECTOR);
        return -1;
    }
    *size = (uint64_t)end;
    return 0;
}

struct block *raw_open(const char *path, int read_only, char *err, size_t errlen)
{
    int fd = open(path, (read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    uint64_t size;
    if (image_size(fd, path, &size, err, errlen) < 0 || lock_image(fd, read_only, path, err, errlen) < 0) {
        close(fd);
        return NULL;
    }
    struct raw *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "%s: out of memory", path);
        close(fd);
        return NULL;
    }
    r->block.ops = &raw_ops;
    r->block.size = size;
    r->block.read_only = read_only;
    r->fd = fd;
    return &r->block;
}
