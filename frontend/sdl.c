/* The SDL2 window frontend (see sdl.h). Hot keys (not passed to the guest): Ctrl+Alt+G grabs or releases the
 * mouse, Ctrl+Alt+F toggles full screen, Ctrl+Alt+S saves a screenshot in the current directory. A click into the window grabs the mouse too; while it is grabbed its
 * movement, buttons and wheel go to the guest's PS/2 mouse. The picture keeps the 4:3
 * shape of a VGA monitor in the standard modes and square pixels in VBE modes. */
#include "frontend/sdl.h"
#include "frontend/screenshot.h"

#include <stdio.h>
#include <stdlib.h>

#include "config.h"

#ifdef HAVE_SDL2
#include <SDL.h>

#include "devices/pc.h"
#include "devices/vga/vga.h"
#include "frontend/keys.h"

/* SDL scan codes (USB HID usages) to set-2 make codes; bit 8 = the E0h prefix. */
#define E0 0x100
static const uint16_t sdl_to_set2[SDL_NUM_SCANCODES] = {
    [SDL_SCANCODE_A] = 0x1c, [SDL_SCANCODE_B] = 0x32, [SDL_SCANCODE_C] = 0x21, [SDL_SCANCODE_D] = 0x23,
    [SDL_SCANCODE_E] = 0x24, [SDL_SCANCODE_F] = 0x2b, [SDL_SCANCODE_G] = 0x34, [SDL_SCANCODE_H] = 0x33,
    [SDL_SCANCODE_I] = 0x43, [SDL_SCANCODE_J] = 0x3b, [SDL_SCANCODE_K] = 0x42, [SDL_SCANCODE_L] = 0x4b,
    [SDL_SCANCODE_M] = 0x3a, [SDL_SCANCODE_N] = 0x31, [SDL_SCANCODE_O] = 0x44, [SDL_SCANCODE_P] = 0x4d,
    [SDL_SCANCODE_Q] = 0x15, [SDL_SCANCODE_R] = 0x2d, [SDL_SCANCODE_S] = 0x1b, [SDL_SCANCODE_T] = 0x2c,
    [SDL_SCANCODE_U] = 0x3c, [SDL_SCANCODE_V] = 0x2a, [SDL_SCANCODE_W] = 0x1d, [SDL_SCANCODE_X] = 0x22,
    [SDL_SCANCODE_Y] = 0x35, [SDL_SCANCODE_Z] = 0x1a,
    [SDL_SCANCODE_1] = 0x16, [SDL_SCANCODE_2] = 0x1e, [SDL_SCANCODE_3] = 0x26, [SDL_SCANCODE_4] = 0x25,
    [SDL_SCANCODE_5] = 0x2e, [SDL_SCANCODE_6] = 0x36, [SDL_SCANCODE_7] = 0x3d, [SDL_SCANCODE_8] = 0x3e,
    [SDL_SCANCODE_9] = 0x46, [SDL_SCANCODE_0] = 0x45,
    [SDL_SCANCODE_RETURN] = 0x5a, [SDL_SCANCODE_ESCAPE] = 0x76, [SDL_SCANCODE_BACKSPACE] = 0x66,
    [SDL_SCANCODE_TAB] = 0x0d, [SDL_SCANCODE_SPACE] = 0x29, [SDL_SCANCODE_MINUS] = 0x4e,
    [SDL_SCANCODE_EQUALS] = 0x55, [SDL_SCANCODE_LEFTBRACKET] = 0x54, [SDL_SCANCODE_RIGHTBRACKET] = 0x5b,
    [SDL_SCANCODE_BACKSLASH] = 0x5d, [SDL_SCANCODE_NONUSHASH] = 0x5d, [SDL_SCANCODE_SEMICOLON] = 0x4c,
    [SDL_SCANCODE_APOSTROPHE] = 0x52, [SDL_SCANCODE_GRAVE] = 0x0e, [SDL_SCANCODE_COMMA] = 0x41,
    [SDL_SCANCODE_PERIOD] = 0x49, [SDL_SCANCODE_SLASH] = 0x4a, [SDL_SCANCODE_CAPSLOCK] = 0x58,
    [SDL_SCANCODE_F1] = 0x05, [SDL_SCANCODE_F2] = 0x06, [SDL_SCANCODE_F3] = 0x04, [SDL_SCANCODE_F4] = 0x0c,
    [SDL_SCANCODE_F5] = 0x03, [SDL_SCANCODE_F6] = 0x0b, [SDL_SCANCODE_F7] = 0x83, [SDL_SCANCODE_F8] = 0x0a,
    [SDL_SCANCODE_F9] = 0x01, [SDL_SCANCODE_F10] = 0x09, [SDL_SCANCODE_F11] = 0x78, [SDL_SCANCODE_F12] = 0x07,
    [SDL_SCANCODE_SCROLLLOCK] = 0x7e, [SDL_SCANCODE_INSERT] = E0 | 0x70, [SDL_SCANCODE_HOME] = E0 | 0x6c,
    [SDL_SCANCODE_PAGEUP] = E0 | 0x7d, [SDL_SCANCODE_DELETE] = E0 | 0x71, [SDL_SCANCODE_END] = E0 | 0x69,
    [SDL_SCANCODE_PAGEDOWN] = E0 | 0x7a, [SDL_SCANCODE_RIGHT] = E0 | 0x74, [SDL_SCANCODE_LEFT] = E0 | 0x6b,
    [SDL_SCANCODE_DOWN] = E0 | 0x72, [SDL_SCANCODE_UP] = E0 | 0x75, [SDL_SCANCODE_NUMLOCKCLEAR] = 0x77,
    [SDL_SCANCODE_KP_DIVIDE] = E0 | 0x4a, [SDL_SCANCODE_KP_MULTIPLY] = 0x7c, [SDL_SCANCODE_KP_MINUS] = 0x7b,
    [SDL_SCANCODE_KP_PLUS] = 0x79, [SDL_SCANCODE_KP_ENTER] = E0 | 0x5a, [SDL_SCANCODE_KP_1] = 0x69,
    [SDL_SCANCODE_KP_2] = 0x72, [SDL_SCANCODE_KP_3] = 0x7a, [SDL_SCANCODE_KP_4] = 0x6b, [SDL_SCANCODE_KP_5] = 0x73,
    [SDL_SCANCODE_KP_6] = 0x74, [SDL_SCANCODE_KP_7] = 0x6c, [SDL_SCANCODE_KP_8] = 0x75, [SDL_SCANCODE_KP_9] = 0x7d,
    [SDL_SCANCODE_KP_0] = 0x70, [SDL_SCANCODE_KP_PERIOD] = 0x71, [SDL_SCANCODE_NONUSBACKSLASH] = 0x61,
    [SDL_SCANCODE_APPLICATION] = E0 | 0x2f, [SDL_SCANCODE_LCTRL] = 0x14, [SDL_SCANCODE_LSHIFT] = 0x12,
    [SDL_SCANCODE_LALT] = 0x11, [SDL_SCANCODE_LGUI] = E0 | 0x1f, [SDL_SCANCODE_RCTRL] = E0 | 0x14,
    [SDL_SCANCODE_RSHIFT] = 0x59, [SDL_SCANCODE_RALT] = E0 | 0x11, [SDL_SCANCODE_RGUI] = E0 | 0x27,
};

struct sdl_window {
    SDL_Window *window;
    SDL_Renderer *renderer;
    SDL_Texture *texture;
    unsigned tex_width, tex_height;
    int square_pixels;
    int grabbed, fullscreen;
    uint64_t title_ns, title_icount;
};

struct sdl_window *sdl_window_open(char *err, size_t errlen)
{
    /* Without a display SDL would quietly pick its offscreen driver: a window nobody sees. SDL_VIDEODRIVER still
     * chooses any driver on purpose. */
    const char *x = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY"), *driver = getenv("SDL_VIDEODRIVER");
    if (!(x && *x) && !(wl && *wl) && !(driver && *driver)) {
        snprintf(err, errlen, "no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set)");
        return NULL;
    }
    if (SDL_Init(SDL_INIT_VIDEO) < 0) {
        snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
        return NULL;
    }
    struct sdl_window *w = SDL_calloc(1, sizeof *w);
    if (w)
        w->window = SDL_CreateWindow("x86pc", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 720, 540,
                                     SDL_WINDOW_RESIZABLE);
    if (w && w->window)
        w->renderer = SDL_CreateRenderer(w->window, -1, 0);
    if (!w || !w->renderer) {
        snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
        sdl_window_close(w);
        return NULL;
    }
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "nearest");
    return w;
}

/* A new picture size: a new texture, and the window sized to show it at least 640 pixels wide. */
static int resize(struct sdl_window *w, unsigned width, unsigned height, int square)
{
    if (w->texture)
        SDL_DestroyTexture(w->texture);
    w->texture = SDL_CreateTexture(w->renderer, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING, (int)width,
                                   (int)height);
    if (!w->texture)
        return -1;
    w->tex_width = width;
    w->tex_height = height;
    w->square_pixels = square;
    unsigned scale = width < 640 ? 2 : 1;
    unsigned shown_w = width * scale, shown_h = square ? height * scale : shown_w * 3 / 4;
    if (!w->fullscreen)
        SDL_SetWindowSize(w->window, (int)shown_w, (int)shown_h);
    return 0;
}

/* Where the picture goes in the window: as large as fits, keeping its shape, centred. */
static SDL_Rect picture_rect(const struct sdl_window *w)
{
    int ww, wh;
    SDL_GetRendererOutputSize(w->renderer, &ww, &wh);
    double aspect = w->square_pixels ? (double)w->tex_width / w->tex_height : 4.0 / 3.0;
    SDL_Rect r = { 0, 0, ww, (int)(ww / aspect) };
    if (r.h > wh) {
        r.h = wh;
        r.w = (int)(wh * aspect);
    }
    r.x = (ww - r.w) / 2;
    r.y = (wh - r.h) / 2;
    return r;
}

static void update_title(struct sdl_window *w, struct pc *pc)
{
    uint64_t now = SDL_GetTicks64() * 1000000u, icount = pc_instructions(pc);
    if (now - w->title_ns < 1000000000u && w->title_ns)
        return;
    double mips = w->title_ns ? (double)(icount - w->title_icount) * 1e3 / (double)(now - w->title_ns) : 0;
    char title[160];
    snprintf(title, sizeof title, "x86pc - running, %.1f MIPS - %s", mips,
             w->grabbed ? "mouse grabbed: Ctrl+Alt+G releases it" : "Ctrl+Alt+G grabs the mouse");
    SDL_SetWindowTitle(w->window, title);
    w->title_ns = now;
    w->title_icount = icount;
}

void sdl_window_refresh(struct sdl_window *w, struct pc *pc)
{
    struct vga *v = pc_vga(pc);
    const struct vga_frame *f = vga_render(v);
    int square = v->last_geometry.kind == VGA_KIND_VBE;
    if (!w->texture || f->width != w->tex_width || f->height != w->tex_height || square != w->square_pixels) {
        if (resize(w, f->width, f->height, square) < 0)
            return;
        SDL_UpdateTexture(w->texture, NULL, f->pixels, (int)(f->width * 4));
    } else if (f->dirty_y0 <= f->dirty_y1) {
        SDL_Rect rows = { 0, (int)f->dirty_y0, (int)f->width, (int)(f->dirty_y1 - f->dirty_y0 + 1) };
        SDL_UpdateTexture(w->texture, &rows, f->pixels + (size_t)f->dirty_y0 * f->width, (int)(f->width * 4));
    }
    vga_frame_seen(v);
    SDL_SetRenderDrawColor(w->renderer, 0, 0, 0, 255);
    SDL_RenderClear(w->renderer);
    SDL_Rect dst = picture_rect(w);
    SDL_RenderCopy(w->renderer, w->texture, NULL, &dst);
    SDL_RenderPresent(w->renderer);
    update_title(w, pc);
}

/* The buttons held now, as the PS/2 mouse numbers them (left 1, right 2, middle 4). */
static unsigned mouse_buttons(void)
{
    uint32_t held = SDL_GetMouseState(NULL, NULL);
    return ((held & SDL_BUTTON_LMASK) ? 1u : 0u) | ((held & SDL_BUTTON_RMASK) ? 2u : 0u) |
           ((held & SDL_BUTTON_MMASK) ? 4u : 0u);
}

static void set_grab(struct sdl_window *w, int on)
{
    w->grabbed = on;
    SDL_SetRelativeMouseMode(on ? SDL_TRUE : SDL_FALSE);
    SDL_SetWindowGrab(w->window, on ? SDL_TRUE : SDL_FALSE);
    w->title_ns = 0;             /* the title says how to undo it */
}

static void send_key(struct pc *pc, SDL_Scancode sc, int down)
{
    uint16_t code = sc < SDL_NUM_SCANCODES ? sdl_to_set2[sc] : 0;
    uint8_t bytes[8];
    unsigned n;
    if (sc == SDL_SCANCODE_PAUSE)
        n = down ? key_make_bytes(0x77, 2, bytes) : 0;
    else if (sc == SDL_SCANCODE_PRINTSCREEN)
        n = down ? key_make_bytes(0x7c, 1, bytes) : key_break_bytes(0x7c, 1, bytes);
    else if (!code)
        return;
    else
        n = down ? key_make_bytes(code & 0xff, code >> 8, bytes) : key_break_bytes(code & 0xff, code >> 8, bytes);
    if (n)
        pc_send_scancodes(pc, bytes, n);
}

/* Writes the screen to the first free x86pc-screenshot-N.png of the current directory, and says where. */
static void save_screenshot(struct pc *pc)
{
    char path[64], err[256];
    for (unsigned n = 1; n < 10000; n++) {
        snprintf(path, sizeof path, "x86pc-screenshot-%u.png", n);
        FILE *f = fopen(path, "rb");
        if (!f)
            break;
        fclose(f);
    }
    const struct vga_frame *frame = vga_render(pc_vga(pc));
    if (screenshot_write(path, frame->pixels, frame->width, frame->height, err, sizeof err) < 0)
        fprintf(stderr, "x86pc: %s\n", err);
    else
        fprintf(stderr, "x86pc: screenshot saved to %s\n", path);
}

/* Ctrl+Alt+G, Ctrl+Alt+F and Ctrl+Alt+S belong to the frontend; returns 1 when the key was one of them. */
static int hot_key(struct sdl_window *w, struct pc *pc, const SDL_KeyboardEvent *k)
{
    /* the modifiers as they were at this key's event: by the time a busy emulator reads a queue of events, Ctrl
     * and Alt may already be up again */
    Uint16 mods = k->keysym.mod;
    if (!(mods & KMOD_CTRL) || !(mods & KMOD_ALT))
        return 0;
    if (k->keysym.scancode == SDL_SCANCODE_G) {
        if (k->type == SDL_KEYDOWN)
            set_grab(w, !w->grabbed);
        return 1;
    }
    if (k->keysym.scancode == SDL_SCANCODE_F) {
        if (k->type == SDL_KEYDOWN) {
            w->fullscreen = !w->fullscreen;
            SDL_SetWindowFullscreen(w->window, w->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
        }
        return 1;
    }
    if (k->keysym.scancode == SDL_SCANCODE_S) {
        if (k->type == SDL_KEYDOWN && !k->repeat)
            save_screenshot(pc);
        return 1;
    }
    return 0;
}

int sdl_window_poll(struct sdl_window *w, struct pc *pc)
{
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        switch (e.type) {
        case SDL_QUIT:
            return 1;
        case SDL_KEYDOWN:
        case SDL_KEYUP:
            if (!hot_key(w, pc, &e.key))
                send_key(pc, e.key.keysym.scancode, e.type == SDL_KEYDOWN);
            break;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
            if (!w->grabbed && e.type == SDL_MOUSEBUTTONDOWN)
                set_grab(w, 1);     /* the click that grabs is not the guest's */
            else if (w->grabbed)
                pc_send_mouse(pc, 0, 0, 0, mouse_buttons());
            break;
        case SDL_MOUSEMOTION:
            if (w->grabbed)
                pc_send_mouse(pc, e.motion.xrel, -e.motion.yrel, 0, mouse_buttons());
            break;
        case SDL_MOUSEWHEEL:
            if (w->grabbed)
                pc_send_mouse(pc, 0, 0, -e.wheel.y, mouse_buttons());
            break;
        case SDL_WINDOWEVENT:
            if (e.window.event == SDL_WINDOWEVENT_FOCUS_LOST && w->grabbed)
                set_grab(w, 0);
            break;
        default:
            break;
        }
    }
    return 0;
}

void sdl_window_close(struct sdl_window *w)
{
    if (w) {
        if (w->texture)
            SDL_DestroyTexture(w->texture);
        if (w->renderer)
            SDL_DestroyRenderer(w->renderer);
        if (w->window)
            SDL_DestroyWindow(w->window);
        SDL_free(w);
    }
    SDL_Quit();
}

#else /* no SDL2 */

struct sdl_window *sdl_window_open(char *err, size_t errlen)
{
    snprintf(err, errlen, "this x86pc was built without SDL2 (configure --without-sdl)");
    return NULL;
}
void sdl_window_refresh(struct sdl_window *w, struct pc *pc) { (void)w; (void)pc; }
int sdl_window_poll(struct sdl_window *w, struct pc *pc) { (void)w; (void)pc; return 0; }
void sdl_window_close(struct sdl_window *w) { (void)w; }

#endif
