/* A PS/2 keyboard's command set, as the 8042 forwards it: reset and self test, identify (AB 83), scan code set,
 * LEDs, typematic rate, enable/disable, echo, resend. Answers go to the controller's output queue through a
 * callback. Key presses from the frontends arrive as set-2 byte sequences through ps2kbd_send_scancodes. */
#ifndef X86PC_DEVICES_PS2KBD_H
#define X86PC_DEVICES_PS2KBD_H

#include <stdint.h>

typedef void ps2_output_fn(void *kbc, uint8_t byte);

struct ps2kbd {
    uint8_t pending_command;     /* a command waiting for its parameter byte (ED, F3, F0), or 0 */
    uint8_t scancode_set;        /* 1, 2 or 3 */
    uint8_t leds;
    uint8_t typematic;
    uint8_t enabled;             /* scanning enabled (F4) */
    uint8_t last_sent;
    ps2_output_fn *output;
    void *kbc;
};

void ps2kbd_init(struct ps2kbd *k, ps2_output_fn *output, void *kbc);
void ps2kbd_reset(struct ps2kbd *k);
/* A byte the host wrote to the keyboard (through the 8042's data port). */
void ps2kbd_write(struct ps2kbd *k, uint8_t byte);
/* Key events from a frontend, as set-2 bytes (dropped while scanning is disabled). */
void ps2kbd_send_scancodes(struct ps2kbd *k, const uint8_t *bytes, unsigned n);

#endif
