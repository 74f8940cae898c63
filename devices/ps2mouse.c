/* The PS/2 mouse (see ps2mouse.h). Command set from the IBM PS/2 Hardware Technical Reference (pointing device)
 * and the Microsoft IntelliMouse protocol extensions. */
#include "devices/ps2mouse.h"

enum { ACK = 0xfa, RESEND = 0xfe, BAT_OK = 0xaa };

static void send(struct ps2mouse *m, uint8_t b)
{
    m->last_sent = b;
    m->output(m->kbc, b);
}

static void set_defaults(struct ps2mouse *m)
{
    m->remote = 0;
    m->enabled = 0;
    m->scaling21 = 0;
    m->resolution = 2;
    m->sample_rate = 100;
    m->dx = m->dy = m->dz = 0;
}

void ps2mouse_reset(struct ps2mouse *m)
{
    set_defaults(m);
    m->pending_command = 0;
    m->wrap = m->wrap_remote = 0;
    m->id = 0;
    m->rates[0] = m->rates[1] = m->rates[2] = 0;
    m->last_sent = 0;
}

void ps2mouse_init(struct ps2mouse *m, ps2_output_fn *output, void *kbc)
{
    m->output = output;
    m->kbc = kbc;
    m->buttons = 0;
    ps2mouse_reset(m);
}

/* 2:1 scaling (stream mode only): small movements are damped, larger ones doubled. */
static int scaled(const struct ps2mouse *m, int d)
{
    static const int table[6] = { 0, 1, 1, 3, 6, 9 };
    if (!m->scaling21 || m->remote)
        return d;
    int mag = d < 0 ? -d : d;
    int s = mag < 6 ? table[mag] : 2 * mag;
    return d < 0 ? -s : s;
}

static int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* One packet from the accumulated movement (what does not fit stays for the next packet). */
static void send_packet(struct ps2mouse *m)
{
    int dx = clamp(m->dx, -256, 255), dy = clamp(m->dy, -256, 255);
    int dz = clamp(m->dz, -8, 7);       /* the wheel's range in both IntelliMouse formats */
    m->dx -= dx;
    m->dy -= dy;
    m->dz -= dz;
    int sx = scaled(m, dx), sy = scaled(m, dy);
    uint8_t b0 = (uint8_t)(0x08 | (m->buttons & 7) | (sx < 0 ? 0x10 : 0) | (sy < 0 ? 0x20 : 0));
    if (sx < -256 || sx > 255)
        b0 |= 0x40;              /* X overflow */
    if (sy < -256 || sy > 255)
        b0 |= 0x80;
    send(m, b0);
    send(m, (uint8_t)clamp(sx, -256, 255));
    send(m, (uint8_t)clamp(sy, -256, 255));
    if (m->id == 3)
        send(m, (uint8_t)dz);
    else if (m->id == 4)
        send(m, (uint8_t)((dz & 0x0f) | ((m->buttons & (PS2MOUSE_BUTTON4 | PS2MOUSE_BUTTON5)) << 1)));
}

static int pending_movement(const struct ps2mouse *m)
{
    return m->dx || m->dy || m->dz;
}

void ps2mouse_move(struct ps2mouse *m, int dx, int dy, int dz, unsigned buttons)
{
    int changed = (buttons & 0x1f) != m->buttons;
    m->buttons = (uint8_t)(buttons & 0x1f);
    if (!m->remote && (!m->enabled || m->wrap))
        return;                  /* stream mode with reporting off: movement is not kept */
    m->dx = clamp(m->dx + dx, -65536, 65535);
    m->dy = clamp(m->dy + dy, -65536, 65535);
    m->dz = clamp(m->dz + (m->id ? dz : 0), -1024, 1023);
    if (m->remote)
        return;
    if (changed && !pending_movement(m))
        send_packet(m);
    for (int k = 0; k < 8 && pending_movement(m); k++)
        send_packet(m);
    m->dx = m->dy = m->dz = 0;   /* what is left after 8 packets is dropped: the queue holds no more */
}

/* F3h: a new sample rate; the IntelliMouse knocks are three rates in a row. */
static void set_sample_rate(struct ps2mouse *m, uint8_t rate)
{
    m->sample_rate = rate;
    m->rates[0] = m->rates[1];
    m->rates[1] = m->rates[2];
    m->rates[2] = rate;
    if (m->rates[0] == 200 && m->rates[1] == 100 && m->rates[2] == 80)
        m->id = 3;
    else if (m->id == 3 && m->rates[0] == 200 && m->rates[1] == 200 && m->rates[2] == 80)
        m->id = 4;
}

static void send_status(struct ps2mouse *m)
{
    uint8_t b = m->buttons;
    send(m, (uint8_t)((m->remote ? 0x40 : 0) | (m->enabled ? 0x20 : 0) | (m->scaling21 ? 0x10 : 0) |
                      (b & PS2MOUSE_LEFT ? 4 : 0) | (b & PS2MOUSE_MIDDLE ? 2 : 0) | (b & PS2MOUSE_RIGHT ? 1 : 0)));
    send(m, m->resolution);
    send(m, m->sample_rate);
}

static void parameter(struct ps2mouse *m, uint8_t cmd, uint8_t v)
{
    m->pending_command = 0;
    send(m, ACK);
    if (cmd == 0xe8)
        m->resolution = v & 3;
    else
        set_sample_rate(m, v);
}

static void command(struct ps2mouse *m, uint8_t v)
{
    switch (v) {
    case 0xff: ps2mouse_reset(m); send(m, ACK); send(m, BAT_OK); send(m, 0x00); break;
    case 0xfe: send(m, m->last_sent); break;
    case 0xf6: set_defaults(m); send(m, ACK); break;
    case 0xf5: m->enabled = 0; send(m, ACK); break;
    case 0xf4: m->enabled = 1; send(m, ACK); break;
    case 0xf3: case 0xe8: m->pending_command = v; send(m, ACK); break;
    case 0xf2: send(m, ACK); send(m, m->id); break;
    case 0xf0: m->remote = 1; send(m, ACK); break;
    case 0xee: m->wrap_remote = m->remote; m->wrap = 1; send(m, ACK); break;
    case 0xec: m->wrap = 0; m->remote = m->wrap_remote; send(m, ACK); break;
    case 0xeb: send(m, ACK); send_packet(m); break;
    case 0xea: m->remote = 0; m->dx = m->dy = m->dz = 0; send(m, ACK); break;
    case 0xe9: send(m, ACK); send_status(m); break;
    case 0xe7: m->scaling21 = 1; send(m, ACK); break;
    case 0xe6: m->scaling21 = 0; send(m, ACK); break;
    default: send(m, RESEND); break;
    }
}

void ps2mouse_write(struct ps2mouse *m, uint8_t v)
{
    if (m->wrap && v != 0xec && v != 0xff) {
        send(m, v);              /* wrap mode echoes everything but "reset wrap" and "reset" */
        return;
    }
    if (m->pending_command) {
        parameter(m, m->pending_command, v);
        return;
    }
    command(m, v);
}

static void mouse_reset(void *opaque)
{
    ps2mouse_reset(opaque);
}

static const struct state_field ps2mouse_fields[] = {
    STATE_FIELD(struct ps2mouse, pending_command), STATE_FIELD(struct ps2mouse, remote),
    STATE_FIELD(struct ps2mouse, wrap), STATE_FIELD(struct ps2mouse, wrap_remote),
    STATE_FIELD(struct ps2mouse, enabled), STATE_FIELD(struct ps2mouse, scaling21),
    STATE_FIELD(struct ps2mouse, resolution), STATE_FIELD(struct ps2mouse, sample_rate),
    STATE_FIELD(struct ps2mouse, id), STATE_ARRAY(struct ps2mouse, rates), STATE_FIELD(struct ps2mouse, buttons),
    STATE_FIELD(struct ps2mouse, dx), STATE_FIELD(struct ps2mouse, dy), STATE_FIELD(struct ps2mouse, dz),
    STATE_FIELD(struct ps2mouse, last_sent),
    STATE_END,
};

/* The mouse lives inside the keyboard controller, which frees it. */
static const struct device_type ps2mouse_type = {
    .name = "ps2mouse",
    .version = 1,
    .fields = ps2mouse_fields,
    .reset = mouse_reset,
};

int ps2mouse_register(struct ps2mouse *m, struct device_list *devices)
{
    return device_register(devices, &ps2mouse_type, m, NULL);
}
