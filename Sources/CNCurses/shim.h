#ifndef THEBOT_CNCURSES_SHIM_H
#define THEBOT_CNCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *tb_stdscr(void) { return stdscr; }
static inline int tb_colors(void) { return COLORS; }
static inline int tb_color_pairs(void) { return COLOR_PAIRS; }
static inline int tb_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int tb_lines(void) { return LINES; }
static inline int tb_cols(void) { return COLS; }
static inline void tb_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }
/* Draws one wide character with attributes and a colour pair at (y, x). */
static inline int tb_put_wch(int y, int x, wchar_t ch, attr_t attrs, short pair) {
    cchar_t c;
    wchar_t s[2] = { ch, L'\0' };
    setcchar(&c, s, attrs, pair, NULL);
    return mvadd_wch(y, x, &c);
}
static inline attr_t tb_a_bold(void) { return A_BOLD; }
static inline attr_t tb_a_reverse(void) { return A_REVERSE; }
static inline attr_t tb_a_underline(void) { return A_UNDERLINE; }
static inline attr_t tb_a_dim(void) { return A_DIM; }
static inline attr_t tb_a_normal(void) { return A_NORMAL; }
static inline int tb_key_resize(void) { return KEY_RESIZE; }
static inline attr_t tb_a_italic(void) {
#ifdef A_ITALIC
    return A_ITALIC;
#else
    return A_NORMAL;
#endif
}
/* newterm on the process's stdout/stdin (Swift 6 cannot touch the C globals stdout/stdin). */
static inline SCREEN *tb_newterm(void) { return newterm(NULL, stdout, stdin); }
static inline int tb_key_code_yes(void) { return KEY_CODE_YES; }
static inline int tb_key_up(void) { return KEY_UP; }
static inline int tb_key_down(void) { return KEY_DOWN; }
static inline int tb_key_left(void) { return KEY_LEFT; }
static inline int tb_key_right(void) { return KEY_RIGHT; }
static inline int tb_key_enter(void) { return KEY_ENTER; }
static inline int tb_key_backspace(void) { return KEY_BACKSPACE; }
static inline int tb_key_dc(void) { return KEY_DC; }
static inline int tb_key_home(void) { return KEY_HOME; }
static inline int tb_key_end(void) { return KEY_END; }
static inline int tb_key_ppage(void) { return KEY_PPAGE; }
static inline int tb_key_npage(void) { return KEY_NPAGE; }
static inline int tb_key_f0(void) { return KEY_F0; }
/* Reads one key without waiting: returns OK (a character in *ch), KEY_CODE_YES (a key code
   in *ch) or ERR (nothing). */
static inline int tb_get_wch_nowait(WINDOW *w, int *ch) {
    wint_t c = 0;
    wtimeout(w, 0);
    int r = wget_wch(w, &c);
    *ch = (int)c;
    return r;
}
/* True when terminfo describes a direct-colour terminal (TERM=*-direct): colour numbers are
   RGB values, flagged by the RGB capability (boolean or numeric) or by 2^24 colours. Valid
   after start_color. */
static inline int tb_terminfo_direct_color(void) {
    if (COLORS >= 0x1000000) return 1;
    if (tigetflag("RGB") > 0) return 1;
    return tigetnum("RGB") > 0;
}
/* Columns a character takes (-1: not printable). */
static inline int tb_wcwidth(wchar_t c) { return wcwidth(c); }
#endif
