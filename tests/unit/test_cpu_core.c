/* The CPU core without a board: decoding into blocks, self-modifying code, lazy flags, the stack, and exception
 * delivery through the real-mode IVT. Each case is machine code (with its nasm source in the comment), initial
 * state in, expected registers out. */
#include "cpu/cpu.h"
#include "cpu/cpu_internal.h"
#include "cpu/decode.h"
#include "cpu/flags.h"
#include "mem/endian.h"
#include "tests/unit/unit.h"

#include <string.h>

struct rig {
    struct phys phys;
    struct ports ports;
    struct cpu *cpu;
};

/* Real mode, CS = DS = SS = 0, code at 0x1000, stack at 0x8000. */
static void rig_init(struct rig *r, const uint8_t *code, size_t len)
{
    phys_init(&r->phys, 1 << 20);
    ports_init(&r->ports);
    r->cpu = cpu_create(&r->phys, &r->ports);
    r->phys.hook_opaque = r->cpu;
    r->phys.code_written = cpu_code_written;
    r->phys.map_changed = cpu_map_changed;
    memcpy(r->phys.ram + 0x1000, code, len);
    seg_load_real(r->cpu, S_CS, 0);
    r->cpu->eip = 0x1000;
    r->cpu->gpr[R_ESP] = 0x8000;
}

static void rig_free(struct rig *r)
{
    cpu_destroy(r->cpu);
    phys_free(&r->phys);
}

static void test_smc_and_basics(void)
{
    /* mov byte [cs:patch+1], 0x42 / patch: mov al, 0 / mov bx, 0x1234 / xchg bx, cx / lea si, [bx+di+0x10] /
     * push word 0xbeef / pop dx / call sub1 / mov ah, 0xd5 / sahf / setz bl / setc bh / jmp $ /
     * sub1: mov di, 0x7777 / ret */
    static const uint8_t code[] = {
        0x2e, 0xc6, 0x06, 0x07, 0x10, 0x42, 0xb0, 0x00, 0xbb, 0x34, 0x12, 0x87, 0xd9, 0x8d, 0x71, 0x10,
        0x68, 0xef, 0xbe, 0x5a, 0xe8, 0x0b, 0x00, 0xb4, 0xd5, 0x9e, 0x0f, 0x94, 0xc3, 0x0f, 0x92, 0xc7,
        0xeb, 0xfe, 0xbf, 0x77, 0x77, 0xc3,
    };
    struct rig r;
    rig_init(&r, code, sizeof code);
    cpu_run(r.cpu, 100);
    struct cpu *c = r.cpu;
    CHECK_EQ(c->gpr[R_EAX] & 0xff, 0x42);       /* the patched immediate was executed, not the stale one */
    CHECK_EQ(c->gpr[R_ECX], 0x1234);
    CHECK_EQ(c->gpr[R_ESI], 0x10);
    CHECK_EQ(c->gpr[R_EDX], 0xbeef);
    CHECK_EQ(c->gpr[R_EDI], 0x7777);
    CHECK_EQ(c->gpr[R_ESP], 0x8000);
    CHECK_EQ(c->gpr[R_EBX] & 0xffff, 0x0101);   /* ZF and CF from SAHF */
    CHECK_EQ(cpu_get_eflags(c) & 0xd5, 0xd5);
    CHECK_EQ(c->eip, 0x1020);                   /* parked on jmp $ */
    CHECK_EQ(c->icount, 100);
    rig_free(&r);
}

static void test_lazy_flags_roundtrip(void)
{
    struct rig r;
    static const uint8_t code[] = { 0xeb, 0xfe };
    rig_init(&r, code, sizeof code);
    for (uint32_t fl = 0; fl < 0x1000; fl++) {
        uint32_t arith = fl & FL_ARITH;
        set_arith_flags(r.cpu, arith);
        if (get_arith_flags(r.cpu) != arith) {
            CHECK_EQ(get_arith_flags(r.cpu), arith);
            break;
        }
    }
    CHECK(1);
    rig_free(&r);
}

/* An undefined opcode in real mode vectors through IVT entry 6 with CS:IP of the faulting instruction pushed. */
static void test_ud_real_mode(void)
{
    /* 0x1000: ud2 (0f 0b);  handler at 0x2000: jmp $ */
    static const uint8_t code[] = { 0x0f, 0x0b };
    struct rig r;
    rig_init(&r, code, sizeof code);
    st16(r.phys.ram + 6 * 4, 0x2000);
    st16(r.phys.ram + 6 * 4 + 2, 0x0000);
    r.phys.ram[0x2000] = 0xeb;
    r.phys.ram[0x2001] = 0xfe;
    cpu_run(r.cpu, 10);
    CHECK_EQ(r.cpu->eip, 0x2000);
    CHECK_EQ(r.cpu->gpr[R_ESP], 0x8000 - 6);
    CHECK_EQ(ld16(r.phys.ram + 0x8000 - 6), 0x1000);   /* IP of the faulting instruction */
    CHECK_EQ(ld16(r.phys.ram + 0x8000 - 4), 0x0000);   /* CS */
    rig_free(&r);
}

/* Instruction lengths for prefixes, ModRM/SIB and immediates in both default sizes. */
static void test_decode_lengths(void)
{
    struct {
        uint8_t bytes[15];
        unsigned n;
        int code32;
        int len;
    } cases[] = {
        { { 0x90 }, 1, 0, 1 },
        { { 0x66, 0xb8, 1, 2, 3, 4 }, 6, 0, 6 },                /* mov eax, imm32 in 16-bit code */
        { { 0xb8, 1, 2, 3, 4 }, 5, 1, 5 },
        { { 0x8b, 0x84, 0x88, 1, 2, 3, 4 }, 7, 1, 7 },          /* mov eax, [eax+ecx*4+disp32] */
        { { 0x8b, 0x04, 0x25, 1, 2, 3, 4 }, 7, 1, 7 },          /* SIB with no base */
        { { 0x8b, 0x86, 1, 2 }, 4, 0, 4 },                       /* mov ax, [bp+disp16] */
        { { 0x67, 0x8b, 0x06, 1, 2 }, 5, 1, 5 },                 /* 16-bit addressing in 32-bit code */
        { { 0xc8, 1, 2, 3 }, 4, 0, 4 },                          /* enter */
        { { 0xea, 1, 2, 3, 4 }, 5, 0, 5 },                       /* jmp far ptr16:16 */
        { { 0x0f, 0xba, 0xe0, 5 }, 4, 1, 4 },                    /* bt eax, 5 */
        { { 0x81, 0x05, 1, 2, 3, 4, 5, 6, 7, 8 }, 10, 1, 10 },   /* add dword [disp32], imm32 */
        { { 0x8b }, 1, 1, DECODE_NEED_MORE },
    };
    for (unsigned k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct insn i;
        int len = decode_insn(&i, cases[k].bytes, cases[k].n, cases[k].code32);
        CHECK_EQ(len, cases[k].len);
    }
    uint8_t prefixes[16];
    memset(prefixes, 0x66, sizeof prefixes);
    struct insn i;
    CHECK_EQ(decode_insn(&i, prefixes, sizeof prefixes, 0), DECODE_TOO_LONG);
}

/* Blocks found through another block's links (icache_next_block) must still see code written since: here the
 * called block, in a page of its own (so the caller's page keeps its blocks and their links), is patched after
 * each call, also after the call has linked to it. */
static void test_smc_through_links(void)
{
    /* mov cx, 4 / xor dx, dx / again: call 0x2000 / add dx, ax / inc byte [cs:0x2001] / loop again / jmp $ */
    static const uint8_t code[] = {
        0xb9, 0x04, 0x00, 0x31, 0xd2, 0xe8, 0xf8, 0x0f, 0x01, 0xc2, 0x2e, 0xfe, 0x06, 0x01, 0x20, 0xe2,
        0xf4, 0xeb, 0xfe,
    };
    static const uint8_t target[] = { 0xb0, 0x01, 0xb4, 0x00, 0xc3 };    /* mov al, 1 / mov ah, 0 / ret */
    struct rig r;
    rig_init(&r, code, sizeof code);
    memcpy(r.phys.ram + 0x2000, target, sizeof target);
    cpu_run(r.cpu, 200);
    CHECK_EQ(r.cpu->gpr[R_EDX] & 0xffff, 1 + 2 + 3 + 4);     /* each call saw the immediate as last written */
    CHECK_EQ(r.cpu->eip, 0x1011);
    rig_free(&r);
}

int main(void)
{
    test_decode_lengths();
    test_lazy_flags_roundtrip();
    test_smc_and_basics();
    test_smc_through_links();
    test_ud_real_mode();
    return unit_done();
}
