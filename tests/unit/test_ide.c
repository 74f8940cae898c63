/* ATA disks on the IDE channels, driven through the ports as drivers do: IDENTIFY DEVICE contents, CHS, LBA28 and
 * LBA48 PIO reads and writes that land in the image file, READ/WRITE MULTIPLE, 32-bit PIO, bus-master DMA with a
 * PRD table, the BSY/DRQ/DRDY/ERR status sequences and IRQ14 levels, nIEN, software reset and signatures, errors
 * for bad addresses and commands, and a host I/O error turned into an ATA error. */
#include "devices/ide.h"
#include "tests/unit/unit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { BASE = 0x1f0, CTL = 0x3f6, BASE2 = 0x170, CTL2 = 0x376 };
enum { DATA = 0, ERROR = 1, FEATURE = 1, COUNT = 2, LBA0 = 3, LBA1 = 4, LBA2 = 5, DEVICE = 6, STATUS = 7, CMD = 7 };
enum { DISK_SECTORS = 16384 };
enum { PRD = 0x10000, MEM = 0x20000 };

static struct ports ports;
static struct phys phys;
static struct clock clock_;
static int irq14, irq15;
static char dir[256], img[512], big[512];

static void set_irq(void *opaque, int n, int level)
{
    (void)opaque;
    if (n == 14)
        irq14 = level;
    else
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

/* Polls the alternate status (which leaves the interrupt alone) until BSY clears. */
static uint8_t wait_not_busy(uint16_t ctl)
{
    uint8_t st = 0xff;
    for (int k = 0; k < 100000 && ((st = inb(ctl)) & 0x80); k++)
        advance_us(1);
    return st;
}

static uint8_t pattern(uint64_t lba, unsigned k)
{
    return (uint8_t)(lba * 31 + k + (lba >> 8) * 7 + (k >> 8) * 3);
}

static int sector_is(const uint8_t *p, uint64_t lba)
{
    for (unsigned k = 0; k < 512; k++)
        if (p[k] != pattern(lba, k))
            return 0;
    return 1;
}

static void read_file_at(const char *path, uint64_t offset, uint8_t *buf, size_t n)
{
    FILE *f = fopen(path, "rb");
    memset(buf, 0xee, n);
    if (f && fseeko(f, (off_t)offset, SEEK_SET) == 0 && fread(buf, 1, n, f) == n) {
        fclose(f);
        return;
    }
    if (f)
        fclose(f);
}

static void lba28(uint16_t base, unsigned unit, uint32_t lba, uint8_t count)
{
    outb(base + DEVICE, (uint8_t)(0xe0 | unit << 4 | (lba >> 24 & 0x0f)));
    outb(base + COUNT, count);
    outb(base + LBA0, (uint8_t)lba);
    outb(base + LBA1, (uint8_t)(lba >> 8));
    outb(base + LBA2, (uint8_t)(lba >> 16));
}

static void lba48(uint16_t base, unsigned unit, uint64_t lba, uint16_t count)
{
    outb(base + DEVICE, (uint8_t)(0x40 | unit << 4));
    outb(base + COUNT, (uint8_t)(count >> 8));
    outb(base + LBA0, (uint8_t)(lba >> 24));
    outb(base + LBA1, (uint8_t)(lba >> 32));
    outb(base + LBA2, (uint8_t)(lba >> 40));
    outb(base + COUNT, (uint8_t)count);
    outb(base + LBA0, (uint8_t)lba);
    outb(base + LBA1, (uint8_t)(lba >> 8));
    outb(base + LBA2, (uint8_t)(lba >> 16));
}

static void read_words(uint16_t base, uint8_t *buf, unsigned words)
{
    for (unsigned k = 0; k < words; k++) {
        uint16_t w = inw(base + DATA);
        buf[2 * k] = (uint8_t)w;
        buf[2 * k + 1] = (uint8_t)(w >> 8);
    }
}

static void write_words(uint16_t base, const uint8_t *buf, unsigned words)
{
    for (unsigned k = 0; k < words; k++)
        outw(base + DATA, (uint16_t)(buf[2 * k] | buf[2 * k + 1] << 8));
}

/* An ATA string from IDENTIFY data: two characters per word, the first in the high byte. */
static void ata_string(const uint8_t *id, unsigned word, unsigned words, char *out)
{
    for (unsigned k = 0; k < words * 2; k++)
        out[k] = (char)id[2 * word + (k ^ 1)];
    out[words * 2] = 0;
}

static uint16_t id_word(const uint8_t *id, unsigned w)
{
    return (uint16_t)(id[2 * w] | id[2 * w + 1] << 8);
}

static void identify(uint8_t *id)
{
    outb(BASE + DEVICE, 0xa0);
    outb(BASE + CMD, 0xec);
    advance_us(100);
    CHECK_EQ(inb(BASE + STATUS), 0x58);
    read_words(BASE, id, 256);
}

static void test_presence_and_reset(void)
{
    CHECK_EQ(inb(BASE + STATUS), 0x50);
    CHECK_EQ(inb(BASE + ERROR), 0x01);
    outb(BASE + DEVICE, 0xb0);                       /* absent device 1 */
    CHECK_EQ(inb(BASE + STATUS), 0x00);
    CHECK_EQ(inb(CTL), 0x00);
    outb(BASE + CMD, 0xec);                          /* ignored */
    advance_us(100);
    CHECK_EQ(irq14, 0);
    CHECK_EQ(inb(BASE + STATUS), 0x00);
    outb(BASE + DEVICE, 0xa0);
    CHECK_EQ(inb(BASE + STATUS), 0x50);

    /* Software reset: BSY while SRST is set and for a while after; then the ATA signature, no interrupt. */
    outb(BASE + COUNT, 0x55);
    outb(CTL, 0x04);
    CHECK_EQ(inb(BASE + STATUS), 0x80);
    outb(CTL, 0x00);
    CHECK_EQ(inb(CTL) & 0x80, 0x80);
    CHECK_EQ(inb(BASE + COUNT), 0x80);               /* a busy drive shows its status everywhere */
    advance_us(200);
    CHECK_EQ(inb(CTL), 0x50);
    CHECK_EQ(inb(BASE + COUNT), 0x01);
    CHECK_EQ(inb(BASE + LBA0), 0x01);
    CHECK_EQ(inb(BASE + LBA1), 0x00);
    CHECK_EQ(inb(BASE + LBA2), 0x00);
    CHECK_EQ(inb(BASE + ERROR), 0x01);
    CHECK_EQ(irq14, 0);
    outb(BASE + DEVICE, 0xb0);                       /* the absent device shows no signature */
    CHECK_EQ(inb(BASE + STATUS), 0x00);
    CHECK_EQ(inb(BASE + LBA1), 0xff);
    CHECK_EQ(inb(BASE + ERROR), 0x00);
    outb(BASE + DEVICE, 0xa0);

    /* EXECUTE DEVICE DIAGNOSTIC: passed, with an interrupt. */
    outb(BASE + CMD, 0x90);
    advance_us(100);
    CHECK_EQ(irq14, 1);
    CHECK_EQ(inb(BASE + ERROR), 0x01);
    CHECK_EQ(inb(BASE + STATUS), 0x50);
    CHECK_EQ(irq14, 0);
}

static void test_identify(void)
{
    uint8_t id[512];
    char s[41];
    outb(BASE + DEVICE, 0xa0);
    outb(BASE + CMD, 0xec);
    uint8_t st = inb(CTL);
    CHECK_EQ(st & 0x88, 0x80);                       /* BSY, no DRQ, at once */
    advance_us(100);
    CHECK_EQ(irq14, 1);
    CHECK_EQ(inb(CTL), 0x58);
    CHECK_EQ(irq14, 1);                              /* the alternate status leaves the interrupt */
    CHECK_EQ(inb(BASE + STATUS), 0x58);
    CHECK_EQ(irq14, 0);
    read_words(BASE, id, 256);
    CHECK_EQ(inb(BASE + STATUS), 0x50);              /* no interrupt after the data */
    CHECK_EQ(irq14, 0);
    CHECK_EQ(id_word(id, 0), 0x0040);
    CHECK_EQ(id_word(id, 1), DISK_SECTORS / (16 * 63));
    CHECK_EQ(id_word(id, 3), 16);
    CHECK_EQ(id_word(id, 6), 63);
    ata_string(id, 27, 20, s);
    CHECK(strncmp(s, "x86pc HARDDISK      ", 20) == 0);
    ata_string(id, 10, 10, s);
    CHECK(strncmp(s, "X86PC0001", 9) == 0);
    ata_string(id, 23, 4, s);
    CHECK(strncmp(s, "1.0 ", 4) == 0);
    CHECK_EQ(id_word(id, 47), 0x8010);
    CHECK_EQ(id_word(id, 49) & 0x0300, 0x0300);      /* LBA and DMA */
    CHECK_EQ(id_word(id, 53) & 0x0007, 0x0007);
    CHECK_EQ(id_word(id, 54), id_word(id, 1));
    CHECK_EQ(id_word(id, 60) | (uint32_t)id_word(id, 61) << 16, DISK_SECTORS);
    CHECK_EQ(id_word(id, 63) & 0x07, 0x07);
    CHECK_EQ(id_word(id, 83) & 0x0400, 0x0400);      /* 48-bit addresses */
    CHECK_EQ(id_word(id, 86) & 0x0400, 0x0400);
    CHECK_EQ(id_word(id, 100) | (uint32_t)id_word(id, 101) << 16, DISK_SECTORS);
    CHECK_EQ(id_word(id, 102) | id_word(id, 103), 0);
    uint8_t sum = 0;
    for (unsigned k = 0; k < 512; k++)
        sum = (uint8_t)(sum + id[k]);
    CHECK_EQ(id[510], 0xa5);
    CHECK_EQ(sum, 0);
}

static void test_pio_read(void)
{
    uint8_t buf[512 * 4];
    /* LBA28, three sectors: each block DRQ with an interrupt, BSY between blocks, none after the last. */
    lba28(BASE, 0, 100, 3);
    outb(BASE + CMD, 0x20);
    CHECK_EQ(inb(CTL) & 0x80, 0x80);
    for (unsigned s = 0; s < 3; s++) {
        CHECK_EQ(wait_not_busy(CTL), 0x58);
        CHECK_EQ(irq14, 1);
        CHECK_EQ(inb(BASE + STATUS), 0x58);
        CHECK_EQ(irq14, 0);
        read_words(BASE, buf + s * 512, 256);
        if (s < 2)
            CHECK_EQ(inb(CTL), 0xd0);
    }
    CHECK_EQ(inb(CTL), 0x50);
    advance_us(100);
    CHECK_EQ(irq14, 0);
    CHECK(sector_is(buf, 100) && sector_is(buf + 512, 101) && sector_is(buf + 1024, 102));
    /* The task file holds the last sector read and no sectors left. */
    CHECK_EQ(inb(BASE + LBA0), 102);
    CHECK_EQ(inb(BASE + COUNT), 0);
    CHECK_EQ(inb(BASE + DEVICE) & 0x4f, 0x40);

    /* CHS: C1 H2 S5 with the default 16 heads, 63 sectors. */
    outb(BASE + DEVICE, 0xa2);
    outb(BASE + COUNT, 1);
    outb(BASE + LBA0, 5);
    outb(BASE + LBA1, 1);
    outb(BASE + LBA2, 0);
    outb(BASE + CMD, 0x20);
    CHECK_EQ(wait_not_busy(CTL), 0x58);
    read_words(BASE, buf, 256);
    CHECK(sector_is(buf, (1 * 16 + 2) * 63 + 4));
    /* INITIALIZE DEVICE PARAMETERS: 8 heads, 32 sectors per track, then the same CHS address. */
    outb(BASE + DEVICE, 0xa7);
    outb(BASE + COUNT, 32);
    outb(BASE + CMD, 0x91);
    CHECK_EQ(wait_not_busy(CTL), 0x50);
    outb(BASE + DEVICE, 0xa2);
    outb(BASE + COUNT, 2);
    outb(BASE + LBA0, 32);
    outb(BASE + LBA1, 1);
    outb(BASE + CMD, 0x20);
    CHECK_EQ(wait_not_busy(CTL), 0x58);
    read_words(BASE, buf, 256);
    CHECK_EQ(wait_not_busy(CTL), 0x58);
    read_words(BASE, buf + 512, 256);
    CHECK(sector_is(buf, (1 * 8 + 2) * 32 + 31) && sector_is(buf + 512, (1 * 8 + 3) * 32));
    CHECK_EQ(inb(BASE + LBA0), 1);                  /* the last sector, C1 H3 S1 */
    CHECK_EQ(inb(BASE + DEVICE) & 0x0f, 3);
    uint8_t id[512];
    identify(id);
    CHECK_EQ(id_word(id, 55), 8);
    CHECK_EQ(id_word(id, 56), 32);
    CHECK_EQ(id_word(id, 54), DISK_SECTORS / (8 * 32));
    /* A sector number outside the translation: ID not found. */
    outb(BASE + DEVICE, 0xa0);
    outb(BASE + COUNT, 1);
    outb(BASE + LBA0, 33);
    outb(BASE + CMD, 0x20);
    CHECK_EQ(wait_not_busy(CTL), 0x51);
    CHECK_EQ(inb(BASE + ERROR), 0x10);
    inb(BASE + STATUS);

    /* 32-bit PIO. */
    lba28(BASE, 0, 7, 1);
    outb(BASE + CMD, 0x20);
    CHECK_EQ(wait_not_busy(CTL), 0x58);
    for (unsigned k = 0; k < 128; k++) {
        uint32_t v = ports_read(&ports, BASE + DATA, 4);
        for (unsigned b = 0; b < 4; b++)
            buf[k * 4 + b] = (uint8_t)(v >> (8 * b));
    }
    CHECK(sector_is(buf, 7));
    CHECK_EQ(inb(BASE + STATUS), 0x50);
}

static void test_pio_write(void)
{
    uint8_t buf[1024], file[1024];
    for (unsigned k = 0; k < sizeof buf; k++)
        buf[k] = (uint8_t)(k * 3 + 1);
    lba28(BASE, 0, 200, 2);
    outb(BASE + CMD, 0x30);
    CHECK_EQ(inb(CTL) & 0x80, 0x80);
    CHECK_EQ(wait_not_busy(CTL), 0x58);
    CHECK_EQ(irq14, 0);                              /* the first block is asked for without an interrupt */
    write_words(BASE, buf, 256);
    CHECK_EQ(inb(CTL), 0x58);                        /* write cache on: the block is taken at once */
    CHECK_EQ(irq14, 1);
    CHECK_EQ(inb(BASE + STATUS), 0x58);
    write_words(BASE, buf + 512, 256);
    CHECK_EQ(inb(CTL), 0x50);
    CHECK_EQ(irq14, 1);                              /* the end of a write interrupts */
    CHECK_EQ(inb(BASE + STATUS), 0x50);
    CHECK_EQ(inb(BASE + LBA0), 201);
    read_file_at(img, 200 * 512, file, 1024);
    CHECK(memcmp(file, buf, 1024) == 0);
    read_file_at(img, 202 * 512, file, 512);
    CHECK(sector_is(file, 202));

    /* Write cache off: the drive is busy after each block until the sector is on the medium. */
    outb(BASE + FEATURE, 0x82);
    outb(BASE + CMD, 0xef);
    CHECK_EQ(wait_not_busy(CTL), 0x50);
    inb(BASE + STATUS);
    lba28(BASE, 0, 203, 1);
    outb(BASE + CMD, 0x30);
    CHECK_EQ(wait_not_busy(CTL), 0x58);
    write_words(BASE, buf, 256);
    CHECK_EQ(inb(CTL), 0xd0);
    CHECK_EQ(irq14, 0);
    CHECK_EQ(wait_not_busy(CTL), 0x50);
    CHECK_EQ(irq14, 1);
    CHECK_EQ(inb(BASE + STATUS), 0x50);
    read_file_at(img, 203 * 512, file, 512);
    CHECK(memcmp(file, buf, 512) == 0);
    outb(BASE + FEATURE, 0x02);                      /* and on again */
    outb(BASE + CMD, 0xef);
    CHECK_EQ(wait_not_busy(CTL), 0x50);
    inb(BASE + STATUS);

    outb(BASE + CMD, 0xe7);                          /* FLUSH CACHE */
    CHECK_EQ(wait_not_busy(CTL), 0x50);
    CHECK_EQ(inb(BASE + STATUS), 0x50);
}

static void test_multiple(void)
{
    uint8_t buf[512 * 10], file[512 * 10];
    lba28(BASE, 0, 400, 10);
    outb(BASE + CMD, 0xc4);                          /* READ MULTIPLE before SET MULTIPLE: aborted */
    CHECK_EQ(wait_not_busy(CTL), 0x51);
    CHECK_EQ(inb(BASE + ERROR), 0x04);
    CHECK_EQ(irq14, 1);
    inb(BASE + STATUS);
    outb(BASE + COUNT, 3);                           /* not a power of two */
    outb(BASE + CMD, 0xc6);
    CHECK_EQ(wait_not_busy(CTL), 0x51);
    inb(BASE + STATUS);
    outb(BASE + COUNT, 4);
    outb(BASE + CMD, 0xc6);
    CHECK_EQ(wait_not_busy(CTL), 0x50);
    inb(BASE + STATUS);
    uint8_t id[512];
    identify(id);
    CHECK_EQ(id_word(id, 59), 0x0104);

    lba28(BASE, 0, 400, 10);
    outb(BASE + CMD, 0xc4);
    unsigned blocks = 0, done = 0;
    while (done < 10) {
        CHECK_EQ(wait_not_busy(CTL), 0x58);
        CHECK_EQ(inb(BASE + STATUS), 0x58);
        unsigned n = 10 - done < 4 ? 10 - done : 4;
        read_words(BASE, buf + done * 512, 256 * n);
        done += n;
        blocks++;
        if (blocks > 3)
            break;
    }
    CHECK_EQ(blocks, 3);
    CHECK_EQ(inb(CTL), 0x50);
    int ok = 1;
    for (unsigned s = 0; s < 10; s++)
        ok &= sector_is(buf + s * 512, 400 + s);
    CHECK(ok);

    for (unsigned k = 0; k < sizeof buf; k++)
        buf[k] = (uint8_t)(k ^ 0x3c);
    lba28(BASE, 0, 500, 6);
    outb(BASE + CMD, 0xc5);                          /* WRITE MULTIPLE: blocks of 4 and 2 */
    CHECK_EQ(wait_not_busy(CTL), 0x58);
    write_words(BASE, buf, 256 * 4);
    CHECK_EQ(wait_not_busy(CTL), 0x58);
    CHECK_EQ(inb(BASE + STATUS), 0x58);
    write_words(BASE, buf + 2048, 256 * 2);
    CHECK_EQ(wait_not_busy(CTL), 0x50);
    CHECK_EQ(inb(BASE + STATUS), 0x50);
    read_file_at(img, 500 * 512, file, 6 * 512);
    CHECK(memcmp(file, buf, 6 * 512) == 0);
}

static void test_errors_and_settings(void)
{
    uint8_t id[512];
    lba28(BASE, 0, DISK_SECTORS - 1, 2);             /* runs past the end */
    outb(BASE + CMD, 0x20);
    CHECK_EQ(wait_not_busy(CTL), 0x51);
    CHECK_EQ(irq14, 1);
    CHECK_EQ(inb(BASE + ERROR), 0x10);
    CHECK_EQ(inb(BASE + STATUS), 0x51);
    CHECK_EQ(irq14, 0);
    lba28(BASE, 0, DISK_SECTORS, 1);
    outb(BASE + CMD, 0x40);                          /* READ VERIFY out of range */
    CHECK_EQ(wait_not_busy(CTL), 0x51);
    CHECK_EQ(inb(BASE + ERROR), 0x10);
    lba28(BASE, 0, 10, 5);
    outb(BASE + CMD, 0x40);
    CHECK_EQ(wait_not_busy(CTL), 0x50);
    CHECK_EQ(inb(BASE + LBA0), 14);
    outb(BASE + CMD, 0x50);                          /* not a command of this drive */
    CHECK_EQ(wait_not_busy(CTL), 0x51);
    CHECK_EQ(inb(BASE + ERROR), 0x04);
    outb(BASE + CMD, 0xa0);                          /* PACKET on a disk */
    CHECK_EQ(wait_not_busy(CTL), 0x51);
    CHECK_EQ(inb(BASE + ERROR), 0x04);

    /* nIEN: the command completes, IRQ14 stays low; clearing nIEN shows the pending interrupt. */
    outb(CTL, 0x02);
    outb(BASE + CMD, 0xe5);                          /* CHECK POWER MODE */
    advance_us(100);
    CHECK_EQ(irq14, 0);
    CHECK_EQ(inb(BASE + COUNT), 0xff);
    outb(CTL, 0x00);
    CHECK_EQ(irq14, 1);
    inb(BASE + STATUS);
    outb(BASE + CMD, 0xe0);                          /* STANDBY IMMEDIATE */
    wait_not_busy(CTL);
    outb(BASE + CMD, 0xe5);
    wait_not_busy(CTL);
    CHECK_EQ(inb(BASE + COUNT), 0x00);
    outb(BASE + CMD, 0xe1);
    wait_not_busy(CTL);
    outb(BASE + CMD, 0xe5);
    wait_not_busy(CTL);
    CHECK_EQ(inb(BASE + COUNT), 0xff);

    /* SET FEATURES: transfer mode UDMA5 shows in IDENTIFY; a bad mode or subcommand aborts. */
    outb(BASE + FEATURE, 0x03);
    outb(BASE + COUNT, 0x45);
    outb(BASE + CMD, 0xef);
    CHECK_EQ(wait_not_busy(CTL), 0x50);
    identify(id);
    CHECK_EQ(id_word(id, 88), 0x203f);
    CHECK_EQ(id_word(id, 63) & 0xff00, 0);
    outb(BASE + FEATURE, 0x03);
    outb(BASE + COUNT, 0x47);
    outb(BASE + CMD, 0xef);
    CHECK_EQ(wait_not_busy(CTL), 0x51);
    outb(BASE + FEATURE, 0x82);                      /* write cache off */
    outb(BASE + CMD, 0xef);
    CHECK_EQ(wait_not_busy(CTL), 0x50);
    identify(id);
    CHECK_EQ(id_word(id, 85) & 0x20, 0);
    outb(BASE + FEATURE, 0x77);
    outb(BASE + CMD, 0xef);
    CHECK_EQ(wait_not_busy(CTL), 0x51);
    inb(BASE + STATUS);

    /* READ NATIVE MAX ADDRESS. */
    outb(BASE + DEVICE, 0xe0);
    outb(BASE + CMD, 0xf8);
    CHECK_EQ(wait_not_busy(CTL), 0x50);
    CHECK_EQ(inb(BASE + LBA0) | inb(BASE + LBA1) << 8 | inb(BASE + LBA2) << 16, DISK_SECTORS - 1);
    inb(BASE + STATUS);
}

static void prd_entry(unsigned k, uint32_t addr, uint32_t bytes, int last)
{
    phys_write(&phys, PRD + k * 8, addr, 4);
    phys_write(&phys, PRD + k * 8 + 4, (bytes & 0xffff) | (last ? 0x80000000u : 0), 4);
}

static int memory_is(uint32_t addr, uint64_t lba, unsigned sectors)
{
    uint8_t buf[512];
    for (unsigned s = 0; s < sectors; s++) {
        phys_read_block(&phys, addr + s * 512, buf, 512);
        if (!sector_is(buf, lba + s))
            return 0;
    }
    return 1;
}

static void test_dma(struct ide_channel *ch)
{
    /* READ DMA of 3 sectors into two PRD regions that hold exactly that. */
    prd_entry(0, MEM, 1024, 0);
    prd_entry(1, MEM + 0x8000, 512, 1);
    ide_bm_write(ch, 4, PRD, 4);
    CHECK_EQ(ide_bm_read(ch, 4, 4), PRD);
    ide_bm_write(ch, 2, 0x66, 1);                    /* drive-capable bits; clear interrupt and error */
    CHECK_EQ(ide_bm_read(ch, 2, 1), 0x60);
    ide_bm_write(ch, 0, 0x08, 1);                    /* direction: to memory */
    lba28(BASE, 0, 300, 3);
    outb(BASE + CMD, 0xc8);
    ide_bm_write(ch, 0, 0x09, 1);                    /* start */
    CHECK_EQ(ide_bm_read(ch, 2, 1) & 0x01, 0x01);
    CHECK_EQ(irq14, 0);
    advance_us(100);
    CHECK_EQ(irq14, 1);
    CHECK_EQ(ide_bm_read(ch, 2, 1), 0x64);           /* interrupt, no longer active: the table was used up */
    CHECK_EQ(inb(BASE + STATUS), 0x50);
    ide_bm_write(ch, 0, 0x00, 1);
    ide_bm_write(ch, 2, 0x64, 1);
    CHECK_EQ(ide_bm_read(ch, 2, 1), 0x60);
    CHECK(memory_is(MEM, 300, 2));
    CHECK(memory_is(MEM + 0x8000, 302, 1));
    CHECK_EQ(inb(BASE + LBA0), (302 & 0xff));

    /* WRITE DMA of 2 sectors from a larger region: done, with the bus master still active. */
    uint8_t src[1024], file[1024];
    for (unsigned k = 0; k < sizeof src; k++)
        src[k] = (uint8_t)(0x80 ^ k ^ (k >> 8));
    phys_write_block(&phys, MEM, src, sizeof src);
    prd_entry(0, MEM, 4096, 1);
    ide_bm_write(ch, 0, 0x00, 1);
    lba28(BASE, 0, 600, 2);
    outb(BASE + CMD, 0xca);
    advance_us(100);                                 /* the command waits for the bus master */
    CHECK_EQ(irq14, 0);
    CHECK_EQ(inb(CTL) & 0x80, 0x80);
    ide_bm_write(ch, 0, 0x01, 1);
    advance_us(100);
    CHECK_EQ(irq14, 1);
    CHECK_EQ(ide_bm_read(ch, 2, 1), 0x65);
    CHECK_EQ(inb(BASE + STATUS), 0x50);
    ide_bm_write(ch, 0, 0x00, 1);
    ide_bm_write(ch, 2, 0x64, 1);
    read_file_at(img, 600 * 512, file, 1024);
    CHECK(memcmp(file, src, 1024) == 0);

    /* A PRD table too short: the bus master stops without an interrupt, the drive still wants data. */
    prd_entry(0, MEM, 1024, 1);
    ide_bm_write(ch, 0, 0x08, 1);
    lba28(BASE, 0, 40, 4);
    outb(BASE + CMD, 0xc8);
    ide_bm_write(ch, 0, 0x09, 1);
    advance_us(100);
    CHECK_EQ(irq14, 0);
    CHECK_EQ(ide_bm_read(ch, 2, 1), 0x60);
    CHECK_EQ(inb(CTL) & 0x89, 0x08);
    CHECK(memory_is(MEM, 40, 2));
    ide_bm_write(ch, 0, 0x00, 1);
    outb(CTL, 0x04);                                 /* the driver resets the drive */
    outb(CTL, 0x00);
    CHECK_EQ(wait_not_busy(CTL), 0x50);

    /* READ DMA EXT. */
    prd_entry(0, MEM, 2048, 1);
    ide_bm_write(ch, 0, 0x08, 1);
    lba48(BASE, 0, 5000, 4);
    outb(BASE + CMD, 0x25);
    ide_bm_write(ch, 0, 0x09, 1);
    advance_us(100);
    CHECK_EQ(irq14, 1);
    CHECK_EQ(inb(BASE + STATUS), 0x50);
    CHECK(memory_is(MEM, 5000, 4));
    ide_bm_write(ch, 0, 0x00, 1);
    ide_bm_write(ch, 2, 0x64, 1);
    /* A DMA read beyond the disk: IDNF, no transfer. */
    lba28(BASE, 0, DISK_SECTORS, 1);
    outb(BASE + CMD, 0xc8);
    ide_bm_write(ch, 0, 0x09, 1);
    advance_us(100);
    CHECK_EQ(inb(BASE + STATUS), 0x51);
    CHECK_EQ(inb(BASE + ERROR), 0x10);
    ide_bm_write(ch, 0, 0x00, 1);
}

/* LBA48 on a sparse 3 TiB image: addresses past 2^28 and 2^32 sectors. */
static void test_lba48(struct ide_channel *ch2)
{
    char err[256];
    uint8_t buf[1024], file[512], id[512];
    uint64_t sectors = 3ull << 31;
    struct block *b = block_open(big, 0, err, sizeof err);
    if (!b || block_size(b) != sectors * 512) {
        printf("LBA48 beyond 2^32 sectors: skipped (no 3 TiB sparse file here)\n");
        block_close(b);
        return;
    }
    CHECK_EQ(ide_attach_disk(ch2, 1, b, err, sizeof err), 0);
    outb(BASE2 + DEVICE, 0xb0);
    CHECK_EQ(inb(BASE2 + STATUS), 0x50);
    outb(BASE2 + CMD, 0xec);
    CHECK_EQ(wait_not_busy(CTL2), 0x58);
    read_words(BASE2, id, 256);
    CHECK_EQ(id_word(id, 1), 16383);
    CHECK_EQ(id_word(id, 60) | (uint32_t)id_word(id, 61) << 16, 0x0fffffff);
    CHECK_EQ(id_word(id, 100) | (uint64_t)id_word(id, 101) << 16 | (uint64_t)id_word(id, 102) << 32, sectors);
    CHECK_EQ(id_word(id, 93), 0x6300);

    uint64_t lba = 0x123456788ull;
    for (unsigned k = 0; k < sizeof buf; k++)
        buf[k] = (uint8_t)(k + 7);
    lba48(BASE2, 1, lba, 2);
    outb(BASE2 + CMD, 0x34);                         /* WRITE SECTORS EXT */
    CHECK_EQ(wait_not_busy(CTL2), 0x58);
    write_words(BASE2, buf, 256);
    CHECK_EQ(wait_not_busy(CTL2), 0x58);
    CHECK_EQ(irq15, 1);
    CHECK_EQ(inb(BASE2 + STATUS), 0x58);
    write_words(BASE2, buf + 512, 256);
    CHECK_EQ(wait_not_busy(CTL2), 0x50);
    CHECK_EQ(irq15, 1);
    CHECK_EQ(inb(BASE2 + STATUS), 0x50);
    read_file_at(big, lba * 512 + 512, file, 512);
    CHECK(memcmp(file, buf + 512, 512) == 0);
    /* The task file: the last sector written, its high bytes behind HOB. */
    CHECK_EQ(inb(BASE2 + LBA0), 0x89);
    CHECK_EQ(inb(BASE2 + LBA1), 0x67);
    CHECK_EQ(inb(BASE2 + LBA2), 0x45);
    outb(CTL2, 0x80);
    CHECK_EQ(inb(BASE2 + LBA0), 0x23);
    CHECK_EQ(inb(BASE2 + LBA1), 0x01);
    CHECK_EQ(inb(BASE2 + LBA2), 0x00);
    outb(BASE2 + FEATURE, 0);                        /* any task-file write clears HOB */
    CHECK_EQ(inb(BASE2 + LBA0), 0x89);

    memset(buf, 0, sizeof buf);
    lba48(BASE2, 1, lba, 2);
    outb(BASE2 + CMD, 0x24);                         /* READ SECTORS EXT */
    CHECK_EQ(wait_not_busy(CTL2), 0x58);
    read_words(BASE2, buf, 256);
    CHECK_EQ(wait_not_busy(CTL2), 0x58);
    read_words(BASE2, buf + 512, 256);
    CHECK_EQ(buf[0], 7);
    CHECK_EQ(buf[1023], (uint8_t)(1023 + 7));
    inb(BASE2 + STATUS);

    /* READ MULTIPLE EXT (blocks of 2 here) and the sector count 0 meaning 65536 is refused at the end. */
    outb(BASE2 + COUNT, 2);
    outb(BASE2 + CMD, 0xc6);
    wait_not_busy(CTL2);
    lba48(BASE2, 1, lba, 2);
    outb(BASE2 + CMD, 0x29);
    CHECK_EQ(wait_not_busy(CTL2), 0x58);
    read_words(BASE2, buf, 512);
    CHECK_EQ(inb(CTL2), 0x50);
    CHECK_EQ(buf[512], (uint8_t)(512 + 7));
    inb(BASE2 + STATUS);
    lba48(BASE2, 1, sectors - 10, 0);
    outb(BASE2 + CMD, 0x24);
    CHECK_EQ(wait_not_busy(CTL2), 0x51);
    CHECK_EQ(inb(BASE2 + ERROR), 0x10);

    /* WRITE DMA EXT past 2^32 sectors. */
    prd_entry(0, MEM, 512, 1);
    for (unsigned k = 0; k < 512; k++)
        phys_write(&phys, MEM + k, (uint8_t)(k * 5), 1);
    ide_bm_write(ch2, 4, PRD, 4);
    ide_bm_write(ch2, 0, 0x00, 1);
    lba48(BASE2, 1, 0x170000000ull, 1);
    outb(BASE2 + CMD, 0x35);
    ide_bm_write(ch2, 0, 0x01, 1);
    advance_us(100);
    CHECK_EQ(inb(BASE2 + STATUS), 0x50);
    read_file_at(big, 0x170000000ull * 512, file, 512);
    CHECK(file[0] == 0 && file[1] == 5 && file[511] == (uint8_t)(511 * 5));
    ide_bm_write(ch2, 0, 0x00, 1);
    outb(BASE2 + DEVICE, 0xa0);
}

/* A disk whose host reads and writes fail. */
static int failing_read(struct block *b, uint64_t o, void *buf, size_t n)
{
    (void)b, (void)o, (void)buf, (void)n;
    return -EIO;
}
static int failing_write(struct block *b, uint64_t o, const void *buf, size_t n)
{
    (void)b, (void)o, (void)buf, (void)n;
    return -EIO;
}
static int failing_flush(struct block *b)
{
    (void)b;
    return -EIO;
}
static void failing_close(struct block *b)
{
    (void)b;
}
static const struct block_ops failing_ops = { failing_read, failing_write, failing_flush, failing_close };

static void test_host_errors(struct ide_channel *ch2)
{
    static struct block bad = { &failing_ops, 64 * 512, 0 };
    char err[128];
    CHECK_EQ(ide_attach_disk(ch2, 0, &bad, err, sizeof err), 0);
    CHECK_EQ(ide_attach_disk(ch2, 0, &bad, err, sizeof err), -1);
    outb(BASE2 + DEVICE, 0xa0);
    lba28(BASE2, 0, 5, 2);
    outb(BASE2 + CMD, 0x20);
    CHECK_EQ(wait_not_busy(CTL2), 0x51);
    CHECK_EQ(inb(BASE2 + ERROR), 0x40);              /* uncorrectable */
    CHECK_EQ(inb(BASE2 + LBA0), 5);
    CHECK_EQ(inb(BASE2 + COUNT), 2);
    CHECK_EQ(irq15, 1);
    inb(BASE2 + STATUS);
    lba28(BASE2, 0, 5, 1);
    outb(BASE2 + CMD, 0x30);
    CHECK_EQ(wait_not_busy(CTL2), 0x58);
    for (unsigned k = 0; k < 256; k++)
        outw(BASE2 + DATA, 0);
    CHECK_EQ(wait_not_busy(CTL2), 0x51);
    CHECK_EQ(inb(BASE2 + ERROR), 0x04);
    outb(BASE2 + CMD, 0xe7);
    CHECK_EQ(wait_not_busy(CTL2), 0x51);
    CHECK_EQ(inb(BASE2 + ERROR), 0x04);
    /* DMA read: aborted with UNC, an interrupt all the same. */
    prd_entry(0, MEM, 1024, 1);
    ide_bm_write(ch2, 4, PRD, 4);
    ide_bm_write(ch2, 0, 0x08, 1);
    lba28(BASE2, 0, 1, 2);
    outb(BASE2 + CMD, 0xc8);
    ide_bm_write(ch2, 0, 0x09, 1);
    advance_us(100);
    CHECK_EQ(irq15, 1);
    CHECK_EQ(inb(BASE2 + STATUS), 0x51);
    CHECK_EQ(inb(BASE2 + ERROR), 0x40);
    ide_bm_write(ch2, 0, 0x00, 1);
}

static void make_images(void)
{
    FILE *f = fopen(img, "wb");
    for (uint64_t lba = 0; lba < DISK_SECTORS; lba++)
        for (unsigned k = 0; k < 512; k++)
            fputc(pattern(lba, k), f);
    fclose(f);
    f = fopen(big, "wb");
    if (f) {
        if (ftruncate(fileno(f), (off_t)(3ull << 40)) < 0)
            perror("ftruncate");
        fclose(f);
    }
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/x86pc-test-ide-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return 2;
    snprintf(img, sizeof img, "%s/hd.img", dir);
    snprintf(big, sizeof big, "%s/big.img", dir);
    make_images();

    struct device_list devices = { .n = 0 };
    ports_init(&ports);
    clock_init(&clock_, 0);
    if (phys_init(&phys, 2u << 20) < 0)
        return 2;
    struct board_services bs = { &ports, &phys, &clock_, &devices };
    char err[256];
    struct ide_channel *ch = ide_create(&bs, 0, (struct irq_line){ set_irq, NULL, 14 }, err, sizeof err);
    struct ide_channel *ch2 = ide_create(&bs, 1, (struct irq_line){ set_irq, NULL, 15 }, err, sizeof err);
    CHECK(ch != NULL && ch2 != NULL);
    if (!ch || !ch2)
        return unit_done();
    CHECK(strcmp(devices.entry[0].name, "ide0") == 0 && strcmp(devices.entry[1].name, "ide1") == 0);
    CHECK_EQ(inb(BASE2 + STATUS), 0xff);             /* no device: the bus floats */
    CHECK_EQ(inb(CTL2), 0xff);
    struct block *b = block_open(img, 0, err, sizeof err);
    CHECK(b != NULL);
    CHECK_EQ(ide_attach_disk(ch, 0, b, err, sizeof err), 0);
    CHECK_EQ(ide_attach_disk(ch, 2, b, err, sizeof err), -1);

    test_presence_and_reset();
    test_identify();
    test_pio_read();
    test_pio_write();
    test_multiple();
    test_errors_and_settings();
    test_dma(ch);
    test_lba48(ch2);
    test_host_errors(ch2);

    /* Saved state is consistent (post_load accepts it); a hard reset brings the power-on state back. */
    for (unsigned k = 0; k < devices.n; k++)
        CHECK_EQ(devices.entry[k].type->post_load(devices.entry[k].dev), 0);
    outb(BASE + COUNT, 0x33);
    devices.entry[0].type->reset(devices.entry[0].dev);
    CHECK_EQ(inb(BASE + STATUS), 0x50);
    CHECK_EQ(inb(BASE + COUNT), 0x01);
    CHECK_EQ(irq14, 0);
    ch->drive[0].data_pos = ch->drive[0].data_end + 1;
    CHECK_EQ(devices.entry[0].type->post_load(devices.entry[0].dev), -1);
    ch->drive[0].data_pos = 0;
    for (unsigned k = devices.n; k-- > 0;)
        devices.entry[k].type->destroy(devices.entry[k].dev);
    phys_free(&phys);
    unlink(img);
    unlink(big);
    rmdir(dir);
    return unit_done();
}
