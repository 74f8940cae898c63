/* The monitor: a command line in the habits of QEMU's HMP and the Bochs debugger, on the terminal
 * (-monitor stdio) or a TCP port (-monitor tcp:127.0.0.1:PORT). `help` lists the commands.
 *
 * Commands run in order. `c` and `s` let the guest run; while it runs, the monitor acts at once only on `stop`
 * and `quit` (Ctrl-C on the terminal stops too) and keeps every other command until the guest stops, so a script
 * of commands gives the same output every time. */
#ifndef X86PC_FRONTEND_MONITOR_H
#define X86PC_FRONTEND_MONITOR_H

#include <poll.h>
#include <stddef.h>

#include "frontend/debugger.h"

enum { MONITOR_MAX_FDS = 2 };

struct monitor;

/* spec: "stdio" or "tcp:HOST:PORT". NULL with a reason on failure. */
struct monitor *monitor_create(struct debugger *d, const char *spec, char *err, size_t errlen);
void monitor_destroy(struct monitor *m);
/* The descriptors the monitor waits on, and the handling of what poll() found on them. */
unsigned monitor_pollfds(struct monitor *m, struct pollfd *fds);
void monitor_poll(struct monitor *m, const struct pollfd *fds, unsigned n);
/* Runs the commands that waited for the guest to stop. */
void monitor_run_pending(struct monitor *m);
/* The guest stopped; resumed_here says whether this monitor had let it run. */
void monitor_stopped(struct monitor *m, enum debug_stop why, int resumed_here);
void monitor_exited(struct monitor *m, enum pc_exit_reason reason, int status);
/* Whether the monitor's input has ended for good (standard input at its end). */
int monitor_input_closed(const struct monitor *m);
/* Whether the monitor is on the terminal (then Ctrl-C stops the guest into it). */
int monitor_on_stdio(const struct monitor *m);

#endif
