/* The display side of a run: which frontend shows the machine (SDL window, terminal, none), scripted keys,
 * screenshots and text dumps at points of virtual time and at exit. main() calls these around pc_run. */
#ifndef X86PC_FRONTEND_DISPLAY_H
#define X86PC_FRONTEND_DISPLAY_H

#include <stddef.h>

#include "devices/pc.h"

/* Resolves -display's default before the machine is built: the SDL window when a display is available, else the
 * terminal frontend when stdin and stdout are terminals, else none (saying so in one line). An interactive
 * frontend turns on --pace. Returns 0, or -1 with a one-line reason in err. */
int display_choose(struct pc_config *cfg, char *err, size_t errlen);

struct display;
/* Opens the chosen frontend and arms the scripted keys and timed captures. NULL with err on failure. */
struct display *display_start(struct pc *pc, const struct pc_config *cfg, char *err, size_t errlen);
/* The screen now, as a PNG (or PPM when path ends in .ppm): the monitor's screendump. Returns 0, or -1 with err. */
int display_screendump(void *display, const char *path, char *err, size_t errlen);
/* Writes the at-exit screenshot and text dump, closes the frontend. Returns 0, or -1 if a capture failed. */
int display_finish(struct display *d);

#endif
