/* The gdb remote serial protocol stub (see gdbstub.h). The register packets are in gdbstub_regs.c. */
#include "frontend/gdbstub.h"
#include "frontend/gdbstub_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "frontend/guest_mem.h"

/* gdb's own i386 description for the first 32 registers, plus the control registers. The architecture goes
 * between the two parts: i8086 when gdb connects to a CPU in real or virtual-8086 mode, which is what makes gdb
 * disassemble 16-bit code (a `set architecture i8086` cannot override a target description's i386), else
 * i386; `set architecture i386` switches once the guest is in protected mode. */
static const char xml_head[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\">\n"
    "<architecture>";
static const char xml_features[] =
    "</architecture>\n"
    "<feature name=\"org.gnu.gdb.i386.core\">\n"
    "<reg name=\"eax\" bitsize=\"32\" type=\"int32\" regnum=\"0\"/>\n"
    "<reg name=\"ecx\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"edx\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"ebx\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"esp\" bitsize=\"32\" type=\"data_ptr\"/>\n"
    "<reg name=\"ebp\" bitsize=\"32\" type=\"data_ptr\"/>\n"
    "<reg name=\"esi\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"edi\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"eip\" bitsize=\"32\" type=\"code_ptr\"/>\n"
    "<reg name=\"eflags\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"cs\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"ss\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"ds\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"es\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"fs\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"gs\" bitsize=\"32\" type=\"int32\"/>\n"
    "<reg name=\"st0\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st1\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st2\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st3\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st4\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st5\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st6\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"st7\" bitsize=\"80\" type=\"i387_ext\"/>\n"
    "<reg name=\"fctrl\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fstat\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"ftag\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fiseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fioff\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"foseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fooff\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "<reg name=\"fop\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
    "</feature>\n"
    "<feature name=\"org.x86pc.system\">\n"
    "<reg name=\"cr0\" bitsize=\"32\" type=\"int32\" group=\"system\"/>\n"
    "<reg name=\"cr2\" bitsize=\"32\" type=\"int32\" group=\"system\"/>\n"
    "<reg name=\"cr3\" bitsize=\"32\" type=\"int32\" group=\"system\"/>\n"
    "<reg name=\"cr4\" bitsize=\"32\" type=\"int32\" group=\"system\"/>\n"
    "</feature>\n"
    "</target>\n";

/* ---- the connection ---- */

static void send_raw(struct gdbstub *g, const char *data, size_t len)
{
    for (size_t done = 0; g->fd >= 0 && done < len;) {
        ssize_t w = send(g->fd, data + done, len - done, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        done += (size_t)w;
    }
}

/* Sends $data#checksum, escaping the bytes the protocol reserves. */
void gdb_reply_bytes(struct gdbstub *g, const char *data, size_t len)
{
    char *out = g->out;
    size_t n = 0;
    unsigned sum = 0;
    out[n++] = '$';
    for (size_t k = 0; k < len && n < sizeof g->out - 8; k++) {
        char ch = data[k];
        if (ch == '$' || ch == '#' || ch == '}' || ch == '*') {
            out[n++] = '}';
            sum += '}';
            ch ^= 0x20;
        }
        out[n++] = ch;
        sum += (unsigned char)ch;
    }
    n += (size_t)snprintf(out + n, sizeof g->out - n, "#%02x", sum & 0xff);
    send_raw(g, out, n);
}

void gdb_reply(struct gdbstub *g, const char *text)
{
    gdb_reply_bytes(g, text, strlen(text));
}

static void disconnect(struct gdbstub *g)
{
    if (g->fd < 0)
        return;
    close(g->fd);
    g->fd = -1;
    g->in_len = 0;
    g->waiting_stop = 0;
    /* as QEMU does: gdb's breakpoints go, and the guest runs on */
    debugger_clear_points(g->dbg, BY_GDB);
    if (!debugger_running(g->dbg))
        debugger_resume(g->dbg, 0, BY_NOBODY);
}

/* ---- stop replies ---- */

static const char *watch_kind(struct gdbstub *g, uint32_t addr)
{
    const struct host_debug *h = debugger_points(g->dbg);
    for (unsigned k = 0; k < h->n_wp; k++)
        if (h->wp[k].lin == addr)
            return h->wp[k].type == HOST_WP_WRITE ? "watch" : h->wp[k].type == HOST_WP_READ ? "rwatch" : "awatch";
    return "awatch";
}

static void send_stop_reply(struct gdbstub *g, enum debug_stop why)
{
    char buf[96];
    if (why == STOP_INTERRUPT) {
        snprintf(buf, sizeof buf, "T02thread:01;");
    } else if (why == STOP_WATCH) {
        uint32_t addr = debugger_stop_address(g->dbg);
        snprintf(buf, sizeof buf, "T05%s:%08x;thread:01;", watch_kind(g, addr), addr);
    } else if (why == STOP_BREAK && g->gdb_swbreak) {
        snprintf(buf, sizeof buf, "T05swbreak:;thread:01;");
    } else {
        snprintf(buf, sizeof buf, "T05thread:01;");
    }
    gdb_reply(g, buf);
}

void gdbstub_stopped(struct gdbstub *g, enum debug_stop why)
{
    if (g->fd < 0 || !g->waiting_stop)
        return;
    g->waiting_stop = 0;
    send_stop_reply(g, why);
}

void gdbstub_exited(struct gdbstub *g, int status)
{
    char buf[16];
    if (g->fd < 0)
        return;
    snprintf(buf, sizeof buf, "W%02x", status & 0xff);
    gdb_reply(g, buf);
}

int gdbstub_connected(const struct gdbstub *g)
{
    return g->fd >= 0;
}

/* ---- packets ---- */

int gdb_hex_value(char ch)
{
    return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
         : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

/* A hex number up to a delimiter; *p moves past it. -1 when there is none. */
int gdb_parse_hex(const char **p, uint64_t *out)
{
    uint64_t v = 0;
    int digits = 0, h;
    while ((h = gdb_hex_value(**p)) >= 0 && digits < 16) {
        v = v << 4 | (uint64_t)h;
        ++*p;
        digits++;
    }
    *out = v;
    return digits ? 0 : -1;
}

static void read_memory(struct gdbstub *g, const char *args)
{
    uint64_t addr, len;
    if (gdb_parse_hex(&args, &addr) < 0 || *args++ != ',' || gdb_parse_hex(&args, &len) < 0) {
        gdb_reply(g, "E01");
        return;
    }
    if (len > GDB_PACKET_MAX / 2)
        len = GDB_PACKET_MAX / 2;
    uint8_t data[GDB_PACKET_MAX / 2];
    char hex[GDB_PACKET_MAX + 1];
    if (guest_read(debugger_cpu(g->dbg), (uint32_t)addr, data, (size_t)len) < 0) {
        gdb_reply(g, "E14");
        return;
    }
    for (uint64_t k = 0; k < len; k++)
        snprintf(hex + 2 * k, 3, "%02x", data[k]);
    hex[2 * len] = 0;
    gdb_reply(g, hex);
}

static void write_memory(struct gdbstub *g, const char *args)
{
    uint64_t addr, len;
    uint8_t data[GDB_PACKET_MAX / 2];
    if (gdb_parse_hex(&args, &addr) < 0 || *args++ != ',' || gdb_parse_hex(&args, &len) < 0 || *args++ != ':' ||
        len > sizeof data || strlen(args) != 2 * len) {
        gdb_reply(g, "E01");
        return;
    }
    for (uint64_t k = 0; k < len; k++) {
        int hi = gdb_hex_value(args[2 * k]), lo = gdb_hex_value(args[2 * k + 1]);
        if (hi < 0 || lo < 0) {
            gdb_reply(g, "E01");
            return;
        }
        data[k] = (uint8_t)(hi << 4 | lo);
    }
    gdb_reply(g, guest_write(debugger_cpu(g->dbg), (uint32_t)addr, data, (size_t)len) < 0 ? "E14" : "OK");
}

/* Z/z TYPE,ADDR,KIND: 0 and 1 breakpoints, 2 write, 3 read, 4 access watchpoints. */
static void breakpoint_packet(struct gdbstub *g, const char *p, int insert)
{
    uint64_t type, addr, kind;
    const char *q = p + 1;
    if (gdb_parse_hex(&q, &type) < 0 || *q++ != ',' || gdb_parse_hex(&q, &addr) < 0 || *q++ != ',' ||
        gdb_parse_hex(&q, &kind) < 0 || type > 4) {
        gdb_reply(g, type > 4 ? "" : "E01");
        return;
    }
    int r;
    if (type <= 1) {
        r = insert ? debugger_break_insert(g->dbg, (uint32_t)addr, BY_GDB)
                   : debugger_break_remove(g->dbg, (uint32_t)addr, BY_GDB);
    } else {
        static const int wp_type[5] = { 0, 0, HOST_WP_WRITE, HOST_WP_READ, HOST_WP_ACCESS };
        uint32_t len = kind ? (uint32_t)kind : 1;
        r = insert ? debugger_watch_insert(g->dbg, (uint32_t)addr, len, wp_type[type], BY_GDB)
                   : debugger_watch_remove(g->dbg, (uint32_t)addr, len, wp_type[type], BY_GDB);
    }
    gdb_reply(g, r < 0 ? "E22" : "OK");
}

/* qXfer:features:read:target.xml:OFFSET,LENGTH */
static void xfer_features(struct gdbstub *g, const char *args)
{
    const char *prefix = "target.xml:";
    uint64_t off, len;
    const struct cpu *c = debugger_cpu(g->dbg);
    if (strncmp(args, prefix, strlen(prefix)) != 0) {
        gdb_reply(g, "E00");
        return;
    }
    args += strlen(prefix);
    if (gdb_parse_hex(&args, &off) < 0 || *args++ != ',' || gdb_parse_hex(&args, &len) < 0) {
        gdb_reply(g, "E01");
        return;
    }
    if (off == 0)                /* gdb reads from 0 first: the text stays the same for the later parts */
        snprintf(g->xml, sizeof g->xml, "%s%s%s", xml_head, !c->pe || c->v86 ? "i8086" : "i386", xml_features);
    size_t total = strlen(g->xml);
    if (off >= total) {
        gdb_reply(g, "l");
        return;
    }
    if (len > GDB_PACKET_MAX - 2)
        len = GDB_PACKET_MAX - 2;
    size_t n = total - off < len ? total - (size_t)off : (size_t)len;
    char buf[GDB_PACKET_MAX];
    buf[0] = off + n < total ? 'm' : 'l';
    memcpy(buf + 1, g->xml + off, n);
    gdb_reply_bytes(g, buf, n + 1);
}

static void query_packet(struct gdbstub *g, const char *p)
{
    if (strncmp(p, "qSupported", 10) == 0) {
        g->gdb_swbreak = strstr(p, "swbreak+") != NULL;
        char buf[160];
        snprintf(buf, sizeof buf, "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+;vContSupported+%s",
                 GDB_PACKET_MAX, g->gdb_swbreak ? ";swbreak+;hwbreak+" : "");
        gdb_reply(g, buf);
    } else if (strncmp(p, "qXfer:features:read:", 20) == 0) {
        xfer_features(g, p + 20);
    } else if (strcmp(p, "qAttached") == 0) {
        gdb_reply(g, "1");
    } else if (strcmp(p, "qC") == 0) {
        gdb_reply(g, "QC01");
    } else if (strcmp(p, "qfThreadInfo") == 0) {
        gdb_reply(g, "m01");
    } else if (strcmp(p, "qsThreadInfo") == 0) {
        gdb_reply(g, "l");
    } else if (strncmp(p, "qSymbol", 7) == 0) {
        gdb_reply(g, "OK");
    } else {
        gdb_reply(g, "");
    }
}

/* Resumes: step (1 instruction) or continue; an address argument moves the instruction pointer first. */
static void resume(struct gdbstub *g, int step, const char *addr_text)
{
    uint64_t addr;
    if (addr_text && gdb_parse_hex(&addr_text, &addr) == 0)
        gdb_set_pc(g, (uint32_t)addr);
    g->waiting_stop = 1;
    debugger_resume(g->dbg, step ? 1 : 0, BY_GDB);
}

/* vCont;ACTION[:THREAD][;ACTION...]: there is one thread, so the first action decides. */
static void vcont_packet(struct gdbstub *g, const char *p)
{
    if (strcmp(p, "vCont?") == 0) {
        gdb_reply(g, "vCont;c;C;s;S");
    } else if (strncmp(p, "vCont;", 6) == 0 && strchr("cCsS", p[6]) && p[6]) {
        resume(g, p[6] == 's' || p[6] == 'S', NULL);
    } else if (strncmp(p, "vKill", 5) == 0) {
        gdb_reply(g, "OK");
        debugger_quit(g->dbg);
    } else {
        gdb_reply(g, "");
    }
}

static void handle_packet(struct gdbstub *g, char *p)
{
    switch (p[0]) {
    case '?': send_stop_reply(g, STOP_NONE); break;
    case 'g': gdb_read_registers(g); break;
    case 'G': gdb_write_registers(g, p + 1); break;
    case 'p': gdb_read_register(g, p + 1); break;
    case 'P': gdb_write_register(g, p + 1); break;
    case 'm': read_memory(g, p + 1); break;
    case 'M': write_memory(g, p + 1); break;
    case 'c': resume(g, 0, p[1] ? p + 1 : NULL); break;
    case 's': resume(g, 1, p[1] ? p + 1 : NULL); break;
    case 'C': resume(g, 0, NULL); break;     /* a signal to deliver means nothing to a bare machine */
    case 'S': resume(g, 1, NULL); break;
    case 'Z': breakpoint_packet(g, p, 1); break;
    case 'z': breakpoint_packet(g, p, 0); break;
    case 'q': query_packet(g, p); break;
    case 'v': vcont_packet(g, p); break;
    case 'H': case 'T': gdb_reply(g, "OK"); break;
    case 'Q':
        if (strcmp(p, "QStartNoAckMode") == 0) {
            gdb_reply(g, "OK");
            g->no_ack = 1;
        } else {
            gdb_reply(g, "");
        }
        break;
    case 'k': debugger_quit(g->dbg); disconnect(g); break;
    case 'D': gdb_reply(g, "OK"); disconnect(g); break;
    default: gdb_reply(g, ""); break;
    }
}

/* Takes the complete packets and interrupt bytes out of the input buffer. */
static void process_input(struct gdbstub *g)
{
    size_t pos = 0;
    while (pos < g->in_len && g->fd >= 0) {
        char ch = g->in[pos];
        if (ch == 0x03) {
            debugger_pause(g->dbg, BY_GDB);
            pos++;
            continue;
        }
        if (ch != '$') {
            pos++;               /* acks ('+', '-') and noise */
            continue;
        }
        char *hash = memchr(g->in + pos, '#', g->in_len - pos);
        if (!hash || (size_t)(hash - g->in) + 3 > g->in_len)
            break;               /* incomplete */
        size_t start = pos + 1, end = (size_t)(hash - g->in);
        unsigned sum = 0;
        for (size_t k = start; k < end; k++)
            sum += (unsigned char)g->in[k];
        int want = gdb_hex_value(hash[1]) << 4 | gdb_hex_value(hash[2]);
        pos = end + 3;
        if (!g->no_ack)
            send_raw(g, (sum & 0xff) == (unsigned)want ? "+" : "-", 1);
        if ((sum & 0xff) != (unsigned)want)
            continue;
        char packet[GDB_PACKET_MAX + 1];
        size_t n = end - start < GDB_PACKET_MAX ? end - start : GDB_PACKET_MAX;
        memcpy(packet, g->in + start, n);
        packet[n] = 0;
        handle_packet(g, packet);
    }
    if (g->fd < 0)
        return;
    memmove(g->in, g->in + pos, g->in_len - pos);
    g->in_len -= pos;
}

static void read_client(struct gdbstub *g)
{
    if (g->in_len == sizeof g->in)
        g->in_len = 0;           /* a packet larger than we ever allow: drop it */
    ssize_t n = recv(g->fd, g->in + g->in_len, sizeof g->in - g->in_len, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        disconnect(g);
        return;
    }
    g->in_len += (size_t)n;
    process_input(g);
}

static void accept_client(struct gdbstub *g)
{
    int fd = accept(g->listen_fd, NULL, NULL);
    if (fd < 0)
        return;
    if (g->fd >= 0) {
        close(fd);
        return;
    }
    g->fd = fd;
    g->no_ack = 0;
    g->gdb_swbreak = 0;
    /* gdb expects a stopped target when it attaches */
    debugger_pause(g->dbg, BY_GDB);
}

unsigned gdbstub_pollfds(struct gdbstub *g, struct pollfd *fds)
{
    unsigned n = 0;
    if (g->fd < 0)
        fds[n++] = (struct pollfd){ g->listen_fd, POLLIN, 0 };
    else
        fds[n++] = (struct pollfd){ g->fd, POLLIN, 0 };
    return n;
}

void gdbstub_poll(struct gdbstub *g, const struct pollfd *fds, unsigned n)
{
    for (unsigned k = 0; k < n; k++) {
        if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        if (fds[k].fd == g->listen_fd)
            accept_client(g);
        else if (fds[k].fd == g->fd)
            read_client(g);
    }
}

struct gdbstub *gdbstub_create(struct debugger *d, const char *spec, char *err, size_t errlen)
{
    struct gdbstub *g = calloc(1, sizeof *g);
    if (!g) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    g->dbg = d;
    g->fd = -1;
    char why[256];
    g->listen_fd = debugger_listen(spec, why, sizeof why);
    if (g->listen_fd < 0) {
        snprintf(err, errlen, "-gdb %s", why);
        free(g);
        return NULL;
    }
    return g;
}

void gdbstub_destroy(struct gdbstub *g)
{
    if (!g)
        return;
    if (g->fd >= 0)
        close(g->fd);
    close(g->listen_fd);
    free(g);
}
