# devices/vga/: the VGA with the Bochs VBE interface, its BIOS, rendering, screenshots and text dumps, and tests.
