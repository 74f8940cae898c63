/* The CPU state: registers, segment caches, control and debug registers, MSRs, lazy flags, the software TLB, and
 * the run-loop bookkeeping. The CPU reaches the world only through mem/ (physical map and port space) and the
 * interrupt hooks the board installs; it never names a device. */
#ifndef X86PC_CPU_CPU_H
#define X86PC_CPU_CPU_H

#include <setjmp.h>
#include <stdint.h>

#include "cpu/fpu/fpu.h"
#include "mem/phys.h"
#include "mem/ports.h"

enum { R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI, R_NONE };
enum { S_ES, S_CS, S_SS, S_DS, S_FS, S_GS, S_COUNT };

/* EFLAGS bits */
enum {
    FL_CF = 1u << 0, FL_PF = 1u << 2, FL_AF = 1u << 4, FL_ZF = 1u << 6, FL_SF = 1u << 7, FL_TF = 1u << 8,
    FL_IF = 1u << 9, FL_DF = 1u << 10, FL_OF = 1u << 11, FL_IOPL = 3u << 12, FL_NT = 1u << 14, FL_RF = 1u << 16,
    FL_VM = 1u << 17, FL_AC = 1u << 18, FL_VIF = 1u << 19, FL_VIP = 1u << 20, FL_ID = 1u << 21,
};
#define FL_ARITH (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)

enum {
    CR0_PE = 1u << 0, CR0_MP = 1u << 1, CR0_EM = 1u << 2, CR0_TS = 1u << 3, CR0_ET = 1u << 4, CR0_NE = 1u << 5,
    CR0_WP = 1u << 16, CR0_AM = 1u << 18, CR0_NW = 1u << 29, CR0_CD = 1u << 30, CR0_PG = 1u << 31,
};
enum {
    CR4_VME = 1u << 0, CR4_PVI = 1u << 1, CR4_TSD = 1u << 2, CR4_DE = 1u << 3, CR4_PSE = 1u << 4,
    CR4_PAE = 1u << 5, CR4_MCE = 1u << 6, CR4_PGE = 1u << 7, CR4_PCE = 1u << 8, CR4_OSFXSR = 1u << 9,
    CR4_OSXMMEXCPT = 1u << 10,
};

/* Exception vectors */
enum {
    EXC_DE = 0, EXC_DB = 1, EXC_NMI = 2, EXC_BP = 3, EXC_OF = 4, EXC_BR = 5, EXC_UD = 6, EXC_NM = 7, EXC_DF = 8,
    EXC_TS = 10, EXC_NP = 11, EXC_SS = 12, EXC_GP = 13, EXC_PF = 14, EXC_MF = 16, EXC_AC = 17, EXC_MC = 18,
};

/* What a segment register allows, precomputed from its descriptor so a memory access costs one compare. */
enum { SEG_R = 1, SEG_W = 2, SEG_X = 4 };

struct seg_cache {
    uint16_t sel;
    uint32_t base;
    uint32_t limit;              /* byte-granular limit */
    uint32_t lo, hi;             /* valid offsets [lo, hi]: expand-down segments have lo = limit + 1 */
    uint32_t ar;                 /* descriptor bits 40-55: type, S, DPL, P, AVL, D/B, G (bits 8-11 = flags) */
    uint8_t ok;                  /* SEG_R/W/X: the accesses this segment permits (0 for a null selector) */
};

/* Access-rights helpers on seg_cache.ar (descriptor byte 5 in bits 0-7, flags nibble in bits 12-15). */
#define AR_TYPE(ar) ((ar) & 0xf)
#define AR_S(ar) (((ar) >> 4) & 1)
#define AR_DPL(ar) (((ar) >> 5) & 3)
#define AR_P(ar) (((ar) >> 7) & 1)
#define AR_DB(ar) (((ar) >> 14) & 1)
#define AR_G(ar) (((ar) >> 15) & 1)

struct dtr {
    uint32_t base;
    uint16_t limit;
};

/* The software TLB: direct-mapped, one entry per linear page, with the accesses that may use the host pointer. */
enum { TLB_BITS = 10, TLB_SIZE = 1 << TLB_BITS };
enum { TLB_R_SUP = 1, TLB_W_SUP = 2, TLB_R_USR = 4, TLB_W_USR = 8 };
/* A page holding decoded code keeps its write permission shifted up by TLB_CODE_SHIFT: such writes take a short
 * path that asks the decoded-block cache first (self-modifying code) and then store through `host`. */
enum { TLB_CODE_SHIFT = 4, TLB_CW_SUP = TLB_W_SUP << TLB_CODE_SHIFT, TLB_CW_USR = TLB_W_USR << TLB_CODE_SHIFT };
#define TLB_INVALID 0xffffffffu
struct tlb_entry {
    uint32_t lpage;              /* linear address of the page, or TLB_INVALID */
    uint32_t ppage;              /* physical address of the page */
    uint8_t *host;               /* host address of the page, NULL when every access must take the slow path */
    uint32_t access;             /* TLB_* bits allowed through `host` */
    uint32_t global;             /* a global page (PGE): survives CR3 writes */
};

struct icache;
struct block;
struct insn;

struct cpu {
    /* General registers; gpr[R_NONE] is always 0 so that effective addresses need no branches. */
    uint32_t gpr[9];
    uint32_t eip;
    uint32_t prev_eip;           /* EIP of the instruction being executed (faults restart it) */
    uint32_t eflags;             /* every bit but FL_ARITH, which live in lf_res/lf_aux */
    uint32_t lf_res;             /* lazy flags: result sign-extended to 32 bits (ZF, SF, PF) */
    uint32_t lf_aux;             /* bit 31 CF, bit 30 CF^OF, bit 3 AF, bit 4 SF delta, bits 8-15 PF delta */

    struct seg_cache seg[S_COUNT];
    struct seg_cache ldtr, tr;
    struct dtr gdtr, idtr;
    uint32_t cr0, cr2, cr3, cr4;
    uint32_t dr[8];
    int cpl;

    /* MSRs kept as storage */
    uint64_t tsc_offset;
    uint32_t sysenter_cs, sysenter_esp, sysenter_eip;
    uint64_t apic_base;
    uint64_t mtrr_cap, mtrr_def_type, mtrr_fixed[11], mtrr_var[16], pat;
    uint64_t perfctr[2], evntsel[2];     /* P6 performance counters: storage only, they never count */
    uint8_t apic_present;        /* set by the board when it has a local APIC: CPUID reports it */
    /* IA32_TSC_DEADLINE (MSR 6E0h), kept by the local APIC's timer; set by the board with its APIC (NULL: no such
     * MSR; otherwise CPUID.1:ECX bit 24 reports it). Deadlines in instruction counts (TSC = icount + tsc_offset),
     * 0 = disarmed. */
    void (*tsc_deadline_write)(void *board, uint64_t deadline_icount);
    uint64_t (*tsc_deadline_read)(void *board);

    /* Derived state, recomputed by cpu_update_mode() when CR0, EFLAGS.VM or CS change */
    uint8_t code32;              /* CS.D */
    uint8_t stack32;             /* SS.B */
    uint8_t v86;
    uint8_t pe;
    uint32_t acc_rd, acc_wr;     /* TLB_* bit a data read / write at the current CPL needs */

    /* Interrupts */
    volatile int intr;           /* the INTR line (level) */
    int nmi_pending, nmi_blocked;
    uint64_t irq_shadow_until;   /* no interrupt before this instruction count (after STI, MOV SS, POP SS) */
    int halted;
    int (*intr_ack)(void *opaque);       /* the INTA cycle: returns the vector */
    void *board;

    /* Memory */
    struct phys *phys;
    struct ports *ports;
    struct tlb_entry tlb[TLB_SIZE];
    struct icache *icache;
    struct block *prev_block;    /* cpu_run: the block that last ran to its end, whose links find the next */
    uint64_t prev_block_flushes; /* the icache's flush count when it was found (a flush frees every block) */

    /* Run loop */
    uint64_t icount;             /* virtual time in instructions: retired ones plus those skipped while halted */
    uint64_t halted_insns;       /* the part of icount spent halted */
    const uint64_t *deadline;    /* the board's next clock event: cpu_run returns there */
    volatile int stop;           /* ask the loop to leave the current block (state change, SMC, IRQ) */
    volatile int exit_request;   /* ask cpu_run to return to the board */
    jmp_buf fault_jmp;
    int delivering;              /* the exception being delivered, or -1 (double/triple fault rules) */
    int shutdown;                /* triple fault: the board resets or exits */

    /* Debugging (cpu/debug.c). While EFLAGS.TF or RF is set, DR7 enables a breakpoint or a #DB trap is pending,
     * the run loop executes one instruction at a time and calls cpu_debug_before/cpu_debug_after around it. */
    uint8_t dbg_active;          /* DBG_GUEST: DR7 enables a breakpoint; DBG_HOST: the host debugger watches */
    uint8_t dbg_data;            /* ... a data breakpoint or host watchpoint: its pages stay off the TLB fast path */
    uint8_t dbg_step;            /* TF was set when the current instruction started */
    uint32_t dbg_hits;           /* DR6 bits of data and I/O breakpoints hit by the current instruction */
    uint32_t dbg_pending;        /* DR6 bits of a #DB trap due before the next instruction (task switch T bit) */

    /* Instruction trace (cpu/trace.h), NULL when off. With trace_mem, the TLB gives no host pointers, so every
     * data access takes the slow path, which logs it. */
    struct trace *trace;
    uint8_t trace_mem;
    uint64_t trace_from, trace_to;       /* instructions outside [from, to] run untraced, at full speed */

    /* The host debugger (gdb stub, monitor), NULL when none is attached: see struct host_debug. */
    struct host_debug *hdbg;

    /* The x87 (cpu/fpu/fpu.h) */
    struct fpu fpu;

    /* Hooks for the board and the debugger (NULL when unused) */
    void (*on_reset_request)(void *board);
};

/* The host debugger's breakpoints (linear addresses of instructions), watchpoints (linear ranges) and the Bochs
 * magic breakpoint (XCHG BX,BX). They are not the guest's DR0-DR7: a hit ends cpu_run with `stop` set and the
 * guest sees nothing. While any is set, dbg_active has DBG_HOST and the run loop takes its debug path (one
 * instruction at a time); with none, the debugger costs nothing. After changing one, call
 * cpu_host_debug_changed (cpu/debug.c). */
enum { DBG_GUEST = 1, DBG_HOST = 2 };
enum { HOST_BP_MAX = 64, HOST_WP_MAX = 16 };
enum { HOST_WP_WRITE = 1, HOST_WP_READ = 2, HOST_WP_ACCESS = 3 };
enum host_stop { HOST_STOP_NONE, HOST_STOP_BREAK, HOST_STOP_WATCH, HOST_STOP_MAGIC };
struct host_watch {
    uint32_t lin, len;
    int type;                    /* HOST_WP_* */
};
struct host_debug {
    uint32_t bp[HOST_BP_MAX];
    unsigned n_bp;
    struct host_watch wp[HOST_WP_MAX];
    unsigned n_wp;
    int magic_break;             /* --magic-break: XCHG BX,BX stops */
    /* Resuming at a breakpoint must not stop there again: the instruction at resume_lin when icount is
     * resume_icount is let through. */
    uint64_t resume_icount;
    uint32_t resume_lin;
    /* Why cpu_run stopped for the debugger (HOST_STOP_NONE: it did not) and where. */
    enum host_stop stop;
    uint32_t stop_lin;           /* the breakpoint's or the watchpoint's address */
    int stop_watch_type;         /* HOST_WP_WRITE or HOST_WP_READ: the access that hit the watchpoint */
    int watch_hit;               /* set during an instruction, turned into a stop when it retires */
};
void cpu_host_debug_changed(struct cpu *c);
/* After an instruction retired on the debug path: a watchpoint hit or the magic breakpoint (XCHG BX or EBX with
 * itself) ends cpu_run there. */
void cpu_host_debug_retired(struct cpu *c, const struct insn *i);

/* Lifecycle */
struct cpu *cpu_create(struct phys *phys, struct ports *ports);
void cpu_destroy(struct cpu *c);
void cpu_reset(struct cpu *c);   /* power-on state: F000:FFF0, real mode */

/* Runs until *c->deadline, a stop request, HLT with interrupts off, or shutdown. Returns instructions retired. */
uint64_t cpu_run(struct cpu *c, uint64_t max_insns);

/* Called by phys when a RAM page with decoded code is written (self-modifying code) or the map changes. */
void cpu_code_written(void *cpu, uint32_t paddr, unsigned len);
void cpu_map_changed(void *cpu);

#endif
