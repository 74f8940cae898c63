/* The VGA device on a board-less rig, without guest code: register files and their quirks (attribute flip-flop,
 * CRTC write protect, DAC auto-increment), every write mode and both read modes through the A0000h window, the
 * retrace bit against the virtual clock, the DISPI registers with the bank window and the linear framebuffer
 * (moved as a PCI BAR would be), and the renderer: text cells from a loaded font, palette colours, and redrawing
 * only what changed (a text cell, the lines of a 4 KiB page in a planar mode, the VBE lines sharing a page), the
 * rest of the frame left untouched. Runs on big-endian hosts too (make check-cross). */
#include <string.h>

#include "devices/vga/vga.h"
#include "tests/unit/device_rig.h"
#include "tests/unit/unit.h"

static void gc(struct rig *r, uint8_t index, uint8_t value)
{
    outb(r, 0x3ce, index);
    outb(r, 0x3cf, value);
}

static void seq(struct rig *r, uint8_t index, uint8_t value)
{
    outb(r, 0x3c4, index);
    outb(r, 0x3c5, value);
}

static void crtc(struct rig *r, uint8_t index, uint8_t value)
{
    outb(r, 0x3d4, index);
    outb(r, 0x3d5, value);
}

static void attr(struct rig *r, uint8_t index, uint8_t value)
{
    inb(r, 0x3da);
    outb(r, 0x3c0, index);
    outb(r, 0x3c0, value);
}

static void dispi(struct rig *r, uint16_t index, uint16_t value)
{
    ports_write(&r->ports, 0x1ce, index, 2);
    ports_write(&r->ports, 0x1cf, value, 2);
}

static uint16_t dispi_get(struct rig *r, uint16_t index)
{
    ports_write(&r->ports, 0x1ce, index, 2);
    return (uint16_t)ports_read(&r->ports, 0x1cf, 2);
}

static uint8_t mem(struct rig *r, uint32_t a) { return (uint8_t)phys_read(&r->phys, a, 1); }
static void set_mem(struct rig *r, uint32_t a, uint8_t v) { phys_write(&r->phys, a, v, 1); }

static void test_registers(struct rig *r, struct vga *v)
{
    outb(r, 0x3c2, 0x67);                        /* colour I/O addresses */
    CHECK_EQ(inb(r, 0x3cc), 0x67);
    seq(r, 2, 0x0a);
    outb(r, 0x3c4, 2);
    CHECK_EQ(inb(r, 0x3c5), 0x0a);
    /* CRTC 00h-07h locked by CR11 bit 7, except the line compare bit of CR07 */
    crtc(r, 0x11, 0x80);
    crtc(r, 0x01, 0x4f);
    crtc(r, 0x07, 0x1f);
    CHECK_EQ(v->crtc[1], 0);
    CHECK_EQ(v->crtc[7], 0x10);
    crtc(r, 0x11, 0x00);
    crtc(r, 0x01, 0x4f);
    CHECK_EQ(v->crtc[1], 0x4f);
    /* the monochrome ports are dead while the colour ones are selected */
    CHECK_EQ(inb(r, 0x3b5), 0xff);
    /* attribute controller: index/data flip-flop, reset by reading 3DAh; palette writes only with PAS clear */
    attr(r, 0x05, 0x2a);
    CHECK_EQ(v->attr[5], 0x2a);
    inb(r, 0x3da);
    outb(r, 0x3c0, 0x25);                        /* index 5 with the palette address source set */
    outb(r, 0x3c0, 0x11);
    CHECK_EQ(v->attr[5], 0x2a);
    outb(r, 0x3c0, 0x05);
    CHECK_EQ(inb(r, 0x3c1), 0x2a);
    /* DAC: three writes per entry, auto-increment, read back through 3C7h */
    outb(r, 0x3c8, 7);
    for (int k = 0; k < 6; k++)
        outb(r, 0x3c9, (uint8_t)(0x10 + k));
    outb(r, 0x3c7, 8);
    CHECK_EQ(inb(r, 0x3c9), 0x13);
    CHECK_EQ(inb(r, 0x3c9), 0x14);
    CHECK_EQ(inb(r, 0x3c9), 0x15);
    CHECK_EQ(inb(r, 0x3c7), 3);                  /* DAC in read mode */
    CHECK_EQ(inb(r, 0x3c8), 9);
}

/* Planar memory: GC memory map 1 (A0000h, 64 KiB), sequential addressing, all planes. */
static void planar_mode(struct rig *r)
{
    seq(r, 4, 0x06);
    seq(r, 2, 0x0f);
    gc(r, 6, 0x05);
    gc(r, 5, 0x00);
    gc(r, 8, 0xff);
    gc(r, 1, 0x00);
    gc(r, 3, 0x00);
}

static void test_write_read_modes(struct rig *r, struct vga *v)
{
    planar_mode(r);
    set_mem(r, 0xa0000, 0x5a);                   /* write mode 0: the byte to every plane */
    for (unsigned p = 0; p < 4; p++)
        CHECK_EQ(v->vram[p], 0x5a);
    seq(r, 2, 0x05);                             /* map mask: planes 0 and 2 */
    set_mem(r, 0xa0001, 0xff);
    CHECK_EQ(v->vram[4], 0xff);
    CHECK_EQ(v->vram[5], 0x00);
    CHECK_EQ(v->vram[6], 0xff);
    seq(r, 2, 0x0f);
    gc(r, 3, 0x02);                              /* rotate by 2 */
    set_mem(r, 0xa0002, 0x03);
    CHECK_EQ(v->vram[8], 0xc0);
    gc(r, 3, 0x00);
    gc(r, 0, 0x09);                              /* set/reset 1001b on all planes */
    gc(r, 1, 0x0f);
    set_mem(r, 0xa0003, 0x00);
    CHECK_EQ(v->vram[12], 0xff);
    CHECK_EQ(v->vram[13], 0x00);
    CHECK_EQ(v->vram[15], 0xff);
    gc(r, 1, 0x00);
    /* the bit mask keeps latch bits: latches from byte 0 (5Ah), CPU FFh, mask F0h */
    (void)mem(r, 0xa0000);
    gc(r, 8, 0xf0);
    set_mem(r, 0xa0004, 0xff);
    CHECK_EQ(v->vram[16], 0xfa);
    gc(r, 8, 0xff);
    /* logical operations with the latches: XOR */
    (void)mem(r, 0xa0000);
    gc(r, 3, 0x18);
    set_mem(r, 0xa0005, 0xff);
    CHECK_EQ(v->vram[20], 0xa5);
    gc(r, 3, 0x00);
    /* write mode 1: the latches as they are */
    (void)mem(r, 0xa0003);
    gc(r, 5, 0x01);
    set_mem(r, 0xa0006, 0x00);
    CHECK_EQ(v->vram[24], 0xff);
    CHECK_EQ(v->vram[25], 0x00);
    /* write mode 2: CPU bits 0-3 as colours */
    gc(r, 5, 0x02);
    set_mem(r, 0xa0007, 0x06);
    CHECK_EQ(v->vram[28], 0x00);
    CHECK_EQ(v->vram[29], 0xff);
    CHECK_EQ(v->vram[30], 0xff);
    CHECK_EQ(v->vram[31], 0x00);
    /* write mode 3: set/reset colour, CPU byte ANDed into the bit mask */
    gc(r, 5, 0x03);
    gc(r, 0, 0x0f);
    (void)mem(r, 0xa0007);
    set_mem(r, 0xa0007, 0x0f);
    CHECK_EQ(v->vram[28], 0x0f);
    CHECK_EQ(v->vram[29], 0xff);
    gc(r, 5, 0x00);
    /* read mode 0: the plane of the read map select */
    gc(r, 4, 2);
    CHECK_EQ(mem(r, 0xa0001), 0xff);
    gc(r, 4, 1);
    CHECK_EQ(mem(r, 0xa0001), 0x00);
    /* read mode 1: colour compare 0101b over planes 0-2 (don't care plane 3) */
    gc(r, 5, 0x08);
    gc(r, 2, 0x05);
    gc(r, 7, 0x07);
    CHECK_EQ(mem(r, 0xa0001), 0xff);
    gc(r, 2, 0x00);
    CHECK_EQ(mem(r, 0xa0001), 0x00);
    gc(r, 5, 0x00);
    gc(r, 4, 0);
    /* chain-4: linear bytes; odd/even: alternate planes */
    seq(r, 4, 0x0e);
    set_mem(r, 0xa0101, 0x77);
    CHECK_EQ(v->vram[0x101], 0x77);
    CHECK_EQ(mem(r, 0xa0101), 0x77);
    seq(r, 4, 0x02);
    gc(r, 5, 0x10);
    gc(r, 6, 0x0e);                              /* B8000h, odd/even */
    set_mem(r, 0xb8010, 'A');
    set_mem(r, 0xb8011, 0x1e);
    CHECK_EQ(v->vram[0x10 << 2], 'A');
    CHECK_EQ(v->vram[(0x10 << 2) | 1], 0x1e);
    CHECK_EQ(mem(r, 0xb8011), 0x1e);
    CHECK_EQ(mem(r, 0xa0000), 0xff);             /* outside the B8000h window */
}

static void test_retrace(struct rig *r)
{
    /* the 80x25 text timing: 449 lines of 800 dots at 25.175 MHz, 70 Hz; retrace lines 412-413 */
    static const uint8_t regs[25] = { 0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0,
                                      0, 0, 0, 0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff };
    outb(r, 0x3c2, 0x67);
    seq(r, 1, 0x00);
    for (uint8_t k = 0; k < 25; k++)
        crtc(r, k, regs[k]);
    unsigned retrace = 0, changes = 0, last = 0;
    for (unsigned k = 0; k < 20000; k++) {       /* 1 us steps over 20 ms */
        unsigned s = inb(r, 0x3da) & 8;
        retrace += s != 0;
        changes += s != last;
        last = s;
        rig_advance_ns(r, 1000);
    }
    /* one frame is 14.3 ms: retrace begins and ends once or twice in 20 ms, for 2 lines (63.6 us) each */
    CHECK(changes >= 2 && changes <= 4);
    CHECK(retrace >= 60 && retrace <= 130);
}

static void test_dispi(struct rig *r, struct vga *v)
{
    CHECK_EQ(dispi_get(r, VBE_INDEX_ID), VBE_ID5);
    CHECK_EQ(dispi_get(r, VBE_INDEX_VIDEO_MEMORY_64K), VGA_VRAM_SIZE >> 16);
    dispi(r, VBE_INDEX_ENABLE, VBE_GETCAPS);
    CHECK_EQ(dispi_get(r, VBE_INDEX_XRES), VGA_MAX_WIDTH);
    CHECK_EQ(dispi_get(r, VBE_INDEX_BPP), 32);
    dispi(r, VBE_INDEX_ENABLE, 0);
    dispi(r, VBE_INDEX_XRES, 320);
    dispi(r, VBE_INDEX_YRES, 200);
    dispi(r, VBE_INDEX_BPP, 32);
    v->vram[5] = 0x99;
    vga_render(v);                               /* no dirty pages left from the earlier tests */
    dispi(r, VBE_INDEX_ENABLE, VBE_ENABLED | VBE_LFB_ENABLED);
    CHECK_EQ(v->vram[5], 0);                     /* cleared without NOCLEARMEM */
    CHECK_EQ(dispi_get(r, VBE_INDEX_VIRT_WIDTH), 320);
    dispi(r, VBE_INDEX_XRES, 640);               /* fixed while enabled */
    CHECK_EQ(dispi_get(r, VBE_INDEX_XRES), 320);
    vga_render(v);                               /* the cleared memory drawn once, then nothing is redrawn */
    vga_frame_seen(v);
    const struct vga_frame *f = vga_render(v);
    CHECK(f->dirty_y0 > f->dirty_y1);
    /* the bank window */
    dispi(r, VBE_INDEX_BANK, 2);
    set_mem(r, 0xa0010, 0x42);
    CHECK_EQ(v->vram[0x20010], 0x42);
    /* the linear framebuffer, little-endian whatever the host */
    phys_write(&r->phys, VGA_LFB_DEFAULT_BASE + 8, 0x00ff8040, 4);
    CHECK_EQ(v->vram[8], 0x40);
    CHECK_EQ(v->vram[10], 0xff);
    CHECK_EQ(phys_read(&r->phys, VGA_LFB_DEFAULT_BASE + 8, 4), 0x00ff8040);
    vga_set_lfb_base(v, 0xfd000000);             /* as a PCI BAR */
    CHECK_EQ(phys_read(&r->phys, 0xfd000008, 4), 0x00ff8040);
    CHECK_EQ(phys_read(&r->phys, VGA_LFB_DEFAULT_BASE + 8, 4), 0xffffffff);
    f = vga_render(v);
    CHECK_EQ(f->width, 320);
    CHECK_EQ(f->height, 200);
    CHECK_EQ(f->pixels[2], 0xff8040);
    vga_frame_seen(v);
    /* only the lines sharing the changed 4 KiB of video memory are drawn again */
    phys_write(&r->phys, 0xfd000000 + 320 * 4 * 100, 0x123456, 4);
    f = vga_render(v);
    CHECK(f->dirty_y0 <= 100 && f->dirty_y1 >= 100 && f->dirty_y1 - f->dirty_y0 <= 4);
    CHECK_EQ(f->pixels[320 * 100], 0x123456);
    vga_frame_seen(v);
    f = vga_render(v);
    CHECK(f->dirty_y0 > f->dirty_y1);
    dispi(r, VBE_INDEX_ENABLE, 0);
}

/* 80x25 text with an 8x16 glyph for 'A' in plane 2, rendered. */
static void test_text_render(struct rig *r, struct vga *v)
{
    static const uint8_t regs[25] = { 0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0,
                                      0, 0, 0, 0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff };
    static const uint8_t attrs[21] = { 0, 1, 2, 3, 4, 5, 0x14, 7, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
                                       0x0c, 0, 0x0f, 0x08, 0 };
    outb(r, 0x3c2, 0x67);
    seq(r, 1, 0x00);
    seq(r, 3, 0x00);
    for (uint8_t k = 0; k < 25; k++)
        crtc(r, k, regs[k]);
    for (uint8_t k = 0; k < 21; k++)
        attr(r, k, attrs[k]);
    outb(r, 0x3c0, 0x20);                        /* screen on */
    outb(r, 0x3c8, 1);                           /* DAC 1: blue 2Ah, DAC 3Fh: white */
    outb(r, 0x3c9, 0);
    outb(r, 0x3c9, 0);
    outb(r, 0x3c9, 0x2a);
    outb(r, 0x3c8, 0x3f);
    for (int k = 0; k < 3; k++)
        outb(r, 0x3c9, 0x3f);
    /* the glyph: a full line at scan line 3 */
    planar_mode(r);
    seq(r, 2, 0x04);
    set_mem(r, 0xa0000 + 'A' * 32 + 3, 0xff);
    /* text addressing, 'A' white on blue at row 1, column 2 */
    seq(r, 2, 0x03);
    seq(r, 4, 0x02);
    gc(r, 5, 0x10);
    gc(r, 6, 0x0e);
    set_mem(r, 0xb8000 + (80 + 2) * 2, 'A');
    set_mem(r, 0xb8000 + (80 + 2) * 2 + 1, 0x1f);
    crtc(r, 0x0a, 0x20);                         /* no cursor */
    const struct vga_frame *f = vga_render(v);
    CHECK_EQ(f->width, 720);
    CHECK_EQ(f->height, 400);
    unsigned y = 16 + 3, x = 2 * 9;
    CHECK_EQ(f->pixels[y * 720 + x], 0xffffff);
    CHECK_EQ(f->pixels[y * 720 + x + 7], 0xffffff);
    CHECK_EQ(f->pixels[y * 720 + x + 8], 0x0000a8);   /* ninth dot: background for 'A' */
    CHECK_EQ(f->pixels[(y + 1) * 720 + x], 0x0000a8);
    CHECK_EQ(f->pixels[0], 0);
    struct vga_text t;
    CHECK_EQ(vga_text_snapshot(v, &t), 0);
    CHECK_EQ(t.cols, 80);
    CHECK_EQ(t.rows, 25);
    CHECK_EQ(t.ch[1][2], 'A');
    CHECK_EQ(t.attr[1][2], 0x1f);
    vga_frame_seen(v);
    /* a change in one cell redraws that cell only: the rest of the frame keeps a sentinel colour */
    for (size_t k = 0; k < (size_t)720 * 400; k++)
        v->frame.pixels[k] = 0x123456;
    set_mem(r, 0xb8000 + (80 * 10 + 5) * 2, 'A');
    f = vga_render(v);
    CHECK_EQ(f->dirty_y0, 160);
    CHECK_EQ(f->dirty_y1, 175);
    unsigned touched = 0, outside = 0;
    for (unsigned yy = 0; yy < 400; yy++)
        for (unsigned xx = 0; xx < 720; xx++)
            if (f->pixels[yy * 720 + xx] != 0x123456) {
                touched++;
                outside += yy < 160 || yy > 175 || xx < 5 * 9 || xx >= 6 * 9;
            }
    CHECK_EQ(touched, 9 * 16);
    CHECK_EQ(outside, 0);
    /* the preset row scan (CR08 = 2), pel panning (attribute 13h = 1: 2 dots in 9-dot cells) and a split screen
     * inside a character row (line compare 199: address 0 from line 200, unpanned with attribute 10h bit 5): the
     * line of 'A' at row 1, column 2 (dots 18-25 of scan line 19) shows at line 17 from x = 16, and again at
     * line 200 + 19 from x = 18 */
    crtc(r, 0x08, 2);
    attr(r, 0x13, 1);
    attr(r, 0x10, 0x2c);
    crtc(r, 0x18, 199);
    crtc(r, 0x07, 0x0f);                         /* line compare bit 8 clear (and VDE bit 8 kept) */
    crtc(r, 0x09, 0x0f);                         /* bit 9 clear */
    outb(r, 0x3c0, 0x20);
    f = vga_render(v);
    CHECK_EQ(f->pixels[17 * 720 + 15], 0);           /* the empty cell before */
    CHECK_EQ(f->pixels[17 * 720 + 16], 0xffffff);
    CHECK_EQ(f->pixels[17 * 720 + 23], 0xffffff);
    CHECK_EQ(f->pixels[17 * 720 + 24], 0x0000a8);
    CHECK_EQ(f->pixels[219 * 720 + 17], 0);
    CHECK_EQ(f->pixels[219 * 720 + 18], 0xffffff);
    CHECK_EQ(f->pixels[219 * 720 + 25], 0xffffff);
    CHECK_EQ(f->pixels[219 * 720 + 26], 0x0000a8);   /* the ninth dot, unpanned */
    CHECK_EQ(f->pixels[220 * 720 + 18], 0x0000a8);
    vga_frame_seen(v);
    f = vga_render(v);                           /* nothing changed since */
    CHECK(f->dirty_y0 > f->dirty_y1);
    crtc(r, 0x08, 0);
    attr(r, 0x13, 8);                            /* 8: no panning in 9-dot cells */
    attr(r, 0x10, 0x0c);
    crtc(r, 0x18, 0xff);
    crtc(r, 0x07, 0x1f);
    crtc(r, 0x09, 0x4f);
    outb(r, 0x3c0, 0x20);
    /* moving the cursor redraws the cell it leaves and the one it reaches, nothing else */
    crtc(r, 0x0e, 0);
    crtc(r, 0x0f, 80 * 3 + 7);
    crtc(r, 0x0a, 0x0e);                         /* cursor lines 14-15, shown at this point of the clock */
    crtc(r, 0x0b, 0x0f);
    vga_render(v);
    vga_frame_seen(v);
    for (size_t k = 0; k < (size_t)720 * 400; k++)
        v->frame.pixels[k] = 0x123456;
    crtc(r, 0x0f, 80 + 2);                       /* onto the 'A' in white on blue */
    f = vga_render(v);
    CHECK_EQ(f->dirty_y0, 16);
    CHECK_EQ(f->dirty_y1, 3 * 16 + 15);
    touched = 0;
    for (unsigned yy = 0; yy < 400; yy++)
        for (unsigned xx = 0; xx < 720; xx++)
            touched += f->pixels[yy * 720 + xx] != 0x123456;
    CHECK_EQ(touched, 2 * 9 * 16);
    CHECK_EQ(f->pixels[(16 + 14) * 720 + 2 * 9 + 8], 0xffffff);   /* the cursor, all nine dots... */
    CHECK_EQ(f->pixels[(16 + 13) * 720 + 2 * 9 + 8], 0x0000a8);
    CHECK_EQ(f->pixels[(3 * 16 + 14) * 720 + 7 * 9], 0);          /* ...and gone from its old cell */
    crtc(r, 0x0a, 0x20);
}

/* Mode 12h (640x480, 16 colours) programmed through the registers: after a full render, a one-byte write redraws
 * only the lines whose fetched video memory shares the written 4 KiB page, and leaves every other pixel of the frame
 * as it was (the test paints the frame with a sentinel colour to see what the renderer touched). */
static void test_planar_dirty(struct rig *r, struct vga *v)
{
    static const uint8_t regs[25] = { 0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0x0b, 0x3e, 0x00, 0x40, 0, 0, 0,
                                      0, 0, 0, 0xea, 0x8c, 0xdf, 0x28, 0x00, 0xe7, 0x04, 0xe3, 0xff };
    outb(r, 0x3c2, 0xe3);
    seq(r, 1, 0x01);
    seq(r, 3, 0x00);
    crtc(r, 0x11, 0x00);
    for (uint8_t k = 0; k < 25; k++)
        crtc(r, k, regs[k]);
    for (uint8_t k = 0; k < 16; k++)
        attr(r, k, k);
    attr(r, 0x10, 0x01);
    attr(r, 0x12, 0x0f);
    attr(r, 0x13, 0x00);
    attr(r, 0x14, 0x00);
    outb(r, 0x3c0, 0x20);
    planar_mode(r);
    outb(r, 0x3c8, 15);                          /* DAC 15: white */
    for (int k = 0; k < 3; k++)
        outb(r, 0x3c9, 0x3f);
    const struct vga_frame *f = vga_render(v);
    CHECK_EQ(f->width, 640);
    CHECK_EQ(f->height, 480);
    vga_frame_seen(v);
    f = vga_render(v);                           /* nothing changed: nothing drawn */
    CHECK(f->dirty_y0 > f->dirty_y1);
    for (size_t k = 0; k < (size_t)640 * 480; k++)
        v->frame.pixels[k] = 0x123456;
    /* 8 white pixels at line 200, x 80-87: plane offset 200 * 80 + 10, vram page 64040 >> 12 = 15 */
    set_mem(r, 0xa0000 + 200 * 80 + 10, 0xff);
    f = vga_render(v);
    /* the page holds lines 192-204; line 191 fetches one byte past its end (for panning) into it too */
    CHECK(f->dirty_y0 >= 191 && f->dirty_y0 <= 200);
    CHECK(f->dirty_y1 >= 200 && f->dirty_y1 <= 204);
    CHECK_EQ(f->pixels[200 * 640 + 80], 0xffffff);
    CHECK_EQ(f->pixels[200 * 640 + 87], 0xffffff);
    CHECK_EQ(f->pixels[200 * 640 + 88], 0);
    CHECK_EQ(f->pixels[200 * 640 + 79], 0);
    unsigned touched = 0, outside = 0;
    for (unsigned y = 0; y < 480; y++)
        for (unsigned x = 0; x < 640; x++)
            if (f->pixels[y * 640 + x] != 0x123456) {
                touched++;
                outside += y < f->dirty_y0 || y > f->dirty_y1;
            }
    CHECK_EQ(outside, 0);
    CHECK(touched >= 640 && touched <= 14 * 640);  /* whole lines, at most those of the page */
    vga_frame_seen(v);
    f = vga_render(v);
    CHECK(f->dirty_y0 > f->dirty_y1);
    /* byte panning (CR08 bits 5-6) adds to the start address: 2 bytes, 16 pixels left, the split part unmoved */
    crtc(r, 0x08, 0x40);
    crtc(r, 0x18, 0x0f);                         /* line compare 15: address 0 again from line 16 */
    crtc(r, 0x07, 0x0e);
    crtc(r, 0x09, 0x00);
    set_mem(r, 0xa0000 + 2, 0x80);               /* a white dot at x = 16 of line 0 */
    f = vga_render(v);
    CHECK_EQ(f->pixels[0], 0xffffff);
    CHECK_EQ(f->pixels[16], 0);
    CHECK_EQ(f->pixels[16 * 640 + 16], 0xffffff);
    CHECK_EQ(f->pixels[16 * 640], 0);
    crtc(r, 0x08, 0x00);
}

int main(void)
{
    struct rig r;
    rig_init(&r);
    char err[128];
    struct vga *v = vga_create(&r.bs, err, sizeof err);
    CHECK(v != NULL);
    if (!v)
        return unit_done();
    test_registers(&r, v);
    test_write_read_modes(&r, v);
    test_retrace(&r);
    test_dispi(&r, v);
    memset(v->vram, 0, VGA_VRAM_SIZE);
    test_text_render(&r, v);
    memset(v->vram, 0, VGA_VRAM_SIZE);
    test_planar_dirty(&r, v);
    rig_free(&r);
    return unit_done();
}
