/* Text dumps: the VGA text screen as UTF-8, code page 437 mapped to Unicode, one line per row. */
#ifndef X86PC_FRONTEND_TEXT_DUMP_H
#define X86PC_FRONTEND_TEXT_DUMP_H

#include <stddef.h>
#include <stdint.h>

#include "devices/vga/vga.h"

/* The Unicode character code page 437 shows for byte b (0 is shown as a space). */
uint32_t cp437_to_unicode(uint8_t b);
/* Appends the UTF-8 encoding of u to out (room for 4 bytes); returns the byte count. */
unsigned utf8_encode(uint32_t u, char *out);
/* Writes the rows of t (trailing blanks dropped) to path. Returns 0, or -1 with a reason in err. */
int text_dump_write(const char *path, const struct vga_text *t, char *err, size_t errlen);

#endif
