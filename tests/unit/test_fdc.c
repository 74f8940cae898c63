/* The 82077AA floppy controller driven as a BIOS drives it: reset and the four polling interrupts, SPECIFY,
 * RECALIBRATE, SEEK, SENSE INTERRUPT STATUS, READ DATA through DMA channel 2 into guest memory, WRITE DATA that
 * lands in the image file, multi-track and end-of-track termination, READ ID, FORMAT TRACK, the data rate, write
 * protection, the disk-change line, a DMA channel unmasked late, and the register commands; and the other
 * formats (360K, 1.2M, 2.88M): reads, writes and FORMAT TRACK at their data rates, the wrong rates finding no
 * sector headers, and the change line of a new disk. */
#include "devices/dma.h"
#include "devices/fdc.h"
#include "tests/unit/unit.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { DOR = 0x3f2, MSR = 0x3f4, DSR = 0x3f4, FIFO = 0x3f5, DIR = 0x3f7, CCR = 0x3f7 };
enum { IMG_144 = 1474560, IMG_720 = 737280, BUF = 0x20000 };

static struct ports ports;
static struct phys phys;
static struct clock clock_;
static int irq6;
static char dir[256], img[512], img720[512];

static void irq_set_level(void *opaque, int n, int level)
{
    (void)opaque;
    (void)n;
    irq6 = level;
}

static void advance_us(unsigned us)
{
    clock_advance(&clock_, (uint64_t)us * (clock_.ips / 1000000));
}

/* Waits (in virtual time) for IRQ6, up to limit_us; returns whether it came. */
static int wait_irq(unsigned limit_us)
{
    for (unsigned t = 0; t < limit_us && !irq6; t += 10)
        advance_us(10);
    return irq6;
}

/* Sends a byte when the MSR asks for one, as the BIOS's fdc_out does; returns 0 when it never asks. */
static int out_byte(uint8_t v)
{
    for (int k = 0; k < 1000; k++) {
        if ((ports_read(&ports, MSR, 1) & 0xc0) == 0x80) {
            ports_write(&ports, FIFO, v, 1);
            return 1;
        }
        advance_us(1);
    }
    return 0;
}

static int in_byte(void)
{
    for (int k = 0; k < 1000; k++) {
        if ((ports_read(&ports, MSR, 1) & 0xc0) == 0xc0)
            return (int)ports_read(&ports, FIFO, 1);
        advance_us(1);
    }
    return -1;
}

static int send(const uint8_t *bytes, unsigned n)
{
    int ok = 1;
    for (unsigned k = 0; k < n; k++)
        ok &= out_byte(bytes[k]);
    return ok;
}

static void results(uint8_t *res, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        res[k] = (uint8_t)in_byte();
}

static void sense_interrupt(uint8_t *st0, uint8_t *pcn)
{
    uint8_t r[2] = { 0, 0 };
    out_byte(0x08);
    r[0] = (uint8_t)in_byte();
    if (r[0] != 0x80)
        r[1] = (uint8_t)in_byte();
    *st0 = r[0];
    *pcn = r[1];
}

static void dma_setup(uint8_t mode, uint32_t addr, unsigned bytes)
{
    ports_write(&ports, 0x0a, 0x06, 1);
    ports_write(&ports, 0x0c, 0, 1);
    ports_write(&ports, 0x0b, mode, 1);
    ports_write(&ports, 0x04, addr & 0xff, 1);
    ports_write(&ports, 0x04, addr >> 8 & 0xff, 1);
    ports_write(&ports, 0x81, addr >> 16, 1);
    ports_write(&ports, 0x05, (bytes - 1) & 0xff, 1);
    ports_write(&ports, 0x05, (bytes - 1) >> 8, 1);
    ports_write(&ports, 0x0a, 0x02, 1);
}

static uint8_t pattern(uint32_t lba, unsigned k)
{
    return (uint8_t)(lba * 13 + k * 7 + (k >> 8));
}

static int memory_holds_sectors(uint32_t addr, uint32_t lba, unsigned count)
{
    for (unsigned s = 0; s < count; s++)
        for (unsigned k = 0; k < 512; k++)
            if (phys_read(&phys, addr + s * 512 + k, 1) != pattern(lba + s, k))
                return 0;
    return 1;
}

static void make_image(const char *path, unsigned size)
{
    FILE *f = fopen(path, "wb");
    for (uint32_t lba = 0; lba < size / 512; lba++)
        for (unsigned k = 0; k < 512; k++)
            fputc(pattern(lba, k), f);
    fclose(f);
}

static void read_image(const char *path, uint32_t offset, uint8_t *buf, unsigned n)
{
    FILE *f = fopen(path, "rb");
    fseek(f, (long)offset, SEEK_SET);
    if (fread(buf, 1, n, f) != n)
        memset(buf, 0xee, n);
    fclose(f);
}

static void seek(unsigned drive, unsigned head, unsigned cyl)
{
    uint8_t cmd[3] = { 0x0f, (uint8_t)(head << 2 | drive), (uint8_t)cyl }, st0, pcn;
    send(cmd, 3);
    CHECK(wait_irq(20000));
    sense_interrupt(&st0, &pcn);
    CHECK_EQ(st0, 0x20 | head << 2 | drive);
    CHECK_EQ(pcn, cyl);
}

/* READ DATA (or WRITE DATA) with the BIOS's byte values; res gets the seven result bytes. */
static void read_write_within(uint8_t op, unsigned drive, uint8_t c, uint8_t h, uint8_t r, uint8_t eot,
                              uint8_t *res, unsigned limit_us)
{
    uint8_t cmd[9] = { op, (uint8_t)(h << 2 | drive), c, h, r, 2, eot, 0x1b, 0xff };
    CHECK(send(cmd, 9));
    CHECK(wait_irq(limit_us));
    results(res, 7);
}

static void read_write(uint8_t op, unsigned drive, uint8_t c, uint8_t h, uint8_t r, uint8_t eot, uint8_t *res)
{
    read_write_within(op, drive, c, h, r, eot, res, 100000);
}

static void test_reset_and_registers(void)
{
    uint8_t st0, pcn;
    CHECK_EQ(ports_read(&ports, MSR, 1), 0x00);        /* held in reset at power-on */
    CHECK_EQ(ports_read(&ports, DIR, 1) & 0x80, 0x80); /* drive 0 selected: its disk is new */
    ports_write(&ports, DOR, 0x00, 1);
    ports_write(&ports, DOR, 0x0c, 1);
    CHECK_EQ(irq6, 0);                                 /* not in the same OUT */
    CHECK(wait_irq(1000));
    for (unsigned d = 0; d < 4; d++) {
        sense_interrupt(&st0, &pcn);
        CHECK_EQ(st0, 0xc0 | d);
        CHECK_EQ(pcn, 0);
        if (d == 0)
            CHECK_EQ(irq6, 0);
    }
    sense_interrupt(&st0, &pcn);
    CHECK_EQ(st0, 0x80);                               /* nothing left: invalid */

    /* SPECIFY: the controller is busy for a moment after the last byte, then idle. */
    uint8_t specify[3] = { 0x03, 0xaf, 0x02 };
    CHECK(send(specify, 3));
    CHECK_EQ(ports_read(&ports, MSR, 1), 0x10);
    advance_us(100);
    CHECK_EQ(ports_read(&ports, MSR, 1), 0x80);
    CHECK_EQ(irq6, 0);

    CHECK(out_byte(0x10));
    CHECK_EQ(in_byte(), 0x90);                         /* VERSION: 82077AA */
    CHECK_EQ(ports_read(&ports, MSR, 1), 0x80);

    CHECK(out_byte(0x18));                             /* PART ID does not exist on the 82077AA */
    CHECK_EQ(in_byte(), 0x80);
    CHECK_EQ(irq6, 0);

    uint8_t dump[10];
    CHECK(out_byte(0x0e));
    results(dump, 10);
    CHECK_EQ(dump[4], 0xaf);
    CHECK_EQ(dump[5], 0x02);
    CHECK_EQ(dump[8], 0x60);                           /* CONFIGURE defaults: implied seek, FIFO off, polling on */

    /* CONFIGURE + LOCK survive a reset; unlocked they do not. */
    uint8_t configure[4] = { 0x13, 0x00, 0x57, 0x00 };
    CHECK(send(configure, 4));
    advance_us(100);
    CHECK(out_byte(0x94));
    CHECK_EQ(in_byte(), 0x10);
    ports_write(&ports, DSR, 0x80, 1);                 /* software reset through the DSR */
    CHECK(wait_irq(1000));
    for (unsigned d = 0; d < 4; d++)
        sense_interrupt(&st0, &pcn);
    CHECK(out_byte(0x0e));
    results(dump, 10);
    CHECK_EQ(dump[8], 0x57);
    CHECK_EQ(dump[7] & 0x80, 0x80);
    CHECK(out_byte(0x14));
    CHECK_EQ(in_byte(), 0x00);
    ports_write(&ports, DOR, 0x08, 1);
    ports_write(&ports, DOR, 0x0c, 1);
    CHECK(wait_irq(1000));
    for (unsigned d = 0; d < 4; d++)
        sense_interrupt(&st0, &pcn);
    CHECK(out_byte(0x0e));
    results(dump, 10);
    CHECK_EQ(dump[8], 0x60);

    /* The IRQ line follows DOR bit 3. */
    ports_write(&ports, DOR, 0x04, 1);
    uint8_t recal[2] = { 0x07, 0x00 };
    CHECK(send(recal, 2));
    advance_us(20000);
    CHECK_EQ(irq6, 0);
    ports_write(&ports, DOR, 0x0c, 1);
    CHECK_EQ(irq6, 1);
    sense_interrupt(&st0, &pcn);
    CHECK_EQ(irq6, 0);
}

static void test_seek_and_change_line(void)
{
    uint8_t st0, pcn;
    ports_write(&ports, DOR, 0x1c, 1);                 /* drive 0, motor on */
    uint8_t recal[2] = { 0x07, 0x00 };
    CHECK(send(recal, 2));
    CHECK_EQ(ports_read(&ports, MSR, 1) & 0x01, 0x01); /* drive 0 busy while seeking */
    CHECK(wait_irq(20000));
    CHECK_EQ(ports_read(&ports, MSR, 1), 0x81);        /* still busy until sensed */
    sense_interrupt(&st0, &pcn);
    CHECK_EQ(st0, 0x20);
    CHECK_EQ(pcn, 0);
    CHECK_EQ(ports_read(&ports, MSR, 1), 0x80);
    CHECK_EQ(ports_read(&ports, DIR, 1) & 0x80, 0x00);

    uint8_t sds[2] = { 0x04, 0x04 };
    CHECK(send(sds, 2));
    CHECK_EQ(in_byte(), 0x38 | 0x04);                  /* ready, track 0, two-sided, head 1 */

    seek(0, 1, 5);
    CHECK(send(sds, 2));
    CHECK_EQ(in_byte(), 0x28 | 0x04);

    /* A seek takes longer the farther it goes: 75 tracks is not done after 1 ms. */
    uint8_t far[3] = { 0x0f, 0x00, 80 };
    CHECK(send(far, 3));
    advance_us(1000);
    CHECK_EQ(irq6, 0);
    CHECK(wait_irq(20000));
    sense_interrupt(&st0, &pcn);
    CHECK_EQ(pcn, 80);

    /* RELATIVE SEEK outwards by 10. */
    uint8_t rel[3] = { 0x8f, 0x00, 10 };
    CHECK(send(rel, 3));
    CHECK(wait_irq(20000));
    sense_interrupt(&st0, &pcn);
    CHECK_EQ(pcn, 70);

    /* Recalibrating the absent drive 2 fails with equipment check. */
    uint8_t recal2[2] = { 0x07, 0x02 };
    CHECK(send(recal2, 2));
    CHECK(wait_irq(20000));
    sense_interrupt(&st0, &pcn);
    CHECK_EQ(st0, 0x72);
}

static void test_read(void)
{
    uint8_t res[7];
    ports_write(&ports, DOR, 0x1c, 1);
    ports_write(&ports, CCR, 0x00, 1);                 /* 500 kb/s for 1.44M */
    seek(0, 1, 5);

    /* Two sectors from C5 H1 R3: TC after the second. */
    dma_setup(0x46, BUF, 1024);
    read_write(0xe6, 0, 5, 1, 3, 18, res);
    CHECK_EQ(irq6, 0);                                 /* cleared by the first result byte */
    CHECK_EQ(res[0], 0x04);
    CHECK_EQ(res[1], 0);
    CHECK_EQ(res[2], 0);
    CHECK_EQ(res[3], 5);
    CHECK_EQ(res[4], 1);
    CHECK_EQ(res[5], 5);
    CHECK_EQ(res[6], 2);
    CHECK(memory_holds_sectors(BUF, (5 * 2 + 1) * 18 + 2, 2));
    CHECK_EQ(ports_read(&ports, MSR, 1), 0x80);

    /* Multi-track: R17 and R18 on side 0, then R1 and R2 on side 1. */
    seek(0, 0, 5);
    dma_setup(0x46, BUF, 4 * 512);
    read_write(0xe6, 0, 5, 0, 17, 18, res);
    CHECK_EQ(res[0] & 0xc0, 0);
    CHECK_EQ(res[3], 5);
    CHECK_EQ(res[4], 1);
    CHECK_EQ(res[5], 3);
    CHECK(memory_holds_sectors(BUF, 5 * 2 * 18 + 16, 4));

    /* Without MT, terminal count on EOT ends normally at the next cylinder... */
    dma_setup(0x46, BUF, 2 * 512);
    read_write(0x66, 0, 5, 0, 17, 18, res);
    CHECK_EQ(res[0], 0x00);
    CHECK_EQ(res[1], 0x00);
    CHECK_EQ(res[3], 6);
    CHECK_EQ(res[5], 1);
    /* ...and running past EOT without it ends abnormally with end of cylinder. */
    dma_setup(0x46, BUF, 3 * 512);
    read_write(0x66, 0, 5, 0, 17, 18, res);
    CHECK_EQ(res[0], 0x40);
    CHECK_EQ(res[1], 0x80);
    CHECK_EQ(res[3], 6);
    CHECK_EQ(res[5], 1);

    /* A cylinder that does not match the head position: with implied seeks off (CONFIGURE without EIS), no data,
     * wrong cylinder; with them on (the reset default), the head moves there and the read succeeds. */
    uint8_t no_eis[4] = { 0x13, 0x00, 0x20, 0x00 };
    CHECK(send(no_eis, 4));
    advance_us(100);
    dma_setup(0x46, BUF, 512);
    read_write(0xe6, 0, 7, 0, 1, 18, res);
    CHECK_EQ(res[0] & 0xc0, 0x40);
    CHECK_EQ(res[1], 0x04);
    CHECK_EQ(res[2], 0x10);
    uint8_t eis[4] = { 0x13, 0x00, 0x60, 0x00 };
    CHECK(send(eis, 4));
    advance_us(100);
    dma_setup(0x46, BUF, 512);
    read_write(0xe6, 0, 7, 0, 1, 18, res);
    CHECK_EQ(res[0], 0x20);                            /* normal end, SE: the implied seek moved the heads */
    CHECK_EQ(res[3], 7);
    CHECK(memory_holds_sectors(BUF, 7 * 2 * 18, 1));
    seek(0, 0, 5);
    /* A sector beyond the track: no data. */
    dma_setup(0x46, BUF, 512);
    read_write(0xe6, 0, 5, 0, 19, 19, res);
    CHECK_EQ(res[0] & 0xc0, 0x40);
    CHECK_EQ(res[1], 0x04);

    /* The wrong data rate finds no sector headers: missing address mark, after a revolution. */
    ports_write(&ports, CCR, 0x02, 1);
    dma_setup(0x46, BUF, 512);
    uint8_t cmd[9] = { 0xe6, 0x00, 5, 0, 1, 2, 18, 0x1b, 0xff };
    CHECK(send(cmd, 9));
    advance_us(10000);
    CHECK_EQ(irq6, 0);
    CHECK(wait_irq(300000));
    results(res, 7);
    CHECK_EQ(res[0], 0x40);
    CHECK_EQ(res[1], 0x01);
    ports_write(&ports, CCR, 0x00, 1);

    /* READ ID: the next header under the head, on the current track. */
    uint8_t rid[2] = { 0x4a, 0x04 };
    CHECK(send(rid, 2));
    CHECK(wait_irq(10000));
    results(res, 7);
    CHECK_EQ(res[0], 0x04);
    CHECK_EQ(res[3], 5);
    CHECK_EQ(res[4], 1);
    CHECK(res[5] >= 1 && res[5] <= 18);
    CHECK_EQ(res[6], 2);
    /* In FM mode the MFM headers are not found. */
    uint8_t rid_fm[2] = { 0x0a, 0x00 };
    CHECK(send(rid_fm, 2));
    CHECK(wait_irq(300000));
    results(res, 7);
    CHECK_EQ(res[1], 0x01);

    /* A channel still masked when the controller is ready: it waits, then transfers when unmasked. */
    dma_setup(0x46, BUF + 0x1000, 512);
    ports_write(&ports, 0x0a, 0x06, 1);
    uint8_t rd[9] = { 0xe6, 0x00, 5, 0, 9, 2, 18, 0x1b, 0xff };
    CHECK(send(rd, 9));
    advance_us(5000);
    CHECK_EQ(irq6, 0);
    CHECK_EQ(ports_read(&ports, MSR, 1), 0x10);
    CHECK_EQ(ports_read(&ports, 0x08, 1) & 0x40, 0x40);     /* DREQ 2 shows in the DMA status */
    ports_write(&ports, 0x0a, 0x02, 1);
    CHECK(wait_irq(10000));
    results(res, 7);
    CHECK_EQ(res[0], 0x00);
    CHECK_EQ(res[5], 10);
    CHECK(memory_holds_sectors(BUF + 0x1000, 5 * 2 * 18 + 8, 1));
}

static void test_write_and_format(void)
{
    uint8_t res[7], file[512];
    ports_write(&ports, DOR, 0x1c, 1);
    seek(0, 1, 5);
    for (unsigned k = 0; k < 512; k++)
        phys_write(&phys, BUF + k, (uint8_t)(0xa0 ^ k), 1);
    dma_setup(0x4a, BUF, 512);
    read_write(0xc5, 0, 5, 1, 3, 18, res);
    CHECK_EQ(res[0], 0x04);
    CHECK_EQ(res[5], 4);
    uint32_t lba = (5 * 2 + 1) * 18 + 2;
    read_image(img, lba * 512, file, 512);
    int same = 1;
    for (unsigned k = 0; k < 512; k++)
        same &= file[k] == (uint8_t)(0xa0 ^ k);
    CHECK(same);
    read_image(img, (lba + 1) * 512, file, 512);
    CHECK_EQ(file[0], pattern(lba + 1, 0));             /* the next sector untouched */

    /* FORMAT TRACK 10, side 0: 18 headers by DMA, sectors filled with F6h. */
    seek(0, 0, 10);
    for (unsigned s = 0; s < 18; s++) {
        phys_write(&phys, BUF + s * 4, 10, 1);
        phys_write(&phys, BUF + s * 4 + 1, 0, 1);
        phys_write(&phys, BUF + s * 4 + 2, s + 1, 1);
        phys_write(&phys, BUF + s * 4 + 3, 2, 1);
    }
    dma_setup(0x4a, BUF, 18 * 4);
    uint8_t fmt[6] = { 0x4d, 0x00, 2, 18, 0x6c, 0xf6 };
    CHECK(send(fmt, 6));
    CHECK(wait_irq(10000));
    results(res, 7);
    CHECK_EQ(res[0] & 0xc0, 0);
    read_image(img, 10 * 2 * 18 * 512, file, 512);
    CHECK(file[0] == 0xf6 && file[511] == 0xf6);
    read_image(img, (10 * 2 * 18 + 17) * 512, file, 512);
    CHECK(file[0] == 0xf6 && file[511] == 0xf6);
    read_image(img, (10 * 2 * 18 + 18) * 512, file, 512);
    CHECK_EQ(file[0], pattern(10 * 2 * 18 + 18, 0));    /* side 1 untouched */
}

/* Non-DMA mode (SPECIFY ND): each sector through the FIFO with an interrupt; no terminal count, so a transfer
 * ends at EOT with "end of cylinder", as drivers expect in this mode. */
static void test_non_dma(void)
{
    uint8_t res[7], file[512];
    ports_write(&ports, DOR, 0x1c, 1);
    ports_write(&ports, CCR, 0x00, 1);
    uint8_t specify[3] = { 0x03, 0xaf, 0x03 };
    CHECK(send(specify, 3));
    seek(0, 0, 4);
    uint8_t rd[9] = { 0x46, 0x00, 4, 0, 17, 2, 18, 0x1b, 0xff };
    CHECK(send(rd, 9));
    CHECK_EQ(ports_read(&ports, MSR, 1), 0x30);        /* busy, non-DMA execution */
    int ok = 1;
    for (unsigned s = 0; s < 2; s++) {
        CHECK(wait_irq(10000));
        CHECK_EQ(ports_read(&ports, MSR, 1), 0xf0);    /* a byte for the host */
        for (unsigned k = 0; k < 512; k++) {
            ok &= (ports_read(&ports, MSR, 1) & 0xe0) == 0xe0;
            ok &= ports_read(&ports, FIFO, 1) == pattern(4 * 2 * 18 + 16 + s, k);
        }
        CHECK_EQ(irq6, 0);
        CHECK_EQ(ports_read(&ports, MSR, 1), 0x30);
    }
    CHECK(ok);
    CHECK(wait_irq(10000));
    results(res, 7);
    CHECK_EQ(res[0], 0x40);
    CHECK_EQ(res[1], 0x80);
    CHECK_EQ(res[3], 5);
    CHECK_EQ(res[5], 1);

    uint8_t wr[9] = { 0x45, 0x00, 4, 0, 18, 2, 18, 0x1b, 0xff };
    CHECK(send(wr, 9));
    CHECK(wait_irq(10000));
    CHECK_EQ(ports_read(&ports, MSR, 1), 0xb0);        /* a byte wanted from the host */
    for (unsigned k = 0; k < 512; k++)
        ports_write(&ports, FIFO, (uint8_t)(k ^ 0x77), 1);
    CHECK(wait_irq(10000));
    results(res, 7);
    CHECK_EQ(res[0], 0x40);
    CHECK_EQ(res[1], 0x80);
    read_image(img, (4 * 2 * 18 + 17) * 512, file, 512);
    CHECK(file[0] == 0x77 && file[511] == (uint8_t)(511 ^ 0x77));

    /* FORMAT TRACK 4 side 1: the headers through the FIFO. */
    seek(0, 1, 4);
    uint8_t fmt[6] = { 0x4d, 0x04, 2, 18, 0x6c, 0xe5 };
    CHECK(send(fmt, 6));
    for (unsigned s = 0; s < 18; s++) {
        CHECK(wait_irq(10000));
        uint8_t hdr[4] = { 4, 1, (uint8_t)(s + 1), 2 };
        for (unsigned k = 0; k < 4; k++)
            ports_write(&ports, FIFO, hdr[k], 1);
        advance_us(20);
    }
    CHECK(wait_irq(10000));
    results(res, 7);
    CHECK_EQ(res[0], 0x04);
    CHECK_EQ(res[5], 18);
    read_image(img, (4 * 2 * 18 + 18 + 7) * 512, file, 512);
    CHECK(file[0] == 0xe5 && file[511] == 0xe5);
    read_image(img, (4 * 2 * 18 + 17) * 512, file, 512);
    CHECK_EQ(file[0], 0x77);                           /* side 0 untouched */
    read_image(img, (5 * 2 * 18) * 512, file, 512);
    CHECK_EQ(file[1], pattern(5 * 2 * 18, 1));         /* and the next track */

    specify[2] = 0x02;
    CHECK(send(specify, 3));
    advance_us(100);
}

static void test_protection_and_media(struct fdc *f)
{
    uint8_t res[7], st0, pcn;
    char err[256];
    /* A read-only 720K disk in drive 1. */
    struct block *b = block_open(img720, BLOCK_READ_ONLY, err, sizeof err);
    CHECK(b != NULL);
    CHECK_EQ(fdc_insert(f, 1, b, err, sizeof err), 0);
    CHECK_EQ(fdc_drive_type(f, 1), 3);
    CHECK_EQ(fdc_drive_type(f, 0), 4);
    ports_write(&ports, DOR, 0x2d, 1);
    CHECK_EQ(ports_read(&ports, DIR, 1) & 0x80, 0x80);
    seek(1, 0, 2);
    CHECK_EQ(ports_read(&ports, DIR, 1) & 0x80, 0x00);
    uint8_t sds[2] = { 0x04, 0x01 };
    CHECK(send(sds, 2));
    CHECK_EQ(in_byte(), 0x40 | 0x28 | 0x01);           /* write protected */

    ports_write(&ports, CCR, 0x00, 1);                 /* 500 kb/s: a 720K disk is not found */
    uint8_t rid[2] = { 0x4a, 0x01 };
    CHECK(send(rid, 2));
    CHECK(wait_irq(300000));
    results(res, 7);
    CHECK_EQ(res[0], 0x41);
    CHECK_EQ(res[1], 0x01);
    ports_write(&ports, CCR, 0x02, 1);                 /* 250 kb/s: found */
    dma_setup(0x46, BUF, 512);
    read_write(0xe6, 1, 2, 0, 9, 9, res);
    CHECK_EQ(res[0], 0x01);
    CHECK(memory_holds_sectors(BUF, 2 * 2 * 9 + 8, 1));
    dma_setup(0x4a, BUF, 512);
    read_write(0xc5, 1, 2, 0, 1, 9, res);
    CHECK_EQ(res[0], 0x41);
    CHECK_EQ(res[1], 0x02);                            /* not writable */

    /* Eject: the change line goes active and stays so (no disk) even after a seek. */
    fdc_eject(f, 1);
    CHECK_EQ(fdc_drive_type(f, 1), 0);
    CHECK_EQ(ports_read(&ports, DIR, 1) & 0x80, 0x80);
    seek(1, 0, 3);
    CHECK_EQ(ports_read(&ports, DIR, 1) & 0x80, 0x80);
    dma_setup(0x46, BUF, 512);
    uint8_t cmd[9] = { 0xe6, 0x01, 3, 0, 1, 2, 9, 0x1b, 0xff };
    CHECK(send(cmd, 9));
    CHECK(wait_irq(300000));
    results(res, 7);
    CHECK_EQ(res[0], 0x41);
    CHECK_EQ(res[1], 0x01);
    /* A new disk: active until the next seek. */
    b = block_open(img720, BLOCK_READ_ONLY, err, sizeof err);
    CHECK_EQ(fdc_insert(f, 1, b, err, sizeof err), 0);
    CHECK_EQ(ports_read(&ports, DIR, 1) & 0x80, 0x80);
    seek(1, 0, 0);
    CHECK_EQ(ports_read(&ports, DIR, 1) & 0x80, 0x00);
    ports_write(&ports, DOR, 0x1c, 1);
    (void)st0;
    (void)pcn;

    /* Images of no floppy size are refused with a message, and stay the caller's. */
    char odd[512];
    snprintf(odd, sizeof odd, "%s/odd.img", dir);
    make_image(odd, 1000 * 512);
    b = block_open(odd, 0, err, sizeof err);
    CHECK(b != NULL);
    err[0] = 0;
    CHECK_EQ(fdc_insert(f, 1, b, err, sizeof err), -1);
    CHECK(strstr(err, "512000") != NULL);
    block_close(b);
    unlink(odd);
    CHECK_EQ(fdc_type_for_size(IMG_144), 4);
    CHECK_EQ(fdc_type_for_size(2949120), 5);
    CHECK_EQ(fdc_type_for_size(1228800), 2);
    CHECK_EQ(fdc_type_for_size(368640), 1);
    CHECK_EQ(fdc_type_for_size(1720320), 4);
}

/* A format in drive 1: the drive type by image size; READ DATA (multi-track, two sectors at the end of the last
 * cylinder), WRITE DATA and FORMAT TRACK at the disk's rate (82077AA CCR/DSR: 00 = 500 kb/s, 01 = 300, 10 = 250,
 * 11 = 1 Mb/s); `alt` is another rate the disk reads at (a 360K disk in a 1.2M drive: 300 kb/s) or -1; at every
 * other rate READ ID and READ DATA find no headers (missing address mark), and so past the last cylinder. */
struct format_case {
    uint32_t size;
    unsigned cyls, spt, type;
    int rate, alt;
};

static void test_format(struct fdc *f, const struct format_case *fc)
{
    uint8_t res[7], file[512];
    char err[256], path[512];
    snprintf(path, sizeof path, "%s/fmt%u.img", dir, (unsigned)fc->size);
    make_image(path, fc->size);
    struct block *b = block_open(path, 0, err, sizeof err);
    CHECK(b != NULL);
    if (!b)
        return;
    CHECK_EQ(fdc_insert(f, 1, b, err, sizeof err), 0);
    CHECK_EQ(fdc_drive_type(f, 1), fc->type);
    ports_write(&ports, DOR, 0x2d, 1);                 /* drive 1, its motor on */
    CHECK_EQ(ports_read(&ports, DIR, 1) & 0x80, 0x80); /* a new disk: the change line is active */
    unsigned last = fc->cyls - 1, spt = fc->spt;
    seek(1, 1, last);
    CHECK_EQ(ports_read(&ports, DIR, 1) & 0x80, 0x00); /* until a seek */
    ports_write(&ports, CCR, (uint8_t)fc->rate, 1);

    /* READ DATA, MT: the last two sectors of side 1 of the last cylinder, terminal count after them. */
    dma_setup(0x46, BUF, 1024);
    read_write(0xe6, 1, (uint8_t)last, 1, (uint8_t)(spt - 1), (uint8_t)spt, res);
    CHECK_EQ(res[0], 0x05);
    CHECK_EQ(res[1], 0);
    CHECK_EQ(res[3], last + 1);                        /* past the end of side 1: the next cylinder, R1 */
    CHECK_EQ(res[5], 1);
    CHECK(memory_holds_sectors(BUF, (last * 2 + 1) * spt + spt - 2, 2));

    /* WRITE DATA: the last sector of side 0. */
    seek(1, 0, last);
    for (unsigned k = 0; k < 512; k++)
        phys_write(&phys, BUF + k, (uint8_t)(0x3c ^ k), 1);
    dma_setup(0x4a, BUF, 512);
    read_write(0xc5, 1, (uint8_t)last, 0, (uint8_t)spt, (uint8_t)spt, res);
    CHECK_EQ(res[0], 0x01);
    CHECK_EQ(res[1], 0);
    read_image(path, (last * 2 * spt + spt - 1) * 512, file, 512);
    CHECK(file[0] == 0x3c && file[511] == (uint8_t)(511 ^ 0x3c));
    read_image(path, (last * 2 * spt + spt) * 512, file, 512);
    CHECK_EQ(file[0], pattern(last * 2 * spt + spt, 0));        /* side 1 untouched */

    /* FORMAT TRACK: cylinder 1, side 1, every sector filled with D9h. */
    seek(1, 1, 1);
    for (unsigned k = 0; k < spt; k++) {
        phys_write(&phys, BUF + k * 4, 1, 1);
        phys_write(&phys, BUF + k * 4 + 1, 1, 1);
        phys_write(&phys, BUF + k * 4 + 2, k + 1, 1);
        phys_write(&phys, BUF + k * 4 + 3, 2, 1);
    }
    dma_setup(0x4a, BUF, spt * 4);
    uint8_t fmt[6] = { 0x4d, 0x05, 2, (uint8_t)spt, 0x54, 0xd9 };
    CHECK(send(fmt, 6));
    CHECK(wait_irq(10000));
    results(res, 7);
    CHECK_EQ(res[0], 0x05);
    CHECK_EQ(res[1], 0);
    read_image(path, (3 * spt) * 512, file, 512);
    CHECK(file[0] == 0xd9 && file[511] == 0xd9);
    read_image(path, (3 * spt + spt - 1) * 512, file, 512);
    CHECK(file[0] == 0xd9 && file[511] == 0xd9);
    read_image(path, (2 * spt + spt - 1) * 512, file, 512);
    CHECK_EQ(file[7], pattern(2 * spt + spt - 1, 7));           /* side 0 untouched */
    read_image(path, (4 * spt) * 512, file, 512);
    CHECK_EQ(file[7], pattern(4 * spt, 7));                     /* and the next cylinder */
    dma_setup(0x46, BUF, 512);
    read_write(0xe6, 1, 1, 1, (uint8_t)spt, (uint8_t)spt, res);
    CHECK_EQ(res[0] & 0xc0, 0);
    CHECK_EQ(phys_read(&phys, BUF + 100, 1), 0xd9);

    /* The rates: READ ID finds a header only at the disk's rates. */
    for (int rate = 0; rate < 4; rate++) {
        ports_write(&ports, CCR, (uint8_t)rate, 1);
        uint8_t rid[2] = { 0x4a, 0x05 };
        CHECK(send(rid, 2));
        CHECK(wait_irq(300000));
        results(res, 7);
        if (rate == fc->rate || rate == fc->alt) {
            CHECK_EQ(res[0], 0x05);
            CHECK_EQ(res[1], 0);
            CHECK_EQ(res[3], 1);
            CHECK(res[5] >= 1 && res[5] <= spt);
        } else {
            CHECK_EQ(res[0], 0x45);
            CHECK_EQ(res[1], 0x01);                    /* missing address mark */
        }
    }
    /* READ DATA at a wrong rate: missing address mark, nothing moved. */
    int wrong = fc->rate == 3 ? 0 : 3;
    ports_write(&ports, CCR, (uint8_t)wrong, 1);
    phys_write(&phys, BUF, 0x11, 1);
    dma_setup(0x46, BUF, 512);
    read_write_within(0xe6, 1, 1, 0, 1, (uint8_t)spt, res, 300000);       /* a revolution without headers */
    CHECK_EQ(res[0], 0x41);
    CHECK_EQ(res[1], 0x01);
    CHECK_EQ(phys_read(&phys, BUF, 1), 0x11);
    /* Writes and formats at a wrong rate do not touch the disk either. */
    dma_setup(0x4a, BUF, 512);
    read_write_within(0xc5, 1, 1, 0, 1, (uint8_t)spt, res, 300000);
    CHECK_EQ(res[0], 0x41);
    CHECK_EQ(res[1], 0x01);
    read_image(path, spt * 2 * 512, file, 512);
    CHECK_EQ(file[3], pattern(spt * 2, 3));
    seek(1, 0, 1);
    dma_setup(0x4a, BUF, spt * 4);
    fmt[1] = 0x01;
    CHECK(send(fmt, 6));
    CHECK(wait_irq(300000));
    results(res, 7);
    CHECK_EQ(res[0], 0x41);
    CHECK_EQ(res[1], 0x01);
    read_image(path, (spt * 2 + 1) * 512, file, 512);
    CHECK_EQ(file[3], pattern(spt * 2 + 1, 3));
    ports_write(&ports, CCR, (uint8_t)fc->rate, 1);

    /* Past the last cylinder there are no headers. */
    seek(1, 0, fc->cyls);
    uint8_t rid[2] = { 0x4a, 0x01 };
    CHECK(send(rid, 2));
    CHECK(wait_irq(300000));
    results(res, 7);
    CHECK_EQ(res[0], 0x41);
    CHECK_EQ(res[1], 0x01);
    seek(1, 0, 0);

    fdc_eject(f, 1);
    CHECK_EQ(ports_read(&ports, DIR, 1) & 0x80, 0x80);
    ports_write(&ports, DOR, 0x1c, 1);
    ports_write(&ports, CCR, 0x00, 1);
    unlink(path);
}

static void test_formats(struct fdc *f)
{
    static const struct format_case cases[] = {
        { 368640, 40, 9, 1, 2, 1 },                    /* 360K: 250 kb/s, or 300 in a 1.2M drive */
        { 1228800, 80, 15, 2, 0, -1 },                 /* 1.2M: 500 kb/s */
        { 2949120, 80, 36, 5, 3, -1 },                 /* 2.88M: 1 Mb/s */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        test_format(f, &cases[k]);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/x86pc-test-fdc-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return 2;
    snprintf(img, sizeof img, "%s/a.img", dir);
    snprintf(img720, sizeof img720, "%s/b.img", dir);
    make_image(img, IMG_144);
    make_image(img720, IMG_720);

    struct device_list devices = { .n = 0 };
    ports_init(&ports);
    clock_init(&clock_, 0);
    if (phys_init(&phys, 2u << 20) < 0)
        return 2;
    struct board_services bs = { &ports, &phys, &clock_, &devices };
    char err[256];
    struct dma *dma = dma_create(&bs, err, sizeof err);
    struct irq_line line = { irq_set_level, NULL, 6 };
    struct fdc *f = dma ? fdc_create(&bs, line, dma, err, sizeof err) : NULL;
    CHECK(f != NULL);
    if (!f)
        return unit_done();
    CHECK(strcmp(devices.entry[1].name, "fdc") == 0);
    struct block *b = block_open(img, 0, err, sizeof err);
    CHECK(b != NULL);
    CHECK_EQ(fdc_insert(f, 0, b, err, sizeof err), 0);

    test_reset_and_registers();
    test_seek_and_change_line();
    test_read();
    test_write_and_format();
    test_non_dma();
    test_protection_and_media(f);
    test_formats(f);

    /* Saved state is consistent; a hard reset holds the controller in reset again. */
    for (unsigned k = 0; k < devices.n; k++)
        CHECK_EQ(devices.entry[k].type->post_load(devices.entry[k].dev), 0);
    f->res_pos = 200;
    CHECK_EQ(devices.entry[1].type->post_load(f), -1);
    device_reset_all(&devices);
    CHECK_EQ(ports_read(&ports, MSR, 1), 0x00);
    CHECK_EQ(ports_read(&ports, 0x0f, 1) & 0x0f, 0x0f);     /* DMA channels masked */
    CHECK_EQ(fdc_drive_type(f, 0), 4);                       /* the disk stays in the drive */
    for (unsigned k = devices.n; k-- > 0;)
        devices.entry[k].type->destroy(devices.entry[k].dev);
    phys_free(&phys);
    unlink(img);
    unlink(img720);
    rmdir(dir);
    return unit_done();
}
