/* Snapshots in one process: the file container (CRC-32, every corrupted byte and every truncation refused), the
 * CPU state's byte layout (the same bytes on every host: this test runs under the s390x cross build too), whole
 * machine round trips that end in equal state hashes, refusals that leave the machine untouched, and the disk
 * part (-snapshot overlays restored, images never written, changed images refused). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/cpu_state.h"
#include "devices/pc.h"
#include "devices/snapshot.h"
#include "devices/state.h"
#include "mem/endian.h"
#include "tests/unit/unit.h"

/* FNV-1a of the CPU state test_cpu_layout builds, as written by x86pc on x86-64 (CPU_STATE_VERSION 1). */
#define GOLDEN_CPU_STATE_HASH 0xfbc688cb07baeb8bull

static char tmp_dir[] = "/tmp/x86pc-snapshot-XXXXXX";

static void tmp_path(char *out, size_t len, const char *name)
{
    snprintf(out, len, "%s/%s", tmp_dir, name);
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
    *len = buf ? fread(buf, 1, (size_t)n, f) : 0;
    fclose(f);
    return buf;
}

static void write_file(const char *path, const uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(data, 1, len, f);
        fclose(f);
    }
}

/* The check value of CRC-32/ISO-HDLC (the CRC of zlib and PNG) from the CRC catalogue: "123456789" -> cbf43926. */
static void test_crc(void)
{
    CHECK_EQ(snapshot_crc32(0, "123456789", 9), 0xcbf43926u);
    CHECK_EQ(snapshot_crc32(snapshot_crc32(0, "1234", 4), "56789", 5), 0xcbf43926u);
}

static void write_sample(const char *path)
{
    struct snap_writer w;
    struct snap_buf a = { 0 }, b = { 0 };
    char err[256];
    sbuf_u32(&a, 0x11223344);
    sbuf_str(&a, "abc");
    for (unsigned k = 0; k < 300; k++)
        sbuf_u8(&b, (uint8_t)(k / 50));           /* compressible when zlib is there */
    CHECK(snapw_open(&w, path, err, sizeof err) == 0);
    CHECK(snapw_section(&w, "alpha", 3, &a, 0, err, sizeof err) == 0);
    CHECK(snapw_section(&w, "beta", 7, &b, 1, err, sizeof err) == 0);
    CHECK(snapw_close(&w, err, sizeof err) == 0);
    sbuf_free(&a);
    sbuf_free(&b);
}

/* Whether a file reads as the sample: a change inside a compressed stream may leave the content as it was (deflate
 * has bits that do not matter), which is no corruption. */
static int reads_as_sample(const struct snap_file *f)
{
    const struct snap_section *a = snapf_find(f, "alpha"), *b = snapf_find(f, "beta");
    return f->n == 2 && a && b && a->version == 3 && b->version == 7 && a->len == 8 && ld32(a->data) == 0x11223344 &&
           b->len == 300 && b->data[0] == 0 && b->data[299] == 5;
}

/* Every single-bit change and every truncation of a container is refused (or changes nothing). */
static void test_container(void)
{
    char path[256], bad[256], err[256];
    tmp_path(path, sizeof path, "sample.snap");
    tmp_path(bad, sizeof bad, "bad.snap");
    write_sample(path);
    struct snap_file f;
    CHECK(snapf_read(&f, path, err, sizeof err) == 0);
    const struct snap_section *s = snapf_find(&f, "alpha");
    CHECK(s && s->version == 3 && s->len == 8 && ld32(s->data) == 0x11223344 && memcmp(s->data + 4, "\3abc", 4) == 0);
    s = snapf_find(&f, "beta");
    CHECK(s && s->version == 7 && s->len == 300 && s->data[299] == 5);
    CHECK(snapf_find(&f, "gamma") == NULL);
    snapf_free(&f);

    size_t len;
    uint8_t *good = read_file(path, &len);
    unsigned accepted = 0, truncations_accepted = 0;
    for (size_t k = 0; good && k < len; k++) {
        for (int bit = 0; bit < 8; bit += 3) {
            good[k] ^= (uint8_t)(1u << bit);
            write_file(bad, good, len);
            good[k] ^= (uint8_t)(1u << bit);
            if (snapf_read(&f, bad, err, sizeof err) == 0) {
                accepted += !reads_as_sample(&f);
                snapf_free(&f);
            }
        }
        write_file(bad, good, k);
        if (snapf_read(&f, bad, err, sizeof err) == 0) {
            truncations_accepted++;
            snapf_free(&f);
        }
    }
    CHECK(good != NULL);
    CHECK_EQ(accepted, 0);
    CHECK_EQ(truncations_accepted, 0);
    /* the reasons are one readable line */
    write_file(bad, good, 20);
    CHECK(snapf_read(&f, bad, err, sizeof err) < 0 && strstr(err, "truncated"));
    write_file(bad, (const uint8_t *)"not a snapshot at all\n", 22);
    CHECK(snapf_read(&f, bad, err, sizeof err) < 0 && strstr(err, "not an x86pc snapshot"));
    st32(good + 8, 99);                          /* a future format version, with a valid header checksum */
    st32(good + 24, snapshot_crc32(0, good, 24));
    write_file(bad, good, len);
    CHECK(snapf_read(&f, bad, err, sizeof err) < 0 && strstr(err, "format version 99"));
    CHECK(snapf_read(&f, "/nonexistent/x.snap", err, sizeof err) < 0 && strstr(err, "/nonexistent/x.snap"));
    free(good);
}

/* The CPU section's bytes: little-endian fields in a fixed order, identical on every host. */
static void test_cpu_layout(void)
{
    struct phys phys;
    struct ports ports;
    CHECK(phys_init(&phys, 1 << 20) == 0);
    ports_init(&ports);
    struct cpu *c = cpu_create(&phys, &ports);
    struct cpu *d = cpu_create(&phys, &ports);
    for (unsigned r = 0; r < 8; r++)
        c->gpr[r] = 0x11223344u * (r + 1);
    c->eip = 0xdeadbeefu;
    c->cr3 = 0x00abc000u;
    c->icount = 0x0102030405060708ull;
    c->halted_insns = 5;
    c->mtrr_var[15] = 0x8877665544332211ull;
    size_t n = cpu_state_size();
    uint8_t *bytes = malloc(n);
    char err[256];
    cpu_state_save(c, bytes);
    CHECK_EQ(ld32(bytes), 0x11223344u);
    CHECK(bytes[0] == 0x44 && bytes[1] == 0x33 && bytes[2] == 0x22 && bytes[3] == 0x11);
    CHECK_EQ(ld32(bytes + 32), 0xdeadbeefu);
    /* the whole encoding of this state, as written on x86-64: any host must produce the same bytes */
    CHECK_EQ(n, 657);
    CHECK_EQ(state_hash_bytes(STATE_HASH_INIT, bytes, n), GOLDEN_CPU_STATE_HASH);
    CHECK(cpu_state_load(d, bytes, n, err, sizeof err) == 0);
    CHECK(d->eip == 0xdeadbeefu && d->gpr[7] == 0x11223344u * 8 && d->icount == c->icount && d->cr3 == c->cr3);
    CHECK(d->mtrr_var[15] == c->mtrr_var[15] && d->seg[S_CS].base == 0xffff0000u);
    /* refused: a wrong size, an impossible privilege level; d stays as it was */
    CHECK(cpu_state_load(d, bytes, n - 1, err, sizeof err) < 0);
    /* gprs and eip..lf_aux (52 bytes), 8 segment caches of 23, GDTR and IDTR of 6, 4 CRs, 8 DRs */
    size_t cpl_at = 52 + 8 * 23 + 2 * 6 + 4 * 4 + 8 * 4;
    CHECK_EQ(ld32(bytes + cpl_at), 0);
    st32(bytes + cpl_at, 7);
    d->eip = 1;
    CHECK(cpu_state_load(d, bytes, n, err, sizeof err) < 0 && strstr(err, "privilege"));
    CHECK_EQ(d->eip, 1);
    free(bytes);
    cpu_destroy(c);
    cpu_destroy(d);
    phys_free(&phys);
}

static struct pc *make_pc(uint32_t ram_mb, const char *hda, int overlay)
{
    struct pc_config cfg;
    char err[512];
    pc_config_defaults(&cfg);
    cfg.ram_mb = ram_mb;
    cfg.display = DISPLAY_NONE;
    cfg.rtc_base = 1577836800;                   /* 2020-01-01 */
    cfg.jitter = 1;
    cfg.jitter_seed = 42;
    cfg.hda = hda;
    cfg.snapshot = overlay;
    struct pc *pc = pc_create(&cfg, err, sizeof err);
    if (!pc)
        fprintf(stderr, "pc_create: %s\n", err);
    return pc;
}

static void run_to(struct pc *pc, uint64_t insns)
{
    while (pc_instructions(pc) < insns && pc_run_slice(pc, insns - pc_instructions(pc)) == PC_EXIT_NONE)
        continue;
}

/* The built-in BIOS's POST (timers, the RTC, the keyboard controller, disk probing): saved half-way, continued in
 * a second machine and in the first one again, it ends in the same state. */
static void test_machine_round_trip(void)
{
    char path[256], err[512];
    tmp_path(path, sizeof path, "machine.snap");
    struct pc *a = make_pc(16, NULL, 0), *b = make_pc(16, NULL, 0);
    CHECK(a && b);
    if (!a || !b)
        return;
    run_to(a, 400000);
    uint64_t at_save = pc_state_hash(a);
    CHECK(pc_snapshot_save(a, path, err, sizeof err) == 0);
    run_to(a, 1500000);
    uint64_t straight = pc_state_hash(a);
    CHECK(pc_snapshot_load(b, path, err, sizeof err) == 0);
    CHECK_EQ(pc_state_hash(b), at_save);
    run_to(b, 1500000);
    CHECK_EQ(pc_state_hash(b), straight);
    /* back in time in the same machine, and forward again */
    CHECK(pc_snapshot_load(a, path, err, sizeof err) == 0);
    CHECK_EQ(pc_state_hash(a), at_save);
    run_to(a, 1500000);
    CHECK_EQ(pc_state_hash(a), straight);

    /* refusals change nothing */
    size_t len;
    uint8_t *good = read_file(path, &len);
    char bad[256];
    tmp_path(bad, sizeof bad, "machine-bad.snap");
    uint8_t *cpu = NULL;                         /* the CPU section's header: u16 name length 3, "cpu" */
    for (size_t k = 0; good && !cpu && k + 5 <= len; k++)
        if (memcmp(good + k, "\3\0cpu", 5) == 0)
            cpu = good + k;
    CHECK(cpu != NULL);
    if (!cpu) {
        free(good);
        return;
    }
    cpu[5 + 28 + 40] ^= 0x10;                    /* inside the (uncompressed) CPU state */
    write_file(bad, good, len);
    CHECK(pc_snapshot_load(a, bad, err, sizeof err) < 0 && strstr(err, "corrupt"));
    cpu[5 + 28 + 40] ^= 0x10;
    write_file(bad, good, len / 3);
    CHECK(pc_snapshot_load(a, bad, err, sizeof err) < 0 && strstr(err, "truncated"));
    CHECK_EQ(pc_state_hash(a), straight);
    free(good);
    struct pc *other = make_pc(32, NULL, 0);
    uint64_t other_hash = other ? pc_state_hash(other) : 0;
    CHECK(other && pc_snapshot_load(other, path, err, sizeof err) < 0 && strstr(err, "-m 16"));
    CHECK(other && pc_state_hash(other) == other_hash);
    pc_destroy(other);
    pc_destroy(a);
    pc_destroy(b);
}

static void fill_image(const char *path, unsigned sectors)
{
    uint8_t *data = malloc((size_t)sectors * 512);
    for (size_t k = 0; k < (size_t)sectors * 512; k++)
        data[k] = (uint8_t)(k * 7 + k / 512);
    write_file(path, data, (size_t)sectors * 512);
    free(data);
}

static int sector_is(struct block *b, unsigned sector, uint8_t value)
{
    uint8_t buf[512];
    if (block_read(b, (uint64_t)sector * 512, buf, 512) < 0)
        return 0;
    for (unsigned k = 0; k < 512; k++)
        if (buf[k] != value)
            return 0;
    return 1;
}

/* A -snapshot overlay's changes go into the snapshot and come back; the image itself is never written. */
static void test_disks(void)
{
    char img[256], err[512];
    tmp_path(img, sizeof img, "disk.img");
    fill_image(img, 300);
    size_t img_len;
    uint8_t *original = read_file(img, &img_len);
    struct block *ov = block_open(img, BLOCK_SNAPSHOT, err, sizeof err);
    CHECK(ov != NULL);
    if (!ov)
        return;
    struct snapshot_disk d = { "hda", ov, img, 1 };
    uint8_t s1[512], s2[512];
    memset(s1, 0xa1, sizeof s1);
    memset(s2, 0xb2, sizeof s2);
    block_write(ov, 5 * 512, s1, 512);
    block_write(ov, 6 * 512, s1, 512);
    block_write(ov, 200 * 512, s1, 512);
    struct snap_buf buf = { 0 };
    CHECK(snapshot_disk_save(&d, &buf, err, sizeof err) == 0);
    CHECK_EQ(ld64(buf.data + 17), 2);            /* runs: sectors 5-6 and 200 */
    struct snap_section sec = { "disk:hda", 1, buf.data, buf.len, NULL };
    /* changes after the save: undone by the load, through the overlay */
    block_write(ov, 5 * 512, s2, 512);
    block_write(ov, 7 * 512, s2, 512);
    CHECK(snapshot_disk_check(&d, &sec, err, sizeof err) == 0);
    CHECK(snapshot_disk_apply(&d, &sec, err, sizeof err) == 0);
    CHECK(sector_is(ov, 5, 0xa1) && sector_is(ov, 6, 0xa1) && sector_is(ov, 200, 0xa1));
    uint8_t base7[512], view7[512];
    memcpy(base7, original + 7 * 512, 512);
    CHECK(block_read(ov, 7 * 512, view7, 512) == 0 && memcmp(base7, view7, 512) == 0);
    block_close(ov);
    size_t now_len;
    uint8_t *now = read_file(img, &now_len);
    CHECK(now && now_len == img_len && memcmp(now, original, img_len) == 0);
    free(now);
    /* without -snapshot the changes cannot be loaded, since loading never writes an image */
    struct block *raw = block_open(img, 0, err, sizeof err);
    struct snapshot_disk r = { "hda", raw, img, 0 };
    CHECK(raw && snapshot_disk_check(&r, &sec, err, sizeof err) < 0 && strstr(err, "-snapshot"));
    /* a disk saved without changes loads as long as the image is the same, and not after it changed */
    struct snap_buf plain = { 0 };
    CHECK(raw && snapshot_disk_save(&r, &plain, err, sizeof err) == 0);
    struct snap_section psec = { "disk:hda", 1, plain.data, plain.len, NULL };
    CHECK(raw && snapshot_disk_check(&r, &psec, err, sizeof err) == 0);
    if (raw)
        block_write(raw, 9 * 512, s2, 512);
    CHECK(raw && snapshot_disk_check(&r, &psec, err, sizeof err) < 0 && strstr(err, "changed"));
    block_close(raw);
    sbuf_free(&plain);
    sbuf_free(&buf);
    free(original);
}

/* A machine with a disk under -snapshot: the snapshot names the disk, and a machine without it refuses. */
static void test_machine_with_disk(void)
{
    char img[256], path[256], err[512];
    tmp_path(img, sizeof img, "hd.img");
    tmp_path(path, sizeof path, "hd.snap");
    fill_image(img, 2048);
    struct pc *a = make_pc(16, img, 1), *b = make_pc(16, img, 1), *none = make_pc(16, NULL, 0);
    CHECK(a && b && none);
    if (a && b && none) {
        run_to(a, 300000);
        CHECK(pc_snapshot_save(a, path, err, sizeof err) == 0);
        run_to(a, 1000000);
        CHECK(pc_snapshot_load(b, path, err, sizeof err) == 0);
        run_to(b, 1000000);
        CHECK_EQ(pc_state_hash(b), pc_state_hash(a));
        CHECK(pc_snapshot_load(none, path, err, sizeof err) < 0);
    }
    pc_destroy(a);
    pc_destroy(b);
    pc_destroy(none);
}

int main(void)
{
    if (!mkdtemp(tmp_dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_crc();
    test_container();
    test_cpu_layout();
    test_machine_round_trip();
    test_disks();
    test_machine_with_disk();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp_dir);
    return unit_done();
}
