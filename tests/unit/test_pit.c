/* The 8254 counters against the virtual clock: IRQ0 rates and its waveform (OUT0, both edges), counts read back,
 * latch and read-back, OUT2. */
#include "devices/pit.h"
#include "tests/unit/device_rig.h"
#include "tests/unit/unit.h"

int main(void)
{
    struct rig r;
    rig_init(&r);
    struct pit *p = pit_create(&r.bs, rig_line(&r, 0));
    /* Counter 0, mode 2 with a reload of 1193 (about 1 kHz): 1000 interrupts in one virtual second */
    outb(&r, 0x43, 0x34);
    outb(&r, 0x40, 1193 & 0xff);
    outb(&r, 0x40, 1193 >> 8);
    rig_advance_ns(&r, 1000000000);
    CHECK(r.line[0].rises >= 999 && r.line[0].rises <= 1001);
    /* Mode 3 with the full count: the BIOS tick, 18.2 Hz */
    r.line[0].rises = 0;
    outb(&r, 0x43, 0x36);
    outb(&r, 0x40, 0);
    outb(&r, 0x40, 0);
    rig_advance_ns(&r, 10000000000ull);
    CHECK(r.line[0].rises >= 181 && r.line[0].rises <= 183);
    /* A counter latched and read in two bytes; counting down from the reload */
    outb(&r, 0x43, 0x74);                        /* counter 1, mode 2 */
    outb(&r, 0x41, 0x10);
    outb(&r, 0x41, 0x27);                        /* 10000 */
    rig_advance_ns(&r, 1000000);                 /* 1 ms = 1193 ticks */
    outb(&r, 0x43, 0x40);                        /* latch counter 1 */
    rig_advance_ns(&r, 1000000);
    unsigned v = inb(&r, 0x41);
    v |= (unsigned)inb(&r, 0x41) << 8;
    CHECK(v >= 10000 - 1194 && v <= 10000 - 1192);
    /* Read-back status: mode 2, LSB/MSB access */
    outb(&r, 0x43, 0xe4);                        /* read-back status of counter 1 */
    CHECK_EQ(inb(&r, 0x41) & 0x3e, 0x34);
    /* BCD: 100 in BCD counts 100 ticks */
    outb(&r, 0x43, 0x75);
    outb(&r, 0x41, 0x00);
    outb(&r, 0x41, 0x01);
    outb(&r, 0x43, 0x40);
    unsigned lo = inb(&r, 0x41);
    unsigned hi = inb(&r, 0x41);
    CHECK_EQ(lo | hi << 8, 0x0100);
    /* Counter 2 and port 0x61: OUT2 in mode 0 rises after the count, only with the gate on */
    outb(&r, 0x61, 0x01);
    outb(&r, 0x43, 0xb0);
    outb(&r, 0x42, 100);
    outb(&r, 0x42, 0);
    CHECK_EQ(inb(&r, 0x61) & 0x20, 0);
    rig_advance_ns(&r, 200000);                  /* 238 ticks */
    CHECK_EQ(inb(&r, 0x61) & 0x20, 0x20);
    /* The refresh bit toggles over time */
    int toggles = 0, last = inb(&r, 0x61) & 0x10;
    for (int k = 0; k < 10; k++) {
        rig_advance_ns(&r, 15085);
        int now = inb(&r, 0x61) & 0x10;
        toggles += now != last;
        last = now;
    }
    CHECK(toggles >= 9);
    /* IRQ 0 follows OUT0 both ways (the 8259A drops a request whose line falls before the INTA). Mode 3 with a
     * count of 1000 (838 us): high for the first half, low for the second. */
    outb(&r, 0x43, 0x36);
    outb(&r, 0x40, 1000 & 0xff);
    outb(&r, 0x40, 1000 >> 8);
    CHECK_EQ(r.line[0].level, 1);
    rig_advance_ns(&r, 400000);                  /* 477 ticks: first half */
    CHECK_EQ(r.line[0].level, 1);
    rig_advance_ns(&r, 100000);                  /* 596 ticks: second half */
    CHECK_EQ(r.line[0].level, 0);
    rig_advance_ns(&r, 400000);                  /* 1074 ticks: the next period's first half */
    CHECK_EQ(r.line[0].level, 1);
    /* Mode 2, count 100: low for the last tick of each period only */
    outb(&r, 0x43, 0x34);
    outb(&r, 0x40, 100);
    outb(&r, 0x40, 0);
    unsigned low = 0, rises = r.line[0].rises;
    for (int k = 0; k < 10000; k++) {            /* 10 periods in 0.1-tick steps */
        rig_advance_ns(&r, 84);
        low += r.line[0].level == 0;
    }
    CHECK(r.line[0].rises - rises >= 9 && r.line[0].rises - rises <= 11);
    CHECK(low >= 80 && low <= 120);              /* about one tick in a hundred */
    /* Mode 0: a control word drops OUT0 at once; the count makes it rise at the terminal count */
    outb(&r, 0x43, 0x30);
    CHECK_EQ(r.line[0].level, 0);
    outb(&r, 0x40, 10);
    outb(&r, 0x40, 0);
    rig_advance_ns(&r, 5000);                    /* 6 ticks */
    CHECK_EQ(r.line[0].level, 0);
    rig_advance_ns(&r, 5000);                    /* 12 ticks */
    CHECK_EQ(r.line[0].level, 1);
    outb(&r, 0x43, 0x30);
    CHECK_EQ(r.line[0].level, 0);
    (void)p;
    rig_free(&r);
    return unit_done();
}
