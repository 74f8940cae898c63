/* Far control transfers: far JMP, CALL and RET. In real and V86 mode they load CS as a paragraph; in protected mode
 * they go to code segments (conforming or not), through call gates (with the parameter copy and the inner stack
 * switch of a CALL to a more privileged level), or to another task (TSS descriptors and task gates). RET returns
 * to the same or an outer privilege level. Everything is checked, and the new stack frame written, before CS,
 * EIP, SS, ESP or CPL change. */
#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/except.h"
#include "cpu/frame.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"
#include "cpu/seg.h"
#include "cpu/stack.h"
#include "cpu/task.h"

enum { GATE_CALL16 = 4, GATE_TASK = 5, GATE_CALL32 = 12, TSS16 = 1, TSS32 = 9 };

/* Real and V86 mode: the new IP must lie within CS's limit (64 KiB in V86 mode). */
static void far_jump_real(struct cpu *c, uint16_t sel, uint32_t offset)
{
    if (offset > c->seg[S_CS].limit)
        cpu_fault(c, EXC_GP, 0);
    seg_load_real(c, S_CS, sel);
    c->eip = offset;
}

static void far_call_real(struct cpu *c, uint16_t sel, uint32_t offset, unsigned size)
{
    if (offset > c->seg[S_CS].limit)
        cpu_fault(c, EXC_GP, 0);
    struct frame f;
    frame_init(&f, &c->seg[S_SS], c->gpr[R_ESP], c->stack32, c->cpl == 3, 0);
    frame_push(c, &f, c->seg[S_CS].sel, size);
    frame_push(c, &f, c->eip, size);
    frame_write(c, &f);
    c->gpr[R_ESP] = f.esp;
    seg_load_real(c, S_CS, sel);
    c->eip = offset;
}

/* A code segment reached directly (no gate): conforming ones with DPL <= CPL, others with DPL = CPL and
 * RPL <= CPL. */
static void check_direct_code(struct cpu *c, const struct descriptor *d)
{
    unsigned dpl = AR_DPL(d->ar), rpl = d->sel & 3u;
    if (!(AR_TYPE(d->ar) & 8))
        cpu_fault(c, EXC_GP, d->sel & ~3u);
    if ((AR_TYPE(d->ar) & 4) ? dpl > (unsigned)c->cpl : rpl > (unsigned)c->cpl || dpl != (unsigned)c->cpl)
        cpu_fault(c, EXC_GP, d->sel & ~3u);
    if (!AR_P(d->ar))
        cpu_fault(c, EXC_NP, d->sel & ~3u);
}

/* Loads CS from a checked descriptor with RPL = `cpl` and jumps to `offset`. */
static void enter_code(struct cpu *c, const struct descriptor *d, unsigned cpl, uint32_t offset)
{
    seg_mark_accessed(c, d);
    seg_cache_from(&c->seg[S_CS], (uint16_t)((d->sel & ~3u) | cpl), d);
    c->eip = offset;
    cpu_update_mode(c);
}

static void check_offset(struct cpu *c, const struct descriptor *d, uint32_t offset)
{
    if (offset > desc_limit(d->lo, d->hi))
        cpu_fault(c, EXC_GP, 0);
}

/* A TSS descriptor or a task gate as the target of JMP or CALL: the gate's or TSS's DPL must allow the caller. */
static void far_to_task(struct cpu *c, const struct descriptor *d, enum task_reason why)
{
    unsigned dpl = AR_DPL(d->ar);
    if (dpl < (unsigned)c->cpl || dpl < (d->sel & 3u))
        cpu_fault(c, EXC_GP, d->sel & ~3u);
    struct descriptor tss;
    if (AR_TYPE(d->ar) == GATE_TASK) {
        if (!AR_P(d->ar))
            cpu_fault(c, EXC_NP, d->sel & ~3u);
        task_fetch_available(c, (uint16_t)(d->lo >> 16), 0, &tss);
    } else {
        task_fetch_available(c, d->sel, 0, &tss);
    }
    task_switch(c, &tss, why, 0);
}

/* The code segment a call gate names, checked for a JMP (same privilege only) or a CALL (inner or same). */
static void gate_code(struct cpu *c, const struct descriptor *gate, int is_call, struct descriptor *code)
{
    unsigned dpl = AR_DPL(gate->ar);
    if (dpl < (unsigned)c->cpl || dpl < (gate->sel & 3u))
        cpu_fault(c, EXC_GP, gate->sel & ~3u);
    if (!AR_P(gate->ar))
        cpu_fault(c, EXC_NP, gate->sel & ~3u);
    uint16_t sel = (uint16_t)(gate->lo >> 16);
    if ((sel & ~3u) == 0)
        cpu_fault(c, EXC_GP, 0);
    seg_fetch(c, sel, EXC_GP, 0, code);
    unsigned cdpl = AR_DPL(code->ar);
    int conforming = (AR_TYPE(code->ar) & 4) != 0;
    if (!AR_S(code->ar) || !(AR_TYPE(code->ar) & 8) || cdpl > (unsigned)c->cpl ||
        (!is_call && !conforming && cdpl != (unsigned)c->cpl))
        cpu_fault(c, EXC_GP, sel & ~3u);
    if (!AR_P(code->ar))
        cpu_fault(c, EXC_NP, sel & ~3u);
}

static uint32_t gate_offset(const struct descriptor *gate)
{
    uint32_t off = gate->lo & 0xffff;
    return AR_TYPE(gate->ar) == GATE_CALL32 ? off | (gate->hi & 0xffff0000u) : off;
}

/* CALL through a gate to a more privileged, non-conforming segment: a new stack from the TSS, holding the
 * caller's SS:ESP, the gate's parameter count of words or dwords copied from the caller's stack, and CS:EIP. */
static void call_gate_inner(struct cpu *c, const struct descriptor *gate, const struct descriptor *code)
{
    unsigned new_cpl = AR_DPL(code->ar), width = AR_TYPE(gate->ar) == GATE_CALL32 ? 4 : 2;
    unsigned params = gate->hi & 0x1f;
    uint16_t ss_sel;
    uint32_t esp;
    struct descriptor ss;
    struct seg_cache new_ss;
    struct frame f;
    tss_inner_stack(c, new_cpl, 0, &ss_sel, &esp);
    seg_check_stack(c, ss_sel, new_cpl, EXC_TS, 0, 0, &ss);
    seg_cache_from(&new_ss, ss_sel, &ss);
    frame_init(&f, &new_ss, esp, AR_DB(ss.ar), 0, ss_sel & ~3u);
    frame_push(c, &f, c->seg[S_SS].sel, width);
    frame_push(c, &f, c->gpr[R_ESP], width);
    for (unsigned k = params; k-- > 0;)
        frame_push(c, &f, stack_peek(c, k * width, width), width);
    frame_push(c, &f, c->seg[S_CS].sel, width);
    frame_push(c, &f, c->eip, width);
    uint32_t offset = gate_offset(gate);
    check_offset(c, code, offset);
    frame_write(c, &f);
    seg_mark_accessed(c, &ss);
    c->seg[S_SS] = new_ss;
    c->gpr[R_ESP] = f.esp;
    c->cpl = (int)new_cpl;
    enter_code(c, code, new_cpl, offset);
}

static void call_gate(struct cpu *c, const struct descriptor *gate)
{
    struct descriptor code;
    gate_code(c, gate, 1, &code);
    if (!(AR_TYPE(code.ar) & 4) && AR_DPL(code.ar) < (unsigned)c->cpl) {
        call_gate_inner(c, gate, &code);
        return;
    }
    unsigned width = AR_TYPE(gate->ar) == GATE_CALL32 ? 4 : 2;
    struct frame f;
    frame_init(&f, &c->seg[S_SS], c->gpr[R_ESP], c->stack32, c->cpl == 3, 0);
    frame_push(c, &f, c->seg[S_CS].sel, width);
    frame_push(c, &f, c->eip, width);
    uint32_t offset = gate_offset(gate);
    check_offset(c, &code, offset);
    frame_write(c, &f);
    c->gpr[R_ESP] = f.esp;
    enter_code(c, &code, (unsigned)c->cpl, offset);
}

static void far_jump(struct cpu *c, uint16_t sel, uint32_t offset)
{
    if (!c->pe || c->v86) {
        far_jump_real(c, sel, offset);
    } else {
        struct descriptor d;
        if ((sel & ~3u) == 0)
            cpu_fault(c, EXC_GP, 0);
        seg_fetch(c, sel, EXC_GP, 0, &d);
        if (AR_S(d.ar)) {
            check_direct_code(c, &d);
            check_offset(c, &d, offset);
            enter_code(c, &d, (unsigned)c->cpl, offset);
        } else if (AR_TYPE(d.ar) == GATE_CALL16 || AR_TYPE(d.ar) == GATE_CALL32) {
            struct descriptor code;
            gate_code(c, &d, 0, &code);
            check_offset(c, &code, gate_offset(&d));
            enter_code(c, &code, (unsigned)c->cpl, gate_offset(&d));
        } else if (AR_TYPE(d.ar) == GATE_TASK || AR_TYPE(d.ar) == TSS16 || AR_TYPE(d.ar) == TSS32) {
            far_to_task(c, &d, TASK_JMP);
        } else {
            cpu_fault(c, EXC_GP, sel & ~3u);
        }
    }
    cpu_end_block(c);
}

static void far_call(struct cpu *c, uint16_t sel, uint32_t offset, unsigned size)
{
    if (!c->pe || c->v86) {
        far_call_real(c, sel, offset, size);
    } else {
        struct descriptor d;
        if ((sel & ~3u) == 0)
            cpu_fault(c, EXC_GP, 0);
        seg_fetch(c, sel, EXC_GP, 0, &d);
        if (AR_S(d.ar)) {
            check_direct_code(c, &d);
            struct frame f;
            frame_init(&f, &c->seg[S_SS], c->gpr[R_ESP], c->stack32, c->cpl == 3, 0);
            frame_push(c, &f, c->seg[S_CS].sel, size);
            frame_push(c, &f, c->eip, size);
            check_offset(c, &d, offset);
            frame_write(c, &f);
            c->gpr[R_ESP] = f.esp;
            enter_code(c, &d, (unsigned)c->cpl, offset);
        } else if (AR_TYPE(d.ar) == GATE_CALL16 || AR_TYPE(d.ar) == GATE_CALL32) {
            call_gate(c, &d);
        } else if (AR_TYPE(d.ar) == GATE_TASK || AR_TYPE(d.ar) == TSS16 || AR_TYPE(d.ar) == TSS32) {
            far_to_task(c, &d, TASK_CALL);
        } else {
            cpu_fault(c, EXC_GP, sel & ~3u);
        }
    }
    cpu_end_block(c);
}

void jmpf_Ap_w(struct cpu *c, const struct insn *i) { far_jump(c, i->imm2, i->imm & 0xffff); }
void jmpf_Ap_d(struct cpu *c, const struct insn *i) { far_jump(c, i->imm2, i->imm); }
void callf_Ap_w(struct cpu *c, const struct insn *i) { far_call(c, i->imm2, i->imm & 0xffff, 2); }
void callf_Ap_d(struct cpu *c, const struct insn *i) { far_call(c, i->imm2, i->imm, 4); }

/* Indirect far pointers: offset then selector in memory. */
static void read_far_pointer(struct cpu *c, const struct insn *i, unsigned size, uint16_t *sel, uint32_t *off)
{
    uint32_t addr = ea(c, i);
    *off = size == 2 ? seg_read16(c, i->seg, addr) : seg_read32(c, i->seg, addr);
    *sel = (uint16_t)seg_read16(c, i->seg, (addr + size) & i->amask);
}
void jmpf_Mp_w(struct cpu *c, const struct insn *i)
{
    uint16_t sel;
    uint32_t off;
    read_far_pointer(c, i, 2, &sel, &off);
    far_jump(c, sel, off);
}
void jmpf_Mp_d(struct cpu *c, const struct insn *i)
{
    uint16_t sel;
    uint32_t off;
    read_far_pointer(c, i, 4, &sel, &off);
    far_jump(c, sel, off);
}
void callf_Mp_w(struct cpu *c, const struct insn *i)
{
    uint16_t sel;
    uint32_t off;
    read_far_pointer(c, i, 2, &sel, &off);
    far_call(c, sel, off, 2);
}
void callf_Mp_d(struct cpu *c, const struct insn *i)
{
    uint16_t sel;
    uint32_t off;
    read_far_pointer(c, i, 4, &sel, &off);
    far_call(c, sel, off, 4);
}

static void far_return_real(struct cpu *c, unsigned size, uint32_t extra)
{
    uint32_t off = stack_peek(c, 0, size);
    uint16_t sel = (uint16_t)stack_peek(c, size, 2);
    if (off > c->seg[S_CS].limit)
        cpu_fault(c, EXC_GP, 0);
    set_stack_ptr(c, stack_offset(c, 2 * size + extra));
    seg_load_real(c, S_CS, sel);
    c->eip = off;
}

/* RETF [imm16]: to the same level, or to an outer one whose SS:ESP follow the return address (and the
 * parameters that imm16 skips on both stacks). */
static void far_return(struct cpu *c, unsigned size, uint32_t extra)
{
    if (!c->pe || c->v86) {
        far_return_real(c, size, extra);
        cpu_end_block(c);
        return;
    }
    uint32_t off = stack_peek(c, 0, size);
    uint16_t sel = (uint16_t)stack_peek(c, size, 2);
    struct descriptor code, ss;
    seg_check_return_code(c, sel, &code);
    unsigned rpl = sel & 3u;
    if (rpl == (unsigned)c->cpl) {
        check_offset(c, &code, off);
        set_stack_ptr(c, stack_offset(c, 2 * size + extra));
        enter_code(c, &code, rpl, off);
        cpu_end_block(c);
        return;
    }
    uint32_t new_esp = stack_peek(c, 2 * size + extra, size);
    uint16_t new_ss = (uint16_t)stack_peek(c, 3 * size + extra, 2);
    seg_check_stack(c, new_ss, rpl, EXC_GP, 0, 0, &ss);
    check_offset(c, &code, off);
    c->cpl = (int)rpl;
    enter_code(c, &code, rpl, off);
    seg_mark_accessed(c, &ss);
    seg_cache_from(&c->seg[S_SS], new_ss, &ss);
    cpu_update_mode(c);
    if (size == 2)
        new_esp &= 0xffff;
    set_stack_ptr(c, new_esp + extra);
    seg_null_inaccessible(c);
    cpu_end_block(c);
}

void retf_w(struct cpu *c, const struct insn *i) { far_return(c, 2, i->opcode == 0xca ? i->imm & 0xffff : 0); }
void retf_d(struct cpu *c, const struct insn *i) { far_return(c, 4, i->opcode == 0xca ? i->imm & 0xffff : 0); }
