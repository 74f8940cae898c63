/* Device state encoding and hashing (see state.h). */
#include "devices/state.h"

#include <string.h>

uint64_t state_hash_bytes(uint64_t h, const void *data, size_t len)
{
    const uint8_t *p = data;
    for (size_t k = 0; k < len; k++) {
        h ^= p[k];
        h *= 0x100000001b3ull;
    }
    return h;
}

uint64_t state_hash_u64(uint64_t h, uint64_t v)
{
    uint8_t b[8];
    for (int k = 0; k < 8; k++)
        b[k] = (uint8_t)(v >> (8 * k));
    return state_hash_bytes(h, b, 8);
}

uint64_t state_field_value(const uint8_t *p, unsigned size)
{
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    switch (size) {
    case 1: memcpy(&u8, p, 1); return u8;
    case 2: memcpy(&u16, p, 2); return u16;
    case 4: memcpy(&u32, p, 4); return u32;
    default: memcpy(&u64, p, 8); return u64;
    }
}

uint64_t state_hash_device(uint64_t h, const struct state_field *fields, const void *dev)
{
    const uint8_t *base = dev;
    for (const struct state_field *f = fields; f && f->name; f++) {
        if (f->size == STATE_TIMER_KIND) {
            const struct timer *t = (const struct timer *)(const void *)(base + f->offset);
            h = state_hash_u64(h, (uint64_t)t->armed);
            h = state_hash_u64(h, t->armed ? t->when : 0);
            continue;
        }
        for (uint32_t k = 0; k < f->count; k++)
            h = state_hash_u64(h, state_field_value(base + f->offset + (size_t)k * f->size, f->size));
    }
    return h;
}
