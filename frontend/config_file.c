/* The configuration file (see config_file.h). */
#include "frontend/config_file.h"
#include "frontend/options.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        *--end = 0;
    return s;
}

/* Reads the whole file into one buffer that the configuration keeps (string options point into it). */
static char *read_text(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "-f: %s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *text = malloc(cap);
    while (text) {
        n += fread(text + n, 1, cap - n - 1, f);
        if (n < cap - 1)
            break;
        char *bigger = realloc(text, cap * 2);
        if (!bigger) {
            free(text);
            text = NULL;
            break;
        }
        text = bigger;
        cap *= 2;
    }
    fclose(f);
    if (!text) {
        snprintf(err, errlen, "-f: %s: out of memory", path);
        return NULL;
    }
    text[n] = 0;
    return text;
}

int config_file_load(const char *path, struct pc_config *cfg, char *err, size_t errlen)
{
    if (cfg->config_text) {
        snprintf(err, errlen, "-f: only one configuration file may be given");
        return -1;
    }
    char *text = read_text(path, err, errlen);
    if (!text)
        return -1;
    cfg->config_text = text;
    unsigned lineno = 0;
    for (char *line = text; line && *line;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        char *key = trim(line), *value = "";
        char *eq = strchr(key, '=');
        if (eq) {
            *eq = 0;
            value = trim(eq + 1);
            key = trim(key);
        }
        char msg[256];
        if (*key && options_apply_setting(cfg, key, value, msg, sizeof msg) < 0) {
            snprintf(err, errlen, "%s:%u: %s", path, lineno, msg);
            return -1;
        }
        line = next;
    }
    return 0;
}

void config_file_release(struct pc_config *cfg)
{
    free(cfg->config_text);
    cfg->config_text = NULL;
}

static int days_from_civil(int y, int m, int d, int64_t *days)
{
    /* Days since 1970-01-01 in the proleptic Gregorian calendar. */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *days = era * 146097 + doe - 719468;
    return 0;
}

int parse_rtc_time(const char *s, int64_t *seconds)
{
    int y, mo, d, h, mi, sec;
    char extra;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &sec, &extra) == 6) {
        if (y < 1900 || y > 2099 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 ||
            h < 0 || mi < 0 || sec < 0)
            return -1;
        int64_t days;
        days_from_civil(y, mo, d, &days);
        *seconds = days * 86400 + h * 3600 + mi * 60 + sec;
        return 0;
    }
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *seconds = v;
    return 0;
}
