/* Little-endian guest values on any host.
 *
 * Every load or store of a guest value (RAM, ROM, a device buffer, a disk sector) goes through these helpers.
 * They use memcpy, so they are safe at any alignment, and swap bytes only on big-endian hosts; on little-endian
 * hosts the compiler turns each into a single load or store. */
#ifndef X86PC_MEM_ENDIAN_H
#define X86PC_MEM_ENDIAN_H

#include <stdint.h>
#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define X86PC_HOST_BIG_ENDIAN 1
static inline uint16_t le16_fix(uint16_t v) { return __builtin_bswap16(v); }
static inline uint32_t le32_fix(uint32_t v) { return __builtin_bswap32(v); }
static inline uint64_t le64_fix(uint64_t v) { return __builtin_bswap64(v); }
#else
#define X86PC_HOST_BIG_ENDIAN 0
static inline uint16_t le16_fix(uint16_t v) { return v; }
static inline uint32_t le32_fix(uint32_t v) { return v; }
static inline uint64_t le64_fix(uint64_t v) { return v; }
#endif

static inline uint8_t ld8(const uint8_t *p) { return *p; }
static inline uint16_t ld16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return le16_fix(v); }
static inline uint32_t ld32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return le32_fix(v); }
static inline uint64_t ld64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return le64_fix(v); }

static inline void st8(uint8_t *p, uint8_t v) { *p = v; }
static inline void st16(uint8_t *p, uint16_t v) { v = le16_fix(v); memcpy(p, &v, 2); }
static inline void st32(uint8_t *p, uint32_t v) { v = le32_fix(v); memcpy(p, &v, 4); }
static inline void st64(uint8_t *p, uint64_t v) { v = le64_fix(v); memcpy(p, &v, 8); }

#endif
