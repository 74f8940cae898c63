/* The gdb remote serial protocol stub: -gdb tcp::PORT, -s (port 1234), -S (wait before the first instruction).
 *
 * Registers follow gdb's i386 target description (eax..edi, eip, eflags, cs..gs, the x87 registers; control
 * registers in an extra feature). Memory addresses are linear and go through the guest's page tables without side
 * effects; an unmapped page answers E14. In real and virtual-8086 mode eip is reported and taken as the linear
 * address CS.base + IP, so breakpoints and `x/i $pc` work in boot code (with `set architecture i8086`).
 * Breakpoints (Z0, Z1) and watchpoints (Z2 write, Z3 read, Z4 access) are the host debugger's, invisible to
 * the guest; stop replies are T05 (T02 after Ctrl-C), with watch:/rwatch:/awatch: for watchpoints. */
#ifndef X86PC_FRONTEND_GDBSTUB_H
#define X86PC_FRONTEND_GDBSTUB_H

#include <poll.h>
#include <stddef.h>

#include "frontend/debugger.h"

enum { GDBSTUB_MAX_FDS = 2 };

struct gdbstub;

struct gdbstub *gdbstub_create(struct debugger *d, const char *spec, char *err, size_t errlen);
void gdbstub_destroy(struct gdbstub *g);
unsigned gdbstub_pollfds(struct gdbstub *g, struct pollfd *fds);
void gdbstub_poll(struct gdbstub *g, const struct pollfd *fds, unsigned n);
/* The guest stopped: a gdb waiting for a stop reply gets it. */
void gdbstub_stopped(struct gdbstub *g, enum debug_stop why);
/* The machine ended: gdb hears that the process exited with status. */
void gdbstub_exited(struct gdbstub *g, int status);
int gdbstub_connected(const struct gdbstub *g);

#endif
