/* Virtual-8086 mode extensions (see v86.h). With CR4.VME and IOPL < 3, the 8086 program's IF is virtual: PUSHF
 * shows VIF in its place (and IOPL 3), POPF and IRET load VIF, and a pending virtual interrupt (VIP) makes an
 * attempt to enable interrupts fault so that the monitor can deliver it. */
#include "cpu/v86.h"
#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/except.h"
#include "cpu/flags.h"
#include "cpu/frame.h"
#include "cpu/stack.h"

/* The FLAGS image the 8086 program sees: IF replaced by VIF, IOPL as 3. */
static uint32_t virtual_flags_image(const struct cpu *c)
{
    uint32_t fl = cpu_get_eflags(c) & 0xffff & ~FL_IF;
    return fl | FL_IOPL | ((c->eflags & FL_VIF) ? FL_IF : 0);
}

/* Loads a FLAGS image under virtual flags: IF goes to VIF; IF and IOPL stay. TF or a pending virtual interrupt
 * that would be enabled raise #GP(0). */
static void load_virtual_flags(struct cpu *c, uint32_t image)
{
    if ((image & FL_TF) || ((image & FL_IF) && (c->eflags & FL_VIP)))
        cpu_fault(c, EXC_GP, 0);
    uint32_t keep = 0xffff0000u | FL_IF | FL_IOPL;
    uint32_t now = (cpu_get_eflags(c) & keep) | (image & ~keep);
    now = (now & ~FL_VIF) | ((image & FL_IF) ? FL_VIF : 0);
    set_arith_flags(c, now);
    c->eflags = (now & ~FL_ARITH) | 2;
    cpu_end_block(c);
}

void v86_pushf(struct cpu *c, unsigned size)
{
    if (size != 2)
        cpu_fault(c, EXC_GP, 0);
    push16(c, virtual_flags_image(c));
}

void v86_popf(struct cpu *c, unsigned size)
{
    if (size != 2)
        cpu_fault(c, EXC_GP, 0);
    uint32_t image = stack_peek(c, 0, 2);
    load_virtual_flags(c, image);
    set_stack_ptr(c, stack_offset(c, 2));
}

void v86_iret(struct cpu *c, unsigned size)
{
    if (size != 2)
        cpu_fault(c, EXC_GP, 0);
    uint32_t ip = stack_peek(c, 0, 2);
    uint16_t cs = (uint16_t)stack_peek(c, 2, 2);
    uint32_t image = stack_peek(c, 4, 2);
    load_virtual_flags(c, image);
    set_stack_ptr(c, stack_offset(c, 6));
    seg_load_real(c, S_CS, cs);
    c->eip = ip;
}

/* Bit `vector` of the interrupt redirection bitmap, the 32 bytes below the I/O permission bitmap of a 32-bit
 * TSS: 0 sends INT n to the 8086 program's vector table. A bitmap outside the TSS raises #GP(0). */
static int redirection_bit(struct cpu *c, unsigned vector)
{
    if (!(AR_TYPE(c->tr.ar) & 8) || c->tr.limit < 0x67)
        cpu_fault(c, EXC_GP, 0);
    uint32_t io_base = sys_read(c, c->tr.base + 0x66, 2);
    uint32_t byte = io_base - 32 + vector / 8;
    if (io_base < 32 || byte > c->tr.limit)
        cpu_fault(c, EXC_GP, 0);
    return (sys_read(c, c->tr.base + byte, 1) >> (vector & 7)) & 1;
}

/* Like a real-mode interrupt, through the vector table at linear address 0 of the V86 task. */
_Noreturn static void redirect(struct cpu *c, unsigned vector)
{
    int virtual_if = (c->eflags & FL_IOPL) != FL_IOPL;
    uint32_t ip = lin_read16(c, vector * 4), cs = lin_read16(c, vector * 4 + 2);
    uint32_t image = virtual_if ? virtual_flags_image(c) : cpu_get_eflags(c) & 0xffff;
    struct frame f;
    frame_init(&f, &c->seg[S_SS], c->gpr[R_ESP], 0, 1, 0);
    frame_push(c, &f, image, 2);
    frame_push(c, &f, c->seg[S_CS].sel, 2);
    frame_push(c, &f, c->eip, 2);
    frame_write(c, &f);
    c->gpr[R_ESP] = f.esp;
    c->eflags &= ~(FL_TF | (virtual_if ? FL_VIF : FL_IF));
    seg_load_real(c, S_CS, (uint16_t)cs);
    c->eip = ip;
    cpu_end_block(c);
    longjmp(c->fault_jmp, 1);
}

void v86_soft_int(struct cpu *c, unsigned vector)
{
    int iopl3 = (c->eflags & FL_IOPL) == FL_IOPL;
    if ((c->cr4 & CR4_VME) && !redirection_bit(c, vector))
        redirect(c, vector);
    if (!iopl3)
        cpu_fault(c, EXC_GP, 0);
}
