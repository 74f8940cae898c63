/* Screenshots (see screenshot.h). Pixels are host integers 0x00RRGGBB; the files get bytes R, G, B in that order
 * on every host. */
#include "frontend/screenshot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#ifdef HAVE_LIBPNG
#include <png.h>
#endif

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void row_bytes(const uint32_t *row, unsigned width, uint8_t *out)
{
    for (unsigned x = 0; x < width; x++) {
        out[3 * x] = (uint8_t)(row[x] >> 16);
        out[3 * x + 1] = (uint8_t)(row[x] >> 8);
        out[3 * x + 2] = (uint8_t)row[x];
    }
}

static int write_ppm(FILE *f, const uint32_t *pixels, unsigned width, unsigned height, uint8_t *line)
{
    if (fprintf(f, "P6\n%u %u\n255\n", width, height) < 0)
        return -1;
    for (unsigned y = 0; y < height; y++) {
        row_bytes(pixels + (size_t)y * width, width, line);
        if (fwrite(line, 3, width, f) != width)
            return -1;
    }
    return 0;
}

#ifdef HAVE_LIBPNG
static int write_png(FILE *f, const uint32_t *pixels, unsigned width, unsigned height, uint8_t *line)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (unsigned y = 0; y < height; y++) {
        row_bytes(pixels + (size_t)y * width, width, line);
        png_write_row(png, line);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return 0;
}
#endif

int screenshot_write(const char *path, const uint32_t *pixels, unsigned width, unsigned height, char *err,
                     size_t errlen)
{
    int ppm = ends_with(path, ".ppm");
#ifndef HAVE_LIBPNG
    if (!ppm) {
        snprintf(err, errlen, "%s: this x86pc was built without libpng; name the file .ppm", path);
        return -1;
    }
#endif
    uint8_t *line = malloc((size_t)width * 3 + 1);
    FILE *f = fopen(path, "wb");
    if (!f || !line) {
        snprintf(err, errlen, "%s: %s", path, f ? "out of memory" : strerror(errno));
        if (f)
            fclose(f);
        free(line);
        return -1;
    }
    int rc;
#ifdef HAVE_LIBPNG
    rc = ppm ? write_ppm(f, pixels, width, height, line) : write_png(f, pixels, width, height, line);
#else
    rc = write_ppm(f, pixels, width, height, line);
#endif
    free(line);
    if (fclose(f) != 0)
        rc = -1;
    if (rc < 0)
        snprintf(err, errlen, "%s: cannot write the screenshot", path);
    return rc;
}
