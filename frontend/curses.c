/* The terminal frontend (see curses.h): the VGA text screen drawn with curses in the terminal's colours (the
 * eight VGA base colours, bright foregrounds as bold), code page 437 shown as Unicode, the cursor where the VGA
 * has it; graphics modes show a one-line note. Keys the terminal sends become PS/2 scan codes: each key is
 * pressed and released at once, Ctrl+letter with the Ctrl key, Alt+key (Esc then the key) with Alt. */
#include "frontend/curses.h"

#include <stdio.h>

#include "config.h"

#ifdef HAVE_CURSES
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <curses.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "devices/pc.h"
#include "devices/vga/vga.h"
#include "frontend/keys.h"
#include "frontend/text_dump.h"

enum { QUIT_KEY = 0x1d };        /* Ctrl-] */

struct curses_screen {
    struct vga_text shown;       /* what the terminal shows now */
    int valid;
    int graphics_note;
    FILE *tty;                   /* the controlling terminal: stdout stays free for -serial stdio or port E9h */
    SCREEN *screen;
};

/* VGA colour bits (blue 1, green 2, red 4) to curses colours. */
static const short vga_to_curses[8] = { COLOR_BLACK, COLOR_BLUE, COLOR_GREEN, COLOR_CYAN,
                                        COLOR_RED, COLOR_MAGENTA, COLOR_YELLOW, COLOR_WHITE };

struct curses_screen *curses_screen_open(char *err, size_t errlen)
{
    struct curses_screen *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    c->tty = fopen("/dev/tty", "r+");
    if (!c->tty || !isatty(fileno(c->tty))) {
        snprintf(err, errlen, "no terminal to draw on (/dev/tty)");
        if (c->tty)
            fclose(c->tty);
        free(c);
        return NULL;
    }
    setlocale(LC_ALL, "");
    c->screen = newterm(NULL, c->tty, c->tty);
    if (!c->screen) {
        snprintf(err, errlen, "cannot initialise the terminal (TERM=%s)", getenv("TERM") ? getenv("TERM") : "");
        fclose(c->tty);
        free(c);
        return NULL;
    }
    set_term(c->screen);
    raw();
    noecho();
    nodelay(stdscr, TRUE);
    keypad(stdscr, TRUE);
    set_escdelay(25);
    if (has_colors()) {
        start_color();
        for (short bg = 0; bg < 8; bg++)
            for (short fg = 0; fg < 8; fg++)
                init_pair((short)(bg * 8 + fg + 1), vga_to_curses[fg], vga_to_curses[bg]);
    }
    return c;
}

static void draw_cell(unsigned row, unsigned col, uint8_t ch, uint8_t attr)
{
    wchar_t wide[2] = { (wchar_t)cp437_to_unicode(ch), 0 };
    cchar_t cell;
    attr_t a = (attr & 0x08) ? A_BOLD : A_NORMAL;
    short pair = has_colors() ? (short)(((attr >> 4) & 7) * 8 + (attr & 7) + 1) : 0;
    if (!has_colors() && (attr & 0x70))
        a |= A_REVERSE;
    setcchar(&cell, wide, a, pair, NULL);
    mvadd_wch((int)row, (int)col, &cell);
}

void curses_screen_refresh(struct curses_screen *c, struct pc *pc)
{
    struct vga_text t;
    if (vga_text_snapshot(pc_vga(pc), &t) < 0) {
        if (!c->graphics_note) {
            erase();
            mvprintw(0, 0, "x86pc: the guest is in a graphics mode; the terminal shows text modes only "
                           "(Ctrl-] quits)");
            refresh();
            c->graphics_note = 1;
            c->valid = 0;
        }
        return;
    }
    if (c->graphics_note || !c->valid || t.cols != c->shown.cols || t.rows != c->shown.rows) {
        erase();
        c->valid = 0;
        c->graphics_note = 0;
    }
    for (unsigned r = 0; r < t.rows && (int)r < LINES; r++)
        for (unsigned col = 0; col < t.cols && (int)col < COLS; col++)
            if (!c->valid || t.ch[r][col] != c->shown.ch[r][col] || t.attr[r][col] != c->shown.attr[r][col])
                draw_cell(r, col, t.ch[r][col], t.attr[r][col]);
    curs_set(t.cursor_visible ? 1 : 0);
    if (t.cursor_visible)
        move((int)t.cursor_row, (int)t.cursor_col);
    refresh();
    c->shown = t;
    c->valid = 1;
}

/* Presses and releases one key, with the modifier keys in mods (set-2 codes, 0 = none) around it. */
static void tap(struct pc *pc, uint8_t code, int extended, const uint8_t *mods, unsigned n_mods)
{
    uint8_t bytes[KEY_EVENT_BYTES];
    unsigned n = 0;
    for (unsigned k = 0; k < n_mods; k++)
        n += key_make_bytes(mods[k], 0, bytes + n);
    n += key_make_bytes(code, extended, bytes + n);
    n += key_break_bytes(code, extended, bytes + n);
    for (unsigned k = n_mods; k-- > 0;)
        n += key_break_bytes(mods[k], 0, bytes + n);
    pc_send_scancodes(pc, bytes, n);
}

static const struct { int curses_key; const char *name; } special_keys[] = {
    { KEY_UP, "up" }, { KEY_DOWN, "down" }, { KEY_LEFT, "left" }, { KEY_RIGHT, "right" }, { KEY_HOME, "home" },
    { KEY_END, "end" }, { KEY_PPAGE, "pgup" }, { KEY_NPAGE, "pgdn" }, { KEY_IC, "insert" }, { KEY_DC, "delete" },
    { KEY_BACKSPACE, "backspace" }, { KEY_ENTER, "enter" }, { KEY_BTAB, "tab" },
};

/* One key from the terminal; alt = it came after an Esc. */
static void type_key(struct pc *pc, int key, int alt)
{
    uint8_t mods[2];
    unsigned n_mods = 0;
    uint8_t code;
    int extended = 0, shift;
    if (alt)
        mods[n_mods++] = 0x11;
    if (key >= KEY_F(1) && key <= KEY_F(12)) {
        char name[8];
        snprintf(name, sizeof name, "f%d", key - KEY_F(0));
        if (key_by_name(name, &code, &extended) == 0)
            tap(pc, code, extended, mods, n_mods);
        return;
    }
    for (size_t k = 0; k < sizeof special_keys / sizeof special_keys[0]; k++) {
        if (special_keys[k].curses_key == key && key_by_name(special_keys[k].name, &code, &extended) == 0) {
            if (key == KEY_BTAB)
                mods[n_mods++] = 0x12;
            tap(pc, code, extended, mods, n_mods);
            return;
        }
    }
    const char *name = key == '\r' || key == '\n' ? "enter" : key == '\t' ? "tab" : key == 27 ? "esc"
                     : key == 127 || key == 8 ? "backspace" : NULL;
    if (name && key_by_name(name, &code, &extended) == 0) {
        tap(pc, code, extended, mods, n_mods);
    } else if (key >= 1 && key <= 26) {
        mods[n_mods++] = 0x14;              /* Ctrl+letter */
        key_for_char((char)('a' + key - 1), &code, &shift);
        tap(pc, code, 0, mods, n_mods);
    } else if (key >= 0x20 && key < 0x7f && key_for_char((char)key, &code, &shift) == 0) {
        if (shift)
            mods[n_mods++] = 0x12;
        tap(pc, code, 0, mods, n_mods);
    }
}

int curses_screen_poll(struct curses_screen *c, struct pc *pc)
{
    (void)c;
    int key;
    while ((key = getch()) != ERR) {
        if (key == QUIT_KEY)
            return 1;
        if (key == 27) {
            int next = getch();
            if (next != ERR && next != 27) {
                type_key(pc, next, 1);
                continue;
            }
        }
        type_key(pc, key, 0);
    }
    return 0;
}

void curses_screen_close(struct curses_screen *c)
{
    endwin();
    delscreen(c->screen);
    fclose(c->tty);
    free(c);
}

#else /* no curses */

struct curses_screen *curses_screen_open(char *err, size_t errlen)
{
    snprintf(err, errlen, "this x86pc was built without curses (configure --without-curses)");
    return NULL;
}
void curses_screen_refresh(struct curses_screen *c, struct pc *pc) { (void)c; (void)pc; }
int curses_screen_poll(struct curses_screen *c, struct pc *pc) { (void)c; (void)pc; return 0; }
void curses_screen_close(struct curses_screen *c) { (void)c; }

#endif
