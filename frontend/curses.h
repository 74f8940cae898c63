/* The terminal frontend (curses): VGA text mode drawn in the terminal with its colours, keys read from the
 * terminal and typed into the machine. For use over SSH. Ctrl-] ends the run. */
#ifndef X86PC_FRONTEND_CURSES_H
#define X86PC_FRONTEND_CURSES_H

#include <stddef.h>

struct pc;
struct curses_screen;

struct curses_screen *curses_screen_open(char *err, size_t errlen);
void curses_screen_refresh(struct curses_screen *c, struct pc *pc);
/* Reads pending keys into the machine; returns 1 when the user asked to quit (Ctrl-]). */
int curses_screen_poll(struct curses_screen *c, struct pc *pc);
void curses_screen_close(struct curses_screen *c);

#endif
