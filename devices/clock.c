/* The virtual clock and its timer queue (see clock.h). */
#include "devices/clock.h"

#include <stddef.h>

void clock_init(struct clock *c, uint64_t ips)
{
    c->own_icount = 0;
    c->icount = &c->own_icount;
    c->ips = ips ? ips : CLOCK_DEFAULT_IPS;
    c->next_deadline = CLOCK_NEVER;
    c->head = NULL;
    c->jitter_state = 0;
}

void clock_set_jitter(struct clock *c, uint64_t seed)
{
    /* a splitmix64 step turns any seed, 0 included, into a non-zero xorshift state */
    uint64_t z = seed + 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    c->jitter_state = z ? z : 1;
}

uint64_t clock_jitter_ns(struct clock *c, uint64_t max_ns)
{
    if (!c->jitter_state || max_ns == 0)
        return 0;
    uint64_t x = c->jitter_state;          /* xorshift64* */
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    c->jitter_state = x;
    return (x * 0x2545f4914f6cdd1dull >> 11) % max_ns;
}

/* Split into whole seconds and a remainder so that the products stay within 64 bits for any run length. */
uint64_t clock_icount_to_ns(const struct clock *c, uint64_t icount)
{
    return icount / c->ips * 1000000000u + icount % c->ips * 1000000000u / c->ips;
}

uint64_t clock_ns_to_icount(const struct clock *c, uint64_t ns)
{
    uint64_t sec = ns / 1000000000u, rem = ns % 1000000000u;
    return sec * c->ips + (rem * c->ips + 999999999u) / 1000000000u;
}

uint64_t clock_ns(const struct clock *c)
{
    return clock_icount_to_ns(c, *c->icount);
}

void timer_init(struct timer *t, struct clock *c, timer_fn *fn, void *opaque, const char *name)
{
    t->when = 0;
    t->armed = 0;
    t->fn = fn;
    t->opaque = opaque;
    t->clock = c;
    t->next = NULL;
    t->name = name;
}

static void unlink_timer(struct timer *t)
{
    struct clock *c = t->clock;
    for (struct timer **pp = &c->head; *pp; pp = &(*pp)->next) {
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    }
    t->armed = 0;
    t->next = NULL;
    c->next_deadline = c->head ? c->head->when : CLOCK_NEVER;
}

void timer_cancel(struct timer *t)
{
    if (t->armed)
        unlink_timer(t);
}

/* Timers with equal deadlines run in the order they were armed, so runs repeat exactly. */
void timer_arm_icount(struct timer *t, uint64_t when)
{
    struct clock *c = t->clock;
    timer_cancel(t);
    struct timer **pp = &c->head;
    while (*pp && (*pp)->when <= when)
        pp = &(*pp)->next;
    t->when = when;
    t->armed = 1;
    t->next = *pp;
    *pp = t;
    c->next_deadline = c->head->when;
}

void timer_arm_ns(struct timer *t, uint64_t when_ns)
{
    timer_arm_icount(t, clock_ns_to_icount(t->clock, when_ns));
}

void clock_run_due(struct clock *c)
{
    uint64_t now = *c->icount;
    while (c->head && c->head->when <= now) {
        struct timer *t = c->head;
        unlink_timer(t);
        t->fn(t->opaque);
    }
}

void clock_advance(struct clock *c, uint64_t n)
{
    uint64_t target = c->own_icount + n;
    while (c->next_deadline <= target) {
        if (c->next_deadline > c->own_icount)
            c->own_icount = c->next_deadline;
        clock_run_due(c);
    }
    c->own_icount = target;
}
