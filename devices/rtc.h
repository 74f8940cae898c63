/* The MC146818 real-time clock and its 128 bytes of CMOS RAM at ports 0x70/0x71. Time starts from a given number
 * of seconds since 1970 (the host's time, or --rtc-base for reproducible runs) and advances with virtual time
 * only. Periodic, alarm and update-ended interrupts go to IRQ8. */
#ifndef X86PC_DEVICES_RTC_H
#define X86PC_DEVICES_RTC_H

#include "devices/device.h"

struct rtc {
    uint8_t cmos[128];           /* registers 0-13 hold no time here: time fields are computed when read */
    uint8_t index;
    uint8_t nmi_masked;          /* bit 7 of the last index write */
    int64_t base_seconds;        /* the time at base_ns, in seconds since 1970 */
    uint64_t base_ns;            /* virtual time of the last whole-second update */
    uint8_t frozen;              /* register B SET: updates stop */
    uint64_t pf_seen_ns;         /* when register C was last read (PF without PIE is worked out from it) */
    uint8_t alarm_s, alarm_m, alarm_h;   /* alarm registers as written (BCD or binary, with don't-care bits) */
    struct irq_line irq;
    struct clock *clock;
    struct timer second_timer;   /* the next update cycle: UF and alarm */
    struct timer periodic_timer;
};

struct rtc *rtc_create(const struct board_services *bs, struct irq_line irq, int64_t base_seconds);
uint8_t rtc_cmos_read(struct rtc *r, int index);
void rtc_cmos_write(struct rtc *r, int index, uint8_t value);
/* Recomputes the standard checksum (0x2E/0x2F) over bytes 0x10-0x2D after the board fills them. */
void rtc_cmos_update_checksum(struct rtc *r);
int rtc_nmi_masked(const struct rtc *r);

#endif
