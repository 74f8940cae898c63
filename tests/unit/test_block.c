/* Disk image back ends: raw reads and writes that land in the file, the lock that refuses a second writer, the
 * -snapshot overlay that leaves the image untouched byte for byte, and the errors for unusable files. */
#include "devices/block/block.h"
#include "tests/unit/unit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { IMAGE_SECTORS = 64, IMAGE_BYTES = IMAGE_SECTORS * BLOCK_SECTOR };

static char dir[256];

static void path_of(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
}

static void write_file(const char *path, const uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len) {
        perror(path);
        exit(2);
    }
    fclose(f);
}

static size_t read_file(const char *path, uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(data, 1, len, f);
    fclose(f);
    return n;
}

static void fill_pattern(uint8_t *p, size_t len)
{
    for (size_t k = 0; k < len; k++)
        p[k] = (uint8_t)(k * 7 + k / BLOCK_SECTOR);
}

static void test_raw(const char *img, const uint8_t *pattern)
{
    char err[256] = "";
    struct block *b = block_open(img, 0, err, sizeof err);
    CHECK(b != NULL);
    if (!b)
        return;
    CHECK_EQ(block_size(b), IMAGE_BYTES);
    CHECK(!block_is_read_only(b));
    uint8_t buf[2 * BLOCK_SECTOR];
    CHECK_EQ(block_read(b, 5 * BLOCK_SECTOR, buf, sizeof buf), 0);
    CHECK(memcmp(buf, pattern + 5 * BLOCK_SECTOR, sizeof buf) == 0);
    memset(buf, 0xA5, sizeof buf);
    CHECK_EQ(block_write(b, 9 * BLOCK_SECTOR, buf, sizeof buf), 0);
    CHECK_EQ(block_flush(b), 0);
    /* Range and alignment are checked before the host is asked. */
    CHECK_EQ(block_read(b, IMAGE_BYTES - BLOCK_SECTOR, buf, sizeof buf), -EINVAL);
    CHECK_EQ(block_read(b, 100, buf, BLOCK_SECTOR), -EINVAL);
    CHECK_EQ(block_write(b, (uint64_t)-512, buf, BLOCK_SECTOR), -EINVAL);
    block_close(b);

    static uint8_t file[IMAGE_BYTES];
    CHECK_EQ(read_file(img, file, sizeof file), IMAGE_BYTES);
    CHECK(memcmp(file, pattern, 9 * BLOCK_SECTOR) == 0);
    CHECK(file[9 * BLOCK_SECTOR] == 0xA5 && file[11 * BLOCK_SECTOR - 1] == 0xA5);
    CHECK(memcmp(file + 11 * BLOCK_SECTOR, pattern + 11 * BLOCK_SECTOR, IMAGE_BYTES - 11 * BLOCK_SECTOR) == 0);

    b = block_open(img, BLOCK_READ_ONLY, err, sizeof err);
    CHECK(b && block_is_read_only(b));
    if (b) {
        CHECK_EQ(block_write(b, 0, buf, BLOCK_SECTOR), -EROFS);
        block_close(b);
    }
}

/* A child process stands in for a second x86pc. */
static int other_process_opens(const char *img, unsigned flags)
{
    pid_t pid = fork();
    if (pid == 0) {
        char err[256];
        struct block *b = block_open(img, flags, err, sizeof err);
        _exit(b ? 0 : strstr(err, "image is in use by another process") ? 3 : 4);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_lock(const char *img)
{
    char err[256] = "";
    struct block *w = block_open(img, 0, err, sizeof err);
    CHECK(w != NULL);
    struct block *second = block_open(img, 0, err, sizeof err);
    CHECK(second == NULL);
    CHECK(strstr(err, "image is in use by another process") != NULL);
    CHECK(strstr(err, img) != NULL);
    CHECK_EQ(other_process_opens(img, 0), 3);
    CHECK_EQ(other_process_opens(img, BLOCK_READ_ONLY), 3);    /* a reader must not see a half-written image */
    CHECK_EQ(other_process_opens(img, BLOCK_SNAPSHOT), 3);
    block_close(w);
    CHECK_EQ(other_process_opens(img, 0), 0);                   /* the lock went with the close */

    /* Readers share. */
    struct block *r1 = block_open(img, BLOCK_READ_ONLY, err, sizeof err);
    struct block *r2 = block_open(img, BLOCK_SNAPSHOT, err, sizeof err);
    CHECK(r1 != NULL && r2 != NULL);
    CHECK_EQ(other_process_opens(img, 0), 3);
    block_close(r1);
    block_close(r2);
}

static void test_snapshot(const char *img)
{
    static uint8_t before[IMAGE_BYTES], after[IMAGE_BYTES], expect[IMAGE_BYTES], got[IMAGE_BYTES];
    CHECK_EQ(read_file(img, before, sizeof before), IMAGE_BYTES);
    char err[256] = "";
    struct block *b = block_open(img, BLOCK_SNAPSHOT, err, sizeof err);
    CHECK(b != NULL);
    if (!b)
        return;
    CHECK(!block_is_read_only(b));
    memcpy(expect, before, sizeof expect);
    uint8_t buf[3 * BLOCK_SECTOR];
    memset(buf, 0x11, sizeof buf);
    CHECK_EQ(block_write(b, 3 * BLOCK_SECTOR, buf, BLOCK_SECTOR), 0);
    memcpy(expect + 3 * BLOCK_SECTOR, buf, BLOCK_SECTOR);
    memset(buf, 0x22, sizeof buf);
    CHECK_EQ(block_write(b, 60 * BLOCK_SECTOR, buf, sizeof buf), 0);
    memcpy(expect + 60 * BLOCK_SECTOR, buf, sizeof buf);
    memset(buf, 0x33, sizeof buf);
    CHECK_EQ(block_write(b, 4 * BLOCK_SECTOR, buf, BLOCK_SECTOR), 0);   /* a second write to the overlay */
    memset(buf, 0x44, sizeof buf);
    CHECK_EQ(block_write(b, 4 * BLOCK_SECTOR, buf, BLOCK_SECTOR), 0);
    memcpy(expect + 4 * BLOCK_SECTOR, buf, BLOCK_SECTOR);
    /* Reads mix overlay and image sectors. */
    CHECK_EQ(block_read(b, 0, got, IMAGE_BYTES), 0);
    CHECK(memcmp(got, expect, IMAGE_BYTES) == 0);
    CHECK_EQ(block_read(b, 2 * BLOCK_SECTOR, got, 3 * BLOCK_SECTOR), 0);
    CHECK(memcmp(got, expect + 2 * BLOCK_SECTOR, 3 * BLOCK_SECTOR) == 0);
    CHECK_EQ(block_flush(b), 0);
    block_close(b);
    CHECK_EQ(read_file(img, after, sizeof after), IMAGE_BYTES);
    CHECK(memcmp(before, after, IMAGE_BYTES) == 0);
    /* A read-only snapshot stays read-only. */
    b = block_open(img, BLOCK_SNAPSHOT | BLOCK_READ_ONLY, err, sizeof err);
    CHECK(b && block_is_read_only(b));
    if (b) {
        CHECK_EQ(block_write(b, 0, buf, BLOCK_SECTOR), -EROFS);
        block_close(b);
    }
}

static void test_errors(void)
{
    char path[512], err[256];
    path_of(path, sizeof path, "missing.img");
    err[0] = 0;
    CHECK(block_open(path, 0, err, sizeof err) == NULL);
    CHECK(strstr(err, path) != NULL && strstr(err, "No such file") != NULL);

    path_of(path, sizeof path, "three.img");
    write_file(path, (const uint8_t *)"abc", 3);
    err[0] = 0;
    CHECK(block_open(path, 0, err, sizeof err) == NULL);
    CHECK(strstr(err, path) != NULL && strstr(err, "3 bytes") != NULL);
    CHECK(block_open(path, BLOCK_SNAPSHOT, err, sizeof err) == NULL);
    unlink(path);

    path_of(path, sizeof path, "empty.img");
    write_file(path, (const uint8_t *)"", 0);
    err[0] = 0;
    CHECK(block_open(path, BLOCK_READ_ONLY, err, sizeof err) == NULL);
    CHECK(strstr(err, "empty") != NULL);
    unlink(path);

    err[0] = 0;
    CHECK(block_open(dir, BLOCK_READ_ONLY, err, sizeof err) == NULL);
    CHECK(err[0] != 0);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/x86pc-test-block-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 2;
    }
    char img[512];
    path_of(img, sizeof img, "disk.img");
    static uint8_t pattern[IMAGE_BYTES];
    fill_pattern(pattern, sizeof pattern);
    write_file(img, pattern, sizeof pattern);

    test_raw(img, pattern);
    test_lock(img);
    test_snapshot(img);
    test_errors();

    unlink(img);
    rmdir(dir);
    return unit_done();
}
