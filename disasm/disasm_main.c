/* x86pc-disasm: disassembles a flat binary file (a boot sector, a ROM, a .com program); see disasm/listing.h. */
#include "disasm/listing.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    return disasm_listing_main("x86pc-disasm", argc - 1, argv + 1, stdout, stderr);
}
