/* The CPU's data instructions: arithmetic and logic, shifts and rotates, multiply and divide (#DE), BCD, bit
 * operations, compare-exchange, and string instructions with REP (partial progress on a fault, batches that an
 * interrupt can split, INS/OUTS through the port space).
 *
 * The register cases are readable records: the instruction's nasm source and bytes, the registers and flags in,
 * the registers and flags out. Registers a case does not name start with a filler value and must keep it. */
#include "cpu/cpu.h"
#include "cpu/cpu_internal.h"
#include "cpu/flags.h"
#include "mem/endian.h"
#include "tests/unit/cpu_harness.h"
#include "tests/unit/unit.h"

#include <string.h>

enum { CF = FL_CF, PF = FL_PF, AF = FL_AF, ZF = FL_ZF, SF = FL_SF, OF = FL_OF, DF = FL_DF, ARITH = FL_ARITH };

struct reg_value {
    const char *name;            /* "eax".."edi"; NULL ends the list */
    uint32_t value;
};

struct alu_case {
    const char *source;          /* nasm */
    int bits;                    /* 32: flat protected mode; 16: real mode */
    uint8_t code[8];
    unsigned len;
    struct reg_value in[5];
    uint32_t flags_in;
    struct reg_value out[5];
    uint32_t flags_out;
    uint32_t flags_checked;      /* the defined flags */
};

static const struct alu_case alu_cases[] = {
    /* Addition and subtraction: CF, AF and OF from the carry vector, PF from the low byte only */
    { "add eax, ebx", 32, { 0x01, 0xd8 }, 2, { { "eax", 0x7fffffff }, { "ebx", 1 } }, 0,
      { { "eax", 0x80000000 } }, OF | SF | AF | PF, ARITH },
    { "adc al, 0xff", 32, { 0x14, 0xff }, 2, { { "eax", 0x12345601 } }, CF,
      { { "eax", 0x12345601 } }, CF | AF, ARITH },
    { "sbb eax, ebx", 32, { 0x19, 0xd8 }, 2, { { "eax", 0 }, { "ebx", 0 } }, CF,
      { { "eax", 0xffffffff } }, CF | AF | SF | PF, ARITH },
    { "add ax, bx", 32, { 0x66, 0x01, 0xd8 }, 3, { { "eax", 0x1234ffff }, { "ebx", 0xabcd0001 } }, 0,
      { { "eax", 0x12340000 } }, CF | ZF | AF | PF, ARITH },
    { "inc eax (keeps CF)", 32, { 0x40 }, 1, { { "eax", 0xffffffff } }, CF,
      { { "eax", 0 } }, CF | ZF | AF | PF, ARITH },
    { "dec ecx", 32, { 0x49 }, 1, { { "ecx", 0x80000000 } }, 0,
      { { "ecx", 0x7fffffff } }, OF | AF | PF, ARITH },
    { "neg eax", 32, { 0xf7, 0xd8 }, 2, { { "eax", 0x80000000 } }, 0,
      { { "eax", 0x80000000 } }, CF | OF | SF | PF, ARITH },
    { "neg bl", 32, { 0xf6, 0xdb }, 2, { { "ebx", 0x00001200 } }, CF,
      { { "ebx", 0x00001200 } }, ZF | PF, ARITH },
    { "cmp eax, 1", 32, { 0x83, 0xf8, 0x01 }, 3, { { "eax", 0 } }, 0,
      { { "eax", 0 } }, CF | SF | AF | PF, ARITH },
    /* Logic: CF = OF = 0, AF undefined */
    { "xor eax, eax", 32, { 0x31, 0xc0 }, 2, { { "eax", 0x1234 } }, CF | OF,
      { { "eax", 0 } }, ZF | PF, ARITH & ~AF },
    { "and ah, bh", 32, { 0x20, 0xfc }, 2, { { "eax", 0x0000f000 }, { "ebx", 0x00003c00 } }, CF,
      { { "eax", 0x00003000 } }, PF, ARITH & ~AF },
    { "test cl, 0x80", 32, { 0xf6, 0xc1, 0x80 }, 3, { { "ecx", 0x80 } }, ZF,
      { { "ecx", 0x80 } }, SF, ARITH & ~AF },
    /* Exchange and compare */
    { "xadd ecx, ebx", 32, { 0x0f, 0xc1, 0xd9 }, 3, { { "ecx", 1 }, { "ebx", 2 } }, 0,
      { { "ecx", 3 }, { "ebx", 1 } }, PF, ARITH },
    { "xadd eax, eax (the sum is written last)", 32, { 0x0f, 0xc1, 0xc0 }, 3, { { "eax", 5 } }, 0,
      { { "eax", 10 } }, PF, ARITH },
    { "cmpxchg ecx, edx (equal)", 32, { 0x0f, 0xb1, 0xd1 }, 3, { { "eax", 7 }, { "ecx", 7 }, { "edx", 9 } }, 0,
      { { "eax", 7 }, { "ecx", 9 }, { "edx", 9 } }, ZF | PF, ARITH },
    { "cmpxchg ecx, edx (not equal)", 32, { 0x0f, 0xb1, 0xd1 }, 3, { { "eax", 7 }, { "ecx", 8 }, { "edx", 9 } },
      0, { { "eax", 8 }, { "ecx", 8 }, { "edx", 9 } }, CF | SF | AF | PF, ARITH },
    /* Multiply and divide: CF = OF = "the upper half is needed"; the rest undefined */
    { "mul ebx", 32, { 0xf7, 0xe3 }, 2, { { "eax", 0x80000000 }, { "ebx", 4 } }, 0,
      { { "eax", 0 }, { "edx", 2 } }, CF | OF, CF | OF },
    { "imul ecx, ebx, -2", 32, { 0x6b, 0xcb, 0xfe }, 3, { { "ebx", 0x40000000 } }, CF | OF,
      { { "ecx", 0x80000000 } }, 0, CF | OF },
    { "imul bl", 32, { 0xf6, 0xeb }, 2, { { "eax", 0xffff0080 }, { "ebx", 2 } }, 0,
      { { "eax", 0xffffff00 } }, CF | OF, CF | OF },
    { "div ecx", 32, { 0xf7, 0xf1 }, 2, { { "eax", 0 }, { "edx", 1 }, { "ecx", 2 } }, 0,
      { { "eax", 0x80000000 }, { "edx", 0 } }, 0, 0 },
    { "idiv cx", 32, { 0x66, 0xf7, 0xf9 }, 3, { { "eax", 0xabcdfff9 }, { "edx", 0x1234ffff }, { "ecx", 2 } }, 0,
      { { "eax", 0xabcdfffd }, { "edx", 0x1234ffff } }, 0, 0 },
    /* Shifts: OF defined for a count of 1, AF undefined; a masked count of 0 changes nothing */
    { "shl eax, 1", 32, { 0xd1, 0xe0 }, 2, { { "eax", 0x40000000 } }, CF,
      { { "eax", 0x80000000 } }, OF | SF | PF, ARITH & ~AF },
    { "sal dl, 1", 32, { 0xd0, 0xe2 }, 2, { { "edx", 0xc0 } }, 0,
      { { "edx", 0x80 } }, CF | SF, ARITH & ~AF },
    { "shr eax, cl (CL = 33: count 1)", 32, { 0xd3, 0xe8 }, 2, { { "eax", 0x81 }, { "ecx", 0x21 } }, OF,
      { { "eax", 0x40 } }, CF, ARITH & ~AF },
    { "sar bl, 3", 32, { 0xc0, 0xfb, 0x03 }, 3, { { "ebx", 0x9c } }, 0,
      { { "ebx", 0xf3 } }, CF | SF | PF, CF | ZF | SF | PF },
    /* Rotates change only CF and OF */
    { "rol ax, 4", 32, { 0x66, 0xc1, 0xc0, 0x04 }, 4, { { "eax", 0xdead1234 } }, ZF | SF,
      { { "eax", 0xdead2341 } }, ZF | SF | CF, ARITH & ~OF },
    { "rcr al, 1", 32, { 0xd0, 0xd8 }, 2, { { "eax", 0x01 } }, CF,
      { { "eax", 0x80 } }, CF | OF, ARITH },
    { "rcl ebx, cl (CL = 33: count 1)", 32, { 0xd3, 0xd3 }, 2, { { "ebx", 0x80000000 }, { "ecx", 0x21 } },
      SF | PF, { { "ebx", 0 } }, SF | PF | CF | OF, ARITH },
    { "rol eax, cl (CL = 32: count 0)", 32, { 0xd3, 0xc0 }, 2, { { "eax", 0x80000001 }, { "ecx", 0x20 } },
      CF | OF | ZF, { { "eax", 0x80000001 } }, CF | OF | ZF, ARITH },
    { "shld eax, ebx, 8", 32, { 0x0f, 0xa4, 0xd8, 0x08 }, 4, { { "eax", 0x12345678 }, { "ebx", 0x9abcdef0 } },
      CF, { { "eax", 0x3456789a } }, PF, CF | ZF | SF | PF },
    { "shrd ax, bx, cl", 32, { 0x66, 0x0f, 0xad, 0xd8 }, 4,
      { { "eax", 0xffff0001 }, { "ebx", 3 }, { "ecx", 1 } }, 0,
      { { "eax", 0xffff8000 } }, CF | OF | SF | PF, ARITH & ~AF },
    /* Bit scans and tests */
    { "bsf ecx, eax", 32, { 0x0f, 0xbc, 0xc8 }, 3, { { "eax", 0x00018000 } }, ZF,
      { { "ecx", 15 } }, 0, ZF },
    { "bsr cx, ax (zero source: destination kept)", 32, { 0x66, 0x0f, 0xbd, 0xc8 }, 4,
      { { "eax", 0xffff0000 }, { "ecx", 0x12345678 } }, 0, { { "ecx", 0x12345678 } }, ZF, ZF },
    { "bts eax, 33", 32, { 0x0f, 0xba, 0xe8, 0x21 }, 4, { { "eax", 1 } }, CF,
      { { "eax", 3 } }, 0, CF },
    { "btc ax, cx", 32, { 0x66, 0x0f, 0xbb, 0xc8 }, 4, { { "eax", 0xffff0000 }, { "ecx", 0x13 } }, CF,
      { { "eax", 0xffff0008 } }, 0, CF },
    /* BCD */
    { "daa (after 19h + 28h)", 32, { 0x27 }, 1, { { "eax", 0x41 } }, AF,
      { { "eax", 0x47 } }, AF | PF, ARITH & ~OF },
    { "das (after 10h - 01h)", 32, { 0x2f }, 1, { { "eax", 0x0f } }, AF,
      { { "eax", 0x09 } }, AF | PF, ARITH & ~OF },
    { "aaa", 32, { 0x37 }, 1, { { "eax", 0x0b } }, 0,
      { { "eax", 0x0101 } }, CF | AF, CF | AF },
    { "aas (AX - 6 borrows from AH)", 32, { 0x3f }, 1, { { "eax", 0x0205 } }, AF,
      { { "eax", 0x000f } }, CF | AF, CF | AF },
    { "aam", 32, { 0xd4, 0x0a }, 2, { { "eax", 0x4f } }, 0,
      { { "eax", 0x0709 } }, PF, SF | ZF | PF },
    { "aad", 32, { 0xd5, 0x0a }, 2, { { "eax", 0x0709 } }, PF,
      { { "eax", 0x004f } }, 0, SF | ZF | PF },
    { "salc", 32, { 0xd6 }, 1, { { "eax", 0x12345600 } }, CF,
      { { "eax", 0x123456ff } }, CF, ARITH },
    { "cmc", 32, { 0xf5 }, 1, { { NULL, 0 } }, ZF | CF, { { NULL, 0 } }, ZF, ARITH },
    /* Real mode: 16-bit operands by default, 32-bit with 66h; upper halves survive 16-bit results */
    { "add ax, bx", 16, { 0x01, 0xd8 }, 2, { { "eax", 0xffff7fff }, { "ebx", 1 } }, 0,
      { { "eax", 0xffff8000 } }, OF | SF | AF | PF, ARITH },
    { "add eax, ebx", 16, { 0x66, 0x01, 0xd8 }, 3, { { "eax", 0xffffffff }, { "ebx", 1 } }, 0,
      { { "eax", 0 } }, CF | ZF | AF | PF, ARITH },
    { "shl bx, cl", 16, { 0xd3, 0xe3 }, 2, { { "ebx", 0x12348001 }, { "ecx", 1 } }, 0,
      { { "ebx", 0x12340002 } }, CF | OF, ARITH & ~AF },
    { "mul cx", 16, { 0xf7, 0xe1 }, 2, { { "eax", 0xaaaaffff }, { "ecx", 0xbbbbffff }, { "edx", 0xcccc0000 } }, 0,
      { { "eax", 0xaaaa0001 }, { "edx", 0xccccfffe } }, CF | OF, CF | OF },
    { "div bl", 16, { 0xf6, 0xf3 }, 2, { { "eax", 0x55550203 }, { "ebx", 0x10 } }, 0,
      { { "eax", 0x55550320 } }, 0, 0 },
};

static const char *const reg_names[8] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };

static int reg_index(const char *name)
{
    for (int r = 0; r < 8; r++)
        if (strcmp(name, reg_names[r]) == 0)
            return r;
    return -1;
}

static uint32_t filler(int r) { return 0xf00d0000u | (uint32_t)r * 0x1111u; }

static void run_alu_case(const struct alu_case *t)
{
    struct harness h;
    harness_init(&h);
    struct cpu *c = h.cpu;
    uint32_t expect[8];
    if (t->bits == 32)
        harness_flat32(&h);
    else
        harness_real(&h);
    for (int r = 0; r < 8; r++)
        c->gpr[r] = filler(r);
    for (const struct reg_value *v = t->in; v < t->in + 5 && v->name; v++)
        c->gpr[reg_index(v->name)] = v->value;
    memcpy(expect, c->gpr, sizeof expect);
    for (const struct reg_value *v = t->out; v < t->out + 5 && v->name; v++)
        expect[reg_index(v->name)] = v->value;
    set_arith_flags(c, t->flags_in);
    harness_code(&h, c->eip, t->code, t->len);
    uint32_t end = c->eip + t->len + 1;
    harness_run(&h);
    int ok = c->halted && c->eip == end;
    for (int r = 0; r < 8; r++)
        ok &= c->gpr[r] == expect[r];
    uint32_t fl = cpu_get_eflags(c);
    ok &= (fl & t->flags_checked) == (t->flags_out & t->flags_checked);
    if (!CHECK(ok)) {
        fprintf(stderr, "  case '%s' (%d-bit):\n", t->source, t->bits);
        for (int r = 0; r < 8; r++)
            if (c->gpr[r] != expect[r])
                fprintf(stderr, "    %s = %08x, expected %08x\n", reg_names[r], c->gpr[r], expect[r]);
        fprintf(stderr, "    flags %03x, expected %03x (checked %03x); eip %x, expected %x\n", fl & 0xfff,
                t->flags_out, t->flags_checked, c->eip, end);
    }
    harness_free(&h);
}

/* ---- Memory operands ---- */

static void load32(struct harness *h, const uint8_t *code, size_t len)
{
    harness_init(h);
    harness_flat32(h);
    harness_code(h, HARNESS_CODE32, code, len);
}

static void test_memory_rmw(void)
{
    static const uint8_t add_mem[] = { 0x01, 0x43, 0x04 };            /* add [ebx+4], eax */
    static const uint8_t lock_add[] = { 0xf0, 0x01, 0x03 };           /* lock add [ebx], eax */
    struct harness h;
    load32(&h, add_mem, sizeof add_mem);
    st32(h.phys.ram + HARNESS_DATA32 + 4, 0xfffffff0);
    h.cpu->gpr[R_EAX] = 0x10;
    h.cpu->gpr[R_EBX] = HARNESS_DATA32;
    harness_run(&h);
    CHECK_EQ(ld32(h.phys.ram + HARNESS_DATA32 + 4), 0);
    CHECK_EQ(cpu_get_eflags(h.cpu) & ARITH, CF | ZF | PF);
    harness_free(&h);

    load32(&h, lock_add, sizeof lock_add);
    st32(h.phys.ram + HARNESS_DATA32, 41);
    h.cpu->gpr[R_EAX] = 1;
    h.cpu->gpr[R_EBX] = HARNESS_DATA32;
    harness_run(&h);
    CHECK(h.cpu->halted);
    CHECK_EQ(ld32(h.phys.ram + HARNESS_DATA32), 42);
    harness_free(&h);
}

/* CMPXCHG8B [esi]: EDX:EAX against the qword; equal: ECX:EBX is stored and ZF = 1; else EDX:EAX = the qword. */
static void test_cmpxchg8b(void)
{
    static const uint8_t code[] = { 0x0f, 0xc7, 0x0e };
    for (int equal = 0; equal <= 1; equal++) {
        struct harness h;
        load32(&h, code, sizeof code);
        struct cpu *c = h.cpu;
        uint8_t *m = h.phys.ram + HARNESS_DATA32;
        st32(m, 0x22222222);
        st32(m + 4, 0x11111111);
        c->gpr[R_ESI] = HARNESS_DATA32;
        c->gpr[R_EAX] = 0x22222222;
        c->gpr[R_EDX] = equal ? 0x11111111 : 0x99999999;
        c->gpr[R_EBX] = 0xaaaaaaaa;
        c->gpr[R_ECX] = 0xbbbbbbbb;
        harness_run(&h);
        CHECK_EQ(ld32(m), equal ? 0xaaaaaaaa : 0x22222222);
        CHECK_EQ(ld32(m + 4), equal ? 0xbbbbbbbb : 0x11111111);
        CHECK_EQ(c->gpr[R_EAX], 0x22222222);
        CHECK_EQ(c->gpr[R_EDX], 0x11111111);
        CHECK_EQ(cpu_get_eflags(c) & ZF, equal ? ZF : 0);
        harness_free(&h);
    }
}

/* BT* with a register offset reaches memory before the operand: -1 is bit 31 of the dword below it, -17 bit 15 of
 * the word two words below. */
static void test_bit_offsets_in_memory(void)
{
    static const uint8_t bts[] = { 0x0f, 0xab, 0x0b };                /* bts [ebx], ecx */
    static const uint8_t btr[] = { 0x66, 0x0f, 0xb3, 0x0b };          /* btr word [ebx], cx */
    struct harness h;
    load32(&h, bts, sizeof bts);
    h.cpu->gpr[R_EBX] = HARNESS_DATA32 + 8;
    h.cpu->gpr[R_ECX] = 0xffffffff;
    set_cf(h.cpu, 1);
    harness_run(&h);
    CHECK_EQ(ld32(h.phys.ram + HARNESS_DATA32 + 4), 0x80000000);
    CHECK_EQ(ld32(h.phys.ram + HARNESS_DATA32 + 8), 0);
    CHECK_EQ(cpu_get_eflags(h.cpu) & CF, 0);
    harness_free(&h);

    load32(&h, btr, sizeof btr);
    st32(h.phys.ram + HARNESS_DATA32 + 4, 0xffffffff);
    h.cpu->gpr[R_EBX] = HARNESS_DATA32 + 8;
    h.cpu->gpr[R_ECX] = 0x1234ffef;          /* CX = -17 */
    harness_run(&h);
    CHECK_EQ(ld32(h.phys.ram + HARNESS_DATA32 + 4), 0xffff7fff);
    CHECK_EQ(cpu_get_eflags(h.cpu) & CF, CF);
    harness_free(&h);
}

/* ---- String instructions ---- */

static void test_string_flat32(void)
{
    static const uint8_t movsb[] = { 0xf3, 0xa4 };                    /* rep movsb */
    static const uint8_t movsd_down[] = { 0xfd, 0xf3, 0xa5 };         /* std / rep movsd */
    static const uint8_t scasb[] = { 0xf2, 0xae };                    /* repne scasb */
    static const uint8_t cmpsb[] = { 0xf3, 0xa6 };                    /* repe cmpsb */
    struct harness h;
    uint8_t *d;

    /* Overlapping forward copy: the first byte repeats, as one element at a time does. */
    load32(&h, movsb, sizeof movsb);
    d = h.phys.ram + HARNESS_DATA32;
    d[0] = 0xab;
    h.cpu->gpr[R_ESI] = HARNESS_DATA32;
    h.cpu->gpr[R_EDI] = HARNESS_DATA32 + 1;
    h.cpu->gpr[R_ECX] = 8;
    harness_run(&h);
    CHECK_EQ(d[8], 0xab);
    CHECK_EQ(d[9], 0);
    CHECK_EQ(h.cpu->gpr[R_ESI], HARNESS_DATA32 + 8);
    CHECK_EQ(h.cpu->gpr[R_EDI], HARNESS_DATA32 + 9);
    CHECK_EQ(h.cpu->gpr[R_ECX], 0);
    harness_free(&h);

    /* Backward dword copy with DF = 1. */
    load32(&h, movsd_down, sizeof movsd_down);
    d = h.phys.ram + HARNESS_DATA32;
    for (int k = 0; k < 16; k++)
        d[k] = (uint8_t)k;
    h.cpu->gpr[R_ESI] = HARNESS_DATA32 + 12;
    h.cpu->gpr[R_EDI] = HARNESS_DATA32 + 0x10c;
    h.cpu->gpr[R_ECX] = 4;
    harness_run(&h);
    CHECK(memcmp(d, d + 0x100, 16) == 0);
    CHECK_EQ(h.cpu->gpr[R_ESI], HARNESS_DATA32 - 4);
    CHECK_EQ(h.cpu->gpr[R_EDI], HARNESS_DATA32 + 0xfc);
    CHECK_EQ(cpu_get_eflags(h.cpu) & DF, DF);
    harness_free(&h);

    /* strlen: REPNE SCASB stops on the terminator. */
    load32(&h, scasb, sizeof scasb);
    memcpy(h.phys.ram + HARNESS_DATA32, "hello", 6);
    h.cpu->gpr[R_EDI] = HARNESS_DATA32;
    h.cpu->gpr[R_EAX] = 0;
    h.cpu->gpr[R_ECX] = 0xffffffff;
    harness_run(&h);
    CHECK_EQ(h.cpu->gpr[R_EDI], HARNESS_DATA32 + 6);
    CHECK_EQ(h.cpu->gpr[R_ECX], 0xfffffff9);
    CHECK_EQ(cpu_get_eflags(h.cpu) & ZF, ZF);
    harness_free(&h);

    /* REPE CMPSB stops after the first difference, with the flags of that comparison. */
    load32(&h, cmpsb, sizeof cmpsb);
    memcpy(h.phys.ram + HARNESS_DATA32, "abcdef", 6);
    memcpy(h.phys.ram + HARNESS_DATA32 + 0x40, "abcxef", 6);
    h.cpu->gpr[R_ESI] = HARNESS_DATA32;
    h.cpu->gpr[R_EDI] = HARNESS_DATA32 + 0x40;
    h.cpu->gpr[R_ECX] = 10;
    harness_run(&h);
    CHECK_EQ(h.cpu->gpr[R_ESI], HARNESS_DATA32 + 4);
    CHECK_EQ(h.cpu->gpr[R_EDI], HARNESS_DATA32 + 0x44);
    CHECK_EQ(h.cpu->gpr[R_ECX], 6);
    CHECK_EQ(cpu_get_eflags(h.cpu) & (ZF | CF | SF), CF | SF);
    harness_free(&h);
}

/* A long REP STOSB runs in batches: after one execution, part of the count is done and EIP is back on the
 * instruction; running on finishes it. */
static void test_rep_batches(void)
{
    static const uint8_t stosb[] = { 0xf3, 0xaa };
    struct harness h;
    load32(&h, stosb, sizeof stosb);
    struct cpu *c = h.cpu;
    c->gpr[R_EDI] = HARNESS_DATA32;
    c->gpr[R_ECX] = 10000;
    c->gpr[R_EAX] = 0x5a;
    cpu_run(c, 1);
    CHECK_EQ(c->eip, HARNESS_CODE32);
    CHECK(c->gpr[R_ECX] > 0 && c->gpr[R_ECX] < 10000);
    CHECK_EQ(c->gpr[R_EDI], HARNESS_DATA32 + 10000 - c->gpr[R_ECX]);
    harness_run(&h);
    CHECK_EQ(c->gpr[R_ECX], 0);
    CHECK_EQ(c->gpr[R_EDI], HARNESS_DATA32 + 10000);
    CHECK_EQ(h.phys.ram[HARNESS_DATA32 + 9999], 0x5a);
    CHECK_EQ(h.phys.ram[HARNESS_DATA32 + 10000], 0);
    harness_free(&h);
}

static void load16(struct harness *h, const uint8_t *code, size_t len)
{
    harness_init(h);
    harness_real(h);
    harness_code(h, HARNESS_CODE16, code, len);
}

static void test_string_real_mode(void)
{
    static const uint8_t stosw[] = { 0xf3, 0xab };                    /* rep stosw */
    static const uint8_t fs_movsb[] = { 0xf3, 0x64, 0xa4 };           /* fs rep movsb */
    struct harness h;

    /* 16-bit addressing: DI wraps at 64 KiB, CX counts, the upper halves of ECX and EDI stay. */
    load16(&h, stosw, sizeof stosw);
    seg_load_real(h.cpu, S_ES, 0x1000);
    h.cpu->gpr[R_EDI] = 0x5678fffe;
    h.cpu->gpr[R_ECX] = 0xabcd0002;
    h.cpu->gpr[R_EAX] = 0x1234;
    harness_run(&h);
    CHECK_EQ(ld16(h.phys.ram + 0x1fffe), 0x1234);
    CHECK_EQ(ld16(h.phys.ram + 0x10000), 0x1234);
    CHECK_EQ(h.cpu->gpr[R_EDI], 0x56780002);
    CHECK_EQ(h.cpu->gpr[R_ECX], 0xabcd0000);
    harness_free(&h);

    /* A segment override applies to the source; the destination is always ES. */
    load16(&h, fs_movsb, sizeof fs_movsb);
    seg_load_real(h.cpu, S_FS, 0x2000);
    memcpy(h.phys.ram + 0x20010, "\1\2\3", 3);
    h.cpu->gpr[R_ESI] = 0x10;
    h.cpu->gpr[R_EDI] = 0x3000;
    h.cpu->gpr[R_ECX] = 3;
    harness_run(&h);
    CHECK(memcmp(h.phys.ram + 0x3000, "\1\2\3", 3) == 0);
    CHECK_EQ(h.cpu->gpr[R_ESI], 0x13);
    harness_free(&h);
}

/* REP STOSB into the end of a segment: the elements inside are written, the first one outside faults with CX
 * and DI describing exactly that progress, and the fault restarts the instruction (its prefix included). */
static void test_rep_fault_midway(void)
{
    static const uint8_t stosb[] = { 0xf3, 0xaa };
    struct harness h;
    load16(&h, stosb, sizeof stosb);
    struct cpu *c = h.cpu;
    seg_set_cache(&c->seg[S_ES], 0x500, 0x5000, 0xff, 0x93); /* a 256-byte ES, as left by protected mode */
    c->gpr[R_EDI] = 0xfd;
    c->gpr[R_ECX] = 5;
    c->gpr[R_EAX] = 0x77;
    harness_run(&h);
    CHECK_EQ(harness_vector(&h), EXC_GP);
    CHECK_EQ(c->gpr[R_ECX], 2);
    CHECK_EQ(c->gpr[R_EDI], 0x100);
    CHECK_EQ(h.phys.ram[0x50ff], 0x77);
    CHECK_EQ(h.phys.ram[0x5100], 0);
    CHECK_EQ(ld16(h.phys.ram + HARNESS_STACK16 - 6), HARNESS_CODE16);   /* IP of the REP prefix */
    harness_free(&h);
}

/* ---- INS/OUTS through the port space ---- */

struct fake_port {
    struct cpu *cpu;
    uint32_t next_in;
    uint32_t out[8];
    unsigned n_out;
    unsigned raise_irq_after;    /* assert INTR after this many writes (0: never) */
};

static uint32_t fake_read(void *opaque, uint16_t port, unsigned size)
{
    struct fake_port *f = opaque;
    (void)port;
    (void)size;
    return ++f->next_in;
}

static void fake_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct fake_port *f = opaque;
    (void)port;
    (void)size;
    if (f->n_out < 8)
        f->out[f->n_out] = value;
    if (++f->n_out == f->raise_irq_after)
        f->cpu->intr = 1;
}

static int fake_ack(void *opaque)
{
    struct fake_port *f = opaque;
    f->cpu->intr = 0;
    return 0x40;
}

static void test_ins_outs(void)
{
    static const uint8_t insb[] = { 0xf3, 0x6c };                     /* rep insb */
    static const uint8_t outsw[] = { 0xf3, 0x6f };                    /* rep outsw */
    struct harness h;
    struct fake_port f;

    memset(&f, 0, sizeof f);
    load16(&h, insb, sizeof insb);
    ports_register(&h.ports, 0x300, 1, fake_read, fake_write, &f, "fake", 0);
    h.cpu->gpr[R_EDX] = 0x300;
    h.cpu->gpr[R_EDI] = 0x3000;
    h.cpu->gpr[R_ECX] = 0x77770004;
    harness_run(&h);
    CHECK(memcmp(h.phys.ram + 0x3000, "\1\2\3\4\0", 5) == 0);
    CHECK_EQ(h.cpu->gpr[R_ECX], 0x77770000);
    CHECK_EQ(h.cpu->gpr[R_EDI], 0x3004);
    harness_free(&h);

    memset(&f, 0, sizeof f);
    load16(&h, outsw, sizeof outsw);
    ports_register(&h.ports, 0x310, 2, fake_read, fake_write, &f, "fake", PORT_WIDE);
    st16(h.phys.ram + 0x3000, 0x1111);
    st16(h.phys.ram + 0x3002, 0x2222);
    st16(h.phys.ram + 0x3004, 0x3333);
    h.cpu->gpr[R_EDX] = 0x310;
    h.cpu->gpr[R_ESI] = 0x3000;
    h.cpu->gpr[R_ECX] = 3;
    harness_run(&h);
    CHECK_EQ(f.n_out, 3);
    CHECK_EQ(f.out[0], 0x1111);
    CHECK_EQ(f.out[2], 0x3333);
    CHECK_EQ(h.cpu->gpr[R_ESI], 0x3006);
    harness_free(&h);
}

/* An interrupt raised by the device in the middle of REP OUTSB is taken between iterations: the handler runs
 * with the count partly done and the instruction's address pushed, so the IRET resumes it. */
static void test_interrupt_between_iterations(void)
{
    static const uint8_t outsb[] = { 0xf3, 0x6e };                    /* rep outsb */
    struct harness h;
    struct fake_port f;
    memset(&f, 0, sizeof f);
    load16(&h, outsb, sizeof outsb);
    struct cpu *c = h.cpu;
    f.cpu = c;
    f.raise_irq_after = 2;
    ports_register(&h.ports, 0x320, 1, fake_read, fake_write, &f, "fake", 0);
    c->intr_ack = fake_ack;
    c->board = &f;
    c->eflags |= FL_IF;
    c->gpr[R_EDX] = 0x320;
    c->gpr[R_ESI] = 0x3000;
    c->gpr[R_ECX] = 5;
    harness_run(&h);
    CHECK_EQ(harness_vector(&h), 0x40);
    CHECK_EQ(f.n_out, 2);
    CHECK_EQ(c->gpr[R_ECX], 3);
    CHECK_EQ(c->gpr[R_ESI], 0x3002);
    CHECK_EQ(ld16(h.phys.ram + HARNESS_STACK16 - 6), HARNESS_CODE16);
    harness_free(&h);
}

/* ---- Faults ---- */

struct fault_case {
    const char *source;
    uint8_t code[4];
    unsigned len;
    uint32_t eax, edx, ecx, ebx;
    int vector;
};

/* Real mode: each raises its exception with the registers unchanged and the instruction's IP pushed. */
static const struct fault_case fault_cases[] = {
    { "div bl (by zero)", { 0xf6, 0xf3 }, 2, 0x1234, 0, 0, 0, EXC_DE },
    { "div bl (quotient 256)", { 0xf6, 0xf3 }, 2, 0x0100, 0, 0, 1, EXC_DE },
    { "idiv bl (-32768 / -1)", { 0xf6, 0xfb }, 2, 0x8000, 0, 0, 0xff, EXC_DE },
    { "idiv ecx (-2^31 / -1)", { 0x66, 0xf7, 0xf9 }, 3, 0x80000000, 0xffffffff, 0xffffffff, 0, EXC_DE },
    { "idiv ecx (-2^63 / -1)", { 0x66, 0xf7, 0xf9 }, 3, 0, 0x80000000, 0xffffffff, 0, EXC_DE },
    { "aam 0", { 0xd4, 0x00 }, 2, 0x55, 0, 0, 0, EXC_DE },
    { "lock add ax, bx (register destination)", { 0xf0, 0x01, 0xd8 }, 3, 1, 0, 0, 2, EXC_UD },
};

static void test_faults(void)
{
    for (size_t k = 0; k < sizeof fault_cases / sizeof fault_cases[0]; k++) {
        const struct fault_case *t = &fault_cases[k];
        struct harness h;
        load16(&h, t->code, t->len);
        struct cpu *c = h.cpu;
        c->gpr[R_EAX] = t->eax;
        c->gpr[R_EDX] = t->edx;
        c->gpr[R_ECX] = t->ecx;
        c->gpr[R_EBX] = t->ebx;
        harness_run(&h);
        int ok = harness_vector(&h) == t->vector && c->gpr[R_EAX] == t->eax && c->gpr[R_EDX] == t->edx &&
                 ld16(h.phys.ram + HARNESS_STACK16 - 6) == HARNESS_CODE16;
        if (!CHECK(ok))
            fprintf(stderr, "  fault case '%s': vector %d, eax %08x edx %08x\n", t->source, harness_vector(&h),
                    c->gpr[R_EAX], c->gpr[R_EDX]);
        harness_free(&h);
    }
}

/* CMPXCHG8B writes its operand even when the compare fails, so a read-only operand faults (#GP) in both
 * outcomes, and the fault leaves EDX:EAX unchanged. */
static void test_cmpxchg8b_writes_on_failure(void)
{
    static const uint8_t code[] = { 0x0f, 0xc7, 0x0c };               /* cmpxchg8b [si] */
    struct harness h;
    load16(&h, code, sizeof code);
    struct cpu *c = h.cpu;
    seg_set_cache(&c->seg[S_DS], 0, 0, 0xffff, 0x91);   /* read-only data, as left behind by protected mode */
    st32(h.phys.ram + 0x3000, 0x22222222);
    st32(h.phys.ram + 0x3004, 0x11111111);
    c->gpr[R_ESI] = 0x3000;
    c->gpr[R_EAX] = 0x33333333;
    c->gpr[R_EDX] = 0x44444444;
    harness_run(&h);
    CHECK_EQ(harness_vector(&h), EXC_GP);
    CHECK_EQ(c->gpr[R_EAX], 0x33333333);
    CHECK_EQ(c->gpr[R_EDX], 0x44444444);
    harness_free(&h);
}

int main(void)
{
    for (size_t k = 0; k < sizeof alu_cases / sizeof alu_cases[0]; k++)
        run_alu_case(&alu_cases[k]);
    test_memory_rmw();
    test_cmpxchg8b();
    test_bit_offsets_in_memory();
    test_string_flat32();
    test_rep_batches();
    test_string_real_mode();
    test_rep_fault_midway();
    test_ins_outs();
    test_interrupt_between_iterations();
    test_faults();
    test_cmpxchg8b_writes_on_failure();
    return unit_done();
}
