/* Graphics modes: 16-colour planar (EGA/VGA modes 0Dh-12h), the CGA-compatible interleaved shift mode (modes
 * 04h/05h), 256 colours (mode 13h and unchained "mode X"), each with the split screen and horizontal panning;
 * and the VBE linear modes at 8, 15, 16, 24 and 32 bits per pixel. A line is drawn again only when the video memory
 * it shows or the registers changed. */
#include "devices/vga/vga.h"

#include "mem/endian.h"

enum { MAX_FETCH = VGA_MAX_WIDTH / 4 + 2 };

/* The memory address counter at the start of picture line y, and its row scan line. */
static uint32_t line_address(const struct vga_geometry *g, unsigned y, unsigned *row_scan)
{
    unsigned raw = y * g->line_repeat;
    uint32_t base = g->start;
    if (raw > g->line_compare) {
        raw -= g->line_compare + 1;
        base = 0;
    }
    unsigned scan = raw / g->scan_divide;
    *row_scan = scan % (g->max_scan + 1);
    return base + scan / (g->max_scan + 1) * g->row_advance;
}

/* The four plane bytes of each character clock of one line (plus one for panning), and whether any changed. */
static int fetch_line(const struct vga *v, const struct vga_geometry *g, unsigned y, uint32_t *fetched,
                      unsigned count)
{
    unsigned row_scan;
    uint32_t ma = line_address(g, y, &row_scan);
    int dirty = 0;
    for (unsigned k = 0; k < count; k++) {
        uint32_t a = vga_plane_address(v, ma + k, row_scan) << 2;
        fetched[k] = ld32(&v->vram[a]);
        if (v->page_dirty[a >> VGA_PAGE_SHIFT])
            dirty = 1;
    }
    return dirty;
}

static void draw_planar(const struct vga *v, const uint32_t *fetched, unsigned count, uint32_t *out,
                        unsigned width, unsigned pan)
{
    unsigned x = 0;
    for (unsigned k = 0; k < count && x < width + pan; k++) {
        uint32_t planes = fetched[k];
        for (int bit = 7; bit >= 0; bit--, x++) {
            unsigned index = (planes >> bit & 1) | (planes >> (8 + bit) & 1) << 1 | (planes >> (16 + bit) & 1) << 2 |
                             (planes >> (24 + bit) & 1) << 3;
            if (x >= pan && x - pan < width)
                out[x - pan] = vga_attr_color(v, index);
        }
    }
}

/* CGA shift mode: planes 0 and 2 give pixels 0-3, planes 1 and 3 pixels 4-7, two bits per pixel. */
static void draw_cga(const struct vga *v, const uint32_t *fetched, unsigned count, uint32_t *out, unsigned width,
                     unsigned pan)
{
    unsigned x = 0;
    for (unsigned k = 0; k < count && x < width + pan; k++) {
        uint32_t planes = fetched[k];
        for (unsigned half = 0; half < 2; half++) {
            unsigned lo = planes >> (8 * half) & 0xff, hi = planes >> (16 + 8 * half) & 0xff;
            for (int shift = 6; shift >= 0; shift -= 2, x++) {
                unsigned index = (lo >> shift & 3) | (hi >> shift & 3) << 2;
                if (x >= pan && x - pan < width)
                    out[x - pan] = vga_attr_color(v, index);
            }
        }
    }
}

static void draw_256(const struct vga *v, const uint32_t *fetched, unsigned count, uint32_t *out, unsigned width,
                     unsigned pan)
{
    unsigned x = 0;
    for (unsigned k = 0; k < count && x < width + pan; k++) {
        for (unsigned p = 0; p < 4; p++, x++)
            if (x >= pan && x - pan < width)
                out[x - pan] = v->palette_rgb[(fetched[k] >> (8 * p) & 0xff) & v->pel_mask];
    }
}

void vga_render_graphics(struct vga *v, const struct vga_geometry *g, int full)
{
    uint32_t fetched[MAX_FETCH];
    unsigned count = g->char_clocks + 1;
    if (count > MAX_FETCH)
        count = MAX_FETCH;
    for (unsigned y = 0; y < g->height; y++) {
        int dirty = fetch_line(v, g, y, fetched, count);
        if (!dirty && !full)
            continue;
        /* Panning stops below the split line when the attribute mode control's pel panning bit says so. */
        unsigned pan = g->pan;
        if (y * g->line_repeat > g->line_compare && (v->attr[0x10] & 0x20))
            pan = 0;
        uint32_t *out = v->frame.pixels + (size_t)y * g->width;
        if (g->kind == VGA_KIND_256)
            draw_256(v, fetched, count, out, g->width, pan);
        else if (g->kind == VGA_KIND_CGA)
            draw_cga(v, fetched, count, out, g->width, pan);
        else
            draw_planar(v, fetched, count, out, g->width, pan);
        vga_frame_touch(v, y, y);
    }
}

static uint32_t vbe_pixel(const struct vga *v, unsigned bpp, const uint8_t *p)
{
    uint32_t x;
    switch (bpp) {
    case 8: return v->palette_rgb[p[0]];
    case 15:
        x = ld16(p);
        return ((x >> 10 & 31) * 255 / 31) << 16 | ((x >> 5 & 31) * 255 / 31) << 8 | (x & 31) * 255 / 31;
    case 16:
        x = ld16(p);
        return ((x >> 11 & 31) * 255 / 31) << 16 | ((x >> 5 & 63) * 255 / 63) << 8 | (x & 31) * 255 / 31;
    case 24: return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
    default: return ld32(p) & 0xffffff;
    }
}

void vga_render_vbe(struct vga *v, const struct vga_geometry *g, int full)
{
    unsigned bytes = (g->bpp + 7) / 8;
    for (unsigned y = 0; y < g->height; y++) {
        uint64_t lo = g->start + (uint64_t)y * g->stride, hi = lo + (uint64_t)g->width * bytes;
        uint32_t *out = v->frame.pixels + (size_t)y * g->width;
        if (hi > VGA_VRAM_SIZE) {
            if (full) {
                for (unsigned x = 0; x < g->width; x++)
                    out[x] = 0;
                vga_frame_touch(v, y, y);
            }
            continue;
        }
        if (!full && !vga_range_dirty(v, (uint32_t)lo, (uint32_t)hi))
            continue;
        const uint8_t *src = v->vram + lo;
        for (unsigned x = 0; x < g->width; x++, src += bytes)
            out[x] = vbe_pixel(v, g->bpp, src);
        vga_frame_touch(v, y, y);
    }
}
