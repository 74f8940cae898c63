#!/bin/sh
# bin2c.sh NAME INPUT OUTPUT: writes a C file defining `const unsigned char NAME[]` and `NAME_size` with the bytes
# of INPUT, so firmware assembled at build time is linked into the binary. POSIX od and sed only.
set -e
name=$1
in=$2
out=$3
{
    echo "/* Generated from $(basename "$in") by bios/bin2c.sh: do not edit. */"
    echo "#include <stddef.h>"
    echo "const unsigned char ${name}[] = {"
    od -An -v -tx1 "$in" | sed -e 's/  */ /g' -e 's/^ //' -e 's/ *$//' -e '/^$/d' -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'
    echo "};"
    echo "const size_t ${name}_size = sizeof ${name};"
} > "$out.tmp"
mv "$out.tmp" "$out"
