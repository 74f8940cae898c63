/* Run control for the monitor and the gdb stub (see debugger.h). */
#include "frontend/debugger.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "frontend/gdbstub.h"
#include "frontend/monitor.h"

/* Instructions between two looks at the clients: about a millisecond of host time. */
enum { DEBUG_SLICE = 1 << 18 };

struct debugger {
    struct pc *pc;
    struct cpu *cpu;
    struct host_debug hd;        /* the CPU's cpu->hdbg points here */
    uint8_t bp_owner[HOST_BP_MAX], wp_owner[HOST_WP_MAX];
    int running;
    uint64_t step_left;          /* instructions left of a step; 0 = run until something stops the guest */
    enum debug_client resumed_by;
    volatile sig_atomic_t pause_request;
    int quit;
    unsigned idle_ticks;         /* polls that timed out while the guest was stopped */
    struct monitor *mon;
    struct gdbstub *gdb;
    screendump_fn *screendump;
    void *screendump_opaque;
};

struct debugger *debugger_create(struct pc *pc, const struct pc_config *cfg, char *err, size_t errlen)
{
    struct debugger *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    d->pc = pc;
    d->cpu = pc_cpu(pc);
    d->hd.resume_icount = UINT64_MAX;
    d->hd.magic_break = cfg->magic_break;
    if ((cfg->monitor && !(d->mon = monitor_create(d, cfg->monitor, err, errlen))) ||
        (cfg->gdb && !(d->gdb = gdbstub_create(d, cfg->gdb, err, errlen)))) {
        debugger_destroy(d);
        return NULL;
    }
    d->cpu->hdbg = &d->hd;
    cpu_host_debug_changed(d->cpu);
    d->running = !cfg->wait_at_start;
    d->resumed_by = BY_NOBODY;
    return d;
}

void debugger_destroy(struct debugger *d)
{
    if (!d)
        return;
    if (d->cpu->hdbg == &d->hd) {
        d->cpu->hdbg = NULL;
        cpu_host_debug_changed(d->cpu);
    }
    monitor_destroy(d->mon);
    gdbstub_destroy(d->gdb);
    free(d);
}

int debugger_signal(struct debugger *d, int sig)
{
    if (sig == SIGINT && d->mon && monitor_on_stdio(d->mon)) {
        d->pause_request = 1;
        d->cpu->exit_request = 1;    /* leave the current slice at once */
        d->cpu->stop = 1;
        return 1;
    }
    return 0;
}

void debugger_set_screendump(struct debugger *d, screendump_fn *fn, void *opaque)
{
    d->screendump = fn;
    d->screendump_opaque = opaque;
}

int debugger_screendump(struct debugger *d, const char *path, char *err, size_t errlen)
{
    if (!d->screendump) {
        snprintf(err, errlen, "no display");
        return -1;
    }
    return d->screendump(d->screendump_opaque, path, err, errlen);
}

struct pc *debugger_pc(struct debugger *d) { return d->pc; }
struct cpu *debugger_cpu(struct debugger *d) { return d->cpu; }
int debugger_running(const struct debugger *d) { return d->running; }
const struct host_debug *debugger_points(const struct debugger *d) { return &d->hd; }
uint32_t debugger_stop_address(const struct debugger *d) { return d->hd.stop_lin; }
int debugger_stop_watch_type(const struct debugger *d) { return d->hd.stop_watch_type; }
int debugger_gdb_connected(const struct debugger *d) { return d->gdb && gdbstub_connected(d->gdb); }

void debugger_resume(struct debugger *d, uint64_t steps, enum debug_client who)
{
    struct cpu *c = d->cpu;
    /* the instruction we stand on runs even if a breakpoint is set on it */
    d->hd.resume_icount = c->icount;
    d->hd.resume_lin = c->seg[S_CS].base + c->eip;
    d->step_left = steps;
    d->resumed_by = who;
    d->running = 1;
}

void debugger_pause(struct debugger *d, enum debug_client who)
{
    if (!d->running)
        return;
    d->resumed_by = who;
    d->pause_request = 1;
}

void debugger_quit(struct debugger *d)
{
    d->quit = 1;
}

int debugger_break_insert(struct debugger *d, uint32_t lin, enum debug_client owner)
{
    if (d->hd.n_bp >= HOST_BP_MAX)
        return -1;
    d->bp_owner[d->hd.n_bp] = (uint8_t)owner;
    d->hd.bp[d->hd.n_bp++] = lin;
    cpu_host_debug_changed(d->cpu);
    return 0;
}

static void remove_bp(struct debugger *d, unsigned k)
{
    for (unsigned j = k + 1; j < d->hd.n_bp; j++) {
        d->hd.bp[j - 1] = d->hd.bp[j];
        d->bp_owner[j - 1] = d->bp_owner[j];
    }
    d->hd.n_bp--;
}

int debugger_break_remove(struct debugger *d, uint32_t lin, enum debug_client owner)
{
    for (unsigned k = 0; k < d->hd.n_bp; k++) {
        if (d->hd.bp[k] == lin && d->bp_owner[k] == owner) {
            remove_bp(d, k);
            cpu_host_debug_changed(d->cpu);
            return 0;
        }
    }
    return -1;
}

int debugger_watch_insert(struct debugger *d, uint32_t lin, uint32_t len, int type, enum debug_client owner)
{
    if (d->hd.n_wp >= HOST_WP_MAX || len == 0)
        return -1;
    d->wp_owner[d->hd.n_wp] = (uint8_t)owner;
    d->hd.wp[d->hd.n_wp++] = (struct host_watch){ lin, len, type };
    cpu_host_debug_changed(d->cpu);
    return 0;
}

static void remove_wp(struct debugger *d, unsigned k)
{
    for (unsigned j = k + 1; j < d->hd.n_wp; j++) {
        d->hd.wp[j - 1] = d->hd.wp[j];
        d->wp_owner[j - 1] = d->wp_owner[j];
    }
    d->hd.n_wp--;
}

int debugger_watch_remove(struct debugger *d, uint32_t lin, uint32_t len, int type, enum debug_client owner)
{
    for (unsigned k = 0; k < d->hd.n_wp; k++) {
        const struct host_watch *w = &d->hd.wp[k];
        if (w->lin == lin && w->len == len && w->type == type && d->wp_owner[k] == owner) {
            remove_wp(d, k);
            cpu_host_debug_changed(d->cpu);
            return 0;
        }
    }
    return -1;
}

void debugger_clear_points(struct debugger *d, enum debug_client owner)
{
    for (unsigned k = d->hd.n_bp; k-- > 0;)
        if (d->bp_owner[k] == owner)
            remove_bp(d, k);
    for (unsigned k = d->hd.n_wp; k-- > 0;)
        if (d->wp_owner[k] == owner)
            remove_wp(d, k);
    cpu_host_debug_changed(d->cpu);
}

int debugger_listen(const char *spec, char *err, size_t errlen)
{
    char host[128];
    const char *colon = strchr(spec + 4, ':');
    size_t host_len = colon ? (size_t)(colon - (spec + 4)) : 0;
    if (strncmp(spec, "tcp:", 4) != 0 || !colon || host_len >= sizeof host) {
        snprintf(err, errlen, "%s: expected tcp:HOST:PORT", spec);
        return -1;
    }
    memcpy(host, spec + 4, host_len);
    host[host_len] = 0;
    char port[16];
    snprintf(port, sizeof port, "%.*s", (int)strcspn(colon + 1, ","), colon + 1);
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    int r = getaddrinfo(host_len ? host : "127.0.0.1", port, &hints, &res);
    if (r != 0) {
        snprintf(err, errlen, "%s: %s", spec, gai_strerror(r));
        return -1;
    }
    int fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, 0), one = 1;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, 1) < 0) {
        snprintf(err, errlen, "%s: %s", spec, strerror(errno));
        if (fd >= 0)
            close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

/* ---- the loop ---- */

static void report_stop(struct debugger *d, enum debug_stop why)
{
    d->running = 0;
    d->step_left = 0;
    d->pause_request = 0;
    if (d->mon)
        monitor_stopped(d->mon, why, d->resumed_by == BY_MONITOR);
    if (d->gdb)
        gdbstub_stopped(d->gdb, why);
}

static enum debug_stop host_stop_reason(enum host_stop s)
{
    switch (s) {
    case HOST_STOP_BREAK: return STOP_BREAK;
    case HOST_STOP_WATCH: return STOP_WATCH;
    case HOST_STOP_MAGIC: return STOP_MAGIC;
    default: return STOP_NONE;
    }
}

/* Runs one slice; returns the machine's exit reason (PC_EXIT_NONE while it goes on). */
static enum pc_exit_reason run_slice(struct debugger *d)
{
    struct cpu *c = d->cpu;
    uint64_t n = d->step_left && d->step_left < DEBUG_SLICE ? d->step_left : DEBUG_SLICE;
    uint64_t before = c->icount;
    d->hd.stop = HOST_STOP_NONE;
    enum pc_exit_reason r = pc_run_slice(d->pc, n);
    if (r != PC_EXIT_NONE)
        return r;
    uint64_t done = c->icount - before;
    if (d->hd.stop != HOST_STOP_NONE) {
        report_stop(d, host_stop_reason(d->hd.stop));
    } else if (d->step_left && done >= d->step_left) {
        report_stop(d, STOP_STEP);
    } else {
        if (d->step_left)
            d->step_left -= done;
        if (d->pause_request)
            report_stop(d, STOP_INTERRUPT);
    }
    return PC_EXIT_NONE;
}

/* Waits for the clients (no wait while the guest runs) and lets them handle what arrived. */
static void serve_clients(struct debugger *d)
{
    struct pollfd fds[MONITOR_MAX_FDS + GDBSTUB_MAX_FDS];
    unsigned nm = d->mon ? monitor_pollfds(d->mon, fds) : 0;
    unsigned ng = d->gdb ? gdbstub_pollfds(d->gdb, fds + nm) : 0;
    int r = poll(fds, nm + ng, d->running ? 0 : 100);
    if (r == 0 && !d->running)
        d->idle_ticks++;
    if (r > 0) {
        if (d->mon)
            monitor_poll(d->mon, fds, nm);
        if (d->gdb)
            gdbstub_poll(d->gdb, fds + nm, ng);
    }
    if (!d->running && d->mon)
        monitor_run_pending(d->mon);
}

/* Nobody can ever let a stopped guest run again: the monitor's input ended and there is no gdb to wait for. */
static int abandoned(const struct debugger *d)
{
    return !d->running && d->mon && monitor_input_closed(d->mon) && !d->gdb;
}

enum pc_exit_reason debugger_run(struct debugger *d, int *status)
{
    enum pc_exit_reason r = PC_EXIT_NONE;
    while (!d->quit && !abandoned(d)) {
        if (d->running && (r = run_slice(d)) != PC_EXIT_NONE)
            break;
        /* While stopped, an empty slice now and then lets the display redraw and a SIGTERM end the run; it runs
         * no instruction and moves no time. */
        if (!d->running && d->idle_ticks && (r = pc_run_slice(d->pc, 0)) != PC_EXIT_NONE)
            break;
        d->idle_ticks = 0;
        if (!d->running && d->pause_request)
            d->pause_request = 0;
        serve_clients(d);
    }
    if (r == PC_EXIT_NONE) {
        *status = 0;             /* quit, kill, or the monitor's input ended */
        return r;
    }
    *status = pc_exit_status(d->pc);
    if (d->mon)
        monitor_exited(d->mon, r, *status);
    if (d->gdb)
        gdbstub_exited(d->gdb, *status);
    return r;
}
