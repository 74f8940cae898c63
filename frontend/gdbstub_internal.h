/* What gdbstub.c (the connection and the packets) shares with gdbstub_regs.c (the register packets). */
#ifndef X86PC_FRONTEND_GDBSTUB_INTERNAL_H
#define X86PC_FRONTEND_GDBSTUB_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "frontend/gdbstub.h"

enum { GDB_PACKET_MAX = 0x4000 };

struct gdbstub {
    struct debugger *dbg;
    int listen_fd, fd;           /* fd: the connected gdb, -1 while none */
    char in[GDB_PACKET_MAX + 64];
    size_t in_len;
    char out[2 * GDB_PACKET_MAX + 8];   /* the packet being sent */
    int no_ack;                  /* QStartNoAckMode */
    int gdb_swbreak;             /* gdb understands swbreak stop reasons (the PC needs no adjusting) */
    int waiting_stop;            /* gdb resumed the guest and waits for a stop reply */
    char xml[4096];              /* the target description being read */
};

void gdb_reply(struct gdbstub *g, const char *text);
void gdb_reply_bytes(struct gdbstub *g, const char *data, size_t len);
int gdb_hex_value(char ch);
int gdb_parse_hex(const char **p, uint64_t *out);

/* gdbstub_regs.c */
void gdb_read_registers(struct gdbstub *g);
void gdb_write_registers(struct gdbstub *g, const char *hex);
void gdb_read_register(struct gdbstub *g, const char *args);
void gdb_write_register(struct gdbstub *g, const char *args);
/* The program counter as gdb sees it: EIP, or CS.base + IP in real and virtual-8086 mode. */
void gdb_set_pc(struct gdbstub *g, uint32_t pc);

#endif
