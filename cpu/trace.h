/* Instruction traces: a compact binary log written while the guest runs, turned into text afterwards by
 * x86pc-trace (frontend/trace_text.c), so that tracing costs little more than running one instruction at a time.
 *
 * The log is a header followed by records. Every integer is little-endian; "varint" is an unsigned LEB128.
 *   header   "X86PCTR" '1', u32 flags (TRACE_REGS, TRACE_MEM)
 *   'C'      context: u16 CS, u32 CS base, u8 mode (TRACE_MODE_*), u8 CPL
 *   'I'      an instruction about to run: varint instruction count, u32 EIP, u8 length, its bytes
 *   'R'      (with TRACE_REGS) after the instruction retired: u16 mask of the registers that changed since the
 *            last 'R' (bits 0-7 EAX..EDI, bit 8 EFLAGS; all of them the first time), then their values as u32
 *   'E'      event: varint instruction count, u8 kind (enum trace_event), u8 vector, u8 has_error, u32 error
 *   'P'      port I/O: varint instruction count, u8 direction (0 in, 1 out), u8 size, u16 port, u32 value
 *   'M'      memory: u8 direction (0 read, 1 write), u8 size, u32 linear, u32 physical, u32 value
 * A context record comes before the first instruction and whenever CS, its base, the mode or CPL changed. With
 * TRACE_REGS, an instruction without its 'R' did not retire (it faulted). Instruction counts are the CPU's: an
 * instruction's count is the number retired before it. */
#ifndef X86PC_CPU_TRACE_H
#define X86PC_CPU_TRACE_H

#include <stddef.h>
#include <stdint.h>

enum { TRACE_REGS = 1, TRACE_MEM = 2 };
enum { TRACE_MODE_PE = 1, TRACE_MODE_CODE32 = 2, TRACE_MODE_V86 = 4, TRACE_MODE_PG = 8, TRACE_MODE_PAE = 16 };
enum trace_event { TRACE_EXCEPTION = 0, TRACE_HARDWARE_INT = 1, TRACE_SOFTWARE_INT = 2, TRACE_NMI = 3 };

/* Which instructions are logged. Events, port I/O and memory accesses are logged while instructions are. */
struct trace_filter {
    uint64_t from, to;           /* instruction count range [from, to]; to = UINT64_MAX: no end */
    uint32_t addr_lo, addr_hi;   /* linear address range of the instruction */
    int cpl;                     /* -1: any */
    int from_exception;          /* start at the first exception */
};

struct trace;
struct cpu;
struct insn;

/* Opens the log (a name ending in .gz is compressed when built with zlib). NULL with a one-line reason in err. */
struct trace *trace_open(const char *path, unsigned flags, const struct trace_filter *filter, char *err,
                         size_t errlen);
/* Flushes and closes; returns 0, or -1 when writing failed (the reason in err). */
int trace_close(struct trace *t, char *err, size_t errlen);
unsigned trace_flags(const struct trace *t);

/* Called by the CPU's traced run loop around each instruction: before it runs (its bytes are at paddr, continuing
 * at paddr2's page when it crosses a page) and after it retired (a faulting instruction gets no trace_after). */
void trace_before(struct trace *t, const struct cpu *c, const struct insn *i, uint32_t paddr, uint32_t paddr2);
void trace_after(struct trace *t, const struct cpu *c);
void trace_event(struct trace *t, const struct cpu *c, unsigned vector, enum trace_event kind, int has_error,
                 uint32_t error);
void trace_port(struct trace *t, const struct cpu *c, int out, unsigned size, uint16_t port, uint32_t value);
void trace_memory(struct trace *t, int write, unsigned size, uint32_t lin, uint32_t phys, uint32_t value);

#endif
