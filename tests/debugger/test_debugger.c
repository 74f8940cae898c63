/* x86pc driven from outside, against tests/debugger/dbg_guest.asm:
 *  - snapshots on the command line: run N instructions and save, run straight on, load and run on: the same state
 *    hash; corrupt, truncated, foreign and mismatched snapshots get one line and exit status 1;
 *  - the monitor on standard input: breakpoints, steps, watchpoints, the magic breakpoint, memory and registers,
 *    savevm/loadvm, page tables; the same output on every run, and the same final state as a run without it;
 *  - the gdb stub with stock gdb in batch mode (symbols, real-mode and protected-mode breakpoints, stepi,
 *    registers, memory, a watchpoint, an unmapped page, writing memory, the exit), and with raw protocol packets
 *    as the JOS grading scripts send them (Z1, T05, Ctrl-C as T02, W on exit). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tests/debugger/spawn.h"
#include "tests/unit/unit.h"

#define RTC "--rtc-base 2020-01-01T00:00:00"

static char guest_bin[512], guest_elf[512];

static int contains(const char *text, const char *what)
{
    return text && strstr(text, what) != NULL;
}

/* The "state hash XXXX" of a run's stderr, or "" */
static void state_hash(const char *err, char *out, size_t len)
{
    const char *p = err ? strstr(err, "state hash ") : NULL;
    snprintf(out, len, "%.16s", p ? p + 11 : "");
}

static int run_x86pc(const char *args, const char *input, struct run_result *r)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s -bios %s -display none -serial none " RTC " %s", spawn_x86pc(), guest_bin, args);
    return spawn_run(cmd, input, 120, r);
}

static void test_cli_snapshots(void)
{
    char snap[256], args[1024], h_straight[20], h_loaded[20], h_at[20], h_reloaded[20];
    struct run_result r;
    spawn_path(snap, sizeof snap, "cli.snap");
    /* the guest spins at the end (the monitor and gdb end it), so every run here has an instruction limit */
    snprintf(args, sizeof args, "--stop-after-insns 40 --snapshot-save %s --state-hash", snap);
    CHECK_EQ(run_x86pc(args, NULL, &r), 0);
    state_hash(r.err, h_at, sizeof h_at);
    spawn_free(&r);
    CHECK_EQ(run_x86pc("--stop-after-insns 5000 --state-hash", NULL, &r), 0);
    state_hash(r.err, h_straight, sizeof h_straight);
    spawn_free(&r);
    snprintf(args, sizeof args, "-loadvm %s --stop-after-insns 5000 --state-hash", snap);
    CHECK_EQ(run_x86pc(args, NULL, &r), 0);
    state_hash(r.err, h_loaded, sizeof h_loaded);
    spawn_free(&r);
    snprintf(args, sizeof args, "--snapshot-load %s --stop-after-insns 40 --state-hash", snap);
    CHECK_EQ(run_x86pc(args, NULL, &r), 0);
    state_hash(r.err, h_reloaded, sizeof h_reloaded);
    spawn_free(&r);
    CHECK(h_straight[0] && strcmp(h_straight, h_loaded) == 0);
    CHECK(h_at[0] && strcmp(h_at, h_reloaded) == 0 && strcmp(h_at, h_straight) != 0);

    /* refusals: one line, status 1 */
    char bad[256], cmd[1024];
    spawn_path(bad, sizeof bad, "bad.snap");
    snprintf(cmd, sizeof cmd, "head -c 1000 %s > %s", snap, bad);
    CHECK(system(cmd) == 0);
    snprintf(args, sizeof args, "-loadvm %s", bad);
    CHECK_EQ(run_x86pc(args, NULL, &r), 1);
    CHECK(contains(r.err, "truncated") && strchr(r.err, '\n') == r.err + strlen(r.err) - 1);
    spawn_free(&r);
    snprintf(cmd, sizeof cmd, "echo hello > %s", bad);
    CHECK(system(cmd) == 0);
    CHECK_EQ(run_x86pc(args, NULL, &r), 1);
    CHECK(contains(r.err, "not an x86pc snapshot"));
    spawn_free(&r);
    snprintf(args, sizeof args, "-m 32 -loadvm %s", snap);
    CHECK_EQ(run_x86pc(args, NULL, &r), 1);
    CHECK(contains(r.err, "-m 64"));
    spawn_free(&r);
    char other_bios[512];
    spawn_build_file(other_bios, sizeof other_bios, "tests/guest/hello.bin");
    snprintf(cmd, sizeof cmd, "%s -bios %s -display none -loadvm %s", spawn_x86pc(), other_bios, snap);
    CHECK_EQ(spawn_run(cmd, NULL, 60, &r), 1);
    CHECK(contains(r.err, "other firmware"));
    spawn_free(&r);
    CHECK_EQ(run_x86pc("-loadvm /nonexistent/x.snap", NULL, &r), 1);
    spawn_free(&r);
}

static const char monitor_script[] =
    "info status\n"
    "b 0xf0400\n"
    "c\n"
    "x /4xb 0x2000\n"
    "s 2\n"
    "r\n"
    "info breakpoints\n"
    "d 1\n"
    "watch 0x2000 4\n"
    "c\n"
    "c\n"
    "d w1\n"
    "savevm %s\n"
    "s 3\n"
    "loadvm %s\n"
    "x /1xw 0x2000\n"
    "b 0xf0500\n"
    "c\n"
    "info tlb\n"
    "x /1xw 0x800000\n"
    "xp /2xw 0x3000\n"
    "x /2i $pc\n"
    "s 40\n"
    "info devices\n"
    "info device pit\n"
    "screendump %s\n"
    "bogus\n"
    "quit\n";

/* The first bytes of a file, or "" */
static void file_head(const char *path, char *out, size_t len)
{
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(out, 1, len - 1, f) : 0;
    out[n] = 0;
    if (f)
        fclose(f);
}

static void test_monitor(void)
{
    char snap[256], shot[256], head[8], script[2048];
    spawn_path(snap, sizeof snap, "monitor.snap");
    spawn_path(shot, sizeof shot, "monitor.ppm");
    snprintf(script, sizeof script, monitor_script, snap, snap, shot);
    struct run_result a, b;
    run_x86pc("-S -monitor stdio --magic-break --state-hash", script, &a);
    CHECK_EQ(a.status, 0);
    CHECK(contains(a.out, "VM status: paused"));
    CHECK(contains(a.out, "breakpoint: 0008:000f0400 (000f0400) icount 24: inc dword ptr ds:0x2000"));
    CHECK(contains(a.out, "00002000: 0x00 0x00 0x00 0x00"));
    CHECK(contains(a.out, "step: 0008:000f0164 (000f0164) icount 26: cmp dword ptr ds:0x2000,0x5"));
    CHECK(contains(a.out, "EIP=000f0164 EFL=00000002"));
    CHECK(contains(a.out, "CS =0008 00000000 ffffffff 00c09b00"));
    CHECK(contains(a.out, "watchpoint w1 at 00002000, 4 bytes"));
    CHECK(contains(a.out, "watchpoint 00002000 (write): 0008:000f0406 (000f0406) icount 30: ret"));
    CHECK(contains(a.out, "watchpoint 00002000 (write): 0008:000f0406 (000f0406) icount 35: ret"));
    /* loadvm went back to the save (counter 3), not to after the steps */
    CHECK(contains(a.out, "00002000: 0x00000003"));
    CHECK(contains(a.out, "breakpoint: 0008:000f0500"));
    CHECK(contains(a.out, "00000000: 00000000 large -w"));
    CHECK(contains(a.out, "00800000: page not mapped"));
    CHECK(contains(a.out, "00003000: 0x000000a3 0x00000000"));   /* the CPU set the accessed bit */
    CHECK(contains(a.out, "000f0500: xchg bx,bx"));
    CHECK(contains(a.out, "pit        pit        version"));
    CHECK(contains(a.out, "reload: 10000"));         /* channel 0 never programmed: a count of 65536 */
    CHECK(contains(a.out, "unknown command: 'bogus'"));
    file_head(shot, head, 3);                         /* screendump: a binary PPM, as the .ppm name asks */
    CHECK(strcmp(head, "P6") == 0);
    CHECK(!contains(a.out, "screendump:"));
    /* the same commands, the same output */
    run_x86pc("-S -monitor stdio --magic-break --state-hash", script, &b);
    CHECK(a.out && b.out && strcmp(a.out, b.out) == 0);
    spawn_free(&b);
    spawn_free(&a);

    /* stopping and stepping do not change what the guest computes: the same state as a plain run */
    char h_plain[20], h_mon[20];
    run_x86pc("--stop-after-insns 300 --state-hash", NULL, &a);
    state_hash(a.err, h_plain, sizeof h_plain);
    spawn_free(&a);
    run_x86pc("--stop-after-insns 300 --state-hash -S -monitor stdio --magic-break",
              "b 0xf0400\nc\ns 7\nc\nd 1\nwatch 0x2000\nc\nd\nc\nc\n", &a);
    state_hash(a.err, h_mon, sizeof h_mon);
    CHECK(h_plain[0] && strcmp(h_plain, h_mon) == 0);
    CHECK(contains(a.out, "magic breakpoint: 0008:000f0503"));
    CHECK(contains(a.out, "the guest ended (instruction limit)"));
    spawn_free(&a);
}

static int gdb_available(void)
{
    return system("gdb --version > /dev/null 2>&1") == 0;
}

/* A TCP port nobody listens on now. */
static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int port = -1;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

static pid_t start_gdb_target(int port, const char *extra, char *log, size_t loglen)
{
    char cmd[1024];
    spawn_path(log, loglen, "x86pc-gdb.log");
    snprintf(cmd, sizeof cmd, "exec %s -bios %s -display none -serial none " RTC " -S -gdb tcp::%d %s", spawn_x86pc(),
             guest_bin, port, extra);
    return spawn_background(cmd, log);
}

static const char gdb_script[] =
    "set pagination off\n"
    "set confirm off\n"
    "set tcp connect-timeout 30\n"
    "target remote 127.0.0.1:%d\n"
    "info registers eip cs\n"
    "add-symbol-file %s 0xf0000\n"
    "break rm_entry\n"
    "continue\n"
    "x/3i $pc\n"
    "stepi\n"
    "info registers eip eax\n"
    "set architecture i386\n"
    "hbreak bump\n"
    "continue\n"
    "info registers eip esp cr0\n"
    "x/2i $pc\n"
    "delete\n"
    "watch *(int *)0x2000\n"
    "continue\n"
    "delete\n"
    "break magic\n"
    "continue\n"
    "x/xw 0x2000\n";
/* After an -ex that fails on purpose (an error ends a command file, not the session). */
static const char gdb_script_end[] =
    "set var *(int *)0x2000 = 6\n"
    "delete\n"
    "continue\n";

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void test_gdb(void)
{
    if (!gdb_available()) {
        printf("gdb: skipped (gdb is not installed)\n");
        return;
    }
    int port = free_port();
    char log[256], script_path[256], end_path[256], script[2048], cmd[1024];
    pid_t pid = start_gdb_target(port, "", log, sizeof log);
    spawn_path(script_path, sizeof script_path, "session.gdb");
    spawn_path(end_path, sizeof end_path, "session-end.gdb");
    snprintf(script, sizeof script, gdb_script, port, guest_elf);
    write_text(script_path, script);
    write_text(end_path, gdb_script_end);
    snprintf(cmd, sizeof cmd, "gdb -batch -nx -x %s -ex \"x/xw 0x800000\" -x %s", script_path, end_path);
    struct run_result r;
    spawn_run(cmd, NULL, 120, &r);
    int status = spawn_wait(pid, 60);
    CHECK_EQ(status, 3);
    CHECK(contains(r.out, "eip            0xfffffff0"));              /* real mode: CS.base + IP */
    CHECK(contains(r.out, "Breakpoint 1, 0x000f0100 in rm_entry ()"));
    CHECK(contains(r.out, "mov    $0x1234,%ax"));                     /* 16-bit code, disassembled as such */
    CHECK(contains(r.out, "eip            0xf0103") && contains(r.out, "eax            0x1234"));
    CHECK(contains(r.out, "Breakpoint 2, 0x000f0400 in bump ()"));
    CHECK(contains(r.out, "esp            0x6ffc") && contains(r.out, "cr0            0x60000011"));
    CHECK(contains(r.out, "incl   0x2000"));
    CHECK(contains(r.out, "Old value = 0") && contains(r.out, "New value = 1"));
    CHECK(contains(r.out, "in magic ()"));
    CHECK(contains(r.out, "0x2000:\t0x00000005"));
    CHECK(contains(r.err, "Cannot access memory at address 0x800000"));
    CHECK(contains(r.out, "exited with code 03"));
    if (unit_counts.failed)
        fprintf(stderr, "--- gdb said:\n%s\n%s\n", r.out ? r.out : "", r.err ? r.err : "");
    spawn_free(&r);
}

/* ---- raw protocol ---- */

struct rsp {
    int fd;
    char buf[8192];
};

static int rsp_connect(struct rsp *c, int port)
{
    for (int tries = 0; tries < 300; tries++) {
        c->fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a;
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_port = htons((uint16_t)port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(c->fd, (struct sockaddr *)&a, sizeof a) == 0)
            return 0;
        close(c->fd);
        struct timespec ts = { 0, 100000000 };
        nanosleep(&ts, NULL);
    }
    return -1;
}

static void rsp_send_raw(struct rsp *c, const char *data, size_t len)
{
    if (write(c->fd, data, len) != (ssize_t)len)
        fprintf(stderr, "rsp: short write\n");
}

static void rsp_send(struct rsp *c, const char *packet)
{
    char out[1024];
    unsigned sum = 0;
    for (const char *p = packet; *p; p++)
        sum += (unsigned char)*p;
    int n = snprintf(out, sizeof out, "$%s#%02x", packet, sum & 0xff);
    rsp_send_raw(c, out, (size_t)n);
}

/* The next packet's payload (acks skipped), or "" after a timeout. */
static const char *rsp_receive(struct rsp *c)
{
    size_t len = 0;
    c->buf[0] = 0;
    for (;;) {
        struct pollfd p = { c->fd, POLLIN, 0 };
        if (poll(&p, 1, 60000) <= 0)
            return "";
        char ch;
        if (read(c->fd, &ch, 1) != 1)
            return "";
        if (len == 0 && ch != '$')
            continue;
        if (len < sizeof c->buf - 1)
            c->buf[len++] = ch;
        if (len >= 4 && c->buf[len - 3] == '#') {
            c->buf[len - 3] = 0;
            rsp_send_raw(c, "+", 1);
            return c->buf + 1;
        }
    }
}

static const char *rsp_ask(struct rsp *c, const char *packet)
{
    rsp_send(c, packet);
    return rsp_receive(c);
}

static void test_raw_protocol(void)
{
    int port = free_port();
    char log[256];
    pid_t pid = start_gdb_target(port, "", log, sizeof log);
    struct rsp c;
    CHECK(rsp_connect(&c, port) == 0);
    CHECK(contains(rsp_ask(&c, "qSupported:xmlRegisters=i386"), "PacketSize="));
    CHECK(strncmp(rsp_ask(&c, "?"), "T05", 3) == 0);
    const char *g = rsp_ask(&c, "g");
    CHECK(strlen(g) == 2 * (16 * 4 + 8 * 10 + 8 * 4 + 4 * 4));
    CHECK(strncmp(g + 8 * 8, "f0ffffff", 8) == 0);       /* eip, little-endian: fffffff0 */
    CHECK(strncmp(g + 10 * 8, "00f00000", 8) == 0);      /* cs = f000 */
    CHECK(strcmp(rsp_ask(&c, "p8"), "f0ffffff") == 0);
    CHECK(strcmp(rsp_ask(&c, "Z1,f0400,1"), "OK") == 0);
    CHECK(strncmp(rsp_ask(&c, "c"), "T05", 3) == 0);
    CHECK(strcmp(rsp_ask(&c, "p8"), "00040f00") == 0);
    CHECK(strcmp(rsp_ask(&c, "m2000,4"), "00000000") == 0);
    CHECK(strcmp(rsp_ask(&c, "z1,f0400,1"), "OK") == 0);
    CHECK(strcmp(rsp_ask(&c, "Z2,2000,4"), "OK") == 0);
    CHECK(contains(rsp_ask(&c, "c"), "watch:00002000"));
    CHECK(strcmp(rsp_ask(&c, "m2000,4"), "01000000") == 0);
    CHECK(strcmp(rsp_ask(&c, "z2,2000,4"), "OK") == 0);
    CHECK(strcmp(rsp_ask(&c, "Z0,f0503,1"), "OK") == 0);
    CHECK(strncmp(rsp_ask(&c, "vCont;c"), "T05", 3) == 0);
    CHECK(strcmp(rsp_ask(&c, "m800000,4"), "E14") == 0);   /* unmapped under the guest's paging */
    CHECK(strcmp(rsp_ask(&c, "z0,f0503,1"), "OK") == 0);
    /* spinning: Ctrl-C stops it with SIGINT */
    rsp_send(&c, "c");
    struct timespec ts = { 0, 200000000 };
    nanosleep(&ts, NULL);
    rsp_send_raw(&c, "\x03", 1);
    CHECK(strncmp(rsp_receive(&c), "T02", 3) == 0);
    char eip[16];
    snprintf(eip, sizeof eip, "%s", rsp_ask(&c, "p8"));
    CHECK(strcmp(eip, "03050f00") == 0 || strcmp(eip, "0a050f00") == 0);   /* in the spin loop */
    CHECK(strcmp(rsp_ask(&c, "M2000,4:06000000"), "OK") == 0);
    CHECK(strcmp(rsp_ask(&c, "c"), "W03") == 0);
    close(c.fd);
    CHECK_EQ(spawn_wait(pid, 60), 3);
}

int main(void)
{
    spawn_build_file(guest_bin, sizeof guest_bin, "tests/debugger/dbg_guest.bin");
    spawn_build_file(guest_elf, sizeof guest_elf, "tests/debugger/dbg_guest.o");
    test_cli_snapshots();
    test_monitor();
    test_gdb();
    test_raw_protocol();
    spawn_cleanup();
    return unit_done();
}
