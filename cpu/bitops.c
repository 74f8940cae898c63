/* Bit operations: BT BTS BTR BTC (register or immediate bit offset) and BSF BSR.
 *
 * With a register offset and a memory operand the offset is a signed bit index relative to the operand's
 * address, so it reaches memory before and after it; with an immediate the offset is taken modulo the operand
 * size. Only CF changes (the others are undefined and left as they were). */
#include "cpu/cpu_internal.h"
#include "cpu/flags.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"

enum bit_op { BIT_TEST, BIT_SET, BIT_RESET, BIT_COMPLEMENT };

static uint32_t apply_bit(uint32_t v, unsigned bit, enum bit_op op)
{
    switch (op) {
    case BIT_SET: return v | (1u << bit);
    case BIT_RESET: return v & ~(1u << bit);
    case BIT_COMPLEMENT: return v ^ (1u << bit);
    default: return v;
    }
}

/* The operand and bit for a register-offset form: in memory the word or dword that holds bit `offset`. */
static void bit_op_reg(struct cpu *c, const struct insn *i, unsigned size, int32_t offset, enum bit_op op)
{
    unsigned bits = size * 8;
    if (i->mod3) {
        unsigned bit = (uint32_t)offset & (bits - 1);
        uint32_t v = size == 2 ? get_r16(c, i->rm) : c->gpr[i->rm];
        set_cf(c, (int)((v >> bit) & 1));
        if (op != BIT_TEST) {
            if (size == 2)
                set_r16(c, i->rm, apply_bit(v, bit, op));
            else
                c->gpr[i->rm] = apply_bit(v, bit, op);
        }
        return;
    }
    /* Arithmetic shift of the signed offset gives the element index, negative ones included. */
    int32_t element = offset >= 0 ? offset / (int32_t)bits : -(int32_t)(((uint32_t)-(offset + 1)) / bits) - 1;
    unsigned bit = (uint32_t)offset & (bits - 1);
    uint32_t addr = (ea(c, i) + (uint32_t)element * size) & i->amask;
    uint32_t v = op == BIT_TEST ? (size == 2 ? seg_read16(c, i->seg, addr) : seg_read32(c, i->seg, addr))
                                : seg_read_rmw(c, i->seg, addr, size);
    if (op != BIT_TEST) {
        if (size == 2)
            seg_write16(c, i->seg, addr, apply_bit(v, bit, op));
        else
            seg_write32(c, i->seg, addr, apply_bit(v, bit, op));
    }
    set_cf(c, (int)((v >> bit) & 1));
}

static void bit_op_imm(struct cpu *c, const struct insn *i, unsigned size, enum bit_op op)
{
    unsigned bit = i->imm & (size * 8 - 1);
    uint32_t v;
    if (size == 2)
        v = op == BIT_TEST ? load_e16(c, i) : load_e16_rmw(c, i);
    else
        v = op == BIT_TEST ? load_e32(c, i) : load_e32_rmw(c, i);
    if (op != BIT_TEST) {
        if (size == 2)
            store_e16(c, i, apply_bit(v, bit, op));
        else
            store_e32(c, i, apply_bit(v, bit, op));
    }
    set_cf(c, (int)((v >> bit) & 1));
}

void bt_EwGw(struct cpu *c, const struct insn *i) { bit_op_reg(c, i, 2, (int16_t)get_r16(c, i->reg), BIT_TEST); }
void bt_EdGd(struct cpu *c, const struct insn *i) { bit_op_reg(c, i, 4, (int32_t)c->gpr[i->reg], BIT_TEST); }
void bts_EwGw(struct cpu *c, const struct insn *i) { bit_op_reg(c, i, 2, (int16_t)get_r16(c, i->reg), BIT_SET); }
void bts_EdGd(struct cpu *c, const struct insn *i) { bit_op_reg(c, i, 4, (int32_t)c->gpr[i->reg], BIT_SET); }
void btr_EwGw(struct cpu *c, const struct insn *i) { bit_op_reg(c, i, 2, (int16_t)get_r16(c, i->reg), BIT_RESET); }
void btr_EdGd(struct cpu *c, const struct insn *i) { bit_op_reg(c, i, 4, (int32_t)c->gpr[i->reg], BIT_RESET); }
void btc_EwGw(struct cpu *c, const struct insn *i)
{
    bit_op_reg(c, i, 2, (int16_t)get_r16(c, i->reg), BIT_COMPLEMENT);
}
void btc_EdGd(struct cpu *c, const struct insn *i) { bit_op_reg(c, i, 4, (int32_t)c->gpr[i->reg], BIT_COMPLEMENT); }
void bt_EwIb(struct cpu *c, const struct insn *i) { bit_op_imm(c, i, 2, BIT_TEST); }
void bt_EdIb(struct cpu *c, const struct insn *i) { bit_op_imm(c, i, 4, BIT_TEST); }
void bts_EwIb(struct cpu *c, const struct insn *i) { bit_op_imm(c, i, 2, BIT_SET); }
void bts_EdIb(struct cpu *c, const struct insn *i) { bit_op_imm(c, i, 4, BIT_SET); }
void btr_EwIb(struct cpu *c, const struct insn *i) { bit_op_imm(c, i, 2, BIT_RESET); }
void btr_EdIb(struct cpu *c, const struct insn *i) { bit_op_imm(c, i, 4, BIT_RESET); }
void btc_EwIb(struct cpu *c, const struct insn *i) { bit_op_imm(c, i, 2, BIT_COMPLEMENT); }
void btc_EdIb(struct cpu *c, const struct insn *i) { bit_op_imm(c, i, 4, BIT_COMPLEMENT); }

/* BSF/BSR: ZF = 1 and the destination unchanged for a zero source, as P6 processors leave it. */
static void bit_scan(struct cpu *c, const struct insn *i, uint32_t v, int reverse, int size32)
{
    if (v == 0) {
        set_some_flags(c, FL_ZF, FL_ZF);
        return;
    }
    uint32_t index = reverse ? 31u - (uint32_t)__builtin_clz(v) : (uint32_t)__builtin_ctz(v);
    if (size32)
        c->gpr[i->reg] = index;
    else
        set_r16(c, i->reg, index);
    set_some_flags(c, FL_ZF, 0);
}
void bsf_w(struct cpu *c, const struct insn *i) { bit_scan(c, i, load_e16(c, i), 0, 0); }
void bsf_d(struct cpu *c, const struct insn *i) { bit_scan(c, i, load_e32(c, i), 0, 1); }
void bsr_w(struct cpu *c, const struct insn *i) { bit_scan(c, i, load_e16(c, i), 1, 0); }
void bsr_d(struct cpu *c, const struct insn *i) { bit_scan(c, i, load_e32(c, i), 1, 1); }
