/* The virtual clock: time inside the machine is the number of retired instructions.
 *
 * now_ns = icount * 1e9 / ips. Device timers are events on one queue keyed by instruction count; the board runs the
 * CPU up to the next deadline, then runs the timers that are due. Nothing here reads the host clock. */
#ifndef X86PC_DEVICES_CLOCK_H
#define X86PC_DEVICES_CLOCK_H

#include <stdint.h>

struct clock;

typedef void timer_fn(void *opaque);

struct timer {
    uint64_t when;               /* deadline in instructions, valid while armed */
    int armed;
    timer_fn *fn;
    void *opaque;
    struct clock *clock;
    struct timer *next;
    const char *name;
};

struct clock {
    uint64_t own_icount;         /* used when no CPU drives the clock (device tests) */
    const uint64_t *icount;      /* the retired-instruction counter: the CPU's, or &own_icount */
    uint64_t ips;                /* instructions per virtual second */
    uint64_t next_deadline;      /* earliest armed timer, or UINT64_MAX; the CPU stops there */
    struct timer *head;          /* armed timers, sorted by deadline */
    uint64_t jitter_state;       /* --jitter: the generator's state; 0 = no jitter */
};

#define CLOCK_DEFAULT_IPS 100000000u
#define CLOCK_NEVER UINT64_MAX

void clock_init(struct clock *c, uint64_t ips);
static inline uint64_t clock_icount(const struct clock *c) { return *c->icount; }
uint64_t clock_ns(const struct clock *c);                 /* virtual nanoseconds since power-on */
uint64_t clock_ns_to_icount(const struct clock *c, uint64_t ns);   /* first instruction at or after ns */
uint64_t clock_icount_to_ns(const struct clock *c, uint64_t icount);

/* --jitter SEED: periodic interrupt sources delay each interrupt by a pseudo-random part of their period, the
 * same sequence for the same seed, so races show up and still repeat exactly. */
void clock_set_jitter(struct clock *c, uint64_t seed);
/* A delay in [0, max_ns) from the jitter sequence; 0 when jitter is off. */
uint64_t clock_jitter_ns(struct clock *c, uint64_t max_ns);

void timer_init(struct timer *t, struct clock *c, timer_fn *fn, void *opaque, const char *name);
void timer_arm_icount(struct timer *t, uint64_t when);
void timer_arm_ns(struct timer *t, uint64_t when_ns);      /* absolute virtual time */
void timer_cancel(struct timer *t);

/* Runs every timer whose deadline has been reached (a timer may re-arm itself). */
void clock_run_due(struct clock *c);
/* For device tests without a CPU: advance time by n instructions, running timers on the way. */
void clock_advance(struct clock *c, uint64_t n);

#endif
