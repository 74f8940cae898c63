/* The debug ports (see debugport.h). */
#include "devices/debugport.h"
#include "devices/pc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char shutdown_word[] = "Shutdown";

static uint32_t e9_read(void *opaque, uint16_t port, unsigned size)
{
    (void)opaque;
    (void)port;
    (void)size;
    return 0xe9;                 /* lets a guest detect the port, as in Bochs */
}

static void e9_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct debugport *d = opaque;
    (void)port;
    (void)size;
    if (d->console) {
        fputc((int)(value & 0xff), d->console);
        if ((value & 0xff) == '\n')
            fflush(d->console);
    }
}

static uint32_t post_read(void *opaque, uint16_t port, unsigned size)
{
    struct debugport *d = opaque;
    (void)port;
    (void)size;
    return d->last_post;
}

static void post_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct debugport *d = opaque;
    (void)port;
    (void)size;
    d->last_post = (uint8_t)value;
    if (d->post_log) {
        fprintf(d->post_log, "POST %02x\n", d->last_post);
        fflush(d->post_log);
    }
}

/* isa-debug-exit: the value written (byte or word, as the guest wrote it) becomes the exit status. */
static void exit_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct debugport *d = opaque;
    (void)port;
    uint32_t v = size == 1 ? value & 0xff : value & 0xffff;
    d->request_exit(d->board, PC_EXIT_DEBUG_PORT, (int)(((v << 1) | 1) & 0xff));
}

static uint32_t exit_read(void *opaque, uint16_t port, unsigned size)
{
    (void)opaque;
    (void)port;
    (void)size;
    return 0xffffffffu;
}

static void shutdown_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct debugport *d = opaque;
    (void)port;
    (void)size;
    char ch = (char)(value & 0xff);
    if (ch == shutdown_word[d->shutdown_matched])
        d->shutdown_matched++;
    else
        d->shutdown_matched = ch == shutdown_word[0] ? 1 : 0;
    if (d->shutdown_matched == sizeof shutdown_word - 1) {
        d->shutdown_matched = 0;
        d->request_exit(d->board, PC_EXIT_POWEROFF, 0);
    }
}

static void debugport_reset(void *opaque)
{
    struct debugport *d = opaque;
    d->last_post = 0;
    d->shutdown_matched = 0;
}

static void debugport_destroy(void *opaque)
{
    struct debugport *d = opaque;
    if (d->post_log)
        fclose(d->post_log);
    free(d);
}

static const struct state_field debugport_fields[] = {
    STATE_FIELD(struct debugport, last_post),
    STATE_FIELD(struct debugport, shutdown_matched),
    STATE_END,
};

static const struct device_type debugport_type = {
    .name = "debugport",
    .version = 1,
    .fields = debugport_fields,
    .reset = debugport_reset,
    .destroy = debugport_destroy,
};

struct debugport *debugport_create(const struct board_services *bs, FILE *console, const char *post_log_path,
                                   uint16_t exit_port, debugport_exit_fn *request_exit, void *board, char *err,
                                   size_t errlen)
{
    struct debugport *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    d->console = console;
    d->exit_port = exit_port;
    d->request_exit = request_exit;
    d->board = board;
    if (post_log_path && !(d->post_log = fopen(post_log_path, "w"))) {
        snprintf(err, errlen, "--post-log: %s: %s", post_log_path, strerror(errno));
        free(d);
        return NULL;
    }
    int bad = ports_register(bs->ports, 0xe9, 1, e9_read, e9_write, d, "debugcon", 0) < 0 ||
              ports_register(bs->ports, 0x80, 1, post_read, post_write, d, "post", 0) < 0 ||
              ports_register(bs->ports, 0x8900, 1, NULL, shutdown_write, d, "bochs-shutdown", 0) < 0 ||
              (exit_port && ports_register(bs->ports, exit_port, 1, exit_read, exit_write, d, "debug-exit",
                                           PORT_WIDE) < 0);
    if (bad || device_register(bs->devices, &debugport_type, d, NULL) < 0) {
        snprintf(err, errlen, "-debug-exit %#x: the port is already in use", exit_port);
        debugport_destroy(d);
        return NULL;
    }
    return d;
}
