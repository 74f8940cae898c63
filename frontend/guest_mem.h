/* Guest memory as the debuggers see it: linear addresses translated through the guest's page tables the way the
 * CPU would, but with no side effect at all (no accessed/dirty bits, no TLB fill, no #PF), and the list of
 * mappings for the monitor's `info mem` and `info tlb`. */
#ifndef X86PC_FRONTEND_GUEST_MEM_H
#define X86PC_FRONTEND_GUEST_MEM_H

#include <stddef.h>
#include <stdint.h>

#include "cpu/cpu.h"

/* One mapped range of the linear space; flags are the effective rights over every level. */
struct guest_mapping {
    uint32_t lin, phys, size;
    int user, write;
};

/* Linear to physical (with the A20 gate applied): 0, or -1 when the page is not present. */
int guest_translate(const struct cpu *c, uint32_t lin, uint32_t *paddr, struct guest_mapping *how);
/* Copies len bytes from or to linear addresses: 0, or -1 (nothing or part copied) at the first page that is not
 * mapped. Writes reach RAM through the physical map, so decoded code is invalidated as for any write. */
int guest_read(struct cpu *c, uint32_t lin, void *buf, size_t len);
int guest_write(struct cpu *c, uint32_t lin, const void *buf, size_t len);
/* The 8-byte descriptor of a selector from the GDT or LDT (lo = bytes 0-3, hi = bytes 4-7): 0, or -1 past the
 * table's limit or on an unmapped page. */
int guest_descriptor(struct cpu *c, uint16_t sel, uint32_t *lo, uint32_t *hi);
/* Calls fn for every present leaf of the page tables in address order (a large page once); with paging off, one
 * identity range for the whole space. */
typedef void guest_mapping_fn(void *opaque, const struct guest_mapping *m);
void guest_walk(const struct cpu *c, guest_mapping_fn *fn, void *opaque);

#endif
