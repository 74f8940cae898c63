/* Stack instructions: PUSH POP PUSHA POPA PUSHF POPF ENTER LEAVE. */
#include "cpu/cpu_internal.h"
#include "cpu/except.h"
#include "cpu/flags.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"
#include "cpu/stack.h"
#include "cpu/v86.h"

void push_Zw(struct cpu *c, const struct insn *i) { push16(c, get_r16(c, i->reg)); }
void push_Zd(struct cpu *c, const struct insn *i) { push32(c, c->gpr[i->reg]); }
void push_Iw(struct cpu *c, const struct insn *i) { push16(c, i->imm); }
void push_Id(struct cpu *c, const struct insn *i) { push32(c, i->imm); }
void push_Ew(struct cpu *c, const struct insn *i) { push16(c, load_e16(c, i)); }
void push_Ed(struct cpu *c, const struct insn *i) { push32(c, load_e32(c, i)); }

/* POP reg: the value is read before ESP moves; POP ESP leaves the popped value in ESP. */
void pop_Zw(struct cpu *c, const struct insn *i)
{
    uint32_t v = pop16(c);
    set_r16(c, i->reg, v);
}
void pop_Zd(struct cpu *c, const struct insn *i)
{
    uint32_t v = pop32(c);
    c->gpr[i->reg] = v;
}

/* POP r/m computes a memory address with ESP as it is after the pop; a faulting store restores ESP. */
static void pop_e(struct cpu *c, const struct insn *i, unsigned size)
{
    uint32_t old_esp = c->gpr[R_ESP];
    uint32_t v = stack_peek(c, 0, size);
    set_stack_ptr(c, stack_offset(c, size));
    if (i->mod3) {
        if (size == 2)
            set_r16(c, i->rm, v);
        else
            c->gpr[i->rm] = v;
        return;
    }
    uint32_t off = ea(c, i);
    uint32_t lin = seg_linear(c, i->seg, off, size, SEG_W);
    c->gpr[R_ESP] = old_esp;     /* so that a fault on the store sees the original ESP */
    if (size == 2)
        lin_write16(c, lin, v);
    else
        lin_write32(c, lin, v);
    set_stack_ptr(c, stack_offset(c, size));
}
void pop_Ew(struct cpu *c, const struct insn *i) { pop_e(c, i, 2); }
void pop_Ed(struct cpu *c, const struct insn *i) { pop_e(c, i, 4); }

/* Segment registers: a 32-bit push writes only the low 16 bits of the slot, as P6 processors do. */
static void push_seg_w(struct cpu *c, unsigned s) { push16(c, c->seg[s].sel); }
static void push_seg_d(struct cpu *c, unsigned s)
{
    uint32_t sp = stack_offset(c, (uint32_t)-4);
    seg_write16(c, S_SS, sp, c->seg[s].sel);
    set_stack_ptr(c, sp);
}
static void pop_seg(struct cpu *c, unsigned s, unsigned size)
{
    uint16_t sel = (uint16_t)stack_peek(c, 0, 2);
    seg_load(c, s, sel);
    set_stack_ptr(c, stack_offset(c, size));
    if (s == S_SS)
        c->irq_shadow_until = c->icount + 2;
    cpu_end_block(c);
}
void pushw_ES(struct cpu *c, const struct insn *i) { (void)i; push_seg_w(c, S_ES); }
void pushw_CS(struct cpu *c, const struct insn *i) { (void)i; push_seg_w(c, S_CS); }
void pushw_SS(struct cpu *c, const struct insn *i) { (void)i; push_seg_w(c, S_SS); }
void pushw_DS(struct cpu *c, const struct insn *i) { (void)i; push_seg_w(c, S_DS); }
void pushw_FS(struct cpu *c, const struct insn *i) { (void)i; push_seg_w(c, S_FS); }
void pushw_GS(struct cpu *c, const struct insn *i) { (void)i; push_seg_w(c, S_GS); }
void pushd_ES(struct cpu *c, const struct insn *i) { (void)i; push_seg_d(c, S_ES); }
void pushd_CS(struct cpu *c, const struct insn *i) { (void)i; push_seg_d(c, S_CS); }
void pushd_SS(struct cpu *c, const struct insn *i) { (void)i; push_seg_d(c, S_SS); }
void pushd_DS(struct cpu *c, const struct insn *i) { (void)i; push_seg_d(c, S_DS); }
void pushd_FS(struct cpu *c, const struct insn *i) { (void)i; push_seg_d(c, S_FS); }
void pushd_GS(struct cpu *c, const struct insn *i) { (void)i; push_seg_d(c, S_GS); }
void popw_ES(struct cpu *c, const struct insn *i) { (void)i; pop_seg(c, S_ES, 2); }
void popw_SS(struct cpu *c, const struct insn *i) { (void)i; pop_seg(c, S_SS, 2); }
void popw_DS(struct cpu *c, const struct insn *i) { (void)i; pop_seg(c, S_DS, 2); }
void popw_FS(struct cpu *c, const struct insn *i) { (void)i; pop_seg(c, S_FS, 2); }
void popw_GS(struct cpu *c, const struct insn *i) { (void)i; pop_seg(c, S_GS, 2); }
void popd_ES(struct cpu *c, const struct insn *i) { (void)i; pop_seg(c, S_ES, 4); }
void popd_SS(struct cpu *c, const struct insn *i) { (void)i; pop_seg(c, S_SS, 4); }
void popd_DS(struct cpu *c, const struct insn *i) { (void)i; pop_seg(c, S_DS, 4); }
void popd_FS(struct cpu *c, const struct insn *i) { (void)i; pop_seg(c, S_FS, 4); }
void popd_GS(struct cpu *c, const struct insn *i) { (void)i; pop_seg(c, S_GS, 4); }

/* PUSHA writes all eight slots before ESP moves; the ESP slot holds ESP as it was before the instruction. */
static void pusha(struct cpu *c, unsigned size)
{
    static const unsigned order[8] = { R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI };
    for (unsigned k = 0; k < 8; k++) {
        uint32_t off = stack_offset(c, (uint32_t)(-(int32_t)((k + 1) * size)));
        if (size == 2)
            seg_write16(c, S_SS, off, c->gpr[order[k]]);
        else
            seg_write32(c, S_SS, off, c->gpr[order[k]]);
    }
    set_stack_ptr(c, stack_offset(c, (uint32_t)(-(int32_t)(8 * size))));
}
/* POPA reads all eight slots before changing any register; the ESP slot is skipped. */
static void popa(struct cpu *c, unsigned size)
{
    static const unsigned order[8] = { R_EDI, R_ESI, R_EBP, R_ESP, R_EBX, R_EDX, R_ECX, R_EAX };
    uint32_t v[8];
    for (unsigned k = 0; k < 8; k++)
        v[k] = stack_peek(c, k * size, size);
    for (unsigned k = 0; k < 8; k++) {
        if (order[k] == R_ESP)
            continue;
        if (size == 2)
            set_r16(c, order[k], v[k]);
        else
            c->gpr[order[k]] = v[k];
    }
    set_stack_ptr(c, stack_offset(c, 8 * size));
}
void pushaw(struct cpu *c, const struct insn *i) { (void)i; pusha(c, 2); }
void pushad(struct cpu *c, const struct insn *i) { (void)i; pusha(c, 4); }
void popaw(struct cpu *c, const struct insn *i) { (void)i; popa(c, 2); }
void popad(struct cpu *c, const struct insn *i) { (void)i; popa(c, 4); }

/* PUSHF/POPF in V86 mode need IOPL 3 (VME's virtual flags are handled by the system code when enabled). */
static void check_v86_iopl(struct cpu *c)
{
    if (c->v86 && (c->eflags & FL_IOPL) != FL_IOPL)
        cpu_fault(c, EXC_GP, 0);
}
void pushfw(struct cpu *c, const struct insn *i)
{
    (void)i;
    if (v86_virtual_flags(c)) {
        v86_pushf(c, 2);
        return;
    }
    check_v86_iopl(c);
    push16(c, cpu_get_eflags(c));
}
void pushfd(struct cpu *c, const struct insn *i)
{
    (void)i;
    check_v86_iopl(c);
    push32(c, cpu_get_eflags(c) & ~(FL_VM | FL_RF));
}
void popfw(struct cpu *c, const struct insn *i)
{
    (void)i;
    if (v86_virtual_flags(c)) {
        v86_popf(c, 2);
        return;
    }
    check_v86_iopl(c);
    uint32_t v = pop16(c);
    cpu_write_eflags(c, v, 0xffff & ~(c->v86 ? FL_IOPL : 0u));
}
void popfd(struct cpu *c, const struct insn *i)
{
    (void)i;
    check_v86_iopl(c);
    uint32_t v = pop32(c);
    cpu_write_eflags(c, v, ~(FL_VM | FL_RF | FL_VIF | FL_VIP | (c->v86 ? FL_IOPL : 0u)));
}

/* ENTER: builds a frame with `level` nested frame pointers; every write is checked by the segment code. */
static void enter(struct cpu *c, const struct insn *i, unsigned size)
{
    uint32_t alloc = i->imm & 0xffff, level = i->imm2 & 31;
    uint32_t bp_mask = c->stack32 ? 0xffffffffu : 0xffffu;
    if (size == 2)
        push16(c, c->gpr[R_EBP]);
    else
        push32(c, c->gpr[R_EBP]);
    uint32_t frame = stack_ptr(c);
    uint32_t bp = c->gpr[R_EBP] & bp_mask;
    for (uint32_t k = 1; k < level; k++) {
        bp = (bp - size) & bp_mask;
        uint32_t v = size == 2 ? seg_read16(c, S_SS, bp) : seg_read32(c, S_SS, bp);
        if (size == 2)
            push16(c, v);
        else
            push32(c, v);
    }
    if (level > 0) {
        if (size == 2)
            push16(c, frame);
        else
            push32(c, frame);
    }
    uint32_t new_sp = stack_offset(c, (uint32_t)-alloc);
    seg_linear(c, S_SS, new_sp, 1, SEG_W);      /* the allocated frame's bottom must be inside SS */
    if (size == 2)
        set_r16(c, R_EBP, frame);
    else
        c->gpr[R_EBP] = c->stack32 ? frame : (c->gpr[R_EBP] & 0xffff0000u) | frame;
    set_stack_ptr(c, new_sp);
}
void enter_w(struct cpu *c, const struct insn *i) { enter(c, i, 2); }
void enter_d(struct cpu *c, const struct insn *i) { enter(c, i, 4); }

static void leave(struct cpu *c, unsigned size)
{
    uint32_t bp = c->stack32 ? c->gpr[R_EBP] : c->gpr[R_EBP] & 0xffff;
    uint32_t v = size == 2 ? seg_read16(c, S_SS, bp) : seg_read32(c, S_SS, bp);
    set_stack_ptr(c, bp + size);
    if (size == 2)
        set_r16(c, R_EBP, v);
    else
        c->gpr[R_EBP] = v;
}
void leave_w(struct cpu *c, const struct insn *i) { (void)i; leave(c, 2); }
void leave_d(struct cpu *c, const struct insn *i) { (void)i; leave(c, 4); }
