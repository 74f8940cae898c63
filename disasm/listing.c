/* Listings of flat binary files (see listing.h). */
#include "disasm/listing.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

int disasm_listing(const char *path, int bits, uint32_t org, enum disasm_syntax syntax, FILE *out, char *err,
                   size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
        return -1;
    }
    uint8_t window[64];
    unsigned have = 0;
    uint32_t addr = org;
    int eof = 0;
    for (;;) {
        if (!eof && have < 16) {
            size_t got = fread(window + have, 1, sizeof window - have, f);
            have += (unsigned)got;
            if (got == 0)
                eof = 1;
        }
        if (have == 0)
            break;
        char text[128];
        unsigned len = disasm_one(window, have, bits, addr, syntax, text, sizeof text);
        if (len == 0) {          /* the file ends inside an instruction */
            len = have;
            snprintf(text, sizeof text, "(bad: the file ends inside an instruction)");
        }
        char hex[2 * 15 + 1] = "";
        for (unsigned k = 0; k < len && k < 15; k++)
            snprintf(hex + 2 * k, 3, "%02x", window[k]);
        fprintf(out, "%08" PRIx32 "  %-30s %s\n", addr, hex, text);
        memmove(window, window + len, have - len);
        have -= len;
        addr += len;
    }
    int bad = ferror(f), why = errno;
    fclose(f);
    if (bad) {
        snprintf(err, errlen, "cannot read '%s': %s", path, strerror(why));
        return -1;
    }
    return 0;
}

static int parse_number(const char *s, uint32_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s || *end || v > UINT32_MAX)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

int disasm_listing_main(const char *program, int argc, char **argv, FILE *out, FILE *errout)
{
    const char *path = NULL;
    int bits = 16;
    uint32_t org = 0;
    enum disasm_syntax syntax = DISASM_INTEL;
    for (int k = 0; k < argc; k++) {
        const char *a = argv[k];
        while (a[0] == '-' && a[1] == '-')
            a++;
        if (strcmp(a, "-att") == 0) {
            syntax = DISASM_ATT;
        } else if (strcmp(a, "-bits") == 0 || strcmp(a, "-org") == 0) {
            uint32_t v;
            if (k + 1 >= argc || parse_number(argv[k + 1], &v) < 0 || (a[1] == 'b' && v != 16 && v != 32)) {
                fprintf(errout, "%s: %s needs %s\n", program, argv[k], a[1] == 'b' ? "16 or 32" : "an address");
                return 1;
            }
            if (a[1] == 'b')
                bits = (int)v;
            else
                org = v;
            k++;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "-help") == 0) {
            fprintf(out, "Usage: %s FILE [--bits 16|32] [--org ADDR] [--att]\n"
                         "Disassembles a flat binary file loaded at ADDR (default 0) as 16-bit (default) or 32-bit\n"
                         "code, in Intel syntax (AT&T with --att).\n", program);
            return 0;
        } else if (a[0] == '-' || path) {
            fprintf(errout, "%s: unexpected argument '%s' (see --help)\n", program, argv[k]);
            return 1;
        } else {
            path = argv[k];
        }
    }
    if (!path) {
        fprintf(errout, "%s: no file given (see --help)\n", program);
        return 1;
    }
    char err[256];
    if (disasm_listing(path, bits, org, syntax, out, err, sizeof err) < 0) {
        fprintf(errout, "%s: %s\n", program, err);
        return 1;
    }
    return 0;
}
