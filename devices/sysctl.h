/* System control: port 0x92 (System Control Port A: bit 1 the fast A20 gate, bit 0 a fast reset) and port 0xCF9
 * (the PIIX reset control register: bit 2 set starts a reset). */
#ifndef X86PC_DEVICES_SYSCTL_H
#define X86PC_DEVICES_SYSCTL_H

#include "devices/device.h"

typedef void sysctl_a20_fn(void *board, int enabled);
typedef int sysctl_a20_state_fn(void *board);
typedef void sysctl_reset_fn(void *board);

struct sysctl {
    uint8_t cf9;
    sysctl_a20_fn *set_a20;
    sysctl_a20_state_fn *a20_state;
    sysctl_reset_fn *request_reset;
    void *board;
};

struct sysctl *sysctl_create(const struct board_services *bs, sysctl_a20_fn *set_a20, sysctl_a20_state_fn *a20_state,
                             sysctl_reset_fn *request_reset, void *board);

#endif
