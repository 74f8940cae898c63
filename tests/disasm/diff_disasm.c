/* The disassembler against GNU objdump, in 16- and 32-bit code, Intel and AT&T syntax. The instances:
 *  - of every row of cpu/opcodes.def and of cpu/fpu/x87.def, built from the row with random prefixes, ModRM, SIB,
 *    displacements and immediates;
 *  - random byte sequences (whatever their first instruction is).
 * They are laid end to end in images of 64 KiB (so that 16-bit branch targets wrap as IP does); an instance we
 * call invalid is followed by 15 NOPs, after which objdump, whatever it made of it, is back in step, and so are
 * the few valid ones objdump or ndisasm read differently (objdump_out_of_step(), ndisasm_unknown()). Both syntaxes of an image are
 * disassembled by two objdump processes at once; at the start of every instance the length and the text must
 * agree after tests/disasm/objdump_text.c has removed the cosmetic differences.
 *
 *   diff_disasm [INSTANCES_PER_ROW [RANDOM_SEQUENCES_PER_MODE [SEED]]]     (defaults 40, 500,000; a tenth of
 *                                                                        the random ones under TEST_WRAPPER)
 * Prints the mismatches (at most 30; all with DIFF_DISASM_SHOW set), the coverage and `N passed, N failed`
 * (one per instance and syntax); without objdump it skips. */
#include "cpu/decode.h"
#include "cpu/fpu/x87_table.h"
#include "cpu/insn.h"
#include "disasm/disasm.h"
#include "tests/disasm/objdump_text.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* RESYNC NOPs follow an instance another disassembler may read otherwise: whatever it makes of the instance's
 * bytes ends within 15 bytes of its last one, and then it meets single-byte instructions. */
enum { IMAGE_SIZE = 0x10000, RESYNC = INSN_MAX_LEN, TEXT_MAX = 160 };
enum { NDISASM = 2 };            /* the third opinion kept per instance, after objdump's Intel and AT&T */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

/* Where an instance came from, for the coverage and the mismatch report. */
enum source { FROM_ROW, FROM_X87, FROM_RANDOM };

struct instance {
    uint32_t offset;             /* in the image */
    uint8_t len;                 /* its bytes (the decoder's length; 15 for an over-long one) */
    uint8_t valid;               /* the CPU executes it */
    uint8_t source;
    uint16_t index;              /* the row of opcodes.def or x87.def */
};

/* One image and what objdump said at each instance. */
struct image {
    int bits;
    uint8_t bytes[IMAGE_SIZE];
    unsigned size;
    struct instance inst[IMAGE_SIZE];
    unsigned count;
    int32_t at[IMAGE_SIZE];      /* instance starting at an offset, or -1 */
    char (*text)[3][TEXT_MAX];   /* [instance][SYNTAX_INTEL, SYNTAX_ATT, NDISASM] objdump's and ndisasm's text */
    uint8_t (*len)[3];           /* and the lengths they gave (0: no instruction starts there) */
};

struct tally {
    unsigned passed, failed, shown;
    unsigned row_seen[2][1024], x87_seen[2][256];
    unsigned random_valid, random_invalid;
    int have_ndisasm;
    unsigned ndisasm_passed, ndisasm_failed;
    const char *path;            /* the image file; objdump writes PATH.intel and PATH.att */
};

static int memory_only(unsigned k) { return k == OK_M || k == OK_Mp || k == OK_Ma || k == OK_Mq || k == OK_Ms; }
static int register_only(unsigned k) { return k == OK_Rd || k == OK_Cd || k == OK_Dd; }

/* Random legacy prefixes (operand and address size, a segment, REP and LOCK where the row allows them). */
static unsigned random_prefixes(uint8_t *b, unsigned attr)
{
    static const uint8_t seg[] = { 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65 };
    unsigned n = 0;
    if (rnd() % 4 == 0)
        b[n++] = 0x66;
    if (rnd() % 4 == 0)
        b[n++] = 0x67;
    if (rnd() % 6 == 0)
        b[n++] = seg[rnd() % 6];
    if ((attr & A_REP) && rnd() % 2)
        b[n++] = rnd() % 2 ? 0xf3 : 0xf2;
    if ((attr & A_LOCK) && rnd() % 3 == 0)
        b[n++] = 0xf0;
    return n;
}

/* One random instance of row `row` of opcodes.def into b (INSN_MAX_LEN bytes); 1 when it decodes to that row. */
static int make_row_instance(unsigned row, int bits, uint8_t *b)
{
    const struct opcode_row *o = &opcode_rows[row];
    uint8_t buf[32];
    unsigned n = random_prefixes(buf, o->attr);
    int mem_ok = 1, reg_ok = 1;
    for (int k = 0; k < 3; k++) {
        reg_ok &= !memory_only(o->operand[k]);
        mem_ok &= !register_only(o->operand[k]);
    }
    if (o->map == 2)
        buf[n++] = 0x0f;
    buf[n++] = o->opcode;
    if (decode_has_modrm(o->map, o->opcode)) {
        unsigned mod = !mem_ok ? 3 : reg_ok ? rnd() % 4 : rnd() % 3;
        unsigned reg = o->ext >= 0 ? (unsigned)o->ext : rnd() % 8;
        buf[n++] = (uint8_t)(mod << 6 | reg << 3 | (rnd() % 8));
    }
    while (n < sizeof buf)
        buf[n++] = (uint8_t)rnd();
    struct insn i;
    int len = decode_insn(&i, buf, INSN_MAX_LEN, bits == 32);
    memcpy(b, buf, INSN_MAX_LEN);
    return len > 0 && i.row == row;
}

/* One random instance of form `form` of x87.def; 1 when the FPU's lookup finds that form in it. */
static int make_x87_instance(unsigned form, int bits, uint8_t *b)
{
    const struct x87_form *f = &x87_forms[form];
    uint8_t buf[32];
    unsigned n = random_prefixes(buf, 0);
    buf[n++] = f->opcode;
    unsigned mod = f->rm == X87_MEM ? rnd() % 3 : 3;
    unsigned rm = f->rm == X87_MEM || f->rm == X87_ANY ? rnd() % 8 : (unsigned)f->rm;
    buf[n++] = (uint8_t)(mod << 6 | (unsigned)f->reg << 3 | rm);
    while (n < sizeof buf)
        buf[n++] = (uint8_t)rnd();
    struct insn i;
    int len = decode_insn(&i, buf, INSN_MAX_LEN, bits == 32);
    memcpy(b, buf, INSN_MAX_LEN);
    return len > 0 && i.row != 0 && x87_lookup(i.opcode, i.modrm) == f;
}

/* The decoder's length of the instruction in b (15 readable bytes) and whether the CPU executes it. */
static unsigned decoded_length(const uint8_t *b, int bits, int *valid)
{
    struct insn i;
    int len = decode_insn(&i, b, INSN_MAX_LEN, bits == 32);
    if (len <= 0) {
        *valid = 0;
        return INSN_MAX_LEN;
    }
    *valid = i.row != 0 && (opcode_rows[i.row].operand[0] != OK_Fp || x87_lookup(i.opcode, i.modrm) != NULL);
    return (unsigned)len;
}

/* Valid instructions after which objdump may not be in step with the CPU: WAIT (9B), which objdump joins to a
 * following x87 instruction (FSTSW is 9B DF E0, two instructions to the CPU); the hint NOPs 0F 1A/1B, which
 * objdump decodes as MPX's BNDLDX/BNDSTX with other lengths in 16-bit code; and 0F opcodes after 66/F2/F3, SSE
 * encodings to objdump (of other lengths), where a P6 ignores the prefix. */
/* The opcode after the prefixes of the instruction in b; *sse_prefix tells whether 66, F2 or F3 came before it,
 * *data16 whether 66 did. */
static const uint8_t *opcode_after_prefixes(const uint8_t *b, unsigned len, int *sse_prefix, int *data16)
{
    const uint8_t *op = b;
    *sse_prefix = *data16 = 0;
    while (op < b + len - 1 && (*op == 0x66 || *op == 0x67 || *op == 0xf2 || *op == 0xf3 || *op == 0x26 ||
                                *op == 0x2e || *op == 0x36 || *op == 0x3e || *op == 0x64 || *op == 0x65 ||
                                *op == 0xf0)) {
        *sse_prefix |= *op == 0x66 || *op == 0xf2 || *op == 0xf3;
        *data16 |= *op == 0x66;
        op++;
    }
    return op;
}

static int objdump_out_of_step(const uint8_t *b, unsigned len)
{
    int sse_prefix, data16;
    const uint8_t *op = opcode_after_prefixes(b, len, &sse_prefix, &data16);
    return *op == 0x9b || (op[0] == 0x0f && (sse_prefix || op[1] == 0x1a || op[1] == 0x1b));
}

/* Valid instructions whose length ndisasm (2.16) sees otherwise: the undocumented aliases a P6 executes, 82 (of
 * 80), C0-C1/D0-D3 /6 (SAL, of SHL), F6-F7 /1 (TEST), SETcc with ModRM.reg other than 0 and the x87 ones (x87.def's
 * X87_UNDOC rows), which it does not know and lists byte by byte; WAIT, which it joins to whatever follows
 * ("wait nop"); 0F opcodes after 66/F2/F3 (SSE encodings to ndisasm too); MOVZX/MOVSX r16,r/m16 and
 * BSWAP r16 (undefined by Intel, executed by the CPU); MOV CRn/DRn whose ModRM.mod is not 3. */
static int ndisasm_unknown(const uint8_t *b, unsigned len, int bits)
{
    int sse_prefix, data16;
    const uint8_t *op = opcode_after_prefixes(b, len, &sse_prefix, &data16);
    if (op + 1 >= b + len)
        return *op == 0x9b;
    unsigned reg = (op[1] >> 3) & 7;
    int shift_group = *op == 0xc0 || *op == 0xc1 || (*op >= 0xd0 && *op <= 0xd3);
    const struct x87_form *f = *op >= 0xd8 && *op <= 0xdf ? x87_lookup(op[0], op[1]) : NULL;
    int test_alias = (*op == 0xf6 || *op == 0xf7) && reg == 1;
    int setcc_alias = op + 2 < b + len && op[0] == 0x0f && op[1] >= 0x90 && op[1] <= 0x9f && ((op[2] >> 3) & 7);
    if (op[0] == 0x0f && sse_prefix)
        return 1;                /* as for objdump: SSE encodings to ndisasm */
    if (op[0] == 0x0f && (op[1] == 0xb7 || op[1] == 0xbf || (op[1] & 0xf8) == 0xc8) && (bits == 16) != data16)
        return 1;                /* MOVZX/MOVSX r16,r/m16 and BSWAP r16 */
    if (op[0] == 0x0f && op[1] >= 0x20 && op[1] <= 0x23 && op + 2 < b + len && (op[2] >> 6) != 3)
        return 1;                /* MOV to/from CRn/DRn with ModRM.mod 0-2, which the CPU reads as 3 */
    return *op == 0x82 || (shift_group && reg == 6) || test_alias || setcc_alias || (f && (f->attr & X87_UNDOC));
}

/* ndisasm's listing of the image: "OFFSET  BYTES  TEXT" lines, long byte runs continued on lines "   -BYTES". */
static void read_ndisasm(struct image *img, const char *path)
{
    char name[600];
    snprintf(name, sizeof name, "%s.ndisasm", path);
    FILE *f = fopen(name, "r");
    if (!f)
        return;
    char line[512];
    int32_t k = -1;
    while (fgets(line, sizeof line, f)) {
        unsigned long addr;
        char bytes[256], *p = line;
        while (*p == ' ')
            p++;
        if (*p == '-') {         /* more bytes of the instruction before */
            if (k >= 0 && sscanf(p + 1, "%255s", bytes) == 1)
                img->len[k][NDISASM] = (uint8_t)(img->len[k][NDISASM] + strlen(bytes) / 2);
            continue;
        }
        if (sscanf(line, "%lx %255s", &addr, bytes) != 2 || addr >= img->size) {
            k = -1;
            continue;
        }
        k = img->at[addr];
        if (k < 0)
            continue;
        img->len[k][NDISASM] = (uint8_t)(strlen(bytes) / 2);
        char *text = strstr(line, bytes) + strlen(bytes);
        while (*text == ' ')
            text++;
        text[strcspn(text, "\n")] = 0;
        snprintf(img->text[k][NDISASM], TEXT_MAX, "%s", text);
    }
    fclose(f);
    remove(name);
}

/* Runs both objdumps (and ndisasm when there is one) over the image file at once; fills img->text and img->len
 * at every instance start. */
static int run_objdump(struct image *img, const char *path, int with_ndisasm)
{
    char cmd[1536], ndisasm[512] = "";
    const char *machine = img->bits == 32 ? "i386" : "i8086";
    if (with_ndisasm)
        snprintf(ndisasm, sizeof ndisasm, "ndisasm -b %d '%s' > '%s.ndisasm' 2>/dev/null & ", img->bits, path,
                 path);
    snprintf(cmd, sizeof cmd,
             "%sobjdump -D -b binary -m %s -M intel --insn-width=16 '%s' > '%s.intel' 2>/dev/null & "
             "objdump -D -b binary -m %s -M att --insn-width=16 '%s' > '%s.att' 2>/dev/null & wait",
             ndisasm, machine, path, path, machine, path, path);
    if (system(cmd) != 0)
        return -1;
    if (with_ndisasm)
        read_ndisasm(img, path);
    for (int att = 0; att <= 1; att++) {
        char name[600];
        snprintf(name, sizeof name, "%s.%s", path, att ? "att" : "intel");
        FILE *f = fopen(name, "r");
        if (!f)
            return -1;
        char line[512];
        unsigned lines = 0;
        while (fgets(line, sizeof line, f)) {
            unsigned long addr;
            char *colon = strchr(line, ':');
            char *tab1 = colon ? strchr(colon, '\t') : NULL;
            char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
            if (!tab2 || sscanf(line, " %lx:", &addr) != 1 || addr >= img->size)
                continue;
            lines++;
            int32_t k = img->at[addr];
            if (k < 0)
                continue;
            unsigned nbytes = 0;
            for (char *q = tab1 + 1; q + 1 < tab2; q++)
                if (isxdigit((unsigned char)q[0]) && isxdigit((unsigned char)q[1])) {
                    nbytes++;
                    q++;
                }
            img->len[k][att] = (uint8_t)nbytes;
            line[strcspn(line, "\n")] = 0;
            snprintf(img->text[k][att], TEXT_MAX, "%s", tab2 + 1);
        }
        fclose(f);
        remove(name);
        if (lines == 0)
            return -1;
    }
    return 0;
}

static const char *source_name(const struct instance *in)
{
    static char name[64];
    if (in->source == FROM_ROW)
        snprintf(name, sizeof name, "opcodes.def row %u (%s)", in->index, opcode_rows[in->index].mnemonic);
    else if (in->source == FROM_X87)
        snprintf(name, sizeof name, "x87.def row %u (%s)", in->index, x87_forms[in->index].mnemonic);
    else
        snprintf(name, sizeof name, "random");
    return name;
}

/* When the other disassembler (opinion: objdump Intel, AT&T, ndisasm) has no instruction at instance k, it went
 * astray at the instance before: shows that one. */
static void print_before(const struct image *img, unsigned k, int opinion)
{
    const struct instance *before = &img->inst[k - 1];
    printf("  after:");
    for (unsigned b = 0; b < before->len; b++)
        printf(" %02x", img->bytes[before->offset + b]);
    printf(" (which it read as [%u] %s)\n", img->len[k - 1][opinion], img->text[k - 1][opinion]);
}

/* ndisasm as a second opinion on the lengths of the instructions the CPU executes. */
static void compare_ndisasm_length(const struct image *img, unsigned k, struct tally *t)
{
    const struct instance *in = &img->inst[k];
    if (!t->have_ndisasm || !in->valid || ndisasm_unknown(img->bytes + in->offset, in->len, img->bits))
        return;
    if (img->len[k][NDISASM] == in->len) {
        t->ndisasm_passed++;
        return;
    }
    t->ndisasm_failed++;
    if (t->shown++ >= (getenv("DIFF_DISASM_SHOW") ? 1000000u : 30u))
        return;
    printf("LENGTH %d-bit, %s:", img->bits, source_name(in));
    for (unsigned b = 0; b < in->len; b++)
        printf(" %02x", img->bytes[in->offset + b]);
    printf("\n  x86pc:   [%u]\n  ndisasm: [%u] %s\n", in->len, img->len[k][NDISASM], img->text[k][NDISASM]);
    if (!img->len[k][NDISASM] && k > 0)
        print_before(img, k, NDISASM);
}

static void compare_image(struct image *img, struct tally *t)
{
    for (unsigned k = 0; k < img->count; k++) {
        const struct instance *in = &img->inst[k];
        const uint8_t *bytes = img->bytes + in->offset;
        compare_ndisasm_length(img, k, t);
        for (int att = 0; att <= 1; att++) {
            char ours[TEXT_MAX];
            unsigned avail = img->size - in->offset < INSN_MAX_LEN ? img->size - in->offset : INSN_MAX_LEN;
            unsigned len = disasm_one(bytes, avail, img->bits, in->offset, att ? DISASM_ATT : DISASM_INTEL, ours,
                                      sizeof ours);
            struct disasm_pair p = { bytes, img->bits, att, ours, img->text[k][att], len, img->len[k][att],
                                     "", "" };
            if (disasm_pair_agrees(&p)) {
                t->passed++;
                continue;
            }
            t->failed++;
            if (t->shown++ >= (getenv("DIFF_DISASM_SHOW") ? 1000000u : 30u))
                continue;
            printf("MISMATCH %d-bit %s, %s:", img->bits, att ? "att" : "intel", source_name(in));
            for (unsigned b = 0; b < in->len; b++)
                printf(" %02x", bytes[b]);
            printf("\n  x86pc:   [%u] %s\n  objdump: [%u] %s\n", len, ours, img->len[k][att], img->text[k][att]);
            if (!img->text[k][att][0] && k > 0)
                print_before(img, k, att);
        }
    }
}

/* Checks the image against objdump and empties it. */
static void flush_image(struct image *img, struct tally *t)
{
    if (img->count) {
        FILE *f = fopen(t->path, "wb");
        if (!f || fwrite(img->bytes, 1, img->size, f) != img->size || fclose(f) != 0) {
            perror(t->path);
            exit(1);
        }
        memset(img->text, 0, img->count * sizeof *img->text);
        memset(img->len, 0, img->count * sizeof *img->len);
        if (run_objdump(img, t->path, t->have_ndisasm) < 0) {
            printf("diff_disasm: objdump failed\n");
            t->failed++;
        } else {
            compare_image(img, t);
        }
        for (unsigned k = 0; k < img->count; k++)
            img->at[img->inst[k].offset] = -1;
    }
    img->size = img->count = 0;
}

/* Appends the instruction in b (15 bytes) to the image, checking the image first when it is full. */
static void add_instance(struct image *img, struct tally *t, const uint8_t *b, enum source source, unsigned index)
{
    int valid;
    unsigned len = decoded_length(b, img->bits, &valid);
    if (img->size + INSN_MAX_LEN + RESYNC > IMAGE_SIZE)
        flush_image(img, t);
    struct instance *in = &img->inst[img->count];
    in->offset = img->size;
    in->len = (uint8_t)len;
    in->valid = (uint8_t)valid;
    in->source = (uint8_t)source;
    in->index = (uint16_t)index;
    img->at[img->size] = (int32_t)img->count++;
    memcpy(img->bytes + img->size, b, len);
    img->size += len;
    if (!valid || objdump_out_of_step(b, len) || ndisasm_unknown(b, len, img->bits)) {
        memset(img->bytes + img->size, 0x90, RESYNC);
        img->size += RESYNC;
    }
}

static void run_mode(struct image *img, struct tally *t, int bits, unsigned per_row, unsigned random_count)
{
    int m = bits == 32;
    uint8_t b[INSN_MAX_LEN];
    img->bits = bits;
    for (unsigned row = 1; row < opcode_row_count && row < 1024; row++)
        for (unsigned tries = 0; t->row_seen[m][row] < per_row && tries < per_row * 20; tries++)
            if (make_row_instance(row, bits, b)) {
                add_instance(img, t, b, FROM_ROW, row);
                t->row_seen[m][row]++;
            }
    for (unsigned form = 0; form < x87_form_count && form < 256; form++)
        for (unsigned tries = 0; t->x87_seen[m][form] < per_row && tries < per_row * 20; tries++)
            if (make_x87_instance(form, bits, b)) {
                add_instance(img, t, b, FROM_X87, form);
                t->x87_seen[m][form]++;
            }
    for (unsigned k = 0; k < random_count; k++) {
        for (unsigned j = 0; j < INSN_MAX_LEN; j++)
            b[j] = (uint8_t)rnd();
        int valid;
        decoded_length(b, bits, &valid);
        if (valid)
            t->random_valid++;
        else
            t->random_invalid++;
        add_instance(img, t, b, FROM_RANDOM, 0);
    }
    flush_image(img, t);
}

static unsigned covered(const unsigned *seen, unsigned n)
{
    unsigned c = 0;
    for (unsigned k = 0; k < n; k++)
        c += seen[k] > 0;
    return c;
}

int main(int argc, char **argv)
{
    unsigned per_row = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 40;
    unsigned random_count = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 500000;
    const char *wrapper = getenv("TEST_WRAPPER");
    if (argc <= 2 && wrapper && *wrapper) {
        random_count = 50000;    /* under qemu-user (make check-cross) a tenth, to stay quick */
        printf("diff_disasm: run through %s: %u random sequences per mode\n", wrapper, random_count);
    }
    if (argc > 3)
        rng_state = strtoull(argv[3], NULL, 0) * 2 + 1;    /* odd: never the zero state */
    if (system("objdump --version > /dev/null 2>&1") != 0) {
        printf("diff_disasm: skipped (objdump is not installed)\n0 passed, 0 failed\n");
        return 0;
    }
    static struct tally t;
    t.have_ndisasm = system("ndisasm -v > /dev/null 2>&1") == 0;
    if (!t.have_ndisasm)
        printf("diff_disasm: ndisasm is not installed: no second opinion on lengths\n");
    char path[] = "/tmp/x86pc-disasm-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("mkstemp");
        return 1;
    }
    close(fd);
    t.path = path;
    struct image *img = calloc(1, sizeof *img);
    if (!img || !(img->text = calloc(IMAGE_SIZE, sizeof *img->text)) ||
        !(img->len = calloc(IMAGE_SIZE, sizeof *img->len)))
        return 1;
    for (unsigned k = 0; k < IMAGE_SIZE; k++)
        img->at[k] = -1;
    run_mode(img, &t, 16, per_row, random_count);
    run_mode(img, &t, 32, per_row, random_count);
    remove(path);
    unsigned rows = opcode_row_count - 1, forms = x87_form_count;
    printf("coverage: opcodes.def %u/%u rows in 16-bit and %u/%u in 32-bit code, x87.def %u/%u and %u/%u forms, "
           "up to %u instances each; %u random sequences (%u valid, %u invalid); Intel and AT&T syntax\n",
           covered(t.row_seen[0] + 1, rows), rows, covered(t.row_seen[1] + 1, rows), rows,
           covered(t.x87_seen[0], forms), forms, covered(t.x87_seen[1], forms), forms, per_row,
           t.random_valid + t.random_invalid, t.random_valid, t.random_invalid);
    if (t.have_ndisasm)
        printf("ndisasm: the same length for %u of %u valid instances\n", t.ndisasm_passed,
               t.ndisasm_passed + t.ndisasm_failed);
    printf("%u passed, %u failed\n", t.passed + t.ndisasm_passed, t.failed + t.ndisasm_failed);
    free(img->text);
    free(img->len);
    free(img);
    return t.failed != 0;
}
