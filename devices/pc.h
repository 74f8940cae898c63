/* The board: builds an i440FX/PIIX3-class PC from a configuration and runs it.
 *
 * The frontend fills a struct pc_config (from the command line and the config file), calls pc_create, then
 * pc_run. The board owns RAM, the port space, the clock, the CPU and every device, wires interrupt lines, and
 * runs the machine loop: CPU up to the next clock event, then the due timers. */
#ifndef X86PC_DEVICES_PC_H
#define X86PC_DEVICES_PC_H

#include <stddef.h>
#include <stdint.h>


enum { PC_MAX_SERIAL = 4 };
enum { PC_MAX_CAPTURES = 32 };   /* --screenshot-at and --dump-text-at, together */

enum pc_display { DISPLAY_DEFAULT, DISPLAY_SDL, DISPLAY_CURSES, DISPLAY_NONE };

struct pc_config {
    uint32_t ram_mb;             /* -m, default 64 */
    const char *fda, *fdb;       /* floppy images */
    const char *hda, *hdb;       /* hard disk images */
    const char *cdrom;           /* ISO image */
    char boot_order[4];          /* -boot: "a", "c", "d" or several, e.g. "cad"; empty = firmware default */
    const char *bios;            /* -bios FILE: firmware image instead of the built-in BIOS */
    const char *vgabios;         /* -vgabios FILE */
    const char *serial[PC_MAX_SERIAL];  /* "stdio", "file:PATH", "tcp:127.0.0.1:PORT", "none" */
    const char *parallel;        /* -parallel: "file:PATH", "none", or NULL (LPT1 with nothing attached) */
    enum pc_display display;
    int snapshot;                /* -snapshot: writes go to a temporary overlay */
    int no_reboot;               /* -no-reboot: a reset (triple fault, reset port) ends the run */
    uint64_t ips;                /* --ips: instructions per virtual second */
    uint16_t debug_exit_port;    /* -debug-exit PORT (isa-debug-exit), default 0xf4; 0 = none */
    const char *post_log;        /* --post-log FILE: POST codes written to port 0x80 */
    uint64_t stop_after_insns;   /* --stop-after-insns N (0 = never) */
    int stats;                   /* --stats: instructions retired, wall time, MIPS at exit */
    const char *kernel, *initrd, *append;   /* direct boot */
    int64_t rtc_base;            /* --rtc-base: seconds since the epoch; INT64_MIN = host clock at start */
    int state_hash;              /* --state-hash */
    int jitter;                  /* --jitter SEED given */
    uint64_t jitter_seed;
    int pace;                    /* --pace: never let virtual time run ahead of real time */
    int tsc_deadline;            /* --tsc-deadline: the local APIC timer's TSC-deadline mode (CPUID, MSR 6E0h) */
    const char *trace_file;      /* --trace FILE: the binary instruction log (x86pc-trace prints it) */
    int trace_regs, trace_mem;   /* --trace-regs, --trace-mem: what else the log records */
    uint64_t trace_from, trace_to;   /* --trace-from, --trace-to: instruction counts (to: UINT64_MAX = no end) */
    uint32_t trace_addr_lo, trace_addr_hi;   /* --trace-addr */
    int trace_cpl;               /* --trace-cpl, -1: any */
    int trace_from_exception;    /* --trace-from-exception */
    const char *loadvm;          /* -loadvm / --snapshot-load FILE: start from a snapshot */
    const char *savevm_at_exit;  /* --snapshot-save FILE: save the machine when the run ends */
    const char *monitor;         /* -monitor stdio | tcp:HOST:PORT */
    const char *gdb;             /* -gdb tcp::PORT (-s is tcp::1234) */
    int wait_at_start;           /* -S: do not start the CPU until gdb or the monitor says so */
    int magic_break;             /* --magic-break: XCHG BX,BX stops into the monitor or gdb */
    const char *screenshot;      /* --screenshot FILE: the screen at exit (PNG, or PPM for FILE.ppm) */
    const char *dump_text;       /* --dump-text FILE: the text screen at exit as UTF-8 */
    const char *keys;            /* --keys SCRIPT: typed on the virtual clock (frontend/keys.h) */
    const char *keys_file;       /* --keys-file FILE: the same from a file */
    const char *capture[PC_MAX_CAPTURES];    /* --screenshot-at / --dump-text-at "TIME:FILE" */
    uint8_t capture_text[PC_MAX_CAPTURES];   /* 1: a text dump */
    unsigned n_captures;
    const char *display_note;    /* why the default display fell back (frontend/display.c says it at start) */
    char *config_text;           /* the -f file's text, which string options point into (freed by the frontend) */
};

/* How a run ended; the frontend turns it into the process exit status. */
enum pc_exit_reason {
    PC_EXIT_NONE = 0,
    PC_EXIT_POWEROFF,            /* ACPI / APM / Bochs 0x8900 "Shutdown": status 0 */
    PC_EXIT_DEBUG_PORT,          /* isa-debug-exit: status (value << 1) | 1 */
    PC_EXIT_RESET,               /* reset with -no-reboot (triple fault, keyboard controller, 0xCF9) */
    PC_EXIT_SIGNAL,              /* SIGINT / SIGTERM from the host */
    PC_EXIT_INSN_LIMIT,          /* --stop-after-insns reached */
    PC_EXIT_ERROR,               /* an emulator error; the message was printed */
};

void pc_config_defaults(struct pc_config *cfg);

#endif

struct pc;

/* Builds the machine; on failure returns NULL with a one-line reason in err. */
struct pc *pc_create(const struct pc_config *cfg, char *err, size_t errlen);
/* Runs until the guest powers off, exits through a debug port, resets with -no-reboot, a signal arrives or the
 * instruction limit is reached. *status is the exit status the process should return. */
enum pc_exit_reason pc_run(struct pc *pc, int *status);
/* Asks a running machine to stop (signal-safe: it only sets a flag). */
void pc_request_stop(struct pc *pc);
void pc_destroy(struct pc *pc);
/* Instructions retired so far (not counting virtual time skipped while halted). */
uint64_t pc_instructions(const struct pc *pc);
/* Where the guest is: CS and EIP of the next instruction. */
void pc_cpu_position(const struct pc *pc, uint16_t *cs, uint32_t *eip);
/* A hash of CPU state, RAM and device state (--state-hash). */
uint64_t pc_state_hash(const struct pc *pc);
/* For devices: end the run with a reason from enum pc_exit_reason and a process exit status. */
void pc_request_exit(void *pc, int reason, int status);
/* One step of the machine loop: runs at most max_insns instructions, then the due timers, a pending reset and
 * --pace. Returns how the run ended so far: PC_EXIT_NONE while it goes on (pc_run is a loop of these). */
enum pc_exit_reason pc_run_slice(struct pc *pc, uint64_t max_insns);
/* The process exit status for the way the run ended. */
int pc_exit_status(const struct pc *pc);

/* For the debuggers (frontend/monitor.c, frontend/gdbstub.c), which read and change the machine while it stands
 * between two slices. */
struct cpu *pc_cpu(struct pc *pc);
struct phys *pc_phys(struct pc *pc);
struct device_list *pc_devices(struct pc *pc);
void pc_system_reset(struct pc *pc);
/* Key events into the keyboard controller, as scan code set 2 bytes (the monitor's sendkey). */
void pc_send_scancodes(struct pc *pc, const uint8_t *set2, unsigned n);

/* For the display frontends (frontend/sdl.c, curses.c, screenshots, scripted keys): the VGA, the virtual clock
 * (for events at points of virtual time), and a hook the board calls after every slice of the run. */
struct vga;
struct clock;
struct vga *pc_vga(struct pc *pc);
struct clock *pc_clock(struct pc *pc);
void pc_set_slice_hook(struct pc *pc, void (*hook)(void *opaque), void *opaque);
/* Mouse movement into the PS/2 mouse (dy > 0 away from the user, dz > 0 the wheel towards the user) with the
 * buttons held now (bit 0 left, 1 right, 2 middle). */
void pc_send_mouse(struct pc *pc, int dx, int dy, int dz, unsigned buttons);
/* Snapshots (devices/snapshot.h): 0, or -1 with a one-line reason in err. */
int pc_snapshot_save(struct pc *pc, const char *path, char *err, size_t errlen);
int pc_snapshot_load(struct pc *pc, const char *path, char *err, size_t errlen);
