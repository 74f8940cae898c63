/* x86pc-disasm and `x86pc --disasm` from outside, and disasm_one at its edges:
 *  - tests/disasm/listing16.asm and listing32.asm (assembled by nasm at build time) list as listing16.expect
 *    (16-bit, Intel, --org 0x7c00) and listing32.expect (32-bit, AT&T, --org 0x100000); the expected listings were
 *    checked line by line against objdump's;
 *  - `x86pc --disasm` prints the same listing as x86pc-disasm;
 *  - bad input (a missing file, a bad --bits or --org, no file, a config file asking for --disasm) gets exit status
 *    1 and one line on stderr;
 *  - disasm_one: 0 when the bytes end inside an instruction, "(bad)" with length 1 for #UD encodings and over-long
 *    prefix runs, text cut short safely in a small buffer.
 * Environment (from tests/run-tests): builddir, srcdir, TEST_WRAPPER. */
#include "disasm/disasm.h"
#include "tests/unit/unit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char scratch[] = "/tmp/x86pc-listing-XXXXXX";

static const char *env(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

/* Reads a whole file into a new NUL-terminated buffer (NULL when unreadable). */
static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len < 2) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[len] = 0;
    return buf;
}

struct run {
    int status;
    char *out, *err;             /* stdout and stderr, owned */
};

/* Runs PROGRAM (x86pc-disasm or x86pc, in builddir, through TEST_WRAPPER) with args. */
static struct run run(const char *program, const char *args)
{
    char cmd[2048];
    struct run r = { -1, NULL, NULL };
    snprintf(cmd, sizeof cmd, "%s %s/%s %s > %s/out 2> %s/err < /dev/null", env("TEST_WRAPPER", ""),
             env("builddir", "."), program, args, scratch, scratch);
    int status = system(cmd);
    r.status = status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    char path[128];
    snprintf(path, sizeof path, "%s/out", scratch);
    r.out = read_all(path);
    snprintf(path, sizeof path, "%s/err", scratch);
    r.err = read_all(path);
    return r;
}

static void release(struct run *r)
{
    free(r->out);
    free(r->err);
}

static int one_line_starting(const char *text, const char *start)
{
    if (!text || strncmp(text, start, strlen(start)) != 0)
        return 0;
    const char *nl = strchr(text, '\n');
    return nl && nl[1] == 0;
}

/* The listing of NAME.bin with args equals NAME.expect, from x86pc-disasm and from x86pc --disasm. */
static void check_listing(const char *name, const char *args)
{
    char path[1024], a[1536];
    snprintf(path, sizeof path, "%s/tests/disasm/%s.expect", env("srcdir", "."), name);
    char *expect = read_all(path);
    CHECK(expect != NULL);
    snprintf(a, sizeof a, "%s/tests/disasm/%s.bin %s", env("builddir", "."), name, args);
    struct run r = run("x86pc-disasm", a);
    CHECK_EQ(r.status, 0);
    if (!CHECK(expect && r.out && strcmp(r.out, expect) == 0))
        fprintf(stderr, "%s: x86pc-disasm %s printed:\n%s", name, a, r.out ? r.out : "(nothing)\n");
    release(&r);
    snprintf(a, sizeof a, "--disasm %s/tests/disasm/%s.bin %s", env("builddir", "."), name, args);
    r = run("x86pc", a);
    CHECK_EQ(r.status, 0);
    if (!CHECK(expect && r.out && strcmp(r.out, expect) == 0))
        fprintf(stderr, "%s: x86pc %s printed:\n%s", name, a, r.out ? r.out : "(nothing)\n");
    release(&r);
    free(expect);
}

static void check_error(const char *program, const char *args, const char *prefix)
{
    struct run r = run(program, args);
    if (!CHECK(r.status == 1 && one_line_starting(r.err, prefix)))
        fprintf(stderr, "%s %s: status %d, stderr: %s", program, args, r.status, r.err ? r.err : "(none)\n");
    release(&r);
}

static void check_command_line(void)
{
    char args[1024];
    check_listing("listing16", "--bits 16 --org 0x7c00");
    check_listing("listing32", "--org 0x100000 --att --bits 32");
    check_error("x86pc-disasm", "/nonexistent/file.bin", "x86pc-disasm: cannot read '/nonexistent/file.bin'");
    snprintf(args, sizeof args, "%s/tests/disasm/listing16.bin --bits 17", env("builddir", "."));
    check_error("x86pc-disasm", args, "x86pc-disasm: --bits needs 16 or 32");
    snprintf(args, sizeof args, "%s/tests/disasm/listing16.bin --org lots", env("builddir", "."));
    check_error("x86pc-disasm", args, "x86pc-disasm: --org needs an address");
    check_error("x86pc-disasm", "", "x86pc-disasm: no file given");
    check_error("x86pc", "--disasm /nonexistent/file.bin", "x86pc --disasm: cannot read");
    check_error("x86pc", "--disasm", "x86pc: usage: x86pc --disasm FILE");
    char cfg[128];
    snprintf(cfg, sizeof cfg, "%s/disasm.cfg", scratch);
    FILE *f = fopen(cfg, "w");
    if (f) {
        fputs("disasm = boot.bin\n", f);
        fclose(f);
    }
    snprintf(args, sizeof args, "-f %s", cfg);
    check_error("x86pc", args, "x86pc: ");
    struct run r = run("x86pc-disasm", "--help");
    CHECK(r.status == 0 && r.out && strstr(r.out, "Usage: x86pc-disasm FILE"));
    release(&r);
    r = run("x86pc", "--help");
    CHECK(r.status == 0 && r.out && strstr(r.out, "-disasm FILE"));
    release(&r);
}

static void check_edges(void)
{
    char text[64];
    static const uint8_t mov_imm32[] = { 0xb8, 0x78, 0x56, 0x34, 0x12 };
    CHECK_EQ(disasm_one(mov_imm32, 4, 32, 0, DISASM_INTEL, text, sizeof text), 0);    /* needs a fifth byte */
    CHECK_EQ(disasm_one(mov_imm32, 0, 32, 0, DISASM_INTEL, text, sizeof text), 0);
    CHECK_EQ(disasm_one(mov_imm32, 5, 32, 0, DISASM_INTEL, text, sizeof text), 5);
    CHECK(strcmp(text, "mov eax,0x12345678") == 0);
    CHECK_EQ(disasm_one(mov_imm32, 5, 32, 0, DISASM_ATT, text, sizeof text), 5);
    CHECK(strcmp(text, "mov $0x12345678,%eax") == 0);
    CHECK_EQ(disasm_one(mov_imm32, 3, 16, 0, DISASM_INTEL, text, sizeof text), 3);  /* mov ax,0x5678 */
    CHECK(strcmp(text, "mov ax,0x5678") == 0);
    static const uint8_t undefined[] = { 0x0f, 0x04, 0x90 };                            /* #UD */
    CHECK_EQ(disasm_one(undefined, 3, 32, 0, DISASM_INTEL, text, sizeof text), 1);
    CHECK(strcmp(text, "(bad)") == 0);
    static const uint8_t bad_x87[] = { 0xd9, 0x08 };                                    /* D9 /1 memory */
    CHECK_EQ(disasm_one(bad_x87, 2, 32, 0, DISASM_INTEL, text, sizeof text), 1);
    CHECK(strcmp(text, "(bad)") == 0);
    static const uint8_t locked_register[] = { 0xf0, 0x01, 0xc0 };                     /* lock add eax,eax */
    CHECK_EQ(disasm_one(locked_register, 3, 32, 0, DISASM_INTEL, text, sizeof text), 1);
    uint8_t prefixes[20];
    memset(prefixes, 0x66, sizeof prefixes);                                             /* over 15 bytes */
    CHECK_EQ(disasm_one(prefixes, sizeof prefixes, 32, 0, DISASM_INTEL, text, sizeof text), 1);
    CHECK(strcmp(text, "(bad)") == 0);
    static const uint8_t long_one[] = { 0x81, 0x84, 0x88, 0x44, 0x33, 0x22, 0x11, 0x78, 0x56, 0x34, 0x12 };
    char tiny[8];
    CHECK_EQ(disasm_one(long_one, sizeof long_one, 32, 0, DISASM_INTEL, tiny, sizeof tiny), 11);
    CHECK_EQ(strlen(tiny), 7);                                                           /* cut, terminated */
    CHECK_EQ(disasm_one(long_one, sizeof long_one, 32, 0, DISASM_INTEL, NULL, 0), 11);
    static const uint8_t jump_back[] = { 0xeb, 0xfe };                                   /* jmp $ */
    CHECK_EQ(disasm_one(jump_back, 2, 16, 0x7c00, DISASM_INTEL, text, sizeof text), 2);
    CHECK(strcmp(text, "jmp 0x7c00") == 0);
    static const uint8_t jump_on[] = { 0xeb, 0x10 };
    CHECK_EQ(disasm_one(jump_on, 2, 16, 0xfff0, DISASM_INTEL, text, sizeof text), 2);  /* IP wraps at 64 KiB */
    CHECK(strcmp(text, "jmp 0x2") == 0);
    CHECK_EQ(disasm_one(jump_on, 2, 32, 0xfff0, DISASM_ATT, text, sizeof text), 2);    /* EIP does not */
    CHECK(strcmp(text, "jmp 0x10002") == 0);
}

int main(void)
{
    if (!mkdtemp(scratch)) {
        perror("mkdtemp");
        return 1;
    }
    check_edges();
    check_command_line();
    char path[128];
    snprintf(path, sizeof path, "%s/out", scratch);
    remove(path);
    snprintf(path, sizeof path, "%s/err", scratch);
    remove(path);
    snprintf(path, sizeof path, "%s/disasm.cfg", scratch);
    remove(path);
    rmdir(scratch);
    return unit_done();
}
