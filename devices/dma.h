/* The 8237A DMA controller pair of the PC/AT and its page registers.
 *
 * Controller 1 (ports 00h-0Fh) serves the 8-bit channels 0-3, controller 2 (C0h-DFh, registers on even ports)
 * the 16-bit channels 4-7 (channel 4 cascades controller 1). The page registers 81h-8Fh give address bits 16-23;
 * port 80h sits among them but belongs to the POST-code device, so it is not claimed here.
 *
 * A device moves data with dma_transfer, which copies between its buffer and guest memory at the channel's
 * current address, counts the channel down and stops at terminal count (TC). A device that finds its channel
 * masked raises its request line with dma_set_dreq; the controller calls the device's ready handler as soon as
 * the channel is unmasked, and the device retries from there. */
#ifndef X86PC_DEVICES_DMA_H
#define X86PC_DEVICES_DMA_H

#include <stddef.h>
#include <stdint.h>

#include "devices/device.h"

enum { DMA_CHANNELS = 8 };

typedef void dma_ready_fn(void *opaque);

struct dma {
    struct phys *phys;
    /* per channel (4-7 count 16-bit words) */
    uint16_t base_addr[DMA_CHANNELS], base_count[DMA_CHANNELS];
    uint16_t cur_addr[DMA_CHANNELS], cur_count[DMA_CHANNELS];
    uint8_t mode[DMA_CHANNELS];
    uint8_t dreq[DMA_CHANNELS];        /* the device's request line */
    uint8_t last_tc[DMA_CHANNELS];     /* the last dma_transfer ended at terminal count */
    /* per controller */
    uint8_t command[2], status[2], mask[2], request[2], flipflop[2], temp[2];
    uint8_t page[16];                  /* the page register file 80h-8Fh (80h's slot unused) */
    dma_ready_fn *ready[DMA_CHANNELS];
    void *ready_opaque[DMA_CHANNELS];
};

struct dma *dma_create(const struct board_services *bs, char *err, size_t errlen);

/* Moves up to len bytes between buf and guest memory (to_memory: device to memory), stopping early at terminal
 * count; a 16-bit channel moves whole words. Returns the bytes moved: 0 when the channel is masked or the
 * controller is disabled. In verify mode nothing touches memory but the channel still counts. */
size_t dma_transfer(struct dma *d, unsigned channel, uint8_t *buf, size_t len, int to_memory);
/* Did the last dma_transfer on the channel reach terminal count? */
int dma_terminal_count(const struct dma *d, unsigned channel);
/* Is the channel able to transfer now (unmasked, controller enabled)? */
int dma_channel_ready(const struct dma *d, unsigned channel);

/* The device side of a channel: its ready handler, and its request line (DREQ). */
void dma_set_handler(struct dma *d, unsigned channel, dma_ready_fn *fn, void *opaque);
void dma_set_dreq(struct dma *d, unsigned channel, int level);

#endif
