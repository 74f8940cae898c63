/* What the monitor's files share: the monitor itself, output, and argument parsing (monitor.c), the inspection
 * commands (monitor_info.c) and the key names of sendkey (sendkey.c). */
#ifndef X86PC_FRONTEND_MONITOR_INTERNAL_H
#define X86PC_FRONTEND_MONITOR_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "frontend/monitor.h"

enum { MONITOR_LINE_MAX = 1024, MONITOR_INPUT_MAX = 64 * 1024 };

struct monitor {
    struct debugger *dbg;
    int on_stdio;
    int listen_fd;               /* TCP: the listening socket, -1 on stdio */
    int in_fd, out_fd;           /* stdio: 0 and 1; TCP: the client (-1 while none) */
    int interactive;             /* print prompts (a terminal or a TCP client) */
    int input_closed;            /* standard input reached its end */
    char input[MONITOR_INPUT_MAX];   /* received bytes not yet run as commands */
    size_t input_len;
    size_t held;                 /* input bytes that were there when a command let the guest run: a script's
                                  * next commands, which wait for the guest to stop (even `quit`) */
};

void mon_printf(struct monitor *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Splits a command line into words (in place); returns how many (at most max). */
unsigned mon_split(char *line, char **argv, unsigned max);
/* An address: a number (0x hex or decimal), SEG:OFF (each a number; real and V86 mode: SEG * 16 + OFF, protected
 * mode: the segment's base from its descriptor + OFF), or $reg ($eip, $pc, $esp, $eax ...). 0, or -1 with a
 * message printed. */
int mon_parse_address(struct monitor *m, const char *text, uint32_t *out);
int mon_parse_number(const char *text, uint64_t *out);

/* monitor_info.c */
void mon_info(struct monitor *m, unsigned argc, char **argv);
void mon_info_registers(struct monitor *m);
/* x and xp: linear (physical = 0) or physical addresses, QEMU's /FMT (count, format x d u c i, size b h w g). */
void mon_examine(struct monitor *m, unsigned argc, char **argv, int physical);
void mon_disas(struct monitor *m, unsigned argc, char **argv);
/* One line: where the guest stands and its next instruction. */
void mon_print_position(struct monitor *m, const char *what);

/* sendkey.c: QEMU key names ("a", "ret", "ctrl-alt-delete") to scan code set 2 presses then releases. Returns
 * the number of bytes, or -1 (unknown key name in `bad`). */
int sendkey_scancodes(const char *combo, uint8_t *out, unsigned max, char *bad, size_t badlen);

#endif
