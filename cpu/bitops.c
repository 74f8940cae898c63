/* Bit operations: BT BTS BTR BTC BSF BSR. */
#include "cpu/cpu_internal.h"
#include "cpu/handlers.h"

void bsf_d(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void bsf_w(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void bsr_d(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void bsr_w(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void bt_EdGd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void bt_EdIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void bt_EwGw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void bt_EwIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void btc_EdGd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void btc_EdIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void btc_EwGw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void btc_EwIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void btr_EdGd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void btr_EdIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void btr_EwGw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void btr_EwIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void bts_EdGd(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void bts_EdIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void bts_EwGw(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}

void bts_EwIb(struct cpu *c, const struct insn *i)
{
    cpu_unimplemented(c, i);
}
