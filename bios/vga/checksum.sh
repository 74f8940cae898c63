#!/bin/sh
# checksum.sh ROM: sets the last byte of an option ROM image so that all its bytes add up to 0 (mod 256), as the
# option ROM scan requires. POSIX od, awk, printf and dd only.
set -e
rom=$1
size=$(wc -c < "$rom")
sum=$(od -An -v -tu1 "$rom" | awk '{ for (i = 1; i <= NF; i++) s += $i } END { print s % 256 }')
last=$(od -An -v -tu1 -j $((size - 1)) "$rom" | awk '{ print $1 }')
fix=$(( (256 - (sum - last) % 256) % 256 ))
printf "$(printf '\\%03o' "$fix")" | dd of="$rom" bs=1 seek=$((size - 1)) conv=notrunc 2> /dev/null
