/* promparse.h - a strict parser of the Prometheus text exposition format 0.0.4 for the pool tests (header-only).
   Rules from https://prometheus.io/docs/instrumenting/exposition_formats/: line feeds end every line (the
   last too); "# HELP name text" (escapes \\ and \n) and "# TYPE name type" at most once per name, TYPE
   before the name's first sample; samples name{label="value",...} value [timestamp] with label values
   escaped \\ \" \n; names [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]* and not "__*";
   the lines of one metric family form one group; no series twice; a histogram has, per label set,
   buckets with ascending le, cumulative (non-decreasing) counts, le="+Inf", and _sum and _count with
   _count equal to the +Inf bucket; counters are >= 0. Added convention (promtool's lint): counter
   names end in _total. */
#ifndef PROMPARSE_H
#define PROMPARSE_H
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROM_MAX_LABELS 8
#define PROM_MAX_SAMPLES 512
#define PROM_MAX_FAMILIES 128

typedef struct prom_sample {
  char name[128];
  int nlabels;
  char lname[PROM_MAX_LABELS][64];
  char lval[PROM_MAX_LABELS][512]; /* unescaped */
  double value;
  int family; /* index into families */
  int line;
} prom_sample;

typedef struct prom_family {
  char name[128];
  char type[16]; /* "untyped" when no TYPE line */
  char help[512]; /* unescaped; "" when none */
  int has_help, has_type, nsamples, closed; /* closed: another family's line came after its group */
} prom_family;

typedef struct prom_doc {
  prom_sample s[PROM_MAX_SAMPLES];
  int ns;
  prom_family f[PROM_MAX_FAMILIES];
  int nf;
  char err[600];
} prom_doc;

static int prom_fail(prom_doc *d, int line, const char *fmt, const char *arg) {
  char m[400];
  snprintf(m, sizeof m, fmt, arg ? arg : "");
  snprintf(d->err, sizeof d->err, "line %d: %s", line, m);
  return -1;
}

static int prom_is_name(const char *s, int label) {
  if (!*s) return 0;
  for (const char *p = s; *p; p++) {
    int alpha = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' || (!label && *p == ':');
    int digit = *p >= '0' && *p <= '9';
    if (!alpha && !(digit && p > s)) return 0;
  }
  return !(label && s[0] == '_' && s[1] == '_');
}

/* Go's ParseFloat forms the format allows: decimal/exponent numbers, +Inf, -Inf, NaN. */
static int prom_parse_float(const char *tok, double *v) {
  if (!strcmp(tok, "+Inf")) return *v = INFINITY, 0;
  if (!strcmp(tok, "-Inf")) return *v = -INFINITY, 0;
  if (!strcmp(tok, "NaN")) return *v = NAN, 0;
  if (!*tok || strpbrk(tok, "xXpPiInN")) return -1; /* no hex floats, no inf/nan spellings of strtod */
  char *end;
  *v = strtod(tok, &end);
  return *end ? -1 : 0;
}

static int prom_find_family(prom_doc *d, const char *name) {
  for (int i = 0; i < d->nf; i++)
    if (!strcmp(d->f[i].name, name)) return i;
  return -1;
}

/* The family a sample name belongs to: a histogram's or summary's _bucket/_sum/_count, else itself. */
static int prom_family_of(prom_doc *d, const char *name) {
  static const char *const suffixes[] = {"_bucket", "_sum", "_count"};
  for (int k = 0; k < 3; k++) {
    size_t n = strlen(name), m = strlen(suffixes[k]);
    if (n <= m || strcmp(name + n - m, suffixes[k])) continue;
    char base[128];
    snprintf(base, sizeof base, "%.*s", (int)(n - m), name);
    int f = prom_find_family(d, base);
    if (f >= 0 && (!strcmp(d->f[f].type, "histogram") || (k > 0 && !strcmp(d->f[f].type, "summary")))) return f;
  }
  return prom_find_family(d, name);
}

static int prom_new_family(prom_doc *d, const char *name, int line) {
  if (d->nf == PROM_MAX_FAMILIES) return prom_fail(d, line, "too many metric families", NULL);
  prom_family *f = &d->f[d->nf];
  memset(f, 0, sizeof *f);
  snprintf(f->name, sizeof f->name, "%s", name);
  strcpy(f->type, "untyped");
  return d->nf++;
}

/* Marks every family but cur as closed once cur's lines start (groups must not interleave). */
static int prom_enter_family(prom_doc *d, int cur, int *last, int line) {
  if (cur == *last) return 0;
  if (d->f[cur].closed) return prom_fail(d, line, "lines of metric family %s are not one group", d->f[cur].name);
  if (*last >= 0) d->f[*last].closed = 1;
  *last = cur;
  return 0;
}

/* Unescapes a HELP text (\\ and \n only) into out. */
static int prom_unescape_help(const char *in, char *out, size_t cap) {
  size_t o = 0;
  for (const char *p = in; *p; p++) {
    char c = *p;
    if (c == '\\') {
      p++;
      if (*p == '\\') c = '\\';
      else if (*p == 'n') c = '\n';
      else return -1;
    }
    if (o + 1 < cap) out[o++] = c;
  }
  out[o] = 0;
  return 0;
}

static int prom_comment(prom_doc *d, char *l, int line, int *last) {
  char *p = l + 1;
  while (*p == ' ' || *p == '\t') p++;
  int help = !strncmp(p, "HELP", 4) && (p[4] == ' ' || p[4] == '\t');
  int type = !strncmp(p, "TYPE", 4) && (p[4] == ' ' || p[4] == '\t');
  if (!help && !type) return 0; /* a plain comment */
  p += 4;
  while (*p == ' ' || *p == '\t') p++;
  char *name = p;
  while (*p && *p != ' ' && *p != '\t') p++;
  char *rest = *p ? p + 1 : p;
  *p = 0;
  if (!prom_is_name(name, 0)) return prom_fail(d, line, "bad metric name '%s' in HELP/TYPE", name);
  int f = prom_find_family(d, name);
  if (f < 0 && (f = prom_new_family(d, name, line)) < 0) return -1;
  if (prom_enter_family(d, f, last, line) < 0) return -1;
  prom_family *fam = &d->f[f];
  if (help) {
    if (fam->has_help) return prom_fail(d, line, "second HELP for %s", name);
    fam->has_help = 1;
    if (prom_unescape_help(rest, fam->help, sizeof fam->help) < 0)
      return prom_fail(d, line, "bad escape in the HELP of %s", name);
    return 0;
  }
  while (*rest == ' ' || *rest == '\t') rest++;
  size_t n = strlen(rest);
  while (n > 0 && (rest[n - 1] == ' ' || rest[n - 1] == '\t')) rest[--n] = 0;
  if (fam->has_type) return prom_fail(d, line, "second TYPE for %s", name);
  if (fam->nsamples) return prom_fail(d, line, "TYPE of %s after its samples", name);
  if (strcmp(rest, "counter") && strcmp(rest, "gauge") && strcmp(rest, "histogram") && strcmp(rest, "summary") &&
      strcmp(rest, "untyped"))
    return prom_fail(d, line, "unknown type '%s'", rest);
  fam->has_type = 1;
  snprintf(fam->type, sizeof fam->type, "%s", rest);
  return 0;
}

/* Parses one label value after its opening quote; *pp ends after the closing quote. */
static int prom_label_value(char **pp, char *out, size_t cap) {
  char *p = *pp;
  size_t o = 0;
  for (;; p++) {
    char c = *p;
    if (!c) return -1;
    if (c == '"') break;
    if (c == '\\') {
      p++;
      if (*p == '\\') c = '\\';
      else if (*p == '"') c = '"';
      else if (*p == 'n') c = '\n';
      else return -1;
    }
    if (o + 1 >= cap) return -1;
    out[o++] = c;
  }
  out[o] = 0;
  *pp = p + 1;
  return 0;
}

static int prom_sample_line(prom_doc *d, char *l, int line, int *last) {
  if (d->ns == PROM_MAX_SAMPLES) return prom_fail(d, line, "too many samples", NULL);
  prom_sample *s = &d->s[d->ns];
  memset(s, 0, sizeof *s);
  s->line = line;
  char *p = l;
  size_t n = 0;
  while (*p && *p != '{' && *p != ' ' && *p != '\t') {
    if (n + 1 >= sizeof s->name) return prom_fail(d, line, "name too long", NULL);
    s->name[n++] = *p++;
  }
  if (!prom_is_name(s->name, 0)) return prom_fail(d, line, "bad metric name '%s'", s->name);
  if (*p == '{') {
    p++;
    while (*p != '}') {
      if (s->nlabels == PROM_MAX_LABELS) return prom_fail(d, line, "too many labels", NULL);
      char *ln = p;
      while (*p && *p != '=') p++;
      if (*p != '=') return prom_fail(d, line, "label without '='", NULL);
      *p++ = 0;
      if (!prom_is_name(ln, 1)) return prom_fail(d, line, "bad label name '%s'", ln);
      for (int i = 0; i < s->nlabels; i++)
        if (!strcmp(s->lname[i], ln)) return prom_fail(d, line, "label %s twice", ln);
      snprintf(s->lname[s->nlabels], sizeof s->lname[0], "%s", ln);
      if (*p++ != '"') return prom_fail(d, line, "label value not quoted", NULL);
      if (prom_label_value(&p, s->lval[s->nlabels], sizeof s->lval[0]) < 0)
        return prom_fail(d, line, "bad label value (escape or end)", NULL);
      s->nlabels++;
      if (*p == ',') p++;
      else if (*p != '}') return prom_fail(d, line, "expected ',' or '}' after a label", NULL);
    }
    p++;
  }
  if (*p != ' ' && *p != '\t') return prom_fail(d, line, "no blank before the value", NULL);
  while (*p == ' ' || *p == '\t') p++;
  char *val = p;
  while (*p && *p != ' ' && *p != '\t') p++;
  char *ts = NULL;
  if (*p) {
    *p++ = 0;
    while (*p == ' ' || *p == '\t') p++;
    if (*p) ts = p;
  }
  if (prom_parse_float(val, &s->value) < 0) return prom_fail(d, line, "bad value '%s'", val);
  if (ts) {
    char *end;
    strtoll(ts, &end, 10);
    if (*end) return prom_fail(d, line, "bad timestamp '%s'", ts);
  }
  int f = prom_family_of(d, s->name);
  if (f < 0 && (f = prom_new_family(d, s->name, line)) < 0) return -1;
  if (prom_enter_family(d, f, last, line) < 0) return -1;
  s->family = f;
  d->f[f].nsamples++;
  /* the same series twice? (labels compared in any order) */
  for (int i = 0; i < d->ns; i++) {
    prom_sample *o = &d->s[i];
    if (strcmp(o->name, s->name) || o->nlabels != s->nlabels) continue;
    int same = 1;
    for (int a = 0; a < s->nlabels && same; a++) {
      int found = 0;
      for (int b = 0; b < o->nlabels; b++)
        found |= !strcmp(s->lname[a], o->lname[b]) && !strcmp(s->lval[a], o->lval[b]);
      same = found;
    }
    if (same) return prom_fail(d, line, "series %s appears twice", s->name);
  }
  d->ns++;
  return 0;
}

static const char *prom_label(const prom_sample *s, const char *name) {
  for (int i = 0; i < s->nlabels; i++)
    if (!strcmp(s->lname[i], name)) return s->lval[i];
  return NULL;
}

/* Do a and b have the same labels, le aside? */
static int prom_same_labels_but_le(const prom_sample *a, const prom_sample *b) {
  int na = 0, nb = 0;
  for (int i = 0; i < a->nlabels; i++) {
    if (!strcmp(a->lname[i], "le")) continue;
    na++;
    const char *v = prom_label(b, a->lname[i]);
    if (!v || strcmp(v, a->lval[i])) return 0;
  }
  for (int i = 0; i < b->nlabels; i++) nb += strcmp(b->lname[i], "le") != 0;
  return na == nb;
}

static int prom_check_histogram(prom_doc *d, int f) {
  char bucket[160], sum[160], count[160];
  snprintf(bucket, sizeof bucket, "%s_bucket", d->f[f].name);
  snprintf(sum, sizeof sum, "%s_sum", d->f[f].name);
  snprintf(count, sizeof count, "%s_count", d->f[f].name);
  for (int i = 0; i < d->ns; i++) {
    prom_sample *s = &d->s[i];
    if (s->family != f) continue;
    if (strcmp(s->name, bucket) && strcmp(s->name, sum) && strcmp(s->name, count))
      return prom_fail(d, s->line, "histogram sample %s is not _bucket, _sum or _count", s->name);
    if (strcmp(s->name, bucket)) {
      if (prom_label(s, "le")) return prom_fail(d, s->line, "le label on %s", s->name);
      continue;
    }
    const char *le = prom_label(s, "le");
    double lev;
    if (!le || prom_parse_float(le, &lev) < 0) return prom_fail(d, s->line, "bucket without a numeric le", NULL);
    /* the first bucket of each label set: walk its buckets in order */
    int first = 1;
    for (int j = 0; j < i && first; j++)
      if (!strcmp(d->s[j].name, bucket) && prom_same_labels_but_le(&d->s[j], s)) first = 0;
    if (!first) continue;
    double prev_le = -INFINITY, prev_n = 0, inf_n = -1;
    for (int j = i; j < d->ns; j++) {
      prom_sample *b = &d->s[j];
      if (strcmp(b->name, bucket) || !prom_same_labels_but_le(b, s)) continue;
      double l;
      if (prom_parse_float(prom_label(b, "le") ? prom_label(b, "le") : "", &l) < 0)
        return prom_fail(d, b->line, "bucket without a numeric le", NULL);
      if (!(l > prev_le)) return prom_fail(d, b->line, "bucket le %s not ascending", prom_label(b, "le"));
      if (b->value < prev_n || isnan(b->value))
        return prom_fail(d, b->line, "bucket le %s count is not cumulative", prom_label(b, "le"));
      prev_le = l;
      prev_n = b->value;
      if (isinf(l) && l > 0) inf_n = b->value;
    }
    if (inf_n < 0) return prom_fail(d, s->line, "histogram %s has no le=\"+Inf\" bucket", d->f[f].name);
    int has_sum = 0, has_count = 0;
    for (int j = 0; j < d->ns; j++) {
      prom_sample *o = &d->s[j];
      if (!prom_same_labels_but_le(o, s)) continue;
      if (!strcmp(o->name, sum)) has_sum = 1;
      if (!strcmp(o->name, count)) {
        has_count = 1;
        if (o->value != inf_n) return prom_fail(d, o->line, "%s differs from the +Inf bucket", count);
      }
    }
    if (!has_sum || !has_count) return prom_fail(d, s->line, "histogram %s lacks _sum or _count", d->f[f].name);
  }
  return 0;
}

/* Parses text into d. 0, or -1 with d->err saying which line broke which rule. */
static inline int prom_parse(const char *text, prom_doc *d) {
  memset(d, 0, sizeof *d);
  size_t len = strlen(text);
  if (len == 0) return 0;
  if (text[len - 1] != '\n') return prom_fail(d, 0, "the last line does not end with a line feed", NULL);
  char *copy = strdup(text);
  if (!copy) return prom_fail(d, 0, "out of memory", NULL);
  int line = 0, last = -1, rc = 0;
  for (char *l = copy, *nl; rc == 0 && (nl = strchr(l, '\n')); l = nl + 1) {
    *nl = 0;
    line++;
    char *p = l;
    while (*p == ' ' || *p == '\t') p++;
    if (!*p) continue;
    rc = *p == '#' ? prom_comment(d, p, line, &last) : prom_sample_line(d, p, line, &last);
  }
  free(copy);
  for (int f = 0; rc == 0 && f < d->nf; f++) {
    prom_family *fam = &d->f[f];
    if (!strcmp(fam->type, "histogram")) rc = prom_check_histogram(d, f);
    if (rc == 0 && !strcmp(fam->type, "counter")) {
      size_t n = strlen(fam->name);
      if (n < 6 || strcmp(fam->name + n - 6, "_total")) rc = prom_fail(d, 0, "counter %s does not end in _total", fam->name);
      for (int i = 0; rc == 0 && i < d->ns; i++)
        if (d->s[i].family == f && !(d->s[i].value >= 0))
          rc = prom_fail(d, d->s[i].line, "counter %s is negative or NaN", fam->name);
    }
  }
  return rc;
}

/* The value of the sample name{labels} where the labels given (NULL-terminated name/value pairs)
   match; NAN if there is none. */
static inline double prom_value(const prom_doc *d, const char *name, const char *l1, const char *v1) {
  for (int i = 0; i < d->ns; i++) {
    if (strcmp(d->s[i].name, name)) continue;
    if (l1) {
      const char *v = prom_label(&d->s[i], l1);
      if (!v || strcmp(v, v1)) continue;
    }
    return d->s[i].value;
  }
  return NAN;
}
#endif
