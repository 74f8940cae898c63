# cpu/: the interpreter. opcodes.def is the decoder table every other part reads.
EXTRA_DIST += cpu/opcodes.def
libx86pc_a_SOURCES += \
	cpu/cpu.h cpu/cpu.c cpu/cpu_internal.h \
	cpu/insn.h cpu/opcodes.c cpu/handlers.h \
	cpu/decode.c cpu/decode.h \
	cpu/icache.c cpu/icache.h \
	cpu/run.c \
	cpu/flags.h cpu/operands.h cpu/stack.h \
	cpu/access.h cpu/memory.c cpu/paging.c \
	cpu/except.c cpu/except.h \
	cpu/seg.c cpu/task.c cpu/misc.c cpu/eflags.c \
	cpu/alu.c cpu/shift.c cpu/muldiv.c cpu/bcd.c cpu/bitops.c cpu/string.c \
	cpu/mov.c cpu/segops.c cpu/stack.c cpu/io.c \
	cpu/control.c cpu/farcontrol.c cpu/interrupt.c cpu/system.c \
	cpu/seg.h cpu/frame.c cpu/frame.h cpu/task.h cpu/debug.c cpu/debug.h cpu/paging.h \
	cpu/descriptors.c cpu/msr.c cpu/cpuid.c cpu/v86.c cpu/v86.h cpu/trace.c cpu/trace.h
