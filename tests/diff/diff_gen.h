/* The case generator of the differential test: random instances of the user-level rows of cpu/opcodes.def, and
 * the record format shared with tests/diff/native_runner.asm.
 *
 * A case is one instruction (sometimes preceded by a flag-producing register instruction and MOVs that reload the
 * registers the main instruction addresses memory with), its initial registers and flags, and a data window. Data
 * lives at DATA_ADDR, reachable flat through DS/SS and through ES/FS/GS, which hold a data segment based at
 * DATA_ADDR with a limit of 0xfff (an LDT entry natively); 16-bit addressing uses that segment. */
#ifndef X86PC_TESTS_DIFF_GEN_H
#define X86PC_TESTS_DIFF_GEN_H

#include <stdint.h>

enum {
    CODE_ADDR = 0x00300000, DATA_ADDR = 0x00400000,
    CODE_SIZE = 48, DATA_SIZE = 128, DATA_LIMIT = 0xfff,
    LDT_SELECTOR = 7,            /* LDT entry 0, RPL 3 */
};

/* Records, little-endian 32-bit words: case = 8 registers (EAX..EDI), EFLAGS, code length, code, data;
 * result = 8 registers, EFLAGS, data, fault (signal number or 0). */
enum { CASE_SIZE = 4 * 10 + CODE_SIZE + DATA_SIZE, RESULT_SIZE = 4 * 9 + DATA_SIZE + 4 };

struct diff_state {
    uint32_t reg[8];
    uint32_t flags;
    uint8_t data[DATA_SIZE];
    uint32_t fault;
};

/* Address shapes, counted for the coverage report. */
enum addr_shape {
    SHAPE_REG, SHAPE_MEM32, SHAPE_SIB, SHAPE_DISP32, SHAPE_MEM16, SHAPE_STRING32, SHAPE_STRING16, SHAPE_NONE,
    SHAPE_COUNT
};

struct diff_case {
    struct diff_state in;
    uint8_t code[CODE_SIZE];
    unsigned code_len;
    unsigned row;                /* the main instruction's row in opcode_rows */
    unsigned prefix_row;         /* the flag-producing instruction before it, or 0 */
    enum addr_shape shape;
    uint32_t flag_mask;          /* the flags the comparison checks */
};

struct diff_gen {
    uint64_t rng;
    unsigned rows[1024];         /* the A_HOST rows */
    unsigned n_rows;
    unsigned prefix_rows[1024];  /* rows usable as the register-only prefix instruction */
    unsigned n_prefix_rows;
};

void diff_gen_init(struct diff_gen *g, uint64_t seed);
/* Builds instance number k (rows are taken in turn). */
void diff_gen_case(struct diff_gen *g, unsigned long k, struct diff_case *t);
void diff_encode_case(const struct diff_case *t, uint8_t *rec);
void diff_decode_result(const uint8_t *rec, struct diff_state *s);

#endif
