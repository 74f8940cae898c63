/* The 8254 programmable interval timer at 0x40-0x43, and port 0x61 (counter 2's gate, the speaker enable, OUT2
 * and the refresh toggle). Counters are functions of virtual time: reading one computes its value from the
 * time it was loaded; only counter 0's output edges (IRQ0, both ways) are scheduled as timer events. */
#ifndef X86PC_DEVICES_PIT_H
#define X86PC_DEVICES_PIT_H

#include "devices/device.h"

#define PIT_HZ 1193182u

struct pit_channel {
    uint32_t reload;             /* the count in effect (65536 for 0) */
    uint16_t pending;            /* a count being written in two halves */
    uint8_t mode, rw, bcd;       /* rw: 1 LSB, 2 MSB, 3 LSB then MSB */
    uint8_t write_high, read_high;
    uint8_t latched, latch_high, status_latched;
    uint16_t latch;
    uint8_t status;
    uint8_t gate;
    uint8_t counting;            /* a count has been loaded and counting started */
    uint8_t null_count;
    uint64_t start_ns;           /* virtual time when counting started */
    uint64_t held_ticks;         /* ticks counted when gate 2 went low (modes 0, 2, 3, 4 hold there) */
};

struct pit {
    struct pit_channel ch[3];
    struct irq_line irq0;
    struct clock *clock;
    struct timer irq_timer;      /* the next edge of OUT0 (IRQ 0) */
    uint8_t speaker_enable;      /* port 0x61 bit 1 */
    uint8_t out0;                /* the level driven on IRQ 0 */
    uint64_t edge_tick;          /* the counter 0 tick of the last OUT0 edge handled (or of the last restart) */
    uint64_t next_tick;          /* the tick of the edge the timer waits for */
    uint64_t lag_ns;             /* --jitter: how late IRQ 0 follows OUT0 this period */
};

struct pit *pit_create(const struct board_services *bs, struct irq_line irq0);
/* OUT2 and the speaker enable, for a PC speaker back end; and counter 2's frequency in Hz (0 when silent). */
int pit_speaker_output(struct pit *p);
uint32_t pit_channel2_hz(const struct pit *p);

#endif
