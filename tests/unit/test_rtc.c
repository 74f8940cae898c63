/* The RTC: time from the base advancing with virtual time, BCD and 12-hour formats, UIP, periodic and update
 * interrupts, alarm, register C cleared on read, and the CMOS checksum. */
#include "devices/rtc.h"
#include "tests/unit/device_rig.h"
#include "tests/unit/unit.h"

static uint8_t cmos(struct rig *r, uint8_t index)
{
    outb(r, 0x70, index);
    return inb(r, 0x71);
}

static void cmos_set(struct rig *r, uint8_t index, uint8_t v)
{
    outb(r, 0x70, index);
    outb(r, 0x71, v);
}

int main(void)
{
    struct rig r;
    rig_init(&r);
    /* 2024-02-29 23:59:58 UTC */
    struct rtc *t = rtc_create(&r.bs, rig_line(&r, 8), 1709251198);
    cmos_set(&r, 0x0b, 0x02);                    /* 24-hour, BCD */
    CHECK_EQ(cmos(&r, 0x00), 0x58);
    CHECK_EQ(cmos(&r, 0x04), 0x23);
    CHECK_EQ(cmos(&r, 0x07), 0x29);
    CHECK_EQ(cmos(&r, 0x08), 0x02);
    CHECK_EQ(cmos(&r, 0x09), 0x24);
    CHECK_EQ(cmos(&r, 0x32), 0x20);
    rig_advance_ns(&r, 3000000000ull);           /* past midnight into March 1st */
    CHECK_EQ(cmos(&r, 0x00), 0x01);
    CHECK_EQ(cmos(&r, 0x04), 0x00);
    CHECK_EQ(cmos(&r, 0x07), 0x01);
    CHECK_EQ(cmos(&r, 0x08), 0x03);
    /* binary and 12-hour: 00 h is 12 AM */
    cmos_set(&r, 0x0b, 0x04);
    CHECK_EQ(cmos(&r, 0x04), 12);
    CHECK_EQ(cmos(&r, 0x00), 1);
    /* UIP is set only in the last 244 us before a second boundary */
    cmos_set(&r, 0x0b, 0x02);
    int uip_seen = 0, clear_seen = 0;
    for (int k = 0; k < 2000; k++) {
        rig_advance_ns(&r, 1000000);
        if (cmos(&r, 0x0a) & 0x80)
            uip_seen++;
        else
            clear_seen++;
    }
    CHECK(uip_seen <= 2 && clear_seen >= 1998);
    /* Periodic interrupt at 1024 Hz (rate 6) */
    (void)cmos(&r, 0x0c);
    r.line[8].rises = 0;
    cmos_set(&r, 0x0a, 0x26);
    cmos_set(&r, 0x0b, 0x42);
    for (int k = 0; k < 1024; k++) {
        rig_advance_ns(&r, 976563);
        (void)cmos(&r, 0x0c);                    /* acknowledge */
    }
    CHECK(r.line[8].rises >= 1020 && r.line[8].rises <= 1026);
    /* Update-ended interrupt once a second; register C reads the flags once */
    cmos_set(&r, 0x0b, 0x12);
    (void)cmos(&r, 0x0c);
    rig_advance_ns(&r, 1000000000);
    uint8_t c = cmos(&r, 0x0c);
    CHECK_EQ(c & 0x90, 0x90);
    CHECK_EQ(cmos(&r, 0x0c), 0);
    /* Alarm with don't-care hours and minutes: fires when the seconds match */
    uint8_t s = cmos(&r, 0x00);
    uint8_t target = (uint8_t)(((s >> 4) * 10 + (s & 15) + 5) % 60);
    cmos_set(&r, 0x01, (uint8_t)((target / 10) << 4 | target % 10));
    cmos_set(&r, 0x03, 0xc0);
    cmos_set(&r, 0x05, 0xc0);
    cmos_set(&r, 0x0b, 0x22);
    (void)cmos(&r, 0x0c);
    int fired = -1;
    for (int k = 1; k <= 10 && fired < 0; k++) {
        rig_advance_ns(&r, 1000000000);
        if (cmos(&r, 0x0c) & 0x20)
            fired = k;
    }
    CHECK(fired >= 4 && fired <= 6);
    /* NVRAM and the checksum */
    rtc_cmos_write(t, 0x10, 0x40);
    rtc_cmos_update_checksum(t);
    unsigned sum = 0;
    for (int k = 0x10; k <= 0x2d; k++)
        sum += rtc_cmos_read(t, k);
    CHECK_EQ(cmos(&r, 0x2e) << 8 | cmos(&r, 0x2f), sum);
    /* Bit 7 of the index masks NMI */
    outb(&r, 0x70, 0x80 | 0x10);
    CHECK_EQ(rtc_nmi_masked(t), 1);
    rig_free(&r);
    return unit_done();
}
