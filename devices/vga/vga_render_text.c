/* Text modes: characters and attributes from planes 0 and 1, glyphs from plane 2 (two selectable character
 * maps), 8- or 9-dot cells with the line-graphics ninth column, underline, the cursor, and blinking. A cell cache
 * remembers what each cell shows, so only cells that changed are drawn again. */
#include "devices/vga/vga.h"

enum { CELL_CURSOR = 1, CELL_HIDDEN = 2 };

/* Plane 2 offset of the character map selected for attribute bit 3 (map A when set, map B when clear). */
static uint32_t font_base(const struct vga *v, unsigned attr)
{
    uint8_t s = v->seq[3];
    unsigned map = (attr & 8) ? ((s >> 5 & 1) << 2 | (s >> 2 & 3)) : ((s >> 4 & 1) << 2 | (s & 3));
    return (map & 3) * 16384u + (map >> 2) * 8192u;
}

struct text_cell {
    unsigned ch, attr, flags;
    unsigned cursor_start, cursor_end;
};

static void draw_cell(struct vga *v, const struct vga_geometry *g, unsigned row, unsigned col,
                      const struct text_cell *cell)
{
    uint32_t fg = vga_attr_color(v, cell->attr & 15);
    uint32_t bg = vga_attr_color(v, (v->attr[0x10] & 8) ? (cell->attr >> 4) & 7 : cell->attr >> 4);
    if (cell->flags & CELL_HIDDEN)
        fg = bg;
    uint32_t font = font_base(v, cell->attr) + cell->ch * 32;
    int line_graphics = (v->attr[0x10] & 4) && cell->ch >= 0xc0 && cell->ch <= 0xdf;
    unsigned underline = v->crtc[0x14] & 0x1f;
    unsigned x0 = col * g->char_width * g->dot_repeat;
    uint32_t dots[9];
    for (unsigned rs = 0; rs < g->char_height; rs++) {
        unsigned y = row * g->char_height + rs;
        if (y >= g->height)
            break;
        unsigned bits = v->vram[((font + rs) & 0xffff) << 2 | 2];
        /* Underline and cursor lines cover all nine dots; otherwise the ninth repeats the eighth for line
         * graphics characters and is background for the rest. */
        int solid = (rs == underline && (cell->attr & 0x77) == 0x01) ||
                    ((cell->flags & CELL_CURSOR) && rs >= cell->cursor_start && rs <= cell->cursor_end);
        if (cell->flags & CELL_HIDDEN)
            bits = 0;
        if (solid)
            bits = 0xff;
        int ninth = solid || (line_graphics && (bits & 1));
        for (unsigned b = 0; b < 8; b++)
            dots[b] = (bits << b & 0x80) ? fg : bg;
        dots[8] = ninth ? fg : bg;
        uint32_t *out = v->frame.pixels + (size_t)y * g->width + x0;
        for (unsigned d = 0; d < g->char_width * g->dot_repeat; d++)
            out[d] = dots[d / g->dot_repeat];
    }
}

void vga_render_text(struct vga *v, const struct vga_geometry *g, int full)
{
    full |= v->font_dirty;
    unsigned phase = vga_blink_phase(v);
    unsigned cursor_addr = (unsigned)v->crtc[0x0e] << 8 | v->crtc[0x0f];
    unsigned cs = v->crtc[0x0a] & 0x1f, ce = v->crtc[0x0b] & 0x1f;
    int cursor_on = !(v->crtc[0x0a] & 0x20) && cs <= ce && (phase & 1);
    int blink = (v->attr[0x10] & 8) != 0;
    unsigned cols = g->cols < VGA_TEXT_MAX_COLS ? g->cols : VGA_TEXT_MAX_COLS;
    unsigned rows = g->rows < VGA_TEXT_MAX_ROWS ? g->rows : VGA_TEXT_MAX_ROWS;
    for (unsigned r = 0; r < rows; r++) {
        /* The split screen restarts the address at 0 after the line compare line (checked per character row). */
        unsigned raw = r * g->char_height * g->scan_divide;
        uint32_t row_ma = raw > g->line_compare
                              ? ((raw - g->line_compare - 1) / g->scan_divide / g->char_height) * g->row_advance
                              : g->start + r * g->row_advance;
        int drawn = 0;
        for (unsigned c = 0; c < cols; c++) {
            uint32_t ma = row_ma + c;
            uint32_t a = vga_plane_address(v, ma, 0);
            struct text_cell cell = { v->vram[a << 2], v->vram[a << 2 | 1], 0, cs, ce };
            if (cursor_on && (ma & 0xffff) == cursor_addr)
                cell.flags |= CELL_CURSOR;
            if (blink && (cell.attr & 0x80) && !(phase & 2))
                cell.flags |= CELL_HIDDEN;
            struct vga_cell *cache = &v->cells[r * VGA_TEXT_MAX_COLS + c];
            uint16_t key = (uint16_t)(cell.ch << 8 | cell.attr);
            if (!full && cache->valid && cache->glyph_attr == key && cache->flags == cell.flags)
                continue;
            draw_cell(v, g, r, c, &cell);
            cache->glyph_attr = key;
            cache->flags = (uint8_t)cell.flags;
            cache->valid = 1;
            drawn = 1;
        }
        if (drawn) {
            unsigned y0 = r * g->char_height, y1 = y0 + g->char_height - 1;
            vga_frame_touch(v, y0, y1 < g->height ? y1 : g->height - 1);
        }
    }
}
