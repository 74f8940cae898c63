/* objdump's text against ours (see objdump_text.h). Every rule below names a difference that is cosmetic (the
 * same instruction written another way) or a documented disagreement about what the encoding is, never a
 * difference in operands, sizes or lengths. */
#include "tests/disasm/objdump_text.h"
#include "cpu/fpu/x87_table.h"
#include "cpu/insn.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void unsigned_direct16(char *s);

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

/* The x87 aliases a P6 executes that binutils does not name (cpu/fpu/x87.def). */
static int undocumented_x87(const char *ours)
{
    static const char *const aliases[] = { "fstp1 ", "fcom2 ", "fcomp3 ", "fxch4 ", "fcomp5 ", "fxch7 ", "fstp8 ",
                                           "fstp9 " };
    for (size_t k = 0; k < sizeof aliases / sizeof aliases[0]; k++)
        if (strncmp(ours, aliases[k], strlen(aliases[k])) == 0)
            return 1;
    return 0;
}

/* objdump's names that differ from ours (applied to the text after the prefix words, objdump's in s, ours in
 * `ours`): in 32-bit code it calls the 32-bit forms pusha/popa/pushf/popf/iret and the 16-bit ones pushaw...;
 * AT&T pushal; a size letter on the descriptor-table instructions; "(bad)" for D6 (SALC, undocumented), for
 * 66/F2/F3 in front of 0F opcodes (SSE encodings to objdump, ignored prefixes to a P6) and for the undocumented
 * x87 aliases; the 287XL's FRSTPM and "(8087 only)" notes; XLAT's implicit operand; LOOP's size letter and branch
 * hints; relative branch targets beyond 64 KiB with a 16-bit operand size; MOV Sreg,r32 for MOV Sreg,r16; AT&T
 * 16-bit direct addresses written signed; NOTRACK for a DS override before an indirect branch; INVLPG's size.
 * Returns 1 when ours stands whole, prefixes and length too: the hint NOPs 0F 18-1F, which objdump decodes as
 * later instructions (PREFETCH*, MPX's BND*, CLDEMOTE, ...). */
static int objdump_names(char *s, int bits, int osize16, int att, char *ours, int prefixed_0f)
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
    static const char *const dt[] = { "sgdt", "sidt", "lgdt", "lidt" };
    for (size_t k = 0; k < 4; k++)
        if (strncmp(s, dt[k], 4) == 0 && (s[4] == 'w' || s[4] == 'd' || s[4] == 'l'))
            memmove(s + 4, s + 5, strlen(s + 5) + 1);
    if (strncmp(s, "(bad)", 5) == 0 && prefixed_0f)
        return 1;
    if (strncmp(s, "(bad)", 5) == 0 && (strcmp(ours, "salc") == 0 || undocumented_x87(ours)))
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
        strncmp(s, "(bad)", 5) != 0)
        return 1;
    if (strncmp(s, "notrack ", 8) == 0) {
        /* 3E before an indirect branch: objdump reads it as CET's NOTRACK, we as the DS override it is here */
        memmove(s, s + 8, strlen(s + 8) + 1);
        /* objdump then drops the segment override (even another one after the 3E): always in AT&T, before a
         * register address in Intel */
        static const char *const segs[] = { "es:", "cs:", "ss:", "ds:", "fs:", "gs:" };
        for (size_t k = 0; k < 6; k++) {
            char *seg = strstr(ours, segs[k]);
            if (seg && (att ? seg > ours && seg[-1] == '%' : seg[3] == '['))
                memmove(seg - att, seg + 3, strlen(seg + 3) + 1);
        }
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
    /* relative branches with a 16-bit operand size: objdump does not wrap the target at 64 KiB as IP does */
    if (osize16 && (s[0] == 'j' || strncmp(s, "call", 4) == 0 || strncmp(s, "loop", 4) == 0)) {
        char *theirs = strrchr(s, ' '), *mine = strrchr(ours, ' ');
        if (theirs && mine && (strtoul(theirs + 1, NULL, 16) & 0xffff) == strtoul(mine + 1, NULL, 16))
            snprintf(theirs, 160 - (size_t)(theirs - s), "%s", mine);
    }
    if (strncmp(s, "invlpg byte ptr ", 16) == 0)
        memmove(s + 7, s + 16, strlen(s + 16) + 1);
    /* MOV Sreg, r32 (objdump) is MOV Sreg, r16 */
    static const char *const r32[] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
    for (size_t k = 0; k < 8 && strncmp(s, "mov ", 4) == 0 && strlen(s) <= 12; k++) {
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
/* What changes a string instruction's operands, as ours notes it before the short form: the segment of DS:eSI
 * when it is not DS, and "addr32"/"addr16" for an address size other than the code's. objdump writes the operands
 * out ("movs BYTE PTR es:[edi],BYTE PTR cs:[esi]"): the notes are read from them. */
static void string_notes(const char *s, int bits, char *seg_note, char *addr_note)
{
    if (strchr(s, ' ')) {
        static const char *const sources[] = { ":[esi", ":[si", ":(%esi", ":(%si" };
        seg_note[0] = 0;
        for (size_t k = 0; k < 4; k++) {
            const char *at = strstr(s, sources[k]);
            if (at && at - s >= 2)
                snprintf(seg_note, 8, "%.2s", at - 2);
        }
        int addr32 = strstr(s, "esi") || strstr(s, "edi");
        strcpy(addr_note, addr32 == (bits == 32) ? "" : addr32 ? "addr32" : "addr16");
    }
    if (strcmp(seg_note, "ds") == 0)
        seg_note[0] = 0;
}

static void normalize(const char *in, int bits, char *out, size_t outlen)
{
    char tmp[190];               /* out (200) holds it with a REP prefix */
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
    /* the prefix words: objdump's notes for prefixes that change nothing are dropped, LOCK and the REP family
     * kept in our spelling (BND, MPX's name for F2 before a branch, and XACQUIRE/XRELEASE, TSX's names for F2/F3
     * before a locked or stored-to instruction, are REPNE/REPE to this CPU) */
    static const char *const notes[] = { "data16", "data32", "addr16", "addr32", "ds", "es", "cs", "ss", "fs", "gs" };
    const char *rep = "";
    int lock = 0;
    char seg_note[8] = "", addr_note[8] = "";    /* the last ones, for string instructions */
    for (;;) {
        size_t len = strcspn(tmp, " ");
        int note = 0;
        for (size_t k = 0; k < sizeof notes / sizeof notes[0]; k++)
            note |= strlen(notes[k]) == len && strncmp(tmp, notes[k], len) == 0;
        if (tmp[len] != ' ')
            break;
        if (note && len == 2)
            snprintf(seg_note, sizeof seg_note, "%.2s", tmp);
        if (note && strncmp(tmp, "addr", 4) == 0)
            snprintf(addr_note, sizeof addr_note, "%.6s", tmp);
        if (strncmp(tmp, "lock ", 5) == 0)
            lock = 1;
        else if (strncmp(tmp, "repz ", 5) == 0 || strncmp(tmp, "repe ", 5) == 0 || strncmp(tmp, "xrelease ", 9) == 0)
            rep = "repe ";
        else if (strncmp(tmp, "repnz ", 6) == 0 || strncmp(tmp, "repne ", 6) == 0 || strncmp(tmp, "bnd ", 4) == 0 ||
                 strncmp(tmp, "xacquire ", 9) == 0)
            rep = "repne ";
        else if (strncmp(tmp, "rep ", 4) == 0)
            rep = "rep ";
        else if (!note)
            break;
        memmove(tmp, tmp + len + 1, strlen(tmp + len + 1) + 1);
    }
    if (strcmp(tmp, "pause") == 0)
        rep = "";                /* F2 F3 90: the last of F2/F3 counts, and makes it PAUSE */
    sib_without_index(tmp);
    remove_all(tmp, "+eiz*1");       /* a SIB byte without an index register */
    remove_all(tmp, "+eiz*2");
    remove_all(tmp, "+eiz*4");
    remove_all(tmp, "+eiz*8");
    remove_all(tmp, ",%eiz,1");
    remove_all(tmp, ",%eiz,2");
    remove_all(tmp, ",%eiz,4");
    remove_all(tmp, ",%eiz,8");
    if (strncmp(tmp, "fwait", 5) == 0)
        memmove(tmp, tmp + 1, strlen(tmp));   /* 9B: Intel's two names, WAIT and FWAIT */
    replace_word(tmp, "sal", "shl");  /* C0-D3 /6, an undocumented alias of SHL: objdump says shl, the table sal */
    if (strcmp(tmp, "xchg ax,ax") == 0 || strcmp(tmp, "xchg %ax,%ax") == 0 || strcmp(tmp, "xchg eax,eax") == 0 ||
        strcmp(tmp, "xchg %eax,%eax") == 0)
        strcpy(tmp, "nop");          /* 66 90 */
    remove_all(tmp, ",pt");          /* objdump's branch hints (2E/3E before a Jcc) */
    remove_all(tmp, ",pn");
    char *p = tmp;
    const char *locked = lock ? "lock " : "";
    static const char *const strings[] = { "movs", "cmps", "stos", "lods", "scas", "ins", "outs" };
    for (size_t k = 0; k < sizeof strings / sizeof strings[0]; k++) {
        size_t len = strlen(strings[k]);
        if (strncmp(p, strings[k], len) != 0 || (p[len] != ' ' && p[len] != 0 && !strchr("bwdl", p[len])) ||
            strstr(p, "xmm"))
            continue;            /* (SSE2's MOVSD and CMPSD are no string instructions) */
        char size = p[len] == ' ' || p[len] == 0 ? 0 : p[len];
        if (!size)
            size = strstr(p, "%al") || strstr(p, "byte") ? 'b' : strstr(p, "%eax") || strstr(p, "dword") ? 'd'
                 : strstr(p, "%ax") || strstr(p, "word") ? 'w' : 'b';
        if (size == 'l')
            size = 'd';
        string_notes(p, bits, seg_note, addr_note);
        snprintf(out, outlen, "%s%s%s%s%s%s%s%c", locked, rep, seg_note, *seg_note ? " " : "", addr_note,
                 *addr_note ? " " : "", strings[k], size);
        return;
    }
    snprintf(out, outlen, "%s%s%s", locked, rep, p);
}


/* Whether `word` is the mnemonic of an instruction the CPU implements, by cpu/opcodes.def and cpu/fpu/x87.def
 * (with objdump's spellings of the same instructions: size letters, pushad, movzx as movzbl, ...). */
static int implemented_mnemonic(const char *word)
{
    char w[32];
    snprintf(w, sizeof w, "%s", word);
    for (unsigned r = 1; r < opcode_row_count; r++) {
        const char *mn = opcode_rows[r].mnemonic;
        for (const char *p = mn; p; p = strchr(p, '/') ? strchr(p, '/') + 1 : NULL) {
            size_t n = strcspn(p, "/");
            /* the name itself, or with an AT&T size letter */
            if (strncmp(w, p, n) == 0 && (w[n] == 0 || (w[n + 1] == 0 && strchr("bwl", w[n]))))
                return 1;
        }
    }
    for (unsigned r = 0; r < x87_form_count; r++) {
        size_t n = strlen(x87_forms[r].mnemonic);
        if (strncmp(w, x87_forms[r].mnemonic, n) == 0 && (w[n] == 0 || strcmp(w + n, "s") == 0 ||
                                                          strcmp(w + n, "l") == 0 || strcmp(w + n, "t") == 0 ||
                                                          strcmp(w + n, "ll") == 0))
            return 1;
    }
    static const char *const spellings[] = { "movzbw", "movzbl", "movzwl", "movsbw", "movsbl", "movswl", "cbtw",
                                             "cwtl", "cwtd", "cltd", "lret", "lcall", "ljmp", "fwait" };
    for (size_t k = 0; k < sizeof spellings / sizeof spellings[0]; k++)
        if (strncmp(w, spellings[k], strlen(spellings[k])) == 0)
            return 1;
    return 0;
}

/* The mnemonic and operands after LOCK and REP* (as normalize() leaves them). */
static char *after_prefix_words(char *s)
{
    static const char *const words[] = { "lock ", "rep ", "repe ", "repne " };
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (strncmp(s, words[k], strlen(words[k])) == 0) {
            s += strlen(words[k]);
            k = (size_t)-1;
        }
    return s;
}

/* For an encoding we call invalid: objdump agrees when it says "(bad)" too, or names an instruction the CPU does
 * not implement (SSE, MMX and later opcodes: #UD on this CPU). */
static int invalid_agrees(char *theirs)
{
    if (strstr(theirs, "(bad)"))
        return 1;                /* "(bad)", or an operand it cannot have: "cmpxchg8b (bad)" for a register */
    if (strncmp(theirs, "lock ", 5) == 0)
        return 1;                /* LOCK before an instruction that cannot take it (#UD); objdump prints it */
    const char *p = after_prefix_words(theirs);
    if (strncmp(p, "notrack ", 8) == 0)
        p += 8;
    if (strncmp(p, "mov ", 4) == 0 && (strstr(p, " tr") || strstr(p, ",tr") || strstr(p, "%tr")))
        return 1;                /* 0F 24/26, MOV to and from the test registers: 386 and 486 only */
    if (strncmp(p, "mov ", 4) == 0 && (strstr(p, "cr8") || strstr(p, "cr9") || strstr(p, "cr1")))
        return 1;                /* F0 0F 20/22: AMD's LOCK MOV CR0 (CR8) and ModRM.reg > 4: #UD here */
    for (const char *m = strstr(p, "mm"); m; m = strstr(m + 1, "mm"))
        if (isdigit((unsigned char)m[2]))
            return 1;            /* an MMX or SSE register: MOVSD xmm is SSE2's, not the string instruction */
    char word[32];
    size_t n = strcspn(p, " ");
    snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), p);
    return !implemented_mnemonic(word);
}

/* The opcode after the prefixes of bytes; sets *data16 when an operand-size prefix is among them. */
static const uint8_t *skip_prefixes(const uint8_t *bytes, int *data16)
{
    const uint8_t *op = bytes;
    *data16 = 0;
    while (op < bytes + 14 && (*op == 0x66 || *op == 0x67 || *op == 0xf2 || *op == 0xf3 || *op == 0xf0 ||
                               *op == 0x26 || *op == 0x2e || *op == 0x36 || *op == 0x3e || *op == 0x64 ||
                               *op == 0x65))
        *data16 |= *op++ == 0x66;
    return op;
}

int disasm_pair_agrees(struct disasm_pair *p)
{
    normalize(p->ours, p->bits, p->ours_normal, sizeof p->ours_normal);
    normalize(p->theirs, p->bits, p->theirs_normal, sizeof p->theirs_normal);
    if (strcmp(p->ours_normal, "(bad)") == 0)
        return p->our_len == 1 && invalid_agrees(p->theirs_normal);
    unsigned their_len = p->their_len;
    char *their_body = after_prefix_words(p->theirs_normal), *our_body = after_prefix_words(p->ours_normal);
    int data16;
    const uint8_t *opcode = skip_prefixes(p->bytes, &data16);
    int osize16 = (p->bits == 16) != data16, prefixed_0f = *opcode == 0x0f && opcode != p->bytes;
    if (objdump_names(their_body, p->bits, osize16, p->att, our_body, prefixed_0f)) {
        strcpy(p->theirs_normal, p->ours_normal);    /* ours stands, prefixes and length too */
        their_len = p->our_len;
    }
    return p->our_len == their_len && strcmp(p->ours_normal, p->theirs_normal) == 0;
}
