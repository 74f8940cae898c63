/* The command line and the configuration file (see options.h). */
#include "frontend/options.h"
#include "frontend/config_file.h"
#include "frontend/image_check.h"
#include "frontend/keys.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

struct parse_ctx {
    struct pc_config *cfg;
    unsigned serial_count;
    char *err;
    size_t errlen;
};

typedef int option_fn(struct parse_ctx *ctx, const char *name, const char *value);

struct option_def {
    const char *name;            /* without dashes: "m", "hda", "serial", "post-log"... */
    const char *arg;             /* shown in --help; NULL for a flag */
    const char *help;
    option_fn *apply;
};

static int fail(struct parse_ctx *ctx, const char *fmt, const char *a, const char *b)
{
    snprintf(ctx->err, ctx->errlen, fmt, a, b);
    return -1;
}

/* Whole decimal or 0x-prefixed numbers only; anything else is an error. */
static int parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

static int opt_memory(struct parse_ctx *ctx, const char *name, const char *v)
{
    uint64_t mb;
    const char *num = v;
    char buf[32];
    size_t len = strlen(v);
    if (len && len < sizeof buf && (v[len - 1] == 'M' || v[len - 1] == 'm')) {
        memcpy(buf, v, len - 1);
        buf[len - 1] = 0;
        num = buf;
    }
    if (parse_u64(num, &mb) < 0 || mb == 0 || mb > 3584)
        return fail(ctx, "-%s %s: memory size must be 1 to 3584 (MiB)", name, v);
    ctx->cfg->ram_mb = (uint32_t)mb;
    return 0;
}

static int opt_floppy(struct parse_ctx *ctx, const char *name, const char *v)
{
    if (image_check_floppy(v, name, ctx->err, ctx->errlen) < 0)
        return -1;
    if (strcmp(name, "fda") == 0)
        ctx->cfg->fda = v;
    else
        ctx->cfg->fdb = v;
    return 0;
}

static int opt_disk(struct parse_ctx *ctx, const char *name, const char *v)
{
    if (image_check_disk(v, name, ctx->err, ctx->errlen) < 0)
        return -1;
    if (strcmp(name, "hda") == 0)
        ctx->cfg->hda = v;
    else
        ctx->cfg->hdb = v;
    return 0;
}

static int opt_cdrom(struct parse_ctx *ctx, const char *name, const char *v)
{
    if (image_check_cdrom(v, name, ctx->err, ctx->errlen) < 0)
        return -1;
    ctx->cfg->cdrom = v;
    return 0;
}

static int opt_file(struct parse_ctx *ctx, const char *name, const char *v)
{
    if (image_check_readable(v, name, ctx->err, ctx->errlen) < 0)
        return -1;
    if (strcmp(name, "bios") == 0)
        ctx->cfg->bios = v;
    else if (strcmp(name, "vgabios") == 0)
        ctx->cfg->vgabios = v;
    else if (strcmp(name, "kernel") == 0)
        ctx->cfg->kernel = v;
    else
        ctx->cfg->initrd = v;
    return 0;
}

static int opt_boot(struct parse_ctx *ctx, const char *name, const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n >= sizeof ctx->cfg->boot_order || strspn(v, "acd") != n)
        return fail(ctx, "-%s %s: the boot order is a string of a (floppy), c (hard disk), d (CD-ROM)", name, v);
    memcpy(ctx->cfg->boot_order, v, n + 1);
    return 0;
}

static int opt_serial(struct parse_ctx *ctx, const char *name, const char *v)
{
    if (strcmp(v, "stdio") != 0 && strcmp(v, "none") != 0 && strncmp(v, "file:", 5) != 0 &&
        strncmp(v, "tcp:", 4) != 0)
        return fail(ctx, "-%s %s: expected stdio, file:PATH, tcp:127.0.0.1:PORT or none", name, v);
    if ((strncmp(v, "file:", 5) == 0 && !v[5]) || (strncmp(v, "tcp:", 4) == 0 && !strchr(v + 4, ':')))
        return fail(ctx, "-%s %s: incomplete back end", name, v);
    if (ctx->serial_count >= PC_MAX_SERIAL)
        return fail(ctx, "-%s %s: at most 4 serial ports (COM1-COM4)", name, v);
    ctx->cfg->serial[ctx->serial_count++] = v;
    return 0;
}

static int opt_parallel(struct parse_ctx *ctx, const char *name, const char *v)
{
    if (strcmp(v, "none") != 0 && (strncmp(v, "file:", 5) != 0 || !v[5]))
        return fail(ctx, "-%s %s: expected file:PATH or none", name, v);
    ctx->cfg->parallel = v;
    return 0;
}

static int opt_display(struct parse_ctx *ctx, const char *name, const char *v)
{
    if (strcmp(v, "sdl") == 0)
        ctx->cfg->display = DISPLAY_SDL;
    else if (strcmp(v, "curses") == 0)
        ctx->cfg->display = DISPLAY_CURSES;
    else if (strcmp(v, "none") == 0)
        ctx->cfg->display = DISPLAY_NONE;
    else
        return fail(ctx, "-%s %s: expected sdl, curses or none", name, v);
    return 0;
}

static int opt_flag(struct parse_ctx *ctx, const char *name, const char *v)
{
    (void)v;
    if (strcmp(name, "snapshot") == 0)
        ctx->cfg->snapshot = 1;
    else if (strcmp(name, "no-reboot") == 0)
        ctx->cfg->no_reboot = 1;
    else if (strcmp(name, "stats") == 0)
        ctx->cfg->stats = 1;
    else if (strcmp(name, "state-hash") == 0)
        ctx->cfg->state_hash = 1;
    else if (strcmp(name, "pace") == 0)
        ctx->cfg->pace = 1;
    else if (strcmp(name, "tsc-deadline") == 0)
        ctx->cfg->tsc_deadline = 1;
    return 0;
}

static int opt_number(struct parse_ctx *ctx, const char *name, const char *v)
{
    uint64_t n;
    if (parse_u64(v, &n) < 0)
        return fail(ctx, "-%s %s: expected a number", name, v);
    if (strcmp(name, "ips") == 0) {
        if (n < 1000 || n > 10000000000ull)
            return fail(ctx, "-%s %s: instructions per second must be 1000 to 10000000000", name, v);
        ctx->cfg->ips = n;
    } else if (strcmp(name, "jitter") == 0) {
        ctx->cfg->jitter = 1;
        ctx->cfg->jitter_seed = n;
    } else if (strcmp(name, "debug-exit") == 0) {
        if (n > 0xffff)
            return fail(ctx, "-%s %s: a port number is 0 to 0xffff", name, v);
        ctx->cfg->debug_exit_port = (uint16_t)n;
    } else {
        ctx->cfg->stop_after_insns = n;
    }
    return 0;
}

static int opt_string(struct parse_ctx *ctx, const char *name, const char *v)
{
    if (strcmp(name, "append") == 0)
        ctx->cfg->append = v;
    else
        ctx->cfg->post_log = v;
    return 0;
}

static int opt_rtc_base(struct parse_ctx *ctx, const char *name, const char *v)
{
    int64_t t;
    if (strcmp(v, "now") == 0) {
        ctx->cfg->rtc_base = INT64_MIN;
        return 0;
    }
    if (parse_rtc_time(v, &t) < 0)
        return fail(ctx, "-%s %s: expected now, seconds since 1970, or YYYY-MM-DDTHH:MM:SS", name, v);
    ctx->cfg->rtc_base = t;
    return 0;
}

/* --trace FILE and its filters. */
static int opt_trace(struct parse_ctx *ctx, const char *name, const char *v)
{
    struct pc_config *cfg = ctx->cfg;
    uint64_t n = 0, hi = 0;
    if (strcmp(name, "trace") == 0) {
        cfg->trace_file = v;
    } else if (strcmp(name, "trace-regs") == 0) {
        cfg->trace_regs = 1;
    } else if (strcmp(name, "trace-mem") == 0) {
        cfg->trace_mem = 1;
    } else if (strcmp(name, "trace-from-exception") == 0) {
        cfg->trace_from_exception = 1;
    } else if (strcmp(name, "trace-addr") == 0) {
        char lo_text[24];
        const char *dash = strchr(v, '-');
        size_t len = dash ? (size_t)(dash - v) : 0;
        if (!dash || len == 0 || len >= sizeof lo_text)
            return fail(ctx, "-%s %s: expected a linear address range LO-HI", name, v);
        memcpy(lo_text, v, len);
        lo_text[len] = 0;
        if (parse_u64(lo_text, &n) < 0 || parse_u64(dash + 1, &hi) < 0 || n > hi || hi > UINT32_MAX)
            return fail(ctx, "-%s %s: expected a linear address range LO-HI", name, v);
        cfg->trace_addr_lo = (uint32_t)n;
        cfg->trace_addr_hi = (uint32_t)hi;
    } else if (parse_u64(v, &n) < 0) {
        return fail(ctx, "-%s %s: expected a number", name, v);
    } else if (strcmp(name, "trace-from") == 0) {
        cfg->trace_from = n;
    } else if (strcmp(name, "trace-to") == 0) {
        cfg->trace_to = n;
    } else {
        if (n > 3)
            return fail(ctx, "-%s %s: a privilege level is 0 to 3", name, v);
        cfg->trace_cpl = (int)n;
    }
    return 0;
}

/* "tcp:HOST:PORT" or "tcp::PORT" (QEMU's ",server,nowait" style suffixes are accepted and ignored). */
static int valid_tcp_address(const char *v)
{
    if (strncmp(v, "tcp:", 4) != 0)
        return 0;
    const char *port = strchr(v + 4, ':');
    if (!port)
        return 0;
    char *end;
    unsigned long n = strtoul(port + 1, &end, 10);
    return end != port + 1 && n > 0 && n <= 65535 && (*end == 0 || *end == ',');
}

/* Snapshots, the monitor and the gdb stub. */
static int opt_debugger(struct parse_ctx *ctx, const char *name, const char *v)
{
    struct pc_config *cfg = ctx->cfg;
    if (strcmp(name, "loadvm") == 0 || strcmp(name, "snapshot-load") == 0) {
        if (image_check_readable(v, name, ctx->err, ctx->errlen) < 0)
            return -1;
        cfg->loadvm = v;
    } else if (strcmp(name, "snapshot-save") == 0) {
        cfg->savevm_at_exit = v;
    } else if (strcmp(name, "monitor") == 0) {
        if (strcmp(v, "stdio") != 0 && strcmp(v, "none") != 0 && !valid_tcp_address(v))
            return fail(ctx, "-%s %s: expected stdio, tcp:127.0.0.1:PORT or none", name, v);
        cfg->monitor = strcmp(v, "none") == 0 ? NULL : v;
    } else if (strcmp(name, "gdb") == 0) {
        if (strcmp(v, "none") != 0 && !valid_tcp_address(v))
            return fail(ctx, "-%s %s: expected tcp::PORT, tcp:127.0.0.1:PORT or none", name, v);
        cfg->gdb = strcmp(v, "none") == 0 ? NULL : v;
    } else if (strcmp(name, "s") == 0) {
        cfg->gdb = "tcp::1234";
    } else if (strcmp(name, "S") == 0) {
        cfg->wait_at_start = 1;
    } else {
        cfg->magic_break = 1;
    }
    return 0;
}

/* Screenshots, text dumps and scripted keys (frontend/display.c does them). */
static int opt_capture(struct parse_ctx *ctx, const char *name, const char *v)
{
    struct pc_config *cfg = ctx->cfg;
    if (strcmp(name, "screenshot") == 0) {
        cfg->screenshot = v;
    } else if (strcmp(name, "dump-text") == 0) {
        cfg->dump_text = v;
    } else if (strcmp(name, "keys") == 0) {
        cfg->keys = v;
    } else if (strcmp(name, "keys-file") == 0) {
        if (image_check_readable(v, name, ctx->err, ctx->errlen) < 0)
            return -1;
        cfg->keys_file = v;
    } else {
        const char *colon = strchr(v, ':');
        struct vtime t;
        if (!colon || !colon[1] || vtime_parse(v, (size_t)(colon - v), &t) < 0)
            return fail(ctx, "-%s %s: expected TIME:FILE with TIME like 40s, 1500ms or 120000000i", name, v);
        if (cfg->n_captures >= PC_MAX_CAPTURES)
            return fail(ctx, "-%s %s: at most 32 timed captures", name, v);
        cfg->capture_text[cfg->n_captures] = strcmp(name, "dump-text-at") == 0;
        cfg->capture[cfg->n_captures++] = v;
    }
    return 0;
}

/* --disasm is a mode of its own, taken by main.c from the command line before any other option; a config file
 * cannot ask for it. */
static int opt_disasm(struct parse_ctx *ctx, const char *name, const char *v)
{
    return fail(ctx, "%s = %s: --disasm works on the command line only (x86pc --disasm FILE ...)", name,
                v ? v : "");
}

static const struct option_def options[] = {
    { "m", "MiB", "guest RAM in MiB (default 64, at most 3584)", opt_memory },
    { "fda", "FILE", "floppy image for drive A: (160K to 2.88M)", opt_floppy },
    { "fdb", "FILE", "floppy image for drive B:", opt_floppy },
    { "hda", "FILE", "hard disk image, primary master (raw, a multiple of 512 bytes)", opt_disk },
    { "hdb", "FILE", "hard disk image, primary slave", opt_disk },
    { "cdrom", "FILE", "ISO image for the CD-ROM (secondary master)", opt_cdrom },
    { "boot", "ORDER", "boot order: a (floppy), c (hard disk), d (CD-ROM), e.g. \"cad\"", opt_boot },
    { "bios", "FILE", "firmware image instead of the built-in BIOS (e.g. SeaBIOS's bios.bin)", opt_file },
    { "vgabios", "FILE", "VGA BIOS image instead of the built-in one", opt_file },
    { "kernel", "FILE", "boot a Multiboot kernel or Linux bzImage directly", opt_file },
    { "initrd", "FILE", "initial ramdisk (Linux) or module (Multiboot) for -kernel", opt_file },
    { "append", "CMDLINE", "kernel command line for -kernel", opt_string },
    { "serial", "DEV", "COM1..COM4 in order: stdio, file:PATH, tcp:127.0.0.1:PORT or none", opt_serial },
    { "parallel", "DEV", "LPT1: file:PATH (printed bytes) or none (default: a port with nothing attached)",
      opt_parallel },
    { "display", "TYPE", "sdl, curses or none (default: sdl when a display is available)", opt_display },
    { "screenshot", "FILE", "write the screen to FILE.png (or FILE.ppm) when the run ends", opt_capture },
    { "dump-text", "FILE", "write the text screen to FILE as UTF-8 when the run ends", opt_capture },
    { "screenshot-at", "T:FILE", "screenshot at virtual time T (40s, 1500ms, 120000000i); repeatable",
      opt_capture },
    { "dump-text-at", "T:FILE", "text dump at virtual time T; repeatable", opt_capture },
    { "keys", "SCRIPT", "type SCRIPT on the virtual clock: text, <enter>, <f1>, <ctrl-alt-del>, <wait 2s>, <mouse 10 -5 l>...",
      opt_capture },
    { "keys-file", "FILE", "type the script in FILE (see --keys)", opt_capture },
    { "snapshot", NULL, "write disk changes to a temporary overlay; the images stay untouched", opt_flag },
    { "no-reboot", NULL, "exit instead of rebooting on a reset or triple fault", opt_flag },
    { "debug-exit", "PORT", "isa-debug-exit port (default 0xf4; 0 = none): writing v exits with (v<<1)|1",
      opt_number },
    { "post-log", "FILE", "log POST codes written to port 0x80", opt_string },
    { "ips", "N", "instructions per virtual second (default 100000000)", opt_number },
    { "stop-after-insns", "N", "end the run after N retired instructions", opt_number },
    { "rtc-base", "TIME", "RTC start: now (default), seconds since 1970, or YYYY-MM-DDTHH:MM:SS", opt_rtc_base },
    { "state-hash", NULL, "print a hash of CPU state and RAM at exit", opt_flag },
    { "jitter", "SEED", "vary timer interrupt timing pseudo-randomly, the same way for the same seed", opt_number },
    { "pace", NULL, "never let guest time run ahead of real time (for interactive programs)", opt_flag },
    { "tsc-deadline", NULL, "offer the local APIC timer's TSC-deadline mode (CPUID.1:ECX[24], MSR 6E0h)", opt_flag },
    { "stats", NULL, "print instructions retired, wall time and MIPS at exit", opt_flag },
    { "trace", "FILE", "log every instruction (binary; FILE.gz compressed); x86pc-trace FILE prints it",
      opt_trace },
    { "trace-regs", NULL, "the trace also records registers and flags after each instruction", opt_trace },
    { "trace-mem", NULL, "the trace also records every memory access (slower)", opt_trace },
    { "trace-from", "N", "trace from instruction count N (the instructions before run at full speed)", opt_trace },
    { "trace-to", "N", "trace up to instruction count N", opt_trace },
    { "trace-addr", "LO-HI", "trace only instructions at linear addresses LO to HI", opt_trace },
    { "trace-cpl", "N", "trace only instructions at privilege level N", opt_trace },
    { "trace-from-exception", NULL, "trace from the first exception on (with the faulting instruction)",
      opt_trace },
    { "loadvm", "FILE", "start from a snapshot written by savevm or --snapshot-save", opt_debugger },
    { "snapshot-load", "FILE", "the same as -loadvm", opt_debugger },
    { "snapshot-save", "FILE", "save the whole machine to FILE when the run ends (e.g. --stop-after-insns)",
      opt_debugger },
    { "monitor", "DEV", "the monitor (commands: help): stdio or tcp:127.0.0.1:PORT", opt_debugger },
    { "gdb", "DEV", "wait for gdb on tcp::PORT or tcp:127.0.0.1:PORT (target remote :PORT)", opt_debugger },
    { "s", NULL, "the same as -gdb tcp::1234", opt_debugger },
    { "S", NULL, "do not start the CPU until gdb or the monitor continues it", opt_debugger },
    { "magic-break", NULL, "XCHG BX,BX stops into the monitor or gdb (Bochs' magic breakpoint)", opt_debugger },
    { "disasm", "FILE", "list FILE (flat binary) disassembled and exit; also --bits 16|32, --org ADDR, --att",
      opt_disasm },
};

enum { N_OPTIONS = sizeof options / sizeof options[0] };

static const struct option_def *find_option(const char *name)
{
    for (unsigned k = 0; k < N_OPTIONS; k++)
        if (strcmp(options[k].name, name) == 0)
            return &options[k];
    return NULL;
}

void options_print_help(FILE *out)
{
    fprintf(out, "Usage: x86pc [options] [image]\n"
                 "A portable, deterministic x86 PC emulator. A bare image is a floppy if its size is a floppy\n"
                 "size, otherwise a hard disk. Options take one or two dashes.\n\n");
    fprintf(out, "  %-26s %s\n", "-f FILE", "read options from a configuration file (key = value per line)");
    for (unsigned k = 0; k < N_OPTIONS; k++) {
        char left[48];
        snprintf(left, sizeof left, "-%s%s%s", options[k].name, options[k].arg ? " " : "",
                 options[k].arg ? options[k].arg : "");
        fprintf(out, "  %-26s %s\n", left, options[k].help);
    }
    fprintf(out, "  %-26s %s\n", "-h, --help", "show this help and exit");
    fprintf(out, "  %-26s %s\n", "--version", "show the version and exit");
}

int options_apply_setting(struct pc_config *cfg, const char *key, const char *value, char *err, size_t errlen)
{
    struct parse_ctx ctx = { cfg, 0, err, errlen };
    for (unsigned k = 0; k < PC_MAX_SERIAL && cfg->serial[k]; k++)
        ctx.serial_count = k + 1;
    const struct option_def *o = find_option(key);
    if (!o) {
        snprintf(err, errlen, "unknown setting '%s'", key);
        return -1;
    }
    if (!o->arg && value && *value && strcmp(value, "on") != 0 && strcmp(value, "yes") != 0 &&
        strcmp(value, "1") != 0) {
        snprintf(err, errlen, "%s takes no value (or on/yes/1)", key);
        return -1;
    }
    return o->apply(&ctx, key, value);
}

/* The bare image argument: a floppy when its size is a floppy size, else a hard disk, as QEMU does. */
static int apply_bare_image(struct parse_ctx *ctx, const char *path)
{
    if (image_is_floppy_size(path))
        return opt_floppy(ctx, "fda", path);
    return opt_disk(ctx, "hda", path);
}

static const char *option_name(const char *arg)
{
    if (arg[0] != '-')
        return NULL;
    return arg[1] == '-' ? arg + 2 : arg + 1;
}

enum options_result options_parse(int argc, char **argv, struct pc_config *cfg, FILE *out, char *err,
                                  size_t errlen)
{
    struct parse_ctx ctx = { cfg, 0, err, errlen };
    /* The config file first, so the command line overrides it. */
    for (int k = 1; k < argc; k++) {
        const char *name = option_name(argv[k]);
        if (name && strcmp(name, "f") == 0) {
            if (k + 1 >= argc) {
                snprintf(err, errlen, "-f needs a FILE");
                return OPTIONS_ERROR;
            }
            if (config_file_load(argv[k + 1], cfg, err, errlen) < 0)
                return OPTIONS_ERROR;
            for (unsigned s = 0; s < PC_MAX_SERIAL && cfg->serial[s]; s++)
                ctx.serial_count = s + 1;
            k++;
        }
    }
    int have_serial_on_cmdline = 0;
    const char *image = NULL;
    for (int k = 1; k < argc; k++) {
        const char *name = option_name(argv[k]);
        if (!name || !*name) {
            if (image) {
                snprintf(err, errlen, "%s: only one image may be given without an option", argv[k]);
                return OPTIONS_ERROR;
            }
            image = argv[k];
            continue;
        }
        if (strcmp(name, "h") == 0 || strcmp(name, "help") == 0) {
            options_print_help(out);
            return OPTIONS_EXIT_OK;
        }
        if (strcmp(name, "version") == 0) {
            fprintf(out, "x86pc %s\n", PACKAGE_VERSION);
            return OPTIONS_EXIT_OK;
        }
        if (strcmp(name, "f") == 0) {
            k++;
            continue;
        }
        const struct option_def *o = find_option(name);
        if (!o) {
            snprintf(err, errlen, "%s: unknown option (see x86pc --help)", argv[k]);
            return OPTIONS_ERROR;
        }
        const char *value = NULL;
        if (o->arg) {
            if (k + 1 >= argc) {
                snprintf(err, errlen, "%s needs %s", argv[k], o->arg);
                return OPTIONS_ERROR;
            }
            value = argv[++k];
        }
        if (strcmp(o->name, "serial") == 0 && !have_serial_on_cmdline) {
            /* -serial on the command line replaces the config file's list. */
            have_serial_on_cmdline = 1;
            memset(cfg->serial, 0, sizeof cfg->serial);
            ctx.serial_count = 0;
        }
        if (o->apply(&ctx, o->name, value) < 0)
            return OPTIONS_ERROR;
    }
    if (image && apply_bare_image(&ctx, image) < 0)
        return OPTIONS_ERROR;
    if ((cfg->initrd || cfg->append) && !cfg->kernel) {
        snprintf(err, errlen, "-initrd and -append need -kernel");
        return OPTIONS_ERROR;
    }
    if (cfg->wait_at_start && !cfg->gdb && !cfg->monitor) {
        snprintf(err, errlen, "-S needs -gdb (or -s) or -monitor to continue the CPU");
        return OPTIONS_ERROR;
    }
    for (unsigned k = 0; cfg->monitor && strcmp(cfg->monitor, "stdio") == 0 && k < PC_MAX_SERIAL; k++) {
        if (cfg->serial[k] && strcmp(cfg->serial[k], "stdio") == 0) {
            snprintf(err, errlen, "-monitor stdio and -serial stdio cannot share the terminal");
            return OPTIONS_ERROR;
        }
    }
    return OPTIONS_RUN;
}
