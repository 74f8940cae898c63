/* Near control transfers: Jcc JMP CALL RET LOOP JCXZ. EIP already points past the instruction. */
#include "cpu/cpu_internal.h"
#include "cpu/except.h"
#include "cpu/flags.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"
#include "cpu/stack.h"

/* A near transfer checks the target against the CS limit before it changes anything. */
static void jump_near(struct cpu *c, uint32_t target)
{
    if (target > c->seg[S_CS].limit)
        cpu_fault(c, EXC_GP, 0);
    c->eip = target;
}

static void jump_rel_w(struct cpu *c, const struct insn *i) { jump_near(c, (c->eip + i->imm) & 0xffff); }
static void jump_rel_d(struct cpu *c, const struct insn *i) { jump_near(c, c->eip + i->imm); }

static void jcc_w(struct cpu *c, const struct insn *i, unsigned cc)
{
    if (cond_true(c, cc))
        jump_rel_w(c, i);
}
static void jcc_d(struct cpu *c, const struct insn *i, unsigned cc)
{
    if (cond_true(c, cc))
        jump_rel_d(c, i);
}

void jo_w(struct cpu *c, const struct insn *i) { jcc_w(c, i, 0); }
void jo_d(struct cpu *c, const struct insn *i) { jcc_d(c, i, 0); }
void jno_w(struct cpu *c, const struct insn *i) { jcc_w(c, i, 1); }
void jno_d(struct cpu *c, const struct insn *i) { jcc_d(c, i, 1); }
void jb_w(struct cpu *c, const struct insn *i) { jcc_w(c, i, 2); }
void jb_d(struct cpu *c, const struct insn *i) { jcc_d(c, i, 2); }
void jae_w(struct cpu *c, const struct insn *i) { jcc_w(c, i, 3); }
void jae_d(struct cpu *c, const struct insn *i) { jcc_d(c, i, 3); }
void je_w(struct cpu *c, const struct insn *i) { jcc_w(c, i, 4); }
void je_d(struct cpu *c, const struct insn *i) { jcc_d(c, i, 4); }
void jne_w(struct cpu *c, const struct insn *i) { jcc_w(c, i, 5); }
void jne_d(struct cpu *c, const struct insn *i) { jcc_d(c, i, 5); }
void jbe_w(struct cpu *c, const struct insn *i) { jcc_w(c, i, 6); }
void jbe_d(struct cpu *c, const struct insn *i) { jcc_d(c, i, 6); }
void ja_w(struct cpu *c, const struct insn *i) { jcc_w(c, i, 7); }
void ja_d(struct cpu *c, const struct insn *i) { jcc_d(c, i, 7); }
void js_w(struct cpu *c, const struct insn *i) { jcc_w(c, i, 8); }
void js_d(struct cpu *c, const struct insn *i) { jcc_d(c, i, 8); }
void jns_w(struct cpu *c, const struct insn *i) { jcc_w(c, i, 9); }
void jns_d(struct cpu *c, const struct insn *i) { jcc_d(c, i, 9); }
void jp_w(struct cpu *c, const struct insn *i) { jcc_w(c, i, 10); }
void jp_d(struct cpu *c, const struct insn *i) { jcc_d(c, i, 10); }
void jnp_w(struct cpu *c, const struct insn *i) { jcc_w(c, i, 11); }
void jnp_d(struct cpu *c, const struct insn *i) { jcc_d(c, i, 11); }
void jl_w(struct cpu *c, const struct insn *i) { jcc_w(c, i, 12); }
void jl_d(struct cpu *c, const struct insn *i) { jcc_d(c, i, 12); }
void jge_w(struct cpu *c, const struct insn *i) { jcc_w(c, i, 13); }
void jge_d(struct cpu *c, const struct insn *i) { jcc_d(c, i, 13); }
void jle_w(struct cpu *c, const struct insn *i) { jcc_w(c, i, 14); }
void jle_d(struct cpu *c, const struct insn *i) { jcc_d(c, i, 14); }
void jg_w(struct cpu *c, const struct insn *i) { jcc_w(c, i, 15); }
void jg_d(struct cpu *c, const struct insn *i) { jcc_d(c, i, 15); }

void jmp_Jw(struct cpu *c, const struct insn *i) { jump_rel_w(c, i); }
void jmp_Jd(struct cpu *c, const struct insn *i) { jump_rel_d(c, i); }
void jmp_Ew(struct cpu *c, const struct insn *i) { jump_near(c, load_e16(c, i)); }
void jmp_Ed(struct cpu *c, const struct insn *i) { jump_near(c, load_e32(c, i)); }

/* CALL checks the target and the stack write before committing either. */
static void call_near_w(struct cpu *c, uint32_t target)
{
    if (target > c->seg[S_CS].limit)
        cpu_fault(c, EXC_GP, 0);
    push16(c, c->eip);
    c->eip = target;
}
static void call_near_d(struct cpu *c, uint32_t target)
{
    if (target > c->seg[S_CS].limit)
        cpu_fault(c, EXC_GP, 0);
    push32(c, c->eip);
    c->eip = target;
}
void call_Jw(struct cpu *c, const struct insn *i) { call_near_w(c, (c->eip + i->imm) & 0xffff); }
void call_Jd(struct cpu *c, const struct insn *i) { call_near_d(c, c->eip + i->imm); }
void call_Ew(struct cpu *c, const struct insn *i) { call_near_w(c, load_e16(c, i)); }
void call_Ed(struct cpu *c, const struct insn *i) { call_near_d(c, load_e32(c, i)); }

/* RET reads the return address before moving the stack pointer, so a fault leaves ESP unchanged. */
static void ret_near(struct cpu *c, unsigned size, uint32_t extra)
{
    uint32_t target = stack_peek(c, 0, size);
    if (target > c->seg[S_CS].limit)
        cpu_fault(c, EXC_GP, 0);
    set_stack_ptr(c, stack_offset(c, size + extra));
    c->eip = target;
}
void retn_w(struct cpu *c, const struct insn *i) { (void)i; ret_near(c, 2, 0); }
void retn_d(struct cpu *c, const struct insn *i) { (void)i; ret_near(c, 4, 0); }
void retn_Iw_w(struct cpu *c, const struct insn *i) { ret_near(c, 2, i->imm & 0xffff); }
void retn_Iw_d(struct cpu *c, const struct insn *i) { ret_near(c, 4, i->imm & 0xffff); }

/* LOOP family: the counter is CX or ECX by address size; the target wraps by operand size. */
static uint32_t count_dec(struct cpu *c, const struct insn *i)
{
    if (i->asize32)
        return --c->gpr[R_ECX];
    set_r16(c, R_ECX, get_r16(c, R_ECX) - 1);
    return get_r16(c, R_ECX);
}
static void branch_if(struct cpu *c, const struct insn *i, int taken)
{
    if (!taken)
        return;
    if (i->osize32)
        jump_rel_d(c, i);
    else
        jump_rel_w(c, i);
}
void loop_w(struct cpu *c, const struct insn *i) { branch_if(c, i, count_dec(c, i) != 0); }
void loop_d(struct cpu *c, const struct insn *i) { branch_if(c, i, count_dec(c, i) != 0); }
void loope_w(struct cpu *c, const struct insn *i) { branch_if(c, i, count_dec(c, i) != 0 && get_zf(c)); }
void loope_d(struct cpu *c, const struct insn *i) { branch_if(c, i, count_dec(c, i) != 0 && get_zf(c)); }
void loopne_w(struct cpu *c, const struct insn *i) { branch_if(c, i, count_dec(c, i) != 0 && !get_zf(c)); }
void loopne_d(struct cpu *c, const struct insn *i) { branch_if(c, i, count_dec(c, i) != 0 && !get_zf(c)); }
void jcxz_w(struct cpu *c, const struct insn *i) { branch_if(c, i, (c->gpr[R_ECX] & i->amask) == 0); }
void jcxz_d(struct cpu *c, const struct insn *i) { branch_if(c, i, (c->gpr[R_ECX] & i->amask) == 0); }
