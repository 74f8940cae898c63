/* The i8042 keyboard controller (see kbc.h). Commands and status bits as documented for the IBM PC/AT 8042 and
 * its successors; the translation table is the 8042's set-2 to set-1 mapping. */
#include "devices/kbc.h"

#include <stdlib.h>

enum { ST_OBF = 0x01, ST_IBF = 0x02, ST_SYS = 0x04, ST_CMD = 0x08, ST_UNLOCKED = 0x10, ST_AUX = 0x20 };
enum { CB_KBD_IRQ = 0x01, CB_AUX_IRQ = 0x02, CB_SYS = 0x04, CB_KBD_OFF = 0x10, CB_AUX_OFF = 0x20, CB_XLAT = 0x40 };
enum { BYTE_DELAY_NS = 500000 };     /* a byte over the PS/2 link */

/* Set 2 make codes 00h-84h to set 1 (0 = none); 02h is no key but the "scan code set 2" reply, which the 8042
 * passes on as 41h (and sets 1 and 3 as 43h and 3Fh). */
static const uint8_t set2_to_set1[0x85] = {
    [0x01] = 0x43, [0x02] = 0x41, [0x03] = 0x3f, [0x04] = 0x3d, [0x05] = 0x3b, [0x06] = 0x3c, [0x07] = 0x58,
    [0x09] = 0x44, [0x0a] = 0x42, [0x0b] = 0x40, [0x0c] = 0x3e, [0x0d] = 0x0f, [0x0e] = 0x29, [0x11] = 0x38,
    [0x12] = 0x2a, [0x14] = 0x1d, [0x15] = 0x10, [0x16] = 0x02, [0x1a] = 0x2c, [0x1b] = 0x1f, [0x1c] = 0x1e,
    [0x1d] = 0x11, [0x1e] = 0x03, [0x21] = 0x2e, [0x22] = 0x2d, [0x23] = 0x20, [0x24] = 0x12, [0x25] = 0x05,
    [0x26] = 0x04, [0x29] = 0x39, [0x2a] = 0x2f, [0x2b] = 0x21, [0x2c] = 0x14, [0x2d] = 0x13, [0x2e] = 0x06,
    [0x31] = 0x31, [0x32] = 0x30, [0x33] = 0x23, [0x34] = 0x22, [0x35] = 0x15, [0x36] = 0x07, [0x3a] = 0x32,
    [0x3b] = 0x24, [0x3c] = 0x16, [0x3d] = 0x08, [0x3e] = 0x09, [0x41] = 0x33, [0x42] = 0x25, [0x43] = 0x17,
    [0x44] = 0x18, [0x45] = 0x0b, [0x46] = 0x0a, [0x49] = 0x34, [0x4a] = 0x35, [0x4b] = 0x26, [0x4c] = 0x27,
    [0x4d] = 0x19, [0x4e] = 0x0c, [0x52] = 0x28, [0x54] = 0x1a, [0x55] = 0x0d, [0x58] = 0x3a, [0x59] = 0x36,
    [0x5a] = 0x1c, [0x5b] = 0x1b, [0x5d] = 0x2b, [0x66] = 0x0e, [0x69] = 0x4f, [0x6b] = 0x4b, [0x6c] = 0x47,
    [0x70] = 0x52, [0x71] = 0x53, [0x72] = 0x50, [0x73] = 0x4c, [0x74] = 0x4d, [0x75] = 0x48, [0x76] = 0x01,
    [0x77] = 0x45, [0x78] = 0x57, [0x79] = 0x4e, [0x7a] = 0x51, [0x7b] = 0x4a, [0x7c] = 0x37, [0x7d] = 0x49,
    [0x7e] = 0x46, [0x83] = 0x41, [0x84] = 0x54,
};

static void update_irqs(struct kbc *c)
{
    int full = (c->status & ST_OBF) != 0;
    irq_set(&c->irq1, full && !c->out_aux && (c->command_byte & CB_KBD_IRQ));
    irq_set(&c->irq12, full && c->out_aux && (c->command_byte & CB_AUX_IRQ));
}

/* Moves the next queued byte into the output buffer when it is free. */
static void deliver(void *opaque)
{
    struct kbc *c = opaque;
    if ((c->status & ST_OBF) || c->queue_count == 0)
        return;
    c->out = c->queue[c->queue_head];
    c->out_aux = c->queue_aux[c->queue_head];
    c->queue_head = (uint8_t)((c->queue_head + 1) % KBC_QUEUE);
    c->queue_count--;
    c->status = (uint8_t)((c->status & ~ST_AUX) | ST_OBF | (c->out_aux ? ST_AUX : 0));
    update_irqs(c);
}

static void schedule(struct kbc *c)
{
    if (c->queue_count && !(c->status & ST_OBF) && !c->deliver.armed)
        timer_arm_ns(&c->deliver, clock_ns(c->clock) + BYTE_DELAY_NS);
}

static void enqueue(struct kbc *c, uint8_t byte, int aux)
{
    if (c->queue_count >= KBC_QUEUE)
        return;                  /* overrun: the byte is lost, as on real hardware */
    unsigned slot = (c->queue_head + c->queue_count) % KBC_QUEUE;
    c->queue[slot] = byte;
    c->queue_aux[slot] = (uint8_t)aux;
    c->queue_count++;
    schedule(c);
}

/* Keyboard bytes pass through the translator when the command byte asks for it. */
static void keyboard_output(void *opaque, uint8_t byte)
{
    struct kbc *c = opaque;
    if (!(c->command_byte & CB_XLAT) || byte == 0xfa || byte == 0xaa || byte == 0xee || byte == 0xe0 ||
        byte == 0xe1 || byte >= 0xfc) {
        enqueue(c, byte, 0);
        return;
    }
    if (byte == 0xf0) {
        c->break_prefix = 1;
        return;
    }
    uint8_t t = byte < sizeof set2_to_set1 ? set2_to_set1[byte] : 0;
    if (!t)
        t = byte;
    enqueue(c, (uint8_t)(t | (c->break_prefix ? 0x80 : 0)), 0);
    c->break_prefix = 0;
}

/* Mouse bytes reach the output buffer marked as auxiliary data (status bit 5, IRQ12). */
static void mouse_output(void *opaque, uint8_t byte)
{
    enqueue(opaque, byte, 1);
}

static void write_output_port(struct kbc *c, uint8_t v)
{
    c->output_port = v | 1;
    c->set_a20(c->board, (v >> 1) & 1);
    if (!(v & 1))
        c->request_reset(c->board);
}

static void controller_command(struct kbc *c, uint8_t cmd)
{
    switch (cmd) {
    case 0x20: enqueue(c, c->command_byte, 0); break;
    case 0x60: case 0xd1: case 0xd2: case 0xd3: case 0xd4: c->pending_command = cmd; break;
    case 0xa7: c->command_byte |= CB_AUX_OFF; break;
    case 0xa8: c->command_byte &= (uint8_t)~CB_AUX_OFF; break;
    case 0xa9: enqueue(c, 0x00, 0); break;       /* aux interface test: OK */
    case 0xaa:                                   /* self test: 55h, and the system flag */
        c->status |= ST_SYS;
        enqueue(c, 0x55, 0);
        break;
    case 0xab: enqueue(c, 0x00, 0); break;       /* keyboard interface test: OK */
    case 0xad: c->command_byte |= CB_KBD_OFF; break;
    case 0xae: c->command_byte &= (uint8_t)~CB_KBD_OFF; break;
    case 0xc0: enqueue(c, 0xbf, 0); break;       /* input port: keyboard not inhibited, colour display */
    case 0xd0: enqueue(c, c->output_port, 0); break;
    case 0xdd: write_output_port(c, c->output_port & (uint8_t)~2); break;
    case 0xdf: write_output_port(c, c->output_port | 2); break;
    default:
        if (cmd >= 0xf0 && !(cmd & 1))
            c->request_reset(c->board);          /* pulse output port bit 0: reset */
        break;
    }
}

static void data_write(struct kbc *c, uint8_t v)
{
    uint8_t cmd = c->pending_command;
    c->pending_command = 0;
    switch (cmd) {
    case 0x60:
        c->command_byte = v;
        c->status = (uint8_t)((c->status & ~ST_SYS) | (v & CB_SYS));
        update_irqs(c);
        break;
    case 0xd1: write_output_port(c, v); break;
    case 0xd2: enqueue(c, v, 0); break;
    case 0xd3: enqueue(c, v, 1); break;
    case 0xd4: ps2mouse_write(&c->mouse, v); break;
    default:
        c->command_byte &= (uint8_t)~CB_KBD_OFF;  /* writing to the keyboard enables its interface */
        ps2kbd_write(&c->kbd, v);
        break;
    }
}

static uint32_t kbc_read(void *opaque, uint16_t port, unsigned size)
{
    struct kbc *c = opaque;
    (void)size;
    if (port == 0x64)
        return c->status;
    uint8_t v = c->out;
    c->status &= (uint8_t)~(ST_OBF | ST_AUX);
    update_irqs(c);
    schedule(c);
    return v;
}

static void kbc_write(void *opaque, uint16_t port, uint32_t value, unsigned size)
{
    struct kbc *c = opaque;
    (void)size;
    if (port == 0x64) {
        c->status |= ST_CMD;
        controller_command(c, (uint8_t)value);
    } else {
        c->status &= (uint8_t)~ST_CMD;
        data_write(c, (uint8_t)value);
    }
}

void kbc_key_scancodes(struct kbc *c, const uint8_t *bytes, unsigned n)
{
    if (!(c->command_byte & CB_KBD_OFF))
        ps2kbd_send_scancodes(&c->kbd, bytes, n);
}

void kbc_mouse_event(struct kbc *c, int dx, int dy, int dz, unsigned buttons)
{
    ps2mouse_move(&c->mouse, dx, dy, dz, buttons);
}

static void kbc_reset(void *opaque)
{
    struct kbc *c = opaque;
    timer_cancel(&c->deliver);
    c->status = ST_UNLOCKED;
    c->command_byte = CB_KBD_IRQ | CB_XLAT | CB_AUX_OFF;
    c->output_port = 0x03;       /* A20 on, reset line inactive */
    c->pending_command = 0;
    c->queue_head = c->queue_count = 0;
    c->out = 0;
    c->out_aux = 0;
    c->break_prefix = 0;
    ps2kbd_reset(&c->kbd);
    update_irqs(c);
}

static int kbc_post_load(void *opaque)
{
    struct kbc *c = opaque;
    if (c->queue_count > KBC_QUEUE || c->queue_head >= KBC_QUEUE)
        return -1;
    update_irqs(c);
    return 0;
}

static void kbc_destroy(void *opaque)
{
    struct kbc *c = opaque;
    timer_cancel(&c->deliver);
    free(c);
}

static const struct state_field kbc_fields[] = {
    STATE_FIELD(struct kbc, status), STATE_FIELD(struct kbc, command_byte), STATE_FIELD(struct kbc, output_port),
    STATE_FIELD(struct kbc, pending_command), STATE_FIELD(struct kbc, out), STATE_FIELD(struct kbc, out_aux),
    STATE_ARRAY(struct kbc, queue), STATE_ARRAY(struct kbc, queue_aux), STATE_FIELD(struct kbc, queue_head),
    STATE_FIELD(struct kbc, queue_count), STATE_FIELD(struct kbc, break_prefix),
    STATE_FIELD(struct kbc, kbd.pending_command), STATE_FIELD(struct kbc, kbd.scancode_set),
    STATE_FIELD(struct kbc, kbd.leds), STATE_FIELD(struct kbc, kbd.typematic), STATE_FIELD(struct kbc, kbd.enabled),
    STATE_FIELD(struct kbc, kbd.last_sent), STATE_TIMER(struct kbc, deliver),
    STATE_END,
};

static const struct device_type kbc_type = {
    .name = "kbc",
    .version = 1,
    .fields = kbc_fields,
    .reset = kbc_reset,
    .post_load = kbc_post_load,
    .destroy = kbc_destroy,
};

struct kbc *kbc_create(const struct board_services *bs, struct irq_line irq1, struct irq_line irq12,
                       kbc_a20_fn *set_a20, kbc_reset_fn *request_reset, void *board)
{
    struct kbc *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->irq1 = irq1;
    c->irq12 = irq12;
    c->clock = bs->clock;
    c->set_a20 = set_a20;
    c->request_reset = request_reset;
    c->board = board;
    timer_init(&c->deliver, bs->clock, deliver, c, "kbc-byte");
    ps2kbd_init(&c->kbd, keyboard_output, c);
    ps2mouse_init(&c->mouse, mouse_output, c);
    if (ports_register(bs->ports, 0x60, 1, kbc_read, kbc_write, c, "kbc-data", 0) < 0 ||
        ports_register(bs->ports, 0x64, 1, kbc_read, kbc_write, c, "kbc-status", 0) < 0 ||
        device_register(bs->devices, &kbc_type, c, NULL) < 0 || ps2mouse_register(&c->mouse, bs->devices) < 0) {
        free(c);
        return NULL;
    }
    kbc_reset(c);
    return c;
}
