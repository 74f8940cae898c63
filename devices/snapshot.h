/* Snapshots of the whole machine (savevm / loadvm, --snapshot-save / -loadvm).
 *
 * A snapshot file (the container is snapshot_file.h) holds these sections:
 *   machine      RAM size, --ips, a digest of the firmware, the A20 gate and the list of devices: a snapshot only
 *                loads into a machine built the same way
 *   cpu, fpu     the CPU's parts (cpu/cpu_state.h), which the board hands in as snapshot_part
 *   ram          a bitmap of the pages that are not all zero, then those pages (zlib-compressed when built with it)
 *   clock        the --jitter generator and the order of the armed device timers (equal deadlines run in the
 *                order they were armed, so the order is part of the state)
 *   dev:NAME     each device's state fields (devices/device.h), versioned by the device type
 *   disk:NAME    a digest of the disk image, plus the sectors a -snapshot overlay changed
 * Loading checks every section against the machine before it changes anything; then timers are re-armed and
 * every device's post_load runs. Disk images are never written by a load: a disk whose image changed since the
 * save is refused, and -snapshot changes are written into the overlay. */
#ifndef X86PC_DEVICES_SNAPSHOT_H
#define X86PC_DEVICES_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "devices/block/block.h"
#include "devices/clock.h"
#include "devices/device.h"
#include "devices/snapshot_file.h"
#include "mem/phys.h"

enum { SNAPSHOT_MAX_DISKS = 8 };

struct snapshot_disk {
    char name[8];                /* "fda", "hda", "cdrom"... */
    struct block *block;         /* what the guest reads and writes */
    const char *path;            /* the image file */
    int overlay;                 /* -snapshot: block is a temporary overlay over the image */
};

/* A section for a part outside devices/ (the CPU, its FPU), described by the board that owns it: the section's
 * name and version, its size, and how to save, check (NULL: only the size is checked) and load it. */
struct snapshot_part {
    const char *name;
    unsigned version;
    size_t (*size)(void);
    void (*save)(const void *owner, uint8_t *out);
    int (*check)(const uint8_t *in, size_t len, char *err, size_t errlen);
    int (*load)(void *owner, const uint8_t *in, size_t len, char *err, size_t errlen);
};

enum { SNAPSHOT_MAX_PARTS = 4 };

/* The parts of a machine a snapshot covers (the board fills it in). */
struct snapshot_machine {
    void *owner;                 /* what the parts' save and load get (the CPU) */
    const struct snapshot_part *part[SNAPSHOT_MAX_PARTS];   /* saved in this order, before the RAM */
    unsigned n_parts;
    struct phys *phys;
    struct clock *clock;
    struct device_list *devices;
    const uint8_t *firmware;
    size_t firmware_size;
    struct snapshot_disk disk[SNAPSHOT_MAX_DISKS];
    unsigned n_disks;
};

/* Each returns 0, or -1 with a one-line reason in err. A failed save leaves no file behind (and any older file
 * of that name unchanged); a failed load leaves the machine as it was, except for the rare failure after the
 * checks (a device refusing its state, a host I/O error), which the message says. */
int snapshot_save(const struct snapshot_machine *m, const char *path, char *err, size_t errlen);
int snapshot_load(const struct snapshot_machine *m, const char *path, char *err, size_t errlen);

/* The disk part (snapshot_disk.c). */
int snapshot_disk_save(const struct snapshot_disk *d, struct snap_buf *out, char *err, size_t errlen);
int snapshot_disk_check(const struct snapshot_disk *d, const struct snap_section *s, char *err, size_t errlen);
int snapshot_disk_apply(const struct snapshot_disk *d, const struct snap_section *s, char *err, size_t errlen);

#endif
