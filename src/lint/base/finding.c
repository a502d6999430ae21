/* finding.c - findings: construction helpers, the growable list, the deterministic sort with de-duplication. */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/finding.h"

/* strdup that accepts NULL (gives NULL). */
static char* finding_strdup(const char* s) { return s ? strdup(s) : NULL; }

static void finding_loc_free(finding_loc* l) {
  free(l->file);
  free(l->msg);
  l->file = l->msg = NULL;
}

void finding_free(finding* f) {
  if (!f) return;
  finding_loc_free(&f->loc);
  free(f->message);
  free(f->function);
  for (size_t i = 0; i < f->nsteps; i++) finding_loc_free(&f->steps[i]);
  free(f->steps);
  for (size_t i = 0; i < f->nrelated; i++) finding_loc_free(&f->related[i]);
  free(f->related);
  memset(f, 0, sizeof *f);
}

void finding_list_init(finding_list* l) { memset(l, 0, sizeof *l); }

int finding_list_push(finding_list* l, finding* f) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    finding* v = realloc(l->v, cap * sizeof *v);
    if (!v) {
      finding_free(f);
      return PQL_ENOMEM;
    }
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n++] = *f;
  memset(f, 0, sizeof *f);
  return PQL_OK;
}

/* On ENOMEM dst keeps what was moved so far and src the rest (nothing is
 * lost or freed twice); returns PQL_ENOMEM. */
int finding_list_move(finding_list* dst, finding_list* src) {
  if (src->n == 0) return PQL_OK;
  if (dst->cap - dst->n < src->n) {
    size_t cap = dst->cap ? dst->cap : 16;
    while (cap - dst->n < src->n) cap *= 2;
    finding* v = realloc(dst->v, cap * sizeof *v);
    if (!v) return PQL_ENOMEM;
    dst->v = v;
    dst->cap = cap;
  }
  memcpy(dst->v + dst->n, src->v, src->n * sizeof *src->v);
  dst->n += src->n;
  src->n = 0;
  return PQL_OK;
}

static int finding_strcmp(const char* a, const char* b) {
  if (!a || !b) return a ? 1 : b ? -1 : 0;
  return strcmp(a, b);
}

static int finding_ucmp(unsigned a, unsigned b) { return a < b ? -1 : a > b; }

static int finding_loc_cmp(const finding_loc* a, const finding_loc* b) {
  int c = finding_strcmp(a->file, b->file);
  if (c) return c;
  if ((c = finding_ucmp(a->line, b->line))) return c;
  if ((c = finding_ucmp(a->col, b->col))) return c;
  if ((c = finding_ucmp(a->end_line, b->end_line))) return c;
  if ((c = finding_ucmp(a->end_col, b->end_col))) return c;
  return finding_strcmp(a->msg, b->msg);
}

/* The documented key: file, line, column, rule, message. Findings equal on
 * it are duplicates. */
static int finding_key_cmp(const finding* x, const finding* y) {
  int c = finding_strcmp(x->loc.file, y->loc.file);
  if (c) return c;
  if ((c = finding_ucmp(x->loc.line, y->loc.line))) return c;
  if ((c = finding_ucmp(x->loc.col, y->loc.col))) return c;
  if ((c = finding_strcmp(x->rule, y->rule))) return c;
  return finding_strcmp(x->message, y->message);
}

/* Total order: the key, then everything else, so which duplicate survives
 * does not depend on the order the threads produced them in. */
static int finding_full_cmp(const void* a, const void* b) {
  const finding *x = a, *y = b;
  int c = finding_key_cmp(x, y);
  if (c) return c;
  if ((c = finding_ucmp(x->loc.end_line, y->loc.end_line))) return c;
  if ((c = finding_ucmp(x->loc.end_col, y->loc.end_col))) return c;
  if ((c = finding_ucmp((unsigned)x->level, (unsigned)y->level))) return -c;
  if ((c = finding_strcmp(x->function, y->function))) return c;
  if (x->nsteps != y->nsteps) return x->nsteps < y->nsteps ? -1 : 1;
  for (size_t i = 0; i < x->nsteps; i++)
    if ((c = finding_loc_cmp(&x->steps[i], &y->steps[i]))) return c;
  if (x->nrelated != y->nrelated) return x->nrelated < y->nrelated ? -1 : 1;
  for (size_t i = 0; i < x->nrelated; i++)
    if ((c = finding_loc_cmp(&x->related[i], &y->related[i]))) return c;
  return 0;
}

void finding_list_sort(finding_list* l) {
  if (l->n < 2) return;
  qsort(l->v, l->n, sizeof *l->v, finding_full_cmp);
  size_t w = 1;
  for (size_t i = 1; i < l->n; i++) {
    if (finding_key_cmp(&l->v[w - 1], &l->v[i]) == 0) {
      /* a duplicate: keep the first, but keep its flags if either had them */
      l->v[w - 1].suppressed |= l->v[i].suppressed;
      l->v[w - 1].baselined |= l->v[i].baselined;
      finding_free(&l->v[i]);
    } else {
      l->v[w++] = l->v[i];
    }
  }
  l->n = w;
}

void finding_list_free(finding_list* l) {
  for (size_t i = 0; i < l->n; i++) finding_free(&l->v[i]);
  free(l->v);
  memset(l, 0, sizeof *l);
}

/* Copies file and msg; on ENOMEM *loc is left empty. */
int finding_loc_set(finding_loc* loc, const char* file, unsigned line, unsigned col,
                    unsigned end_line, unsigned end_col, const char* msg) {
  char* f = finding_strdup(file);
  char* m = finding_strdup(msg);
  if ((file && !f) || (msg && !m)) {
    free(f);
    free(m);
    memset(loc, 0, sizeof *loc);
    return PQL_ENOMEM;
  }
  loc->file = f;
  loc->msg = m;
  loc->line = line;
  loc->col = col;
  loc->end_line = end_line;
  loc->end_col = end_col;
  return PQL_OK;
}

/* Appends a deep copy of src to (*v)[*n]; returns 0 or PQL_ENOMEM. */
static int finding_loc_append(finding_loc** v, size_t* n, const finding_loc* src) {
  finding_loc* nv = realloc(*v, (*n + 1) * sizeof *nv);
  if (!nv) return PQL_ENOMEM;
  *v = nv;
  int rc = finding_loc_set(&nv[*n], src->file, src->line, src->col, src->end_line,
                           src->end_col, src->msg);
  if (rc) return rc;
  (*n)++;
  return PQL_OK;
}

int finding_add_step(finding* f, const finding_loc* step) {
  return finding_loc_append(&f->steps, &f->nsteps, step);
}

int finding_add_related(finding* f, const finding_loc* loc) {
  return finding_loc_append(&f->related, &f->nrelated, loc);
}

const char* finding_level_name(finding_level lv) {
  switch (lv) {
    case FINDING_ERROR: return "error";
    case FINDING_WARNING: return "warning";
    default: return "note";
  }
}
