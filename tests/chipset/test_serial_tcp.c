/* The serial port's TCP back end (-serial tcp:127.0.0.1:PORT): malformed specifications, a port already in use,
 * bytes both ways with a client, and a second client after the first hangs up (the emulator never blocks on it). */
#include "devices/serial_backend.h"
#include "tests/unit/unit.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int connect_to(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Reads n bytes from the client socket, waiting up to a second for each. */
static int client_read(int fd, char *buf, int n)
{
    for (int k = 0; k < n; k++) {
        struct pollfd p = { fd, POLLIN, 0 };
        if (poll(&p, 1, 1000) <= 0 || read(fd, buf + k, 1) != 1)
            return k;
    }
    return n;
}

/* Polls the back end (as the UART does) until a byte comes, for up to about a second. */
static int backend_read(struct serial_backend *b, uint8_t *byte)
{
    for (int k = 0; k < 1000; k++) {
        if (serial_backend_read(b, byte))
            return 1;
        poll(NULL, 0, 1);
    }
    return 0;
}

int main(void)
{
    char err[256], spec[64];
    struct serial_backend b;
    CHECK(serial_backend_open(&b, "tcp:127.0.0.1", err, sizeof err) < 0);
    CHECK(strstr(err, "expected tcp:127.0.0.1:PORT") != NULL);
    CHECK(serial_backend_open(&b, "tcp:localhost:4555", err, sizeof err) < 0);
    CHECK(strstr(err, "not an IPv4 address") != NULL);
    CHECK(serial_backend_open(&b, "tcp:127.0.0.1:70000", err, sizeof err) < 0);

    /* a free port: one of a range chosen from the process id, so parallel runs rarely meet */
    int port = 0;
    for (int k = 0; k < 64 && !port; k++) {
        int p = 20000 + (int)((getpid() * 7 + k * 131) % 20000);
        snprintf(spec, sizeof spec, "tcp:127.0.0.1:%d", p);
        if (serial_backend_open(&b, spec, err, sizeof err) == 0)
            port = p;
    }
    CHECK(port != 0);
    if (!port)
        return unit_done();
    CHECK(serial_backend_has_input(&b));

    /* the same port twice: refused with a reason */
    struct serial_backend twice;
    CHECK(serial_backend_open(&twice, spec, err, sizeof err) < 0);
    CHECK(strstr(err, spec + 4) != NULL);

    /* no client yet: output is dropped and input is empty, without blocking */
    uint8_t byte = 0;
    serial_backend_write(&b, 'z');
    CHECK(!serial_backend_read(&b, &byte));

    int c = connect_to(port);
    CHECK(c >= 0);
    CHECK_EQ(write(c, "hi", 2), 2);
    CHECK(backend_read(&b, &byte));                      /* accepts the client, then reads */
    CHECK_EQ(byte, 'h');
    CHECK(backend_read(&b, &byte));
    CHECK_EQ(byte, 'i');
    serial_backend_write(&b, 'O');
    serial_backend_write(&b, 'K');
    char buf[8] = { 0 };
    CHECK_EQ(client_read(c, buf, 2), 2);
    CHECK(memcmp(buf, "OK", 2) == 0);

    /* the client hangs up: reads see nothing, writes go nowhere, and the next client is served */
    close(c);
    CHECK(!backend_read(&b, &byte));
    serial_backend_write(&b, 'x');
    serial_backend_write(&b, 'y');
    c = connect_to(port);
    CHECK(c >= 0);
    serial_backend_write(&b, '2');
    memset(buf, 0, sizeof buf);
    CHECK_EQ(client_read(c, buf, 1), 1);
    CHECK_EQ(buf[0], '2');
    CHECK_EQ(write(c, "!", 1), 1);
    CHECK(backend_read(&b, &byte));
    CHECK_EQ(byte, '!');
    close(c);
    serial_backend_close(&b);
    return unit_done();
}
