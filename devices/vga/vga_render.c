/* The renderer's common part: what the registers say the screen is (geometry), colours through the attribute
 * controller and the DAC, the frame buffer and its changed lines, and the text snapshot. The drawing itself is in
 * vga_render_text.c and vga_render_graphics.c. */
#include "devices/vga/vga.h"

#include <stdlib.h>
#include <string.h>

static unsigned vertical_display_lines(const struct vga *v)
{
    return (v->crtc[0x12] | (v->crtc[7] & 2) << 7 | (v->crtc[7] & 0x40) << 3) + 1u;
}

static void vbe_geometry(const struct vga *v, struct vga_geometry *g)
{
    g->kind = VGA_KIND_VBE;
    g->bpp = v->vbe[VBE_INDEX_BPP];
    unsigned bytes = (g->bpp + 7) / 8;
    g->width = v->vbe[VBE_INDEX_XRES];
    g->height = v->vbe[VBE_INDEX_YRES];
    g->stride = (unsigned)v->vbe[VBE_INDEX_VIRT_WIDTH] * bytes;
    g->start = ((unsigned)v->vbe[VBE_INDEX_Y_OFFSET] * v->vbe[VBE_INDEX_VIRT_WIDTH] + v->vbe[VBE_INDEX_X_OFFSET]) *
               bytes;
}

static void text_geometry(const struct vga *v, struct vga_geometry *g, unsigned lines)
{
    g->kind = VGA_KIND_TEXT;
    g->char_width = (v->seq[1] & 1) ? 8 : 9;
    g->char_height = g->max_scan + 1;
    g->cols = g->char_clocks;
    g->dot_repeat = (v->seq[1] & 8) ? 2 : 1;
    g->width = g->cols * g->char_width * g->dot_repeat;
    g->line_repeat = g->scan_divide;
    g->height = lines / g->line_repeat;
    g->rows = (g->height + g->char_height - 1) / g->char_height;
    unsigned pan = v->attr[0x13] & 15;
    g->pan = g->char_width == 9 ? (pan >= 8 ? 0 : pan + 1) : (pan & 7);
}

static void graphics_geometry(const struct vga *v, struct vga_geometry *g, unsigned lines)
{
    if (v->gc[5] & 0x40) {
        g->kind = VGA_KIND_256;
        g->width = g->char_clocks * 4;
        g->pan = (v->attr[0x13] & 7) / 2;
    } else {
        g->kind = (v->gc[5] & 0x20) ? VGA_KIND_CGA : VGA_KIND_PLANAR;
        g->width = g->char_clocks * 8;
        g->pan = v->attr[0x13] & 7;
    }
    /* Without row-scan address substitution (CR17 bits 0-1 set) the lines of a character row repeat: one
     * picture line each, as a monitor shows them. */
    g->line_repeat = g->scan_divide * ((v->crtc[0x17] & 3) == 3 ? g->max_scan + 1 : 1);
    g->height = lines / g->line_repeat;
}

void vga_compute_geometry(const struct vga *v, struct vga_geometry *g)
{
    memset(g, 0, sizeof *g);
    if (vbe_active(v)) {
        vbe_geometry(v, g);
        return;
    }
    unsigned lines = vertical_display_lines(v);
    /* CR08 bits 5-6, byte panning, add to the start address (above the split screen only) */
    g->start = ((unsigned)v->crtc[0x0c] << 8 | v->crtc[0x0d]) + ((v->crtc[8] >> 5) & 3u);
    g->row_advance = v->crtc[0x13] * 2u;
    g->char_clocks = v->crtc[1] + 1u;
    g->scan_divide = (v->crtc[9] & 0x80) ? 2 : 1;
    g->max_scan = v->crtc[9] & 0x1f;
    g->line_compare = v->crtc[0x18] | (v->crtc[7] & 0x10) << 4 | (v->crtc[9] & 0x40) << 3;
    if (v->gc[6] & 1)
        graphics_geometry(v, g, lines);
    else
        text_geometry(v, g, lines);
    int blanked = (v->seq[1] & 0x20) || !(v->attr_index & 0x20) || !(v->crtc[0x17] & 0x80);
    if (g->width < 8 || g->height < 8 || g->width > VGA_MAX_WIDTH || g->height > VGA_MAX_HEIGHT) {
        blanked = 1;
        g->width = 640;
        g->height = 480;
    }
    if (blanked)
        g->kind = VGA_KIND_OFF;
}

/* A 4-bit colour through the colour plane enable, the palette registers and the colour select register, then the
 * pel mask and the DAC. */
uint32_t vga_attr_color(const struct vga *v, unsigned index4)
{
    index4 &= v->attr[0x12] & 0x0f;
    unsigned p = v->attr[index4];
    if (v->attr[0x10] & 0x80)
        p = (p & 0x0f) | (v->attr[0x14] & 3u) << 4;
    p = (p & 0x3f) | (v->attr[0x14] & 0x0cu) << 4;
    return v->palette_rgb[p & v->pel_mask];
}

/* The plane offset the CRTC fetches for memory address counter `ma` on row scan line `row_scan`: byte, word or
 * doubleword addressing, and the CGA-style substitution of row scan bits for address bits 13 and 14. In the
 * 256-colour shift mode the doubleword shift is not applied: chain-4 stores pixels linearly (as in QEMU). */
uint32_t vga_plane_address(const struct vga *v, uint32_t ma, unsigned row_scan)
{
    uint32_t a;
    if (v->crtc[0x14] & 0x40)
        a = (v->gc[5] & 0x40) ? ma : ma << 2;
    else if (v->crtc[0x17] & 0x40)
        a = ma;
    else
        a = ma << 1 | ((ma >> ((v->crtc[0x17] & 0x20) ? 15 : 13)) & 1);
    if (!(v->crtc[0x17] & 1))
        a = (a & ~0x2000u) | (row_scan & 1) << 13;
    if (!(v->crtc[0x17] & 2))
        a = (a & ~0x4000u) | (row_scan & 2) << 13;
    return a & 0xffff;
}

int vga_range_dirty(const struct vga *v, uint32_t lo, uint32_t hi)
{
    if (hi > VGA_VRAM_SIZE || lo >= hi)
        return 1;
    for (uint32_t page = lo >> VGA_PAGE_SHIFT; page <= (hi - 1) >> VGA_PAGE_SHIFT; page++)
        if (v->page_dirty[page])
            return 1;
    return 0;
}

void vga_frame_touch(struct vga *v, unsigned y0, unsigned y1)
{
    struct vga_frame *f = &v->frame;
    if (f->dirty_y0 > f->dirty_y1) {
        f->dirty_y0 = y0;
        f->dirty_y1 = y1;
    } else {
        if (y0 < f->dirty_y0)
            f->dirty_y0 = y0;
        if (y1 > f->dirty_y1)
            f->dirty_y1 = y1;
    }
    f->generation++;
}

/* Cursor and character blinking from the virtual clock: the cursor toggles every 8 frames and blinking
 * characters every 16 (at 70 Hz), as the VGA's frame counter does. Bit 0: cursor shown; bit 1: blinking
 * characters shown. */
unsigned vga_blink_phase(const struct vga *v)
{
    uint64_t frames = clock_ns(v->clock) / 14268000u;
    return (unsigned)(((frames >> 3) & 1) ? 0 : 1) | (unsigned)(((frames >> 4) & 1) ? 0 : 2);
}

static void rebuild_palette(struct vga *v)
{
    int eight_bit = (v->vbe[VBE_INDEX_ENABLE] & VBE_8BIT_DAC) != 0;
    for (unsigned k = 0; k < 256; k++) {
        uint32_t rgb = 0;
        for (unsigned c = 0; c < 3; c++) {
            uint32_t x = v->dac[k * 3 + c];
            /* 6 to 8 bits the way QEMU does it (the low bit fills the two new ones), so screenshots match */
            x = eight_bit ? x & 0xff : ((x & 0x3f) << 2 | (x & 1) * 3);
            rgb = rgb << 8 | x;
        }
        v->palette_rgb[k] = rgb;
    }
}

static int resize_frame(struct vga *v, unsigned width, unsigned height)
{
    struct vga_frame *f = &v->frame;
    if (f->pixels && f->width == width && f->height == height)
        return 0;
    uint32_t *p = realloc(f->pixels, (size_t)width * height * sizeof *p);
    if (!p)
        return -1;
    memset(p, 0, (size_t)width * height * sizeof *p);  /* parts no renderer covers (text past 132 columns) */
    f->pixels = p;
    f->width = width;
    f->height = height;
    return 0;
}

const struct vga_frame *vga_render(struct vga *v)
{
    struct vga_geometry g;
    vga_compute_geometry(v, &g);
    int full = v->full_redraw || memcmp(&g, &v->last_geometry, sizeof g) != 0 || !v->frame.pixels;
    if (full) {
        if (resize_frame(v, g.width, g.height) < 0)
            return &v->frame;
        rebuild_palette(v);
        memset(v->cells, 0, sizeof v->cells);
    }
    switch (g.kind) {
    case VGA_KIND_TEXT: vga_render_text(v, &g, full); break;
    case VGA_KIND_VBE: vga_render_vbe(v, &g, full); break;
    case VGA_KIND_OFF:
        if (full) {
            memset(v->frame.pixels, 0, (size_t)g.width * g.height * sizeof(uint32_t));
            vga_frame_touch(v, 0, g.height - 1);
        }
        break;
    default: vga_render_graphics(v, &g, full); break;
    }
    v->last_geometry = g;
    v->full_redraw = 0;
    v->font_dirty = 0;
    if (v->any_dirty) {
        memset(v->page_dirty, 0, sizeof v->page_dirty);
        v->any_dirty = 0;
    }
    return &v->frame;
}

void vga_frame_seen(struct vga *v)
{
    v->frame.dirty_y0 = 1;
    v->frame.dirty_y1 = 0;
}

int vga_text_snapshot(const struct vga *v, struct vga_text *t)
{
    struct vga_geometry g;
    vga_compute_geometry(v, &g);
    if (g.kind != VGA_KIND_TEXT)
        return -1;
    memset(t, 0, sizeof *t);
    t->cols = g.cols < VGA_TEXT_MAX_COLS ? g.cols : VGA_TEXT_MAX_COLS;
    t->rows = g.rows < VGA_TEXT_MAX_ROWS ? g.rows : VGA_TEXT_MAX_ROWS;
    uint32_t cursor = (unsigned)v->crtc[0x0e] << 8 | v->crtc[0x0f];
    int cursor_on = !(v->crtc[0x0a] & 0x20) && (v->crtc[0x0a] & 0x1f) <= (v->crtc[0x0b] & 0x1f);
    for (unsigned r = 0; r < t->rows; r++) {
        for (unsigned c = 0; c < t->cols; c++) {
            uint32_t ma = g.start + r * g.row_advance + c;
            uint32_t a = vga_plane_address(v, ma, 0);
            t->ch[r][c] = v->vram[a << 2];
            t->attr[r][c] = v->vram[a << 2 | 1];
            if (cursor_on && (ma & 0xffff) == cursor) {
                t->cursor_visible = 1;
                t->cursor_col = c;
                t->cursor_row = r;
            }
        }
    }
    for (unsigned k = 0; k < 16; k++) {
        unsigned p = v->attr[k & (v->attr[0x12] & 0x0f)];
        if (v->attr[0x10] & 0x80)
            p = (p & 0x0f) | (v->attr[0x14] & 3u) << 4;
        p = ((p & 0x3f) | (v->attr[0x14] & 0x0cu) << 4) & v->pel_mask;
        const uint8_t *d = &v->dac[p * 3];
        t->palette[k] = (uint32_t)(d[0] & 0x3f) << 18 | (uint32_t)(d[1] & 0x3f) << 10 | (uint32_t)(d[2] & 0x3f) << 2;
    }
    return 0;
}
