/* Run control shared by the monitor (monitor.c) and the gdb stub (gdbstub.c).
 *
 * With -monitor or -gdb, the frontend runs the machine through debugger_run instead of pc_run: the machine runs in
 * slices of instructions (pc_run_slice), and between two slices the debugger answers its clients (a poll() with
 * no wait). When the guest is stopped, the debugger waits for its clients. Breakpoints, watchpoints and the magic
 * breakpoint are the CPU's host_debug (cpu/cpu.h): they cost nothing while none is set. Stopping, stepping and
 * looking at the machine never change what the guest computes: time inside the machine is the instruction
 * count, which stands still while the guest is stopped. */
#ifndef X86PC_FRONTEND_DEBUGGER_H
#define X86PC_FRONTEND_DEBUGGER_H

#include <stddef.h>
#include <stdint.h>

#include "cpu/cpu.h"
#include "devices/pc.h"

struct debugger;

/* Why the guest stopped. */
enum debug_stop {
    STOP_NONE,
    STOP_BREAK,                  /* a breakpoint */
    STOP_WATCH,                  /* a watchpoint (after the accessing instruction) */
    STOP_MAGIC,                  /* the magic breakpoint XCHG BX,BX (after it) */
    STOP_STEP,                   /* a step of N instructions ended */
    STOP_INTERRUPT,              /* `stop`, gdb's Ctrl-C, Ctrl-C on the monitor's terminal, a gdb attaching */
};

/* Who resumed the guest: that client hears how the run stopped. */
enum debug_client { BY_NOBODY, BY_MONITOR, BY_GDB };

/* The display's screendump (frontend/display*.c): writes the screen to path; 0, or -1 with a reason. */
typedef int screendump_fn(void *opaque, const char *path, char *err, size_t errlen);

/* Sets up the monitor and the gdb stub that cfg asks for; NULL with a one-line reason on failure. */
struct debugger *debugger_create(struct pc *pc, const struct pc_config *cfg, char *err, size_t errlen);
/* Runs the machine until it ends, or until `quit` or gdb's kill (then PC_EXIT_NONE with status 0). */
enum pc_exit_reason debugger_run(struct debugger *d, int *status);
void debugger_destroy(struct debugger *d);
/* From a signal handler: SIGINT stops the guest into the monitor when the monitor is on the terminal (returns
 * 1); for any other signal it returns 0 and the caller ends the run as usual (pc_request_stop). */
int debugger_signal(struct debugger *d, int sig);
void debugger_set_screendump(struct debugger *d, screendump_fn *fn, void *opaque);

/* ---- for monitor.c and gdbstub.c ---- */
struct pc *debugger_pc(struct debugger *d);
struct cpu *debugger_cpu(struct debugger *d);
int debugger_running(const struct debugger *d);
/* Lets the guest run: `steps` instructions (then STOP_STEP), or until something stops it (steps = 0). */
void debugger_resume(struct debugger *d, uint64_t steps, enum debug_client who);
/* Asks a running guest to stop (STOP_INTERRUPT at the end of the current slice). */
void debugger_pause(struct debugger *d, enum debug_client who);
void debugger_quit(struct debugger *d);
/* Breakpoints at linear addresses and watchpoints over linear ranges (HOST_WP_*), owned by a client: 0, or -1
 * when the table is full or (removing) no such point exists. */
int debugger_break_insert(struct debugger *d, uint32_t lin, enum debug_client owner);
int debugger_break_remove(struct debugger *d, uint32_t lin, enum debug_client owner);
int debugger_watch_insert(struct debugger *d, uint32_t lin, uint32_t len, int type, enum debug_client owner);
int debugger_watch_remove(struct debugger *d, uint32_t lin, uint32_t len, int type, enum debug_client owner);
/* Removes every point a client set (gdb detaching). */
void debugger_clear_points(struct debugger *d, enum debug_client owner);
const struct host_debug *debugger_points(const struct debugger *d);
/* Where the last stop happened (the breakpoint's or watchpoint's address, the watch access type). */
uint32_t debugger_stop_address(const struct debugger *d);
int debugger_stop_watch_type(const struct debugger *d);
int debugger_screendump(struct debugger *d, const char *path, char *err, size_t errlen);
/* Whether a gdb is connected (the monitor then stays quiet about stops gdb asked for). */
int debugger_gdb_connected(const struct debugger *d);

/* A listening TCP socket for "tcp:HOST:PORT" or "tcp::PORT" (127.0.0.1 when the host is empty): the fd, or -1
 * with a reason. */
int debugger_listen(const char *spec, char *err, size_t errlen);

#endif
