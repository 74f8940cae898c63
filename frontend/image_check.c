/* Disk image checks (see image_check.h). */
#include "frontend/image_check.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* The diskette formats the floppy controller supports, in bytes. */
static const long long floppy_sizes[] = {
    163840, 184320, 327680, 368640, 737280, 1228800, 1474560, 1720320, 2949120,
};

static int file_size(const char *path, const char *option, long long *size, char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        snprintf(err, errlen, "-%s: %s: %s", option, path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
        snprintf(err, errlen, "-%s: %s: not a regular file", option, path);
        return -1;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "-%s: %s: %s", option, path, strerror(errno));
        return -1;
    }
    fclose(f);
    *size = (long long)st.st_size;
    return 0;
}

int image_check_readable(const char *path, const char *option, char *err, size_t errlen)
{
    long long size;
    return file_size(path, option, &size, err, errlen);
}

static int is_floppy_size(long long size)
{
    for (unsigned k = 0; k < sizeof floppy_sizes / sizeof floppy_sizes[0]; k++)
        if (size == floppy_sizes[k])
            return 1;
    return 0;
}

int image_is_floppy_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && is_floppy_size((long long)st.st_size);
}

int image_check_floppy(const char *path, const char *option, char *err, size_t errlen)
{
    long long size;
    if (file_size(path, option, &size, err, errlen) < 0)
        return -1;
    if (!is_floppy_size(size)) {
        snprintf(err, errlen, "-%s: %s: %lld bytes is not a floppy size (160K, 180K, 320K, 360K, 720K, 1.2M, "
                 "1.44M, 1.68M or 2.88M)", option, path, size);
        return -1;
    }
    return 0;
}

int image_check_disk(const char *path, const char *option, char *err, size_t errlen)
{
    long long size;
    if (file_size(path, option, &size, err, errlen) < 0)
        return -1;
    if (size < 512 || size % 512) {
        snprintf(err, errlen, "-%s: %s: %lld bytes is not a disk image (a non-zero multiple of 512 bytes)", option,
                 path, size);
        return -1;
    }
    return 0;
}

int image_check_cdrom(const char *path, const char *option, char *err, size_t errlen)
{
    long long size;
    if (file_size(path, option, &size, err, errlen) < 0)
        return -1;
    if (size < 2048 || size % 2048) {
        snprintf(err, errlen, "-%s: %s: %lld bytes is not a CD image (a non-zero multiple of 2048 bytes)", option,
                 path, size);
        return -1;
    }
    return 0;
}
