/* The debug ports tests and course labs use:
 *   0xE9    Bochs/QEMU debug console: bytes written go to an output stream; reads return 0xE9.
 *   0x80    POST codes: the last one is kept, and each is logged as "POST xx" when a log file is given.
 *   exit    QEMU's isa-debug-exit (default 0xF4): writing v ends the run with status (v << 1) | 1.
 *   0x8900  Bochs power-off: writing the characters "Shutdown" ends the run with status 0. */
#ifndef X86PC_DEVICES_DEBUGPORT_H
#define X86PC_DEVICES_DEBUGPORT_H

#include <stdio.h>

#include "devices/device.h"

typedef void debugport_exit_fn(void *board, int reason, int status);

struct debugport {
    FILE *console;               /* 0xE9 output (not owned), or NULL to drop it */
    FILE *post_log;              /* POST code log (owned), or NULL */
    uint16_t exit_port;          /* 0 = no exit port */
    uint8_t last_post;
    uint8_t shutdown_matched;    /* how many characters of "Shutdown" arrived in order */
    debugport_exit_fn *request_exit;
    void *board;
};

/* Returns NULL with a reason in err when a port is taken or the POST log cannot be opened. */
struct debugport *debugport_create(const struct board_services *bs, FILE *console, const char *post_log_path,
                                   uint16_t exit_port, debugport_exit_fn *request_exit, void *board, char *err,
                                   size_t errlen);

#endif
