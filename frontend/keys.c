/* Scripted keyboard input (see keys.h). Scan codes are the PS/2 set 2 codes of a US keyboard as IBM documents
 * them; the keyboard controller translates them to set 1 for the guest. */
#include "frontend/keys.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/clock.h"
#include "devices/pc.h"
#include "devices/ps2mouse.h"

enum { HOLD_NS = 20000000, GAP_NS = 20000000 };

struct named_key {
    const char *name;
    uint8_t code;
    uint8_t extended;
};

static const struct named_key named_keys[] = {
    { "enter", 0x5a, 0 }, { "esc", 0x76, 0 }, { "escape", 0x76, 0 }, { "tab", 0x0d, 0 },
    { "backspace", 0x66, 0 }, { "bs", 0x66, 0 }, { "space", 0x29, 0 }, { "capslock", 0x58, 0 },
    { "shift", 0x12, 0 }, { "lshift", 0x12, 0 }, { "rshift", 0x59, 0 }, { "ctrl", 0x14, 0 }, { "lctrl", 0x14, 0 },
    { "rctrl", 0x14, 1 }, { "alt", 0x11, 0 }, { "lalt", 0x11, 0 }, { "ralt", 0x11, 1 }, { "altgr", 0x11, 1 },
    { "lwin", 0x1f, 1 }, { "rwin", 0x27, 1 }, { "menu", 0x2f, 1 },
    { "f1", 0x05, 0 }, { "f2", 0x06, 0 }, { "f3", 0x04, 0 }, { "f4", 0x0c, 0 }, { "f5", 0x03, 0 },
    { "f6", 0x0b, 0 }, { "f7", 0x83, 0 }, { "f8", 0x0a, 0 }, { "f9", 0x01, 0 }, { "f10", 0x09, 0 },
    { "f11", 0x78, 0 }, { "f12", 0x07, 0 },
    { "insert", 0x70, 1 }, { "ins", 0x70, 1 }, { "delete", 0x71, 1 }, { "del", 0x71, 1 }, { "home", 0x6c, 1 },
    { "end", 0x69, 1 }, { "pgup", 0x7d, 1 }, { "pageup", 0x7d, 1 }, { "pgdn", 0x7a, 1 }, { "pagedown", 0x7a, 1 },
    { "up", 0x75, 1 }, { "down", 0x72, 1 }, { "left", 0x6b, 1 }, { "right", 0x74, 1 },
    { "numlock", 0x77, 0 }, { "scrolllock", 0x7e, 0 },
    { "kp0", 0x70, 0 }, { "kp1", 0x69, 0 }, { "kp2", 0x72, 0 }, { "kp3", 0x7a, 0 }, { "kp4", 0x6b, 0 },
    { "kp5", 0x73, 0 }, { "kp6", 0x74, 0 }, { "kp7", 0x6c, 0 }, { "kp8", 0x75, 0 }, { "kp9", 0x7d, 0 },
    { "kpdot", 0x71, 0 }, { "kpplus", 0x79, 0 }, { "kpminus", 0x7b, 0 }, { "kpstar", 0x7c, 0 },
    { "kpslash", 0x4a, 1 }, { "kpenter", 0x5a, 1 },
    { "printscreen", 0x7c, 1 }, { "pause", 0x77, 2 },
};

/* Printable ASCII 20h-7Eh: the set-2 code and whether Shift is needed. */
static const char unshifted[] = "abcdefghijklmnopqrstuvwxyz0123456789`-=[]\\;',./ ";
static const uint8_t unshifted_code[] = {
    0x1c, 0x32, 0x21, 0x23, 0x24, 0x2b, 0x34, 0x33, 0x43, 0x3b, 0x42, 0x4b, 0x3a, 0x31, 0x44, 0x4d, 0x15, 0x2d,
    0x1b, 0x2c, 0x3c, 0x2a, 0x1d, 0x22, 0x35, 0x1a, 0x45, 0x16, 0x1e, 0x26, 0x25, 0x2e, 0x36, 0x3d, 0x3e, 0x46,
    0x0e, 0x4e, 0x55, 0x54, 0x5b, 0x5d, 0x4c, 0x52, 0x41, 0x49, 0x4a, 0x29,
};
static const char shifted[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ)!@#$%^&*(~_+{}|:\"<>?";

int key_for_char(char c, uint8_t *code, int *shift)
{
    const char *p = c ? strchr(unshifted, c) : NULL;
    if (p) {
        *code = unshifted_code[p - unshifted];
        *shift = 0;
        return 0;
    }
    p = c ? strchr(shifted, c) : NULL;
    if (p) {
        *code = unshifted_code[p - shifted];
        *shift = 1;
        return 0;
    }
    return -1;
}

int key_by_name(const char *name, uint8_t *code, int *extended)
{
    for (size_t k = 0; k < sizeof named_keys / sizeof named_keys[0]; k++) {
        if (strcmp(named_keys[k].name, name) == 0) {
            *code = named_keys[k].code;
            *extended = named_keys[k].extended;
            return 0;
        }
    }
    int shift;
    if (strlen(name) == 1 && key_for_char(name[0], code, &shift) == 0 && !shift) {
        *extended = 0;
        return 0;
    }
    return -1;
}

/* Print Screen sends E0 12 E0 7C; Pause (extended = 2) E1 14 77 E1 F0 14 F0 77 and no break. */
unsigned key_make_bytes(uint8_t code, int extended, uint8_t *out)
{
    static const uint8_t pause_seq[8] = { 0xe1, 0x14, 0x77, 0xe1, 0xf0, 0x14, 0xf0, 0x77 };
    if (extended == 2) {
        memcpy(out, pause_seq, sizeof pause_seq);
        return sizeof pause_seq;
    }
    unsigned n = 0;
    if (extended && code == 0x7c) {
        out[n++] = 0xe0;
        out[n++] = 0x12;
    }
    if (extended)
        out[n++] = 0xe0;
    out[n++] = code;
    return n;
}

unsigned key_break_bytes(uint8_t code, int extended, uint8_t *out)
{
    unsigned n = 0;
    if (extended == 2)
        return 0;
    if (extended)
        out[n++] = 0xe0;
    out[n++] = 0xf0;
    out[n++] = code;
    if (extended && code == 0x7c) {
        out[n++] = 0xe0;
        out[n++] = 0xf0;
        out[n++] = 0x12;
    }
    return n;
}

int vtime_parse(const char *text, size_t len, struct vtime *t)
{
    char buf[32];
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, text, len);
    buf[len] = 0;
    char *end;
    errno = 0;
    if (!isdigit((unsigned char)buf[0]))
        return -1;
    unsigned long long v = strtoull(buf, &end, 10);
    if (errno)
        return -1;
    static const struct { const char *unit; uint64_t ns; } units[] = {
        { "s", 1000000000u }, { "ms", 1000000u }, { "us", 1000u }, { "ns", 1 }, { "i", 0 },
    };
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
        if (strcmp(end, units[k].unit) != 0)
            continue;
        if (units[k].ns && v > UINT64_MAX / units[k].ns)
            return -1;
        t->instructions = units[k].ns == 0;
        t->value = units[k].ns ? v * units[k].ns : v;
        return 0;
    }
    return -1;
}

uint64_t vtime_to_icount(const struct vtime *t, uint64_t ips)
{
    if (t->instructions)
        return t->value;
    return t->value / 1000000000u * ips + t->value % 1000000000u * ips / 1000000000u;
}

/* The parser's state: the events so far and the time cursor. */
struct script {
    struct key_event *ev;
    size_t n, cap;
    uint64_t now;                /* instruction count of the next key */
    uint64_t hold, gap;          /* in instructions */
    char *err;
    size_t errlen;
};

static struct key_event *new_event(struct script *s, uint64_t at)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        struct key_event *ev = realloc(s->ev, cap * sizeof *ev);
        if (!ev)
            return NULL;
        s->ev = ev;
        s->cap = cap;
    }
    struct key_event *e = &s->ev[s->n++];
    memset(e, 0, sizeof *e);
    e->at = at;
    return e;
}

/* Presses the modifiers, then the key; releases them in reverse order a hold time later. */
static int press(struct script *s, const uint8_t *codes, const int *ext, unsigned count)
{
    struct key_event *down = new_event(s, s->now);
    if (!down)
        return -1;
    for (unsigned k = 0; k < count; k++)
        down->n = (uint8_t)(down->n + key_make_bytes(codes[k], ext[k], down->bytes + down->n));
    struct key_event *up = new_event(s, s->now + s->hold);
    if (!up)
        return -1;
    for (unsigned k = count; k-- > 0;)
        up->n = (uint8_t)(up->n + key_break_bytes(codes[k], ext[k], up->bytes + up->n));
    s->now += s->hold + s->gap;
    return 0;
}

static int fail(struct script *s, const char *what, const char *text, size_t len)
{
    snprintf(s->err, s->errlen, "--keys: %s '%.*s'", what, (int)(len > 40 ? 40 : len), text);
    return -1;
}

/* <mouse DX DY [BUTTONS]>: item is what follows "mouse ", len its length. */
static int mouse_item(struct script *s, const char *item, size_t len)
{
    char buf[48], lrm[8] = "";
    int dx, dy, used = 0;
    if (len >= sizeof buf)
        return fail(s, "bad mouse movement", item, len);
    memcpy(buf, item, len);
    buf[len] = 0;
    int fields = sscanf(buf, "%d %d %n%7s %n", &dx, &dy, &used, lrm, &used);
    if (fields < 2 || (size_t)used != len || dx < -4096 || dx > 4096 || dy < -4096 || dy > 4096)
        return fail(s, "bad mouse movement", item, len);
    unsigned buttons = 0;
    for (const char *c = lrm; *c; c++) {
        unsigned b = *c == 'l' ? PS2MOUSE_LEFT : *c == 'r' ? PS2MOUSE_RIGHT : *c == 'm' ? PS2MOUSE_MIDDLE : 0;
        if (!b)
            return fail(s, "bad mouse buttons in", item, len);
        buttons |= b;
    }
    struct key_event *e = new_event(s, s->now);
    if (!e)
        return -1;
    e->mouse = 1;
    e->dx = (int16_t)dx;
    e->dy = (int16_t)dy;
    e->buttons = (uint8_t)buttons;
    s->now += s->hold + s->gap;
    return 0;
}

/* One <...> item of length len (without the brackets). */
static int bracket_item(struct script *s, const char *item, size_t len, uint64_t ips)
{
    struct vtime t;
    if (len > 6 && strncmp(item, "mouse ", 6) == 0)
        return mouse_item(s, item + 6, len - 6);
    if (len > 5 && strncmp(item, "wait ", 5) == 0) {
        if (vtime_parse(item + 5, len - 5, &t) < 0)
            return fail(s, "bad time in", item, len);
        s->now += vtime_to_icount(&t, ips);
        return 0;
    }
    if (len > 3 && strncmp(item, "at ", 3) == 0) {
        if (vtime_parse(item + 3, len - 3, &t) < 0)
            return fail(s, "bad time in", item, len);
        uint64_t at = vtime_to_icount(&t, ips);
        if (at > s->now)
            s->now = at;
        return 0;
    }
    uint8_t codes[6];
    int ext[6];
    unsigned count = 0;
    size_t start = 0;
    while (start <= len) {
        size_t end = start;
        while (end < len && item[end] != '-')
            end++;
        if (end == start && end < len)   /* "<ctrl-->" ends in the '-' key itself */
            end++;
        char name[24];
        if (end - start == 0 || end - start >= sizeof name || count == 6)
            return fail(s, "unknown key", item, len);
        for (size_t k = start; k < end; k++)
            name[k - start] = (char)tolower((unsigned char)item[k]);
        name[end - start] = 0;
        if (strcmp(name, "del") == 0 && count >= 2)
            strcpy(name, "delete");
        if (key_by_name(name, &codes[count], &ext[count]) < 0)
            return fail(s, "unknown key", item, len);
        count++;
        start = end + 1;
    }
    return press(s, codes, ext, count);
}

int keys_parse(const char *script, uint64_t ips, struct key_event **events, size_t *n, char *err, size_t errlen)
{
    struct script s = { NULL, 0, 0, 0, 0, 0, err, errlen };
    struct vtime hold = { HOLD_NS, 0 }, gap = { GAP_NS, 0 };
    s.hold = vtime_to_icount(&hold, ips);
    s.gap = vtime_to_icount(&gap, ips);
    for (const char *p = script; *p; p++) {
        int rc;
        if (*p == '<' && p[1] == '<') {
            uint8_t code;
            int shift, ext[2] = { 0, 0 };
            key_for_char('<', &code, &shift);
            uint8_t codes[2] = { 0x12, code };
            rc = press(&s, codes, ext, 2);
            p++;
        } else if (*p == '<') {
            const char *close = strchr(p, '>');
            if (!close) {
                fail(&s, "unterminated", p, strlen(p));
                free(s.ev);
                return -1;
            }
            rc = bracket_item(&s, p + 1, (size_t)(close - p - 1), ips);
            p = close;
        } else if (*p == '\n') {
            uint8_t code = 0x5a;
            int ext = 0;
            rc = press(&s, &code, &ext, 1);
        } else if (*p == '\r') {
            rc = 0;
        } else {
            uint8_t code;
            int shift;
            if (key_for_char(*p, &code, &shift) < 0) {
                fail(&s, "cannot type", p, 1);
                free(s.ev);
                return -1;
            }
            uint8_t codes[2] = { 0x12, code };
            int ext[2] = { 0, 0 };
            rc = shift ? press(&s, codes, ext, 2) : press(&s, &codes[1], ext, 1);
        }
        if (rc < 0) {
            if (!err[0])
                snprintf(err, errlen, "--keys: out of memory");
            free(s.ev);
            return -1;
        }
    }
    *events = s.ev;
    *n = s.n;
    return 0;
}

struct key_player {
    struct pc *pc;
    struct clock *clock;
    struct timer timer;
    struct key_event *ev;
    size_t n, next;
};

/* Sends every event that is due, then waits for the next one. */
static void play(void *opaque)
{
    struct key_player *p = opaque;
    uint64_t now = clock_icount(p->clock);
    while (p->next < p->n && p->ev[p->next].at <= now) {
        const struct key_event *e = &p->ev[p->next];
        if (e->mouse)
            pc_send_mouse(p->pc, e->dx, e->dy, 0, e->buttons);
        else
            pc_send_scancodes(p->pc, e->bytes, e->n);
        p->next++;
    }
    if (p->next < p->n)
        timer_arm_icount(&p->timer, p->ev[p->next].at);
}

struct key_player *key_player_start(struct pc *pc, struct key_event *events, size_t n)
{
    struct key_player *p = calloc(1, sizeof *p);
    if (!p) {
        free(events);
        return NULL;
    }
    /* keys_parse makes events in time order: each release comes before the next press. */
    p->pc = pc;
    p->clock = pc_clock(pc);
    p->ev = events;
    p->n = n;
    timer_init(&p->timer, p->clock, play, p, "keys");
    /* The script's times count from power-on. A run restored from a snapshot (-loadvm) starts later: the keys
     * before that point were typed by the run that saved it (the keyboard's state holds them), so the script
     * goes on from there, exactly as the run straight through would. */
    uint64_t now = clock_icount(p->clock);
    while (p->next < n && events[p->next].at < now)
        p->next++;
    if (p->next < n)
        timer_arm_icount(&p->timer, events[p->next].at);
    return p;
}

void key_player_free(struct key_player *p)
{
    if (!p)
        return;
    timer_cancel(&p->timer);
    free(p->ev);
    free(p);
}
