/* Running x86pc and gdb from a test: shell command lines with their output collected, in the foreground or in
 * the background. The x86pc command honours TEST_WRAPPER (qemu-user in a cross build), as tests/run-tests does. */
#ifndef X86PC_TESTS_DEBUGGER_SPAWN_H
#define X86PC_TESTS_DEBUGGER_SPAWN_H

#include <stddef.h>
#include <sys/types.h>

struct run_result {
    int status;                  /* the exit status, or -1 when the command did not exit normally */
    char *out, *err;             /* what it wrote (NUL-terminated, malloc'ed) */
};

/* The scratch directory (created on first use) and a path in it. */
const char *spawn_dir(void);
void spawn_path(char *out, size_t len, const char *name);
/* "$TEST_WRAPPER $builddir/x86pc" */
const char *spawn_x86pc(void);
/* $builddir/NAME and $srcdir/NAME */
void spawn_build_file(char *out, size_t len, const char *name);
/* Runs `sh -c CMD` with `input` on its standard input (NULL: /dev/null), at most `timeout_s` seconds. */
int spawn_run(const char *cmd, const char *input, int timeout_s, struct run_result *r);
void spawn_free(struct run_result *r);
/* Starts `sh -c CMD` in the background with its output in out_path; returns its pid, or -1. */
pid_t spawn_background(const char *cmd, const char *out_path);
/* Waits for a background command: its exit status, or -1 (killed after timeout_s seconds). */
int spawn_wait(pid_t pid, int timeout_s);
/* Removes the scratch directory. */
void spawn_cleanup(void);

#endif
