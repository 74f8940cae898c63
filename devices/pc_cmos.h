/* The CMOS a PC/AT BIOS (the own one, SeaBIOS, the Bochs BIOS) reads at POST: memory sizes, diskette types,
 * hard disk types, geometry and translation hints, the boot order, and the checksum. */
#ifndef X86PC_DEVICES_PC_CMOS_H
#define X86PC_DEVICES_PC_CMOS_H

#include <stdint.h>

#include "devices/pc.h"

struct rtc;
struct ide_channel;

/* Fills the RTC's CMOS for the machine cfg describes, with ram_size bytes of RAM and the disks attached to the
 * primary IDE channel. */
void pc_fill_cmos(struct rtc *r, const struct pc_config *cfg, uint32_t ram_size, const struct ide_channel *primary);

#endif
