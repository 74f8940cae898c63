/* Prints a binary instruction trace (cpu/trace.h) as text, one event per line. Every line starts with a tag:
 *
 *   C cs=SSSS base=BBBBBBBB MODE cpl=N [paging] [pae]     the code context of the instructions that follow;
 *                                                         MODE is real, protected16, protected32 or v86
 *   I COUNT SSSS:EEEEEEEE LLLLLLLL BYTES DISASSEMBLY      an instruction about to run (COUNT in decimal,
 *                                                         CS:EIP, its linear address, its bytes in hex)
 *   R eax=... ebx=... ecx=... edx=... esi=... edi=... ebp=... esp=... eflags=...
 *                                                         registers after it retired (--trace-regs)
 *   M read|write SIZE lin=LLLLLLLL phys=PPPPPPPP value=V  a memory access of that instruction (--trace-mem)
 *   P in|out SIZE port=PPPP value=V                       a port access of that instruction
 *   E COUNT exception|interrupt|software|nmi vector=VV [error=EEEE]
 *                                                         an event delivered
 * Hex numbers have no 0x prefix; the fields are separated by single spaces and the disassembly is the rest of
 * the line. This format is stable: tools may parse it. */
#ifndef X86PC_FRONTEND_TRACE_TEXT_H
#define X86PC_FRONTEND_TRACE_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Prints the trace at path to out (AT&T syntax when att is set). 0, or -1 with a one-line reason in err. */
int trace_print(const char *path, FILE *out, int att, char *err, size_t errlen);

#endif
