/* The Bochs VBE "DISPI" interface: an index port (1CEh) and a data port (1CFh, also 1D0h) giving a linear
 * true-colour or 256-colour framebuffer of any size up to VGA_MAX_WIDTH x VGA_MAX_HEIGHT, with a virtual screen,
 * panning offsets and a 64 KiB bank for the A0000h window. Register meanings as in the Bochs VBE interface
 * (IDs B0C0h-B0C5h). */
#include "devices/vga/vga.h"

#include <string.h>

static unsigned bytes_per_pixel(unsigned bpp)
{
    return (bpp + 7) / 8;
}

static int valid_bpp(unsigned bpp)
{
    return bpp == 8 || bpp == 15 || bpp == 16 || bpp == 24 || bpp == 32;
}

/* The virtual height follows from the virtual width and the memory size. */
static void update_virtual_height(struct vga *v)
{
    uint32_t stride = (uint32_t)v->vbe[VBE_INDEX_VIRT_WIDTH] * bytes_per_pixel(v->vbe[VBE_INDEX_BPP]);
    uint32_t lines = stride ? VGA_VRAM_SIZE / stride : 0;
    if (lines > 0xffff)
        lines = 0xffff;
    v->vbe[VBE_INDEX_VIRT_HEIGHT] = (uint16_t)(lines < v->vbe[VBE_INDEX_YRES] ? v->vbe[VBE_INDEX_YRES] : lines);
}

static void enable(struct vga *v, uint16_t value)
{
    int was_on = vbe_active(v);
    if ((value & VBE_ENABLED) && !was_on) {
        if (v->vbe[VBE_INDEX_XRES] == 0 || v->vbe[VBE_INDEX_YRES] == 0 ||
            (uint32_t)v->vbe[VBE_INDEX_XRES] * v->vbe[VBE_INDEX_YRES] *
                    bytes_per_pixel(v->vbe[VBE_INDEX_BPP]) > VGA_VRAM_SIZE)
            value &= (uint16_t)~VBE_ENABLED;     /* an impossible mode stays off */
        else {
            v->vbe[VBE_INDEX_VIRT_WIDTH] = v->vbe[VBE_INDEX_XRES];
            update_virtual_height(v);
            v->vbe[VBE_INDEX_X_OFFSET] = v->vbe[VBE_INDEX_Y_OFFSET] = 0;
            v->vbe[VBE_INDEX_BANK] = 0;
            if (!(value & VBE_NOCLEARMEM)) {
                memset(v->vram, 0, VGA_VRAM_SIZE);
                memset(v->page_dirty, 1, sizeof v->page_dirty);
                v->any_dirty = 1;
            }
        }
    }
    v->vbe[VBE_INDEX_ENABLE] = value & (VBE_ENABLED | VBE_GETCAPS | VBE_8BIT_DAC | VBE_LFB_ENABLED);
    v->full_redraw = 1;
}

static void write_register(struct vga *v, uint16_t value)
{
    switch (v->vbe_index) {
    case VBE_INDEX_ID:
        if (value >= VBE_ID0 && value <= VBE_ID5)
            v->vbe[VBE_INDEX_ID] = value;
        break;
    case VBE_INDEX_XRES:
    case VBE_INDEX_YRES:
    case VBE_INDEX_BPP:
        if (vbe_active(v))
            break;               /* the mode is fixed while enabled, as in Bochs */
        if (v->vbe_index == VBE_INDEX_BPP)
            value = value == 0 ? 8 : value;
        if ((v->vbe_index == VBE_INDEX_XRES && value <= VGA_MAX_WIDTH) ||
            (v->vbe_index == VBE_INDEX_YRES && value <= VGA_MAX_HEIGHT) ||
            (v->vbe_index == VBE_INDEX_BPP && valid_bpp(value)))
            v->vbe[v->vbe_index] = value;
        break;
    case VBE_INDEX_ENABLE:
        enable(v, value);
        break;
    case VBE_INDEX_BANK:
        if ((uint32_t)value < VGA_VRAM_SIZE >> 16)
            v->vbe[VBE_INDEX_BANK] = value;
        break;
    case VBE_INDEX_VIRT_WIDTH:
        if (value >= v->vbe[VBE_INDEX_XRES] &&
            (uint32_t)value * bytes_per_pixel(v->vbe[VBE_INDEX_BPP]) * v->vbe[VBE_INDEX_YRES] <= VGA_VRAM_SIZE) {
            v->vbe[VBE_INDEX_VIRT_WIDTH] = value;
            update_virtual_height(v);
            v->full_redraw = 1;
        }
        break;
    case VBE_INDEX_X_OFFSET:
    case VBE_INDEX_Y_OFFSET:
        v->vbe[v->vbe_index] = value;
        v->full_redraw = 1;
        break;
    default:
        break;                   /* VIRT_HEIGHT and VIDEO_MEMORY_64K are read-only */
    }
}

static uint16_t read_register(const struct vga *v)
{
    int caps = (v->vbe[VBE_INDEX_ENABLE] & VBE_GETCAPS) != 0;
    switch (v->vbe_index) {
    case VBE_INDEX_XRES: return caps ? VGA_MAX_WIDTH : v->vbe[VBE_INDEX_XRES];
    case VBE_INDEX_YRES: return caps ? VGA_MAX_HEIGHT : v->vbe[VBE_INDEX_YRES];
    case VBE_INDEX_BPP: return caps ? 32 : v->vbe[VBE_INDEX_BPP];
    case VBE_INDEX_VIDEO_MEMORY_64K: return VGA_VRAM_SIZE >> 16;
    default: return v->vbe_index < VBE_INDEX_COUNT ? v->vbe[v->vbe_index] : 0;
    }
}

uint16_t vbe_read(struct vga *v, uint16_t port)
{
    return port == 0x1ce ? v->vbe_index : read_register(v);
}

void vbe_write(struct vga *v, uint16_t port, uint16_t value)
{
    if (port == 0x1ce)
        v->vbe_index = value;
    else
        write_register(v, value);
}

void vbe_reset(struct vga *v)
{
    memset(v->vbe, 0, sizeof v->vbe);
    v->vbe_index = 0;
    v->vbe[VBE_INDEX_ID] = VBE_ID5;
    v->vbe[VBE_INDEX_XRES] = 640;
    v->vbe[VBE_INDEX_YRES] = 480;
    v->vbe[VBE_INDEX_BPP] = 8;
}
