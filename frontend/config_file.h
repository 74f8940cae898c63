/* The configuration file (-f FILE): one "key = value" per line, '#' starts a comment, keys are the long option
 * names (m, hda, serial, boot, ...). A flag takes no value, or on/yes/1. */
#ifndef X86PC_FRONTEND_CONFIG_FILE_H
#define X86PC_FRONTEND_CONFIG_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "devices/pc.h"

/* Applies every line; on error, err reads "FILE:LINE: message". The file's text stays in cfg->config_text, which
 * string options point into, until config_file_release. */
int config_file_load(const char *path, struct pc_config *cfg, char *err, size_t errlen);
void config_file_release(struct pc_config *cfg);

/* "now" is handled by the caller; this reads seconds since 1970 or YYYY-MM-DDTHH:MM:SS (UTC). */
int parse_rtc_time(const char *s, int64_t *seconds);

#endif
