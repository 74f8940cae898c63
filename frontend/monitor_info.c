/* The monitor's commands that look at the machine: info registers/tlb/mem/devices/breakpoints/status, x, xp and
 * disas. The formats follow QEMU's monitor where it has one. */
#include "frontend/monitor_internal.h"

#include <stdio.h>
#include <string.h>

#include "cpu/cpu_state.h"
#include "devices/state.h"
#include "devices/device.h"
#include "disasm/disasm.h"
#include "frontend/guest_mem.h"
#include "mem/endian.h"

static const char *const seg_names[S_COUNT] = { "ES", "CS", "SS", "DS", "FS", "GS" };

static void print_seg(struct monitor *m, const char *name, const struct seg_cache *s)
{
    /* the descriptor's high dword flags as QEMU prints them: access rights in bits 8-23 */
    mon_printf(m, "%-3s=%04x %08x %08x %08x\n", name, s->sel, s->base, s->limit, s->ar << 8);
}

void mon_info_registers(struct monitor *m)
{
    struct cpu *c = debugger_cpu(m->dbg);
    uint32_t fl = cpu_debug_get_eflags(c);
    char flags[8];
    static const char letters[] = "ODSZAPC";
    static const uint32_t bits[] = { FL_OF, FL_DF, FL_SF, FL_ZF, FL_AF, FL_PF, FL_CF };
    for (unsigned k = 0; k < 7; k++)
        flags[k] = (fl & bits[k]) ? letters[k] : '-';
    flags[7] = 0;
    mon_printf(m, "EAX=%08x EBX=%08x ECX=%08x EDX=%08x\n", c->gpr[R_EAX], c->gpr[R_EBX], c->gpr[R_ECX],
               c->gpr[R_EDX]);
    mon_printf(m, "ESI=%08x EDI=%08x EBP=%08x ESP=%08x\n", c->gpr[R_ESI], c->gpr[R_EDI], c->gpr[R_EBP],
               c->gpr[R_ESP]);
    mon_printf(m, "EIP=%08x EFL=%08x [%s] CPL=%d II=%d A20=%d HLT=%d\n", c->eip, fl, flags, c->cpl,
               c->irq_shadow_until > c->icount, phys_a20_enabled(c->phys), c->halted);
    for (unsigned s = 0; s < S_COUNT; s++)
        print_seg(m, seg_names[s], &c->seg[s]);
    print_seg(m, "LDT", &c->ldtr);
    print_seg(m, "TR", &c->tr);
    mon_printf(m, "GDT=     %08x %08x\n", c->gdtr.base, c->gdtr.limit);
    mon_printf(m, "IDT=     %08x %08x\n", c->idtr.base, c->idtr.limit);
    mon_printf(m, "CR0=%08x CR2=%08x CR3=%08x CR4=%08x\n", c->cr0, c->cr2, c->cr3, c->cr4);
    mon_printf(m, "DR0=%08x DR1=%08x DR2=%08x DR3=%08x\n", c->dr[0], c->dr[1], c->dr[2], c->dr[3]);
    mon_printf(m, "DR6=%08x DR7=%08x\n", c->dr[6], c->dr[7]);
    mon_printf(m, "ICOUNT=%llu (retired %llu)\n", (unsigned long long)c->icount,
               (unsigned long long)(c->icount - c->halted_insns));
}

/* info mem: contiguous ranges with the same rights, as "start-end size attributes" (u/-, r, w/-). */
struct mem_ranges {
    struct monitor *m;
    uint32_t start, next_lin;
    uint64_t size;
    int user, write, open;
};

static void flush_range(struct mem_ranges *r)
{
    if (r->open)
        mon_printf(r->m, "%08x-%08llx %08llx %cr%c\n", r->start, (unsigned long long)(r->start + r->size),
                   (unsigned long long)r->size, r->user ? 'u' : '-', r->write ? 'w' : '-');
    r->open = 0;
}

static void add_range(void *opaque, const struct guest_mapping *g)
{
    struct mem_ranges *r = opaque;
    if (g->size == 0) {
        mon_printf(r->m, "paging is off: linear = physical\n");
        return;
    }
    uint64_t size = g->size;
    if (r->open && g->lin == r->next_lin && g->user == r->user && g->write == r->write) {
        r->size += size;
    } else {
        flush_range(r);
        *r = (struct mem_ranges){ r->m, g->lin, 0, size, g->user, g->write, 1 };
    }
    r->next_lin = (uint32_t)(g->lin + size);
}

/* info tlb: every mapped page (large pages as one line), "linear: physical attributes". */
static void print_mapping(void *opaque, const struct guest_mapping *g)
{
    struct monitor *m = opaque;
    if (g->size == 0)
        mon_printf(m, "paging is off: linear = physical\n");
    else
        mon_printf(m, "%08x: %08x %s %c%c\n", g->lin, g->phys, g->size > 0x1000 ? "large" : "4k",
                   g->user ? 'u' : '-', g->write ? 'w' : '-');
}

static void info_devices(struct monitor *m)
{
    const struct device_list *list = pc_devices(debugger_pc(m->dbg));
    for (unsigned k = 0; k < list->n; k++) {
        unsigned fields = 0;
        for (const struct state_field *f = list->entry[k].type->fields; f && f->name; f++)
            fields++;
        mon_printf(m, "%-10s %-10s version %u, %u state fields\n", list->entry[k].name, list->entry[k].type->name,
                   list->entry[k].type->version, fields);
    }
}

/* info device NAME: the device's saved state, field by field. */
static void info_device(struct monitor *m, const char *name)
{
    const struct device_list *list = pc_devices(debugger_pc(m->dbg));
    for (unsigned k = 0; k < list->n; k++) {
        if (strcmp(list->entry[k].name, name) != 0)
            continue;
        const uint8_t *base = list->entry[k].dev;
        for (const struct state_field *f = list->entry[k].type->fields; f && f->name; f++) {
            if (f->size == STATE_TIMER_KIND) {
                const struct timer *t = (const struct timer *)(const void *)(base + f->offset);
                if (t->armed)
                    mon_printf(m, "%s: armed for instruction %llu\n", f->name, (unsigned long long)t->when);
                else
                    mon_printf(m, "%s: not armed\n", f->name);
                continue;
            }
            mon_printf(m, "%s:", f->name);
            for (uint32_t i = 0; i < f->count && i < 64; i++)
                mon_printf(m, " %llx",
                           (unsigned long long)state_field_value(base + f->offset + (size_t)i * f->size, f->size));
            mon_printf(m, "%s\n", f->count > 64 ? " ..." : "");
        }
        return;
    }
    mon_printf(m, "info device: no device '%s' (see info devices)\n", name);
}

static void info_breakpoints(struct monitor *m)
{
    const struct host_debug *h = debugger_points(m->dbg);
    static const char *const kind[] = { "", "write", "read", "access" };
    for (unsigned k = 0; k < h->n_bp; k++)
        mon_printf(m, "breakpoint %u at %08x\n", k + 1, h->bp[k]);
    for (unsigned k = 0; k < h->n_wp; k++)
        mon_printf(m, "watchpoint w%u at %08x, %u bytes, %s\n", k + 1, h->wp[k].lin, h->wp[k].len,
                   kind[h->wp[k].type & 3]);
    if (h->magic_break)
        mon_printf(m, "magic breakpoint (xchg bx,bx) on\n");
    if (!h->n_bp && !h->n_wp && !h->magic_break)
        mon_printf(m, "no breakpoints\n");
}

void mon_info(struct monitor *m, unsigned argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    struct cpu *c = debugger_cpu(m->dbg);
    if (strcmp(what, "registers") == 0 || strcmp(what, "regs") == 0 || strcmp(what, "r") == 0) {
        mon_info_registers(m);
    } else if (strcmp(what, "mem") == 0) {
        struct mem_ranges r = { m, 0, 0, 0, 0, 0, 0 };
        guest_walk(c, add_range, &r);
        flush_range(&r);
    } else if (strcmp(what, "tlb") == 0) {
        guest_walk(c, print_mapping, m);
    } else if (strcmp(what, "devices") == 0) {
        info_devices(m);
    } else if (strcmp(what, "device") == 0 && argc > 2) {
        info_device(m, argv[2]);
    } else if (strcmp(what, "breakpoints") == 0 || strcmp(what, "break") == 0 || strcmp(what, "b") == 0) {
        info_breakpoints(m);
    } else if (strcmp(what, "status") == 0) {
        mon_printf(m, "VM status: %s\n", debugger_running(m->dbg) ? "running" : "paused");
    } else {
        mon_printf(m, "info: registers, tlb, mem, devices, device NAME, breakpoints or status\n");
    }
}

/* ---- x, xp, disas ---- */

struct format {
    unsigned count;
    char kind;                   /* x d u c i */
    unsigned size;               /* 1 2 4 8 */
};

/* "/FMT" as QEMU and gdb write it: [count][format][size], in any order after the count. */
static int parse_format(const char *text, struct format *f)
{
    *f = (struct format){ 1, 'x', 4 };
    const char *p = text + 1;
    if (*p >= '0' && *p <= '9') {
        unsigned long n = 0;
        while (*p >= '0' && *p <= '9' && n < 100000)
            n = n * 10 + (unsigned long)(*p++ - '0');
        f->count = n ? (unsigned)n : 1;
    }
    for (; *p; p++) {
        if (strchr("xduci", *p))
            f->kind = *p;
        else if (*p == 'b')
            f->size = 1;
        else if (*p == 'h')
            f->size = 2;
        else if (*p == 'w')
            f->size = 4;
        else if (*p == 'g')
            f->size = 8;
        else
            return -1;
    }
    if (f->kind == 'c')
        f->size = 1;
    return f->count > 4096 ? -1 : 0;
}

static int read_memory(struct cpu *c, uint32_t addr, void *buf, size_t len, int physical)
{
    if (physical) {
        phys_read_block(c->phys, addr, buf, len);
        return 0;
    }
    return guest_read(c, addr, buf, len);
}

static void print_item(struct monitor *m, const uint8_t *p, const struct format *f)
{
    uint64_t v = f->size == 1 ? ld8(p) : f->size == 2 ? ld16(p) : f->size == 4 ? ld32(p) : ld64(p);
    if (f->kind == 'c') {
        mon_printf(m, v >= 32 && v < 127 ? " '%c'" : " \\x%02x", (int)v);
    } else if (f->kind == 'd') {
        unsigned shift = 64 - 8 * f->size;
        mon_printf(m, " %lld", (long long)((int64_t)(v << shift) >> shift));
    } else if (f->kind == 'u') {
        mon_printf(m, " %llu", (unsigned long long)v);
    } else {
        mon_printf(m, " 0x%0*llx", (int)(2 * f->size), (unsigned long long)v);
    }
}

static int code_bits(const struct cpu *c)
{
    return c->code32 ? 32 : 16;
}

/* count instructions from addr; the instruction pointer shown is addr's offset in CS for 16-bit code. */
static void disassemble(struct monitor *m, uint32_t addr, unsigned count, int physical)
{
    struct cpu *c = debugger_cpu(m->dbg);
    for (unsigned k = 0; k < count; k++) {
        uint8_t bytes[16];
        char text[128];
        if (read_memory(c, addr, bytes, sizeof bytes, physical) < 0) {
            mon_printf(m, "%08x: page not mapped\n", addr);
            return;
        }
        unsigned len = disasm_one(bytes, sizeof bytes, code_bits(c), addr - c->seg[S_CS].base, DISASM_INTEL, text,
                                  sizeof text);
        if (len == 0)
            len = 1;
        mon_printf(m, "%08x: %s\n", addr, text);
        addr += len;
    }
}

void mon_examine(struct monitor *m, unsigned argc, char **argv, int physical)
{
    struct format f;
    uint32_t addr;
    unsigned a = 1;
    if (argc > a && argv[a][0] == '/') {
        if (parse_format(argv[a], &f) < 0) {
            mon_printf(m, "%s: bad format %s (count, x d u c i, b h w g)\n", argv[0], argv[a]);
            return;
        }
        a++;
    } else {
        parse_format("/", &f);
    }
    if (argc <= a) {
        mon_printf(m, "%s: expected an address\n", argv[0]);
        return;
    }
    if (mon_parse_address(m, argv[a], &addr) < 0)
        return;
    if (f.kind == 'i') {
        disassemble(m, addr, f.count, physical);
        return;
    }
    struct cpu *c = debugger_cpu(m->dbg);
    unsigned per_line = 16 / f.size;
    for (unsigned k = 0; k < f.count; k += per_line) {
        unsigned n = f.count - k < per_line ? f.count - k : per_line;
        uint8_t line[16];
        if (read_memory(c, addr, line, (size_t)n * f.size, physical) < 0) {
            mon_printf(m, "%08x: page not mapped\n", addr);
            return;
        }
        mon_printf(m, "%08x:", addr);
        for (unsigned j = 0; j < n; j++)
            print_item(m, line + j * f.size, &f);
        mon_printf(m, "\n");
        addr += n * f.size;
    }
}

void mon_disas(struct monitor *m, unsigned argc, char **argv)
{
    struct cpu *c = debugger_cpu(m->dbg);
    uint32_t addr = c->seg[S_CS].base + c->eip;
    uint64_t count = 10;
    if (argc > 1 && mon_parse_address(m, argv[1], &addr) < 0)
        return;
    if (argc > 2 && (mon_parse_number(argv[2], &count) < 0 || count == 0 || count > 1000)) {
        mon_printf(m, "disas: the count is 1 to 1000\n");
        return;
    }
    disassemble(m, addr, (unsigned)count, 0);
}

void mon_print_position(struct monitor *m, const char *what)
{
    struct cpu *c = debugger_cpu(m->dbg);
    uint32_t lin = c->seg[S_CS].base + c->eip;
    uint8_t bytes[16];
    char text[128] = "(not mapped)";
    if (guest_read(c, lin, bytes, sizeof bytes) == 0)
        disasm_one(bytes, sizeof bytes, code_bits(c), c->eip, DISASM_INTEL, text, sizeof text);
    mon_printf(m, "%s: %04x:%08x (%08x) icount %llu: %s\n", what, c->seg[S_CS].sel, c->eip, lin,
               (unsigned long long)c->icount, text);
}
