; El Torito test image (see eltorito.inc): floppy emulation, 80 cylinders, 2 heads, 36 sectors per track
%define ET_MEDIA 3
%define ET_DRIVE 0
%define ET_CYLS 80
%define ET_HEADS 2
%define ET_SPT 36
%define ET_TYPE 6
%include "tests/bios/eltorito.inc"
