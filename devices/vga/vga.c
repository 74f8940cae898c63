/* The VGA's registers at ports 3B0h-3DFh and 1CEh-1D0h, reset, saved state and the retrace timing (see vga.h). */
#include "devices/vga/vga.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Which CRTC registers the write-protect bit (CR11 bit 7) locks: CR00-CR07, except the line compare bit of CR07. */
static int crtc_locked(const struct vga *v, uint8_t index)
{
    return (v->crtc[0x11] & 0x80) && index <= 7;
}

/* Misc output bit 0 selects the colour (3Dxh) or the monochrome (3Bxh) CRTC and status ports. */
static int color_io(const struct vga *v) { return v->misc & 1; }

static uint8_t dac_read_data(struct vga *v)
{
    uint8_t value = v->dac[v->dac_read_index * 3 + v->dac_component];
    if (++v->dac_component == 3) {
        v->dac_component = 0;
        v->dac_read_index++;
    }
    return value;
}

/* The DAC takes a colour once its third component arrives; values are 6 bits unless the 8-bit DAC is on. */
static void dac_write_data(struct vga *v, uint8_t value)
{
    uint8_t mask = (v->vbe[VBE_INDEX_ENABLE] & VBE_8BIT_DAC) ? 0xff : 0x3f;
    v->dac_latch[v->dac_component] = value & mask;
    if (++v->dac_component == 3) {
        memcpy(&v->dac[v->dac_write_index * 3], v->dac_latch, 3);
        v->dac_component = 0;
        v->dac_write_index++;
        v->full_redraw = 1;
    }
}

static uint8_t attr_read(const struct vga *v)
{
    return v->attr[v->attr_index & 0x1f];
}

static void attr_write(struct vga *v, uint8_t value)
{
    if (!v->attr_flipflop) {
        if ((v->attr_index ^ value) & 0x20)
            v->full_redraw = 1;      /* the screen goes on or off */
        v->attr_index = value & 0x3f;
    } else {
        unsigned index = v->attr_index & 0x1f;
        /* Palette registers can only be written while the palette address source bit is clear. */
        if (index < 0x15 && !(index < 0x10 && (v->attr_index & 0x20))) {
            v->attr[index] = value;
            v->full_redraw = 1;
        }
    }
    v->attr_flipflop ^= 1;
}

static uint32_t vga_port_read(void *opaque, uint16_t port, unsigned size)
{
    struct vga *v = opaque;
    (void)size;
    if ((port >= 0x3b0 && port <= 0x3bf && color_io(v)) || (port >= 0x3d0 && port <= 0x3df && !color_io(v)))
        return 0xff;
    switch (port) {
    case 0x3c0: return v->attr_index;
    case 0x3c1: return attr_read(v);
    case 0x3c2: return 0x10;     /* input status 0: switch sense high (a colour monitor is attached) */
    case 0x3c3: return 1;
    case 0x3c4: return v->seq_index;
    case 0x3c5: return v->seq_index < 8 ? v->seq[v->seq_index] : 0xff;
    case 0x3c6: return v->pel_mask;
    case 0x3c7: return v->dac_reading ? 3 : 0;
    case 0x3c8: return v->dac_write_index;
    case 0x3c9: return dac_read_data(v);
    case 0x3ca: return v->feature;
    case 0x3cc: return v->misc;
    case 0x3ce: return v->gc_index;
    case 0x3cf: return v->gc_index < 16 ? v->gc[v->gc_index] : 0xff;
    case 0x3b4: case 0x3d4: return v->crtc_index;
    case 0x3b5: case 0x3d5: return v->crtc_index < 32 ? v->crtc[v->crtc_index] : 0xff;
    case 0x3ba: case 0x3da:
        v->attr_flipflop = 0;    /* reading input status 1 resets the attribute controller's flip-flop */
        return vga_input_status1(v);
    default: return 0xff;
    }
}

static void crtc_write(struct vga *v, uint8_t value)
{
    uint8_t index = v->crtc_index;
    if (index >= 32)
        return;
    if (crtc_locked(v, index)) {
        if (index == 7)          /* line compare bit 8 stays writable */
            v->crtc[7] = (uint8_t)((v->crtc[7] & ~0x10) | (value & 0x10));
        return;
    }
    /* The cursor location (CR0E/CR0F) is not a full redraw: the text renderer redraws the cells it left and
     * reached (every character of a teletype used to redraw the whole screen). */
    if (v->crtc[index] != value && index != 0x0e && index != 0x0f)
        v->full_redraw = 1;
    v->crtc[index] = value;
}

static void vga_port_write(void *opaque, uint16_t port, uint32_t value32, unsigned size)
{
    struct vga *v = opaque;
    uint8_t value = (uint8_t)value32;
    (void)size;
    if ((port >= 0x3b0 && port <= 0x3bf && color_io(v)) || (port >= 0x3d0 && port <= 0x3df && !color_io(v)))
        return;
    switch (port) {
    case 0x3c0: attr_write(v, value); break;
    case 0x3c2: v->misc = value; v->full_redraw = 1; break;
    case 0x3c4: v->seq_index = value & 7; break;
    case 0x3c5:
        if (v->seq_index == 0 || v->seq[v->seq_index] != value)
            v->full_redraw = 1;
        v->seq[v->seq_index] = value;
        break;
    case 0x3c6: v->pel_mask = value; v->full_redraw = 1; break;
    case 0x3c7: v->dac_read_index = value; v->dac_component = 0; v->dac_reading = 1; break;
    case 0x3c8: v->dac_write_index = value; v->dac_component = 0; v->dac_reading = 0; break;
    case 0x3c9: dac_write_data(v, value); break;
    case 0x3ce: v->gc_index = value & 15; break;
    case 0x3cf:
        if (v->gc[v->gc_index] != value && (v->gc_index == 5 || v->gc_index == 6))
            v->full_redraw = 1;
        v->gc[v->gc_index] = value;
        break;
    case 0x3b4: case 0x3d4: v->crtc_index = value & 0x3f; break;
    case 0x3b5: case 0x3d5: crtc_write(v, value); break;
    case 0x3ba: case 0x3da: v->feature = value; break;
    default: break;
    }
}

static uint32_t dispi_port_read(void *opaque, uint16_t port, unsigned size)
{
    struct vga *v = opaque;
    uint16_t value = vbe_read(v, port == 0x1d0 ? 0x1cf : port);
    return size == 1 ? (uint8_t)value : value;
}

static void dispi_port_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct vga *v = opaque;
    (void)size;
    vbe_write(v, port == 0x1d0 ? 0x1cf : port, (uint16_t)value);
}

/* The display timing the CRTC is programmed for, in dot clocks. Zeroed registers (before any mode set) give a
 * plausible 70 Hz frame so status bits still move. */
struct crt_timing {
    uint64_t line_ns, frame_ns;
    unsigned hdisplay_ns, vdisplay_lines, vretrace_start, vretrace_lines;
};

static struct crt_timing crt_timing(const struct vga *v)
{
    struct crt_timing t;
    unsigned dots = (v->seq[1] & 1) ? 8 : 9;
    uint64_t clock_hz = ((v->misc >> 2) & 3) == 1 ? 28322000u : 25175000u;
    if (v->seq[1] & 8)
        clock_hz /= 2;
    unsigned htotal = v->crtc[0] + 5u, hdisplay = v->crtc[1] + 1u;
    unsigned vtotal = (v->crtc[6] | (v->crtc[7] & 1) << 8 | (v->crtc[7] & 0x20) << 4) + 2u;
    unsigned vdisplay = (v->crtc[0x12] | (v->crtc[7] & 2) << 7 | (v->crtc[7] & 0x40) << 3) + 1u;
    unsigned vrs = v->crtc[0x10] | (v->crtc[7] & 4) << 6 | (v->crtc[7] & 0x80) << 2;
    unsigned vre_len = ((v->crtc[0x11] & 15) - (vrs & 15)) & 15;
    if (vbe_active(v) || vtotal < 16 || htotal < 8 || vdisplay >= vtotal) {
        htotal = 100, hdisplay = 80, vtotal = 449, vdisplay = 400, vrs = 412, vre_len = 2, dots = 8;
        clock_hz = 25175000u;
    }
    if (hdisplay > htotal)
        hdisplay = htotal;
    t.line_ns = (uint64_t)htotal * dots * 1000000000u / clock_hz;
    t.frame_ns = t.line_ns * vtotal;
    t.hdisplay_ns = (unsigned)((uint64_t)hdisplay * dots * 1000000000u / clock_hz);
    t.vdisplay_lines = vdisplay;
    t.vretrace_start = vrs;
    t.vretrace_lines = vre_len ? vre_len : 16;
    return t;
}

/* Input status 1: bit 3 vertical retrace, bit 0 "display disabled" (in horizontal or vertical blanking), both
 * from the virtual clock, so a guest polling them sees the same sequence on every run. */
uint8_t vga_input_status1(struct vga *v)
{
    struct crt_timing t = crt_timing(v);
    uint64_t in_frame = clock_ns(v->clock) % t.frame_ns;
    unsigned line = (unsigned)(in_frame / t.line_ns);
    uint64_t in_line = in_frame % t.line_ns;
    uint8_t status = 0;
    if (line >= t.vdisplay_lines || in_line >= t.hdisplay_ns)
        status |= 0x01;
    if (line >= t.vretrace_start && line < t.vretrace_start + t.vretrace_lines)
        status |= 0x08;
    return status;
}

static void vga_reset(void *opaque)
{
    struct vga *v = opaque;
    v->misc = 0;
    v->feature = 0;
    v->seq_index = v->crtc_index = v->gc_index = v->attr_index = 0;
    memset(v->seq, 0, sizeof v->seq);
    memset(v->crtc, 0, sizeof v->crtc);
    memset(v->gc, 0, sizeof v->gc);
    memset(v->attr, 0, sizeof v->attr);
    v->gc[8] = 0xff;             /* bit mask: all bits from the ALU */
    v->seq[2] = 0x0f;
    v->attr_flipflop = 0;
    memset(v->dac, 0, sizeof v->dac);
    v->dac_write_index = v->dac_read_index = v->dac_component = v->dac_reading = 0;
    v->pel_mask = 0xff;
    memset(v->latch, 0, sizeof v->latch);
    vbe_reset(v);
    memset(v->vram, 0, sizeof v->vram);
    memset(v->page_dirty, 1, sizeof v->page_dirty);
    v->any_dirty = 1;
    v->full_redraw = 1;
}

static int vga_post_load(void *opaque)
{
    struct vga *v = opaque;
    if (v->vbe_index >= 0x100)
        return -1;
    vga_set_lfb_base(v, v->lfb_base);
    memset(v->page_dirty, 1, sizeof v->page_dirty);
    v->any_dirty = 1;
    v->full_redraw = 1;
    return 0;
}

static void vga_destroy(void *opaque)
{
    struct vga *v = opaque;
    free(v->frame.pixels);
    free(v);
}

static const struct state_field vga_fields[] = {
    STATE_FIELD(struct vga, misc), STATE_FIELD(struct vga, feature),
    STATE_FIELD(struct vga, seq_index), STATE_ARRAY(struct vga, seq),
    STATE_FIELD(struct vga, crtc_index), STATE_ARRAY(struct vga, crtc),
    STATE_FIELD(struct vga, gc_index), STATE_ARRAY(struct vga, gc),
    STATE_FIELD(struct vga, attr_index), STATE_ARRAY(struct vga, attr), STATE_FIELD(struct vga, attr_flipflop),
    STATE_ARRAY(struct vga, dac), STATE_FIELD(struct vga, dac_write_index), STATE_FIELD(struct vga, dac_read_index),
    STATE_FIELD(struct vga, dac_component), STATE_FIELD(struct vga, dac_reading), STATE_ARRAY(struct vga, dac_latch),
    STATE_FIELD(struct vga, pel_mask), STATE_ARRAY(struct vga, latch),
    STATE_FIELD(struct vga, vbe_index), STATE_ARRAY(struct vga, vbe), STATE_FIELD(struct vga, lfb_base),
    STATE_ARRAY(struct vga, vram),
    STATE_END,
};

static const struct device_type vga_type = {
    .name = "vga",
    .version = 1,
    .fields = vga_fields,
    .reset = vga_reset,
    .post_load = vga_post_load,
    .destroy = vga_destroy,
};

struct vga *vga_create(const struct board_services *bs, char *err, size_t errlen)
{
    struct vga *v = calloc(1, sizeof *v);
    if (!v) {
        snprintf(err, errlen, "out of memory for the VGA");
        return NULL;
    }
    v->phys = bs->phys;
    v->clock = bs->clock;
    v->lfb_region = -1;
    vga_memory_register(v, bs->phys);
    if (v->lfb_region < 0) {
        snprintf(err, errlen, "cannot map the VGA's memory");
        free(v);
        return NULL;
    }
    /* The device goes on the list last: the board's teardown then frees it. */
    if (ports_register(bs->ports, 0x3b0, 0x30, vga_port_read, vga_port_write, v, "vga", 0) < 0 ||
        ports_register(bs->ports, 0x1ce, 3, dispi_port_read, dispi_port_write, v, "vbe-dispi", PORT_WIDE) < 0 ||
        device_register(bs->devices, &vga_type, v, NULL) < 0) {
        snprintf(err, errlen, "cannot register the VGA's ports");
        free(v);
        return NULL;
    }
    vga_reset(v);
    return v;
}
