/* The disassembler against GNU objdump: random instances of every row of cpu/opcodes.def (prefixes, ModRM,
 * SIB, displacements and immediates chosen at random, in 16- and 32-bit code), each at the start of a 16-byte
 * slot padded with NOPs, disassembled by x86pc and by `objdump -b binary`, in Intel and AT&T syntax; the length
 * and the text of every instance must agree after normalize() removes the cosmetic differences.
 *
 *   diff_disasm [INSTANCES_PER_ROW [SEED]]
 * Prints the mismatches (at most 30), the coverage and `N passed, N failed`; without objdump it skips. */
#include "cpu/decode.h"
#include "cpu/insn.h"
#include "disasm/disasm.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { SLOT = 16, CHUNK_SLOTS = 0x10000 / SLOT };

static void unsigned_direct16(char *s);

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

static int memory_only(unsigned k) { return k == OK_M || k == OK_Mp || k == OK_Ma || k == OK_Mq || k == OK_Ms; }
static int register_only(unsigned k) { return k == OK_Rd || k == OK_Cd || k == OK_Dd; }

/* Builds one random instance of `row` into slot (16 bytes); returns its length, or 0 when this try did not decode
 * to the row. */
static unsigned make_instance(unsigned row, int bits, uint8_t *slot)
{
    const struct opcode_row *o = &opcode_rows[row];
    uint8_t b[32];
    unsigned n = 0;
    int mem_ok = 1, reg_ok = 1;
    for (int k = 0; k < 3; k++) {
        if (memory_only(o->operand[k]))
            reg_ok = 0;
        if (register_only(o->operand[k]))
            mem_ok = 0;
    }
    if (rnd() % 4 == 0)
        b[n++] = 0x66;
    if (rnd() % 4 == 0)
        b[n++] = 0x67;
    if (rnd() % 6 == 0) {
        static const uint8_t seg[] = { 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65 };
        b[n++] = seg[rnd() % 6];
    }
    if ((o->attr & A_REP) && rnd() % 2)
        b[n++] = rnd() % 2 ? 0xf3 : 0xf2;
    if ((o->attr & A_LOCK) && rnd() % 3 == 0)
        b[n++] = 0xf0;
    if (o->map == 2)
        b[n++] = 0x0f;
    b[n++] = o->opcode;
    if (decode_has_modrm(o->map, o->opcode)) {
        unsigned mod = rnd() % 4;
        if (!reg_ok && mod == 3)
            mod = rnd() % 3;
        if (!mem_ok)
            mod = 3;
        unsigned reg = o->ext >= 0 ? (unsigned)o->ext : rnd() % 8;
        b[n++] = (uint8_t)(mod << 6 | reg << 3 | (rnd() % 8));
    }
    while (n < sizeof b)
        b[n++] = (uint8_t)rnd();
    struct insn i;
    int len = decode_insn(&i, b, sizeof b, bits == 32);
    if (len <= 0 || len > SLOT || i.row != row)
        return 0;
    memcpy(slot, b, (size_t)len);
    memset(slot + len, 0x90, SLOT - (size_t)len);
    return (unsigned)len;
}

/* "[eiz*2-0x13b38864]" -> "ds:0xec4c779c" (a prefix "cs:" before the bracket stays); AT&T
 * "-0x13b38864(,%eiz,2)" -> "0xec4c779c". */
static void sib_without_index(char *s)
{
    char *p = strstr(s, "[eiz*");
    if (p && p[6] && (p[6] == '+' || p[6] == '-') && strchr(p, ']')) {
        char sign = p[6];
        unsigned long v = strtoul(p + 7, NULL, 16);
        uint32_t value = sign == '-' ? 0u - (uint32_t)v : (uint32_t)v;
        char tail[160];
        snprintf(tail, sizeof tail, "%s", strchr(p, ']') + 1);
        int has_seg = p >= s + 3 && p[-1] == ':';
        snprintf(p, 160 - (size_t)(p - s), "%s0x%x%s", has_seg ? "" : "ds:", (unsigned)value, tail);
        return;
    }
    p = strstr(s, "(,%eiz,");
    if (p) {
        char *start = p;
        while (start > s && (isxdigit((unsigned char)start[-1]) || start[-1] == 'x' || start[-1] == '-'))
            start--;
        int negative = *start == '-';
        unsigned long v = strtoul(start + negative, NULL, 16);
        uint32_t value = negative ? 0u - (uint32_t)v : (uint32_t)v;
        char tail[160];
        snprintf(tail, sizeof tail, "%s", strchr(p, ')') + 1);
        snprintf(start, 160 - (size_t)(start - s), "0x%x%s", (unsigned)value, tail);
    }
}

static void remove_all(char *s, const char *what)
{
    size_t n = strlen(what);
    char *p;
    while ((p = strstr(s, what)) != NULL)
        memmove(p, p + n, strlen(p + n) + 1);
}

/* Replaces the mnemonic `from` (the first word) by `to`. */
static void replace_word(char *s, const char *from, const char *to)
{
    size_t n = strlen(from);
    if (strncmp(s, from, n) == 0 && strlen(to) == n && (s[n] == ' ' || s[n] == 0 || strchr("bwl", s[n])))
        memcpy(s, to, n);
}

/* objdump's names that differ from ours (applied to objdump's normalized text): in 32-bit code it calls the 32-bit
 * forms pusha/popa/pushf/popf/iret and the 16-bit ones pushaw...; AT&T pushal; FWAIT; a size letter on the
 * descriptor-table instructions; "ds:0x..." written as an index-less
 * SIB ("[eiz*2-0x...]"); "(bad)" for D6 (SALC, undocumented) and for 66/F2/F3 in front of 0F opcodes (SSE
 * encodings to objdump, ignored prefixes to a P6); XLAT's implicit operand; LOOP's size letter and branch
 * hints; MOV Sreg,r32 for MOV Sreg,r16; AT&T 16-bit direct addresses written signed; BND* for 0F 1A/1B (hint
 * NOPs on a P6: returns 1, objdump's length does not count); NOTRACK for a DS override before an indirect
 * branch; "(8087 only)" notes; "(bad)" for the undocumented x87 aliases. */
/* The x87 aliases a P6 executes that binutils does not name (disasm/x87.c). */
static int undocumented_x87(const char *ours)
{
    static const char *const aliases[] = { "fstp1 ", "fcom2 ", "fcomp3 ", "fxch4 ", "fcomp5 ", "fxch7 ", "fstp8 ",
                                           "fstp9 " };
    for (size_t k = 0; k < sizeof aliases / sizeof aliases[0]; k++)
        if (strncmp(ours, aliases[k], strlen(aliases[k])) == 0)
            return 1;
    return 0;
}

static int objdump_names(char *s, int bits, int att, char *ours, int prefixed_0f)
{
    static const char *const sized[] = { "pusha", "popa", "pushf", "popf", "iret" };
    for (size_t k = 0; k < sizeof sized / sizeof sized[0]; k++) {
        size_t n = strlen(sized[k]);
        if (strncmp(s, sized[k], n) != 0)
            continue;
        char next = s[n];
        char rest[160];
        const char *tail = next == 0 ? "" : next == ' ' ? s + n : s + n + 1;
        snprintf(rest, sizeof rest, "%s", tail);
        const char *size = next == 'w' ? "" : next == 'd' || next == 'l' ? "d" : bits == 32 ? "d" : "";
        snprintf(s + n, 160 - n, "%s%s", size, rest);
        return 0;
    }
    if (strcmp(s, "fwait") == 0)
        strcpy(s, "wait");
    static const char *const dt[] = { "sgdt", "sidt", "lgdt", "lidt" };
    for (size_t k = 0; k < 4; k++)
        if (strncmp(s, dt[k], 4) == 0 && (s[4] == 'w' || s[4] == 'd' || s[4] == 'l'))
            memmove(s + 4, s + 5, strlen(s + 5) + 1);
    if (strncmp(s, "(bad)", 5) == 0 && (strcmp(ours, "salc") == 0 || strncmp(ours, "(bad)", 5) == 0 ||
                                        prefixed_0f || undocumented_x87(ours)))
        strcpy(s, ours);
    if (att)
        unsigned_direct16(s);
    if (strstr(s, "frstpm(287 only)") && strcmp(ours, "(bad)") == 0)
        strcpy(s, ours);             /* DB E5: the 287XL's FRSTPM, #UD on a P6 */
    remove_all(s, "(8087 only)");
    remove_all(s, "(287 only)");
    /* 0F 18-1F are hint NOPs on a P6; objdump names later uses of them (PREFETCH*, BND* (MPX, then decoding other
     * lengths), CLDEMOTE, ...): ours stands, with its length */
    if (strncmp(ours, "nop", 3) == 0 && strncmp(s, "nop", 3) != 0 && strncmp(s, "xchg", 4) != 0 &&
        strncmp(s, "(bad)", 5) != 0) {
        strcpy(s, ours);
        return 1;
    }
    if (strncmp(s, "notrack ", 8) == 0) {
        /* 3E before an indirect branch: objdump reads it as CET's NOTRACK, we as the DS override it is here */
        memmove(s, s + 8, strlen(s + 8) + 1);
        /* objdump then drops the override: always in AT&T, before a register address in Intel */
        char *ds = att ? strstr(ours, "%ds:") : strstr(ours, "ds:[");
        if (ds)
            memmove(ds, ds + (att ? 4 : 3), strlen(ds + (att ? 4 : 3)) + 1);
    }
    if (strncmp(s, "xlat", 4) == 0)
        strcpy(s, "xlat");
    if (strncmp(s, "loop", 4) == 0 || strncmp(s, "jcxz", 4) == 0 || strncmp(s, "jecxz", 5) == 0) {
        remove_all(s, ",pt");
        remove_all(s, ",pn");
        char *sp = strchr(s, ' ');
        if (sp && (sp[-1] == 'w' || sp[-1] == 'l') && strncmp(s, "loopw", 5) != 0)
            memmove(sp - 1, sp, strlen(sp) + 1);
        else if (sp && strncmp(s, "loopw ", 6) == 0)
            memmove(s + 4, s + 5, strlen(s + 5) + 1);
        else if (sp && strncmp(s, "loopl ", 6) == 0)
            memmove(s + 4, s + 5, strlen(s + 5) + 1);
    }
    /* LOOP/JCXZ with a 16-bit operand size: objdump does not wrap the target at 64 KiB as IP does */
    if (strncmp(s, "loop", 4) == 0 || strncmp(s, "jcxz", 4) == 0 || strncmp(s, "jecxz", 5) == 0) {
        char *theirs = strrchr(s, ' '), *mine = strrchr(ours, ' ');
        if (theirs && mine && (strtoul(theirs + 1, NULL, 16) & 0xffff) == strtoul(mine + 1, NULL, 16))
            snprintf(theirs, 160 - (size_t)(theirs - s), "%s", mine);
    }
    if (strncmp(s, "invlpg byte ptr ", 16) == 0)
        memmove(s + 7, s + 16, strlen(s + 16) + 1);
    /* MOV Sreg, r32 (objdump) is MOV Sreg, r16 */
    static const char *const r32[] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
    for (size_t k = 0; k < 8; k++) {
        char pattern[16];
        static const char *const sregs[] = { "es", "cs", "ss", "ds", "fs", "gs", "?" };
        for (size_t j = 0; j < 7; j++) {
            snprintf(pattern, sizeof pattern, "mov %s,%s", sregs[j], r32[k]);
            if (strcmp(s, pattern) == 0)
                snprintf(s, 160, "mov %s,%s", sregs[j], r32[k] + 1);
            snprintf(pattern, sizeof pattern, "mov %%%s,%%%s", r32[k], sregs[j]);
            if (strcmp(s, pattern) == 0)
                snprintf(s, 160, "mov %%%s,%%%s", r32[k] + 1, sregs[j]);
        }
    }
    return 0;
}

/* AT&T 16-bit direct addresses: objdump writes them signed (-0x6a76), we as the unsigned offset (0x958a). */
static void unsigned_direct16(char *s)
{
    for (char *p = s; (p = strstr(p, "-0x")) != NULL; p++) {
        char *end;
        unsigned long v = strtoul(p + 3, &end, 16);
        if (*end == '(' || v > 0x8000 || (p > s && (p[-1] == '$' || isxdigit((unsigned char)p[-1]))))
            continue;
        char tail[160];
        snprintf(tail, sizeof tail, "%s", end);
        snprintf(p, 160 - (size_t)(p - s), "0x%lx%s", 0x10000 - v, tail);
    }
}

/* The cosmetic differences between objdump's text and ours, removed from both:
 * - case, runs of blanks, blanks after commas, objdump's trailing comments (# ...) and symbol names (<...>);
 * - string instructions, which objdump writes with explicit operands ("rep stos DWORD PTR es:[edi],eax",
 *   "stos %eax,%es:(%edi)"): reduced to the short form with a size letter ("rep stosd");
 * - "repz"/"repnz" (objdump) for "repe"/"repne";
 * - objdump's explicit data16/addr32 notes, which it prints for prefixes that change nothing;
 * - a SIB byte without an index (objdump: "+eiz*4"), "sal" (C0-D3 /6) for "shl", "xchg ax,ax" for "nop" (66 90). */
static void normalize(const char *in, char *out, size_t outlen)
{
    char tmp[256];
    size_t n = 0;
    int blank = 0;
    for (const char *p = in; *p && n + 1 < sizeof tmp; p++) {
        if (*p == '#' || *p == '<')
            break;
        char c = (char)tolower((unsigned char)*p);
        if (c == '\t' || c == ' ') {
            blank = 1;
            continue;
        }
        if (blank && n > 0 && tmp[n - 1] != ',' && c != ',')
            tmp[n++] = ' ';
        blank = 0;
        tmp[n++] = c;
    }
    tmp[n] = 0;
    /* drop notes objdump adds for prefixes */
    static const char *const notes[] = { "data16 ", "data32 ", "addr16 ", "addr32 ", "ds ", "es ", "cs ", "ss ",
                                         "fs ", "gs " };
    int changed = 1;
    while (changed) {
        changed = 0;
        for (size_t k = 0; k < sizeof notes / sizeof notes[0]; k++) {
            size_t len = strlen(notes[k]);
            if (strncmp(tmp, notes[k], len) == 0) {
                memmove(tmp, tmp + len, strlen(tmp + len) + 1);
                changed = 1;
            }
        }
    }
    sib_without_index(tmp);
    remove_all(tmp, "+eiz*1");       /* a SIB byte without an index register */
    remove_all(tmp, "+eiz*2");
    remove_all(tmp, "+eiz*4");
    remove_all(tmp, "+eiz*8");
    remove_all(tmp, ",%eiz,1");
    remove_all(tmp, ",%eiz,2");
    remove_all(tmp, ",%eiz,4");
    remove_all(tmp, ",%eiz,8");
    replace_word(tmp, "sal", "shl");  /* C0-D3 /6, an undocumented alias of SHL: objdump says shl, the table sal */
    if (strcmp(tmp, "xchg ax,ax") == 0 || strcmp(tmp, "xchg %ax,%ax") == 0 || strcmp(tmp, "xchg eax,eax") == 0 ||
        strcmp(tmp, "xchg %eax,%eax") == 0)
        strcpy(tmp, "nop");          /* 66 90 */
    remove_all(tmp, ",pt");          /* objdump's branch hints (2E/3E before a Jcc) */
    remove_all(tmp, ",pn");
    char *p = tmp;
    const char *rep = "";
    if (strncmp(p, "repz ", 5) == 0 || strncmp(p, "repe ", 5) == 0) { rep = "repe "; p += 5; }
    else if (strncmp(p, "repnz ", 6) == 0 || strncmp(p, "repne ", 6) == 0) { rep = "repne "; p += 6; }
    else if (strncmp(p, "rep ", 4) == 0) { rep = "rep "; p += 4; }
    static const char *const strings[] = { "movs", "cmps", "stos", "lods", "scas", "ins", "outs" };
    for (size_t k = 0; k < sizeof strings / sizeof strings[0]; k++) {
        size_t len = strlen(strings[k]);
        if (strncmp(p, strings[k], len) != 0 || (p[len] != ' ' && p[len] != 0 && !strchr("bwdl", p[len])))
            continue;
        char size = p[len] == ' ' || p[len] == 0 ? 0 : p[len];
        if (!size)
            size = strstr(p, "%al") || strstr(p, "byte") ? 'b' : strstr(p, "%eax") || strstr(p, "dword") ? 'd'
                 : strstr(p, "%ax") || strstr(p, "word") ? 'w' : 'b';
        if (size == 'l')
            size = 'd';
        snprintf(out, outlen, "%s%s%c", rep, strings[k], size);
        return;
    }
    snprintf(out, outlen, "%s%s", rep, p);
}

struct instance {
    unsigned row;
    unsigned len;
};

/* Runs objdump over file and fills text[slot] with the instruction at each slot start (empty: none) and
 * objlen[slot] with its length. Returns -1 when objdump cannot be run. */
static int run_objdump(const char *file, int bits, int att, unsigned slots, char (*text)[160], unsigned *objlen)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "objdump -D -b binary -m %s -M %s --insn-width=16 '%s' 2>/dev/null",
             bits == 32 ? "i386" : "i8086", att ? "att" : "intel", file);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    char line[512];
    int lines = 0;
    while (fgets(line, sizeof line, p)) {
        unsigned long addr;
        char *colon = strchr(line, ':');
        if (!colon || sscanf(line, " %lx:", &addr) != 1)
            continue;
        char *tab1 = strchr(colon, '\t');
        char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        if (!tab1 || !tab2)
            continue;
        lines++;
        if (addr % SLOT || addr / SLOT >= slots)
            continue;
        unsigned nbytes = 0;
        for (char *q = tab1 + 1; q < tab2; q++)
            if (isxdigit((unsigned char)q[0]) && isxdigit((unsigned char)q[1])) {
                nbytes++;
                q++;
            }
        objlen[addr / SLOT] = nbytes;
        char *nl = strchr(tab2 + 1, '\n');
        if (nl)
            *nl = 0;
        snprintf(text[addr / SLOT], 160, "%s", tab2 + 1);
    }
    int status = pclose(p);
    return lines > 0 && status == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    unsigned per_row = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 40;
    if (argc > 2)
        rng_state = strtoull(argv[2], NULL, 0) | 1;
    if (system("objdump --version > /dev/null 2>&1") != 0) {
        printf("diff_disasm: skipped (objdump is not installed)\n0 passed, 0 failed\n");
        return 0;
    }
    char path[] = "/tmp/x86pc-disasm-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("mkstemp");
        return 1;
    }
    close(fd);
    unsigned passed = 0, failed = 0, shown = 0, rows_covered = 0;
    unsigned max_slots = opcode_row_count * per_row;
    struct instance *inst = calloc(max_slots, sizeof *inst);
    uint8_t *image = calloc(max_slots, SLOT);
    char (*text)[160] = calloc(max_slots, sizeof *text);
    unsigned *objlen = calloc(max_slots, sizeof *objlen);
    if (!inst || !image || !text || !objlen)
        return 1;
    for (int bits = 16; bits <= 32; bits += 16) {
        unsigned slots = 0;
        for (unsigned row = 1; row < opcode_row_count; row++) {
            unsigned made = 0;
            for (unsigned tries = 0; made < per_row && tries < per_row * 20; tries++) {
                unsigned len = make_instance(row, bits, image + (size_t)slots * SLOT);
                if (!len)
                    continue;
                inst[slots].row = row;
                inst[slots].len = len;
                slots++;
                made++;
            }
            if (made && bits == 32)
                rows_covered++;
        }
        /* objdump sees chunks of 64 KiB, so that 16-bit branch targets wrap as the CPU's do */
        for (unsigned first = 0; first < slots; first += CHUNK_SLOTS) {
            unsigned count = slots - first < CHUNK_SLOTS ? slots - first : CHUNK_SLOTS;
            FILE *f = fopen(path, "wb");
            if (!f || fwrite(image + (size_t)first * SLOT, SLOT, count, f) != count || fclose(f) != 0) {
                perror(path);
                return 1;
            }
            for (int att = 0; att <= 1; att++) {
                memset(text, 0, (size_t)count * sizeof *text);
                memset(objlen, 0, (size_t)count * sizeof *objlen);
                if (run_objdump(path, bits, att, count, text, objlen) < 0) {
                    printf("diff_disasm: objdump failed\n");
                    failed++;
                    continue;
                }
                for (unsigned s = 0; s < count; s++) {
                    const uint8_t *bytes = image + (size_t)(first + s) * SLOT;
                    char ours[160], a[320], b[320];
                    unsigned len = disasm_one(bytes, SLOT, bits, s * SLOT, att ? DISASM_ATT : DISASM_INTEL, ours,
                                              sizeof ours);
                    normalize(ours, a, sizeof a);
                    normalize(text[s], b, sizeof b);
                    const uint8_t *op = bytes;
                    while (*op == 0x66 || *op == 0x67 || *op == 0xf2 || *op == 0xf3 || *op == 0xf0 || *op == 0x26 ||
                           *op == 0x2e || *op == 0x36 || *op == 0x3e || *op == 0x64 || *op == 0x65)
                        op++;
                    int prefixed_0f = *op == 0x0f && op != bytes;
                    if (objdump_names(b, bits, att, a, prefixed_0f))
                        objlen[s] = len;
                    if (len == objlen[s] && strcmp(a, b) == 0) {
                        passed++;
                        continue;
                    }
                    failed++;
                    if (shown++ < (getenv("DIFF_DISASM_SHOW") ? 1000000u : 30u)) {
                        const struct instance *in = &inst[first + s];
                        printf("MISMATCH %d-bit %s row %u (%s):", bits, att ? "att" : "intel", in->row,
                               opcode_rows[in->row].mnemonic);
                        for (unsigned k = 0; k < in->len; k++)
                            printf(" %02x", bytes[k]);
                        printf("\n  x86pc:   [%u] %s\n  objdump: [%u] %s\n", len, ours, objlen[s], text[s]);
                    }
                }
            }
        }
    }
    remove(path);
    printf("coverage: %u of %u rows, %u instances per row and mode, 16- and 32-bit, Intel and AT&T\n",
           rows_covered, opcode_row_count - 1, per_row);
    printf("%u passed, %u failed\n", passed, failed);
    free(inst);
    free(image);
    free(text);
    free(objlen);
    return failed != 0;
}
