/* The display side of a run (see display.h). Captures at points of virtual time are timers on the machine's
 * clock, so they happen at the same instruction in every run; the window and the terminal refresh on host time,
 * which the guest never sees. */
#include "frontend/display.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "devices/clock.h"
#include "devices/vga/vga.h"
#include "frontend/curses.h"
#include "frontend/keys.h"
#include "frontend/screenshot.h"
#include "frontend/sdl.h"
#include "frontend/text_dump.h"

enum { REFRESH_NS = 16000000 };  /* about 60 pictures a second */

struct capture {
    struct display *d;
    struct timer timer;
    const char *path;
    int text;
};

struct display {
    struct pc *pc;
    const struct pc_config *cfg;
    struct sdl_window *sdl;
    struct curses_screen *curses;
    struct key_player *keys;
    struct capture capture[PC_MAX_CAPTURES];
    unsigned n_captures;
    uint64_t next_refresh_ns;
    int started;                 /* the run went ahead: the at-exit captures are due */
};

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#ifdef HAVE_SDL2
static int has_graphical_display(void)
{
    const char *x = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
    return (x && *x) || (wl && *wl);
}
#endif

#ifdef HAVE_CURSES
/* Something else talks on the terminal: a serial port or the monitor on stdio. */
static int stdio_taken(const struct pc_config *cfg)
{
    for (unsigned k = 0; k < PC_MAX_SERIAL; k++)
        if (cfg->serial[k] && strcmp(cfg->serial[k], "stdio") == 0)
            return 1;
    return cfg->monitor && strcmp(cfg->monitor, "stdio") == 0;
}
#endif

int display_choose(struct pc_config *cfg, char *err, size_t errlen)
{
#ifndef HAVE_SDL2
    if (cfg->display == DISPLAY_SDL) {
        snprintf(err, errlen, "-display sdl: this x86pc was built without SDL2 (configure --without-sdl)");
        return -1;
    }
#endif
#ifndef HAVE_CURSES
    if (cfg->display == DISPLAY_CURSES) {
        snprintf(err, errlen, "-display curses: this x86pc was built without curses (configure --without-curses)");
        return -1;
    }
#endif
    (void)err;
    (void)errlen;
    if (cfg->display == DISPLAY_DEFAULT) {
#ifdef HAVE_SDL2
        int sdl = has_graphical_display();
        const char *why = "neither DISPLAY nor WAYLAND_DISPLAY is set";
#else
        int sdl = 0;
        const char *why = "built without SDL2";
#endif
#ifdef HAVE_CURSES
        int terminal = isatty(0) && isatty(1) && !stdio_taken(cfg);
#else
        int terminal = 0;
#endif
        if (sdl) {
            cfg->display = DISPLAY_SDL;
        } else if (terminal) {
            cfg->display = DISPLAY_CURSES;
            cfg->display_note = why;
        } else {
            cfg->display = DISPLAY_NONE;
            cfg->display_note = why;
        }
    }
    if (cfg->display == DISPLAY_SDL || cfg->display == DISPLAY_CURSES)
        cfg->pace = 1;           /* a person is watching: guest time keeps to real time */
    return 0;
}

int display_screendump(void *display, const char *path, char *err, size_t errlen)
{
    struct display *d = display;
    const struct vga_frame *f = vga_render(pc_vga(d->pc));
    return screenshot_write(path, f->pixels, f->width, f->height, err, errlen);
}

static void capture_now(struct display *d, const char *path, int text)
{
    char err[256];
    struct vga *v = pc_vga(d->pc);
    int rc;
    if (text) {
        struct vga_text t;
        if (vga_text_snapshot(v, &t) < 0) {
            fprintf(stderr, "x86pc: %s: the screen is not in a text mode; no text dump written\n", path);
            return;
        }
        rc = text_dump_write(path, &t, err, sizeof err);
    } else {
        const struct vga_frame *f = vga_render(v);
        rc = screenshot_write(path, f->pixels, f->width, f->height, err, sizeof err);
    }
    if (rc < 0)
        fprintf(stderr, "x86pc: %s\n", err);
}

static void capture_due(void *opaque)
{
    struct capture *c = opaque;
    capture_now(c->d, c->path, c->text);
}

/* The board calls this after every slice: refresh the window or terminal now and then, and take its input. */
static void display_slice(void *opaque)
{
    struct display *d = opaque;
    if (!d->sdl && !d->curses)
        return;
    int quit = d->sdl ? sdl_window_poll(d->sdl, d->pc) : curses_screen_poll(d->curses, d->pc);
    if (quit)
        pc_request_stop(d->pc);
    uint64_t now = host_ns();
    if (now < d->next_refresh_ns)
        return;
    d->next_refresh_ns = now + REFRESH_NS;
    if (d->sdl)
        sdl_window_refresh(d->sdl, d->pc);
    else
        curses_screen_refresh(d->curses, d->pc);
}

static char *read_text_file(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "--keys-file %s: cannot open it", path);
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *text = malloc(cap);
    while (text) {
        n += fread(text + n, 1, cap - n - 1, f);
        if (n < cap - 1)
            break;
        cap *= 2;
        char *bigger = realloc(text, cap);
        if (!bigger)
            free(text);
        text = bigger;
    }
    fclose(f);
    if (!text)
        snprintf(err, errlen, "--keys-file %s: out of memory", path);
    else
        text[n] = 0;
    return text;
}

static int start_keys(struct display *d, char *err, size_t errlen)
{
    const char *script = d->cfg->keys;
    char *file_text = NULL;
    if (d->cfg->keys_file) {
        file_text = read_text_file(d->cfg->keys_file, err, errlen);
        if (!file_text)
            return -1;
        script = file_text;
    }
    if (!script)
        return 0;
    struct key_event *events;
    size_t n;
    err[0] = 0;
    int rc = keys_parse(script, d->cfg->ips, &events, &n, err, errlen);
    free(file_text);
    if (rc < 0)
        return -1;
    d->keys = key_player_start(d->pc, events, n);
    if (!d->keys) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

static int start_captures(struct display *d, char *err, size_t errlen)
{
    for (unsigned k = 0; k < d->cfg->n_captures && k < PC_MAX_CAPTURES; k++) {
        const char *spec = d->cfg->capture[k];
        const char *colon = strchr(spec, ':');
        struct vtime t;
        if (!colon || vtime_parse(spec, (size_t)(colon - spec), &t) < 0 || !colon[1]) {
            snprintf(err, errlen, "%s: expected TIME:FILE, e.g. 40s:screen.png", spec);
            return -1;
        }
        struct capture *c = &d->capture[d->n_captures++];
        c->d = d;
        c->path = colon + 1;
        c->text = d->cfg->capture_text[k];
        timer_init(&c->timer, pc_clock(d->pc), capture_due, c, "capture");
        timer_arm_icount(&c->timer, vtime_to_icount(&t, d->cfg->ips));
    }
    return 0;
}

struct display *display_start(struct pc *pc, const struct pc_config *cfg, char *err, size_t errlen)
{
    struct display *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    d->pc = pc;
    d->cfg = cfg;
    if (start_keys(d, err, errlen) < 0 || start_captures(d, err, errlen) < 0) {
        display_finish(d);
        return NULL;
    }
    /* said only once the machine exists, so that a bad option still gives exactly one line */
    if (cfg->display_note)
        fprintf(stderr, "x86pc: no graphical display (%s); %s\n", cfg->display_note,
                cfg->display == DISPLAY_CURSES ? "showing the screen in this terminal (-display curses)"
                                               : "running without a display (-display none)");
    char why[256];
    if (cfg->display == DISPLAY_SDL && !(d->sdl = sdl_window_open(why, sizeof why))) {
        snprintf(err, errlen, "-display sdl: %s", why);
        display_finish(d);
        return NULL;
    }
    if (cfg->display == DISPLAY_CURSES && !(d->curses = curses_screen_open(why, sizeof why))) {
        snprintf(err, errlen, "-display curses: %s", why);
        display_finish(d);
        return NULL;
    }
    pc_set_slice_hook(pc, display_slice, d);
    d->started = 1;
    return d;
}

int display_finish(struct display *d)
{
    if (!d)
        return 0;
    pc_set_slice_hook(d->pc, NULL, NULL);
    if (d->sdl)
        sdl_window_close(d->sdl);
    if (d->curses)
        curses_screen_close(d->curses);
    for (unsigned k = 0; k < d->n_captures; k++)
        timer_cancel(&d->capture[k].timer);
    key_player_free(d->keys);
    if (d->started && d->cfg->screenshot)
        capture_now(d, d->cfg->screenshot, 0);
    if (d->started && d->cfg->dump_text)
        capture_now(d, d->cfg->dump_text, 1);
    free(d);
    return 0;
}
