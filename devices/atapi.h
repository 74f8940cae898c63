/* The ATAPI CD-ROM's packet command layer: the SCSI/MMC commands a CD-ROM answers (INQUIRY, READ CAPACITY,
 * READ(10)/(12), READ TOC, MODE SENSE(10), GET CONFIGURATION, GET EVENT STATUS NOTIFICATION, ...), its sense
 * data, and its medium (an ISO image of 2048-byte sectors, a tray, a lock).
 *
 * It knows nothing of the ATA protocol: ide.c hands it each 12-byte packet and moves the data it produces,
 * in PIO chunks or by bus-master DMA. Replies are built in the caller's buffer; a read names the sectors,
 * which ide.c fetches with atapi_read as the host takes them. */
#ifndef X86PC_DEVICES_ATAPI_H
#define X86PC_DEVICES_ATAPI_H

#include <stddef.h>
#include <stdint.h>

#include "devices/block/block.h"

enum { ATAPI_SECTOR = 2048, ATAPI_PACKET = 12 };

/* Sense keys. */
enum {
    SENSE_NONE = 0x0, SENSE_NOT_READY = 0x2, SENSE_MEDIUM_ERROR = 0x3, SENSE_ILLEGAL_REQUEST = 0x5,
    SENSE_UNIT_ATTENTION = 0x6,
};

struct atapi {
    struct block *blk;           /* the disc, NULL when none is loaded */
    uint32_t sectors;            /* 2048-byte sectors on the disc */
    /* state */
    uint8_t sense_key, asc, ascq;
    uint8_t unit_attention;      /* the medium changed: the next command reports it */
    uint8_t locked;              /* PREVENT ALLOW MEDIUM REMOVAL */
    uint8_t tray_open;           /* START STOP UNIT ejected the disc */
    uint8_t media_event;         /* pending media event for GET EVENT STATUS NOTIFICATION (0 = none) */
};

/* What a good command hands to the host. */
struct atapi_reply {
    uint32_t len;                /* bytes for the host; 0 = no data phase */
    int from_disc;               /* 1: the data are `count` sectors from `lba` (read with atapi_read) */
    uint32_t lba, count;
};

void atapi_init(struct atapi *a);
/* Loads a disc (the atapi then owns blk); fails with a message when the image is not whole 2048-byte sectors. */
int atapi_insert(struct atapi *a, struct block *blk, char *err, size_t errlen);
void atapi_eject(struct atapi *a);
/* Power-on or device reset: sense cleared, lock released; the disc stays. */
void atapi_reset(struct atapi *a);

/* Runs one packet. Returns 0 (good status; *r says what data follow, small replies already in buf) or -1
 * (CHECK CONDITION: the sense data say why). buf must hold at least ATAPI_REPLY_MAX bytes. */
enum { ATAPI_REPLY_MAX = 4096 };
int atapi_command(struct atapi *a, const uint8_t *packet, uint8_t *buf, struct atapi_reply *r);
/* Reads count sectors from lba into buf; -1 with MEDIUM ERROR sense when the host read fails. */
int atapi_read(struct atapi *a, uint32_t lba, uint32_t count, uint8_t *buf);

#endif
