/* xshot WINDOW: reads a window's pixels back from the X server and prints the colour of its centre pixel as
 * "centre RRGGBB" (used by tests/display/run to check what the SDL frontend really shows). Needs Xlib. */
#include <stdio.h>
#include <stdlib.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: xshot WINDOW-ID\n");
        return 2;
    }
    Display *d = XOpenDisplay(NULL);
    if (!d) {
        fprintf(stderr, "xshot: no X display\n");
        return 1;
    }
    Window w = (Window)strtoul(argv[1], NULL, 0);
    XWindowAttributes a;
    if (!XGetWindowAttributes(d, w, &a)) {
        fprintf(stderr, "xshot: no such window\n");
        return 1;
    }
    XImage *img = XGetImage(d, w, 0, 0, (unsigned)a.width, (unsigned)a.height, AllPlanes, ZPixmap);
    if (!img) {
        fprintf(stderr, "xshot: cannot read the window\n");
        return 1;
    }
    unsigned long p = XGetPixel(img, a.width / 2, a.height / 2);
    unsigned r = (unsigned)((p & img->red_mask) >> __builtin_ctzl(img->red_mask));
    unsigned g = (unsigned)((p & img->green_mask) >> __builtin_ctzl(img->green_mask));
    unsigned b = (unsigned)((p & img->blue_mask) >> __builtin_ctzl(img->blue_mask));
    printf("centre %02x%02x%02x (window %dx%d)\n", r, g, b, a.width, a.height);
    XDestroyImage(img);
    XCloseDisplay(d);
    return 0;
}
