# cpu/fpu/: the x87 FPU in software 80-bit arithmetic, and its tests.
