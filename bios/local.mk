# bios/: the own BIOS and VGA BIOS, assembled with nasm and embedded in the binary.
