/* The ATAPI CD-ROM packet commands (see atapi.h), after SCSI SPC/MMC: what a CD-ROM drive answers to each
 * command, its sense data, and the unit attention and media events that a disc change produces.
 *
 * All multi-byte fields of packets and replies are big-endian (SCSI order), built here byte by byte. */
#include "devices/atapi.h"

#include <stdio.h>
#include <string.h>

enum {
    CMD_TEST_UNIT_READY = 0x00, CMD_REQUEST_SENSE = 0x03, CMD_INQUIRY = 0x12, CMD_START_STOP = 0x1b,
    CMD_PREVENT_ALLOW = 0x1e, CMD_READ_CAPACITY = 0x25, CMD_READ10 = 0x28, CMD_SEEK10 = 0x2b,
    CMD_READ_TOC = 0x43, CMD_GET_CONFIGURATION = 0x46, CMD_GET_EVENT_STATUS = 0x4a,
    CMD_READ_DISC_INFO = 0x51, CMD_MODE_SENSE10 = 0x5a, CMD_READ12 = 0xa8, CMD_SET_CD_SPEED = 0xbb,
};

/* Additional sense codes. */
enum {
    ASC_INVALID_OPCODE = 0x20, ASC_LBA_OUT_OF_RANGE = 0x21, ASC_INVALID_FIELD = 0x24,
    ASC_MEDIUM_CHANGED = 0x28, ASC_SAVING_NOT_SUPPORTED = 0x39, ASC_NO_MEDIUM = 0x3a, ASC_READ_ERROR = 0x11,
    ASC_REMOVAL_PREVENTED = 0x53,
};

enum { EVENT_NONE = 0, EVENT_EJECT_REQUEST = 1, EVENT_NEW_MEDIA = 2, EVENT_MEDIA_REMOVAL = 3 };
enum { PROFILE_CDROM = 0x0008 };
enum { LEAD_IN_FRAMES = 150 };  /* LBA 0 is MSF 00:02:00 */

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | p[2] << 8 | p[3]; }
static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v);
}

/* An address in a TOC: LBA, or MSF as 0, minutes, seconds, frames. */
static void put_address(uint8_t *p, uint32_t lba, int msf)
{
    if (!msf) {
        put32(p, lba);
        return;
    }
    uint32_t f = lba + LEAD_IN_FRAMES;
    p[0] = 0;
    p[1] = (uint8_t)(f / (60 * 75));
    p[2] = (uint8_t)(f / 75 % 60);
    p[3] = (uint8_t)(f % 75);
}

static int fail(struct atapi *a, uint8_t key, uint8_t asc, uint8_t ascq)
{
    a->sense_key = key;
    a->asc = asc;
    a->ascq = ascq;
    return -1;
}

static int disc_ready(const struct atapi *a)
{
    return a->blk && !a->tray_open;
}

static int not_ready(struct atapi *a)
{
    return fail(a, SENSE_NOT_READY, ASC_NO_MEDIUM, a->tray_open ? 0x02 : 0x01);
}

void atapi_init(struct atapi *a)
{
    memset(a, 0, sizeof *a);
}

void atapi_reset(struct atapi *a)
{
    a->sense_key = a->asc = a->ascq = 0;
    a->locked = 0;
}

int atapi_insert(struct atapi *a, struct block *blk, char *err, size_t errlen)
{
    uint64_t size = block_size(blk);
    if (size % ATAPI_SECTOR || size / ATAPI_SECTOR > UINT32_MAX) {
        snprintf(err, errlen, "CD-ROM image size %llu bytes is not a whole number of 2048-byte sectors",
                 (unsigned long long)size);
        return -1;
    }
    atapi_eject(a);
    a->blk = blk;
    a->sectors = (uint32_t)(size / ATAPI_SECTOR);
    a->tray_open = 0;
    a->unit_attention = 1;
    a->media_event = EVENT_NEW_MEDIA;
    return 0;
}

void atapi_eject(struct atapi *a)
{
    if (!a->blk)
        return;
    block_close(a->blk);
    a->blk = NULL;
    a->sectors = 0;
    a->locked = 0;
    a->media_event = EVENT_MEDIA_REMOVAL;
}

int atapi_read(struct atapi *a, uint32_t lba, uint32_t count, uint8_t *buf)
{
    if (!disc_ready(a))
        return not_ready(a);
    if (block_read(a->blk, (uint64_t)lba * ATAPI_SECTOR, buf, (size_t)count * ATAPI_SECTOR) < 0)
        return fail(a, SENSE_MEDIUM_ERROR, ASC_READ_ERROR, 0);
    return 0;
}

/* ---- commands ---- */

static void reply(struct atapi_reply *r, uint32_t len, uint32_t alloc)
{
    r->len = len < alloc ? len : alloc;
}

static int request_sense(struct atapi *a, const uint8_t *p, uint8_t *buf, struct atapi_reply *r)
{
    memset(buf, 0, 18);
    buf[0] = 0x70;               /* current error, fixed format */
    buf[2] = a->sense_key;
    buf[7] = 10;                 /* additional length */
    buf[12] = a->asc;
    buf[13] = a->ascq;
    reply(r, 18, p[4]);
    a->sense_key = a->asc = a->ascq = 0;   /* reported once */
    return 0;
}

static void put_padded(uint8_t *p, const char *s, size_t n)
{
    memset(p, ' ', n);
    memcpy(p, s, strlen(s) < n ? strlen(s) : n);
}

static int inquiry(const uint8_t *p, uint8_t *buf, struct atapi_reply *r)
{
    memset(buf, 0, 36);
    buf[0] = 0x05;               /* CD/DVD device */
    buf[1] = 0x80;               /* removable medium */
    buf[2] = 0x00;               /* no claim to a SCSI version, as ATAPI drives answer */
    buf[3] = 0x21;               /* ATAPI transport version 2, response data format 1 */
    buf[4] = 31;                 /* additional length */
    put_padded(buf + 8, "x86pc", 8);
    put_padded(buf + 16, "x86pc CD-ROM", 16);
    put_padded(buf + 32, "1.0", 4);
    reply(r, 36, be16(p + 3));
    return 0;
}

static int read_capacity(struct atapi *a, uint8_t *buf, struct atapi_reply *r)
{
    if (!disc_ready(a))
        return not_ready(a);
    put32(buf, a->sectors - 1);  /* the last LBA */
    put32(buf + 4, ATAPI_SECTOR);
    reply(r, 8, 8);
    return 0;
}

static int read_sectors(struct atapi *a, uint32_t lba, uint32_t count, struct atapi_reply *r)
{
    if (!disc_ready(a))
        return not_ready(a);
    if (lba > a->sectors || count > a->sectors - lba)
        return fail(a, SENSE_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE, 0);
    r->from_disc = count != 0;
    r->lba = lba;
    r->count = count;
    r->len = count * ATAPI_SECTOR;
    return 0;
}

/* One data track from LBA 0, and the lead-out after it. */
static int read_toc(struct atapi *a, const uint8_t *p, uint8_t *buf, struct atapi_reply *r)
{
    if (!disc_ready(a))
        return not_ready(a);
    int msf = (p[1] & 0x02) != 0;
    unsigned format = p[2] & 0x0f, start = p[6];
    if (format == 0 && p[9] >> 6)
        format = p[9] >> 6;      /* the older place for the format, in the control byte */
    uint32_t len = 4;
    buf[2] = 1;                  /* first track (format 0) or session (format 1) */
    buf[3] = 1;
    if (format == 0) {
        if (start > 1 && start != 0xaa)
            return fail(a, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
        if (start <= 1) {
            memset(buf + len, 0, 8);
            buf[len + 1] = 0x14;                    /* ADR 1, data track */
            buf[len + 2] = 1;
            put_address(buf + len + 4, 0, msf);
            len += 8;
        }
        memset(buf + len, 0, 8);
        buf[len + 1] = 0x14;
        buf[len + 2] = 0xaa;                        /* lead-out */
        put_address(buf + len + 4, a->sectors, msf);
        len += 8;
    } else if (format == 1) {
        memset(buf + len, 0, 8);                    /* the last session's first track */
        buf[len + 1] = 0x14;
        buf[len + 2] = 1;
        put_address(buf + len + 4, 0, msf);
        len += 8;
    } else {
        return fail(a, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
    }
    put16(buf, len - 2);
    reply(r, len, be16(p + 7));
    return 0;
}

/* Mode pages: read error recovery (01h) and the CD capabilities and mechanical status page (2Ah). Asked for
 * the changeable values, a page shows none. */
static uint32_t mode_page(const struct atapi *a, unsigned page, int changeable, uint8_t *p)
{
    if (page == 0x01) {
        memset(p, 0, 8);
        p[0] = 0x01;
        p[1] = 6;
        p[3] = changeable ? 0 : 5;   /* read retry count */
        return 8;
    }
    if (changeable) {
        memset(p, 0, 22);
        p[0] = 0x2a;
        p[1] = 20;
        return 22;
    }
    memset(p, 0, 22);
    p[0] = 0x2a;
    p[1] = 20;
    p[2] = 0x03;                 /* reads CD-R and CD-RW */
    p[4] = 0x71;                 /* audio play, mode 2 form 1 and 2, multi-session */
    p[5] = 0x00;
    p[6] = (uint8_t)(0x29 | (a->locked ? 0x02 : 0));   /* tray, eject, lock (and its state) */
    put16(p + 8, 706);           /* maximum speed, kB/s (4x) */
    put16(p + 10, 256);          /* volume levels */
    put16(p + 12, 512);          /* buffer, kB */
    put16(p + 14, 706);          /* current speed */
    return 22;
}

static int mode_sense(struct atapi *a, const uint8_t *p, uint8_t *buf, struct atapi_reply *r)
{
    unsigned control = p[2] >> 6, page = p[2] & 0x3f;
    if (control == 3)
        return fail(a, SENSE_ILLEGAL_REQUEST, ASC_SAVING_NOT_SUPPORTED, 0);
    if (page != 0x01 && page != 0x2a && page != 0x3f)
        return fail(a, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
    memset(buf, 0, 8);
    buf[2] = disc_ready(a) ? 0x01 : 0x70;   /* medium type: 120 mm data CD, or door closed without a disc */
    uint32_t len = 8;
    if (page == 0x01 || page == 0x3f)
        len += mode_page(a, 0x01, control == 1, buf + len);
    if (page == 0x2a || page == 0x3f)
        len += mode_page(a, 0x2a, control == 1, buf + len);
    put16(buf, len - 2);
    reply(r, len, be16(p + 7));
    return 0;
}

/* One feature descriptor: code, version/persistent/current byte, and its additional data. */
static uint32_t feature(uint8_t *p, uint16_t code, uint8_t flags, const uint8_t *data, uint8_t n)
{
    put16(p, code);
    p[2] = flags;
    p[3] = n;
    memcpy(p + 4, data, n);
    return 4u + n;
}

static int get_configuration(struct atapi *a, const uint8_t *p, uint8_t *buf, struct atapi_reply *r)
{
    unsigned rt = p[1] & 3, start = be16(p + 2);
    int cur = disc_ready(a);
    uint8_t profiles[4] = { 0, PROFILE_CDROM, (uint8_t)(cur ? 1 : 0), 0 };
    uint8_t core[8] = { 0, 0, 0, 2, 0, 0, 0, 0 };   /* physical interface: ATAPI */
    uint8_t removable[4] = { 0x29, 0, 0, 0 };       /* tray, eject, lock */
    uint8_t random[8] = { 0, 0, 0x08, 0, 0, 1, 0, 0 };   /* 2048-byte blocks, blocking 1 */
    uint8_t cdread[4] = { 0, 0, 0, 0 };
    struct { uint16_t code; uint8_t flags; const uint8_t *data; uint8_t n; } list[] = {
        { 0x0000, 0x03, profiles, 4 },
        { 0x0001, 0x0b, core, 8 },
        { 0x0003, 0x03, removable, 4 },
        { 0x0010, (uint8_t)(cur ? 0x01 : 0x00), random, 8 },
        { 0x001e, (uint8_t)(cur ? 0x09 : 0x08), cdread, 4 },
    };
    uint32_t len = 8;
    for (size_t k = 0; k < sizeof list / sizeof list[0]; k++) {
        int current = list[k].flags & 1;
        if (list[k].code < start || (rt == 1 && !current) || (rt == 2 && list[k].code != start))
            continue;
        len += feature(buf + len, list[k].code, list[k].flags, list[k].data, list[k].n);
    }
    if (rt == 3)
        return fail(a, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
    put32(buf, len - 4);
    buf[4] = buf[5] = 0;
    put16(buf + 6, cur ? PROFILE_CDROM : 0);
    reply(r, len, be16(p + 7));
    return 0;
}

/* Only polled operation, and only the media class (4). */
static int get_event_status(struct atapi *a, const uint8_t *p, uint8_t *buf, struct atapi_reply *r)
{
    if (!(p[1] & 1))
        return fail(a, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
    buf[3] = 0x10;               /* supported classes: media */
    uint32_t len = 4;
    if (p[4] & 0x10) {
        buf[2] = 4;
        buf[4] = a->media_event;
        buf[5] = (uint8_t)((a->tray_open ? 0x01 : 0) | (a->blk && !a->tray_open ? 0x02 : 0));
        buf[6] = buf[7] = 0;
        a->media_event = EVENT_NONE;
        len = 8;
    } else {
        buf[2] = 0x80;           /* no event available of the requested classes */
    }
    put16(buf, len - 2);
    reply(r, len, be16(p + 7));
    return 0;
}

static int read_disc_info(struct atapi *a, const uint8_t *p, uint8_t *buf, struct atapi_reply *r)
{
    if (!disc_ready(a))
        return not_ready(a);
    if (p[1] & 7)
        return fail(a, SENSE_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
    memset(buf, 0, 34);
    put16(buf, 32);
    buf[2] = 0x0e;               /* last session complete, disc complete */
    buf[3] = 1;                  /* first track */
    buf[4] = 1;                  /* sessions */
    buf[5] = 1;                  /* first and last track of the last session */
    buf[6] = 1;
    buf[8] = 0x00;               /* CD-DA or CD-ROM */
    put32(buf + 16, 0xffffffff); /* no next session */
    put32(buf + 20, 0xffffffff);
    reply(r, 34, be16(p + 7));
    return 0;
}

static int start_stop(struct atapi *a, const uint8_t *p)
{
    int start = p[4] & 1, load_eject = p[4] & 2;
    if (!load_eject)
        return 0;
    if (!start) {
        if (a->locked)
            return fail(a, SENSE_ILLEGAL_REQUEST, ASC_REMOVAL_PREVENTED, 0x02);
        if (!a->tray_open && a->blk)
            a->media_event = EVENT_MEDIA_REMOVAL;
        a->tray_open = 1;
    } else if (a->tray_open) {
        a->tray_open = 0;
        if (a->blk) {
            a->unit_attention = 1;
            a->media_event = EVENT_NEW_MEDIA;
        }
    }
    return 0;
}

/* Commands that a pending unit attention does not hold up (SPC: INQUIRY and REQUEST SENSE; MMC: GET
 * CONFIGURATION and GET EVENT STATUS NOTIFICATION). */
static int bypasses_attention(uint8_t op)
{
    return op == CMD_INQUIRY || op == CMD_REQUEST_SENSE || op == CMD_GET_CONFIGURATION ||
           op == CMD_GET_EVENT_STATUS;
}

int atapi_command(struct atapi *a, const uint8_t *p, uint8_t *buf, struct atapi_reply *r)
{
    memset(r, 0, sizeof *r);
    memset(buf, 0, ATAPI_REPLY_MAX);
    uint8_t op = p[0];
    if (a->unit_attention && !bypasses_attention(op)) {
        a->unit_attention = 0;
        return fail(a, SENSE_UNIT_ATTENTION, ASC_MEDIUM_CHANGED, 0);
    }
    switch (op) {
    case CMD_TEST_UNIT_READY: return disc_ready(a) ? 0 : not_ready(a);
    case CMD_REQUEST_SENSE: return request_sense(a, p, buf, r);
    case CMD_INQUIRY: return inquiry(p, buf, r);
    case CMD_READ_CAPACITY: return read_capacity(a, buf, r);
    case CMD_READ10: return read_sectors(a, be32(p + 2), be16(p + 7), r);
    case CMD_READ12: return read_sectors(a, be32(p + 2), be32(p + 6), r);
    case CMD_SEEK10:
        if (!disc_ready(a))
            return not_ready(a);
        return be32(p + 2) < a->sectors ? 0 : fail(a, SENSE_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE, 0);
    case CMD_READ_TOC: return read_toc(a, p, buf, r);
    case CMD_MODE_SENSE10: return mode_sense(a, p, buf, r);
    case CMD_START_STOP: return start_stop(a, p);
    case CMD_PREVENT_ALLOW:
        a->locked = p[4] & 1;
        return 0;
    case CMD_GET_CONFIGURATION: return get_configuration(a, p, buf, r);
    case CMD_GET_EVENT_STATUS: return get_event_status(a, p, buf, r);
    case CMD_READ_DISC_INFO: return read_disc_info(a, p, buf, r);
    case CMD_SET_CD_SPEED: return 0;
    default: return fail(a, SENSE_ILLEGAL_REQUEST, ASC_INVALID_OPCODE, 0);
    }
}
