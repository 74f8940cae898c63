; INT 13h: the dispatcher between diskette drives (DL < 80h) and ATA hard disks (DL >= 80h), and the disk
; detection at POST.
;
; Hard disks found at POST are described in the EBDA, one 32-byte record each:
%define DISK_PRESENT  0x00      ; byte: 1
%define DISK_SLAVE    0x01      ; byte: 0 master, 1 slave
%define DISK_LBA48    0x02      ; byte: the drive supports 48-bit addressing
%define DISK_BASE     0x04      ; word: command block ports (1F0h, 170h)
%define DISK_CTRL     0x06      ; word: control port (3F6h, 376h)
%define DISK_CYLS     0x08      ; word: logical (translated) cylinders for CHS calls
%define DISK_HEADS    0x0a      ; word: logical heads
%define DISK_SPT      0x0c      ; word: sectors per track
%define DISK_SECTORS  0x10      ; qword: total sectors
%define DISK_RECORD   0x20
%define MAX_DISKS     4
%define EBDA_SCRATCH  0x200     ; 512 bytes of sector buffer in the EBDA

disk_init:
    call floppy_init
    call ata_init
    ret

int13_handler:
    sti
    cmp dl, CD_DRIVE
    jne .not_cd
    jmp cdrom_int13
.not_cd:
    jmp eltorito_route                  ; eltorito.asm: an emulated boot image renumbers the drives
int13_dispatch:                         ; DL = a real diskette drive or hard disk
    cmp dl, 0x80
    jae .hard
    jmp floppy_int13
.hard:
    jmp ata_int13

; disk_record: DL = 80h + n -> ES:DI = that disk's record in the EBDA, CF set when there is no such disk.
disk_record:
    push ax
    mov ax, EBDA_SEG
    mov es, ax
    movzx di, dl
    sub di, 0x80
    cmp di, MAX_DISKS
    jae .none
    shl di, 5
    add di, EBDA_DISK_TABLE
    cmp byte [es:di + DISK_PRESENT], 1
    jne .none
    pop ax
    clc
    ret
.none:
    pop ax
    stc
    ret

