/* The 512-byte IDENTIFY DEVICE and IDENTIFY PACKET DEVICE blocks, built from a drive's geometry and settings.
 * Words are little-endian (st16) and strings byte-swapped within each word, as ATA defines them; word 255
 * carries the integrity signature and checksum. */
#ifndef X86PC_DEVICES_IDE_IDENTIFY_H
#define X86PC_DEVICES_IDE_IDENTIFY_H

#include <stdint.h>

#include "devices/ide.h"

void ide_identify_disk(const struct ide_drive *d, unsigned unit, uint8_t *out);
void ide_identify_cdrom(const struct ide_drive *d, unsigned unit, uint8_t *out);

#endif
