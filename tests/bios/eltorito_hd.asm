; El Torito test image (see eltorito.inc): hard-disk emulation, an MBR disk of 20 cylinders, 4 heads, 17 sectors per track
%define ET_MEDIA 4
%define ET_DRIVE 0x80
%define ET_CYLS 20
%define ET_HEADS 4
%define ET_SPT 17
%define ET_TYPE 0
%include "tests/bios/eltorito.inc"
