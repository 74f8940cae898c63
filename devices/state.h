/* Device state as a byte stream: each field of a device's field list written little-endian, the same on every
 * host. The state hash uses it now; snapshots (savevm/loadvm) will use the same encoding. */
#ifndef X86PC_DEVICES_STATE_H
#define X86PC_DEVICES_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "devices/device.h"

/* FNV-1a, 64-bit: a simple, well-known hash with no host dependence. */
#define STATE_HASH_INIT 0xcbf29ce484222325ull
uint64_t state_hash_bytes(uint64_t h, const void *data, size_t len);
uint64_t state_hash_u64(uint64_t h, uint64_t v);
/* Reads one integer field of `size` bytes (1, 2, 4 or 8) from host memory (a device struct) as a host value. */
uint64_t state_field_value(const uint8_t *p, unsigned size);
/* Hashes a device's fields in their little-endian encoding. */
uint64_t state_hash_device(uint64_t h, const struct state_field *fields, const void *dev);

#endif
