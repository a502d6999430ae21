/* report_sarif.c - SARIF 2.1.0 for GitHub code scanning: rules, results with fingerprints and code flows, notifications. */
#include <cjson/cJSON.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "report/report.h"
#include "report/report_internal.h"

#ifndef PQL_VERSION
#error "PQL_VERSION is set by src/lint/CMakeLists.txt from the project VERSION (the one version source)"
#endif
#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_MAX_RESULTS 25000 /* GitHub's limit of results per run */

/* A growable string; on ENOMEM ok becomes 0 and further appends are ignored. */
typedef struct sarif_buf {
  char* s;
  size_t n, cap;
  int ok;
} sarif_buf;

static void sb_putn(sarif_buf* b, const char* s, size_t n) {
  if (!b->ok) return;
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (b->n + n + 1 > cap) cap *= 2;
    char* ns = realloc(b->s, cap);
    if (!ns) {
      b->ok = 0;
      return;
    }
    b->s = ns;
    b->cap = cap;
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = '\0';
}

static void sb_puts(sarif_buf* b, const char* s) { sb_putn(b, s, strlen(s)); }

/* Appends s percent-encoded: everything but A-Z a-z 0-9 - . _ ~ and '/'. */
static void sb_put_encoded(sarif_buf* b, const char* s) {
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char* p = (const unsigned char*)s; *p; p++) {
    unsigned char c = *p;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~' || c == '/') {
      sb_putn(b, (const char*)p, 1);
    } else {
      char e[3] = {'%', hex[c >> 4], hex[c & 15]};
      sb_putn(b, e, 3);
    }
  }
}

/* Lexically normalises an absolute path in place: drops "." and empty
 * components, resolves ".." against the previous component. */
static void sarif_normalise(char* path) {
  char* out = path;
  const char* p = path;
  while (*p) {
    while (*p == '/') p++;
    const char* s = p;
    while (*p && *p != '/') p++;
    size_t n = (size_t)(p - s);
    if (n == 0 || (n == 1 && s[0] == '.')) continue;
    if (n == 2 && s[0] == '.' && s[1] == '.') {
      while (out > path && out[-1] != '/') out--;
      if (out > path) out--;
      continue;
    }
    *out++ = '/';
    memmove(out, s, n);
    out += n;
  }
  if (out == path) *out++ = '/';
  *out = '\0';
}

typedef struct sarif_ctx {
  const lint_run* run;
  report_srcs srcs;
  char* outside;  /* common ancestor folder of srcroot and every file outside it, or NULL */
} sarif_ctx;

/* Shrinks c->outside to the common ancestor folder of itself and abs. */
static void sarif_note_outside(sarif_ctx* c, const char* abs) {
  if (!c->outside) {
    c->outside = c->run->srcroot ? strdup(c->run->srcroot) : NULL;
    if (!c->outside) return;
    sarif_normalise(c->outside);
  }
  size_t i = 0, last = 0;
  while (c->outside[i] && abs[i] && c->outside[i] == abs[i]) {
    if (abs[i] == '/') last = i;
    i++;
  }
  if (!c->outside[i] && (abs[i] == '/' || !abs[i])) return; /* already an ancestor */
  c->outside[last ? last : 1] = '\0';
}

/* The artifactLocation of path: {"uri": relative, "uriBaseId": "%SRCROOT%"}
 * when path lies under srcroot, else {"uri": "file:///abs/path"} (GitHub
 * rejects "../" URIs). NULL on ENOMEM. */
static cJSON* sarif_artifact(sarif_ctx* c, const char* path) {
  const char* srcroot = c->run->srcroot;
  /* relative paths are relative to the folder pqlint ran in (run->cwd) */
  char* abs = path[0] == '/' || !srcroot ? strdup(path) : report_abs_path(c->run, path);
  char* root = srcroot ? strdup(srcroot) : NULL;
  if (!abs || (srcroot && !root)) {
    free(abs);
    free(root);
    return NULL;
  }
  sarif_normalise(abs);
  const char* rel = NULL;
  if (root) {
    sarif_normalise(root);
    size_t rl = strlen(root);
    if (rl == 1) rel = abs + 1;
    else if (!strncmp(abs, root, rl) && abs[rl] == '/') rel = abs + rl + 1;
    if (rel && !*rel) rel = NULL;
  }
  if (!rel && root) {
    /* perhaps under srcroot once symlinks are resolved */
    char ra[PATH_MAX], rr[PATH_MAX];
    if (realpath(abs, ra) && realpath(root, rr)) {
      size_t rl = strlen(rr);
      if (!strncmp(ra, rr, rl) && ra[rl] == '/' && ra[rl + 1]) {
        char* r2 = strdup(ra + rl + 1);
        if (r2) {
          free(abs);
          abs = r2;
          rel = abs;
        }
      }
    }
  }
  sarif_buf b = {.ok = 1};
  if (rel) {
    sb_put_encoded(&b, rel);
  } else {
    sarif_note_outside(c, abs);
    sb_puts(&b, "file://");
    sb_put_encoded(&b, abs);
  }
  free(abs);
  free(root);
  cJSON* o = cJSON_CreateObject();
  if (!b.ok || !o) {
    free(b.s);
    cJSON_Delete(o);
    return NULL;
  }
  cJSON_AddStringToObject(o, "uri", b.s ? b.s : "");
  if (rel) cJSON_AddStringToObject(o, "uriBaseId", "%SRCROOT%");
  free(b.s);
  return o;
}

/* Message text ending in a period (SARIF's style rule SARIF2001). */
static cJSON* sarif_message(const char* text) {
  cJSON* m = cJSON_CreateObject();
  if (!m) return NULL;
  const char* t = text && *text ? text : "(no message)";
  size_t n = strlen(t);
  if (t[n - 1] == '.' || t[n - 1] == '!' || t[n - 1] == '?') {
    cJSON_AddStringToObject(m, "text", t);
  } else {
    char* s = malloc(n + 2);
    if (!s) {
      cJSON_Delete(m);
      return NULL;
    }
    memcpy(s, t, n);
    s[n] = '.';
    s[n + 1] = '\0';
    cJSON_AddStringToObject(m, "text", s);
    free(s);
  }
  return m;
}

/* A physicalLocation with a region in UTF-16 code unit columns. */
static cJSON* sarif_physical(sarif_ctx* c, const finding_loc* l, const char* dflt_file) {
  const char* file = l->file ? l->file : dflt_file;
  cJSON* pl = cJSON_CreateObject();
  if (!pl) return NULL;
  cJSON_AddItemToObject(pl, "artifactLocation", sarif_artifact(c, file));
  unsigned line = l->line ? l->line : 1;
  unsigned col = l->col ? l->col : 1;
  unsigned eline = l->end_line >= line ? l->end_line : line;
  unsigned ecol = l->end_col ? l->end_col : col;
  unsigned scol16 = report_src_utf16_col(&c->srcs, file, line, col);
  unsigned ecol16 = report_src_utf16_col(&c->srcs, file, eline, ecol);
  if (eline == line && ecol16 <= scol16) ecol16 = scol16 + 1;
  cJSON* r = cJSON_AddObjectToObject(pl, "region");
  if (r) {
    cJSON_AddNumberToObject(r, "startLine", line);
    cJSON_AddNumberToObject(r, "startColumn", scol16);
    cJSON_AddNumberToObject(r, "endLine", eline);
    cJSON_AddNumberToObject(r, "endColumn", ecol16);
  }
  return pl;
}

/* A location object; msg may be NULL; id < 0 means no id. */
static cJSON* sarif_location(sarif_ctx* c, const finding_loc* l, const char* dflt_file, long id,
                             const char* msg) {
  cJSON* o = cJSON_CreateObject();
  if (!o) return NULL;
  if (id >= 0) cJSON_AddNumberToObject(o, "id", (double)id);
  cJSON_AddItemToObject(o, "physicalLocation", sarif_physical(c, l, dflt_file));
  if (msg) cJSON_AddItemToObject(o, "message", sarif_message(msg));
  return o;
}

static const char* sarif_problem_severity(finding_level lv) {
  return lv == FINDING_ERROR ? "error" : lv == FINDING_WARNING ? "warning" : "recommendation";
}

/* security-severity scores (CVSS-like, GitHub's scale) for the security rules. */
static const char* sarif_security_severity(const model_rule* r) {
  if (!strcmp(r->id, "hardcoded-secret")) return "7.5";
  if (!strcmp(r->id, "use-after-release")) return "6.5";
  if (!strcmp(r->id, "double-release")) return "6.5";
  for (size_t i = 0; i < r->ntags; i++)
    if (!strcmp(r->tags[i], "security")) return "5.0";
  return NULL;
}

static cJSON* sarif_text(const char* s) {
  cJSON* o = cJSON_CreateObject();
  if (o) cJSON_AddStringToObject(o, "text", s && *s ? s : "(none)");
  return o;
}

/* One reportingDescriptor of the catalogue. */
static cJSON* sarif_rule(const model_rule* r) {
  cJSON* o = cJSON_CreateObject();
  if (!o) return NULL;
  cJSON_AddStringToObject(o, "id", r->id);
  if (r->name) cJSON_AddStringToObject(o, "name", r->name);
  cJSON_AddItemToObject(o, "shortDescription", sarif_text(r->short_desc ? r->short_desc : r->id));
  cJSON_AddItemToObject(o, "fullDescription",
                        sarif_text(r->full_desc ? r->full_desc : r->short_desc ? r->short_desc : r->id));
  cJSON* help = sarif_text(r->help_text ? r->help_text : r->full_desc ? r->full_desc : r->id);
  if (help && r->help_markdown) cJSON_AddStringToObject(help, "markdown", r->help_markdown);
  cJSON_AddItemToObject(o, "help", help);
  cJSON* dc = cJSON_AddObjectToObject(o, "defaultConfiguration");
  if (dc) cJSON_AddStringToObject(dc, "level", finding_level_name(r->level));
  cJSON* p = cJSON_AddObjectToObject(o, "properties");
  if (p) {
    cJSON* tags = cJSON_AddArrayToObject(p, "tags");
    for (size_t i = 0; tags && i < r->ntags && i < 20; i++)
      cJSON_AddItemToArray(tags, cJSON_CreateString(r->tags[i]));
    cJSON_AddStringToObject(p, "precision", r->precision ? r->precision : "high");
    cJSON_AddStringToObject(p, "problem.severity", sarif_problem_severity(r->level));
    const char* sec = sarif_security_severity(r);
    if (sec) cJSON_AddStringToObject(p, "security-severity", sec);
  }
  return o;
}

/* The rules array: every rule of the catalogue in its order, then any rule
 * id a finding uses that the catalogue lacks (a minimal descriptor). */
static cJSON* sarif_rules(const lint_run* run, const char*** ids, size_t* nids) {
  const model_set* m = run->models;
  size_t nr = m ? m->nrules : 0;
  size_t cap = nr + 8;
  *ids = malloc(cap * sizeof **ids);
  *nids = 0;
  cJSON* a = cJSON_CreateArray();
  if (!*ids || !a) {
    cJSON_Delete(a);
    return NULL;
  }
  for (size_t i = 0; i < nr; i++) {
    cJSON_AddItemToArray(a, sarif_rule(&m->rules[i]));
    (*ids)[(*nids)++] = m->rules[i].id;
  }
  for (size_t i = 0; i < run->findings.n; i++) {
    const finding* f = &run->findings.v[i];
    if (!report_visible(f) || !f->rule) continue;
    size_t k = 0;
    while (k < *nids && strcmp((*ids)[k], f->rule)) k++;
    if (k < *nids) continue;
    if (*nids == cap) {
      cap *= 2;
      const char** n = realloc(*ids, cap * sizeof *n);
      if (!n) {
        cJSON_Delete(a);
        return NULL;
      }
      *ids = n;
    }
    model_rule r = {.id = (char*)f->rule, .short_desc = (char*)f->rule, .level = f->level,
                    .precision = "medium"};
    cJSON_AddItemToArray(a, sarif_rule(&r));
    (*ids)[(*nids)++] = f->rule;
  }
  return a;
}

static cJSON* sarif_result(sarif_ctx* c, const finding* f, const char* const* ids, size_t nids) {
  cJSON* o = cJSON_CreateObject();
  if (!o) return NULL;
  cJSON_AddStringToObject(o, "ruleId", f->rule);
  for (size_t k = 0; k < nids; k++)
    if (!strcmp(ids[k], f->rule)) {
      cJSON_AddNumberToObject(o, "ruleIndex", (double)k);
      break;
    }
  cJSON_AddStringToObject(o, "level", finding_level_name(f->level));
  cJSON_AddItemToObject(o, "message", sarif_message(f->message));
  cJSON* locs = cJSON_AddArrayToObject(o, "locations");
  if (locs) cJSON_AddItemToArray(locs, sarif_location(c, &f->loc, f->loc.file, -1, NULL));
  const char* h = report_src_hash(&c->srcs, f->loc.file, f->loc.line);
  if (h) {
    cJSON* pf = cJSON_AddObjectToObject(o, "partialFingerprints");
    if (pf) cJSON_AddStringToObject(pf, "primaryLocationLineHash", h);
  }
  if (f->nsteps) {
    cJSON* cfs = cJSON_AddArrayToObject(o, "codeFlows");
    cJSON* cf = cJSON_CreateObject();
    cJSON_AddItemToArray(cfs, cf);
    cJSON* tfs = cf ? cJSON_AddArrayToObject(cf, "threadFlows") : NULL;
    cJSON* tf = cJSON_CreateObject();
    cJSON_AddItemToArray(tfs, tf);
    cJSON* tl = tf ? cJSON_AddArrayToObject(tf, "locations") : NULL;
    for (size_t i = 0; tl && i < f->nsteps && i < 1000; i++) {
      cJSON* t = cJSON_CreateObject();
      cJSON_AddItemToArray(tl, t);
      if (t)
        cJSON_AddItemToObject(t, "location",
                              sarif_location(c, &f->steps[i], f->loc.file, -1,
                                             f->steps[i].msg ? f->steps[i].msg : "step"));
    }
  }
  if (f->nrelated) {
    cJSON* rl = cJSON_AddArrayToObject(o, "relatedLocations");
    for (size_t i = 0; rl && i < f->nrelated && i < 100; i++)
      cJSON_AddItemToArray(rl, sarif_location(c, &f->related[i], f->loc.file, (long)i + 1,
                                              f->related[i].msg ? f->related[i].msg : "related"));
  }
  return o;
}

/* Appends to array a one toolExecutionNotification: level warning, msg, the file and, when line
 * > 0, its line and, when function is not NULL, a logical location. Nothing is added on ENOMEM
 * (the report is still valid without it); msg stays the caller's. */
static void sarif_add_notification(sarif_ctx* c, cJSON* a, const char* path, int line,
                                   const char* function, const char* msg) {
  cJSON* n = cJSON_CreateObject();
  if (!n) return;
  cJSON_AddItemToArray(a, n);
  cJSON_AddStringToObject(n, "level", "warning");
  if (msg) cJSON_AddItemToObject(n, "message", sarif_message(msg));
  cJSON* locs = cJSON_AddArrayToObject(n, "locations");
  cJSON* l = cJSON_CreateObject();
  cJSON_AddItemToArray(locs, l);
  cJSON* pl = l ? cJSON_AddObjectToObject(l, "physicalLocation") : NULL;
  if (pl) {
    cJSON_AddItemToObject(pl, "artifactLocation", sarif_artifact(c, path));
    cJSON* rg = line > 0 ? cJSON_AddObjectToObject(pl, "region") : NULL;
    if (rg) cJSON_AddNumberToObject(rg, "startLine", line);
  }
  if (!function) return;
  cJSON* lls = l ? cJSON_AddArrayToObject(l, "logicalLocations") : NULL;
  cJSON* ll = cJSON_CreateObject();
  if (lls && ll) {
    cJSON_AddItemToArray(lls, ll);
    cJSON_AddStringToObject(ll, "name", function);
    cJSON_AddStringToObject(ll, "kind", "function");
  } else {
    cJSON_Delete(ll);
  }
}

/* Appends to array a the notification of one suppression-comment warning: level warning, the
 * message after "FILE:LINE:COL: " as stderr prints it, the comment's rule id as the location
 * (UTF-16 columns, as results have them). Nothing is added on ENOMEM. */
static void sarif_add_sup_warning(sarif_ctx* c, cJSON* a, const lint_sup_warning* w) {
  size_t len = strlen(w->file) + strlen(w->message) + 48;
  char* msg = malloc(len);
  cJSON* n = cJSON_CreateObject();
  cJSON* locs = n ? cJSON_AddArrayToObject(n, "locations") : NULL;
  if (!msg || !locs) {
    free(msg);
    cJSON_Delete(n);
    return;
  }
  snprintf(msg, len, "%s:%u:%u: %s", w->file, w->line, w->col, w->message);
  cJSON_AddStringToObject(n, "level", "warning");
  cJSON_AddItemToObject(n, "message", sarif_message(msg));
  finding_loc at = {.file = w->file, .line = w->line, .col = w->col, .end_line = w->line, .end_col = w->end_col};
  cJSON_AddItemToArray(locs, sarif_location(c, &at, w->file, -1, NULL));
  cJSON_AddItemToArray(a, n);
  free(msg);
}

/* toolExecutionNotifications: one warning per file with parse errors, one
 * per file analysed incompletely for another cause, one per suppression-comment
 * warning, the count of incomplete files, one per function where the path
 * analysis stopped early. */
static cJSON* sarif_notifications(sarif_ctx* c) {
  cJSON* a = cJSON_CreateArray();
  for (size_t i = 0; a && i < c->run->nfiles; i++) {
    const lint_file* lf = &c->run->files[i];
    if (lf->parse_errors <= 0) continue;
    size_t len = strlen(lf->path) + (lf->first_error ? strlen(lf->first_error) : 10) + 96;
    char* msg = malloc(len);
    if (msg)
      snprintf(msg, len, "%s: %d parse error%s, analysed as far as it parsed; first: %s", lf->path,
               lf->parse_errors, lf->parse_errors == 1 ? "" : "s",
               lf->first_error ? lf->first_error : "(unknown)");
    sarif_add_notification(c, a, lf->path, 0, NULL, msg);
    free(msg);
  }
  for (size_t i = 0; a && i < c->run->nfiles; i++) {
    const lint_file* lf = &c->run->files[i];
    if (!lf->incomplete) continue;
    size_t len = strlen(lf->path) + strlen(lf->incomplete) + 48;
    char* msg = malloc(len);
    if (msg) snprintf(msg, len, "%s: analysed incompletely: %s", lf->path, lf->incomplete);
    sarif_add_notification(c, a, lf->path, 0, NULL, msg);
    free(msg);
  }
  for (size_t i = 0; a && i < c->run->nsup_warnings; i++) /* suppression comments, at the rule id */
    sarif_add_sup_warning(c, a, &c->run->sup_warnings[i]);
  size_t inc_files, inc_fns;
  report_count_incomplete(c->run, &inc_files, &inc_fns);
  if (a && inc_files) { /* the count, as the summary line says it */
    cJSON* n = cJSON_CreateObject();
    char msg[160];
    snprintf(msg, sizeof msg, "%zu file%s (%zu function%s that touch a handle) analysed incompletely",
             inc_files, inc_files == 1 ? "" : "s", inc_fns, inc_fns == 1 ? "" : "s");
    if (n) {
      cJSON_AddStringToObject(n, "level", "warning");
      cJSON_AddItemToObject(n, "message", sarif_message(msg));
      cJSON_AddItemToArray(a, n);
    }
  }
  for (size_t i = 0; a && i < c->run->nfiles; i++) {
    const lint_file* lf = &c->run->files[i];
    for (size_t g = 0; g < lf->ngave_up; g++) {
      size_t len = strlen(lf->path) + strlen(lf->gave_up[g].function) + 128;
      char* msg = malloc(len);
      if (msg)
        snprintf(msg, len, "%s: path analysis stopped in %s() after too many paths; findings there may be incomplete",
                 lf->path, lf->gave_up[g].function);
      sarif_add_notification(c, a, lf->path, lf->gave_up[g].line, lf->gave_up[g].function, msg);
      free(msg);
    }
  }
  return a;
}

/* Builds the log; NULL on ENOMEM. */
static cJSON* sarif_build(sarif_ctx* c) {
  const lint_run* run = c->run;
  cJSON* root = cJSON_CreateObject();
  if (!root) return NULL;
  cJSON_AddStringToObject(root, "$schema", SARIF_SCHEMA);
  cJSON_AddStringToObject(root, "version", "2.1.0");
  cJSON* runs = cJSON_AddArrayToObject(root, "runs");
  cJSON* r = cJSON_CreateObject();
  if (!runs || !r) {
    cJSON_Delete(r);
    cJSON_Delete(root);
    return NULL;
  }
  cJSON_AddItemToArray(runs, r);
  cJSON* tool = cJSON_AddObjectToObject(r, "tool");
  cJSON* drv = tool ? cJSON_AddObjectToObject(tool, "driver") : NULL;
  const char** ids = NULL;
  size_t nids = 0;
  if (drv) {
    cJSON_AddStringToObject(drv, "name", "pqlint");
    cJSON_AddStringToObject(drv, "version", PQL_VERSION);
    cJSON_AddStringToObject(drv, "semanticVersion", PQL_VERSION);
    /* no informationUri (optional, SARIF 2.1.0 3.19.17): the project has no public home to name */
    cJSON* rules = sarif_rules(run, &ids, &nids);
    if (rules) cJSON_AddItemToObject(drv, "rules", rules);
  }
  /* file:///abs/srcroot/ : %SRCROOT%, and the working directory GitHub
   * relativises absolute URIs (files outside srcroot) against */
  sarif_buf b = {.ok = 1};
  if (run->srcroot) {
    char* root = strdup(run->srcroot);
    if (root) {
      sarif_normalise(root);
      sb_puts(&b, "file://");
      sb_put_encoded(&b, root);
      if (b.n && b.s[b.n - 1] != '/') sb_puts(&b, "/");
      free(root);
    }
  }
  const char* root_uri = b.ok && b.s ? b.s : NULL;
  cJSON* inv = cJSON_AddArrayToObject(r, "invocations");
  cJSON* i0 = cJSON_CreateObject();
  cJSON_AddItemToArray(inv, i0);
  if (i0) {
    cJSON_AddBoolToObject(i0, "executionSuccessful", 1);
    cJSON_AddItemToObject(i0, "toolExecutionNotifications", sarif_notifications(c));
  }
  if (root_uri) {
    cJSON* ob = cJSON_AddObjectToObject(r, "originalUriBaseIds");
    cJSON* sr = ob ? cJSON_AddObjectToObject(ob, "%SRCROOT%") : NULL;
    if (sr) cJSON_AddStringToObject(sr, "uri", root_uri);
  }
  cJSON_AddStringToObject(r, "columnKind", "utf16CodeUnits");
  /* GitHub rejects a whole file with more than SARIF_MAX_RESULTS results
   * in a run: keep the most severe ones (in the usual order) and say so */
  size_t per[3] = {0, 0, 0}, total = 0;
  for (size_t i = 0; i < run->findings.n; i++)
    if (report_visible(&run->findings.v[i])) {
      per[run->findings.v[i].level <= FINDING_ERROR ? run->findings.v[i].level : FINDING_ERROR]++;
      total++;
    }
  int min_level = FINDING_NOTE;
  size_t room = SARIF_MAX_RESULTS, partial = SIZE_MAX;
  if (total > SARIF_MAX_RESULTS) {
    for (int lv = FINDING_ERROR; lv >= FINDING_NOTE; lv--) {
      min_level = lv;
      if (per[lv] >= room) {
        partial = room; /* only `room` findings of this level fit */
        break;
      }
      room -= per[lv];
    }
    cJSON* notes = i0 ? cJSON_GetObjectItemCaseSensitive(i0, "toolExecutionNotifications") : NULL;
    cJSON* n = cJSON_CreateObject();
    if (notes && n) {
      char msg[256];
      snprintf(msg, sizeof msg,
               "%zu of %zu results left out: GitHub accepts at most %d results in a run; "
               "the most severe are kept",
               total - SARIF_MAX_RESULTS, total, SARIF_MAX_RESULTS);
      cJSON_AddStringToObject(n, "level", "warning");
      cJSON_AddItemToObject(n, "message", sarif_message(msg));
      cJSON_AddItemToArray(notes, n);
    } else {
      cJSON_Delete(n);
    }
  }
  cJSON* res = cJSON_AddArrayToObject(r, "results");
  for (size_t i = 0; res && i < run->findings.n; i++) {
    const finding* f = &run->findings.v[i];
    if (!report_visible(f) || (int)f->level < min_level) continue;
    if ((int)f->level == min_level && partial != SIZE_MAX) {
      if (partial == 0) continue;
      partial--;
    }
    cJSON_AddItemToArray(res, sarif_result(c, f, ids, nids));
  }
  free(ids);
  /* workingDirectory: srcroot, or the common ancestor of srcroot and the
   * files outside it (GitHub resolves absolute URIs against it: GH1006) */
  if (i0 && root_uri) {
    cJSON* wd = cJSON_AddObjectToObject(i0, "workingDirectory");
    if (wd && c->outside) {
      sarif_buf w = {.ok = 1};
      sb_puts(&w, "file://");
      sb_put_encoded(&w, c->outside);
      if (w.ok && w.s[w.n - 1] != '/') sb_puts(&w, "/");
      if (w.ok) cJSON_AddStringToObject(wd, "uri", w.s);
      free(w.s);
    } else if (wd) {
      cJSON_AddStringToObject(wd, "uri", root_uri);
    }
  }
  free(b.s);
  return root;
}

/* Writes the SARIF log as compact JSON plus a newline: 0, PQL_ENOMEM or
 * PQL_EIO. Reads each source file once (fingerprints, UTF-16 columns). */
int report_sarif(const lint_run* run, FILE* out) {
  sarif_ctx c = {.run = run};
  cJSON* root = sarif_build(&c);
  report_srcs_free(&c.srcs);
  free(c.outside);
  if (!root) return PQL_ENOMEM;
  char* s = cJSON_PrintUnformatted(root);
  cJSON_Delete(root);
  if (!s) return PQL_ENOMEM;
  int rc = fputs(s, out) < 0 || fputc('\n', out) == EOF ? PQL_EIO : PQL_OK;
  free(s);
  return rc;
}
