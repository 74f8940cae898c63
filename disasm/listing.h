/* A disassembly listing of a flat binary file, for x86pc-disasm and `x86pc --disasm`: one line per instruction,
 * "ADDRESS  BYTES  TEXT". */
#ifndef X86PC_DISASM_LISTING_H
#define X86PC_DISASM_LISTING_H

#include <stdint.h>
#include <stdio.h>

#include "disasm/disasm.h"

/* Lists `path` as code of `bits` (16 or 32) loaded at `org`. 0, or -1 with a one-line reason in err. */
int disasm_listing(const char *path, int bits, uint32_t org, enum disasm_syntax syntax, FILE *out, char *err,
                   size_t errlen);

/* The command line of x86pc-disasm: FILE [--bits 16|32] [--org ADDR] [--att]; returns the exit status. */
int disasm_listing_main(const char *program, int argc, char **argv, FILE *out, FILE *errout);

#endif
