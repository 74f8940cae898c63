/* The option parser and the configuration file, called directly. */
#include "frontend/config_file.h"
#include "frontend/options.h"
#include "tests/unit/unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum options_result parse(struct pc_config *cfg, char *err, int argc, char **argv)
{
    config_file_release(cfg);
    pc_config_defaults(cfg);
    FILE *null = fopen("/dev/null", "w");
    enum options_result r = options_parse(argc, argv, cfg, null, err, 256);
    fclose(null);
    return r;
}

int main(void)
{
    struct pc_config cfg = { .config_text = NULL };
    char err[256];
    char *a1[] = { "x86pc", "-m", "128", "--no-reboot", "-boot", "cad", "-serial", "stdio", "--serial", "none",
                   "-debug-exit", "0x501", "--ips", "5000000", NULL };
    CHECK_EQ(parse(&cfg, err, 14, a1), OPTIONS_RUN);
    CHECK_EQ(cfg.ram_mb, 128);
    CHECK_EQ(cfg.no_reboot, 1);
    CHECK(strcmp(cfg.boot_order, "cad") == 0);
    CHECK(cfg.serial[0] && strcmp(cfg.serial[0], "stdio") == 0);
    CHECK(cfg.serial[1] && strcmp(cfg.serial[1], "none") == 0);
    CHECK_EQ(cfg.debug_exit_port, 0x501);
    CHECK_EQ(cfg.ips, 5000000);

    char *a2[] = { "x86pc", "-m", "0", NULL };
    CHECK_EQ(parse(&cfg, err, 3, a2), OPTIONS_ERROR);
    CHECK(strstr(err, "-m 0") != NULL);
    char *a3[] = { "x86pc", "--help", NULL };
    CHECK_EQ(parse(&cfg, err, 2, a3), OPTIONS_EXIT_OK);
    char *a4[] = { "x86pc", "-serial", "file:", NULL };
    CHECK_EQ(parse(&cfg, err, 3, a4), OPTIONS_ERROR);

    /* The config file, then the command line overrides it. */
    char path[] = "/tmp/x86pc-test-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("# a comment\nm = 256\nno-reboot\nboot = c   # trailing comment\nrtc-base = 2000-01-01T00:00:00\n", f);
    fclose(f);
    char *a5[] = { "x86pc", "-f", path, "-m", "32", NULL };
    CHECK_EQ(parse(&cfg, err, 5, a5), OPTIONS_RUN);
    CHECK_EQ(cfg.ram_mb, 32);
    CHECK_EQ(cfg.no_reboot, 1);
    CHECK(strcmp(cfg.boot_order, "c") == 0);
    CHECK_EQ(cfg.rtc_base, 946684800);
    remove(path);

    config_file_release(&cfg);
    int64_t t;
    CHECK_EQ(parse_rtc_time("1970-01-02T00:00:01", &t), 0);
    CHECK_EQ(t, 86401);
    CHECK_EQ(parse_rtc_time("2024-02-30T25:00:00", &t), -1);
    CHECK_EQ(parse_rtc_time("12x", &t), -1);
    return unit_done();
}
