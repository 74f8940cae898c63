/* The HPET on a board-less rig: capabilities, the 100 MHz counter (halted, running, written), a one-shot 32-bit
 * comparator (Linux's one-shot clock event), a periodic one set up as Linux does (VAL_SET, then the period), legacy
 * replacement routing to IRQ 0 / IRQ 8, a level-triggered timer on I/O APIC input 20 and its status bit. */
#include "devices/hpet.h"
#include "tests/unit/device_rig.h"
#include "tests/unit/unit.h"

enum { BASE = 0xfed00000u };

static uint32_t rd(struct rig *r, uint32_t off) { return phys_read(&r->phys, BASE + off, 4); }
static void wr(struct rig *r, uint32_t off, uint32_t v) { phys_write(&r->phys, BASE + off, v, 4); }

int main(void)
{
    struct rig r;
    rig_init(&r);
    /* lines 0 and 8: the legacy ISA IRQs; 12-15 stand for I/O APIC inputs 20-23 */
    struct irq_line legacy[2] = { rig_line(&r, 0), rig_line(&r, 8) };
    struct irq_line gsi[4] = { rig_line(&r, 12), rig_line(&r, 13), rig_line(&r, 14), rig_line(&r, 15) };
    struct hpet *h = hpet_create(&r.bs, BASE, legacy, gsi);
    CHECK(h != NULL);
    if (!h)
        return unit_done();

    /* capabilities: revision 1, 3 timers, 64-bit, legacy capable, vendor 8086, 10 ns */
    CHECK_EQ(rd(&r, 0x000), 0x8086a201);
    CHECK_EQ(rd(&r, 0x004), 10000000);
    CHECK_EQ(rd(&r, 0x100) & 0x30, 0x30);                /* periodic and 64-bit capable */
    CHECK_EQ(rd(&r, 0x104), 0x00f00000);                 /* routable to inputs 20-23 */

    /* halted at reset; counting at 100 MHz once enabled; writable while halted */
    rig_advance_ns(&r, 1000);
    CHECK_EQ(rd(&r, 0x0f0), 0);
    wr(&r, 0x010, 1);
    rig_advance_ns(&r, 1000);
    CHECK_EQ(rd(&r, 0x0f0), 100);
    wr(&r, 0x010, 0);
    rig_advance_ns(&r, 5000);
    CHECK_EQ(rd(&r, 0x0f0), 100);
    wr(&r, 0x0f0, 0xfffffff0u);
    wr(&r, 0x0f4, 0);
    wr(&r, 0x010, 1);
    rig_advance_ns(&r, 300);
    CHECK_EQ(rd(&r, 0x0f0), 0x0000000e);                 /* carries into the high dword */
    CHECK_EQ(rd(&r, 0x0f4), 1);

    /* legacy replacement: timer 0 one-shot, 32-bit, edge, as Linux's hpet clock event */
    wr(&r, 0x010, 3);
    CHECK(hpet_legacy(h));
    wr(&r, 0x100, 0x104);                                /* 32-bit, interrupt enabled */
    uint32_t now = rd(&r, 0x0f0);
    wr(&r, 0x108, now + 1000);
    rig_advance_ns(&r, 9990);
    CHECK_EQ(r.line[0].rises, 0);
    rig_advance_ns(&r, 20);
    CHECK_EQ(r.line[0].rises, 1);
    CHECK_EQ(r.line[0].level, 0);                        /* edge: a pulse */
    rig_advance_ns(&r, 1000000);
    CHECK_EQ(r.line[0].rises, 1);                        /* one-shot */

    /* periodic, as Linux sets it up: VAL_SET, comparator = now + period, then the period alone */
    now = rd(&r, 0x0f0);
    wr(&r, 0x100, 0x14c);                                /* 32-bit, VAL_SET, periodic, enabled */
    wr(&r, 0x108, now + 400000);
    wr(&r, 0x108, 400000);                               /* 4 ms at 100 MHz */
    CHECK_EQ(rd(&r, 0x100) & 0x40, 0);                   /* VAL_SET lasts one write */
    rig_advance_ns(&r, 4000000 * 10 + 100);
    CHECK_EQ(r.line[0].rises, 11);
    CHECK_EQ(rd(&r, 0x108), now + 400000u * 11);
    wr(&r, 0x100, 0);

    /* timer 1 drives IRQ 8 in legacy mode, and its own route without it */
    wr(&r, 0x120, 0x4 | (20 << 9));
    wr(&r, 0x128, rd(&r, 0x0f0) + 10);
    wr(&r, 0x12c, rd(&r, 0x0f4));
    rig_advance_ns(&r, 200);
    CHECK_EQ(r.line[8].rises, 1);
    CHECK_EQ(r.line[12].rises, 0);
    wr(&r, 0x010, 1);                                    /* legacy off */
    CHECK(!hpet_legacy(h));

    /* level-triggered on input 20: stays up until the status bit is cleared */
    wr(&r, 0x120, 0x6 | (20 << 9));
    wr(&r, 0x128, rd(&r, 0x0f0) + 10);
    wr(&r, 0x12c, rd(&r, 0x0f4));
    rig_advance_ns(&r, 200);
    CHECK_EQ(r.line[12].level, 1);
    CHECK_EQ(rd(&r, 0x020), 2);
    wr(&r, 0x020, 1);                                    /* another timer's bit: no effect */
    CHECK_EQ(r.line[12].level, 1);
    wr(&r, 0x020, 2);
    CHECK_EQ(r.line[12].level, 0);
    CHECK_EQ(rd(&r, 0x020), 0);

    /* a 64-bit comparator behind the counter never fires; reset halts and clears */
    wr(&r, 0x120, 0x4 | (21 << 9));
    wr(&r, 0x128, 5);
    wr(&r, 0x12c, 0);
    rig_advance_ns(&r, 100000000);
    CHECK_EQ(r.line[13].rises, 0);
    r.devices.entry[0].type->reset(h);
    CHECK_EQ(rd(&r, 0x010), 0);
    CHECK_EQ(rd(&r, 0x0f0), 0);
    rig_free(&r);
    return unit_done();
}
