/* Bit operations: BT BTS BTR BTC (register or immediate bit offset) and BSF BSR.
 *
 * With a register offset and a memory operand the offset is a signed bit index relative to the operand's address,
 * so it reaches memory before and after it; with an immediate, or a register operand, the offset is taken modulo
 * the operand size. Only CF changes: OF, SF, AF and PF are undefined and left as they were (ZF is unaffected). */
#include "cpu/cpu_internal.h"
#include "cpu/flags.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"

/* The operation on the selected bit; `writes` is 0 for BT, which only reads it. */
typedef uint32_t bit_fn(uint32_t v, uint32_t bit_mask);
static inline uint32_t bit_keep(uint32_t v, uint32_t m) { (void)m; return v; }
static inline uint32_t bit_set(uint32_t v, uint32_t m) { return v | m; }
static inline uint32_t bit_reset(uint32_t v, uint32_t m) { return v & ~m; }
static inline uint32_t bit_complement(uint32_t v, uint32_t m) { return v ^ m; }

static inline uint32_t read_reg(const struct cpu *c, unsigned r, unsigned size)
{
    return size == 2 ? get_r16(c, r) : c->gpr[r];
}
static inline void write_reg(struct cpu *c, unsigned r, unsigned size, uint32_t v)
{
    if (size == 2)
        set_r16(c, r, v);
    else
        c->gpr[r] = v;
}
static inline uint32_t read_mem(struct cpu *c, const struct insn *i, uint32_t off, unsigned size, int writes)
{
    if (writes)
        return seg_read_rmw(c, i->seg, off, size);
    return size == 2 ? seg_read16(c, i->seg, off) : seg_read32(c, i->seg, off);
}
static inline void write_mem(struct cpu *c, const struct insn *i, uint32_t off, unsigned size, uint32_t v)
{
    if (size == 2)
        seg_write16(c, i->seg, off, v);
    else
        seg_write32(c, i->seg, off, v);
}

/* One bit of the operand at offset `off` (memory) or of register rm: CF gets the old bit, memory is written
 * before the flags change. */
static inline void bit_apply(struct cpu *c, const struct insn *i, int in_memory, uint32_t off, unsigned size,
                             unsigned bit, bit_fn *op, int writes)
{
    uint32_t m = 1u << bit;
    if (in_memory) {
        uint32_t v = read_mem(c, i, off, size, writes);
        if (writes)
            write_mem(c, i, off, size, op(v, m));
        set_cf(c, (v & m) != 0);
    } else {
        uint32_t v = read_reg(c, i->rm, size);
        if (writes)
            write_reg(c, i->rm, size, op(v, m));
        set_cf(c, (v & m) != 0);
    }
}

/* Register bit offset: in memory, the word or dword that holds bit `offset` counting from the operand. */
static inline void bit_by_reg(struct cpu *c, const struct insn *i, unsigned size, int32_t offset, bit_fn *op,
                              int writes)
{
    int32_t bits = (int32_t)size * 8;
    int32_t bit = offset & (bits - 1);
    uint32_t element_disp = (uint32_t)((offset - bit) / bits) * size;    /* floor division, negatives included */
    uint32_t off = i->mod3 ? 0 : (ea(c, i) + element_disp) & i->amask;
    bit_apply(c, i, !i->mod3, off, size, (unsigned)bit, op, writes);
}

static inline void bit_by_imm(struct cpu *c, const struct insn *i, unsigned size, bit_fn *op, int writes)
{
    bit_apply(c, i, !i->mod3, i->mod3 ? 0 : ea(c, i), size, i->imm & (size * 8 - 1), op, writes);
}

static inline int32_t offset16(const struct cpu *c, const struct insn *i) { return (int16_t)get_r16(c, i->reg); }
static inline int32_t offset32(const struct cpu *c, const struct insn *i) { return (int32_t)c->gpr[i->reg]; }

void bt_EwGw(struct cpu *c, const struct insn *i) { bit_by_reg(c, i, 2, offset16(c, i), bit_keep, 0); }
void bt_EdGd(struct cpu *c, const struct insn *i) { bit_by_reg(c, i, 4, offset32(c, i), bit_keep, 0); }
void bts_EwGw(struct cpu *c, const struct insn *i) { bit_by_reg(c, i, 2, offset16(c, i), bit_set, 1); }
void bts_EdGd(struct cpu *c, const struct insn *i) { bit_by_reg(c, i, 4, offset32(c, i), bit_set, 1); }
void btr_EwGw(struct cpu *c, const struct insn *i) { bit_by_reg(c, i, 2, offset16(c, i), bit_reset, 1); }
void btr_EdGd(struct cpu *c, const struct insn *i) { bit_by_reg(c, i, 4, offset32(c, i), bit_reset, 1); }
void btc_EwGw(struct cpu *c, const struct insn *i) { bit_by_reg(c, i, 2, offset16(c, i), bit_complement, 1); }
void btc_EdGd(struct cpu *c, const struct insn *i) { bit_by_reg(c, i, 4, offset32(c, i), bit_complement, 1); }
void bt_EwIb(struct cpu *c, const struct insn *i) { bit_by_imm(c, i, 2, bit_keep, 0); }
void bt_EdIb(struct cpu *c, const struct insn *i) { bit_by_imm(c, i, 4, bit_keep, 0); }
void bts_EwIb(struct cpu *c, const struct insn *i) { bit_by_imm(c, i, 2, bit_set, 1); }
void bts_EdIb(struct cpu *c, const struct insn *i) { bit_by_imm(c, i, 4, bit_set, 1); }
void btr_EwIb(struct cpu *c, const struct insn *i) { bit_by_imm(c, i, 2, bit_reset, 1); }
void btr_EdIb(struct cpu *c, const struct insn *i) { bit_by_imm(c, i, 4, bit_reset, 1); }
void btc_EwIb(struct cpu *c, const struct insn *i) { bit_by_imm(c, i, 2, bit_complement, 1); }
void btc_EdIb(struct cpu *c, const struct insn *i) { bit_by_imm(c, i, 4, bit_complement, 1); }

/* BSF/BSR: for a zero source ZF = 1 and the destination keeps its value (the SDM says undefined; P6 processors,
 * like later ones, leave it unchanged). The other flags are undefined and left as they were. */
static inline void bit_scan_result(struct cpu *c, const struct insn *i, uint32_t v, uint32_t index, int size32)
{
    if (v == 0) {
        set_some_flags(c, FL_ZF, FL_ZF);
        return;
    }
    if (size32)
        c->gpr[i->reg] = index;
    else
        set_r16(c, i->reg, index);
    set_some_flags(c, FL_ZF, 0);
}
static inline uint32_t lowest_bit(uint32_t v) { return v ? (uint32_t)__builtin_ctz(v) : 0; }
static inline uint32_t highest_bit(uint32_t v) { return v ? 31u - (uint32_t)__builtin_clz(v) : 0; }

void bsf_w(struct cpu *c, const struct insn *i)
{
    uint32_t v = load_e16(c, i);
    bit_scan_result(c, i, v, lowest_bit(v), 0);
}
void bsf_d(struct cpu *c, const struct insn *i)
{
    uint32_t v = load_e32(c, i);
    bit_scan_result(c, i, v, lowest_bit(v), 1);
}
void bsr_w(struct cpu *c, const struct insn *i)
{
    uint32_t v = load_e16(c, i);
    bit_scan_result(c, i, v, highest_bit(v), 0);
}
void bsr_d(struct cpu *c, const struct insn *i)
{
    uint32_t v = load_e32(c, i);
    bit_scan_result(c, i, v, highest_bit(v), 1);
}
