/* The PS/2 keyboard's command set (see ps2kbd.h). */
#include "devices/ps2kbd.h"

enum { ACK = 0xfa, BAT_OK = 0xaa, ECHO = 0xee };

static void send(struct ps2kbd *k, uint8_t b)
{
    k->last_sent = b;
    k->output(k->kbc, b);
}

void ps2kbd_init(struct ps2kbd *k, ps2_output_fn *output, void *kbc)
{
    k->output = output;
    k->kbc = kbc;
    ps2kbd_reset(k);
}

void ps2kbd_reset(struct ps2kbd *k)
{
    k->pending_command = 0;
    k->scancode_set = 2;
    k->leds = 0;
    k->typematic = 0x2b;         /* 10.9 characters per second after 500 ms */
    k->enabled = 1;
    k->last_sent = 0;
}

/* The parameter byte of ED (LEDs), F3 (typematic) or F0 (scan code set). */
static void parameter(struct ps2kbd *k, uint8_t cmd, uint8_t v)
{
    k->pending_command = 0;
    switch (cmd) {
    case 0xed:
        k->leds = v & 7;
        send(k, ACK);
        break;
    case 0xf3:
        k->typematic = v & 0x7f;
        send(k, ACK);
        break;
    case 0xf0:
        send(k, ACK);
        if (v == 0)
            send(k, k->scancode_set);
        else if (v <= 3)
            k->scancode_set = v;
        break;
    default:
        break;
    }
}

void ps2kbd_write(struct ps2kbd *k, uint8_t v)
{
    if (k->pending_command && v < 0xed) {
        parameter(k, k->pending_command, v);
        return;
    }
    k->pending_command = 0;
    switch (v) {
    case 0xff:                   /* reset: ACK, then the self-test result */
        ps2kbd_reset(k);
        send(k, ACK);
        send(k, BAT_OK);
        break;
    case 0xfe:
        send(k, k->last_sent);
        break;
    case 0xf2:                   /* identify: an MF2 keyboard */
        send(k, ACK);
        send(k, 0xab);
        send(k, 0x83);
        break;
    case 0xee:
        send(k, ECHO);
        break;
    case 0xed:
    case 0xf3:
    case 0xf0:
        k->pending_command = v;
        send(k, ACK);
        break;
    case 0xf4:
        k->enabled = 1;
        send(k, ACK);
        break;
    case 0xf5:                   /* disable: defaults, scanning stops */
        ps2kbd_reset(k);
        k->enabled = 0;
        send(k, ACK);
        break;
    case 0xf6:
        ps2kbd_reset(k);
        send(k, ACK);
        break;
    default:
        send(k, ACK);            /* set 3 key-type commands and the rest are accepted and ignored */
        break;
    }
}

void ps2kbd_send_scancodes(struct ps2kbd *k, const uint8_t *bytes, unsigned n)
{
    if (!k->enabled)
        return;
    for (unsigned i = 0; i < n; i++)
        send(k, bytes[i]);
}
