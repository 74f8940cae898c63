/* The local APIC and the I/O APIC on a board-less rig: reset state, ExtINT virtual wire, self IPIs, priorities,
 * TPR and spurious interrupts, errors, the timer in its three modes, LINT1 NMI, software and hardware disable,
 * and I/O APIC edge and level delivery with remote IRR and EOI. */
#include "devices/apic.h"
#include "devices/ioapic.h"
#include "tests/unit/device_rig.h"
#include "tests/unit/unit.h"

enum { INTR = 0, NMI = 1 };
enum { ID = 0x20, VERSION = 0x30, TPR = 0x80, PPR = 0xa0, EOI = 0xb0, LDR = 0xd0, DFR = 0xe0, SVR = 0xf0,
       ISR = 0x100, TMR = 0x180, IRR = 0x200, ESR = 0x280, ICR = 0x300, ICR_HIGH = 0x310, REG_LVT_TIMER = 0x320,
       LINT0 = 0x350, LINT1 = 0x360, REG_LVT_ERROR = 0x370, TIMER_INITIAL = 0x380, TIMER_CURRENT = 0x390,
       TIMER_DIVIDE = 0x3e0 };

static unsigned extint_acks;

static int pic_ack(void *board)
{
    (void)board;
    extint_acks++;
    return 0x08;
}

static int bit(struct lapic *l, unsigned base, unsigned v)
{
    return (lapic_read(l, base + (v >> 5) * 16) >> (v & 31)) & 1;
}

static uint32_t mmio(struct rig *r, uint32_t a) { return phys_read(&r->phys, a, 4); }
static void mmio_w(struct rig *r, uint32_t a, uint32_t v) { phys_write(&r->phys, a, v, 4); }

static uint32_t io_read(struct rig *r, unsigned reg)
{
    mmio_w(r, IOAPIC_DEFAULT_BASE, reg);
    return mmio(r, IOAPIC_DEFAULT_BASE + 0x10);
}

static void io_write(struct rig *r, unsigned reg, uint32_t v)
{
    mmio_w(r, IOAPIC_DEFAULT_BASE, reg);
    mmio_w(r, IOAPIC_DEFAULT_BASE + 0x10, v);
}

/* Takes the interrupt the CPU would take now and ends it. */
static int take(struct lapic *l)
{
    int v = lapic_acknowledge(l);
    lapic_write(l, EOI, 0);
    return v;
}

static void test_reset_and_extint(struct rig *r, struct lapic *l)
{
    CHECK_EQ(mmio(r, APIC_DEFAULT_BASE + VERSION), 0x00040014);
    CHECK_EQ(lapic_read(l, SVR), 0xff);
    CHECK_EQ(lapic_read(l, DFR), 0xffffffffu);
    CHECK_EQ(lapic_read(l, REG_LVT_TIMER), 0x00010000);
    CHECK_EQ(lapic_read(l, LINT0), 0x00000700);          /* the BSP: virtual wire from power-on (lapic_reset) */
    CHECK_EQ(lapic_read(l, LINT1), 0x00010000);
    CHECK_EQ(lapic_read(l, REG_LVT_ERROR), 0x00010000);
    lapic_set_lint(l, 0, 1);                             /* the 8259 raises INTR */
    CHECK_EQ(r->line[INTR].level, 1);
    CHECK_EQ(lapic_acknowledge(l), 0x08);
    CHECK_EQ(extint_acks, 1);
    lapic_set_lint(l, 0, 0);
    CHECK_EQ(r->line[INTR].level, 0);
}

static void test_ipis_and_priority(struct rig *r, struct lapic *l)
{
    mmio_w(r, APIC_DEFAULT_BASE + SVR, 0x1ff);
    CHECK_EQ(lapic_read(l, SVR), 0x1ff);
    lapic_write(l, ICR, 0x00040040);                     /* self IPI, vector 40h */
    CHECK_EQ(bit(l, IRR, 0x40), 1);
    CHECK_EQ(r->line[INTR].level, 1);
    CHECK_EQ(lapic_acknowledge(l), 0x40);
    CHECK_EQ(bit(l, ISR, 0x40), 1);
    CHECK_EQ(lapic_read(l, PPR), 0x40);
    CHECK_EQ(r->line[INTR].level, 0);
    lapic_write(l, EOI, 0);
    CHECK_EQ(bit(l, ISR, 0x40), 0);
    /* two pending: the higher first; a lower class waits while a higher one is in service */
    lapic_write(l, ICR, 0x00040050);
    lapic_write(l, ICR, 0x00040061);
    CHECK_EQ(lapic_acknowledge(l), 0x61);
    CHECK_EQ(r->line[INTR].level, 0);
    lapic_write(l, ICR, 0x00040065);                     /* same class as the one in service: waits too */
    CHECK_EQ(r->line[INTR].level, 0);
    lapic_write(l, EOI, 0);
    CHECK_EQ(take(l), 0x65);
    CHECK_EQ(take(l), 0x50);
    /* TPR holds back classes at or below it */
    lapic_write(l, TPR, 0x70);
    lapic_write(l, ICR, 0x00040062);
    CHECK_EQ(r->line[INTR].level, 0);
    CHECK_EQ(lapic_read(l, PPR), 0x70);
    lapic_write(l, TPR, 0x00);
    CHECK_EQ(r->line[INTR].level, 1);
    /* raised again between INTR and INTA: the spurious vector, nothing in service */
    lapic_write(l, TPR, 0xf0);
    CHECK_EQ(lapic_acknowledge(l), 0xff);
    CHECK_EQ(bit(l, ISR, 0xff), 0);
    lapic_write(l, TPR, 0x00);
    CHECK_EQ(take(l), 0x62);
    /* an illegal vector: send error, and the error LVT's interrupt */
    lapic_write(l, REG_LVT_ERROR, 0x000000e3);
    lapic_write(l, ICR, 0x00040005);
    lapic_write(l, ESR, 0);
    CHECK_EQ(lapic_read(l, ESR), 0x20);
    CHECK_EQ(take(l), 0xe3);
    lapic_write(l, ESR, 0);
    CHECK_EQ(lapic_read(l, ESR), 0);
    /* physical destination: its own ID, not another's; broadcast */
    lapic_write(l, ICR_HIGH, 0x00000000);
    lapic_write(l, ICR, 0x00000044);
    CHECK_EQ(take(l), 0x44);
    lapic_write(l, ICR_HIGH, 0x05000000);
    lapic_write(l, ICR, 0x00000045);
    CHECK_EQ(r->line[INTR].level, 0);
    lapic_write(l, ICR, 0x000c0046);                     /* all excluding self: nobody here */
    CHECK_EQ(r->line[INTR].level, 0);
    lapic_write(l, ICR, 0x00080047);                     /* all including self */
    CHECK_EQ(take(l), 0x47);
}

static void test_timer(struct rig *r, struct lapic *l)
{
    lapic_write(l, TIMER_DIVIDE, 0x0b);                  /* divide by 1: one count per ns */
    lapic_write(l, REG_LVT_TIMER, 0x00000030);               /* one-shot */
    lapic_write(l, TIMER_INITIAL, 1000);
    CHECK_EQ(lapic_read(l, TIMER_CURRENT), 1000);
    rig_advance_ns(r, 500);
    CHECK_EQ(lapic_read(l, TIMER_CURRENT), 500);
    CHECK_EQ(r->line[INTR].level, 0);
    rig_advance_ns(r, 500);
    CHECK_EQ(lapic_read(l, TIMER_CURRENT), 0);
    CHECK_EQ(take(l), 0x30);
    rig_advance_ns(r, 5000);
    CHECK_EQ(r->line[INTR].level, 0);                    /* one-shot: once */
    lapic_write(l, TIMER_DIVIDE, 0x03);                  /* divide by 16 */
    lapic_write(l, TIMER_INITIAL, 100);
    rig_advance_ns(r, 1590);
    CHECK_EQ(r->line[INTR].level, 0);
    CHECK_EQ(lapic_read(l, TIMER_CURRENT), 1);
    rig_advance_ns(r, 10);
    CHECK_EQ(take(l), 0x30);
    /* periodic: ten interrupts in ten periods */
    lapic_write(l, TIMER_DIVIDE, 0x0b);
    lapic_write(l, REG_LVT_TIMER, 0x00020031);
    lapic_write(l, TIMER_INITIAL, 1000);
    unsigned n = 0;
    for (int k = 0; k < 100; k++) {
        rig_advance_ns(r, 100);
        if (r->line[INTR].level && take(l) == 0x31)
            n++;
    }
    CHECK_EQ(n, 10);
    CHECK_EQ(lapic_read(l, TIMER_CURRENT), 1000);
    lapic_write(l, TIMER_INITIAL, 0);                    /* stopped */
    rig_advance_ns(r, 5000);
    CHECK_EQ(r->line[INTR].level, 0);
    /* TSC-deadline: the mode switch disarms; the deadline fires once */
    lapic_write(l, TIMER_INITIAL, 1000);
    lapic_write(l, REG_LVT_TIMER, 0x00040032);
    CHECK_EQ(lapic_read(l, TIMER_INITIAL), 0);
    lapic_write_tsc_deadline(l, r->clock.own_icount + 100);
    rig_advance_ns(r, 990);
    CHECK_EQ(r->line[INTR].level, 0);
    rig_advance_ns(r, 10);
    CHECK_EQ(take(l), 0x32);
    CHECK_EQ(lapic_read_tsc_deadline(l), 0);
    lapic_write(l, REG_LVT_TIMER, 0x00010000);
}

static void test_disable_and_nmi(struct rig *r, struct lapic *l)
{
    lapic_write(l, LINT1, 0x00000400);                   /* NMI */
    lapic_set_lint(l, 1, 1);
    CHECK_EQ(r->line[NMI].rises, 1);
    lapic_set_lint(l, 1, 0);
    lapic_write(l, SVR, 0x0ff);                          /* software disable: every LVT masked */
    CHECK_EQ(lapic_read(l, LINT0) & 0x10000, 0x10000);
    lapic_write(l, LINT0, 0x00000700);
    CHECK_EQ(lapic_read(l, LINT0), 0x00010700);          /* and they stay masked */
    lapic_set_lint(l, 0, 1);
    CHECK_EQ(r->line[INTR].level, 0);
    lapic_write(l, SVR, 0x1ff);
    lapic_write(l, LINT0, 0x00000700);
    CHECK_EQ(r->line[INTR].level, 1);
    lapic_set_lint(l, 0, 0);
}

static void test_ioapic(struct rig *r, struct lapic *l)
{
    CHECK_EQ(io_read(r, 0x00), 0x01000000);
    CHECK_EQ(io_read(r, 0x01), 0x00170011);
    CHECK_EQ(io_read(r, 0x10), 0x00010000);              /* masked */
    CHECK_EQ(io_read(r, 0x3f), 0x00000000);
    ioapic_set_irq(l->bus->ioapic[0], 3, 1);
    CHECK_EQ(r->line[INTR].level, 0);
    ioapic_set_irq(l->bus->ioapic[0], 3, 0);
    io_write(r, 0x10 + 2 * 3, 0x00000033);               /* pin 3: edge, vector 33h, to APIC 0 */
    ioapic_set_irq(l->bus->ioapic[0], 3, 1);
    CHECK_EQ(take(l), 0x33);
    CHECK_EQ(r->line[INTR].level, 0);                    /* edge: one message per rising edge */
    ioapic_set_irq(l->bus->ioapic[0], 3, 0);
    /* level: remote IRR until the EOI; still asserted after it: again */
    io_write(r, 0x10 + 2 * 9, 0x00008039);
    ioapic_set_irq(l->bus->ioapic[0], 9, 1);
    CHECK_EQ(io_read(r, 0x10 + 2 * 9) & 0x4000, 0x4000);
    CHECK_EQ(lapic_acknowledge(l), 0x39);
    CHECK_EQ(bit(l, TMR, 0x39), 1);
    lapic_write(l, EOI, 0);
    CHECK_EQ(io_read(r, 0x10 + 2 * 9) & 0x4000, 0x4000);  /* sent again */
    CHECK_EQ(lapic_acknowledge(l), 0x39);
    ioapic_set_irq(l->bus->ioapic[0], 9, 0);
    lapic_write(l, EOI, 0);
    CHECK_EQ(io_read(r, 0x10 + 2 * 9) & 0x4000, 0);
    CHECK_EQ(r->line[INTR].level, 0);
    /* masked while asserted, then unmasked: delivered */
    io_write(r, 0x10 + 2 * 10, 0x0001803a);
    ioapic_set_irq(l->bus->ioapic[0], 10, 1);
    CHECK_EQ(r->line[INTR].level, 0);
    io_write(r, 0x10 + 2 * 10, 0x0000803a);
    CHECK_EQ(lapic_acknowledge(l), 0x3a);
    ioapic_set_irq(l->bus->ioapic[0], 10, 0);
    lapic_write(l, EOI, 0);
    /* logical destinations, flat model */
    lapic_write(l, LDR, 0x01000000);
    io_write(r, 0x11 + 2 * 4, 0x02000000);
    io_write(r, 0x10 + 2 * 4, 0x00000834);               /* logical, to APIC set 02h: not us */
    ioapic_set_irq(l->bus->ioapic[0], 4, 1);
    CHECK_EQ(r->line[INTR].level, 0);
    ioapic_set_irq(l->bus->ioapic[0], 4, 0);
    io_write(r, 0x11 + 2 * 4, 0x03000000);
    ioapic_set_irq(l->bus->ioapic[0], 4, 1);
    CHECK_EQ(take(l), 0x34);
    ioapic_set_irq(l->bus->ioapic[0], 4, 0);
}

int main(void)
{
    struct rig r;
    rig_init(&r);
    static struct apic_bus bus;
    apic_bus_init(&bus);
    uint64_t msr = APIC_DEFAULT_BASE | 0x900;
    struct lapic *l = lapic_create(&r.bs, &bus, APIC_DEFAULT_BASE, 0, &msr, rig_line(&r, INTR),
                                   rig_line(&r, NMI), pic_ack, NULL);
    struct ioapic *io = ioapic_create(&r.bs, &bus, IOAPIC_DEFAULT_BASE, 1);
    CHECK(l && io);
    if (!l || !io)
        return unit_done();
    test_reset_and_extint(&r, l);
    test_ipis_and_priority(&r, l);
    test_timer(&r, l);
    test_disable_and_nmi(&r, l);
    test_ioapic(&r, l);
    /* A CPU without TSC-deadline mode (the board's default): LVT timer bit 18 is reserved, mode 10b not taken */
    l->has_tsc_deadline = 0;
    lapic_write(l, SVR, 0x1ff);
    lapic_write(l, REG_LVT_TIMER, 0x00040040);
    CHECK_EQ(lapic_read(l, REG_LVT_TIMER), 0x00000040);
    lapic_write_tsc_deadline(l, r.clock.own_icount + 10);
    CHECK_EQ(lapic_read_tsc_deadline(l), 0);
    lapic_write(l, REG_LVT_TIMER, 0x00010000);
    l->has_tsc_deadline = 1;
    /* IA32_APIC_BASE bit 11 clear: no APIC; LINT0 is the INTR pin and the page is not decoded */
    msr &= ~0x800ull;
    lapic_set_lint(l, 0, 1);
    CHECK_EQ(r.line[INTR].level, 1);
    CHECK_EQ(lapic_acknowledge(l), 0x08);
    CHECK_EQ(mmio(&r, APIC_DEFAULT_BASE + VERSION), 0xffffffffu);
    lapic_set_lint(l, 0, 0);
    CHECK_EQ(r.line[INTR].level, 0);
    /* LINT0 masked: the mask does not apply with the APIC off */
    msr |= 0x800ull;
    lapic_write(l, SVR, 0x1ff);
    lapic_write(l, LINT0, 0x00010700);
    lapic_set_lint(l, 0, 1);
    CHECK_EQ(r.line[INTR].level, 0);
    lapic_set_lint(l, 0, 0);
    msr &= ~0x800ull;
    CHECK_EQ(lapic_read(l, LINT0), 0x00010700);
    lapic_set_lint(l, 0, 1);
    CHECK_EQ(r.line[INTR].level, 1);
    CHECK_EQ(lapic_acknowledge(l), 0x08);
    lapic_set_lint(l, 0, 0);
    rig_free(&r);
    return unit_done();
}
