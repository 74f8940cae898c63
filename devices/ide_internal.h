/* Shared between the parts of the IDE channel: ide.c (registers, protocol, device), ide_commands.c (the ATA and
 * packet command sets) and ide_busmaster.c (the PIIX bus master and its DMA). Not for other devices. */
#ifndef X86PC_DEVICES_IDE_INTERNAL_H
#define X86PC_DEVICES_IDE_INTERNAL_H

#include "devices/ide.h"

enum { ST_ERR = 0x01, ST_DRQ = 0x08, ST_DSC = 0x10, ST_DRDY = 0x40, ST_BSY = 0x80, ST_READY = ST_DRDY | ST_DSC };
enum { ER_ABRT = 0x04, ER_IDNF = 0x10, ER_UNC = 0x40 };
enum { CTL_NIEN = 0x02, CTL_SRST = 0x04, CTL_HOB = 0x80 };
enum { SEL_DEV = 0x10, SEL_LBA = 0x40 };
enum { IREASON_COD = 0x01, IREASON_IO = 0x02 };
enum { BM_START = 0x01, BM_ACTIVE = 0x01, BM_ERROR = 0x02, BM_INTERRUPT = 0x04, BM_CAPABLE = 0x60 };
enum { ADDR_CHS, ADDR_LBA28, ADDR_LBA48 };

/* What the data port (or the bus master) moves for the command in progress. */
enum { XFER_NONE, XFER_PIO_IN, XFER_ATA_READ, XFER_ATA_WRITE, XFER_PACKET, XFER_ATAPI_IN };
/* What the channel timer does next. */
enum { ACT_NONE, ACT_EXECUTE, ACT_READ_BLOCK, ACT_WRITE_BLOCK, ACT_PACKET, ACT_ATAPI_CHUNK, ACT_DMA,
       ACT_RESET_DONE };

enum {
    CMD_NOP = 0x00, CMD_DEVICE_RESET = 0x08, CMD_READ = 0x20, CMD_READ_NORETRY = 0x21, CMD_READ_EXT = 0x24,
    CMD_READ_DMA_EXT = 0x25, CMD_READ_MAX_EXT = 0x27, CMD_READ_MULTIPLE_EXT = 0x29, CMD_WRITE = 0x30,
    CMD_WRITE_NORETRY = 0x31, CMD_WRITE_EXT = 0x34, CMD_WRITE_DMA_EXT = 0x35, CMD_WRITE_MULTIPLE_EXT = 0x39,
    CMD_VERIFY = 0x40, CMD_VERIFY_NORETRY = 0x41, CMD_VERIFY_EXT = 0x42, CMD_DIAGNOSTIC = 0x90,
    CMD_INIT_PARAMS = 0x91, CMD_PACKET = 0xa0, CMD_IDENTIFY_PACKET = 0xa1, CMD_READ_MULTIPLE = 0xc4,
    CMD_WRITE_MULTIPLE = 0xc5, CMD_SET_MULTIPLE = 0xc6, CMD_READ_DMA = 0xc8, CMD_READ_DMA_NORETRY = 0xc9,
    CMD_WRITE_DMA = 0xca, CMD_WRITE_DMA_NORETRY = 0xcb, CMD_STANDBY_IMMEDIATE = 0xe0, CMD_IDLE_IMMEDIATE = 0xe1,
    CMD_STANDBY = 0xe2, CMD_IDLE = 0xe3, CMD_CHECK_POWER = 0xe5, CMD_SLEEP = 0xe6, CMD_FLUSH = 0xe7,
    CMD_FLUSH_EXT = 0xea, CMD_IDENTIFY = 0xec, CMD_SET_FEATURES = 0xef, CMD_READ_MAX = 0xf8,
};

/* Virtual time the drive takes; fixed, so every run is the same. */
#define IDE_COMMAND_NS 20000u    /* from the command register to the first DRQ or the completion */
#define IDE_BLOCK_NS 5000u       /* between DRQ blocks */
#define IDE_PACKET_DRQ_NS 2000u  /* PACKET: until the drive asks for the command packet */
#define IDE_PACKET_NS 50000u     /* a packet command's own work */
#define IDE_DMA_NS 20000u        /* from the bus master's start to the end of a transfer */
#define IDE_RESET_NS 100000u     /* software reset */

struct ide_drive *ide_selected(struct ide_channel *ch);

/* ide.c: interrupt, timer, completion, task-file addresses, PIO blocks. */
void ide_update_irq(struct ide_channel *ch);
void ide_raise_irq(struct ide_channel *ch, struct ide_drive *d);
void ide_schedule(struct ide_channel *ch, struct ide_drive *d, uint8_t action, uint64_t ns);
void ide_finish_ok(struct ide_channel *ch, struct ide_drive *d);
void ide_finish_error(struct ide_channel *ch, struct ide_drive *d, uint8_t error);
void ide_set_signature(struct ide_drive *d);
void ide_set_address(struct ide_drive *d, uint64_t lba);
void ide_set_count(struct ide_drive *d, uint32_t n);
void ide_advance(struct ide_drive *d, uint32_t done);
void ide_start_data_in(struct ide_channel *ch, struct ide_drive *d, uint8_t xfer, uint32_t bytes);
void ide_read_block(struct ide_channel *ch, struct ide_drive *d);
void ide_request_write_block(struct ide_channel *ch, struct ide_drive *d, int interrupt);

/* ide_commands.c */
void ide_execute_disk(struct ide_channel *ch, struct ide_drive *d);
void ide_execute_packet_device(struct ide_channel *ch, struct ide_drive *d);
void ide_run_packet(struct ide_channel *ch, struct ide_drive *d);
void ide_atapi_next_chunk(struct ide_channel *ch, struct ide_drive *d);
void ide_atapi_done(struct ide_channel *ch, struct ide_drive *d);
void ide_atapi_fail(struct ide_channel *ch, struct ide_drive *d);
void ide_diagnose(struct ide_channel *ch);

/* ide_busmaster.c */
void ide_start_dma(struct ide_channel *ch, struct ide_drive *d);
void ide_dma_run(struct ide_channel *ch, struct ide_drive *d);

#endif
