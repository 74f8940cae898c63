/* The snapshot file container: a header, then named, versioned sections, each with CRC-32 checksums, the payload
 * compressed (zlib, or zero runs without it). Everything is little-endian, so a file moves between hosts of
 * either byte order. What the sections hold is devices/snapshot.c's business.
 *
 *   header   "X86PCSNP", u32 format version, u32 flags (0), u64 reserved (0), u32 CRC-32 of the 24 bytes before
 *   section  u16 name length, name, u16 version, u16 flags (1 = zlib; 2 = zero runs, used without zlib: records
 *            of u32 zero count, u32 literal count, the literal bytes), u64 stored length, u64 raw length,
 *            u32 CRC-32 of the raw payload, u32 CRC-32 of this header's bytes before it, then the stored payload
 *   ...      the last section is "end" with an empty payload: a file without it is truncated
 *
 * A reader loads and checks the whole file (every length, checksum and decompression) before anyone looks at a
 * section, so a truncated, corrupt or foreign file is refused with one line and nothing else happens. */
#ifndef X86PC_DEVICES_SNAPSHOT_FILE_H
#define X86PC_DEVICES_SNAPSHOT_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum { SNAPSHOT_FORMAT_VERSION = 1, SNAPSHOT_NAME_MAX = 63 };

/* CRC-32 (IEEE 802.3, the one zlib and PNG use); start with crc = 0. */
uint32_t snapshot_crc32(uint32_t crc, const void *data, size_t len);

/* A growable byte buffer that section payloads are built in. An allocation failure sticks in `failed`. */
struct snap_buf {
    uint8_t *data;
    size_t len, cap;
    int failed;
};
uint8_t *sbuf_reserve(struct snap_buf *b, size_t n);      /* n more bytes at the end, or NULL */
void sbuf_bytes(struct snap_buf *b, const void *p, size_t n);
void sbuf_u8(struct snap_buf *b, uint8_t v);
void sbuf_u16(struct snap_buf *b, uint16_t v);
void sbuf_u32(struct snap_buf *b, uint32_t v);
void sbuf_u64(struct snap_buf *b, uint64_t v);
void sbuf_str(struct snap_buf *b, const char *s);          /* u8 length, then the bytes (at most 255) */
void sbuf_free(struct snap_buf *b);

/* Reading a payload: every get checks the length; running past the end sets `bad` and yields zeros. */
struct snap_cursor {
    const uint8_t *p;
    size_t len, pos;
    int bad;
};
uint8_t scur_u8(struct snap_cursor *c);
uint16_t scur_u16(struct snap_cursor *c);
uint32_t scur_u32(struct snap_cursor *c);
uint64_t scur_u64(struct snap_cursor *c);
const uint8_t *scur_bytes(struct snap_cursor *c, size_t n);   /* NULL (and bad) when fewer remain */
int scur_str(struct snap_cursor *c, char *out, size_t outlen);  /* 0, or -1 (bad) */

/* Writing: sections go to PATH.tmp, which replaces PATH only when the whole file was written. */
struct snap_writer {
    FILE *f;
    char *path, *tmp_path;
    int failed;
};
int snapw_open(struct snap_writer *w, const char *path, char *err, size_t errlen);
/* Appends a section; compress asks for zlib (ignored in a build without it). */
int snapw_section(struct snap_writer *w, const char *name, uint16_t version, const struct snap_buf *payload,
                  int compress, char *err, size_t errlen);
/* Writes the end marker and puts the file in place; on failure removes the temporary file. */
int snapw_close(struct snap_writer *w, char *err, size_t errlen);
void snapw_abort(struct snap_writer *w);

struct snap_section {
    char name[SNAPSHOT_NAME_MAX + 1];
    uint16_t version;
    const uint8_t *data;         /* the raw (decompressed) payload */
    size_t len;
    uint8_t *owned;              /* the decompressed copy, when the stored payload was compressed */
};
struct snap_file {
    uint8_t *bytes;
    size_t size;
    struct snap_section *sec;
    unsigned n;
};
/* Loads and checks a whole file. On failure returns -1 with a one-line reason ("PATH: ...") in err. */
int snapf_read(struct snap_file *f, const char *path, char *err, size_t errlen);
const struct snap_section *snapf_find(const struct snap_file *f, const char *name);
void snapf_free(struct snap_file *f);

#endif
