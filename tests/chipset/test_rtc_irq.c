/* The RTC's interrupt flags as the MC146818A datasheet defines IRQF (= PF.PIE + AF.AIE + UF.UIE): enabling an
 * interrupt whose flag is already set raises IRQ 8 at once and disabling it lowers the line; PF is set at the
 * periodic rate without PIE (for programs that poll register C); 12-hour alarm; the SET bit stops updates. */
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
    rtc_create(&r.bs, rig_line(&r, 8), 1700000000);     /* 2023-11-14 22:13:20 UTC */
    cmos_set(&r, 0x0b, 0x02);
    (void)cmos(&r, 0x0c);
    /* UF is set every second with UIE off; turning UIE on then raises IRQ 8 immediately */
    rig_advance_ns(&r, 1000000000);
    CHECK_EQ(r.line[8].level, 0);
    cmos_set(&r, 0x0b, 0x12);
    CHECK_EQ(r.line[8].level, 1);
    cmos_set(&r, 0x0b, 0x02);                            /* and off again: the line drops */
    CHECK_EQ(r.line[8].level, 0);
    CHECK_EQ(cmos(&r, 0x0c) & 0x90, 0x10);               /* UF without IRQF */
    /* PF without PIE, at 2 Hz (rate 15) */
    cmos_set(&r, 0x0a, 0x2f);
    (void)cmos(&r, 0x0c);
    rig_advance_ns(&r, 300000000);
    CHECK_EQ(cmos(&r, 0x0c) & 0x40, 0x00);
    rig_advance_ns(&r, 300000000);
    CHECK_EQ(cmos(&r, 0x0c) & 0x40, 0x40);
    CHECK_EQ(cmos(&r, 0x0c) & 0x40, 0x00);
    CHECK_EQ(r.line[8].level, 0);
    cmos_set(&r, 0x0a, 0x26);
    /* 12-hour mode, binary: 10:13 PM; an alarm at 22:13:30 written as 10 PM */
    cmos_set(&r, 0x0b, 0x04);
    CHECK_EQ(cmos(&r, 0x04), 0x80 | 10);
    cmos_set(&r, 0x01, 30);
    cmos_set(&r, 0x03, 13);
    cmos_set(&r, 0x05, 0x80 | 10);
    cmos_set(&r, 0x0b, 0x24);
    (void)cmos(&r, 0x0c);
    int fired_at = -1;
    for (int k = 0; k < 40 && fired_at < 0; k++) {
        rig_advance_ns(&r, 1000000000);
        if (r.line[8].level)
            fired_at = cmos(&r, 0x00);
    }
    CHECK_EQ(fired_at, 30);
    CHECK_EQ(cmos(&r, 0x0c) & 0xa0, 0xa0);               /* IRQF and AF */
    CHECK_EQ(r.line[8].level, 0);
    /* SET stops the clock; clearing it starts from the value written */
    cmos_set(&r, 0x0b, 0x86);
    cmos_set(&r, 0x00, 0);
    rig_advance_ns(&r, 5000000000ull);
    CHECK_EQ(cmos(&r, 0x00), 0);
    cmos_set(&r, 0x0b, 0x06);
    rig_advance_ns(&r, 2000000000ull);
    CHECK_EQ(cmos(&r, 0x00), 2);
    rig_free(&r);
    return unit_done();
}
