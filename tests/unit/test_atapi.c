/* The ATAPI CD-ROM on the secondary IDE channel, with an ISO image built by xorriso (or, without it, a synthetic
 * image with a primary volume descriptor): signature and IDENTIFY PACKET DEVICE, the PACKET protocol (interrupt
 * reason, byte counts in the cylinder registers, DRQ chunks), INQUIRY, READ CAPACITY, READ(10)/(12) of the
 * volume descriptor, READ TOC, MODE SENSE, GET CONFIGURATION, media events, READ DISC INFORMATION, START STOP
 * UNIT and the lock, sense data after errors, an empty drive, and a READ(10) by bus-master DMA. */
#include "devices/ide.h"
#include "tests/unit/unit.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { BASE = 0x170, CTL = 0x376 };
enum { DATA = 0, ERROR = 1, FEATURE = 1, COUNT = 2, LBA0 = 3, LBA1 = 4, LBA2 = 5, DEVICE = 6, STATUS = 7, CMD = 7 };
enum { PRD = 0x10000, MEM = 0x20000 };
enum { SYNTH_SECTORS = 200 };

static struct ports ports;
static struct phys phys;
static struct clock clock_;
static int irq15;
static char dir[256], iso[512], iso2[512];
static uint8_t *image;          /* the ISO's bytes, to compare reads with */
static size_t image_size;

static void set_irq(void *opaque, int n, int level)
{
    (void)opaque;
    (void)n;
    irq15 = level;
}

static void advance_us(unsigned us)
{
    clock_advance(&clock_, (uint64_t)us * (clock_.ips / 1000000));
}

static uint8_t inb(uint16_t port) { return (uint8_t)ports_read(&ports, port, 1); }
static uint16_t inw(uint16_t port) { return (uint16_t)ports_read(&ports, port, 2); }
static void outb(uint16_t port, uint8_t v) { ports_write(&ports, port, v, 1); }
static void outw(uint16_t port, uint16_t v) { ports_write(&ports, port, v, 2); }

static uint8_t wait_not_busy(void)
{
    uint8_t st = 0xff;
    for (int k = 0; k < 100000 && ((st = inb(CTL)) & 0x80); k++)
        advance_us(1);
    return st;
}

struct result {
    uint8_t status, error, ireason;
    unsigned chunks;            /* DRQ data blocks */
    unsigned len;               /* bytes read */
    unsigned chunk_bytes[64];
};

/* Sends a packet as a driver does (PIO, byte count limit `limit`) and reads whatever data follow. */
static void packet(unsigned unit, const uint8_t *cdb, uint16_t limit, uint8_t *out, size_t out_size,
                   struct result *r)
{
    memset(r, 0, sizeof *r);
    outb(BASE + DEVICE, (uint8_t)(0xa0 | unit << 4));
    outb(BASE + FEATURE, 0);
    outb(BASE + LBA1, (uint8_t)limit);
    outb(BASE + LBA2, (uint8_t)(limit >> 8));
    outb(BASE + CMD, 0xa0);
    CHECK_EQ(inb(CTL) & 0x80, 0x80);
    uint8_t st = wait_not_busy();
    CHECK_EQ(st & 0x09, 0x08);                      /* DRQ for the packet */
    CHECK_EQ(inb(BASE + COUNT) & 3, 1);              /* CoD: a command is wanted */
    CHECK_EQ(irq15, 0);
    for (unsigned k = 0; k < 6; k++)
        outw(BASE + DATA, (uint16_t)(cdb[2 * k] | cdb[2 * k + 1] << 8));
    CHECK_EQ(inb(CTL) & 0x88, 0x80);                 /* busy with it at once */
    for (;;) {
        for (int k = 0; k < 100000 && !irq15; k++)
            advance_us(1);
        CHECK_EQ(irq15, 1);
        st = inb(BASE + STATUS);
        if (!(st & 0x08) || r->chunks >= 64)
            break;
        unsigned n = (unsigned)(inb(BASE + LBA1) | inb(BASE + LBA2) << 8);
        CHECK_EQ(inb(BASE + COUNT) & 3, 2);          /* IO: data to the host */
        r->chunk_bytes[r->chunks++] = n;
        for (unsigned k = 0; k < (n + 1) / 2; k++) {
            uint16_t w = inw(BASE + DATA);
            if (r->len < out_size)
                out[r->len] = (uint8_t)w;
            if (r->len + 1 < out_size)
                out[r->len + 1] = (uint8_t)(w >> 8);
            r->len += k * 2 + 1 < n ? 2 : 1;
        }
    }
    r->status = st;
    r->error = inb(BASE + ERROR);
    r->ireason = inb(BASE + COUNT) & 3;
}

static void request_sense(unsigned unit, uint8_t *key, uint8_t *asc)
{
    uint8_t cdb[12] = { 0x03, 0, 0, 0, 18 }, sense[18];
    struct result r;
    packet(unit, cdb, 0xfffe, sense, sizeof sense, &r);
    CHECK_EQ(r.len, 18);
    CHECK_EQ(sense[0], 0x70);
    *key = sense[2] & 0x0f;
    *asc = sense[12];
}

static void read10(uint32_t lba, uint16_t count, struct result *r, uint8_t *out, size_t size, uint16_t limit)
{
    uint8_t cdb[12] = { 0x28, 0, (uint8_t)(lba >> 24), (uint8_t)(lba >> 16), (uint8_t)(lba >> 8), (uint8_t)lba,
                        0, (uint8_t)(count >> 8), (uint8_t)count };
    packet(0, cdb, limit, out, size, r);
}

static void test_identify_and_signature(void)
{
    uint8_t id[512];
    outb(BASE + DEVICE, 0xa0);
    CHECK_EQ(inb(BASE + STATUS), 0x50);              /* power-on, as the BIOS looks for it */
    outb(BASE + CMD, 0xec);                          /* IDENTIFY DEVICE: aborted, with the signature */
    CHECK_EQ(wait_not_busy(), 0x51);
    CHECK_EQ(inb(BASE + ERROR), 0x04);
    CHECK_EQ(inb(BASE + LBA1), 0x14);
    CHECK_EQ(inb(BASE + LBA2), 0xeb);
    CHECK_EQ(inb(BASE + COUNT), 0x01);
    CHECK_EQ(irq15, 1);
    inb(BASE + STATUS);
    outb(BASE + CMD, 0xa1);                          /* IDENTIFY PACKET DEVICE */
    CHECK_EQ(wait_not_busy(), 0x58);
    for (unsigned k = 0; k < 256; k++) {
        uint16_t w = inw(BASE + DATA);
        id[2 * k] = (uint8_t)w;
        id[2 * k + 1] = (uint8_t)(w >> 8);
    }
    CHECK_EQ(id[0] | id[1] << 8, 0x85c0);
    char model[13];
    for (unsigned k = 0; k < 12; k++)
        model[k] = (char)id[54 + (k ^ 1)];
    model[12] = 0;
    CHECK(strcmp(model, "x86pc CD-ROM") == 0);
    CHECK_EQ((id[98] | id[99] << 8) & 0x0300, 0x0300);
    CHECK_EQ(id[510], 0xa5);
    inb(BASE + STATUS);

    /* Software reset: the packet signature again, and DRDY clear as ATAPI wants. */
    outb(CTL, 0x04);
    outb(CTL, 0x00);
    CHECK_EQ(wait_not_busy(), 0x00);
    CHECK_EQ(inb(BASE + LBA1), 0x14);
    CHECK_EQ(inb(BASE + LBA2), 0xeb);
    CHECK_EQ(inb(BASE + ERROR), 0x01);
    /* DEVICE RESET: the same, without an interrupt, even in the middle of a packet command. */
    outb(BASE + CMD, 0x08);
    CHECK_EQ(wait_not_busy(), 0x00);
    CHECK_EQ(inb(BASE + LBA2), 0xeb);
    CHECK_EQ(irq15, 0);
    outb(BASE + LBA1, 0x00);
    outb(BASE + LBA2, 0x08);
    outb(BASE + CMD, 0xa0);
    wait_not_busy();
    uint8_t cdb[12] = { 0x28, 0, 0, 0, 0, 16, 0, 0, 1 };
    for (unsigned k = 0; k < 6; k++)
        outw(BASE + DATA, (uint16_t)(cdb[2 * k] | cdb[2 * k + 1] << 8));
    CHECK_EQ(inb(CTL) & 0x80, 0x80);
    outb(BASE + CMD, 0x08);
    advance_us(1000);
    CHECK_EQ(inb(CTL), 0x00);
    CHECK_EQ(inb(BASE + LBA1), 0x14);
    CHECK_EQ(irq15, 0);
}

static void test_basic_commands(uint32_t sectors)
{
    uint8_t buf[4096];
    struct result r;
    uint8_t tur[12] = { 0 };
    packet(0, tur, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.status, 0x50);
    CHECK_EQ(r.ireason, 3);                          /* IO and CoD: the command is over */
    CHECK_EQ(r.chunks, 0);

    uint8_t inquiry[12] = { 0x12, 0, 0, 0, 36 };
    packet(0, inquiry, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.status, 0x50);
    CHECK_EQ(r.len, 36);
    CHECK_EQ(r.chunk_bytes[0], 36);
    CHECK_EQ(buf[0], 0x05);
    CHECK_EQ(buf[1], 0x80);
    CHECK(memcmp(buf + 8, "x86pc   ", 8) == 0);
    CHECK(memcmp(buf + 16, "x86pc CD-ROM    ", 16) == 0);
    inquiry[4] = 5;                                  /* allocation length cuts the reply */
    packet(0, inquiry, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.len, 5);

    uint8_t capacity[12] = { 0x25 };
    packet(0, capacity, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.len, 8);
    CHECK_EQ((uint32_t)buf[0] << 24 | buf[1] << 16 | buf[2] << 8 | buf[3], sectors - 1);
    CHECK_EQ((uint32_t)buf[4] << 24 | buf[5] << 16 | buf[6] << 8 | buf[7], 2048);

    /* Sector 16: the primary volume descriptor. */
    read10(16, 1, &r, buf, sizeof buf, 0xfffe);
    CHECK_EQ(r.status, 0x50);
    CHECK_EQ(r.len, 2048);
    CHECK_EQ(buf[0], 0x01);
    CHECK(memcmp(buf + 1, "CD001", 5) == 0);
    CHECK(memcmp(buf, image + 16 * 2048, 2048) == 0);

    /* READ(12) of the same. */
    uint8_t read12[12] = { 0xa8, 0, 0, 0, 0, 16, 0, 0, 0, 1 };
    packet(0, read12, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.len, 2048);
    CHECK(memcmp(buf, image + 16 * 2048, 2048) == 0);
}

static void test_chunks(void)
{
    static uint8_t buf[8 * 2048];
    struct result r;
    /* A limit of one sector: one DRQ block and interrupt per sector. */
    read10(16, 4, &r, buf, sizeof buf, 0x800);
    CHECK_EQ(r.chunks, 4);
    CHECK_EQ(r.chunk_bytes[3], 2048);
    CHECK(memcmp(buf, image + 16 * 2048, 4 * 2048) == 0);
    CHECK_EQ(r.status, 0x50);
    /* A large limit: whole sectors per block. */
    read10(16, 8, &r, buf, sizeof buf, 0x2c00);
    CHECK_EQ(r.chunks, 2);
    CHECK_EQ(r.chunk_bytes[0], 0x2800);
    CHECK_EQ(r.chunk_bytes[1], 0x1800);
    CHECK(memcmp(buf, image + 16 * 2048, 8 * 2048) == 0);
    /* A limit smaller than a sector, and odd: blocks of 0x2FE bytes cross sector boundaries. */
    read10(16, 2, &r, buf, sizeof buf, 0x2ff);
    CHECK_EQ(r.chunk_bytes[0], 0x2fe);
    CHECK_EQ(r.len, 4096);
    CHECK(memcmp(buf, image + 16 * 2048, 2 * 2048) == 0);
    /* Nothing to read is no data phase. */
    read10(16, 0, &r, buf, sizeof buf, 0x800);
    CHECK_EQ(r.chunks, 0);
    CHECK_EQ(r.status, 0x50);
}

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | p[2] << 8 | p[3]; }

static void test_toc_and_pages(uint32_t sectors)
{
    uint8_t buf[512];
    struct result r;
    uint8_t toc[12] = { 0x43, 0, 0, 0, 0, 0, 0, 0x03, 0x24 };
    packet(0, toc, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.len, 20);
    CHECK_EQ(buf[0] << 8 | buf[1], 18);
    CHECK_EQ(buf[2], 1);
    CHECK_EQ(buf[3], 1);
    CHECK_EQ(buf[5], 0x14);
    CHECK_EQ(buf[6], 1);
    CHECK_EQ(be32(buf + 8), 0);
    CHECK_EQ(buf[14], 0xaa);
    CHECK_EQ(be32(buf + 16), sectors);
    toc[1] = 0x02;                                   /* MSF */
    packet(0, toc, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(buf[9], 0);
    CHECK_EQ(buf[10], 2);                            /* track 1 at 00:02:00 */
    CHECK_EQ(buf[11], 0);
    uint32_t f = sectors + 150;
    CHECK_EQ(buf[17], f / 4500);
    CHECK_EQ(buf[18], f / 75 % 60);
    CHECK_EQ(buf[19], f % 75);
    uint8_t session[12] = { 0x43, 0, 1, 0, 0, 0, 0, 0, 12 };
    packet(0, session, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.len, 12);
    CHECK_EQ(buf[1], 10);
    CHECK_EQ(buf[6], 1);
    CHECK_EQ(be32(buf + 8), 0);
    uint8_t bad_toc[12] = { 0x43, 0, 0, 0, 0, 0, 5, 0, 12 };
    packet(0, bad_toc, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.status & 0x01, 0x01);

    uint8_t mode[12] = { 0x5a, 0, 0x2a, 0, 0, 0, 0, 0, 64 };
    packet(0, mode, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.status, 0x50);
    CHECK_EQ(r.len, 30);
    CHECK_EQ(buf[0] << 8 | buf[1], 28);
    CHECK_EQ(buf[8], 0x2a);
    CHECK_EQ(buf[9], 20);
    CHECK_EQ(buf[14] & 0x08, 0x08);                  /* can eject */
    uint8_t mode_bad[12] = { 0x5a, 0, 0x05, 0, 0, 0, 0, 0, 64 };
    packet(0, mode_bad, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.error >> 4, 5);

    uint8_t config[12] = { 0x46, 0, 0, 0, 0, 0, 0, 1, 0 };
    packet(0, config, 0xfffe, buf, sizeof buf, &r);
    CHECK(r.len >= 8 + 8);
    CHECK_EQ(buf[6] << 8 | buf[7], 0x0008);          /* current profile: CD-ROM */
    CHECK_EQ(be32(buf), r.len - 4);
    CHECK_EQ(buf[8] << 8 | buf[9], 0x0000);          /* the profile list first */
    CHECK_EQ(buf[12] << 8 | buf[13], 0x0008);

    uint8_t disc[12] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34 };
    packet(0, disc, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.len, 34);
    CHECK_EQ(buf[1], 32);
    CHECK_EQ(buf[2], 0x0e);
}

static void test_errors_and_media(struct ide_channel *ch)
{
    uint8_t buf[512], key, asc;
    struct result r;
    read10(0x7fffff, 1, &r, buf, sizeof buf, 0xfffe);   /* beyond the disc */
    CHECK_EQ(r.status, 0x51);
    CHECK_EQ(r.error >> 4, 5);
    CHECK_EQ(r.ireason, 3);
    CHECK_EQ(r.chunks, 0);
    request_sense(0, &key, &asc);
    CHECK_EQ(key, 5);
    CHECK_EQ(asc, 0x21);
    request_sense(0, &key, &asc);                    /* reported once */
    CHECK_EQ(key, 0);
    uint8_t bogus[12] = { 0xff };
    packet(0, bogus, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.status, 0x51);
    request_sense(0, &key, &asc);
    CHECK_EQ(key, 5);
    CHECK_EQ(asc, 0x20);

    /* Media events: none now; a new disc shows up as an event and as a unit attention. */
    uint8_t event[12] = { 0x4a, 1, 0, 0, 0x10, 0, 0, 0, 8 };
    packet(0, event, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.len, 8);
    CHECK_EQ(buf[2], 4);
    CHECK_EQ(buf[4], 0);
    CHECK_EQ(buf[5], 0x02);                          /* a disc is present */
    char err[256];
    struct block *b = block_open(iso2, BLOCK_READ_ONLY, err, sizeof err);
    CHECK(b != NULL);
    CHECK_EQ(ide_cdrom_change(ch, 0, b, err, sizeof err), 0);
    packet(0, event, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(buf[4], 2);                             /* new media */
    packet(0, event, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(buf[4], 0);
    uint8_t tur[12] = { 0 };
    packet(0, tur, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.status, 0x51);
    CHECK_EQ(r.error >> 4, 6);                       /* unit attention */
    request_sense(0, &key, &asc);
    CHECK_EQ(key, 6);
    CHECK_EQ(asc, 0x28);
    packet(0, tur, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.status, 0x50);

    /* Locked, the tray stays shut; unlocked, it opens and the drive is not ready. */
    uint8_t lock[12] = { 0x1e, 0, 0, 0, 1 }, eject[12] = { 0x1b, 0, 0, 0, 0x02 }, load[12] = { 0x1b, 0, 0, 0, 0x03 };
    packet(0, lock, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.status, 0x50);
    packet(0, eject, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.status, 0x51);
    request_sense(0, &key, &asc);
    CHECK_EQ(asc, 0x53);
    lock[4] = 0;
    packet(0, lock, 0xfffe, buf, sizeof buf, &r);
    packet(0, eject, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.status, 0x50);
    packet(0, tur, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.error >> 4, 2);
    request_sense(0, &key, &asc);
    CHECK_EQ(asc, 0x3a);
    packet(0, event, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(buf[4], 3);                             /* media removal */
    CHECK_EQ(buf[5], 0x01);                          /* tray open */
    packet(0, load, 0xfffe, buf, sizeof buf, &r);
    packet(0, tur, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.error >> 4, 6);
    packet(0, tur, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.status, 0x50);

    /* The empty drive (device 1). */
    packet(1, tur, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.status, 0x51);
    CHECK_EQ(r.error >> 4, 2);
    request_sense(1, &key, &asc);
    CHECK_EQ(key, 2);
    CHECK_EQ(asc, 0x3a);
    uint8_t capacity[12] = { 0x25 };
    packet(1, capacity, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.status, 0x51);
    uint8_t config[12] = { 0x46, 0, 0, 0, 0, 0, 0, 0, 8 };
    packet(1, config, 0xfffe, buf, sizeof buf, &r);
    CHECK_EQ(r.status, 0x50);
    CHECK_EQ(buf[6] << 8 | buf[7], 0);               /* no current profile */
}

static void test_dma(struct ide_channel *ch)
{
    phys_write(&phys, PRD, MEM, 4);
    phys_write(&phys, PRD + 4, 0x80000000u | 4096, 4);
    ide_bm_write(ch, 4, PRD, 4);
    ide_bm_write(ch, 0, 0x08, 1);
    outb(BASE + DEVICE, 0xa0);
    outb(BASE + FEATURE, 0x01);                      /* DMA */
    outb(BASE + CMD, 0xa0);
    CHECK_EQ(wait_not_busy() & 0x08, 0x08);
    uint8_t cdb[12] = { 0x28, 0, 0, 0, 0, 16, 0, 0, 2 };
    for (unsigned k = 0; k < 6; k++)
        outw(BASE + DATA, (uint16_t)(cdb[2 * k] | cdb[2 * k + 1] << 8));
    ide_bm_write(ch, 0, 0x09, 1);
    advance_us(500);
    CHECK_EQ(irq15, 1);
    CHECK_EQ(ide_bm_read(ch, 2, 1) & 0x05, 0x04);
    CHECK_EQ(inb(BASE + STATUS), 0x50);
    CHECK_EQ(inb(BASE + COUNT) & 3, 3);
    uint8_t buf[4096];
    phys_read_block(&phys, MEM, buf, sizeof buf);
    CHECK(memcmp(buf, image + 16 * 2048, 4096) == 0);
    ide_bm_write(ch, 0, 0x00, 1);
}

/* A disc whose host reads fail: the guest sees a medium error, never a crash. */
static int failing_read(struct block *b, uint64_t o, void *buf, size_t n)
{
    (void)b, (void)o, (void)buf, (void)n;
    return -5;
}
static int failing_write(struct block *b, uint64_t o, const void *buf, size_t n)
{
    (void)b, (void)o, (void)buf, (void)n;
    return -5;
}
static int failing_flush(struct block *b)
{
    (void)b;
    return -5;
}
static void failing_close(struct block *b)
{
    (void)b;
}
static const struct block_ops failing_ops = { failing_read, failing_write, failing_flush, failing_close };

static void test_host_error(struct ide_channel *ch)
{
    static struct block bad = { &failing_ops, 64 * 2048, 1 };
    uint8_t buf[4096], key, asc;
    char err[128];
    struct result r;
    CHECK_EQ(ide_cdrom_change(ch, 0, &bad, err, sizeof err), 0);
    uint8_t tur[12] = { 0 };
    packet(0, tur, 0xfffe, buf, sizeof buf, &r);     /* the unit attention of the change */
    read10(3, 2, &r, buf, sizeof buf, 0x800);
    CHECK_EQ(r.status, 0x51);
    CHECK_EQ(r.error >> 4, 3);
    CHECK_EQ(r.chunks, 0);
    request_sense(0, &key, &asc);
    CHECK_EQ(key, 3);
    CHECK_EQ(asc, 0x11);
    /* By DMA too. */
    ide_bm_write(ch, 0, 0x08, 1);
    outb(BASE + DEVICE, 0xa0);
    outb(BASE + FEATURE, 0x01);
    outb(BASE + CMD, 0xa0);
    wait_not_busy();
    uint8_t cdb[12] = { 0x28, 0, 0, 0, 0, 3, 0, 0, 1 };
    for (unsigned k = 0; k < 6; k++)
        outw(BASE + DATA, (uint16_t)(cdb[2 * k] | cdb[2 * k + 1] << 8));
    ide_bm_write(ch, 0, 0x09, 1);
    advance_us(500);
    CHECK_EQ(irq15, 1);
    CHECK_EQ(inb(BASE + STATUS), 0x51);
    CHECK_EQ(inb(BASE + ERROR) >> 4, 3);
    ide_bm_write(ch, 0, 0x00, 1);
    CHECK_EQ(ide_cdrom_change(ch, 0, NULL, err, sizeof err), 0);
}

/* An ISO from xorriso when it is installed, else a synthetic image with a volume descriptor at sector 16. */
static int make_iso(const char *path, const char *label)
{
    char src[512], cmd[2048];
    snprintf(src, sizeof src, "%s/src", dir);
    snprintf(cmd, sizeof cmd,
             "command -v xorriso >/dev/null 2>&1 && mkdir -p '%s' && echo hello > '%s/HELLO.TXT' && "
             "xorriso -as mkisofs -quiet -V %s -o '%s' '%s' >/dev/null 2>&1",
             src, src, label, path, src);
    if (system(cmd) == 0)
        return 1;
    FILE *f = fopen(path, "wb");
    for (unsigned s = 0; s < SYNTH_SECTORS; s++)
        for (unsigned k = 0; k < 2048; k++)
            fputc(s == 16 && k < 6 ? "\001CD001"[k] : (int)((s * 7 + k) & 0xff), f);
    fclose(f);
    return 0;
}

static void cleanup_iso_source(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s/src'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s/src\n", dir);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/x86pc-test-atapi-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return 2;
    snprintf(iso, sizeof iso, "%s/cd.iso", dir);
    snprintf(iso2, sizeof iso2, "%s/cd2.iso", dir);
    int real = make_iso(iso, "X86PCTEST");
    make_iso(iso2, "SECOND");
    cleanup_iso_source();
    printf("image: %s\n", real ? "ISO built with xorriso" : "synthetic (xorriso not installed)");
    FILE *f = fopen(iso, "rb");
    fseek(f, 0, SEEK_END);
    image_size = (size_t)ftell(f);
    rewind(f);
    image = malloc(image_size);
    if (!image || fread(image, 1, image_size, f) != image_size)
        return 2;
    fclose(f);
    uint32_t sectors = (uint32_t)(image_size / 2048);

    struct device_list devices = { .n = 0 };
    ports_init(&ports);
    clock_init(&clock_, 0);
    if (phys_init(&phys, 2u << 20) < 0)
        return 2;
    struct board_services bs = { &ports, &phys, &clock_, &devices };
    char err[256];
    struct ide_channel *ch = ide_create(&bs, 1, (struct irq_line){ set_irq, NULL, 15 }, err, sizeof err);
    CHECK(ch != NULL);
    if (!ch)
        return unit_done();
    struct block *b = block_open(iso, BLOCK_READ_ONLY, err, sizeof err);
    CHECK(b != NULL);
    CHECK_EQ(ide_attach_cdrom(ch, 0, b, err, sizeof err), 0);
    CHECK_EQ(ide_attach_cdrom(ch, 1, NULL, err, sizeof err), 0);

    test_identify_and_signature();
    test_basic_commands(sectors);
    test_chunks();
    test_toc_and_pages(sectors);
    test_dma(ch);
    test_errors_and_media(ch);
    test_host_error(ch);

    /* An image of no whole number of CD sectors is refused. */
    char odd[512];
    snprintf(odd, sizeof odd, "%s/odd.iso", dir);
    f = fopen(odd, "wb");
    for (unsigned k = 0; k < 3 * 512; k++)
        fputc(0, f);
    fclose(f);
    b = block_open(odd, BLOCK_READ_ONLY, err, sizeof err);
    err[0] = 0;
    CHECK_EQ(ide_cdrom_change(ch, 1, b, err, sizeof err), -1);
    CHECK(strstr(err, "2048") != NULL);
    block_close(b);

    for (unsigned k = devices.n; k-- > 0;)
        devices.entry[k].type->destroy(devices.entry[k].dev);
    phys_free(&phys);
    free(image);
    unlink(odd);
    unlink(iso);
    unlink(iso2);
    rmdir(dir);
    return unit_done();
}
