/* x86pc-trace: prints an instruction trace written by `x86pc --trace FILE` (the lines: frontend/trace_text.h). */
#include "frontend/trace_text.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out, "Usage: x86pc-trace [--att] FILE\n"
                 "Prints the instruction trace FILE (written by x86pc --trace FILE; .gz files too) as text.\n"
                 "  --att        disassemble in AT&T syntax (default: Intel)\n"
                 "  -h, --help   show this help\n");
}

int main(int argc, char **argv)
{
    int att = 0;
    const char *path = NULL;
    for (int k = 1; k < argc; k++) {
        if (strcmp(argv[k], "--att") == 0) {
            att = 1;
        } else if (strcmp(argv[k], "-h") == 0 || strcmp(argv[k], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (argv[k][0] == '-' || path) {
            fprintf(stderr, "x86pc-trace: unexpected argument '%s' (see --help)\n", argv[k]);
            return 1;
        } else {
            path = argv[k];
        }
    }
    if (!path) {
        usage(stderr);
        return 1;
    }
    char err[256];
    int rc = trace_print(path, stdout, att, err, sizeof err);
    if (fflush(stdout) != 0)
        return 1;
    if (rc < 0) {
        fprintf(stderr, "x86pc-trace: %s\n", err);
        return 1;
    }
    return 0;
}
