/* x86pc: parse the options, build the machine, run it, report how it ended. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "devices/pc.h"
#include "disasm/listing.h"
#include "frontend/config_file.h"
#include "frontend/debugger.h"
#include "frontend/display.h"
#include "frontend/options.h"

/* Signal handlers receive no context, so the running machine (and its debugger) are reachable through these. */
static struct pc *running_pc;
static struct debugger *running_debugger;

static void on_signal(int sig)
{
    if (running_debugger && debugger_signal(running_debugger, sig))
        return;                  /* Ctrl-C stopped the guest into the monitor */
    if (running_pc)
        pc_request_stop(running_pc);
}

/* -loadvm before the run, and the monitor or the gdb stub when asked for: NULL when there is none to run under
 * (*failed tells an error, printed). */
static struct debugger *prepare_run(struct pc *pc, const struct pc_config *cfg, int *failed)
{
    char err[512];
    struct debugger *d = NULL;
    *failed = 0;
    if (cfg->loadvm && pc_snapshot_load(pc, cfg->loadvm, err, sizeof err) < 0) {
        fprintf(stderr, "x86pc: -loadvm %s\n", err);
        *failed = 1;
    } else if ((cfg->monitor || cfg->gdb) && !(d = debugger_create(pc, cfg, err, sizeof err))) {
        fprintf(stderr, "x86pc: %s\n", err);
        *failed = 1;
    }
    return d;
}

/* --snapshot-save FILE: the machine as the run left it. */
static int save_at_exit(struct pc *pc, const struct pc_config *cfg)
{
    char err[512];
    if (!cfg->savevm_at_exit || pc_snapshot_save(pc, cfg->savevm_at_exit, err, sizeof err) == 0)
        return 0;
    fprintf(stderr, "x86pc: --snapshot-save %s\n", err);
    return -1;
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const char *reason_text(enum pc_exit_reason r)
{
    switch (r) {
    case PC_EXIT_POWEROFF: return "power-off";
    case PC_EXIT_DEBUG_PORT: return "debug-exit port";
    case PC_EXIT_RESET: return "reset with -no-reboot";
    case PC_EXIT_SIGNAL: return "signal";
    case PC_EXIT_NONE: return "quit";
    case PC_EXIT_INSN_LIMIT: return "instruction limit";
    default: return "error";
    }
}

/* x86pc --disasm FILE [--bits 16|32] [--org ADDR] [--att]: the command line of x86pc-disasm, with the --disasm
 * word taken out wherever it stands. Returns -1 when --disasm was not asked for, else the exit status. */
static int run_disasm_mode(int argc, char **argv)
{
    int at = 0;
    for (int k = 1; k < argc && !at; k++)
        if (strcmp(argv[k], "--disasm") == 0 || strcmp(argv[k], "-disasm") == 0)
            at = k;
    if (!at)
        return -1;
    char *args[16];
    int n = 0;
    if (argc - 2 > 16 || argc == 2) {
        fprintf(stderr, "x86pc: usage: x86pc --disasm FILE [--bits 16|32] [--org ADDR] [--att]\n");
        return 1;
    }
    for (int k = 1; k < argc; k++)
        if (k != at)
            args[n++] = argv[k];
    return disasm_listing_main("x86pc --disasm", n, args, stdout, stderr);
}

int main(int argc, char **argv)
{
    struct pc_config cfg;
    char err[512];
    int disasm_status = run_disasm_mode(argc, argv);
    if (disasm_status >= 0)
        return disasm_status;
    pc_config_defaults(&cfg);
    enum options_result r = options_parse(argc, argv, &cfg, stdout, err, sizeof err);
    if (r != OPTIONS_RUN) {
        if (r == OPTIONS_ERROR)
            fprintf(stderr, "x86pc: %s\n", err);
        config_file_release(&cfg);
        return r == OPTIONS_ERROR ? 1 : 0;
    }
    struct pc *pc = display_choose(&cfg, err, sizeof err) < 0 ? NULL : pc_create(&cfg, err, sizeof err);
    if (!pc) {
        fprintf(stderr, "x86pc: %s\n", err);
        config_file_release(&cfg);
        return 1;
    }
    /* -loadvm first: the scripted keys and timed captures then start from the restored point in time */
    int failed;
    struct debugger *debugger = prepare_run(pc, &cfg, &failed);
    struct display *display = failed ? NULL : display_start(pc, &cfg, err, sizeof err);
    if (!display) {
        if (!failed)
            fprintf(stderr, "x86pc: %s\n", err);
        debugger_destroy(debugger);
        pc_destroy(pc);
        config_file_release(&cfg);
        return 1;
    }
    if (debugger)
        debugger_set_screendump(debugger, display_screendump, display);
    running_pc = pc;
    running_debugger = debugger;
    install_signals();
    double start = seconds_now();
    int status = 0;
    enum pc_exit_reason reason = debugger ? debugger_run(debugger, &status) : pc_run(pc, &status);
    double wall = seconds_now() - start;
    fflush(stdout);
    if (save_at_exit(pc, &cfg) < 0 && status == 0)
        status = 1;
    if (cfg.stats) {
        uint64_t n = pc_instructions(pc);
        uint16_t cs;
        uint32_t eip;
        pc_cpu_position(pc, &cs, &eip);
        fprintf(stderr, "x86pc: %llu instructions in %.3f s: %.1f MIPS (ended by %s at %04x:%08x)\n",
                (unsigned long long)n, wall, wall > 0 ? (double)n / wall / 1e6 : 0.0, reason_text(reason), cs, eip);
    }
    if (cfg.state_hash)
        fprintf(stderr, "x86pc: state hash %016llx\n", (unsigned long long)pc_state_hash(pc));
    running_pc = NULL;
    running_debugger = NULL;
    debugger_destroy(debugger);
    display_finish(display);
    pc_destroy(pc);
    config_file_release(&cfg);
    return status;
}
