/* The CPU's saved state and the debuggers' register access (see cpu_state.h).
 *
 * One visitor lists the saved fields in order; it writes them (save), reads them (load) or only counts them
 * (size), so the three can never disagree. Loading reads into a scratch CPU first and checks it, so a bad
 * state changes nothing. */
#include "cpu/cpu_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/debug.h"
#include "cpu/flags.h"
#include "cpu/icache.h"
#include "mem/endian.h"

/* Where the visitor's values go: out (save), in (load), or neither (counting). */
struct state_io {
    uint8_t *out;
    const uint8_t *in;
    size_t pos;
};

static void io_u8(struct state_io *io, uint8_t *v)
{
    if (io->out)
        st8(io->out + io->pos, *v);
    else if (io->in)
        *v = ld8(io->in + io->pos);
    io->pos += 1;
}

static void io_u16(struct state_io *io, uint16_t *v)
{
    if (io->out)
        st16(io->out + io->pos, *v);
    else if (io->in)
        *v = ld16(io->in + io->pos);
    io->pos += 2;
}

static void io_u32(struct state_io *io, uint32_t *v)
{
    if (io->out)
        st32(io->out + io->pos, *v);
    else if (io->in)
        *v = ld32(io->in + io->pos);
    io->pos += 4;
}

static void io_u64(struct state_io *io, uint64_t *v)
{
    if (io->out)
        st64(io->out + io->pos, *v);
    else if (io->in)
        *v = ld64(io->in + io->pos);
    io->pos += 8;
}

/* An int as 32-bit two's complement. */
static void io_int(struct state_io *io, int *v)
{
    uint32_t u = (uint32_t)*v;
    io_u32(io, &u);
    if (io->in)
        *v = u <= INT32_MAX ? (int)u : -(int)(~u) - 1;
}

static void io_volatile_int(struct state_io *io, volatile int *v)
{
    int copy = *v;
    io_int(io, &copy);
    if (io->in)
        *v = copy;
}

static void io_u32s(struct state_io *io, uint32_t *v, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        io_u32(io, &v[k]);
}

static void io_u64s(struct state_io *io, uint64_t *v, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        io_u64(io, &v[k]);
}

/* The whole cached descriptor, not only the selector: real-mode tricks (unreal mode) depend on it. */
static void io_seg(struct state_io *io, struct seg_cache *s)
{
    io_u16(io, &s->sel);
    io_u32(io, &s->base);
    io_u32(io, &s->limit);
    io_u32(io, &s->lo);
    io_u32(io, &s->hi);
    io_u32(io, &s->ar);
    io_u8(io, &s->ok);
}

static void io_dtr(struct state_io *io, struct dtr *d)
{
    io_u32(io, &d->base);
    io_u16(io, &d->limit);
}

/* Every saved field, in file order. The order is part of CPU_STATE_VERSION. */
static void visit_cpu(struct cpu *c, struct state_io *io)
{
    io_u32s(io, c->gpr, 8);
    io_u32(io, &c->eip);
    io_u32(io, &c->prev_eip);
    io_u32(io, &c->eflags);
    io_u32(io, &c->lf_res);
    io_u32(io, &c->lf_aux);
    for (unsigned s = 0; s < S_COUNT; s++)
        io_seg(io, &c->seg[s]);
    io_seg(io, &c->ldtr);
    io_seg(io, &c->tr);
    io_dtr(io, &c->gdtr);
    io_dtr(io, &c->idtr);
    io_u32(io, &c->cr0);
    io_u32(io, &c->cr2);
    io_u32(io, &c->cr3);
    io_u32(io, &c->cr4);
    io_u32s(io, c->dr, 8);
    io_int(io, &c->cpl);
    io_u64(io, &c->tsc_offset);
    io_u32(io, &c->sysenter_cs);
    io_u32(io, &c->sysenter_esp);
    io_u32(io, &c->sysenter_eip);
    io_u64(io, &c->apic_base);
    io_u64(io, &c->mtrr_cap);
    io_u64(io, &c->mtrr_def_type);
    io_u64s(io, c->mtrr_fixed, 11);
    io_u64s(io, c->mtrr_var, 16);
    io_u64(io, &c->pat);
    io_u64s(io, c->perfctr, 2);
    io_u64s(io, c->evntsel, 2);
    io_volatile_int(io, &c->intr);
    io_int(io, &c->nmi_pending);
    io_int(io, &c->nmi_blocked);
    io_u64(io, &c->irq_shadow_until);
    io_int(io, &c->halted);
    io_u64(io, &c->icount);
    io_u64(io, &c->halted_insns);
    io_int(io, &c->delivering);
    io_int(io, &c->shutdown);
    io_u8(io, &c->dbg_step);
    io_u32(io, &c->dbg_hits);
    io_u32(io, &c->dbg_pending);
}

size_t cpu_state_size(void)
{
    static struct cpu scratch;   /* only its addresses are used: counting touches no value */
    struct state_io io = { NULL, NULL, 0 };
    visit_cpu(&scratch, &io);
    return io.pos;
}

void cpu_state_save(const struct cpu *c, uint8_t *out)
{
    struct state_io io = { out, NULL, 0 };
    /* Saving only reads through the pointer; the visitor takes it non-const because loading shares it. */
    visit_cpu((struct cpu *)c, &io);
}

static int state_error(char *err, size_t errlen, const char *what)
{
    snprintf(err, errlen, "CPU state: %s", what);
    return -1;
}

/* Values no running CPU can hold; anything else is the guest's business. */
static int check_state(const struct cpu *s, char *err, size_t errlen)
{
    if (s->cpl < 0 || s->cpl > 3)
        return state_error(err, errlen, "privilege level out of range");
    if (s->halted_insns > s->icount)
        return state_error(err, errlen, "halted time exceeds the instruction count");
    if (s->delivering < -1 || s->delivering > 255)
        return state_error(err, errlen, "exception in delivery out of range");
    if ((s->halted | s->shutdown | s->nmi_pending | s->nmi_blocked) & ~1)
        return state_error(err, errlen, "a flag that is not 0 or 1");
    return 0;
}

/* After the fields changed: the mode, the debug registers' effect, no stale translations or decoded blocks. */
static void recompute_derived(struct cpu *c)
{
    cpu_update_mode(c);
    debug_update(c);
    cpu_host_debug_changed(c);
    cpu_tlb_flush(c, 0);
    icache_flush(c->icache);
    c->stop = 1;
}

int cpu_state_check(const uint8_t *in, size_t len, char *err, size_t errlen)
{
    if (len != cpu_state_size())
        return state_error(err, errlen, "wrong size");
    struct cpu *scratch = calloc(1, sizeof *scratch);
    if (!scratch)
        return state_error(err, errlen, "out of memory");
    struct state_io io = { NULL, in, 0 };
    visit_cpu(scratch, &io);
    int r = check_state(scratch, err, errlen);
    free(scratch);
    return r;
}

int cpu_state_load(struct cpu *c, const uint8_t *in, size_t len, char *err, size_t errlen)
{
    if (cpu_state_check(in, len, err, errlen) < 0)
        return -1;
    struct state_io io = { NULL, in, 0 };
    visit_cpu(c, &io);
    recompute_derived(c);
    return 0;
}

/* The x87 (cpu/fpu/fpu.h): registers by physical number, control and status words, TOP, the empty bits, the last
 * instruction and data pointers, and the FERR#/IGNNE# lines. The order is part of CPU_FPU_STATE_VERSION. */
static void visit_fpu(struct cpu *c, struct state_io *io)
{
    struct fpu *f = &c->fpu;
    for (unsigned k = 0; k < 8; k++) {
        io_u64(io, &f->reg[k].sig);
        io_u16(io, &f->reg[k].se);
    }
    io_u16(io, &f->cw);
    io_u16(io, &f->sw);
    io_u8(io, &f->top);
    io_u8(io, &f->empty);
    io_u16(io, &f->fop);
    io_u32(io, &f->fip);
    io_u32(io, &f->fdp);
    io_u16(io, &f->fcs);
    io_u16(io, &f->fds);
    io_u8(io, &f->ferr);
    io_u8(io, &f->ignne);
    io_u8(io, &f->irq13_level);
    if (io->in) {                /* values no FPU holds are brought into range rather than trusted */
        f->top &= 7;
        f->sw &= (uint16_t)~0x3800u;
        f->ferr &= 1;
        f->ignne &= 1;
        f->irq13_level &= 1;
    }
}

size_t cpu_fpu_state_size(void)
{
    static struct cpu scratch;
    struct state_io io = { NULL, NULL, 0 };
    visit_fpu(&scratch, &io);
    return io.pos;
}

void cpu_fpu_state_save(const struct cpu *c, uint8_t *out)
{
    struct state_io io = { out, NULL, 0 };
    visit_fpu((struct cpu *)c, &io);
}

int cpu_fpu_state_load(struct cpu *c, const uint8_t *in, size_t len, char *err, size_t errlen)
{
    if (len != cpu_fpu_state_size())
        return state_error(err, errlen, "wrong FPU state size");
    struct state_io io = { NULL, in, 0 };
    visit_fpu(c, &io);
    return 0;
}

uint32_t cpu_debug_get_eflags(const struct cpu *c)
{
    return cpu_get_eflags(c);
}

void cpu_debug_set_eflags(struct cpu *c, uint32_t value)
{
    c->eflags = (value & ~FL_ARITH) | 2u;
    set_arith_flags(c, value & FL_ARITH);
    cpu_debug_registers_changed(c);
}

void cpu_debug_set_segment(struct cpu *c, unsigned seg, uint16_t sel, uint32_t lo, uint32_t hi)
{
    struct seg_cache *sc = &c->seg[seg];
    if (sc->sel == sel)
        return;                  /* gdb writes every register back; an unchanged selector keeps its cache */
    if (!c->pe || c->v86) {
        sc->sel = sel;
        sc->base = (uint32_t)sel << 4;
    } else if ((sel & ~3u) == 0) {
        seg_set_cache(sc, sel, 0, 0, 0);
    } else {
        seg_set_cache(sc, sel, desc_base(lo, hi), desc_limit(lo, hi), desc_ar(hi));
        if (seg == S_CS)
            c->cpl = sel & 3;
    }
    cpu_debug_registers_changed(c);
}

void cpu_debug_registers_changed(struct cpu *c)
{
    cpu_update_mode(c);
    debug_update(c);
    cpu_tlb_flush(c, 0);         /* CR0 or CR3 may have changed the translation */
    c->stop = 1;
}
