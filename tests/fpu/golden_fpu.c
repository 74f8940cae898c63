/* The x87 on every host: the differential test's case generator (same seed, transcendentals included) run in
 * x86pc alone, every result byte hashed (FNV-1a). On an x86 host tests/fpu/diff_fpu shows that these results
 * equal the host x87's; on any other host (big-endian s390x, ARM) the hash must equal the one recorded here, so
 * the software 80-bit arithmetic computes the same bits everywhere.
 *
 * usage: golden_fpu [COUNT [SEED]] prints the hash; with no arguments it also compares it with GOLDEN_HASH (a
 * deliberate change of x87 behaviour, checked by diff_fpu, updates that value). */
#include "tests/fpu/fpu_case.h"
#include "tests/fpu/fpu_emulator.h"

#include <stdio.h>
#include <stdlib.h>

enum { GOLDEN_COUNT = 200000 };
#define GOLDEN_SEED 0x600dull
#define GOLDEN_HASH 0x595fa2f48708781dull

static uint64_t fnv1a(uint64_t h, const uint8_t *p, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        h ^= p[k];
        h *= 0x100000001b3ull;
    }
    return h;
}

static uint64_t hash_result(uint64_t h, const struct fpu_result *r, int ran)
{
    uint8_t tail[9] = { (uint8_t)r->eflags, (uint8_t)(r->eflags >> 8), (uint8_t)(r->eflags >> 16),
                        (uint8_t)(r->eflags >> 24), (uint8_t)r->eax, (uint8_t)(r->eax >> 8),
                        (uint8_t)(r->eax >> 16), (uint8_t)(r->eax >> 24), (uint8_t)ran };
    h = fnv1a(h, r->state, FPU_STATE_SIZE);
    h = fnv1a(h, r->mem, FPU_MEM_SIZE);
    return fnv1a(h, tail, sizeof tail);
}

int main(int argc, char **argv)
{
    unsigned long count = argc > 1 ? strtoul(argv[1], NULL, 0) : GOLDEN_COUNT;
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : GOLDEN_SEED;
    struct fpu_emulator *e = fpu_emulator_create();
    if (!e) {
        printf("golden_fpu: out of memory\n0 passed, 1 failed\n");
        return 1;
    }
    struct fpu_gen g = { seed };
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned long n = 0; n < count; n++) {
        struct fpu_case t;
        struct fpu_result r;
        fpu_gen_case(&g, &x87_forms[fpu_rand(&g) % x87_form_count], &t);
        int ran = fpu_emulator_run(e, &t, &r) == 0;
        h = hash_result(h, &r, ran);
    }
    fpu_emulator_destroy(e);
    printf("golden_fpu: %lu cases, seed %#llx, hash %#018llx\n", count, (unsigned long long)seed,
           (unsigned long long)h);
    if (argc > 1)
        return 0;
    int ok = h == GOLDEN_HASH;
    if (!ok)
        printf("golden_fpu: expected hash %#018llx\n", (unsigned long long)GOLDEN_HASH);
    printf("%d passed, %d failed\n", ok, !ok);
    return ok ? 0 : 1;
}
