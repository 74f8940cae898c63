/* The instruction decoder (see decode.h). The lookup map is derived from opcodes.def on first use and is
 * read-only afterwards. */
#include "cpu/decode.h"
#include "cpu/cpu.h"

#include <string.h>

struct decode_map {
    int ready;
    uint16_t row[2][256][8];     /* [map-1][opcode][ModRM.reg] */
    uint8_t modrm[2][256];
};

static struct decode_map decode_map;

static int kind_needs_modrm(unsigned k)
{
    switch (k) {
    case OK_Eb: case OK_Ew: case OK_Ev: case OK_Gb: case OK_Gw: case OK_Gv: case OK_M: case OK_Mp: case OK_Ma:
    case OK_Mq: case OK_Ms: case OK_Sw: case OK_Cd: case OK_Dd: case OK_Rd: case OK_Fp:
        return 1;
    default:
        return 0;
    }
}

static void build_map(struct decode_map *m)
{
    memset(m->row, 0, sizeof m->row);
    for (unsigned r = 1; r < opcode_row_count; r++) {
        const struct opcode_row *o = &opcode_rows[r];
        unsigned map = o->map - 1u;
        int modrm = o->ext >= 0;
        for (int k = 0; k < 3; k++)
            modrm |= kind_needs_modrm(o->operand[k]);
        m->modrm[map][o->opcode] = (uint8_t)modrm;
        for (unsigned reg = 0; reg < 8; reg++)
            if (o->ext < 0 || (unsigned)o->ext == reg)
                m->row[map][o->opcode][reg] = (uint16_t)r;
    }
    m->ready = 1;
}

static const struct decode_map *get_map(void)
{
    if (!decode_map.ready)
        build_map(&decode_map);
    return &decode_map;
}

unsigned decode_lookup_row(unsigned map, unsigned opcode, unsigned reg)
{
    return get_map()->row[(map - 1) & 1][opcode & 0xff][reg & 7];
}

int decode_has_modrm(unsigned map, unsigned opcode)
{
    return get_map()->modrm[(map - 1) & 1][opcode & 0xff];
}

/* A little cursor over the instruction bytes. */
struct cursor {
    const uint8_t *p;
    unsigned pos, avail;
    int short_input;
};

static uint32_t take(struct cursor *cur, unsigned n)
{
    uint32_t v = 0;
    for (unsigned k = 0; k < n; k++) {
        if (cur->pos >= cur->avail) {
            cur->short_input = 1;
            return v;
        }
        v |= (uint32_t)cur->p[cur->pos++] << (8 * k);
    }
    return v;
}

static uint32_t sign_extend(uint32_t v, unsigned bytes)
{
    return bytes == 1 ? (uint32_t)(int32_t)(int8_t)v : bytes == 2 ? (uint32_t)(int32_t)(int16_t)v : v;
}

static const uint8_t modrm16_base[8] = { R_EBX, R_EBX, R_EBP, R_EBP, R_ESI, R_EDI, R_EBP, R_EBX };
static const uint8_t modrm16_index[8] = { R_ESI, R_EDI, R_ESI, R_EDI, R_NONE, R_NONE, R_NONE, R_NONE };

static void decode_ea16(struct insn *i, struct cursor *cur, unsigned mod, unsigned rm)
{
    i->base = modrm16_base[rm];
    i->index = modrm16_index[rm];
    i->scale = 0;
    if (mod == 0 && rm == 6) {
        i->base = R_NONE;
        i->disp = take(cur, 2);
    } else if (mod == 1) {
        i->disp = sign_extend(take(cur, 1), 1);
    } else if (mod == 2) {
        i->disp = take(cur, 2);
    }
    i->seg = (i->base == R_EBP) ? S_SS : S_DS;
}

static void decode_ea32(struct insn *i, struct cursor *cur, unsigned mod, unsigned rm)
{
    i->base = (uint8_t)rm;
    i->index = R_NONE;
    i->scale = 0;
    if (rm == 4) {
        unsigned sib = take(cur, 1);
        unsigned idx = (sib >> 3) & 7;
        i->base = (uint8_t)(sib & 7);
        i->index = idx == 4 ? R_NONE : (uint8_t)idx;
        i->scale = (uint8_t)(sib >> 6);
        if (mod == 0 && i->base == R_EBP) {
            i->base = R_NONE;
            i->disp = take(cur, 4);
        }
    } else if (mod == 0 && rm == 5) {
        i->base = R_NONE;
        i->disp = take(cur, 4);
    }
    if (mod == 1)
        i->disp = sign_extend(take(cur, 1), 1);
    else if (mod == 2)
        i->disp = take(cur, 4);
    i->seg = (i->base == R_ESP || i->base == R_EBP) ? S_SS : S_DS;
}

static int is_memory_only(unsigned k)
{
    return k == OK_M || k == OK_Mp || k == OK_Ma || k == OK_Mq || k == OK_Ms;
}

static int is_register_only(unsigned k)
{
    return k == OK_Rd || k == OK_Cd || k == OK_Dd;
}

/* Immediates and other trailing operand bytes for one operand kind. */
static void decode_immediate(struct insn *i, struct cursor *cur, unsigned kind, int *imm_count)
{
    unsigned osz = i->osize32 ? 4 : 2, asz = i->asize32 ? 4 : 2;
    uint32_t v;
    switch (kind) {
    case OK_Ib: case OK_Ibs: case OK_Jb:
        v = take(cur, 1);
        if (kind != OK_Ib)
            v = sign_extend(v, 1);
        else if (kind == OK_Ib && *imm_count == 0)
            v &= 0xff;
        break;
    case OK_Iw: v = take(cur, 2); break;
    case OK_Iz: case OK_Jz: v = sign_extend(take(cur, osz), osz); break;
    case OK_Ob: case OK_Ov:
        i->disp = take(cur, asz);
        i->base = i->index = R_NONE;
        i->seg = S_DS;
        return;
    case OK_Ap:
        i->imm = take(cur, osz);
        i->imm2 = (uint16_t)take(cur, 2);
        return;
    default:
        return;
    }
    if ((*imm_count)++ == 0)
        i->imm = v;
    else
        i->imm2 = (uint16_t)v;
}

static void apply_row(struct insn *i, unsigned row, unsigned mod)
{
    const struct opcode_row *o = &opcode_rows[row];
    for (int k = 0; k < 3; k++) {
        if (mod == 3 && is_memory_only(o->operand[k]))
            row = 0;
    }
    if (i->lock && (!(o->attr & A_LOCK) || mod == 3))
        row = 0;
    i->row = (uint16_t)row;
    i->fn = i->osize32 ? opcode_rows[row].fn32 : opcode_rows[row].fn16;
}

int decode_insn(struct insn *out, const uint8_t *bytes, unsigned avail, int code32)
{
    const struct decode_map *m = get_map();
    struct cursor cur = { bytes, 0, avail > INSN_MAX_LEN ? INSN_MAX_LEN : avail, 0 };
    struct insn i;
    memset(&i, 0, sizeof i);
    i.seg_override = S_COUNT;
    int osize = code32, asize = code32;
    unsigned b;

    for (;;) {
        if (cur.pos >= INSN_MAX_LEN)
            return DECODE_TOO_LONG;
        if (cur.pos >= cur.avail)
            return DECODE_NEED_MORE;
        b = bytes[cur.pos++];
        switch (b) {
        case 0x26: i.seg_override = S_ES; continue;
        case 0x2e: i.seg_override = S_CS; continue;
        case 0x36: i.seg_override = S_SS; continue;
        case 0x3e: i.seg_override = S_DS; continue;
        case 0x64: i.seg_override = S_FS; continue;
        case 0x65: i.seg_override = S_GS; continue;
        case 0x66: osize = !code32; continue;
        case 0x67: asize = !code32; continue;
        case 0xf0: i.lock = 1; continue;
        case 0xf2: i.rep = REP_F2; continue;
        case 0xf3: i.rep = REP_F3; continue;
        default: break;
        }
        break;
    }
    i.osize32 = (uint8_t)osize;
    i.asize32 = (uint8_t)asize;
    i.amask = asize ? 0xffffffffu : 0xffffu;
    unsigned map = 1;
    if (b == 0x0f) {
        map = 2;
        b = take(&cur, 1);
    }
    i.opcode = (uint8_t)b;
    unsigned mod = 3, reg = 0, rm = 0;
    if (m->modrm[map - 1][b]) {
        unsigned modrm = take(&cur, 1);
        i.modrm = (uint8_t)modrm;
        mod = modrm >> 6;
        reg = (modrm >> 3) & 7;
        rm = modrm & 7;
    } else {
        reg = b & 7;
    }
    unsigned row = m->row[map - 1][b][m->modrm[map - 1][b] ? reg : 0];
    const struct opcode_row *o = &opcode_rows[row];
    if (is_register_only(o->operand[0]) || is_register_only(o->operand[1]))
        mod = 3;
    i.reg = (uint8_t)reg;
    i.rm = (uint8_t)rm;
    i.mod3 = mod == 3;
    i.base = i.index = R_NONE;
    i.seg = S_DS;
    if (m->modrm[map - 1][b] && mod != 3) {
        if (asize)
            decode_ea32(&i, &cur, mod, rm);
        else
            decode_ea16(&i, &cur, mod, rm);
    }
    int imm_count = 0;
    for (int k = 0; k < 3; k++)
        decode_immediate(&i, &cur, o->operand[k], &imm_count);
    if (cur.short_input)
        return cur.avail < avail || cur.pos >= INSN_MAX_LEN ? DECODE_TOO_LONG : DECODE_NEED_MORE;
    if (i.seg_override != S_COUNT)
        i.seg = i.seg_override;
    apply_row(&i, row, mod);
    i.len = (uint8_t)cur.pos;
    *out = i;
    return (int)cur.pos;
}
