/* Ports 0x92 and 0xCF9 (see sysctl.h). */
#include "devices/sysctl.h"

#include <stdlib.h>

static uint32_t sysctl_read(void *opaque, uint16_t port, unsigned size)
{
    struct sysctl *s = opaque;
    (void)size;
    if (port == 0x92)
        return (uint32_t)(s->a20_state(s->board) ? 2 : 0);
    return s->cf9;
}

static void sysctl_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct sysctl *s = opaque;
    (void)size;
    if (port == 0x92) {
        s->set_a20(s->board, (value >> 1) & 1);
        if (value & 1)
            s->request_reset(s->board);
        return;
    }
    s->cf9 = (uint8_t)(value & 0x0e);
    if (value & 4)
        s->request_reset(s->board);
}

static void sysctl_reset(void *opaque)
{
    struct sysctl *s = opaque;
    s->cf9 = 0;
}

static const struct state_field sysctl_fields[] = {
    STATE_FIELD(struct sysctl, cf9),
    STATE_END,
};

static const struct device_type sysctl_type = {
    .name = "sysctl",
    .version = 1,
    .fields = sysctl_fields,
    .reset = sysctl_reset,
    .destroy = free,
};

struct sysctl *sysctl_create(const struct board_services *bs, sysctl_a20_fn *set_a20, sysctl_a20_state_fn *a20_state,
                             sysctl_reset_fn *request_reset, void *board)
{
    struct sysctl *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->set_a20 = set_a20;
    s->a20_state = a20_state;
    s->request_reset = request_reset;
    s->board = board;
    if (ports_register(bs->ports, 0x92, 1, sysctl_read, sysctl_write, s, "port92", 0) < 0 ||
        ports_register(bs->ports, 0xcf9, 1, sysctl_read, sysctl_write, s, "reset-control", 0) < 0 ||
        device_register(bs->devices, &sysctl_type, s, NULL) < 0) {
        free(s);
        return NULL;
    }
    return s;
}
