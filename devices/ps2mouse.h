/* A PS/2 mouse on the 8042's auxiliary port: the command set of the IBM PS/2 mouse and the Microsoft IntelliMouse
 * extensions, as the 8042 forwards it (controller command D4h). Answers and movement packets go to the
 * controller's output queue through a callback (the keyboard's ps2_output_fn).
 *
 * Commands: FF reset (FA AA 00), FE resend, F6 defaults, F5/F4 data reporting off/on, F3 sample rate, F2 read ID,
 * F0 remote mode, EE/EC wrap mode on/off, EB read data, EA stream mode, E9 status (3 bytes), E8 resolution,
 * E7/E6 scaling 2:1 / 1:1. The sample rate sequence 200, 100, 80 turns the ID to 3 (IntelliMouse: a fourth
 * packet byte with the wheel), and then 200, 200, 80 to 4 (IntelliMouse Explorer: wheel and buttons 4 and 5).
 *
 * Movement from the frontends enters through ps2mouse_move: in stream mode with reporting on, each event becomes
 * a packet (split when it exceeds the 9-bit range); in remote mode it accumulates until EB reads it. */
#ifndef X86PC_DEVICES_PS2MOUSE_H
#define X86PC_DEVICES_PS2MOUSE_H

#include "devices/device.h"
#include "devices/ps2kbd.h"

enum { PS2MOUSE_LEFT = 1, PS2MOUSE_RIGHT = 2, PS2MOUSE_MIDDLE = 4, PS2MOUSE_BUTTON4 = 8, PS2MOUSE_BUTTON5 = 16 };

struct ps2mouse {
    uint8_t pending_command;     /* E8h or F3h waiting for its parameter, or 0 */
    uint8_t remote;              /* remote mode (else stream) */
    uint8_t wrap, wrap_remote;   /* wrap (echo) mode, and the mode to return to */
    uint8_t enabled;             /* data reporting (F4h) */
    uint8_t scaling21;
    uint8_t resolution;          /* 0-3: 1, 2, 4, 8 counts/mm */
    uint8_t sample_rate;
    uint8_t id;                  /* 0 standard, 3 IntelliMouse, 4 IntelliMouse Explorer */
    uint8_t rates[3];            /* the last three sample rates set, oldest first */
    uint8_t buttons;
    int32_t dx, dy, dz;          /* movement not yet reported */
    uint8_t last_sent;
    ps2_output_fn *output;
    void *kbc;
};

void ps2mouse_init(struct ps2mouse *m, ps2_output_fn *output, void *kbc);
/* Adds the mouse's state to the board's device list (reset and saved with it). */
int ps2mouse_register(struct ps2mouse *m, struct device_list *devices);
void ps2mouse_reset(struct ps2mouse *m);
/* A byte the host sent to the mouse (8042 command D4h). */
void ps2mouse_write(struct ps2mouse *m, uint8_t byte);
/* Movement (dy > 0 is away from the user, dz > 0 the wheel towards the user) and the buttons now held. */
void ps2mouse_move(struct ps2mouse *m, int dx, int dy, int dz, unsigned buttons);

#endif
