/* Running commands from the debugger tests (see spawn.h). */
#include "tests/debugger/spawn.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char dir[64];
static char x86pc[1024];

const char *spawn_dir(void)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/x86pc-debugger-XXXXXX");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            exit(1);
        }
    }
    return dir;
}

void spawn_path(char *out, size_t len, const char *name)
{
    snprintf(out, len, "%s/%s", spawn_dir(), name);
}

const char *spawn_x86pc(void)
{
    const char *wrapper = getenv("TEST_WRAPPER"), *builddir = getenv("builddir");
    snprintf(x86pc, sizeof x86pc, "%s %s/x86pc", wrapper ? wrapper : "", builddir ? builddir : ".");
    return x86pc;
}

void spawn_build_file(char *out, size_t len, const char *name)
{
    const char *builddir = getenv("builddir");
    snprintf(out, len, "%s/%s", builddir ? builddir : ".", name);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (f && buf) {
        len += fread(buf + len, 1, cap - len - 1, f);
        if (len < cap - 1)
            break;
        char *bigger = realloc(buf, cap * 2);
        if (!bigger)
            break;
        buf = bigger;
        cap *= 2;
    }
    if (f)
        fclose(f);
    if (buf)
        buf[len] = 0;
    return buf;
}

static int exit_status(int w)
{
    return w != -1 && WIFEXITED(w) ? WEXITSTATUS(w) : -1;
}

int spawn_run(const char *cmd, const char *input, int timeout_s, struct run_result *r)
{
    char in[256], out[256], err[256];
    spawn_path(in, sizeof in, "stdin");
    spawn_path(out, sizeof out, "stdout");
    spawn_path(err, sizeof err, "stderr");
    FILE *f = fopen(in, "w");
    if (f) {
        if (input)
            fputs(input, f);
        fclose(f);
    }
    size_t n = strlen(cmd) + 3 * 256 + 64;
    char *line = malloc(n);
    if (!line)
        return -1;
    snprintf(line, n, "timeout %d sh -c '%s' < %s > %s 2> %s", timeout_s, cmd, in, out, err);
    r->status = exit_status(system(line));
    free(line);
    r->out = slurp(out);
    r->err = slurp(err);
    return r->status;
}

void spawn_free(struct run_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

pid_t spawn_background(const char *cmd, const char *out_path)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        FILE *f = freopen(out_path, "w", stdout);
        if (!f || !freopen("/dev/null", "r", stdin) || dup2(fileno(stdout), 2) < 0)
            _exit(126);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    return pid;
}

int spawn_wait(pid_t pid, int timeout_s)
{
    for (int tenth = 0; tenth < timeout_s * 10; tenth++) {
        int w;
        pid_t r = waitpid(pid, &w, WNOHANG);
        if (r == pid)
            return exit_status(w);
        if (r < 0 && errno != EINTR)
            return -1;
        struct timespec ts = { 0, 100000000 };
        nanosleep(&ts, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return -1;
}

void spawn_cleanup(void)
{
    if (!dir[0])
        return;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}
