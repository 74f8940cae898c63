/* The disassembler (see disasm.h): integer instructions are formatted from the operand kinds of their row in
 * cpu/opcodes.def; memory operands are in memory.c, x87 instructions in x87.c. */
#include "disasm/disasm.h"
#include "disasm/format.h"
#include "cpu/cpu.h"
#include "cpu/decode.h"
#include "cpu/insn.h"

#include <stdio.h>
#include <string.h>

/* One operand, worked out before it is written in either syntax. */
enum operand_type { OPD_NONE, OPD_REG, OPD_IMM, OPD_MEM, OPD_TARGET, OPD_FAR, OPD_ONE };
struct operand {
    enum operand_type type;
    const char *reg;             /* OPD_REG */
    uint32_t value;              /* OPD_IMM, OPD_TARGET, OPD_FAR offset */
    uint16_t selector;           /* OPD_FAR */
    unsigned size;               /* bytes of a memory operand or immediate (0: unsized) */
};

static unsigned operand_size(const struct insn *i) { return i->osize32 ? 4 : 2; }

static const char *gpr_name(unsigned n, unsigned size)
{
    return size == 1 ? disasm_reg8[n & 7] : size == 2 ? disasm_reg16[n & 7] : disasm_reg32[n & 7];
}

/* The size in bytes of an E or M operand kind (0: unsized). */
static unsigned memory_size(const struct insn *i, unsigned kind)
{
    switch (kind) {
    case OK_Eb: return 1;
    case OK_Ew: return 2;
    case OK_Ev: return operand_size(i);
    case OK_Mp: return operand_size(i) + 2;
    case OK_Ma: return 2 * operand_size(i);
    case OK_Mq: return 8;
    default: return 0;
    }
}

static int stores_word(const struct opcode_row *row)
{
    return row->map == 2 && (strcmp(row->mnemonic, "sldt") == 0 || strcmp(row->mnemonic, "str") == 0 ||
                             strcmp(row->mnemonic, "smsw") == 0);
}

static struct operand register_operand(const char *name)
{
    struct operand o = { OPD_REG, name, 0, 0, 0 };
    return o;
}

/* `second` marks the second immediate of an instruction (ENTER's nesting level), kept in insn.imm2. */
static struct operand make_operand(const struct context *x, unsigned kind, int second)
{
    static const char *const cr[8] = { "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7" };
    static const char *const dr[8] = { "dr0", "dr1", "dr2", "dr3", "dr4", "dr5", "dr6", "dr7" };
    static const char *const db[8] = { "db0", "db1", "db2", "db3", "db4", "db5", "db6", "db7" };  /* GNU AT&T */
    const struct insn *i = x->i;
    struct operand o = { OPD_NONE, NULL, 0, 0, 0 };
    unsigned osz = operand_size(i);
    switch (kind) {
    case OK_Eb: case OK_Ew: case OK_Ev: case OK_M: case OK_Mp: case OK_Ma: case OK_Mq: case OK_Ms:
        if (i->mod3) {
            /* LAR and LSL read a selector from a register of the operand size (r32/m16) */
            int lar_lsl = x->row->map == 2 && (x->row->opcode == 0x02 || x->row->opcode == 0x03);
            return register_operand(gpr_name(i->rm, kind == OK_Eb ? 1 : kind == OK_Ew && !lar_lsl ? 2 : osz));
        }
        o.type = OPD_MEM;
        /* segment registers, SLDT, STR and SMSW store a word whatever the operand size */
        o.size = x->row->operand[1] == OK_Sw || stores_word(x->row) ? 2 : memory_size(i, kind);
        return o;
    case OK_Gb: return register_operand(disasm_reg8[i->reg]);
    case OK_Gw: return register_operand(disasm_reg16[i->reg]);
    case OK_Gv: return register_operand(gpr_name(i->reg, osz));
    case OK_Rd: return register_operand(disasm_reg32[i->rm]);
    case OK_Zb: return register_operand(disasm_reg8[i->reg]);
    case OK_Zv: return register_operand(gpr_name(i->reg, osz));
    case OK_Sw: return register_operand(disasm_sreg[i->reg]);
    case OK_ES: case OK_CS: case OK_SS: case OK_DS: case OK_FS: case OK_GS:
        return register_operand(disasm_sreg[kind - OK_ES]);
    case OK_Cd: return register_operand(cr[i->reg]);
    case OK_Dd: return register_operand(x->syntax == DISASM_ATT ? db[i->reg] : dr[i->reg]);
    case OK_AL: return register_operand("al");
    case OK_CL: return register_operand("cl");
    case OK_DX: return register_operand("dx");
    case OK_eAX: return register_operand(gpr_name(0, osz));
    case OK_One: o.type = OPD_ONE; return o;
    case OK_Ib: o.type = OPD_IMM; o.value = (second ? i->imm2 : i->imm) & 0xff; o.size = 1; return o;
    case OK_Iw: o.type = OPD_IMM; o.value = i->imm & 0xffff; o.size = 2; return o;
    case OK_Iz: case OK_Ibs:
        o.type = OPD_IMM;
        o.value = osz == 2 ? i->imm & 0xffff : i->imm;
        o.size = osz;
        return o;
    case OK_Jb: case OK_Jz:
        o.type = OPD_TARGET;
        o.value = x->eip + i->len + i->imm;
        if (osz == 2)
            o.value &= 0xffff;
        return o;
    case OK_Ob: case OK_Ov:
        o.type = OPD_MEM;    /* unsized: AL/eAX, the other operand, gives the size */
        return o;
    case OK_Ap:
        o.type = OPD_FAR;
        o.value = osz == 2 ? i->imm & 0xffff : i->imm;
        o.selector = i->imm2;
        return o;
    default:
        return o;
    }
}

/* ---- Intel syntax ---- */

static void put_operand_intel(struct text *t, const struct context *x, const struct operand *o)
{
    switch (o->type) {
    case OPD_REG: disasm_put(t, "%s", o->reg); break;
    case OPD_ONE: disasm_put(t, "1"); break;
    case OPD_IMM: case OPD_TARGET: disasm_put(t, "0x%x", (unsigned)o->value); break;
    case OPD_FAR: disasm_put(t, "0x%x:0x%x", (unsigned)o->selector, (unsigned)o->value); break;
    case OPD_MEM: disasm_put_memory_intel(t, x->i, o->size); break;
    case OPD_NONE: break;
    }
}

/* ---- AT&T syntax ---- */

static int is_port_io(const struct opcode_row *row)
{
    return row->map == 1 && row->opcode >= 0xec && row->opcode <= 0xef;
}

static void put_operand_att(struct text *t, const struct context *x, const struct operand *o, int indirect)
{
    switch (o->type) {
    case OPD_REG:
        if (is_port_io(x->row) && strcmp(o->reg, "dx") == 0)
            disasm_put(t, "(%%dx)");
        else
            disasm_put(t, "%s%%%s", indirect ? "*" : "", o->reg);
        break;
    case OPD_ONE: disasm_put(t, "$1"); break;
    case OPD_IMM: disasm_put(t, "$0x%x", (unsigned)o->value); break;
    case OPD_TARGET: disasm_put(t, "0x%x", (unsigned)o->value); break;
    case OPD_FAR: disasm_put(t, "$0x%x,$0x%x", (unsigned)o->selector, (unsigned)o->value); break;
    case OPD_MEM:
        if (indirect)
            disasm_put(t, "*");
        disasm_put_memory_att(t, x->i);
        break;
    case OPD_NONE: break;
    }
}

static int size_by_prefix_only(const struct context *x);

static int is_far_transfer(const struct context *x)
{
    const struct opcode_row *row = x->row;
    if (row->map != 1)
        return 0;
    return row->opcode == 0x9a || row->opcode == 0xea || (row->opcode == 0xff && (x->i->reg == 3 || x->i->reg == 5));
}

/* The AT&T mnemonic: a size suffix when no register operand gives the size, and GNU's names for the
 * conversions, the far transfers and MOVZX/MOVSX. */
static void att_mnemonic(char *out, size_t outlen, const struct context *x, const char *mn,
                         const struct operand *ops, unsigned n)
{
    static const struct { const char *intel, *att; } renames[] = {
        { "cbw", "cbtw" }, { "cwde", "cwtl" }, { "cwd", "cwtd" }, { "cdq", "cltd" }, { "retf", "lret" },
    };
    for (size_t k = 0; k < sizeof renames / sizeof renames[0]; k++) {
        size_t len = strlen(renames[k].intel);
        if (strncmp(mn, renames[k].intel, len) == 0 && (mn[len] == 0 || mn[len + 1] == 0)) {
            snprintf(out, outlen, "%s%s", renames[k].att, mn + len);     /* keeps a size suffix: lretw */
            return;
        }
    }
    const struct opcode_row *row = x->row;
    if (strcmp(mn, "movzx") == 0 || strcmp(mn, "movsx") == 0) {
        unsigned from = row->operand[1] == OK_Eb ? 1 : 2, to = operand_size(x->i);
        snprintf(out, outlen, "%s%c%c", mn[3] == 'z' ? "movz" : "movs", from == 1 ? 'b' : 'w', to == 2 ? 'w' : 'l');
        return;
    }
    if (is_far_transfer(x)) {
        snprintf(out, outlen, "l%s", mn);
        return;
    }
    unsigned mem_size = 0;
    int has_reg = 0;
    for (unsigned k = 0; k < n; k++) {
        if (ops[k].type == OPD_MEM)
            mem_size = ops[k].size;
        if (ops[k].type == OPD_REG && row->operand[k] != OK_CL && row->operand[k] != OK_DX)
            has_reg = 1;
    }
    /* only where the size is not implied: byte or word/dword forms that also exist in other sizes */
    int implied = stores_word(row) || (row->map == 2 && row->opcode >= 0x90 && row->opcode <= 0x9f) ||
                  size_by_prefix_only(x);
    int variable = row->operand[0] == OK_Eb || row->operand[0] == OK_Ev;
    const char *suffix = "";
    if (mem_size && !has_reg && !(row->attr & A_BR) && variable && !implied)
        suffix = mem_size == 1 ? "b" : mem_size == 2 ? "w" : mem_size == 4 ? "l" : "";
    snprintf(out, outlen, "%s%s", mn, suffix);
}

/* ---- Putting an instruction together ---- */

/* Whether the operand size changes what the instruction does while no operand shows it: PUSH/POP of a segment
 * register or an immediate, near and far branches and returns, ENTER, LEAVE. */
static int size_by_prefix_only(const struct context *x)
{
    const struct opcode_row *row = x->row;
    unsigned k = row->operand[0];
    if (k >= OK_ES && k <= OK_GS)
        return 1;
    if (row->map != 1)
        return 0;
    /* AT&T also names the size of PUSH/POP of memory and of near indirect branches (Intel's operand shows it) */
    if (x->syntax == DISASM_ATT && !x->i->mod3 &&
        ((row->opcode == 0xff && x->i->reg >= 2) || row->opcode == 0x8f))
        return 1;
    switch (row->opcode) {
    case 0x68: case 0x6a:                     /* push imm */
    case 0xc2: case 0xc3: case 0xca: case 0xcb: /* ret, retf */
    case 0xc8: case 0xc9:                     /* enter, leave */
    case 0xe8: case 0xe9:                     /* call, jmp */
        return 1;
    case 0xea: case 0x9a:                     /* far call, jmp: Intel's offset width shows the size */
        return x->syntax == DISASM_ATT;
    default:
        return 0;
    }
}

/* The row's mnemonic for the operand size ("cbw/cwde"); instructions whose size only the prefix tells get a
 * suffix when it is not the code's default (`retw`, `pushd`; AT&T `pushl`). */
static void row_mnemonic(char *out, size_t outlen, const struct context *x)
{
    const char *mn = x->row->mnemonic, *slash = strchr(mn, '/');
    int wide = x->row->map == 1 && x->row->opcode == 0xe3 ? x->i->asize32 : x->i->osize32;  /* jcxz: CX or ECX */
    if (!slash)
        snprintf(out, outlen, "%s", mn);
    else if (wide)
        snprintf(out, outlen, "%s", slash + 1);
    else
        snprintf(out, outlen, "%.*s", (int)(slash - mn), mn);
    if (!slash && size_by_prefix_only(x) && x->i->osize32 != (x->bits == 32)) {
        char size = x->i->osize32 ? (x->syntax == DISASM_ATT ? 'l' : 'd') : 'w';
        size_t len = strlen(out);
        if (len + 1 < outlen) {
            out[len] = size;
            out[len + 1] = 0;
        }
    }
}

static int is_string_kind(unsigned k)
{
    return k == OK_Xb || k == OK_Xv || k == OK_Yb || k == OK_Yv;
}

static int is_string_instruction(const struct opcode_row *row)
{
    return is_string_kind(row->operand[0]) || is_string_kind(row->operand[1]);
}

/* String instructions print in their short forms (movsb, rep stosd) without operands; what changes their
 * operands is shown before the name as objdump notes it: a segment override of DS:eSI ("cs movsb"; ES:eDI cannot
 * be overridden) and an address size other than the code's ("addr32 movsb": ESI/EDI instead of SI/DI). */
static void put_string_prefixes(struct text *t, const struct context *x)
{
    int reads_esi = x->row->operand[0] == OK_Xb || x->row->operand[0] == OK_Xv || x->row->operand[1] == OK_Xb ||
                    x->row->operand[1] == OK_Xv;
    if (x->i->seg_override != S_COUNT && reads_esi)
        disasm_put(t, "%s ", disasm_sreg[x->i->seg_override]);
    if (x->i->asize32 != (x->bits == 32))
        disasm_put(t, "%s ", x->i->asize32 ? "addr32" : "addr16");
}

/* LOCK, and REP/REPE/REPNE; an F2 or F3 prefix that the instruction ignores is shown too (as "repe"/"repne",
 * like objdump's "repz"/"repnz"), since it is in the bytes. */
static void put_prefixes(struct text *t, const struct context *x)
{
    const struct insn *i = x->i;
    if (i->lock)
        disasm_put(t, "lock ");
    if (i->rep) {
        unsigned op = x->row->opcode;
        int compares = op == 0xa6 || op == 0xa7 || op == 0xae || op == 0xaf;
        int plain_rep = (x->row->attr & A_REP) && !compares;
        disasm_put(t, "%s ", i->rep == REP_F2 ? "repne" : plain_rep ? "rep" : "repe");
    }
}

/* Writes the instruction; -1 when its encoding turns out invalid (an x87 form no row names). */
static int format(struct text *t, const struct context *x)
{
    const struct opcode_row *row = x->row;
    if (row->map == 1 && row->opcode == 0x90 && x->i->rep == REP_F3) {
        disasm_put(t, "pause");  /* F3 90: the spin-loop hint of later CPUs, a NOP to this one */
        return 0;
    }
    put_prefixes(t, x);
    if (row->operand[0] == OK_Fp)
        return disasm_format_x87(t, x);
    char mn[24];
    row_mnemonic(mn, sizeof mn, x);
    struct operand ops[3];
    unsigned n = 0, immediates = 0;
    if (is_string_instruction(row)) {
        size_t len = strlen(mn);
        if (x->syntax == DISASM_ATT && len && mn[len - 1] == 'd')
            mn[len - 1] = 'l';   /* AT&T's dword letter: movsl, stosl */
        put_string_prefixes(t, x);
        disasm_put(t, "%s", mn);
        return 0;
    }
    for (unsigned k = 0; k < 3 && row->operand[k] != OK_NO; k++) {
        ops[n] = make_operand(x, row->operand[k], immediates > 0);
        immediates += ops[n].type == OPD_IMM;
        n++;
    }
    if (x->syntax == DISASM_INTEL) {
        disasm_put(t, "%s", mn);
        for (unsigned k = 0; k < n; k++) {
            disasm_put(t, k ? "," : " ");
            put_operand_intel(t, x, &ops[k]);
        }
        return 0;
    }
    char att[32];
    att_mnemonic(att, sizeof att, x, mn, ops, n);
    disasm_put(t, "%s", att);
    if (n && ops[n - 1].type == OPD_ONE)
        n--;                     /* GNU as writes shifts by one without the count */
    int indirect = (row->attr & A_BR) && n == 1 && (ops[0].type == OPD_REG || ops[0].type == OPD_MEM);
    /* GNU as keeps Intel's operand order for BOUND and ENTER */
    int intel_order = row->map == 1 && (row->opcode == 0x62 || row->opcode == 0xc8);
    for (unsigned j = 0; j < n; j++) {
        unsigned k = intel_order ? j : n - 1 - j;
        disasm_put(t, j ? "," : " ");
        put_operand_att(t, x, &ops[k], indirect);
    }
    return 0;
}

unsigned disasm_one(const uint8_t *bytes, unsigned avail, int bits, uint32_t eip, enum disasm_syntax syntax,
                    char *out, size_t outlen)
{
    struct text t = { out, 0, outlen };
    if (outlen)
        out[0] = 0;
    struct insn i;
    int len = decode_insn(&i, bytes, avail, bits == 32);
    if (len == DECODE_NEED_MORE) {
        if (avail < INSN_MAX_LEN)
            return 0;
        len = DECODE_TOO_LONG;
    }
    int valid = len != DECODE_TOO_LONG && i.row != 0;
    struct context x = { &i, &opcode_rows[valid ? i.row : 0], eip, bits, syntax };
    if (!valid || format(&t, &x) < 0) {
        /* invalid: one byte, so that a listing goes on with the next */
        t.len = 0;
        disasm_put(&t, "(bad)");
        return 1;
    }
    return (unsigned)len;
}
