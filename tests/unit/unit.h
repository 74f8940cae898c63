/* A tiny host-side test library: CHECK counts a pass or prints the failing line; unit_done prints the closing line
 * `N passed, N failed` and returns the exit status. */
#ifndef X86PC_TESTS_UNIT_H
#define X86PC_TESTS_UNIT_H

#include <stdio.h>

struct unit_counts {
    unsigned passed, failed;
};

static struct unit_counts unit_counts;

#define CHECK(cond) unit_check((cond), #cond, __FILE__, __LINE__)
#define CHECK_EQ(a, b) unit_check_eq((unsigned long long)(a), (unsigned long long)(b), #a " == " #b, __FILE__, __LINE__)

static inline int unit_check(int ok, const char *what, const char *file, int line)
{
    if (ok) {
        unit_counts.passed++;
    } else {
        unit_counts.failed++;
        fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what);
    }
    return ok;
}

static inline int unit_check_eq(unsigned long long a, unsigned long long b, const char *what, const char *file,
                                int line)
{
    if (a != b)
        fprintf(stderr, "%s:%d: got %#llx, expected %#llx\n", file, line, a, b);
    return unit_check(a == b, what, file, line);
}

static inline int unit_done(void)
{
    printf("%u passed, %u failed\n", unit_counts.passed, unit_counts.failed);
    return unit_counts.failed ? 1 : 0;
}

#endif
