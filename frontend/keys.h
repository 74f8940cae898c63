/* Scripted keyboard input (--keys, --keys-file) and points of virtual time (--screenshot-at and friends).
 *
 * A script is text typed as on a US keyboard, with <...> for everything else:
 *   <enter> <esc> <tab> <backspace> <space> <up> <down> <left> <right> <home> <end> <pgup> <pgdn> <insert>
 *   <delete> <f1>..<f12> <capslock> <numlock> <scrolllock> <printscreen> <pause> <lwin> <menu>
 *   modifiers joined with '-': <ctrl-c> <alt-f4> <shift-tab> <ctrl-alt-delete> (also <ctrl-alt-del>)
 *   <wait T> pauses for T, <at T> waits until virtual time T, << types '<'; a newline types <enter>.
 *   <mouse DX DY> moves the PS/2 mouse (DY > 0 is up, away from the user), <mouse DX DY lrm> with the left,
 *   right and middle buttons named held (any of the three letters); it takes the time of a key press and release.
 * T is a point of virtual time: 40s, 1500ms, 250us, or 120000000i (retired instructions). Keys are held for
 * 20 ms and follow each other 20 ms apart, all on the virtual clock, so a script types the same way every run. */
#ifndef X86PC_FRONTEND_KEYS_H
#define X86PC_FRONTEND_KEYS_H

#include <stddef.h>
#include <stdint.h>

struct pc;

/* A time: nanoseconds of virtual time, or a count of retired instructions. */
struct vtime {
    uint64_t value;
    int instructions;
};
int vtime_parse(const char *text, size_t len, struct vtime *t);
uint64_t vtime_to_icount(const struct vtime *t, uint64_t ips);

/* Set-2 scan codes of a named key ("enter", "a", "f1", ...): make code and whether it has the E0h prefix.
 * Returns 0, or -1 for an unknown name. */
int key_by_name(const char *name, uint8_t *code, int *extended);
/* Appends the make (or break) bytes of a key to out; returns how many (at most 3). */
unsigned key_make_bytes(uint8_t code, int extended, uint8_t *out);
unsigned key_break_bytes(uint8_t code, int extended, uint8_t *out);
/* The set-2 code of a printable ASCII character and whether it needs Shift; -1 when it has no key. */
int key_for_char(char c, uint8_t *code, int *shift);

enum { KEY_EVENT_BYTES = 24 };
struct key_event {
    uint64_t at;                 /* instruction count */
    uint8_t bytes[KEY_EVENT_BYTES];
    uint8_t n;
    uint8_t mouse;               /* 1: not keys but mouse movement, dx dy and buttons (PS2MOUSE_*) */
    uint8_t buttons;
    int16_t dx, dy;
};

/* Parses a script into events at instruction counts (ips converts times); returns 0, or -1 with err. */
int keys_parse(const char *script, uint64_t ips, struct key_event **events, size_t *n, char *err, size_t errlen);

/* Plays events into the machine's keyboard on its virtual clock; the player owns events. */
struct key_player;
struct key_player *key_player_start(struct pc *pc, struct key_event *events, size_t n);
void key_player_free(struct key_player *p);

#endif
