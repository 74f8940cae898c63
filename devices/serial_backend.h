/* Where a serial port's bytes go on the host: "stdio", "file:PATH", "tcp:127.0.0.1:PORT" (a listening socket that
 * accepts one client at a time), or "none". Host I/O never blocks the emulator and its failures are not fatal: a
 * closed connection just waits for the next client. */
#ifndef X86PC_DEVICES_SERIAL_BACKEND_H
#define X86PC_DEVICES_SERIAL_BACKEND_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum serial_backend_kind { SERIAL_NONE, SERIAL_STDIO, SERIAL_FILE, SERIAL_TCP };

struct serial_backend {
    enum serial_backend_kind kind;
    FILE *out;                   /* stdio and file */
    int listen_fd, conn_fd;      /* tcp */
    int stdin_fd;                /* stdio input, or -1 */
};

/* Opens a back end from its specification; NULL or "none" gives one that drops everything. Returns 0, or -1 with
 * a one-line reason in err. */
int serial_backend_open(struct serial_backend *b, const char *spec, char *err, size_t errlen);
void serial_backend_close(struct serial_backend *b);
void serial_backend_write(struct serial_backend *b, uint8_t byte);
/* Takes one byte of host input if there is one (never blocks): 1 when *byte was set. */
int serial_backend_read(struct serial_backend *b, uint8_t *byte);
/* Whether this back end can ever deliver input (the UART polls only those). */
int serial_backend_has_input(const struct serial_backend *b);

#endif
