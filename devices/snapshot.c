/* Machine snapshots (see snapshot.h): what goes into each section, and loading in two phases (check everything,
 * then apply). */
#include "devices/snapshot.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/state.h"
#include "mem/endian.h"

enum { MACHINE_VERSION = 1, RAM_VERSION = 1, CLOCK_VERSION = 1, DISK_VERSION = 1, PAGE = 4096 };

static int errorf(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- device state fields, little-endian ---- */

static void field_set(uint8_t *p, unsigned size, uint64_t v)
{
    uint8_t u8 = (uint8_t)v;
    uint16_t u16 = (uint16_t)v;
    uint32_t u32 = (uint32_t)v;
    switch (size) {
    case 1: memcpy(p, &u8, 1); break;
    case 2: memcpy(p, &u16, 2); break;
    case 4: memcpy(p, &u32, 4); break;
    default: memcpy(p, &v, 8); break;
    }
}

static struct timer *field_timer(void *dev, const struct state_field *f)
{
    return (struct timer *)(void *)((uint8_t *)dev + f->offset);
}

/* Bytes a device's fields take in a snapshot: each integer in its size, a timer as armed (1) and deadline (8). */
static size_t device_state_size(const struct state_field *fields)
{
    size_t n = 0;
    for (const struct state_field *f = fields; f && f->name; f++)
        n += f->size == STATE_TIMER_KIND ? 9 : (size_t)f->size * f->count;
    return n;
}

static void save_device(struct snap_buf *b, const struct state_field *fields, void *dev)
{
    const uint8_t *base = dev;
    for (const struct state_field *f = fields; f && f->name; f++) {
        if (f->size == STATE_TIMER_KIND) {
            const struct timer *t = field_timer(dev, f);
            sbuf_u8(b, (uint8_t)(t->armed != 0));
            sbuf_u64(b, t->armed ? t->when : 0);
            continue;
        }
        for (uint32_t k = 0; k < f->count; k++) {
            uint64_t v = state_field_value(base + f->offset + (size_t)k * f->size, f->size);
            switch (f->size) {
            case 1: sbuf_u8(b, (uint8_t)v); break;
            case 2: sbuf_u16(b, (uint16_t)v); break;
            case 4: sbuf_u32(b, (uint32_t)v); break;
            default: sbuf_u64(b, v); break;
            }
        }
    }
}

/* Writes the integer fields into the device; timers are only cancelled here (armed later, in saved order). */
static void load_device_fields(const struct snap_section *s, const struct state_field *fields, void *dev)
{
    struct snap_cursor cur = { s->data, s->len, 0, 0 };
    uint8_t *base = dev;
    for (const struct state_field *f = fields; f && f->name; f++) {
        if (f->size == STATE_TIMER_KIND) {
            timer_cancel(field_timer(dev, f));
            (void)scur_bytes(&cur, 9);
            continue;
        }
        for (uint32_t k = 0; k < f->count; k++) {
            uint64_t v;
            switch (f->size) {
            case 1: v = scur_u8(&cur); break;
            case 2: v = scur_u16(&cur); break;
            case 4: v = scur_u32(&cur); break;
            default: v = scur_u64(&cur); break;
            }
            field_set(base + f->offset + (size_t)k * f->size, f->size, v);
        }
    }
}

/* The saved armed flag and deadline of a device's timer field number `index`. */
static int saved_timer(const struct snap_section *s, const struct state_field *fields, unsigned index,
                       uint64_t *when)
{
    size_t pos = 0;
    unsigned k = 0;
    for (const struct state_field *f = fields; f && f->name; f++, k++) {
        size_t n = f->size == STATE_TIMER_KIND ? 9 : (size_t)f->size * f->count;
        if (k == index) {
            *when = ld64(s->data + pos + 1);
            return s->data[pos] != 0;
        }
        pos += n;
    }
    return 0;
}

static void device_section_name(char *out, size_t len, const struct device_entry *e)
{
    snprintf(out, len, "dev:%s", e->name);
}

/* ---- saving ---- */

static uint64_t firmware_digest(const struct snapshot_machine *m)
{
    return state_hash_bytes(STATE_HASH_INIT, m->firmware, m->firmware_size);
}

static void save_machine(const struct snapshot_machine *m, struct snap_buf *b)
{
    sbuf_u32(b, m->phys->ram_size);
    sbuf_u64(b, m->clock->ips);
    sbuf_u64(b, firmware_digest(m));
    sbuf_u8(b, (uint8_t)phys_a20_enabled(m->phys));
    sbuf_u32(b, m->devices->n);
    for (unsigned k = 0; k < m->devices->n; k++) {
        sbuf_str(b, m->devices->entry[k].name);
        sbuf_str(b, m->devices->entry[k].type->name);
    }
}

static int page_is_zero(const uint8_t *p)
{
    for (unsigned k = 0; k < PAGE; k++)
        if (p[k])
            return 0;
    return 1;
}

static void save_ram(const struct phys *phys, struct snap_buf *b)
{
    uint32_t pages = phys->ram_size / PAGE;
    sbuf_u32(b, pages);
    size_t map_at = b->len;
    uint8_t *map = sbuf_reserve(b, (pages + 7) / 8);
    if (!map)
        return;
    memset(map, 0, (pages + 7) / 8);
    for (uint32_t k = 0; k < pages; k++) {
        const uint8_t *page = phys->ram + (size_t)k * PAGE;
        if (page_is_zero(page))
            continue;
        b->data[map_at + k / 8] |= (uint8_t)(1u << (k % 8));   /* b->data may move: index it afresh */
        sbuf_bytes(b, page, PAGE);
    }
}

/* ---- the clock: the order of the armed timers ----
 *
 * The clock section lists the armed timers in queue order (timers with equal deadlines run in that order):
 *   u8 kind 0, u16 device, u16 field: a STATE_TIMER field (its deadline is in the device's section)
 *   u8 kind 1, u16 device, name, u64 deadline: a timer of the device that is not in its field list (the device's
 *                post_load arms it again; the load then moves it to the saved deadline)
 * Timers that belong to no device (the display's, say) are host business and not saved. */
enum { TIMER_FIELD = 0, TIMER_OTHER = 1 };

static const struct state_field *field_at(const struct state_field *fields, unsigned index)
{
    unsigned k = 0;
    for (const struct state_field *f = fields; f && f->name; f++, k++)
        if (k == index)
            return f;
    return NULL;
}

/* Which device a timer belongs to (its field index, or -1 when it is not in the field list); -1 for none. */
static int timer_owner(const struct device_list *devs, const struct timer *t, unsigned *dev, int *field)
{
    for (unsigned d = 0; d < devs->n; d++) {
        int k = 0;
        for (const struct state_field *f = devs->entry[d].type->fields; f && f->name; f++, k++) {
            if (f->size == STATE_TIMER_KIND && field_timer(devs->entry[d].dev, f) == t) {
                *dev = d;
                *field = k;
                return 0;
            }
        }
    }
    for (unsigned d = 0; d < devs->n; d++) {
        if (t->opaque == devs->entry[d].dev) {
            *dev = d;
            *field = -1;
            return 0;
        }
    }
    return -1;
}

static void save_clock(const struct snapshot_machine *m, struct snap_buf *b)
{
    sbuf_u64(b, m->clock->jitter_state);
    size_t count_at = b->len;
    sbuf_u32(b, 0);
    uint32_t n = 0;
    for (const struct timer *t = m->clock->head; t; t = t->next) {
        unsigned d;
        int field;
        if (timer_owner(m->devices, t, &d, &field) < 0)
            continue;
        sbuf_u8(b, field >= 0 ? TIMER_FIELD : TIMER_OTHER);
        sbuf_u16(b, (uint16_t)d);
        if (field >= 0) {
            sbuf_u16(b, (uint16_t)field);
        } else {
            sbuf_str(b, t->name ? t->name : "");
            sbuf_u64(b, t->when);
        }
        n++;
    }
    if (!b->failed)
        st32(b->data + count_at, n);
}

static int put_section(struct snap_writer *w, const char *name, uint16_t version, struct snap_buf *b,
                       int compress, char *err, size_t errlen)
{
    int r = snapw_section(w, name, version, b, compress, err, errlen);
    sbuf_free(b);
    return r;
}

static int save_sections(const struct snapshot_machine *m, struct snap_writer *w, char *err, size_t errlen)
{
    struct snap_buf b = { NULL, 0, 0, 0 };
    save_machine(m, &b);
    if (put_section(w, "machine", MACHINE_VERSION, &b, 0, err, errlen) < 0)
        return -1;
    for (unsigned k = 0; k < m->n_parts; k++) {
        const struct snapshot_part *p = m->part[k];
        uint8_t *bytes = p->size() ? sbuf_reserve(&b, p->size()) : NULL;
        if (bytes)
            p->save(m->owner, bytes);
        if (put_section(w, p->name, p->version, &b, 0, err, errlen) < 0)
            return -1;
    }
    save_ram(m->phys, &b);
    if (put_section(w, "ram", RAM_VERSION, &b, 1, err, errlen) < 0)
        return -1;
    save_clock(m, &b);
    if (put_section(w, "clock", CLOCK_VERSION, &b, 0, err, errlen) < 0)
        return -1;
    for (unsigned k = 0; k < m->devices->n; k++) {
        const struct device_entry *e = &m->devices->entry[k];
        char name[SNAPSHOT_NAME_MAX + 1];
        device_section_name(name, sizeof name, e);
        save_device(&b, e->type->fields, e->dev);
        if (put_section(w, name, e->type->version, &b, 1, err, errlen) < 0)
            return -1;
    }
    for (unsigned k = 0; k < m->n_disks; k++) {
        char name[SNAPSHOT_NAME_MAX + 1];
        snprintf(name, sizeof name, "disk:%s", m->disk[k].name);
        if (snapshot_disk_save(&m->disk[k], &b, err, errlen) < 0) {
            sbuf_free(&b);
            return -1;
        }
        if (put_section(w, name, DISK_VERSION, &b, 1, err, errlen) < 0)
            return -1;
    }
    return 0;
}

int snapshot_save(const struct snapshot_machine *m, const char *path, char *err, size_t errlen)
{
    struct snap_writer w;
    if (snapw_open(&w, path, err, errlen) < 0)
        return -1;
    if (save_sections(m, &w, err, errlen) < 0) {
        snapw_abort(&w);
        return -1;
    }
    return snapw_close(&w, err, errlen);
}

/* ---- loading: checks ---- */

static const struct snap_section *need_section(const struct snap_file *f, const char *name, uint16_t version,
                                               const char *path, char *err, size_t errlen)
{
    const struct snap_section *s = snapf_find(f, name);
    if (!s) {
        errorf(err, errlen, "%s: the snapshot has no section %s (it is from another machine)", path, name);
        return NULL;
    }
    if (s->version != version) {
        errorf(err, errlen, "%s: section %s has version %u, this x86pc reads version %u", path, name,
               (unsigned)s->version, (unsigned)version);
        return NULL;
    }
    return s;
}

static int check_device_list(const struct snapshot_machine *m, struct snap_cursor *c, const char *path,
                             char *err, size_t errlen)
{
    uint32_t n = scur_u32(c);
    if (!c->bad && n != m->devices->n)
        return errorf(err, errlen, "%s: the snapshot's machine has %u devices, this one %u", path, (unsigned)n,
                      m->devices->n);
    for (unsigned k = 0; k < n && !c->bad; k++) {
        char name[32], type[32];
        if (scur_str(c, name, sizeof name) < 0 || scur_str(c, type, sizeof type) < 0)
            break;
        const struct device_entry *e = &m->devices->entry[k];
        if (strcmp(name, e->name) != 0 || strcmp(type, e->type->name) != 0)
            return errorf(err, errlen, "%s: the snapshot's device %u is %s, this machine's is %s", path, k, name,
                          e->name);
    }
    if (c->bad || c->pos != c->len)
        return errorf(err, errlen, "%s: corrupt snapshot (section machine)", path);
    return 0;
}

static int check_machine(const struct snapshot_machine *m, const struct snap_section *s, const char *path,
                         char *err, size_t errlen)
{
    struct snap_cursor c = { s->data, s->len, 0, 0 };
    uint32_t ram = scur_u32(&c);
    uint64_t ips = scur_u64(&c), fw = scur_u64(&c);
    uint8_t a20 = scur_u8(&c);
    if (c.bad || a20 > 1)
        return errorf(err, errlen, "%s: corrupt snapshot (section machine)", path);
    if (ram != m->phys->ram_size)
        return errorf(err, errlen, "%s: the snapshot was taken with -m %u, this machine has -m %u", path,
                      (unsigned)(ram >> 20), (unsigned)(m->phys->ram_size >> 20));
    if (ips != m->clock->ips)
        return errorf(err, errlen, "%s: the snapshot was taken with --ips %llu, this machine runs --ips %llu", path,
                      (unsigned long long)ips, (unsigned long long)m->clock->ips);
    if (fw != firmware_digest(m))
        return errorf(err, errlen, "%s: the snapshot was taken with other firmware (-bios)", path);
    return check_device_list(m, &c, path, err, errlen);
}

static int check_ram(const struct snapshot_machine *m, const struct snap_section *s, const char *path, char *err,
                     size_t errlen)
{
    struct snap_cursor c = { s->data, s->len, 0, 0 };
    uint32_t pages = scur_u32(&c);
    const uint8_t *map = scur_bytes(&c, (pages + 7) / 8);
    if (c.bad || pages != m->phys->ram_size / PAGE)
        return errorf(err, errlen, "%s: corrupt snapshot (section ram)", path);
    size_t used = 0;
    for (uint32_t k = 0; k < pages; k++)
        used += (map[k / 8] >> (k % 8)) & 1;
    if (used * PAGE != c.len - c.pos)
        return errorf(err, errlen, "%s: corrupt snapshot (section ram: page count)", path);
    return 0;
}

/* Every device has its section with the right version and length; the timer order names armed timers only,
 * each once, and all of them. */
static int check_devices(const struct snapshot_machine *m, const struct snap_file *f, const char *path, char *err,
                         size_t errlen)
{
    for (unsigned k = 0; k < m->devices->n; k++) {
        const struct device_entry *e = &m->devices->entry[k];
        char name[SNAPSHOT_NAME_MAX + 1];
        device_section_name(name, sizeof name, e);
        const struct snap_section *s = need_section(f, name, e->type->version, path, err, errlen);
        if (!s)
            return -1;
        if (s->len != device_state_size(e->type->fields))
            return errorf(err, errlen, "%s: corrupt snapshot (section %s: length)", path, name);
    }
    return 0;
}

static unsigned armed_timer_count(const struct snapshot_machine *m, const struct snap_file *f)
{
    unsigned n = 0;
    for (unsigned d = 0; d < m->devices->n; d++) {
        const struct device_entry *e = &m->devices->entry[d];
        char name[SNAPSHOT_NAME_MAX + 1];
        device_section_name(name, sizeof name, e);
        const struct snap_section *s = snapf_find(f, name);
        unsigned k = 0;
        uint64_t when;
        for (const struct state_field *fl = e->type->fields; fl && fl->name; fl++, k++)
            n += fl->size == STATE_TIMER_KIND && saved_timer(s, e->type->fields, k, &when);
    }
    return n;
}

/* One entry of the clock section. */
struct clock_entry {
    int kind;
    uint16_t dev, field;
    char name[32];
    uint64_t when;
};

static void read_clock_entry(struct snap_cursor *c, struct clock_entry *e)
{
    e->kind = scur_u8(c);
    e->dev = scur_u16(c);
    if (e->kind == TIMER_FIELD) {
        e->field = scur_u16(c);
    } else {
        if (scur_str(c, e->name, sizeof e->name) < 0)
            return;
        e->when = scur_u64(c);
    }
}

static int check_clock(const struct snapshot_machine *m, const struct snap_file *f, const struct snap_section *s,
                       const char *path, char *err, size_t errlen)
{
    struct snap_cursor c = { s->data, s->len, 0, 0 };
    (void)scur_u64(&c);
    uint32_t n = scur_u32(&c), fields = 0;
    uint8_t seen[DEVICE_LIST_MAX][64];
    memset(seen, 0, sizeof seen);
    for (uint32_t k = 0; k < n && !c.bad; k++) {
        struct clock_entry e;
        read_clock_entry(&c, &e);
        if (c.bad || e.kind > TIMER_OTHER || e.dev >= m->devices->n)
            break;
        if (e.kind == TIMER_OTHER)
            continue;
        const struct device_entry *de = &m->devices->entry[e.dev];
        const struct state_field *fl = field_at(de->type->fields, e.field);
        char name[SNAPSHOT_NAME_MAX + 1];
        device_section_name(name, sizeof name, de);
        uint64_t when;
        if (!fl || fl->size != STATE_TIMER_KIND || e.field >= 64 || seen[e.dev][e.field] ||
            !saved_timer(snapf_find(f, name), de->type->fields, e.field, &when))
            return errorf(err, errlen, "%s: corrupt snapshot (section clock: timer)", path);
        seen[e.dev][e.field] = 1;
        fields++;
    }
    if (c.bad || c.pos != c.len || fields != armed_timer_count(m, f))
        return errorf(err, errlen, "%s: corrupt snapshot (section clock)", path);
    return 0;
}

static int check_all(const struct snapshot_machine *m, const struct snap_file *f, const char *path, char *err,
                     size_t errlen)
{
    const struct snap_section *s;
    char why[160];
    if (!(s = need_section(f, "machine", MACHINE_VERSION, path, err, errlen)) ||
        check_machine(m, s, path, err, errlen) < 0)
        return -1;
    for (unsigned k = 0; k < m->n_parts; k++) {
        const struct snapshot_part *p = m->part[k];
        if (!(s = need_section(f, p->name, p->version, path, err, errlen)))
            return -1;
        if (p->check && p->check(s->data, s->len, why, sizeof why) < 0)
            return errorf(err, errlen, "%s: %s", path, why);
        if (!p->check && s->len != p->size())
            return errorf(err, errlen, "%s: corrupt snapshot (section %s)", path, p->name);
    }
    if (!(s = need_section(f, "ram", RAM_VERSION, path, err, errlen)) || check_ram(m, s, path, err, errlen) < 0)
        return -1;
    if (check_devices(m, f, path, err, errlen) < 0)
        return -1;
    if (!(s = need_section(f, "clock", CLOCK_VERSION, path, err, errlen)) ||
        check_clock(m, f, s, path, err, errlen) < 0)
        return -1;
    for (unsigned k = 0; k < m->n_disks; k++) {
        char name[SNAPSHOT_NAME_MAX + 1];
        snprintf(name, sizeof name, "disk:%s", m->disk[k].name);
        if (!(s = need_section(f, name, DISK_VERSION, path, err, errlen)))
            return -1;
        if (snapshot_disk_check(&m->disk[k], s, why, sizeof why) < 0)
            return errorf(err, errlen, "%s: %s", path, why);
    }
    /* A section the machine has no use for means the snapshot is of another machine (a disk more, say). */
    unsigned expected = 5 + m->devices->n + m->n_disks;   /* machine, cpu, fpu, ram, clock */
    if (f->n != expected)
        return errorf(err, errlen, "%s: the snapshot's machine has other devices or disks than this one", path);
    return 0;
}

/* ---- loading: applying ---- */

static void apply_ram(const struct snapshot_machine *m, const struct snap_section *s)
{
    uint32_t pages = ld32(s->data);
    const uint8_t *map = s->data + 4, *data = map + (pages + 7) / 8;
    for (uint32_t k = 0; k < pages; k++) {
        uint8_t *page = m->phys->ram + (size_t)k * PAGE;
        if ((map[k / 8] >> (k % 8)) & 1) {
            memcpy(page, data, PAGE);
            data += PAGE;
        } else {
            memset(page, 0, PAGE);
        }
    }
}

static void apply_devices(const struct snapshot_machine *m, const struct snap_file *f)
{
    for (unsigned k = 0; k < m->devices->n; k++) {
        const struct device_entry *e = &m->devices->entry[k];
        char name[SNAPSHOT_NAME_MAX + 1];
        device_section_name(name, sizeof name, e);
        load_device_fields(snapf_find(f, name), e->type->fields, e->dev);
    }
}

/* After every post_load: the saved timers are armed at their saved deadlines in their saved queue order (post_load
 * may have armed them anew, at other deadlines when --jitter draws a fresh delay), device timers armed now but
 * not then are cancelled, and the jitter generator goes back to its saved state. */
static int apply_clock(const struct snapshot_machine *m, const struct snap_file *f, const struct snap_section *s)
{
    enum { MAX_OTHER = 64 };
    struct timer *other[MAX_OTHER];
    unsigned n_other = 0, d;
    int field, missing = 0;
    for (struct timer *t = m->clock->head; t; t = t->next)
        if (n_other < MAX_OTHER && timer_owner(m->devices, t, &d, &field) == 0 && field < 0)
            other[n_other++] = t;
    for (d = 0; d < m->devices->n; d++) {
        const struct device_entry *e = &m->devices->entry[d];
        for (const struct state_field *fl = e->type->fields; fl && fl->name; fl++)
            if (fl->size == STATE_TIMER_KIND)
                timer_cancel(field_timer(e->dev, fl));
    }
    struct snap_cursor c = { s->data, s->len, 12, 0 };
    for (uint32_t k = 0, n = ld32(s->data + 8); k < n; k++) {
        struct clock_entry ce;
        read_clock_entry(&c, &ce);
        const struct device_entry *e = &m->devices->entry[ce.dev];
        if (ce.kind == TIMER_FIELD) {
            char name[SNAPSHOT_NAME_MAX + 1];
            device_section_name(name, sizeof name, e);
            uint64_t when = 0;
            (void)saved_timer(snapf_find(f, name), e->type->fields, ce.field, &when);
            timer_arm_icount(field_timer(e->dev, field_at(e->type->fields, ce.field)), when);
            continue;
        }
        unsigned j = 0;
        while (j < n_other && !(other[j] && other[j]->opaque == e->dev &&
                                strcmp(other[j]->name ? other[j]->name : "", ce.name) == 0))
            j++;
        if (j == n_other) {
            missing = 1;
            continue;
        }
        timer_arm_icount(other[j], ce.when);
        other[j] = NULL;
    }
    for (unsigned j = 0; j < n_other; j++)
        if (other[j])
            timer_cancel(other[j]);
    m->clock->jitter_state = ld64(s->data);
    return missing ? -1 : 0;
}

static int apply_all(const struct snapshot_machine *m, const struct snap_file *f, const char *path, char *err,
                     size_t errlen)
{
    char why[160];
    const struct snap_section *ms = snapf_find(f, "machine");
    /* the CPU first: devices' post_load may read the clock, which is the CPU's instruction count */
    for (unsigned k = 0; k < m->n_parts; k++) {
        const struct snapshot_part *p = m->part[k];
        const struct snap_section *s = snapf_find(f, p->name);
        if (p->load(m->owner, s->data, s->len, why, sizeof why) < 0)
            return errorf(err, errlen, "%s: %s", path, why);
    }
    phys_set_a20(m->phys, ms->data[20]);
    apply_ram(m, snapf_find(f, "ram"));
    apply_devices(m, f);
    /* armed as saved for post_load to see, and again after it (its own timers may be missing yet: no error) */
    (void)apply_clock(m, f, snapf_find(f, "clock"));
    for (unsigned k = 0; k < m->devices->n; k++) {
        const struct device_entry *e = &m->devices->entry[k];
        if (e->type->post_load && e->type->post_load(e->dev) < 0)
            return errorf(err, errlen, "%s: device %s refused its saved state; the machine is inconsistent now "
                          "(system_reset or quit)", path, e->name);
    }
    if (apply_clock(m, f, snapf_find(f, "clock")) < 0)
        return errorf(err, errlen, "%s: a device did not re-arm a timer it had armed; the machine is inconsistent "
                      "now (system_reset or quit)", path);
    for (unsigned k = 0; k < m->n_disks; k++) {
        char name[SNAPSHOT_NAME_MAX + 1];
        snprintf(name, sizeof name, "disk:%s", m->disk[k].name);
        if (snapshot_disk_apply(&m->disk[k], snapf_find(f, name), why, sizeof why) < 0)
            return errorf(err, errlen, "%s: %s; the machine is inconsistent now (system_reset or quit)", path, why);
    }
    /* RAM changed under the CPU's feet: no host pointer or decoded block may survive */
    if (m->phys->map_changed)
        m->phys->map_changed(m->phys->hook_opaque);
    return 0;
}

int snapshot_load(const struct snapshot_machine *m, const char *path, char *err, size_t errlen)
{
    struct snap_file f;
    if (snapf_read(&f, path, err, errlen) < 0)
        return -1;
    int r = check_all(m, &f, path, err, errlen);
    if (r == 0)
        r = apply_all(m, &f, path, err, errlen);
    snapf_free(&f);
    return r;
}
