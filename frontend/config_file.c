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

int config_file_load(const char *path, struct pc_config *cfg, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "-f: %s: %s", path, strerror(errno));
        return -1;
    }
    char line[1024];
    unsigned lineno = 0;
    int status = 0;
    while (status == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        char *text = trim(line);
        if (!*text)
            continue;
        char *eq = strchr(text, '=');
        char *key = text, *value = NULL;
        if (eq) {
            *eq = 0;
            value = trim(eq + 1);
        }
        key = trim(key);
        /* Values are kept for the whole run: the configuration points into them. */
        char *kept = value ? strdup(value) : NULL;
        char msg[256];
        if (value && !kept) {
            snprintf(msg, sizeof msg, "out of memory");
            status = -1;
        } else if (options_apply_setting(cfg, key, kept ? kept : "", msg, sizeof msg) < 0) {
            status = -1;
        }
        if (status < 0)
            snprintf(err, errlen, "%s:%u: %s", path, lineno, msg);
    }
    fclose(f);
    return status;
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
