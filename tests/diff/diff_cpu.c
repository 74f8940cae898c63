/* The differential test against the host CPU: random instances of every user-level instruction form of the
 * decoder table (rows marked A_HOST in cpu/opcodes.def, built by diff_gen.c) run natively, through
 * tests/diff/native_runner (a static 32-bit program), and in x86pc's CPU. Registers, the defined flags, the data
 * window and whether the instruction faulted must match.
 *
 * usage: diff_cpu NATIVE_RUNNER [COUNT [SEED]]   (prints `N passed, N failed`; exit status 1 on a mismatch)
 * Cases go to the runner in chunks through temporary files, so memory use does not grow with COUNT.
 *
 * usage: diff_cpu --golden [COUNT [SEED]]
 * Where no host CPU can run the 32-bit runner (another architecture, or an x86-64 kernel without 32-bit
 * support), the same cases run in x86pc alone and every compared part of each result is hashed (FNV-1a). With
 * the default COUNT and SEED the hash must equal GOLDEN_HASH, recorded from a build whose results matched an
 * x86 host CPU on every case; otherwise the hash is only printed. */
#include "cpu/cpu.h"
#include "cpu/cpu_internal.h"
#include "cpu/flags.h"
#include "cpu/insn.h"
#include "tests/diff/diff_gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { CHUNK = 1 << 16, MAX_REPORTS = 20 };

#define DEFAULT_SEED 0x9e3779b97f4a7c15ull
#define DEFAULT_COUNT 1000000ul
/* The hash of the default cases' results; when the CPU's user-level behaviour changes on purpose, run the
 * differential test on an x86 host that runs 32-bit programs, then record the new value printed by --golden. */
#define GOLDEN_HASH 0x2e9f532ad7dbf691ull

struct emulator {
    struct phys phys;
    struct ports ports;
    struct cpu *cpu;
};

struct tally {
    unsigned long passed, failed, faults, with_prefix;
    unsigned long shape[SHAPE_COUNT];
    unsigned long row_hits[1024];
    unsigned long row_faults[1024];
    unsigned long prefix_hits[1024];
};

static const char *const shape_names[SHAPE_COUNT] = { "reg", "mem32", "sib", "disp32", "mem16", "string32",
                                                      "string16", "implicit" };

/* The machine state a case needs, set without a full reset (which would also empty the block cache): flat 32-bit
 * protected mode at CPL 0, ES/FS/GS on the data window's segment, and an empty IDT, so any exception ends in a
 * shutdown, which counts as a fault. */
static void run_emulated(struct emulator *e, const struct diff_case *t, struct diff_state *out)
{
    struct cpu *c = e->cpu;
    uint8_t code[CODE_SIZE + 1];
    memcpy(code, t->code, t->code_len);
    code[t->code_len] = 0xf4;    /* HLT */
    phys_write_block(&e->phys, CODE_ADDR, code, t->code_len + 1);
    phys_write_block(&e->phys, DATA_ADDR, t->in.data, DATA_SIZE);
    c->halted = 0;
    c->shutdown = 0;
    c->delivering = -1;
    c->irq_shadow_until = 0;
    c->cr0 = CR0_PE | CR0_ET;
    seg_set_cache(&c->seg[S_CS], 8, 0, 0xffffffffu, 0xc09b);
    seg_set_cache(&c->seg[S_DS], 16, 0, 0xffffffffu, 0xc093);
    seg_set_cache(&c->seg[S_SS], 16, 0, 0xffffffffu, 0xc093);
    seg_set_cache(&c->seg[S_ES], LDT_SELECTOR, DATA_ADDR, DATA_LIMIT, 0x40f3);
    seg_set_cache(&c->seg[S_FS], LDT_SELECTOR, DATA_ADDR, DATA_LIMIT, 0x40f3);
    seg_set_cache(&c->seg[S_GS], LDT_SELECTOR, DATA_ADDR, DATA_LIMIT, 0x40f3);
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
    phys_read_block(&e->phys, DATA_ADDR, out->data, DATA_SIZE);
    out->fault = c->shutdown || !c->halted || c->eip != CODE_ADDR + t->code_len + 1;
}

static int compare(const struct diff_case *t, const struct diff_state *native, const struct diff_state *emulated)
{
    if ((native->fault != 0) != (emulated->fault != 0))
        return 0;
    if (native->fault)
        return 1;
    for (int r = 0; r < 8; r++)
        if (native->reg[r] != emulated->reg[r])
            return 0;
    return ((native->flags ^ emulated->flags) & t->flag_mask) == 0 &&
           memcmp(native->data, emulated->data, DATA_SIZE) == 0;
}

static void print_regs(const char *label, const uint32_t *reg, uint32_t flags)
{
    fprintf(stderr, "  %s", label);
    for (int r = 0; r < 8; r++)
        fprintf(stderr, " %08x", reg[r]);
    fprintf(stderr, " fl %03x", flags & 0xfff);
}

static void report_mismatch(const struct diff_case *t, const struct diff_state *native,
                            const struct diff_state *emulated)
{
    fprintf(stderr, "MISMATCH %s", opcode_rows[t->row].mnemonic);
    if (t->prefix_row)
        fprintf(stderr, " (after %s)", opcode_rows[t->prefix_row].mnemonic);
    fprintf(stderr, ", shape %s:", shape_names[t->shape]);
    for (unsigned b = 0; b < t->code_len; b++)
        fprintf(stderr, " %02x", t->code[b]);
    fprintf(stderr, "\n");
    print_regs("in :", t->in.reg, t->in.flags);
    fprintf(stderr, "\n");
    print_regs("cpu:", native->reg, native->flags);
    fprintf(stderr, " fault %u\n", native->fault);
    print_regs("emu:", emulated->reg, emulated->flags);
    fprintf(stderr, " fault %u, compared flags %03x\n", emulated->fault, t->flag_mask);
    for (int k = 0; k < DATA_SIZE; k++)
        if (native->data[k] != emulated->data[k])
            fprintf(stderr, "  data[%d]: cpu %02x emu %02x (was %02x)\n", k, native->data[k], emulated->data[k],
                    t->in.data[k]);
}

/* Runs one chunk of cases through the native runner; returns 0, or -1 when the runner failed. */
static int run_native(const char *runner, const char *cases_path, const char *results_path,
                      const struct diff_case *cases, unsigned n, uint8_t *results)
{
    FILE *f = fopen(cases_path, "wb");
    if (!f)
        return -1;
    for (unsigned k = 0; k < n; k++) {
        uint8_t rec[CASE_SIZE];
        diff_encode_case(&cases[k], rec);
        fwrite(rec, 1, sizeof rec, f);
    }
    if (fclose(f) != 0)
        return -1;
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' < '%s' > '%s'", runner, cases_path, results_path);
    if (system(cmd) != 0)
        return -1;
    f = fopen(results_path, "rb");
    if (!f)
        return -1;
    size_t got = fread(results, RESULT_SIZE, n, f);
    fclose(f);
    return got == n ? 0 : -1;
}

static void check_chunk(struct emulator *e, const struct diff_case *cases, unsigned n, const uint8_t *results,
                        struct tally *tally)
{
    for (unsigned k = 0; k < n; k++) {
        const struct diff_case *t = &cases[k];
        struct diff_state native, emulated;
        diff_decode_result(results + (size_t)k * RESULT_SIZE, &native);
        run_emulated(e, t, &emulated);
        tally->row_hits[t->row]++;
        tally->prefix_hits[t->prefix_row]++;
        tally->shape[t->shape]++;
        tally->with_prefix += t->prefix_row != 0;
        tally->faults += native.fault != 0;
        tally->row_faults[t->row] += native.fault != 0;
        if (compare(t, &native, &emulated)) {
            tally->passed++;
        } else if (++tally->failed <= MAX_REPORTS) {
            report_mismatch(t, &native, &emulated);
        }
    }
}

static void report_coverage(const struct diff_gen *g, const struct tally *tally, double seconds)
{
    unsigned rows = 0, prefixes = 0;
    for (unsigned k = 0; k < g->n_rows; k++)
        rows += tally->row_hits[g->rows[k]] != 0;
    for (unsigned k = 0; k < g->n_prefix_rows; k++)
        prefixes += tally->prefix_hits[g->prefix_rows[k]] != 0;
    fprintf(stderr, "diff_cpu: %u of %u A_HOST rows covered (%u as a flag-producing first instruction); "
            "%lu instances (%lu with a first instruction, %lu faulting) in %.1f s\n", rows, g->n_rows, prefixes,
            tally->passed + tally->failed, tally->with_prefix, tally->faults, seconds);
    /* Rows that mostly fault test little but #DE/#UD: a generator problem shows up here. */
    for (unsigned k = 0; k < g->n_rows; k++) {
        unsigned r = g->rows[k];
        if (tally->row_faults[r] * 4 > tally->row_hits[r] && tally->row_hits[r])
            fprintf(stderr, "diff_cpu: note: %s (row %u) faulted in %lu of %lu instances\n", opcode_rows[r].mnemonic,
                    r, tally->row_faults[r], tally->row_hits[r]);
    }
    fprintf(stderr, "diff_cpu: operand shapes:");
    for (int s = 0; s < SHAPE_COUNT; s++)
        fprintf(stderr, " %s %lu", shape_names[s], tally->shape[s]);
    fprintf(stderr, "\n");
}

static uint64_t hash_bytes(uint64_t h, const uint8_t *p, size_t n)
{
    for (size_t k = 0; k < n; k++)
        h = (h ^ p[k]) * 0x100000001b3ull;
    return h;
}

static uint64_t hash_u32(uint64_t h, uint32_t v)
{
    const uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    return hash_bytes(h, b, 4);
}

/* Hashes what compare() looks at: whether the case faulted, and otherwise the registers, the compared flags and
 * the data window. */
static uint64_t hash_result(uint64_t h, const struct diff_case *t, const struct diff_state *s)
{
    const uint8_t fault = s->fault != 0;
    h = hash_bytes(h, &fault, 1);
    if (fault)
        return h;
    for (int r = 0; r < 8; r++)
        h = hash_u32(h, s->reg[r]);
    h = hash_u32(h, s->flags & t->flag_mask);
    return hash_bytes(h, s->data, DATA_SIZE);
}

static int run_golden(struct emulator *e, struct diff_gen *g, struct diff_case *cases, unsigned long count,
                      uint64_t seed)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned long done = 0; done < count;) {
        unsigned n = count - done < CHUNK ? (unsigned)(count - done) : CHUNK;
        for (unsigned k = 0; k < n; k++) {
            struct diff_state emulated;
            diff_gen_case(g, done + k, &cases[k]);
            run_emulated(e, &cases[k], &emulated);
            h = hash_result(h, &cases[k], &emulated);
        }
        done += n;
    }
    printf("diff_cpu --golden: %lu cases, seed %#llx, hash %#018llx\n", count, (unsigned long long)seed,
           (unsigned long long)h);
    if (count != DEFAULT_COUNT || seed != DEFAULT_SEED)
        return 0;
    if (h != GOLDEN_HASH) {
        printf("diff_cpu --golden: expected hash %#018llx: the user-level results changed\n0 passed, 1 failed\n",
               (unsigned long long)GOLDEN_HASH);
        return 1;
    }
    printf("%lu passed, 0 failed\n", count);
    return 0;
}

static int make_temp(char *path)
{
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

static double now_seconds(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: diff_cpu NATIVE_RUNNER|--golden [COUNT [SEED]]\n");
        return 2;
    }
    const int golden = strcmp(argv[1], "--golden") == 0;
    unsigned long count = argc > 2 ? strtoul(argv[2], NULL, 0) : DEFAULT_COUNT;
    uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 0) : DEFAULT_SEED;
    struct diff_gen *g = malloc(sizeof *g);
    struct tally *tally = calloc(1, sizeof *tally);
    struct diff_case *cases = malloc(CHUNK * sizeof *cases);
    uint8_t *results = malloc((size_t)CHUNK * RESULT_SIZE);
    struct emulator *e = malloc(sizeof *e);
    char cases_path[] = "/tmp/x86pc-diff-cases-XXXXXX", results_path[] = "/tmp/x86pc-diff-results-XXXXXX";
    if (!g || !tally || !cases || !results || !e || make_temp(cases_path) < 0 || make_temp(results_path) < 0) {
        fprintf(stderr, "diff_cpu: out of memory or no temporary files\n");
        return 2;
    }
    diff_gen_init(g, seed);
    if (phys_init(&e->phys, 8 << 20) < 0)
        return 2;
    ports_init(&e->ports);
    e->cpu = cpu_create(&e->phys, &e->ports);
    e->phys.hook_opaque = e->cpu;
    e->phys.code_written = cpu_code_written;
    e->phys.map_changed = cpu_map_changed;
    double start = now_seconds();
    int status = 0;
    if (golden) {
        status = run_golden(e, g, cases, count, seed);
        count = 0;
        tally->passed = 0;
    }
    for (unsigned long done = 0; done < count;) {
        unsigned n = count - done < CHUNK ? (unsigned)(count - done) : CHUNK;
        for (unsigned k = 0; k < n; k++)
            diff_gen_case(g, done + k, &cases[k]);
        if (run_native(argv[1], cases_path, results_path, cases, n, results) < 0) {
            fprintf(stderr, "diff_cpu: the native runner %s failed\n", argv[1]);
            tally->failed += count - done;
            status = 2;
            break;
        }
        check_chunk(e, cases, n, results, tally);
        done += n;
    }
    if (!golden)
        report_coverage(g, tally, now_seconds() - start);
    remove(cases_path);
    remove(results_path);
    cpu_destroy(e->cpu);
    phys_free(&e->phys);
    if (!golden)
        printf("%lu passed, %lu failed\n", tally->passed, tally->failed);
    int failed = tally->failed != 0;
    free(e);
    free(results);
    free(cases);
    free(tally);
    free(g);
    return status ? status : failed;
}
