/* Screenshots: the VGA picture as a PNG file (libpng) or a binary PPM (always available), by the file's extension. */
#ifndef X86PC_FRONTEND_SCREENSHOT_H
#define X86PC_FRONTEND_SCREENSHOT_H

#include <stddef.h>
#include <stdint.h>

/* Writes width x height pixels of 0x00RRGGBB to path: PPM when the name ends in .ppm, PNG otherwise. Returns 0, or
 * -1 with a one-line reason in err. */
int screenshot_write(const char *path, const uint32_t *pixels, unsigned width, unsigned height, char *err,
                     size_t errlen);

#endif
