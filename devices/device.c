/* The board's device list (see device.h). */
#include "devices/device.h"

#include <stdio.h>

int device_register(struct device_list *list, const struct device_type *type, void *dev, const char *instance)
{
    if (list->n >= DEVICE_LIST_MAX)
        return -1;
    struct device_entry *e = &list->entry[list->n++];
    e->type = type;
    e->dev = dev;
    snprintf(e->name, sizeof e->name, "%s", instance ? instance : type->name);
    return 0;
}

void device_reset_all(struct device_list *list)
{
    for (unsigned i = 0; i < list->n; i++)
        if (list->entry[i].type->reset)
            list->entry[i].type->reset(list->entry[i].dev);
}
