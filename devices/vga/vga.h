/* The VGA: sequencer, CRT controller, graphics controller, attribute controller, DAC and the general registers
 * at ports 3B0h-3DFh, the A0000h-BFFFFh memory window with every write and read mode, the Bochs VBE "DISPI"
 * extension (ports 1CEh/1CFh) with a linear framebuffer, and a renderer that turns the video memory into a 32-bit
 * RGB picture, redrawing only what changed.
 *
 * Video memory layout: byte (plane_offset << 2 | plane), as in QEMU, so a chain-4 (mode 13h) or VBE picture is
 * linear in vram and the four planes of a planar address sit next to each other. Register behaviour follows the
 * IBM VGA technical reference (and FreeVGA's description of it); DISPI follows the Bochs VBE interface. */
#ifndef X86PC_DEVICES_VGA_VGA_H
#define X86PC_DEVICES_VGA_VGA_H

#include <stddef.h>
#include <stdint.h>

#include "devices/device.h"

enum {
    VGA_VRAM_SIZE = 16 << 20,        /* 16 MiB: VBE modes up to 2560x1600 in 32 bpp */
    VGA_PLANE_SIZE = 64 << 10,       /* what the standard VGA modes see: 4 planes of 64 KiB */
    VGA_PAGE_SHIFT = 12,             /* dirty tracking granularity: 4 KiB of vram */
    VGA_PAGES = VGA_VRAM_SIZE >> VGA_PAGE_SHIFT,
    VGA_MAX_WIDTH = 2560,
    VGA_MAX_HEIGHT = 1600,
    VGA_TEXT_MAX_COLS = 132,
    VGA_TEXT_MAX_ROWS = 100,
};
#define VGA_LFB_DEFAULT_BASE 0xE0000000u

/* DISPI register indexes and bits (Bochs vbe.h numbering). */
enum {
    VBE_INDEX_ID, VBE_INDEX_XRES, VBE_INDEX_YRES, VBE_INDEX_BPP, VBE_INDEX_ENABLE, VBE_INDEX_BANK,
    VBE_INDEX_VIRT_WIDTH, VBE_INDEX_VIRT_HEIGHT, VBE_INDEX_X_OFFSET, VBE_INDEX_Y_OFFSET, VBE_INDEX_VIDEO_MEMORY_64K,
    VBE_INDEX_COUNT
};
enum { VBE_ENABLED = 0x01, VBE_GETCAPS = 0x02, VBE_8BIT_DAC = 0x20, VBE_LFB_ENABLED = 0x40, VBE_NOCLEARMEM = 0x80 };
enum { VBE_ID0 = 0xB0C0, VBE_ID5 = 0xB0C5 };

/* What the renderer drew: a 32-bit 0x00RRGGBB picture (host integers) and the range of lines that changed since
 * the frontend last looked (y0 > y1: nothing changed). */
struct vga_frame {
    uint32_t *pixels;
    unsigned width, height;          /* the picture; stride is width */
    unsigned dirty_y0, dirty_y1;     /* inclusive */
    uint32_t generation;             /* bumped whenever anything changed */
};

/* The text screen as characters and attributes, for text dumps and the terminal frontend. */
struct vga_text {
    unsigned cols, rows;
    uint8_t ch[VGA_TEXT_MAX_ROWS][VGA_TEXT_MAX_COLS];
    uint8_t attr[VGA_TEXT_MAX_ROWS][VGA_TEXT_MAX_COLS];
    int cursor_visible;
    unsigned cursor_col, cursor_row;
    uint32_t palette[16];            /* RGB of the 16 attribute colours as the DAC shows them */
};

/* What the registers say the screen looks like; the renderer redraws everything when this changes. */
enum vga_kind { VGA_KIND_OFF, VGA_KIND_TEXT, VGA_KIND_PLANAR, VGA_KIND_CGA, VGA_KIND_256, VGA_KIND_VBE };
struct vga_geometry {
    enum vga_kind kind;
    unsigned width, height;          /* the picture in pixels */
    unsigned start;                  /* CRTC start address (memory address counter units) */
    unsigned row_advance;            /* address counter units from one character row (or line) to the next */
    unsigned char_clocks;            /* character clocks per line shown (horizontal display end + 1) */
    unsigned line_repeat;            /* raw scan lines per picture line (double scan, repeated 256-colour lines) */
    unsigned scan_divide;            /* raw scan lines per row-scan step (2 with CR09 double scanning) */
    unsigned max_scan;               /* row scan lines per character row - 1 */
    unsigned line_compare;           /* split screen: raw scan line after which the address restarts at 0 */
    unsigned pan;                    /* horizontal pel panning in pixels */
    unsigned char_width, char_height, cols, rows;   /* text modes */
    unsigned dot_repeat;             /* text modes with the halved dot clock (40 columns) show each dot twice */
    unsigned bpp, stride;            /* VBE */
};

/* A cell of the text renderer's cache: what it last drew there. */
struct vga_cell {
    uint16_t glyph_attr;             /* character << 8 | attribute */
    uint8_t flags;                   /* cursor, blink phase */
    uint8_t valid;
};

struct vga {
    /* General registers */
    uint8_t misc;                    /* 3C2h write, 3CCh read */
    uint8_t feature;                 /* 3DAh/3BAh write, 3CAh read */
    /* Sequencer, CRTC, graphics controller, attribute controller: index and data */
    uint8_t seq_index, seq[8];
    uint8_t crtc_index, crtc[32];
    uint8_t gc_index, gc[16];
    uint8_t attr_index, attr[32];    /* attr_index bit 5: palette address source (screen on) */
    uint8_t attr_flipflop;           /* 0: the next 3C0h write is an index */
    /* DAC */
    uint8_t dac[768];                /* 256 entries of R, G, B (6 bits, or 8 with the VBE 8-bit DAC) */
    uint8_t dac_write_index, dac_read_index, dac_component, dac_reading;
    uint8_t dac_latch[3];
    uint8_t pel_mask;
    /* The four 8-bit latches, loaded by planar reads */
    uint8_t latch[4];
    /* Bochs VBE DISPI */
    uint16_t vbe_index;
    uint16_t vbe[VBE_INDEX_COUNT];
    uint32_t lfb_base;
    /* Video memory and what changed in it */
    uint8_t vram[VGA_VRAM_SIZE];

    /* Not guest-visible state (not saved): */
    uint8_t page_dirty[VGA_PAGES];   /* a write touched this 4 KiB page since the last render */
    int full_redraw;                 /* registers or palette changed: redraw everything */
    int lfb_region;                  /* index of the LFB in the physical map */
    struct phys *phys;
    struct clock *clock;
    struct vga_frame frame;
    uint32_t palette_rgb[256];       /* the DAC converted to 0x00RRGGBB, rebuilt on a full redraw */
    struct vga_cell cells[VGA_TEXT_MAX_ROWS * VGA_TEXT_MAX_COLS];
    unsigned last_blink_phase;
    unsigned last_cursor;            /* CR0E/CR0F as the scan-line text renderer last drew them */
    struct vga_geometry last_geometry;   /* what was last rendered: a change forces a full redraw */
    int font_dirty;                  /* plane 2 (the text font) was written since the last render */
    int any_dirty;                   /* some page_dirty entry is set */
};

/* Creates the VGA: ports 3B0h-3DFh and 1CEh-1D0h, the A0000h-BFFFFh window and the linear framebuffer at
 * VGA_LFB_DEFAULT_BASE. Returns NULL on failure with a reason in err. */
struct vga *vga_create(const struct board_services *bs, char *err, size_t errlen);
/* Moves the linear framebuffer (the PCI code calls this when the guest programs the BAR); base 0 unmaps it. */
void vga_set_lfb_base(struct vga *v, uint32_t base);

/* Brings the picture up to date with video memory and registers; returns the frame (pixels valid until the next
 * call). Only lines whose memory or registers changed are redrawn. */
const struct vga_frame *vga_render(struct vga *v);
/* Marks the frame as seen by the frontend (resets the dirty line range). */
void vga_frame_seen(struct vga *v);
/* Fills t with the text screen; returns 0, or -1 when the VGA is not in a text mode. */
int vga_text_snapshot(const struct vga *v, struct vga_text *t);

/* Internal, shared by the vga_*.c files. */
void vga_memory_register(struct vga *v, struct phys *phys);
uint32_t vga_window_read(void *opaque, uint32_t offset, unsigned size);
void vga_window_write(void *opaque, uint32_t offset, uint32_t value, unsigned size);
uint32_t vga_lfb_read(void *opaque, uint32_t offset, unsigned size);
void vga_lfb_write(void *opaque, uint32_t offset, uint32_t value, unsigned size);
uint16_t vbe_read(struct vga *v, uint16_t port);
void vbe_write(struct vga *v, uint16_t port, uint16_t value);
void vbe_reset(struct vga *v);
static inline int vbe_active(const struct vga *v) { return (v->vbe[VBE_INDEX_ENABLE] & VBE_ENABLED) != 0; }
static inline void vga_mark_dirty(struct vga *v, uint32_t vram_offset)
{
    v->page_dirty[(vram_offset & (VGA_VRAM_SIZE - 1)) >> VGA_PAGE_SHIFT] = 1;
    v->any_dirty = 1;
    if ((vram_offset & 3) == 2)
        v->font_dirty = 1;
}
/* The renderers (vga_render*.c). */
void vga_compute_geometry(const struct vga *v, struct vga_geometry *g);
uint32_t vga_attr_color(const struct vga *v, unsigned index4);
uint32_t vga_plane_address(const struct vga *v, uint32_t ma, unsigned row_scan);
int vga_range_dirty(const struct vga *v, uint32_t lo, uint32_t hi);
void vga_render_text(struct vga *v, const struct vga_geometry *g, int full);
void vga_render_graphics(struct vga *v, const struct vga_geometry *g, int full);
void vga_render_vbe(struct vga *v, const struct vga_geometry *g, int full);
void vga_frame_touch(struct vga *v, unsigned y0, unsigned y1);
unsigned vga_blink_phase(const struct vga *v);
/* The vertical retrace and display-enable bits of input status register 1, from the virtual clock. */
uint8_t vga_input_status1(struct vga *v);

#endif
