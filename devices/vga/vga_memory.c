/* The CPU's view of video memory: the A0000h-BFFFFh window (chain-4, odd/even and planar paths, the four write
 * modes with rotate, set/reset, logical operation and bit mask, the two read modes with the latches), the VBE bank
 * window, and the linear framebuffer. Every write marks its vram page dirty for the renderer. */
#include "devices/vga/vga.h"

/* GC register numbers */
enum { GC_SET_RESET, GC_ENABLE_SET_RESET, GC_COLOR_COMPARE, GC_ROTATE, GC_READ_MAP, GC_MODE, GC_MISC,
       GC_DONT_CARE, GC_BIT_MASK };

/* The window the GC's memory map field selects: A0000h+128K, A0000h+64K, B0000h+32K or B8000h+32K. Returns the
 * offset inside the window, or -1 when the address lies outside it. */
static int32_t window_offset(const struct vga *v, uint32_t offset)
{
    switch ((v->gc[GC_MISC] >> 2) & 3) {
    case 0: return (int32_t)offset;
    case 1: return offset < 0x10000 ? (int32_t)offset : -1;
    case 2: return offset >= 0x10000 && offset < 0x18000 ? (int32_t)(offset - 0x10000) : -1;
    default: return offset >= 0x18000 ? (int32_t)(offset - 0x18000) : -1;
    }
}

static uint32_t vram_index(uint32_t plane_offset, unsigned plane)
{
    return ((plane_offset << 2) | plane) & (VGA_VRAM_SIZE - 1);
}

/* With DISPI on, A0000h-AFFFFh is a 64 KiB window onto vram at the selected bank. */
static uint8_t bank_read(const struct vga *v, uint32_t offset)
{
    if (offset >= 0x10000)
        return 0xff;
    return v->vram[((uint32_t)v->vbe[VBE_INDEX_BANK] << 16 | offset) & (VGA_VRAM_SIZE - 1)];
}

static void bank_write(struct vga *v, uint32_t offset, uint8_t value)
{
    if (offset >= 0x10000)
        return;
    uint32_t at = ((uint32_t)v->vbe[VBE_INDEX_BANK] << 16 | offset) & (VGA_VRAM_SIZE - 1);
    v->vram[at] = value;
    vga_mark_dirty(v, at);
}

/* Read mode 1: a bit is 1 where every plane not excluded by "colour don't care" matches the colour compare. */
static uint8_t color_compare(const struct vga *v)
{
    uint8_t differ = 0;
    for (unsigned p = 0; p < 4; p++) {
        if (!(v->gc[GC_DONT_CARE] >> p & 1))
            continue;
        uint8_t want = (v->gc[GC_COLOR_COMPARE] >> p & 1) ? 0xff : 0x00;
        differ |= (uint8_t)(v->latch[p] ^ want);
    }
    return (uint8_t)~differ;
}

static uint8_t read_byte(struct vga *v, uint32_t offset)
{
    if (vbe_active(v))
        return bank_read(v, offset);
    int32_t off = window_offset(v, offset);
    if (off < 0)
        return 0xff;
    uint32_t a = (uint32_t)off;
    if (v->seq[4] & 0x08)                         /* chain-4: linear bytes, plane = address bits 0-1 */
        return v->vram[a & (VGA_VRAM_SIZE - 1)];
    if (v->gc[GC_MODE] & 0x10) {                  /* odd/even: address bit 0 picks plane 0/1 (or 2/3) */
        unsigned plane = (v->gc[GC_READ_MAP] & 2) | (a & 1);
        return v->vram[vram_index(a & ~1u, plane)];
    }
    for (unsigned p = 0; p < 4; p++)
        v->latch[p] = v->vram[vram_index(a, p)];
    if (v->gc[GC_MODE] & 0x08)
        return color_compare(v);
    return v->latch[v->gc[GC_READ_MAP] & 3];
}

static uint8_t rotate_right(uint8_t value, unsigned count)
{
    count &= 7;
    return (uint8_t)((value >> count) | (value << ((8 - count) & 7)));
}

static uint8_t logical_op(const struct vga *v, uint8_t value, uint8_t latch)
{
    switch ((v->gc[GC_ROTATE] >> 3) & 3) {
    case 1: return value & latch;
    case 2: return value | latch;
    case 3: return value ^ latch;
    default: return value;
    }
}

/* The value each plane receives in write modes 0, 2 and 3, before the plane mask. */
static void planar_values(const struct vga *v, uint8_t cpu, uint8_t out[4])
{
    unsigned mode = v->gc[GC_MODE] & 3;
    uint8_t mask = v->gc[GC_BIT_MASK];
    uint8_t rotated = rotate_right(cpu, v->gc[GC_ROTATE]);
    for (unsigned p = 0; p < 4; p++) {
        uint8_t value;
        if (mode == 1) {
            out[p] = v->latch[p];
            continue;
        }
        if (mode == 2) {
            value = (cpu >> p & 1) ? 0xff : 0x00;
        } else if (mode == 3) {
            value = (v->gc[GC_SET_RESET] >> p & 1) ? 0xff : 0x00;
        } else {
            value = rotated;
            if (v->gc[GC_ENABLE_SET_RESET] >> p & 1)
                value = (v->gc[GC_SET_RESET] >> p & 1) ? 0xff : 0x00;
        }
        uint8_t bits = mode == 3 ? (uint8_t)(mask & rotated) : mask;
        value = logical_op(v, value, v->latch[p]);
        out[p] = (uint8_t)((value & bits) | (v->latch[p] & ~bits));
    }
}

static void write_byte(struct vga *v, uint32_t offset, uint8_t value)
{
    if (vbe_active(v)) {
        bank_write(v, offset, value);
        return;
    }
    int32_t off = window_offset(v, offset);
    if (off < 0)
        return;
    uint32_t a = (uint32_t)off;
    uint8_t plane_mask = v->seq[2] & 0x0f;
    if (v->seq[4] & 0x08) {                       /* chain-4 */
        if (plane_mask >> (a & 3) & 1) {
            v->vram[a & (VGA_VRAM_SIZE - 1)] = value;
            vga_mark_dirty(v, a);
        }
        return;
    }
    if (!(v->seq[4] & 0x04)) {                    /* odd/even: even addresses reach planes 0 and 2, odd 1 and 3 */
        for (unsigned plane = a & 1; plane < 4; plane += 2) {
            if (plane_mask >> plane & 1) {
                uint32_t at = vram_index(a & ~1u, plane);
                v->vram[at] = value;
                vga_mark_dirty(v, at);
            }
        }
        return;
    }
    uint8_t planes[4];
    planar_values(v, value, planes);
    for (unsigned p = 0; p < 4; p++) {
        if (plane_mask >> p & 1) {
            v->vram[vram_index(a, p)] = planes[p];
            vga_mark_dirty(v, vram_index(a, p));
        }
    }
}

uint32_t vga_window_read(void *opaque, uint32_t offset, unsigned size)
{
    struct vga *v = opaque;
    uint32_t value = 0;
    for (unsigned k = 0; k < size; k++)
        value |= (uint32_t)read_byte(v, offset + k) << (8 * k);
    return value;
}

void vga_window_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
    struct vga *v = opaque;
    for (unsigned k = 0; k < size; k++)
        write_byte(v, offset + k, (uint8_t)(value >> (8 * k)));
}

/* The linear framebuffer: vram as plain little-endian bytes. */
uint32_t vga_lfb_read(void *opaque, uint32_t offset, unsigned size)
{
    struct vga *v = opaque;
    uint32_t value = 0;
    for (unsigned k = 0; k < size; k++)
        value |= (uint32_t)v->vram[(offset + k) & (VGA_VRAM_SIZE - 1)] << (8 * k);
    return value;
}

void vga_lfb_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
    struct vga *v = opaque;
    for (unsigned k = 0; k < size; k++) {
        uint32_t at = (offset + k) & (VGA_VRAM_SIZE - 1);
        v->vram[at] = (uint8_t)(value >> (8 * k));
        vga_mark_dirty(v, at);
    }
}

void vga_memory_register(struct vga *v, struct phys *phys)
{
    v->lfb_base = VGA_LFB_DEFAULT_BASE;
    if (phys_add_mmio(phys, 0xa0000, 0x20000, vga_window_read, vga_window_write, v, "vga-window") < 0)
        return;
    v->lfb_region = phys_add_mmio(phys, v->lfb_base, VGA_VRAM_SIZE, vga_lfb_read, vga_lfb_write, v, "vga-lfb");
}

void vga_set_lfb_base(struct vga *v, uint32_t base)
{
    v->lfb_base = base;
    if (v->lfb_region < 0)
        return;
    if (base == 0) {
        v->phys->region[v->lfb_region].size = 0;
        phys_move_region(v->phys, v->lfb_region, 0);
        return;
    }
    v->phys->region[v->lfb_region].size = VGA_VRAM_SIZE;
    phys_move_region(v->phys, v->lfb_region, base);
}
