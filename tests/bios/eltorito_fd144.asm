; El Torito test image (see eltorito.inc): floppy emulation, 80 cylinders, 2 heads, 18 sectors per track
%define ET_MEDIA 2
%define ET_DRIVE 0
%define ET_CYLS 80
%define ET_HEADS 2
%define ET_SPT 18
%define ET_TYPE 4
%include "tests/bios/eltorito.inc"
