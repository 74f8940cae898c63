/* The monitor's sendkey: QEMU's key names ("ret", "spc", "ctrl-alt-delete") to scan code set 2, through the key
 * table of frontend/keys.c; the keys are pressed in order and released in reverse order. */
#include "frontend/monitor_internal.h"

#include <stdio.h>
#include <string.h>

#include "frontend/keys.h"

/* QEMU's names where frontend/keys.c knows the key by another name. */
static const char *const qemu_alias[][2] = {
    { "ret", "enter" }, { "spc", "space" }, { "ctrl_r", "rctrl" }, { "alt_r", "ralt" }, { "shift_r", "rshift" },
    { "caps_lock", "capslock" }, { "num_lock", "numlock" }, { "scroll_lock", "scrolllock" },
    { "minus", "-" }, { "equal", "=" }, { "bracket_left", "[" }, { "bracket_right", "]" }, { "backslash", "\\" },
    { "semicolon", ";" }, { "apostrophe", "'" }, { "grave_accent", "`" }, { "comma", "," }, { "dot", "." },
    { "slash", "/" }, { "print", "printscreen" }, { "meta_l", "lwin" }, { "meta_r", "rwin" },
    { "kp_enter", "kpenter" }, { "kp_add", "kpplus" }, { "kp_subtract", "kpminus" },
    { "kp_multiply", "kpstar" }, { "kp_divide", "kpslash" }, { "kp_decimal", "kpdot" },
};

static int lookup(const char *name, uint8_t *code, int *extended)
{
    for (unsigned k = 0; k < sizeof qemu_alias / sizeof qemu_alias[0]; k++)
        if (strcmp(qemu_alias[k][0], name) == 0)
            return key_by_name(qemu_alias[k][1], code, extended);
    return key_by_name(name, code, extended);
}

int sendkey_scancodes(const char *combo, uint8_t *out, unsigned max, char *bad, size_t badlen)
{
    enum { MAX_KEYS = 8 };
    uint8_t code[MAX_KEYS];
    int extended[MAX_KEYS];
    unsigned n_keys = 0, n = 0;
    for (const char *p = combo; *p;) {
        char name[32];
        size_t len = strcspn(p, "-");
        if (len == 0 && p[0] == '-')
            len = 1;             /* the minus key itself */
        size_t shown = len < sizeof name ? len : sizeof name - 1;
        memcpy(name, p, shown);
        name[shown] = 0;
        if (n_keys == MAX_KEYS || len >= sizeof name || lookup(name, &code[n_keys], &extended[n_keys]) < 0) {
            snprintf(bad, badlen, "%s", name);
            return -1;
        }
        n_keys++;
        p += len + (p[len] == '-');
    }
    for (unsigned k = 0; k < n_keys && n + 8 <= max; k++)
        n += key_make_bytes(code[k], extended[k], out + n);
    for (unsigned k = n_keys; k-- > 0 && n + 8 <= max;)
        n += key_break_bytes(code[k], extended[k], out + n);
    return (int)n;
}
