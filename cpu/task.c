/* Hardware task switching through TSS descriptors and task gates. */
#include "cpu/cpu_internal.h"
#include "cpu/except.h"

void cpu_task_gate_event(struct cpu *c, uint16_t tss_sel, int has_error, uint32_t error, int kind)
{
    (void)has_error;
    (void)error;
    (void)kind;
    cpu_fault(c, EXC_TS, tss_sel & ~3u);   /* not implemented yet */
}
