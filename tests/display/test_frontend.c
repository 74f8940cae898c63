/* The frontend's file and script formats: PNG screenshots decoded again with libpng (when built with it), PPM
 * screenshots byte for byte, text dumps (code page 437 as UTF-8, trailing blanks dropped), virtual times, and the
 * scan codes and timing a --keys script turns into. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "frontend/keys.h"
#include "frontend/screenshot.h"
#include "frontend/text_dump.h"
#include "tests/unit/unit.h"

#ifdef HAVE_LIBPNG
#include <png.h>
#endif

static const uint32_t picture[6] = { 0xff0000, 0x00ff00, 0x0000ff, 0x123456, 0xffffff, 0x000000 };

static size_t read_file(const char *path, unsigned char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

static void test_ppm(const char *dir)
{
    char path[256], err[256];
    snprintf(path, sizeof path, "%s/shot.ppm", dir);
    CHECK_EQ(screenshot_write(path, picture, 3, 2, err, sizeof err), 0);
    unsigned char buf[64];
    size_t n = read_file(path, buf, sizeof buf);
    static const char header[] = "P6\n3 2\n255\n";
    CHECK_EQ(n, strlen(header) + 18);
    CHECK(memcmp(buf, header, strlen(header)) == 0);
    const unsigned char *px = buf + strlen(header);
    CHECK(px[0] == 0xff && px[1] == 0 && px[2] == 0);
    CHECK(px[9] == 0x12 && px[10] == 0x34 && px[11] == 0x56);
    CHECK(screenshot_write("/nonexistent-dir/x.ppm", picture, 3, 2, err, sizeof err) < 0);
}

static void test_png(const char *dir)
{
#ifdef HAVE_LIBPNG
    char path[256], err[256];
    snprintf(path, sizeof path, "%s/shot.png", dir);
    CHECK_EQ(screenshot_write(path, picture, 3, 2, err, sizeof err), 0);
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    CHECK(png_image_begin_read_from_file(&image, path) != 0);
    CHECK_EQ(image.width, 3);
    CHECK_EQ(image.height, 2);
    image.format = PNG_FORMAT_RGB;
    unsigned char rgb[18];
    CHECK(png_image_finish_read(&image, NULL, rgb, 0, NULL) != 0);
    for (unsigned k = 0; k < 6; k++) {
        CHECK_EQ(rgb[3 * k], (picture[k] >> 16) & 0xff);
        CHECK_EQ(rgb[3 * k + 1], (picture[k] >> 8) & 0xff);
        CHECK_EQ(rgb[3 * k + 2], picture[k] & 0xff);
    }
#else
    (void)dir;
    printf("PNG: skipped (built without libpng)\n");
#endif
}

static void test_text_dump(const char *dir)
{
    static struct vga_text t;
    memset(&t, 0, sizeof t);
    t.cols = 6;
    t.rows = 2;
    memcpy(t.ch[0], "A\xb0\xc4\x01  ", 6);
    memcpy(t.ch[1], "      ", 6);
    char path[256], err[256];
    snprintf(path, sizeof path, "%s/text.txt", dir);
    CHECK_EQ(text_dump_write(path, &t, err, sizeof err), 0);
    unsigned char buf[64];
    size_t n = read_file(path, buf, sizeof buf);
    static const char want[] = "A\xe2\x96\x91\xe2\x94\x80\xe2\x98\xba\n\n";   /* A ░ ─ ☺ */
    CHECK_EQ(n, strlen(want));
    CHECK(n == strlen(want) && memcmp(buf, want, n) == 0);
    CHECK_EQ(cp437_to_unicode(0xe1), 0x00df);     /* ß */
    CHECK_EQ(cp437_to_unicode(0x7f), 0x2302);
    CHECK_EQ(cp437_to_unicode(0), ' ');
}

static void test_times(void)
{
    struct vtime t;
    CHECK(vtime_parse("1500ms", 6, &t) == 0 && t.value == 1500000000u && !t.instructions);
    CHECK(vtime_parse("40s", 3, &t) == 0 && t.value == 40000000000ull);
    CHECK(vtime_parse("120000000i", 10, &t) == 0 && t.value == 120000000u && t.instructions);
    CHECK(vtime_parse("12", 2, &t) < 0);
    CHECK(vtime_parse("-1s", 3, &t) < 0);
    CHECK(vtime_parse("5m", 2, &t) < 0);
    struct vtime ms = { 1500000000u, 0 };
    CHECK_EQ(vtime_to_icount(&ms, 100000000), 150000000u);
}

/* With 1000 instructions a second, a key is held 20 instructions and the next comes 20 later. */
static void test_keys(void)
{
    struct key_event *ev;
    size_t n;
    char err[160] = "";
    CHECK_EQ(keys_parse("a<ctrl-alt-del><wait 1s>A<at 5s>\n", 1000, &ev, &n, err, sizeof err), 0);
    CHECK_EQ(n, 8);
    if (n == 8) {
        CHECK(ev[0].at == 0 && ev[0].n == 1 && ev[0].bytes[0] == 0x1c);
        CHECK(ev[1].at == 20 && ev[1].n == 2 && ev[1].bytes[0] == 0xf0 && ev[1].bytes[1] == 0x1c);
        static const uint8_t cad_down[] = { 0x14, 0x11, 0xe0, 0x71 };
        static const uint8_t cad_up[] = { 0xe0, 0xf0, 0x71, 0xf0, 0x11, 0xf0, 0x14 };
        CHECK(ev[2].at == 40 && ev[2].n == 4 && memcmp(ev[2].bytes, cad_down, 4) == 0);
        CHECK(ev[3].n == 7 && memcmp(ev[3].bytes, cad_up, 7) == 0);
        CHECK_EQ(ev[4].at, 80 + 1000);             /* after the wait: shift + a */
        CHECK(ev[4].n == 2 && ev[4].bytes[0] == 0x12 && ev[4].bytes[1] == 0x1c);
        CHECK_EQ(ev[6].at, 5000);                  /* <at 5s>, then Enter */
        CHECK(ev[6].n == 1 && ev[6].bytes[0] == 0x5a);
    }
    free(ev);
    CHECK(keys_parse("<nosuchkey>", 1000, &ev, &n, err, sizeof err) < 0 && strstr(err, "unknown key"));
    CHECK(keys_parse("<enter", 1000, &ev, &n, err, sizeof err) < 0);
    CHECK(keys_parse("\xc3\xa9", 1000, &ev, &n, err, sizeof err) < 0 && strstr(err, "cannot type"));
    /* <mouse DX DY [lrm]>: one event, the time of a key press and release */
    CHECK_EQ(keys_parse("<mouse 10 -5><mouse -3 2 lr>x", 1000, &ev, &n, err, sizeof err), 0);
    if (n == 4) {
        CHECK(ev[0].at == 0 && ev[0].mouse && ev[0].dx == 10 && ev[0].dy == -5 && ev[0].buttons == 0);
        CHECK(ev[1].at == 40 && ev[1].mouse && ev[1].dx == -3 && ev[1].dy == 2 && ev[1].buttons == 3);
        CHECK(ev[2].at == 80 && !ev[2].mouse && ev[2].n == 1);
    } else {
        CHECK_EQ(n, 4);
    }
    free(ev);
    CHECK(keys_parse("<mouse 1>", 1000, &ev, &n, err, sizeof err) < 0 && strstr(err, "bad mouse"));
    CHECK(keys_parse("<mouse 1 2 x>", 1000, &ev, &n, err, sizeof err) < 0 && strstr(err, "bad mouse"));
    CHECK(keys_parse("<mouse 1 2 l 3>", 1000, &ev, &n, err, sizeof err) < 0);
    CHECK_EQ(keys_parse("<<<f12><pause>", 1000, &ev, &n, err, sizeof err), 0);
    if (n >= 5) {
        CHECK(ev[0].n == 2 && ev[0].bytes[0] == 0x12 && ev[0].bytes[1] == 0x41);   /* '<' is Shift + ',' */
        CHECK(ev[2].bytes[0] == 0x07);
        CHECK(ev[4].n == 8 && ev[4].bytes[0] == 0xe1);
    }
    free(ev);
}

int main(void)
{
    char dir[] = "/tmp/x86pc-frontend-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_ppm(dir);
    test_png(dir);
    test_text_dump(dir);
    test_times();
    test_keys();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return unit_done();
}
