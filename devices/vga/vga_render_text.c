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

/* The nine dots of scan line rs of a cell (the ninth used in 9-dot modes). */
static void cell_dots(const struct vga *v, const struct text_cell *cell, unsigned rs, uint32_t dots[9])
{
    uint32_t fg = vga_attr_color(v, cell->attr & 15);
    uint32_t bg = vga_attr_color(v, (v->attr[0x10] & 8) ? (cell->attr >> 4) & 7 : cell->attr >> 4);
    if (cell->flags & CELL_HIDDEN)
        fg = bg;
    uint32_t font = font_base(v, cell->attr) + cell->ch * 32;
    int line_graphics = (v->attr[0x10] & 4) && cell->ch >= 0xc0 && cell->ch <= 0xdf;
    unsigned underline = v->crtc[0x14] & 0x1f;
    unsigned bits = v->vram[((font + rs) & 0xffff) << 2 | 2];
    /* Underline and cursor lines cover all nine dots; otherwise the ninth repeats the eighth for line graphics
     * characters and is background for the rest. */
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
}

static void draw_cell(struct vga *v, const struct vga_geometry *g, unsigned row, unsigned col,
                      const struct text_cell *cell)
{
    unsigned x0 = col * g->char_width * g->dot_repeat;
    uint32_t dots[9];
    for (unsigned rs = 0; rs < g->char_height; rs++) {
        unsigned y = row * g->char_height + rs;
        if (y >= g->height)
            break;
        cell_dots(v, cell, rs, dots);
        uint32_t *out = v->frame.pixels + (size_t)y * g->width + x0;
        for (unsigned d = 0; d < g->char_width * g->dot_repeat; d++)
            out[d] = dots[d / g->dot_repeat];
    }
}

/* The cell at memory address ma: character, attribute, cursor and blink state. */
static void read_cell(const struct vga *v, uint32_t ma, unsigned phase, struct text_cell *cell)
{
    uint32_t a = vga_plane_address(v, ma, 0);
    unsigned cursor_addr = (unsigned)v->crtc[0x0e] << 8 | v->crtc[0x0f];
    cell->ch = v->vram[a << 2];
    cell->attr = v->vram[a << 2 | 1];
    cell->flags = 0;
    cell->cursor_start = v->crtc[0x0a] & 0x1f;
    cell->cursor_end = v->crtc[0x0b] & 0x1f;
    if (!(v->crtc[0x0a] & 0x20) && cell->cursor_start <= cell->cursor_end && (phase & 1) &&
        (ma & 0xffff) == cursor_addr)
        cell->flags |= CELL_CURSOR;
    if ((v->attr[0x10] & 8) && (cell->attr & 0x80) && !(phase & 2))
        cell->flags |= CELL_HIDDEN;
}

/* The screen scan line by scan line, for what the cell cache cannot show: pel panning, a preset row scan (the
 * smooth vertical scroll of CR08) and a split screen that starts inside a character row. Below the line compare
 * line the address restarts at 0 with row scan 0, unpanned when attribute mode control bit 5 says so. Everything
 * is drawn again when video memory, the registers, the cursor location or the blink phase changed. */
static void render_text_lines(struct vga *v, const struct vga_geometry *g, int full, unsigned phase)
{
    unsigned cursor = (unsigned)v->crtc[0x0e] << 8 | v->crtc[0x0f];
    if (!full && !v->any_dirty && phase == v->last_blink_phase && cursor == v->last_cursor)
        return;
    v->last_blink_phase = phase;
    v->last_cursor = cursor;
    unsigned cell_width = g->char_width * g->dot_repeat;
    unsigned preset = v->crtc[8] & 0x1f;
    uint32_t dots[9];
    for (unsigned y = 0; y < g->height; y++) {
        unsigned raw = y * g->line_repeat, line, pan = g->pan * g->dot_repeat;
        uint32_t base = g->start;
        if (raw > g->line_compare) {
            line = (raw - g->line_compare - 1) / g->scan_divide;
            base = 0;
            if (v->attr[0x10] & 0x20)
                pan = 0;
        } else {
            line = y + preset;
        }
        unsigned rs = line % g->char_height;
        uint32_t row_ma = base + line / g->char_height * g->row_advance;
        uint32_t *out = v->frame.pixels + (size_t)y * g->width;
        unsigned col = ~0u;
        for (unsigned x = 0; x < g->width; x++) {
            unsigned p = x + pan, c = p / cell_width;
            if (c != col) {
                struct text_cell cell;
                read_cell(v, row_ma + c, phase, &cell);
                cell_dots(v, &cell, rs, dots);
                col = c;
            }
            out[x] = dots[(p % cell_width) / g->dot_repeat];
        }
    }
    vga_frame_touch(v, 0, g->height - 1);
}

void vga_render_text(struct vga *v, const struct vga_geometry *g, int full)
{
    full |= v->font_dirty;
    unsigned phase = vga_blink_phase(v);
    if (g->pan || (v->crtc[8] & 0x1f) ||
        (g->line_compare < g->height * g->line_repeat &&
         (g->line_compare + 1) % (g->char_height * g->scan_divide) != 0)) {
        render_text_lines(v, g, full, phase);
        return;
    }
    unsigned cols = g->cols < VGA_TEXT_MAX_COLS ? g->cols : VGA_TEXT_MAX_COLS;
    unsigned rows = g->rows < VGA_TEXT_MAX_ROWS ? g->rows : VGA_TEXT_MAX_ROWS;
    for (unsigned r = 0; r < rows; r++) {
        /* The split screen restarts the address at 0 after the line compare line; here it falls between rows. */
        unsigned raw = r * g->char_height * g->scan_divide;
        uint32_t row_ma = raw > g->line_compare
                              ? ((raw - g->line_compare - 1) / g->scan_divide / g->char_height) * g->row_advance
                              : g->start + r * g->row_advance;
        int drawn = 0;
        for (unsigned c = 0; c < cols; c++) {
            uint32_t ma = row_ma + c;
            struct text_cell cell;
            read_cell(v, ma, phase, &cell);
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
