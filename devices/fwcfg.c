/* The firmware configuration interface (see fwcfg.h). */
#include "devices/fwcfg.h"
#include "mem/endian.h"

#include <stdlib.h>
#include <string.h>

static const uint8_t *item_bytes(struct fwcfg *f, unsigned sel, uint32_t *size)
{
    if (sel >= FWCFG_ITEM_SIZE_BASE && sel < FWCFG_ITEM_SIZE_BASE + FWCFG_MAX_ITEMS) {
        st32(f->size_buf, f->item[sel - FWCFG_ITEM_SIZE_BASE].size);
        *size = 4;
        return f->size_buf;
    }
    if (sel >= FWCFG_MAX_ITEMS) {
        *size = 0;
        return NULL;
    }
    *size = f->item[sel].size;
    return f->item[sel].data;
}

static uint32_t fwcfg_read(void *opaque, uint16_t port, unsigned size)
{
    struct fwcfg *f = opaque;
    (void)size;
    if (port != FWCFG_PORT_DATA)
        return f->selected;
    uint32_t n;
    const uint8_t *p = item_bytes(f, f->selected, &n);
    if (!p || f->offset >= n)
        return 0;
    return p[f->offset++];
}

static void fwcfg_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct fwcfg *f = opaque;
    (void)size;
    if (port == FWCFG_PORT_SELECTOR) {
        f->selected = (uint16_t)value;
        f->offset = 0;
    }
}

/* Only the read position changes at run time; the items are configuration, rebuilt by the board. */
static void fwcfg_reset(void *opaque)
{
    struct fwcfg *f = opaque;
    f->selected = 0;
    f->offset = 0;
}

static void fwcfg_destroy(void *opaque)
{
    struct fwcfg *f = opaque;
    for (unsigned k = 0; k < FWCFG_MAX_ITEMS; k++)
        free(f->item[k].data);
    free(f);
}

static const struct state_field fwcfg_fields[] = {
    STATE_FIELD(struct fwcfg, selected),
    STATE_FIELD(struct fwcfg, offset),
    STATE_END,
};

static const struct device_type fwcfg_type = {
    .name = "fwcfg",
    .version = 1,
    .fields = fwcfg_fields,
    .reset = fwcfg_reset,
    .destroy = fwcfg_destroy,
};

int fwcfg_add(struct fwcfg *f, unsigned item, const void *data, size_t size)
{
    if (item >= FWCFG_MAX_ITEMS || size > UINT32_MAX)
        return -1;
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return -1;
    if (size)
        memcpy(copy, data, size);
    free(f->item[item].data);
    f->item[item].data = copy;
    f->item[item].size = (uint32_t)size;
    return 0;
}

int fwcfg_add_u32(struct fwcfg *f, unsigned item, uint32_t value)
{
    uint8_t b[4];
    st32(b, value);
    return fwcfg_add(f, item, b, 4);
}

struct fwcfg *fwcfg_create(const struct board_services *bs)
{
    struct fwcfg *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    if (ports_register(bs->ports, FWCFG_PORT_SELECTOR, 2, fwcfg_read, fwcfg_write, f, "fwcfg", 0) < 0 ||
        device_register(bs->devices, &fwcfg_type, f, NULL) < 0) {
        free(f);
        return NULL;
    }
    fwcfg_add(f, FWCFG_SIGNATURE, "X86PC-FW", 8);
    fwcfg_add_u32(f, FWCFG_VERSION, 1);
    return f;
}
