/* String instructions with REP/REPE/REPNE: MOVS CMPS STOS LODS SCAS INS OUTS.
 *
 * One step moves one element and updates the index registers, so a fault leaves exactly the progress the
 * hardware would. A repeated instruction runs a bounded batch of steps per execution; if work remains, EIP goes
 * back to the instruction and the block ends, so interrupts and clock events are taken between batches and the
 * instruction simply continues when it runs again. */
#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/flags.h"
#include "cpu/handlers.h"
#include "cpu/operands.h"

enum { STRING_BATCH = 4096 };

static inline uint32_t index_value(const struct cpu *c, unsigned r, const struct insn *i)
{
    return c->gpr[r] & i->amask;
}

static inline void index_step(struct cpu *c, unsigned r, const struct insn *i, unsigned size)
{
    uint32_t delta = (c->eflags & FL_DF) ? (uint32_t)-(int32_t)size : size;
    c->gpr[r] = (c->gpr[r] & ~i->amask) | ((c->gpr[r] + delta) & i->amask);
}

static inline uint32_t read_elem(struct cpu *c, unsigned seg, uint32_t off, unsigned size)
{
    return size == 1 ? seg_read8(c, seg, off) : size == 2 ? seg_read16(c, seg, off) : seg_read32(c, seg, off);
}

static inline void write_elem(struct cpu *c, unsigned seg, uint32_t off, uint32_t v, unsigned size)
{
    if (size == 1)
        seg_write8(c, seg, off, v);
    else if (size == 2)
        seg_write16(c, seg, off, v);
    else
        seg_write32(c, seg, off, v);
}

static inline uint32_t acc_get(const struct cpu *c, unsigned size)
{
    return size == 1 ? get_r8(c, R_EAX) : size == 2 ? get_r16(c, R_EAX) : c->gpr[R_EAX];
}

static inline void acc_set(struct cpu *c, unsigned size, uint32_t v)
{
    if (size == 1)
        set_r8(c, R_EAX, v);
    else if (size == 2)
        set_r16(c, R_EAX, v);
    else
        c->gpr[R_EAX] = v;
}

static inline void compare(struct cpu *c, uint32_t a, uint32_t b, unsigned size)
{
    unsigned bits = size * 8;
    uint32_t mask = bits == 32 ? 0xffffffffu : (1u << bits) - 1;
    set_flags_sub(c, a, b, (a - b) & mask, bits);
}

static void step_movs(struct cpu *c, const struct insn *i, unsigned size)
{
    uint32_t v = read_elem(c, i->seg, index_value(c, R_ESI, i), size);
    write_elem(c, S_ES, index_value(c, R_EDI, i), v, size);
    index_step(c, R_ESI, i, size);
    index_step(c, R_EDI, i, size);
}

static void step_cmps(struct cpu *c, const struct insn *i, unsigned size)
{
    uint32_t a = read_elem(c, i->seg, index_value(c, R_ESI, i), size);
    uint32_t b = read_elem(c, S_ES, index_value(c, R_EDI, i), size);
    compare(c, a, b, size);
    index_step(c, R_ESI, i, size);
    index_step(c, R_EDI, i, size);
}

static void step_stos(struct cpu *c, const struct insn *i, unsigned size)
{
    write_elem(c, S_ES, index_value(c, R_EDI, i), acc_get(c, size), size);
    index_step(c, R_EDI, i, size);
}

static void step_lods(struct cpu *c, const struct insn *i, unsigned size)
{
    acc_set(c, size, read_elem(c, i->seg, index_value(c, R_ESI, i), size));
    index_step(c, R_ESI, i, size);
}

static void step_scas(struct cpu *c, const struct insn *i, unsigned size)
{
    uint32_t b = read_elem(c, S_ES, index_value(c, R_EDI, i), size);
    compare(c, acc_get(c, size), b, size);
    index_step(c, R_EDI, i, size);
}

/* INS: the destination is checked for writing before the port is read, so a fault cannot lose the input. */
static void step_ins(struct cpu *c, const struct insn *i, unsigned size)
{
    uint16_t port = (uint16_t)c->gpr[R_EDX];
    cpu_check_io(c, port, size);
    uint32_t lin = seg_linear(c, S_ES, index_value(c, R_EDI, i), size, SEG_W);
    cpu_translate(c, lin, ACC_WRITE, cpu_user(c));
    if ((lin & 0xfff) + size > 0x1000)
        cpu_translate(c, lin + size - 1, ACC_WRITE, cpu_user(c));
    uint32_t v = ports_read(c->ports, port, size);
    write_elem(c, S_ES, index_value(c, R_EDI, i), v, size);
    index_step(c, R_EDI, i, size);
}

static void step_outs(struct cpu *c, const struct insn *i, unsigned size)
{
    uint16_t port = (uint16_t)c->gpr[R_EDX];
    cpu_check_io(c, port, size);
    uint32_t v = read_elem(c, i->seg, index_value(c, R_ESI, i), size);
    ports_write(c->ports, port, v, size);
    index_step(c, R_ESI, i, size);
}

typedef void string_step(struct cpu *c, const struct insn *i, unsigned size);

/* Runs a string instruction with or without a repeat prefix. `compares` marks CMPS/SCAS, for which F3 means
 * REPE and F2 REPNE; for the others both prefixes mean REP. */
static void run(struct cpu *c, const struct insn *i, unsigned size, string_step *step, int compares)
{
    if (!i->rep) {
        step(c, i, size);
        return;
    }
    for (unsigned n = 0; n < STRING_BATCH; n++) {
        if ((c->gpr[R_ECX] & i->amask) == 0)
            return;
        step(c, i, size);
        c->gpr[R_ECX] = (c->gpr[R_ECX] & ~i->amask) | ((c->gpr[R_ECX] - 1) & i->amask);
        if (compares && get_zf(c) != (i->rep == REP_F3))
            return;
        if (c->stop)
            break;
    }
    if ((c->gpr[R_ECX] & i->amask) != 0) {
        c->eip = c->prev_eip;    /* not finished: run again after any pending interrupt */
        cpu_end_block(c);
    }
}

void movsb(struct cpu *c, const struct insn *i) { run(c, i, 1, step_movs, 0); }
void movsw(struct cpu *c, const struct insn *i) { run(c, i, 2, step_movs, 0); }
void movsd(struct cpu *c, const struct insn *i) { run(c, i, 4, step_movs, 0); }
void cmpsb(struct cpu *c, const struct insn *i) { run(c, i, 1, step_cmps, 1); }
void cmpsw(struct cpu *c, const struct insn *i) { run(c, i, 2, step_cmps, 1); }
void cmpsd(struct cpu *c, const struct insn *i) { run(c, i, 4, step_cmps, 1); }
void stosb(struct cpu *c, const struct insn *i) { run(c, i, 1, step_stos, 0); }
void stosw(struct cpu *c, const struct insn *i) { run(c, i, 2, step_stos, 0); }
void stosd(struct cpu *c, const struct insn *i) { run(c, i, 4, step_stos, 0); }
void lodsb(struct cpu *c, const struct insn *i) { run(c, i, 1, step_lods, 0); }
void lodsw(struct cpu *c, const struct insn *i) { run(c, i, 2, step_lods, 0); }
void lodsd(struct cpu *c, const struct insn *i) { run(c, i, 4, step_lods, 0); }
void scasb(struct cpu *c, const struct insn *i) { run(c, i, 1, step_scas, 1); }
void scasw(struct cpu *c, const struct insn *i) { run(c, i, 2, step_scas, 1); }
void scasd(struct cpu *c, const struct insn *i) { run(c, i, 4, step_scas, 1); }
void insb(struct cpu *c, const struct insn *i) { run(c, i, 1, step_ins, 0); }
void insw(struct cpu *c, const struct insn *i) { run(c, i, 2, step_ins, 0); }
void insd(struct cpu *c, const struct insn *i) { run(c, i, 4, step_ins, 0); }
void outsb(struct cpu *c, const struct insn *i) { run(c, i, 1, step_outs, 0); }
void outsw(struct cpu *c, const struct insn *i) { run(c, i, 2, step_outs, 0); }
void outsd(struct cpu *c, const struct insn *i) { run(c, i, 4, step_outs, 0); }
