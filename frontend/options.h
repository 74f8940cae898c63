/* The command line and the configuration file. One table of options drives parsing, the config file's keys (the
 * long option names without dashes) and --help, so the three cannot drift apart. */
#ifndef X86PC_FRONTEND_OPTIONS_H
#define X86PC_FRONTEND_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

#include "devices/pc.h"

enum options_result { OPTIONS_RUN = 0, OPTIONS_EXIT_OK = 1, OPTIONS_ERROR = -1 };

/* Fills cfg (which should hold pc_config_defaults) from argv, reading any -f FILE first so that the command line
 * overrides it. On OPTIONS_ERROR, err holds one line (without the "x86pc: " prefix). --help and --version print
 * to `out` and return OPTIONS_EXIT_OK. */
enum options_result options_parse(int argc, char **argv, struct pc_config *cfg, FILE *out, char *err,
                                  size_t errlen);

/* Applies one "key = value" setting as the config file does (exposed for tests). */
int options_apply_setting(struct pc_config *cfg, const char *key, const char *value, char *err, size_t errlen);

void options_print_help(FILE *out);

#endif
