/* The monitor (see monitor.h): its input and output, the command table, and the commands that control the run,
 * breakpoints, snapshots and keys. Looking at the machine is in monitor_info.c. */
#include "frontend/monitor_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cpu/cpu_state.h"
#include "frontend/guest_mem.h"

enum { MAX_ARGS = 8 };

typedef void command_fn(struct monitor *m, unsigned argc, char **argv);

struct command {
    const char *names;           /* "step|s": the name and its short forms */
    const char *args;
    const char *help;
    command_fn *fn;
    int while_running;           /* runs at once even while the guest runs */
};

void mon_printf(struct monitor *m, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || m->out_fd < 0)
        return;
    size_t len = (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
    if (m->on_stdio) {
        fwrite(buf, 1, len, stdout);     /* the same stream as the debug console, so their order is kept */
        fflush(stdout);
        return;
    }
    for (size_t done = 0; done < len;) {
        ssize_t w = send(m->out_fd, buf + done, len - done, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        done += (size_t)w;
    }
}

unsigned mon_split(char *line, char **argv, unsigned max)
{
    unsigned n = 0;
    char *p = line;
    while (n < max) {
        p += strspn(p, " \t\r");
        if (!*p)
            break;
        argv[n++] = p;
        p += strcspn(p, " \t\r");
        if (*p)
            *p++ = 0;
    }
    return n;
}

int mon_parse_number(const char *text, uint64_t *out)
{
    char *end;
    if (!*text || *text == '-')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 0);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

static const char *const reg_names[] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };

static int register_value(const struct cpu *c, const char *name, uint32_t *out)
{
    if (strcmp(name, "eip") == 0 || strcmp(name, "pc") == 0) {
        *out = strcmp(name, "pc") == 0 ? c->seg[S_CS].base + c->eip : c->eip;
        return 0;
    }
    for (unsigned r = 0; r < 8; r++) {
        if (strcmp(name, reg_names[r]) == 0) {
            *out = c->gpr[r];
            return 0;
        }
    }
    return -1;
}

/* The base of a segment selector: real/V86 mode selector * 16, protected mode from the GDT or LDT. */
static int selector_base(struct cpu *c, uint16_t sel, uint32_t *base)
{
    if (!c->pe || c->v86) {
        *base = (uint32_t)sel << 4;
        return 0;
    }
    uint32_t lo, hi;
    if (guest_descriptor(c, sel, &lo, &hi) < 0)
        return -1;
    *base = lo >> 16 | (hi & 0xff) << 16 | (hi & 0xff000000u);
    return 0;
}

int mon_parse_address(struct monitor *m, const char *text, uint32_t *out)
{
    struct cpu *c = debugger_cpu(m->dbg);
    uint64_t v, seg;
    const char *colon = strchr(text, ':');
    if (text[0] == '$') {
        if (register_value(c, text + 1, out) == 0)
            return 0;
    } else if (colon) {
        char seg_text[32];
        size_t n = (size_t)(colon - text);
        uint32_t base;
        if (n < sizeof seg_text) {
            memcpy(seg_text, text, n);
            seg_text[n] = 0;
            if (mon_parse_number(seg_text, &seg) == 0 && seg <= 0xffff && mon_parse_number(colon + 1, &v) == 0 &&
                v <= UINT32_MAX) {
                if (selector_base(c, (uint16_t)seg, &base) == 0) {
                    *out = base + (uint32_t)v;
                    return 0;
                }
                mon_printf(m, "%s: no such segment\n", text);
                return -1;
            }
        }
    } else if (mon_parse_number(text, &v) == 0 && v <= UINT32_MAX) {
        *out = (uint32_t)v;
        return 0;
    }
    mon_printf(m, "%s: expected an address (0x1000, SEG:OFF or $reg)\n", text);
    return -1;
}

/* ---- run control ---- */

static void cmd_continue(struct monitor *m, unsigned argc, char **argv)
{
    (void)argc;
    (void)argv;
    debugger_resume(m->dbg, 0, BY_MONITOR);
}

static void cmd_step(struct monitor *m, unsigned argc, char **argv)
{
    uint64_t n = 1;
    if (argc > 1 && (mon_parse_number(argv[1], &n) < 0 || n == 0)) {
        mon_printf(m, "step: expected a number of instructions\n");
        return;
    }
    debugger_resume(m->dbg, n, BY_MONITOR);
}

static void cmd_stop(struct monitor *m, unsigned argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (debugger_running(m->dbg))
        debugger_pause(m->dbg, BY_MONITOR);
}

static void cmd_quit(struct monitor *m, unsigned argc, char **argv)
{
    (void)argc;
    (void)argv;
    debugger_quit(m->dbg);
}

static void cmd_system_reset(struct monitor *m, unsigned argc, char **argv)
{
    (void)argc;
    (void)argv;
    pc_system_reset(debugger_pc(m->dbg));
}

/* ---- breakpoints and watchpoints ---- */

static void cmd_break(struct monitor *m, unsigned argc, char **argv)
{
    uint32_t lin;
    if (argc < 2) {
        mon_printf(m, "break: expected an address\n");
        return;
    }
    if (mon_parse_address(m, argv[1], &lin) < 0)
        return;
    if (debugger_break_insert(m->dbg, lin, BY_MONITOR) < 0)
        mon_printf(m, "break: too many breakpoints\n");
    else
        mon_printf(m, "breakpoint %u at %08x\n", debugger_points(m->dbg)->n_bp, lin);
}

static void watch(struct monitor *m, unsigned argc, char **argv, int type)
{
    uint32_t lin;
    uint64_t len = 1;
    if (argc < 2) {
        mon_printf(m, "%s: expected an address and a length\n", argv[0]);
        return;
    }
    if (mon_parse_address(m, argv[1], &lin) < 0)
        return;
    if (argc > 2 && (mon_parse_number(argv[2], &len) < 0 || len == 0 || len > 4096)) {
        mon_printf(m, "%s: the length is 1 to 4096 bytes\n", argv[0]);
        return;
    }
    if (debugger_watch_insert(m->dbg, lin, (uint32_t)len, type, BY_MONITOR) < 0)
        mon_printf(m, "%s: too many watchpoints\n", argv[0]);
    else
        mon_printf(m, "watchpoint w%u at %08x, %u bytes\n", debugger_points(m->dbg)->n_wp, lin, (unsigned)len);
}

static void cmd_watch(struct monitor *m, unsigned argc, char **argv) { watch(m, argc, argv, HOST_WP_WRITE); }
static void cmd_rwatch(struct monitor *m, unsigned argc, char **argv) { watch(m, argc, argv, HOST_WP_READ); }
static void cmd_awatch(struct monitor *m, unsigned argc, char **argv) { watch(m, argc, argv, HOST_WP_ACCESS); }

/* delete N: breakpoint N (as numbered by `info breakpoints`); delete wN: watchpoint N; delete: all. */
static void cmd_delete(struct monitor *m, unsigned argc, char **argv)
{
    const struct host_debug *h = debugger_points(m->dbg);
    if (argc < 2) {
        debugger_clear_points(m->dbg, BY_MONITOR);
        return;
    }
    int is_watch = argv[1][0] == 'w';
    uint64_t n;
    if (mon_parse_number(argv[1] + is_watch, &n) < 0 || n == 0 || n > (is_watch ? h->n_wp : h->n_bp)) {
        mon_printf(m, "delete: no such %s\n", is_watch ? "watchpoint" : "breakpoint");
        return;
    }
    if (is_watch) {
        struct host_watch w = h->wp[n - 1];
        if (debugger_watch_remove(m->dbg, w.lin, w.len, w.type, BY_MONITOR) < 0)
            mon_printf(m, "delete: watchpoint %u belongs to gdb\n", (unsigned)n);
    } else if (debugger_break_remove(m->dbg, h->bp[n - 1], BY_MONITOR) < 0) {
        mon_printf(m, "delete: breakpoint %u belongs to gdb\n", (unsigned)n);
    }
}

/* ---- snapshots, screen and keys ---- */

static void cmd_savevm(struct monitor *m, unsigned argc, char **argv)
{
    char err[512];
    if (argc < 2)
        mon_printf(m, "savevm: expected a file name\n");
    else if (pc_snapshot_save(debugger_pc(m->dbg), argv[1], err, sizeof err) < 0)
        mon_printf(m, "savevm: %s\n", err);
}

static void cmd_loadvm(struct monitor *m, unsigned argc, char **argv)
{
    char err[512];
    if (argc < 2)
        mon_printf(m, "loadvm: expected a file name\n");
    else if (pc_snapshot_load(debugger_pc(m->dbg), argv[1], err, sizeof err) < 0)
        mon_printf(m, "loadvm: %s\n", err);
}

static void cmd_screendump(struct monitor *m, unsigned argc, char **argv)
{
    char err[512];
    if (argc < 2)
        mon_printf(m, "screendump: expected a file name\n");
    else if (debugger_screendump(m->dbg, argv[1], err, sizeof err) < 0)
        mon_printf(m, "screendump: %s\n", err);
}

static void cmd_sendkey(struct monitor *m, unsigned argc, char **argv)
{
    uint8_t codes[64];
    char bad[32];
    if (argc < 2) {
        mon_printf(m, "sendkey: expected keys, e.g. ctrl-alt-delete\n");
        return;
    }
    int n = sendkey_scancodes(argv[1], codes, sizeof codes, bad, sizeof bad);
    if (n < 0)
        mon_printf(m, "sendkey: unknown key '%s'\n", bad);
    else
        pc_send_scancodes(debugger_pc(m->dbg), codes, (unsigned)n);
}

static void cmd_info(struct monitor *m, unsigned argc, char **argv) { mon_info(m, argc, argv); }
static void cmd_x(struct monitor *m, unsigned argc, char **argv) { mon_examine(m, argc, argv, 0); }
static void cmd_xp(struct monitor *m, unsigned argc, char **argv) { mon_examine(m, argc, argv, 1); }
static void cmd_disas(struct monitor *m, unsigned argc, char **argv) { mon_disas(m, argc, argv); }
static void cmd_regs(struct monitor *m, unsigned argc, char **argv)
{
    (void)argc;
    (void)argv;
    mon_info_registers(m);
}

static void cmd_help(struct monitor *m, unsigned argc, char **argv);

static const struct command commands[] = {
    { "help|?", "", "this list", cmd_help, 1 },
    { "info", "WHAT", "registers, tlb, mem, devices, device NAME, breakpoints, status", cmd_info, 0 },
    { "registers|regs|r", "", "the CPU registers (info registers)", cmd_regs, 0 },
    { "x", "/FMT ADDR", "memory at a linear address: FMT = count, x d u c i, b h w g (x /8xb 0x7c00)", cmd_x, 0 },
    { "xp", "/FMT ADDR", "memory at a physical address", cmd_xp, 0 },
    { "disas|u", "[ADDR [N]]", "disassemble N instructions (default: 10 at CS:EIP)", cmd_disas, 0 },
    { "break|b", "ADDR", "breakpoint at a linear address, SEG:OFF or $reg", cmd_break, 0 },
    { "watch", "ADDR [LEN]", "stop after a write to [ADDR, ADDR+LEN)", cmd_watch, 0 },
    { "rwatch", "ADDR [LEN]", "stop after a read", cmd_rwatch, 0 },
    { "awatch", "ADDR [LEN]", "stop after a read or a write", cmd_awatch, 0 },
    { "delete|d", "[N | wN]", "delete breakpoint N, watchpoint N, or all", cmd_delete, 0 },
    { "step|s", "[N]", "run N instructions (default 1)", cmd_step, 0 },
    { "cont|continue|c", "", "let the guest run", cmd_continue, 0 },
    { "stop", "", "stop the guest", cmd_stop, 1 },
    { "savevm", "FILE", "save the whole machine to FILE", cmd_savevm, 0 },
    { "loadvm", "FILE", "load the machine from FILE", cmd_loadvm, 0 },
    { "screendump", "FILE", "save the screen (also while the guest runs)", cmd_screendump, 1 },
    { "sendkey", "KEYS", "press and release keys (a, ret, ctrl-alt-delete)", cmd_sendkey, 0 },
    { "system_reset", "", "reset the machine", cmd_system_reset, 0 },
    { "quit|q", "", "end x86pc", cmd_quit, 1 },
};

enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

static void cmd_help(struct monitor *m, unsigned argc, char **argv)
{
    (void)argc;
    (void)argv;
    for (unsigned k = 0; k < N_COMMANDS; k++) {
        char left[40];
        snprintf(left, sizeof left, "%.*s %s", (int)strcspn(commands[k].names, "|"), commands[k].names,
                 commands[k].args);
        mon_printf(m, "%-22s %s\n", left, commands[k].help);
    }
}

static const struct command *find_command(const char *name)
{
    size_t len = strlen(name);
    for (unsigned k = 0; k < N_COMMANDS; k++) {
        for (const char *p = commands[k].names; *p;) {
            size_t n = strcspn(p, "|");
            if (n == len && strncmp(p, name, len) == 0)
                return &commands[k];
            p += n + (p[n] == '|');
        }
    }
    return NULL;
}

/* ---- input ---- */

static void prompt(struct monitor *m)
{
    if (m->interactive && m->out_fd >= 0)
        mon_printf(m, "(x86pc) ");
}

/* The first complete line that may run now: any line while the guest is stopped, or, while it runs, a command
 * that may run at once (stop, quit, help, screendump) typed after it started running. Returns its length (with the newline), 0 when none; *start is its
 * offset. */
static size_t next_line(struct monitor *m, size_t *start)
{
    int running = debugger_running(m->dbg);
    size_t pos = running ? m->held : 0;
    if (!running)
        m->held = 0;
    while (pos < m->input_len) {
        char *nl = memchr(m->input + pos, '\n', m->input_len - pos);
        if (!nl)
            return 0;
        size_t len = (size_t)(nl - (m->input + pos)) + 1;
        if (!running) {
            *start = pos;
            return len;
        }
        char word[16];
        size_t skip = strspn(m->input + pos, " \t");
        size_t n = strcspn(m->input + pos + skip, " \t\r\n");
        if (n < sizeof word) {
            memcpy(word, m->input + pos + skip, n);
            word[n] = 0;
            const struct command *cmd = find_command(word);
            if (cmd && cmd->while_running) {
                *start = pos;
                return len;
            }
        }
        pos += len;
    }
    return 0;
}

static void run_line(struct monitor *m, char *line)
{
    char *argv[MAX_ARGS];
    unsigned argc = mon_split(line, argv, MAX_ARGS);
    if (argc == 0)
        return;
    const struct command *cmd = find_command(argv[0]);
    if (!cmd) {
        mon_printf(m, "unknown command: '%s' (try help)\n", argv[0]);
        return;
    }
    cmd->fn(m, argc, argv);
}

void monitor_run_pending(struct monitor *m)
{
    size_t start, len;
    while ((len = next_line(m, &start)) > 0) {
        char line[MONITOR_LINE_MAX];
        size_t n = len - 1 < sizeof line - 1 ? len - 1 : sizeof line - 1;
        memcpy(line, m->input + start, n);
        line[n] = 0;
        memmove(m->input + start, m->input + start + len, m->input_len - start - len);
        m->input_len -= len;
        int was_running = debugger_running(m->dbg);
        run_line(m, line);
        if (!was_running && debugger_running(m->dbg))
            m->held = m->input_len;
        if (!debugger_running(m->dbg))
            prompt(m);
    }
}

static void close_client(struct monitor *m)
{
    if (m->on_stdio) {
        m->input_closed = 1;
        /* a last command without a newline still counts */
        if (m->input_len && m->input[m->input_len - 1] != '\n' && m->input_len < sizeof m->input)
            m->input[m->input_len++] = '\n';
        return;
    }
    close(m->in_fd);
    m->in_fd = m->out_fd = -1;
    m->input_len = 0;
}

static void read_input(struct monitor *m)
{
    size_t room = sizeof m->input - m->input_len;
    if (room == 0) {
        mon_printf(m, "monitor: line too long, input dropped\n");
        m->input_len = 0;
        return;
    }
    ssize_t n = read(m->in_fd, m->input + m->input_len, room);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        close_client(m);
        return;
    }
    m->input_len += (size_t)n;
}

static void accept_client(struct monitor *m)
{
    int fd = accept(m->listen_fd, NULL, NULL);
    if (fd < 0)
        return;
    if (m->in_fd >= 0) {
        close(fd);               /* one client at a time */
        return;
    }
    m->in_fd = m->out_fd = fd;
    m->interactive = 1;
    mon_printf(m, "x86pc monitor - type 'help' for a list of commands\n");
    prompt(m);
}

unsigned monitor_pollfds(struct monitor *m, struct pollfd *fds)
{
    unsigned n = 0;
    if (m->listen_fd >= 0 && m->in_fd < 0)
        fds[n++] = (struct pollfd){ m->listen_fd, POLLIN, 0 };
    if (m->in_fd >= 0 && !m->input_closed)
        fds[n++] = (struct pollfd){ m->in_fd, POLLIN, 0 };
    return n;
}

void monitor_poll(struct monitor *m, const struct pollfd *fds, unsigned n)
{
    for (unsigned k = 0; k < n; k++) {
        if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        if (fds[k].fd == m->listen_fd)
            accept_client(m);
        else if (fds[k].fd == m->in_fd)
            read_input(m);
    }
    monitor_run_pending(m);
}

/* ---- life cycle and notices ---- */

struct monitor *monitor_create(struct debugger *d, const char *spec, char *err, size_t errlen)
{
    struct monitor *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    m->dbg = d;
    m->listen_fd = m->in_fd = m->out_fd = -1;
    if (strcmp(spec, "stdio") == 0) {
        m->on_stdio = 1;
        m->in_fd = 0;
        m->out_fd = 1;
        m->interactive = isatty(0);
        if (m->interactive)
            mon_printf(m, "x86pc monitor - type 'help' for a list of commands\n");
        return m;
    }
    char why[256];
    m->listen_fd = debugger_listen(spec, why, sizeof why);
    if (m->listen_fd < 0) {
        snprintf(err, errlen, "-monitor %s", why);
        free(m);
        return NULL;
    }
    return m;
}

void monitor_destroy(struct monitor *m)
{
    if (!m)
        return;
    if (!m->on_stdio && m->in_fd >= 0)
        close(m->in_fd);
    if (m->listen_fd >= 0)
        close(m->listen_fd);
    free(m);
}

static const char *stop_text(enum debug_stop why)
{
    switch (why) {
    case STOP_BREAK: return "breakpoint";
    case STOP_WATCH: return "watchpoint";
    case STOP_MAGIC: return "magic breakpoint";
    case STOP_STEP: return "step";
    default: return "stopped";
    }
}

void monitor_stopped(struct monitor *m, enum debug_stop why, int resumed_here)
{
    if (!resumed_here && why != STOP_MAGIC && debugger_gdb_connected(m->dbg))
        return;                  /* gdb asked for this run; it reports the stop */
    if (why == STOP_WATCH) {
        int type = debugger_stop_watch_type(m->dbg);
        char what[64];
        snprintf(what, sizeof what, "watchpoint %08x (%s)", debugger_stop_address(m->dbg),
                 type == HOST_WP_WRITE ? "write" : "read");
        mon_print_position(m, what);
    } else {
        mon_print_position(m, stop_text(why));
    }
    prompt(m);
}

void monitor_exited(struct monitor *m, enum pc_exit_reason reason, int status)
{
    static const char *const text[] = { "", "power-off", "debug-exit port", "reset with -no-reboot", "signal",
                                        "instruction limit", "error" };
    unsigned r = (unsigned)reason < sizeof text / sizeof text[0] ? (unsigned)reason : 6;
    mon_printf(m, "the guest ended (%s), exit status %d\n", text[r], status);
}

int monitor_input_closed(const struct monitor *m)
{
    return m->input_closed && m->input_len == 0;
}

int monitor_on_stdio(const struct monitor *m)
{
    return m->on_stdio;
}
