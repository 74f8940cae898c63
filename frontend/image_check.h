/* Checks of disk image files given on the command line: they must exist, be readable, and have a size their
 * device can hold. Each failure gives one line naming the option and the file. */
#ifndef X86PC_FRONTEND_IMAGE_CHECK_H
#define X86PC_FRONTEND_IMAGE_CHECK_H

#include <stddef.h>

int image_check_readable(const char *path, const char *option, char *err, size_t errlen);
int image_check_floppy(const char *path, const char *option, char *err, size_t errlen);
int image_check_disk(const char *path, const char *option, char *err, size_t errlen);
int image_check_cdrom(const char *path, const char *option, char *err, size_t errlen);
int image_is_floppy_size(const char *path);

#endif
