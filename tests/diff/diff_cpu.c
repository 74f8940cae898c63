/* The differential test against the host CPU: random instances of every user-level instruction form of the
 * decoder table (rows marked A_HOST in cpu/opcodes.def) run natively, through tests/diff/native_runner (a static
 * 32-bit program), and in x86pc's CPU; registers, defined flags, a 64-byte memory window and whether the
 * instruction faulted must match.
 *
 * usage: diff_cpu NATIVE_RUNNER [COUNT [SEED]]   (prints `N passed, N failed`; exit status 1 on a mismatch) */
#include "cpu/cpu.h"
#include "cpu/cpu_internal.h"
#include "cpu/decode.h"
#include "cpu/flags.h"
#include "cpu/insn.h"
#include "mem/endian.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CODE_ADDR = 0x00300000, DATA_ADDR = 0x00400000, DATA_SIZE = 64, CODE_SIZE = 16 };
enum { CASE_SIZE = 9 * 4 + CODE_SIZE + DATA_SIZE, RESULT_SIZE = 9 * 4 + DATA_SIZE + 4 };

struct state {
    uint32_t reg[8];
    uint32_t flags;
    uint8_t data[DATA_SIZE];
    uint32_t fault;
};

struct test_case {
    struct state in;
    uint8_t code[CODE_SIZE];
    unsigned row;
    uint32_t flag_mask;          /* flags to compare */
};

/* xorshift64*: deterministic from the seed on every host */
static uint64_t rng_state;
static uint32_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545f4914f6cdd1dull) >> 32);
}

/* Register values weighted toward the edges where flag logic goes wrong. */
static uint32_t interesting(void)
{
    static const uint32_t edges[] = { 0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
                                      0x7fffffff, 0x80000000u, 0xffffffffu, 0xfffffffeu, 0x0f, 0x10, 0x99, 0x9a };
    switch (rnd() % 4) {
    case 0: return edges[rnd() % (sizeof edges / sizeof edges[0])];
    case 1: return rnd() & 0xff;
    case 2: return rnd() & 0xffff;
    default: return rnd();
    }
}

static int is_kind(unsigned k, unsigned a, unsigned b) { return k == a || k == b; }


/* Builds one random instance of `row`; returns 0 when the row is skipped (not testable this way). */
static int build_case(struct test_case *t, unsigned row)
{
    const struct opcode_row *o = &opcode_rows[row];
    memset(t, 0, sizeof *t);
    t->row = row;
    for (int r = 0; r < 8; r++)
        t->in.reg[r] = interesting();
    t->in.flags = (rnd() & (FL_ARITH)) | ((rnd() & 7) == 0 ? FL_DF : 0) | 2;
    for (int k = 0; k < DATA_SIZE; k++)
        t->in.data[k] = (uint8_t)interesting();
    unsigned n = 0;
    int osize16 = 0;
    int has_v = 0, has_mem_only = 0, needs_modrm = o->ext >= 0;
    for (int k = 0; k < 3; k++) {
        unsigned kind = o->operand[k];
        has_v |= is_kind(kind, OK_Ev, OK_Gv) || is_kind(kind, OK_Iz, OK_Zv) || is_kind(kind, OK_eAX, OK_Xv) ||
                 is_kind(kind, OK_Yv, OK_Ov) || kind == OK_Ibs;
        has_mem_only |= is_kind(kind, OK_M, OK_Mq);
        needs_modrm |= decode_has_modrm(o->map, o->opcode);
    }
    const char *m = o->mnemonic;
    if (strncmp(m, "bswap", 5) == 0 && osize16 == 0)
        ;                        /* 32-bit only: BSWAP r16 is undefined */
    else if (has_v && (rnd() & 1))
        osize16 = 1;
    int rep = (o->attr & A_REP) && (rnd() & 1);
    int string = (o->attr & A_REP) != 0;
    if (osize16)
        t->code[n++] = 0x66;
    if (rep)
        t->code[n++] = (rnd() & 1) ? 0xf3 : 0xf2;
    if (o->map == 2)
        t->code[n++] = 0x0f;
    t->code[n++] = o->opcode;
    if (needs_modrm) {
        unsigned reg = o->ext >= 0 ? (unsigned)o->ext : rnd() % 8;
        int mem = has_mem_only || (rnd() & 1);
        /* BT/BTS/BTR/BTC r/m, r: the bit offset register addresses memory around the operand, so it must be a
         * small value in a register other than the base, and the base form without SIB is used. */
        int bitop = o->map == 2 && (o->opcode == 0xa3 || o->opcode == 0xab || o->opcode == 0xb3 || o->opcode == 0xbb);
        if (bitop && mem) {
            static const unsigned offset_regs[6] = { R_EAX, R_ECX, R_EDX, R_EBP, R_ESI, R_EDI };
            reg = offset_regs[rnd() % 6];
            t->code[n++] = (uint8_t)(0x40 | reg << 3 | R_EBX);
            t->code[n++] = (uint8_t)(rnd() % 16);
            t->in.reg[R_EBX] = DATA_ADDR + 8;
            t->in.reg[reg] = (rnd() % 192) - 64;
            mem = -1;
        }
        if (mem < 0) {
            /* built above */
        } else if (!mem) {
            t->code[n++] = (uint8_t)(0xc0 | reg << 3 | (rnd() % 8));
        } else {
            /* [base + disp8] or [base + index*scale + disp8], all inside the data window */
            unsigned base = rnd() % 8;
            if (base == R_ESP)
                base = R_EBX;
            if (rnd() & 1) {
                unsigned index = rnd() % 8;
                if (index == R_ESP || index == base)
                    index = (base + 1) % 8 == R_ESP ? R_EBP : (base + 1) % 8;
                unsigned scale = rnd() % 4;
                t->code[n++] = (uint8_t)(0x44 | reg << 3);
                t->code[n++] = (uint8_t)(scale << 6 | index << 3 | base);
                t->in.reg[index] = rnd() % 4;
                t->code[n++] = (uint8_t)(rnd() % 16);
            } else {
                t->code[n++] = (uint8_t)(0x40 | reg << 3 | base);
                t->code[n++] = (uint8_t)(rnd() % 32);
            }
            t->in.reg[base] = DATA_ADDR + 8;
        }
    }
    for (int k = 0; k < 3; k++) {
        unsigned kind = o->operand[k], size = 0;
        if (kind == OK_Ib || kind == OK_Ibs)
            size = 1;
        else if (kind == OK_Iw)
            size = 2;
        else if (kind == OK_Iz)
            size = osize16 ? 2 : 4;
        else if (kind == OK_Ob || kind == OK_Ov)
            size = 4;
        uint32_t v = kind == OK_Ob || kind == OK_Ov ? DATA_ADDR + rnd() % 32 : interesting();
        for (unsigned b = 0; b < size; b++)
            t->code[n++] = (uint8_t)(v >> (8 * b));
    }
    if (string) {
        t->in.reg[R_ESI] = DATA_ADDR + 24 + rnd() % 8;
        t->in.reg[R_EDI] = DATA_ADDR + 24 + rnd() % 8;
        t->in.reg[R_ECX] = rnd() % 5;
    }
    if (strcmp(m, "xlat") == 0)
        t->in.reg[R_EBX] = DATA_ADDR;
    while (n < CODE_SIZE)
        t->code[n++] = 0x90;
    t->flag_mask = (FL_ARITH | FL_DF) & ~o->undefined_flags;
    return 1;
}

static void put32(uint8_t *p, uint32_t v) { st32(p, v); }

static void encode_case(const struct test_case *t, uint8_t *out)
{
    for (int r = 0; r < 8; r++)
        put32(out + 4 * r, t->in.reg[r]);
    put32(out + 32, t->in.flags);
    memcpy(out + 36, t->code, CODE_SIZE);
    memcpy(out + 52, t->in.data, DATA_SIZE);
}

static void decode_result(const uint8_t *in, struct state *s)
{
    for (int r = 0; r < 8; r++)
        s->reg[r] = ld32(in + 4 * r);
    s->flags = ld32(in + 32);
    memcpy(s->data, in + 36, DATA_SIZE);
    s->fault = ld32(in + 100);
}

/* Runs a case in x86pc: flat 32-bit protected mode at CPL 0, an empty IDT so any exception ends in shutdown. */
static void run_emulated(struct cpu *c, struct phys *phys, const struct test_case *t, struct state *out)
{
    uint8_t code[CODE_SIZE + 1];
    memcpy(code, t->code, CODE_SIZE);
    code[CODE_SIZE] = 0xf4;      /* HLT */
    phys_write_block(phys, CODE_ADDR, code, sizeof code);
    phys_write_block(phys, DATA_ADDR, t->in.data, DATA_SIZE);
    /* The machine state a case needs, without a full reset (which would also empty the block cache). */
    c->halted = 0;
    c->shutdown = 0;
    c->delivering = -1;
    c->irq_shadow_until = 0;
    c->cr0 = CR0_PE | CR0_ET;
    seg_set_cache(&c->seg[S_CS], 8, 0, 0xffffffffu, 0xc09b);
    for (unsigned s = 0; s < S_COUNT; s++)
        if (s != S_CS)
            seg_set_cache(&c->seg[s], 16, 0, 0xffffffffu, 0xc093);
    c->idtr.limit = 0;
    cpu_update_mode(c);
    for (int r = 0; r < 8; r++)
        c->gpr[r] = t->in.reg[r];
    set_arith_flags(c, t->in.flags);
    c->eflags = (t->in.flags & ~FL_ARITH) | 2;
    c->eip = CODE_ADDR;
    for (int k = 0; k < 64 && !c->halted && !c->shutdown; k++)
        cpu_run(c, 1000);
    for (int r = 0; r < 8; r++)
        out->reg[r] = c->gpr[r];
    out->flags = cpu_get_eflags(c);
    phys_read_block(phys, DATA_ADDR, out->data, DATA_SIZE);
    out->fault = c->shutdown || !c->halted;
}

/* Count-dependent definedness: OF after a shift or rotate is defined only for a count of 1; SHLD/SHRD results
 * of 16-bit operands with counts above 16 are undefined. Returns 0 to skip the comparison entirely. */
static int refine_mask(const struct test_case *t, uint32_t *mask)
{
    const struct opcode_row *o = &opcode_rows[t->row];
    unsigned n = 0;
    while (t->code[n] == 0x66 || t->code[n] == 0xf2 || t->code[n] == 0xf3)
        n++;
    int osize16 = t->code[0] == 0x66;
    unsigned op = o->opcode;
    int shld = o->map == 2 && (op == 0xa4 || op == 0xa5 || op == 0xac || op == 0xad);
    if (!shld)
        return 1;
    uint32_t count = (op & 1) ? t->in.reg[R_ECX] & 31 : 0;
    if (!(op & 1)) {
        /* the immediate is the last byte before the NOP padding: recompute from the encoding length */
        struct insn i;
        int len = decode_insn(&i, t->code, CODE_SIZE, 1);
        count = len > 0 ? i.imm & 31 : 0;
    }
    if (osize16 && count > 16)
        return 0;
    if (count == 1)
        *mask |= FL_OF;
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: diff_cpu NATIVE_RUNNER [COUNT [SEED]]\n");
        return 2;
    }
    unsigned long count = argc > 2 ? strtoul(argv[2], NULL, 0) : 100000;
    rng_state = argc > 3 ? strtoull(argv[3], NULL, 0) : 0x9e3779b97f4a7c15ull;
    unsigned rows[1024], n_rows = 0;
    for (unsigned r = 1; r < opcode_row_count && n_rows < 1024; r++)
        if ((opcode_rows[r].attr & A_HOST) && strcmp(opcode_rows[r].mnemonic, "nop") != 0)
            rows[n_rows++] = r;
    char cases_path[] = "/tmp/x86pc-diff-cases-XXXXXX", results_path[] = "/tmp/x86pc-diff-results-XXXXXX";
    int fd1 = mkstemp(cases_path), fd2 = mkstemp(results_path);
    FILE *cf = fd1 >= 0 ? fdopen(fd1, "wb") : NULL;
    if (!cf || fd2 < 0) {
        fprintf(stderr, "diff_cpu: cannot create temporary files\n");
        return 2;
    }
    struct test_case *cases = malloc(count * sizeof *cases);
    if (!cases)
        return 2;
    for (unsigned long k = 0; k < count; k++) {
        build_case(&cases[k], rows[k % n_rows]);
        uint8_t rec[CASE_SIZE];
        encode_case(&cases[k], rec);
        fwrite(rec, 1, sizeof rec, cf);
    }
    fclose(cf);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s < %s > %s", argv[1], cases_path, results_path);
    if (system(cmd) != 0) {
        fprintf(stderr, "diff_cpu: the native runner failed: %s\n", cmd);
        return 2;
    }
    FILE *rf = fopen(results_path, "rb");
    struct phys phys;
    struct ports ports;
    phys_init(&phys, 8 << 20);
    ports_init(&ports);
    struct cpu *c = cpu_create(&phys, &ports);
    phys.hook_opaque = c;
    phys.code_written = cpu_code_written;
    phys.map_changed = cpu_map_changed;
    unsigned long passed = 0, failed = 0;
    unsigned covered[1024] = { 0 };
    for (unsigned long k = 0; k < count; k++) {
        uint8_t rec[RESULT_SIZE];
        if (!rf || fread(rec, 1, sizeof rec, rf) != sizeof rec) {
            fprintf(stderr, "diff_cpu: missing native result %lu\n", k);
            failed += count - k;
            break;
        }
        struct state native, emulated;
        decode_result(rec, &native);
        run_emulated(c, &phys, &cases[k], &emulated);
        uint32_t mask = cases[k].flag_mask;
        if (!refine_mask(&cases[k], &mask)) {
            passed++;
            continue;
        }
        int ok = (native.fault != 0) == (emulated.fault != 0);
        if (ok && !native.fault) {
            for (int r = 0; r < 8; r++)
                if (native.reg[r] != emulated.reg[r])
                    ok = 0;
            ok = ok && ((native.flags ^ emulated.flags) & mask) == 0 &&
                 memcmp(native.data, emulated.data, DATA_SIZE) == 0;
        }
        covered[k % n_rows] = 1;
        if (ok) {
            passed++;
            continue;
        }
        if (++failed <= 20) {
            const struct insn_bytes { const uint8_t *b; } ib = { cases[k].code };
            fprintf(stderr, "MISMATCH %s:", opcode_rows[cases[k].row].mnemonic);
            for (int b = 0; b < CODE_SIZE && ib.b[b] != 0x90; b++)
                fprintf(stderr, " %02x", ib.b[b]);
            fprintf(stderr, "\n  in :");
            for (int r = 0; r < 8; r++)
                fprintf(stderr, " %08x", cases[k].in.reg[r]);
            fprintf(stderr, " fl %03x\n  cpu:", cases[k].in.flags & 0xfff);
            for (int r = 0; r < 8; r++)
                fprintf(stderr, " %08x", native.reg[r]);
            fprintf(stderr, " fl %03x fault %u\n  emu:", native.flags & 0xfff, native.fault);
            for (int r = 0; r < 8; r++)
                fprintf(stderr, " %08x", emulated.reg[r]);
            fprintf(stderr, " fl %03x fault %u (compared flags %03x)%s\n", emulated.flags & 0xfff, emulated.fault,
                    mask, memcmp(native.data, emulated.data, DATA_SIZE) ? " memory differs" : "");
        }
    }
    unsigned n_covered = 0;
    for (unsigned r = 0; r < n_rows; r++)
        n_covered += covered[r];
    fprintf(stderr, "diff_cpu: %u instruction forms (decoder-table rows), %lu instances\n", n_covered, count);
    if (rf)
        fclose(rf);
    if (!getenv("DIFF_KEEP"))
        remove(cases_path);
    remove(results_path);
    free(cases);
    cpu_destroy(c);
    phys_free(&phys);
    printf("%lu passed, %lu failed\n", passed, failed);
    return failed ? 1 : 0;
}
