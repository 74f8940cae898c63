/* Two-step stack frames (see frame.h). */
#include "cpu/frame.h"
#include "cpu/access.h"
#include "cpu/except.h"

void frame_init(struct frame *f, const struct seg_cache *ss, uint32_t esp, int big, int user, uint32_t ss_error)
{
    f->ss = ss;
    f->esp = esp;
    f->big = big;
    f->user = user;
    f->ss_error = ss_error;
    f->n = 0;
}

void frame_push(struct cpu *c, struct frame *f, uint32_t value, unsigned size)
{
    const struct seg_cache *ss = f->ss;
    uint32_t off;
    if (f->big) {
        f->esp -= size;
        off = f->esp;
    } else {
        off = (f->esp - size) & 0xffff;
        f->esp = (f->esp & 0xffff0000u) | off;
    }
    if (!(ss->ok & SEG_W) || off < ss->lo || (uint64_t)off + size - 1 > ss->hi)
        cpu_fault(c, EXC_SS, f->ss_error);
    f->off[f->n] = off;
    f->val[f->n] = value;
    f->size[f->n] = (uint8_t)size;
    f->n++;
}

static void store(struct cpu *c, uint32_t lin, uint32_t v, unsigned size, int user)
{
    const struct tlb_entry *e = tlb_hit(c, lin, user ? TLB_W_USR : TLB_W_SUP);
    if (e && (lin & 0xfff) <= 0x1000 - size) {
        if (size == 2)
            st16(e->host + (lin & 0xfff), (uint16_t)v);
        else
            st32(e->host + (lin & 0xfff), v);
    } else {
        cpu_write_slow(c, lin, v, size, user);
    }
}

void frame_write(struct cpu *c, const struct frame *f)
{
    uint32_t need = f->user ? TLB_W_USR : TLB_W_SUP;
    for (unsigned k = 0; k < f->n; k++) {
        uint32_t lin = f->ss->base + f->off[k], last = lin + f->size[k] - 1u;
        if (!tlb_hit(c, lin, need))
            cpu_translate(c, lin, ACC_WRITE, f->user);
        if ((last & ~0xfffu) != (lin & ~0xfffu) && !tlb_hit(c, last, need))
            cpu_translate(c, last, ACC_WRITE, f->user);
    }
    for (unsigned k = 0; k < f->n; k++)
        store(c, f->ss->base + f->off[k], f->val[k], f->size[k], f->user);
}
