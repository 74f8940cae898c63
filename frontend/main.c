/* x86pc: parse the options, build the machine, run it, report how it ended. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "devices/pc.h"
#include "frontend/config_file.h"
#include "frontend/options.h"

/* Signal handlers receive no context, so the running machine is reachable through this one pointer. */
static struct pc *running_pc;

static void on_signal(int sig)
{
    (void)sig;
    if (running_pc)
        pc_request_stop(running_pc);
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
    case PC_EXIT_INSN_LIMIT: return "instruction limit";
    default: return "error";
    }
}

int main(int argc, char **argv)
{
    struct pc_config cfg;
    char err[512];
    pc_config_defaults(&cfg);
    enum options_result r = options_parse(argc, argv, &cfg, stdout, err, sizeof err);
    if (r != OPTIONS_RUN) {
        if (r == OPTIONS_ERROR)
            fprintf(stderr, "x86pc: %s\n", err);
        config_file_release(&cfg);
        return r == OPTIONS_ERROR ? 1 : 0;
    }
    struct pc *pc = pc_create(&cfg, err, sizeof err);
    if (!pc) {
        fprintf(stderr, "x86pc: %s\n", err);
        config_file_release(&cfg);
        return 1;
    }
    running_pc = pc;
    install_signals();
    double start = seconds_now();
    int status = 0;
    enum pc_exit_reason reason = pc_run(pc, &status);
    double wall = seconds_now() - start;
    fflush(stdout);
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
    pc_destroy(pc);
    config_file_release(&cfg);
    return status;
}
