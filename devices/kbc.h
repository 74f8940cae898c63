/* The i8042 keyboard controller at ports 0x60/0x64: status, command byte, the controller commands BIOSes and
 * operating systems use, scan code set 2 to set 1 translation, IRQ1 for keyboard bytes and IRQ12 for mouse
 * bytes, and the output port's A20 gate and reset line. Bytes reach the guest one at a time with a delay on the
 * virtual clock, as over the PS/2 link. */
#ifndef X86PC_DEVICES_KBC_H
#define X86PC_DEVICES_KBC_H

#include "devices/device.h"
#include "devices/ps2kbd.h"
#include "devices/ps2mouse.h"

enum { KBC_QUEUE = 32 };

typedef void kbc_a20_fn(void *board, int enabled);
typedef void kbc_reset_fn(void *board);

struct kbc {
    uint8_t status, command_byte, output_port;
    uint8_t pending_command;     /* a controller command waiting for its data byte (60h, D1h, D2h, D3h, D4h) */
    uint8_t out;                 /* the output buffer */
    uint8_t out_aux;             /* the output buffer holds a mouse byte */
    uint8_t queue[KBC_QUEUE], queue_aux[KBC_QUEUE];
    uint8_t queue_head, queue_count;
    uint8_t break_prefix;        /* translation: an F0 was seen */
    struct ps2kbd kbd;
    struct ps2mouse mouse;       /* on the auxiliary port (its state is its own device entry) */
    struct irq_line irq1, irq12;
    struct clock *clock;
    struct timer deliver;        /* the next queued byte reaches the output buffer */
    kbc_a20_fn *set_a20;
    kbc_reset_fn *request_reset;
    void *board;
};

struct kbc *kbc_create(const struct board_services *bs, struct irq_line irq1, struct irq_line irq12,
                       kbc_a20_fn *set_a20, kbc_reset_fn *request_reset, void *board);
/* Key events from a frontend, as set-2 bytes. */
void kbc_key_scancodes(struct kbc *c, const uint8_t *bytes, unsigned n);
/* Mouse events from a frontend: relative movement (dy > 0 away from the user, dz > 0 the wheel towards the
 * user) and the PS2MOUSE_* buttons held now. */
void kbc_mouse_event(struct kbc *c, int dx, int dy, int dz, unsigned buttons);

#endif
