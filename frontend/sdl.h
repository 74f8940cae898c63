/* The SDL2 window frontend: the VGA picture scaled into a resizable window, the keyboard as PS/2 scan codes,
 * mouse grab, and a title with the machine's state and speed. Without SDL2 at build time, opening fails. */
#ifndef X86PC_FRONTEND_SDL_H
#define X86PC_FRONTEND_SDL_H

#include <stddef.h>

struct pc;
struct sdl_window;

/* Opens the window; NULL with a one-line reason in err when there is no display or no SDL2. */
struct sdl_window *sdl_window_open(char *err, size_t errlen);
/* Shows the current picture (only the lines that changed are uploaded). */
void sdl_window_refresh(struct sdl_window *w, struct pc *pc);
/* Handles pending window events, feeding keys to the machine; returns 1 when the user closed the window. */
int sdl_window_poll(struct sdl_window *w, struct pc *pc);
void sdl_window_close(struct sdl_window *w);

#endif
