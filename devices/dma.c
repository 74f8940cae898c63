/* The 8237A DMA controller pair and the page registers (see dma.h).
 *
 * Nothing here runs on its own: a real 8237 moves a byte per DREQ cycle, but a device here asks for a whole
 * buffer at once, so single, block and demand mode all behave the same and the time a transfer takes is the
 * device's to model. */
#include "devices/dma.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    REG_STATUS_COMMAND = 8, REG_REQUEST = 9, REG_SINGLE_MASK = 10, REG_MODE = 11, REG_CLEAR_FLIPFLOP = 12,
    REG_TEMP_MASTER_CLEAR = 13, REG_CLEAR_MASK = 14, REG_ALL_MASK = 15,
};
enum { CMD_DISABLE = 0x04 };
enum { MODE_TYPE_SHIFT = 2, MODE_AUTO_INIT = 0x10, MODE_DECREMENT = 0x20, MODE_CASCADE = 0xc0 };
enum { TYPE_VERIFY = 0, TYPE_WRITE = 1, TYPE_READ = 2 };

/* Which page register (port 80h + index) holds address bits 16-23 for each channel. */
static const uint8_t page_index[DMA_CHANNELS] = { 0x7, 0x3, 0x1, 0x2, 0xf, 0xb, 0x9, 0xa };

static unsigned ctl_of(unsigned ch) { return ch >> 2; }
static uint8_t bit_of(unsigned ch) { return (uint8_t)(1u << (ch & 3)); }

int dma_channel_ready(const struct dma *d, unsigned ch)
{
    unsigned c = ctl_of(ch);
    return ch < DMA_CHANNELS && !(d->command[c] & CMD_DISABLE) && !(d->mask[c] & bit_of(ch)) &&
           (d->mode[ch] & MODE_CASCADE) != MODE_CASCADE;
}

int dma_terminal_count(const struct dma *d, unsigned ch)
{
    return ch < DMA_CHANNELS && d->last_tc[ch];
}

/* Offers the bus to every device that is waiting on a channel that can now transfer. */
static void notify_ready(struct dma *d)
{
    for (unsigned ch = 0; ch < DMA_CHANNELS; ch++)
        if (d->dreq[ch] && d->ready[ch] && dma_channel_ready(d, ch))
            d->ready[ch](d->ready_opaque[ch]);
}

void dma_set_handler(struct dma *d, unsigned ch, dma_ready_fn *fn, void *opaque)
{
    if (ch < DMA_CHANNELS) {
        d->ready[ch] = fn;
        d->ready_opaque[ch] = opaque;
    }
}

void dma_set_dreq(struct dma *d, unsigned ch, int level)
{
    if (ch < DMA_CHANNELS)
        d->dreq[ch] = level != 0;
}

/* Guest physical address of the channel's current position (16-bit channels count words: A1-A16 in the address
 * register, A17-A23 in the page register). */
static uint32_t current_phys(const struct dma *d, unsigned ch)
{
    uint32_t page = d->page[page_index[ch]];
    if (ch < 4)
        return page << 16 | d->cur_addr[ch];
    return (page & 0xfe) << 16 | (uint32_t)d->cur_addr[ch] << 1;
}

static void reach_terminal_count(struct dma *d, unsigned ch)
{
    unsigned c = ctl_of(ch);
    d->status[c] |= bit_of(ch);
    d->request[c] &= (uint8_t)~bit_of(ch);
    d->last_tc[ch] = 1;
    if (d->mode[ch] & MODE_AUTO_INIT) {
        d->cur_addr[ch] = d->base_addr[ch];
        d->cur_count[ch] = d->base_count[ch];
    } else {
        d->mask[c] |= bit_of(ch);
    }
}

size_t dma_transfer(struct dma *d, unsigned ch, uint8_t *buf, size_t len, int to_memory)
{
    if (ch >= DMA_CHANNELS)
        return 0;
    d->last_tc[ch] = 0;
    if (!dma_channel_ready(d, ch))
        return 0;
    unsigned shift = ch >= 4;                    /* bytes per transfer: 1 << shift */
    unsigned type = d->mode[ch] >> MODE_TYPE_SHIFT & 3;
    int touches_memory = type == TYPE_WRITE || type == TYPE_READ;
    int down = (d->mode[ch] & MODE_DECREMENT) != 0;
    size_t wanted = len >> shift, done = 0;
    while (done < wanted) {
        uint32_t to_tc = (uint32_t)d->cur_count[ch] + 1;
        /* Counting up, copy up to the terminal count or the end of the 64K (128K) page at once; counting down,
         * one transfer at a time. */
        size_t run = 1;
        if (!down) {
            run = wanted - done;
            if (run > to_tc)
                run = to_tc;
            if (run > 0x10000u - d->cur_addr[ch])
                run = 0x10000u - d->cur_addr[ch];
        }
        if (touches_memory) {
            uint32_t addr = current_phys(d, ch);
            if (to_memory)
                phys_write_block(d->phys, addr, buf + (done << shift), run << shift);
            else
                phys_read_block(d->phys, addr, buf + (done << shift), run << shift);
        }
        d->cur_addr[ch] = (uint16_t)(down ? d->cur_addr[ch] - 1u : d->cur_addr[ch] + run);
        d->cur_count[ch] = (uint16_t)(d->cur_count[ch] - run);
        done += run;
        if (run == to_tc) {
            reach_terminal_count(d, ch);
            break;
        }
    }
    return done << shift;
}

static void master_clear(struct dma *d, unsigned c)
{
    d->command[c] = 0;
    d->status[c] = 0;
    d->request[c] = 0;
    d->flipflop[c] = 0;
    d->temp[c] = 0;
    d->mask[c] = 0x0f;
}

static uint8_t status_read(struct dma *d, unsigned c)
{
    uint8_t requests = d->request[c];
    for (unsigned k = 0; k < 4; k++)
        if (d->dreq[c * 4 + k])
            requests |= (uint8_t)(1u << k);
    uint8_t v = (uint8_t)(requests << 4 | (d->status[c] & 0x0f));
    d->status[c] &= 0xf0;                        /* reading clears the terminal-count flags */
    return v;
}

/* The address and count registers are 16 bits wide behind an 8-bit port: the flip-flop picks the byte. */
static uint8_t word_read(struct dma *d, unsigned c, uint16_t value)
{
    uint8_t v = d->flipflop[c] ? (uint8_t)(value >> 8) : (uint8_t)value;
    d->flipflop[c] ^= 1;
    return v;
}

static void word_write(struct dma *d, unsigned c, uint16_t *base, uint16_t *cur, uint8_t value)
{
    if (d->flipflop[c])
        *base = (uint16_t)((*base & 0x00ff) | value << 8);
    else
        *base = (uint16_t)((*base & 0xff00) | value);
    *cur = *base;
    d->flipflop[c] ^= 1;
}

static uint8_t reg_read(struct dma *d, unsigned c, unsigned reg)
{
    if (reg < 8) {
        unsigned ch = c * 4 + reg / 2;
        return word_read(d, c, reg & 1 ? d->cur_count[ch] : d->cur_addr[ch]);
    }
    switch (reg) {
    case REG_STATUS_COMMAND: return status_read(d, c);
    case REG_TEMP_MASTER_CLEAR: return d->temp[c];
    case REG_ALL_MASK: return (uint8_t)(0xf0 | d->mask[c]);
    default: return 0xff;
    }
}

static void reg_write(struct dma *d, unsigned c, unsigned reg, uint8_t v)
{
    if (reg < 8) {
        unsigned ch = c * 4 + reg / 2;
        if (reg & 1)
            word_write(d, c, &d->base_count[ch], &d->cur_count[ch], v);
        else
            word_write(d, c, &d->base_addr[ch], &d->cur_addr[ch], v);
        return;
    }
    uint8_t bit = (uint8_t)(1u << (v & 3));
    switch (reg) {
    case REG_STATUS_COMMAND: d->command[c] = v; break;
    case REG_REQUEST: d->request[c] = (uint8_t)(v & 4 ? d->request[c] | bit : d->request[c] & ~bit); break;
    case REG_SINGLE_MASK: d->mask[c] = (uint8_t)(v & 4 ? d->mask[c] | bit : d->mask[c] & ~bit); break;
    case REG_MODE: d->mode[c * 4 + (v & 3)] = v; break;
    case REG_CLEAR_FLIPFLOP: d->flipflop[c] = 0; break;
    case REG_TEMP_MASTER_CLEAR: master_clear(d, c); break;
    case REG_CLEAR_MASK: d->mask[c] = 0; break;
    case REG_ALL_MASK: d->mask[c] = v & 0x0f; break;
    }
    notify_ready(d);
}

static uint32_t dma1_read(void *opaque, uint16_t port, unsigned size)
{
    (void)size;
    return reg_read(opaque, 0, port & 0x0f);
}

static void dma1_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    (void)size;
    reg_write(opaque, 0, port & 0x0f, (uint8_t)value);
}

/* Controller 2 sits on the even ports C0h-DEh (its A0 is wired to the bus's A1). */
static uint32_t dma2_read(void *opaque, uint16_t port, unsigned size)
{
    (void)size;
    return port & 1 ? 0xff : reg_read(opaque, 1, (port - 0xc0u) >> 1);
}

static void dma2_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    (void)size;
    if (!(port & 1))
        reg_write(opaque, 1, (port - 0xc0u) >> 1, (uint8_t)value);
}

static uint32_t page_read(void *opaque, uint16_t port, unsigned size)
{
    (void)size;
    struct dma *d = opaque;
    return d->page[port & 0x0f];
}

static void page_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    (void)size;
    struct dma *d = opaque;
    d->page[port & 0x0f] = (uint8_t)value;
}

static void dma_reset(void *opaque)
{
    struct dma *d = opaque;
    master_clear(d, 0);
    master_clear(d, 1);
    memset(d->base_addr, 0, sizeof d->base_addr);
    memset(d->base_count, 0, sizeof d->base_count);
    memset(d->cur_addr, 0, sizeof d->cur_addr);
    memset(d->cur_count, 0, sizeof d->cur_count);
    memset(d->mode, 0, sizeof d->mode);
    memset(d->last_tc, 0, sizeof d->last_tc);
    memset(d->page, 0, sizeof d->page);
}

static int dma_post_load(void *opaque)
{
    struct dma *d = opaque;
    for (unsigned c = 0; c < 2; c++)
        if (d->flipflop[c] > 1)
            return -1;
    return 0;
}

static void dma_destroy(void *opaque)
{
    free(opaque);
}

static const struct state_field dma_fields[] = {
    STATE_ARRAY(struct dma, base_addr), STATE_ARRAY(struct dma, base_count),
    STATE_ARRAY(struct dma, cur_addr), STATE_ARRAY(struct dma, cur_count),
    STATE_ARRAY(struct dma, mode), STATE_ARRAY(struct dma, dreq), STATE_ARRAY(struct dma, last_tc),
    STATE_ARRAY(struct dma, command), STATE_ARRAY(struct dma, status), STATE_ARRAY(struct dma, mask),
    STATE_ARRAY(struct dma, request), STATE_ARRAY(struct dma, flipflop), STATE_ARRAY(struct dma, temp),
    STATE_ARRAY(struct dma, page),
    STATE_END,
};

static const struct device_type dma_type = {
    .name = "dma",
    .version = 1,
    .fields = dma_fields,
    .reset = dma_reset,
    .post_load = dma_post_load,
    .destroy = dma_destroy,
};

/* The three port ranges; on failure the ones already claimed are given back. */
static const struct { uint16_t base, count; port_read_fn *rd; port_write_fn *wr; const char *name; } dma_ports[] = {
    { 0x00, 16, dma1_read, dma1_write, "dma1" },
    { 0xc0, 32, dma2_read, dma2_write, "dma2" },
    { 0x81, 15, page_read, page_write, "dma-page" },
};

struct dma *dma_create(const struct board_services *bs, char *err, size_t errlen)
{
    struct dma *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errlen, "dma: out of memory");
        return NULL;
    }
    d->phys = bs->phys;
    unsigned claimed = 0;
    while (claimed < 3 && ports_register(bs->ports, dma_ports[claimed].base, dma_ports[claimed].count,
                                         dma_ports[claimed].rd, dma_ports[claimed].wr, d, dma_ports[claimed].name,
                                         0) == 0)
        claimed++;
    if (claimed < 3 || device_register(bs->devices, &dma_type, d, "dma") < 0) {
        snprintf(err, errlen, claimed < 3 ? "dma: cannot claim ports 00h-0Fh, C0h-DFh and 81h-8Fh"
                                          : "dma: the device list is full");
        while (claimed--)
            ports_unregister(bs->ports, dma_ports[claimed].base, dma_ports[claimed].count);
        free(d);
        return NULL;
    }
    dma_reset(d);
    return d;
}
