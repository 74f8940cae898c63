/* Serial port back ends (see serial_backend.h). */
#include "devices/serial_backend.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int open_tcp(struct serial_backend *b, const char *spec, char *err, size_t errlen)
{
    const char *colon = strrchr(spec, ':');
    char host[64];
    size_t hl = colon ? (size_t)(colon - spec) : 0;
    long port = colon ? strtol(colon + 1, NULL, 10) : 0;
    if (!colon || hl == 0 || hl >= sizeof host || port <= 0 || port > 65535) {
        snprintf(err, errlen, "-serial tcp:%s: expected tcp:127.0.0.1:PORT", spec);
        return -1;
    }
    memcpy(host, spec, hl);
    host[hl] = 0;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        snprintf(err, errlen, "-serial tcp:%s: %s is not an IPv4 address", spec, host);
        return -1;
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 1) < 0 ||
        fcntl(fd, F_SETFL, O_NONBLOCK) < 0) {
        snprintf(err, errlen, "-serial tcp:%s: %s", spec, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    b->listen_fd = fd;
    return 0;
}

int serial_backend_open(struct serial_backend *b, const char *spec, char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    b->kind = SERIAL_NONE;
    b->listen_fd = b->conn_fd = b->stdin_fd = -1;
    if (!spec || strcmp(spec, "none") == 0)
        return 0;
    if (strcmp(spec, "stdio") == 0) {
        b->kind = SERIAL_STDIO;
        b->out = stdout;
        b->stdin_fd = 0;
        return 0;
    }
    if (strncmp(spec, "file:", 5) == 0) {
        b->kind = SERIAL_FILE;
        b->out = fopen(spec + 5, "wb");
        if (!b->out) {
            snprintf(err, errlen, "-serial %s: %s", spec, strerror(errno));
            return -1;
        }
        return 0;
    }
    if (strncmp(spec, "tcp:", 4) == 0) {
        b->kind = SERIAL_TCP;
        return open_tcp(b, spec + 4, err, errlen);
    }
    snprintf(err, errlen, "-serial %s: unknown back end", spec);
    return -1;
}

void serial_backend_close(struct serial_backend *b)
{
    if (b->kind == SERIAL_FILE && b->out)
        fclose(b->out);
    else if (b->out)
        fflush(b->out);
    if (b->conn_fd >= 0)
        close(b->conn_fd);
    if (b->listen_fd >= 0)
        close(b->listen_fd);
    b->out = NULL;
    b->conn_fd = b->listen_fd = -1;
}

/* Accepts a waiting client, if any (the socket is non-blocking). */
static void tcp_accept(struct serial_backend *b)
{
    if (b->conn_fd >= 0 || b->listen_fd < 0)
        return;
    int fd = accept(b->listen_fd, NULL, NULL);
    if (fd >= 0) {
        fcntl(fd, F_SETFL, O_NONBLOCK);
        b->conn_fd = fd;
    }
}

void serial_backend_write(struct serial_backend *b, uint8_t byte)
{
    switch (b->kind) {
    case SERIAL_STDIO:
    case SERIAL_FILE:
        fputc(byte, b->out);
        if (byte == '\n' || b->kind == SERIAL_STDIO)
            fflush(b->out);
        break;
    case SERIAL_TCP:
        tcp_accept(b);
        if (b->conn_fd >= 0 && send(b->conn_fd, &byte, 1, MSG_NOSIGNAL) < 0 && errno != EAGAIN) {
            close(b->conn_fd);
            b->conn_fd = -1;
        }
        break;
    default:
        break;
    }
}

static int read_fd(int *fd, uint8_t *byte, int close_on_eof)
{
    struct pollfd p = { *fd, POLLIN, 0 };
    if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP)))
        return 0;
    ssize_t n = read(*fd, byte, 1);
    if (n == 1)
        return 1;
    if (n == 0 || (n < 0 && errno != EAGAIN)) {
        if (close_on_eof)
            close(*fd);
        *fd = -1;                /* end of input: stop polling it */
    }
    return 0;
}

int serial_backend_read(struct serial_backend *b, uint8_t *byte)
{
    if (b->kind == SERIAL_STDIO && b->stdin_fd >= 0)
        return read_fd(&b->stdin_fd, byte, 0);
    if (b->kind == SERIAL_TCP) {
        tcp_accept(b);
        if (b->conn_fd >= 0)
            return read_fd(&b->conn_fd, byte, 1);
    }
    return 0;
}

int serial_backend_has_input(const struct serial_backend *b)
{
    return (b->kind == SERIAL_STDIO && b->stdin_fd >= 0) || b->kind == SERIAL_TCP;
}
