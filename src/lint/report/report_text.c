/* report_text.c - the gcc-style text report: one line per finding, "note:" lines for its path steps; on request gcc's colours and the source line with a caret. */
#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "report/report_internal.h"

/* gcc's default GCC_COLORS: locus bold, error bold red, warning bold
 * magenta, note bold cyan, caret bold green. */
#define TX_BOLD "\033[1m"
#define TX_RED "\033[1;31m"
#define TX_MAG "\033[1;35m"
#define TX_CYA "\033[1;36m"
#define TX_GRN "\033[1;32m"
#define TX_OFF "\033[0m"
#define TX_TAB 8 /* tab stop of the source display, as gcc's -ftabstop and clang's default */

static const char* tx_level_color(const char* level) {
  return !strcmp(level, "error") ? TX_RED : !strcmp(level, "warning") ? TX_MAG : TX_CYA;
}

/* "path:line:col: level: " with parts 2, "path:line: level: " with 1,
 * "path: level: " with 0; coloured when asked. */
static void tx_head(FILE* out, int color, const char* file, int parts, unsigned line, unsigned col,
                    const char* level) {
  if (color) fputs(TX_BOLD, out);
  fputs(file, out);
  if (parts >= 1) fprintf(out, ":%u", line);
  if (parts >= 2) fprintf(out, ":%u", col);
  fputs(":", out);
  fprintf(out, color ? TX_OFF " %s%s:" TX_OFF " " : " %s%s: ", color ? tx_level_color(level) : "", level);
}

/* Display width of the UTF-8 sequence starting with byte b (a code point
 * counts one column; continuation bytes none). */
static int tx_cont(unsigned char b) { return (b & 0xc0) == 0x80; }

/* The source line under a location, as gcc prints it:
 *   "    2 | <line, tabs expanded to stops of 8>"
 *   "      |    ^~~~"
 * the number right-aligned in at least 4 columns after one blank; the
 * caret under column col (a byte column) and '~' under the rest of the
 * range when it ends on the same line (end_col: the column after it).
 * Control characters show as one blank each. Nothing when the line cannot
 * be read. Bytes come from readfile, so --staged shows the staged blob. */
static void tx_source(FILE* out, report_srcs* srcs, int color, const char* file, unsigned line,
                      unsigned col, unsigned end_line, unsigned end_col) {
  report_src* s = line ? report_src_get(srcs, file) : NULL;
  if (!s || !s->text || line > s->nlines) return;
  const char* p = s->lines[line - 1];
  size_t n = s->line_len[line - 1];
  int w = snprintf(NULL, 0, "%u", line);
  if (w < 4) w = 4;
  fprintf(out, " %*u | ", w, line);
  size_t dcol = 0, caret = (size_t)-1, caret_end = (size_t)-1; /* display columns, 0-based */
  size_t c0 = col ? col - 1 : 0;
  size_t c1 = end_line == line && end_col > col ? end_col - 1 : c0 + 1;
  for (size_t i = 0; i <= n; i++) {
    if (i == c0) caret = dcol;
    if (i == c1) caret_end = dcol;
    if (i == n) break;
    unsigned char b = (unsigned char)p[i];
    if (b == '\t') {
      size_t next = (dcol / TX_TAB + 1) * TX_TAB;
      for (; dcol < next; dcol++) fputc(' ', out);
    } else if (b < 0x20 || b == 0x7f) {
      fputc(' ', out);
      dcol++;
    } else {
      fputc(b, out);
      if (!tx_cont(b)) dcol++;
    }
  }
  fputc('\n', out);
  if (caret == (size_t)-1) caret = dcol; /* a column past the end: caret after the last character */
  if (caret_end == (size_t)-1 || caret_end <= caret) caret_end = caret + 1;
  fprintf(out, " %*s | ", w, "");
  for (size_t i = 0; i < caret; i++) fputc(' ', out);
  if (color) fputs(TX_GRN, out);
  fputc('^', out);
  for (size_t i = caret + 1; i < caret_end; i++) fputc('~', out);
  if (color) fputs(TX_OFF, out);
  fputc('\n', out);
}

/* Writes "path:line:col: level: message [rule]" per listed finding, its
 * steps as notes (each followed by its source line and caret when
 * run->show_source), then one note per file that had parse errors and one
 * per function where the path analysis stopped early. run->color adds
 * gcc's colours. Returns 0 or PQL_EIO (a line that cannot be read is left out). */
int report_text(const lint_run* run, FILE* out) {
  int color = run->color, src = run->show_source;
  report_srcs srcs = {0};
  for (size_t i = 0; i < run->findings.n; i++) {
    const finding* f = &run->findings.v[i];
    if (!report_visible(f)) continue;
    const char* lv = finding_level_name(f->level);
    tx_head(out, color, f->loc.file, 2, f->loc.line, f->loc.col, lv);
    if (color)
      fprintf(out, "%s [%s%s" TX_OFF "]\n", f->message, tx_level_color(lv), f->rule);
    else
      fprintf(out, "%s [%s]\n", f->message, f->rule);
    if (src)
      tx_source(out, &srcs, color, f->loc.file, f->loc.line, f->loc.col, f->loc.end_line, f->loc.end_col);
    for (size_t s = 0; s < f->nsteps; s++) {
      const finding_loc* st = &f->steps[s];
      const char* file = st->file ? st->file : f->loc.file;
      tx_head(out, color, file, 2, st->line, st->col, "note");
      fprintf(out, "%s\n", st->msg ? st->msg : "");
      if (src) tx_source(out, &srcs, color, file, st->line, st->col, st->end_line, st->end_col);
    }
  }
  report_srcs_free(&srcs);
  for (size_t i = 0; i < run->nfiles; i++) {
    const lint_file* lf = &run->files[i];
    if (lf->parse_errors <= 0) continue;
    tx_head(out, color, lf->path, 0, 0, 0, "note");
    fprintf(out, "%d parse error%s, analysed as far as it parsed; first: %s\n", lf->parse_errors,
            lf->parse_errors == 1 ? "" : "s", lf->first_error ? lf->first_error : "(unknown)");
  }
  for (size_t i = 0; i < run->nfiles; i++)
    if (run->files[i].incomplete) {
      tx_head(out, color, run->files[i].path, 0, 0, 0, "note");
      fprintf(out, "analysed incompletely: %s\n", run->files[i].incomplete);
    }
  for (size_t i = 0; i < run->nfiles; i++)
    for (size_t g = 0; g < run->files[i].ngave_up; g++) {
      tx_head(out, color, run->files[i].path, 1, run->files[i].gave_up[g].line, 0, "note");
      fprintf(out, "path analysis stopped in %s() after too many paths; findings there may be incomplete\n",
              run->files[i].gave_up[g].function);
    }
  return ferror(out) ? PQL_EIO : PQL_OK;
}
