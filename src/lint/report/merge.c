/* merge.c - "pqlint merge A.sarif B.sarif ... -o all.sarif": one run, rules unioned, results de-duplicated and sorted. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/outfile.h"
#include "report/merge.h"
#include "base/readfile.h"
#include "report/report_internal.h"

static const char merge_usage[] =
    "usage: pqlint merge FILE.sarif... [-o OUT.sarif]\n"
    "Combines SARIF reports of pqlint (for example one per --shard) into one run:\n"
    "rules are unioned, a result that appears in several inputs (same rule,\n"
    "location and fingerprint) is kept once, results are sorted as pqlint sorts\n"
    "them. Writes OUT atomically (stdout without -o). Exit: 0 merged, 2 error.\n";

/* Reads a whole file; NULL (errbuf set) on failure. */
static char* merge_slurp(const char* path, char* errbuf, size_t errlen) {
  char* buf = readfile(path, NULL);
  if (!buf) snprintf(errbuf, errlen, "%s: cannot read: %s", path, readfile_strerror(errno));
  return buf;
}

static int merge_hex(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Percent-decodes s into a new string (for sorting URIs as paths); NULL
 * on ENOMEM. */
static char* merge_uri_decode(const char* s) {
  char* out = malloc(strlen(s) + 1);
  if (!out) return NULL;
  char* o = out;
  for (; *s; s++) {
    if (*s == '%' && merge_hex(s[1]) >= 0 && merge_hex(s[2]) >= 0) {
      *o++ = (char)(merge_hex(s[1]) * 16 + merge_hex(s[2]));
      s += 2;
    } else {
      *o++ = *s;
    }
  }
  *o = '\0';
  return out;
}

/* What results are sorted and de-duplicated by. */
typedef struct merge_item {
  cJSON* result;   /* owned by the output log once placed */
  char* path;      /* decoded URI of the primary location */
  long line, col;
  const char* rule;
  const char* msg;
  char* dedup;     /* ruleId + location + fingerprint, as compact JSON */
  char* whole;     /* the whole result, compact: the final tie-breaker */
} merge_item;

static const char* merge_str(const cJSON* o, const char* key) {
  const cJSON* v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static long merge_num(const cJSON* o, const char* key) {
  const cJSON* v = cJSON_GetObjectItemCaseSensitive(o, key);
  /* out of long's range (1e300, inf) the cast is undefined: such a number counts as absent */
  return cJSON_IsNumber(v) && v->valuedouble > -2e9 && v->valuedouble < 2e9 ? (long)v->valuedouble : 0;
}

#define MERGE_MAX_RESULTS 25000 /* GitHub's limit of results per run */

/* 2 error, 1 warning (SARIF's default), 0 note/none. */
static int merge_level(const cJSON* result) {
  const char* lv = merge_str(result, "level");
  if (!lv) return 1;
  return !strcmp(lv, "error") ? 2 : !strcmp(lv, "warning") ? 1 : 0;
}

static int merge_item_cmp(const void* a, const void* b) {
  const merge_item *x = a, *y = b;
  int c = strcmp(x->path, y->path);
  if (c) return c;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  if (x->col != y->col) return x->col < y->col ? -1 : 1;
  if ((c = strcmp(x->rule, y->rule))) return c;
  if ((c = strcmp(x->msg, y->msg))) return c;
  return strcmp(x->whole, y->whole);
}

static int merge_dedup_cmp(const void* a, const void* b) {
  const merge_item *x = *(merge_item* const*)a, *y = *(merge_item* const*)b;
  return strcmp(x->dedup, y->dedup);
}

typedef struct merge_state {
  cJSON* out_run;        /* the first run, deep-copied: the skeleton */
  cJSON* rules;          /* union, in order of first appearance */
  merge_item* items;
  size_t nitems, capitems;
  cJSON* notes;          /* toolExecutionNotifications, union */
  int success;           /* AND of executionSuccessful */
  char* workdir;         /* common ancestor of workingDirectory URIs */
} merge_state;

/* Index of rule id in the union, adding a copy of desc (or a minimal
 * descriptor) if new; -1 on ENOMEM. */
static long merge_rule_index(merge_state* st, const char* id, const cJSON* desc) {
  long i = 0;
  const cJSON* r;
  cJSON_ArrayForEach(r, st->rules) {
    const char* rid = merge_str(r, "id");
    if (rid && !strcmp(rid, id)) return i;
    i++;
  }
  cJSON* copy = desc ? cJSON_Duplicate(desc, 1) : cJSON_CreateObject();
  if (!copy) return -1;
  if (!desc) {
    cJSON_AddStringToObject(copy, "id", id);
    cJSON* sd = cJSON_AddObjectToObject(copy, "shortDescription");
    if (sd) cJSON_AddStringToObject(sd, "text", id);
  }
  cJSON_AddItemToArray(st->rules, copy);
  return i;
}

/* Shrinks st->workdir to the longest common folder prefix with uri. */
static void merge_workdir(merge_state* st, const char* uri) {
  if (!uri) return;
  if (!st->workdir) {
    st->workdir = strdup(uri);
    return;
  }
  size_t i = 0, last = 0;
  while (st->workdir[i] && uri[i] && st->workdir[i] == uri[i]) {
    if (uri[i] == '/') last = i;
    i++;
  }
  if (!st->workdir[i]) return;
  st->workdir[last + 1] = '\0';
}

/* Adds one run of input `path` to the state. Returns 0, or PQL_EINPUT /
 * PQL_ENOMEM with errbuf set. */
static int merge_run(merge_state* st, const char* path, size_t ri, cJSON* run, char* errbuf,
                     size_t errlen) {
  const cJSON* tool = cJSON_GetObjectItemCaseSensitive(run, "tool");
  const cJSON* drv = tool ? cJSON_GetObjectItemCaseSensitive(tool, "driver") : NULL;
  const char* name = drv ? merge_str(drv, "name") : NULL;
  if (!name || strcmp(name, "pqlint")) {
    snprintf(errbuf, errlen, "%s: runs[%zu] is from %s%s%s, not pqlint", path, ri,
             name ? "'" : "", name ? name : "an unnamed tool", name ? "'" : "");
    return PQL_EINPUT;
  }
  if (!st->out_run) {
    st->out_run = cJSON_Duplicate(run, 1);
    if (!st->out_run) return PQL_ENOMEM;
  }
  const cJSON* rules = cJSON_GetObjectItemCaseSensitive(drv, "rules");
  const cJSON* r;
  cJSON_ArrayForEach(r, rules) {
    const char* id = merge_str(r, "id");
    if (id && merge_rule_index(st, id, r) < 0) return PQL_ENOMEM;
  }
  const cJSON* invs = cJSON_GetObjectItemCaseSensitive(run, "invocations");
  const cJSON* inv;
  cJSON_ArrayForEach(inv, invs) {
    const cJSON* ok = cJSON_GetObjectItemCaseSensitive(inv, "executionSuccessful");
    if (!cJSON_IsTrue(ok)) st->success = 0;
    const cJSON* wd = cJSON_GetObjectItemCaseSensitive(inv, "workingDirectory");
    if (wd) merge_workdir(st, merge_str(wd, "uri"));
    const cJSON* n;
    cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(inv, "toolExecutionNotifications")) {
      char* a = cJSON_PrintUnformatted(n);
      int dup = 0;
      const cJSON* m;
      cJSON_ArrayForEach(m, st->notes) {
        char* b = cJSON_PrintUnformatted(m);
        dup = a && b && !strcmp(a, b);
        free(b);
        if (dup) break;
      }
      free(a);
      if (!dup) cJSON_AddItemToArray(st->notes, cJSON_Duplicate(n, 1));
    }
  }
  cJSON* results = cJSON_GetObjectItemCaseSensitive(run, "results");
  if (results && !cJSON_IsArray(results)) {
    snprintf(errbuf, errlen, "%s: runs[%zu].results is not an array", path, ri);
    return PQL_EINPUT;
  }
  cJSON* res;
  size_t k = 0;
  cJSON_ArrayForEach(res, results) {
    const char* rule = merge_str(res, "ruleId");
    if (!rule) {
      /* ruleId may be given only by ruleIndex into this run's rules */
      const cJSON* byidx = cJSON_GetArrayItem(rules, (int)merge_num(res, "ruleIndex"));
      rule = byidx ? merge_str(byidx, "id") : NULL;
    }
    const cJSON* locs = cJSON_GetObjectItemCaseSensitive(res, "locations");
    const cJSON* pl = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(locs, 0), "physicalLocation");
    const cJSON* al = cJSON_GetObjectItemCaseSensitive(pl, "artifactLocation");
    const cJSON* rg = cJSON_GetObjectItemCaseSensitive(pl, "region");
    const char* uri = merge_str(al, "uri");
    if (!rule || !uri) {
      snprintf(errbuf, errlen, "%s: runs[%zu].results[%zu] has no %s", path, ri, k,
               rule ? "locations[0].physicalLocation.artifactLocation.uri" : "ruleId");
      return PQL_EINPUT;
    }
    long idx = merge_rule_index(st, rule, NULL);
    if (idx < 0) return PQL_ENOMEM;
    cJSON* copy = cJSON_Duplicate(res, 1);
    if (!copy) return PQL_ENOMEM;
    if (cJSON_GetObjectItemCaseSensitive(copy, "ruleIndex"))
      cJSON_ReplaceItemInObjectCaseSensitive(copy, "ruleIndex", cJSON_CreateNumber((double)idx));
    else
      cJSON_AddNumberToObject(copy, "ruleIndex", (double)idx);
    if (st->nitems == st->capitems) {
      size_t cap = st->capitems ? st->capitems * 2 : 64;
      merge_item* v = realloc(st->items, cap * sizeof *v);
      if (!v) {
        cJSON_Delete(copy);
        return PQL_ENOMEM;
      }
      st->items = v;
      st->capitems = cap;
    }
    merge_item* it = &st->items[st->nitems];
    memset(it, 0, sizeof *it);
    it->result = copy;
    /* not `rule`: given by ruleIndex it points into the input log, freed
     * before the sort (heap-use-after-free found by fuzz_merge); the union's
     * descriptor lives as long as the state */
    it->rule = merge_str(cJSON_GetArrayItem(st->rules, (int)idx), "id");
    if (!it->rule) it->rule = merge_str(copy, "ruleId") ? merge_str(copy, "ruleId") : "";
    const cJSON* msg = cJSON_GetObjectItemCaseSensitive(copy, "message");
    it->msg = msg && merge_str(msg, "text") ? merge_str(msg, "text") : "";
    it->path = merge_uri_decode(uri);
    it->line = merge_num(rg, "startLine");
    it->col = merge_num(rg, "startColumn");
    cJSON* key = cJSON_CreateArray();
    cJSON_AddItemToArray(key, cJSON_CreateString(it->rule));
    cJSON_AddItemToArray(key, cJSON_Duplicate(pl, 1));
    const cJSON* pf = cJSON_GetObjectItemCaseSensitive(res, "partialFingerprints");
    const char* h = merge_str(pf, "primaryLocationLineHash");
    cJSON_AddItemToArray(key, h ? cJSON_CreateString(h) : cJSON_CreateNull());
    it->dedup = key ? cJSON_PrintUnformatted(key) : NULL;
    cJSON_Delete(key);
    it->whole = cJSON_PrintUnformatted(copy);
    st->nitems++;
    if (!it->path || !it->dedup || !it->whole) return PQL_ENOMEM;
    k++;
  }
  return PQL_OK;
}

/* Parses one input and adds its runs. 0 or a PQL_E* code (errbuf set). */
static int merge_file(merge_state* st, const char* path, char* errbuf, size_t errlen) {
  char* text = merge_slurp(path, errbuf, errlen);
  if (!text) return PQL_EIO;
  const char* where = NULL;
  cJSON* log = cJSON_ParseWithOpts(text, &where, 0);
  if (!log) {
    size_t off = where && where >= text ? (size_t)(where - text) : 0;
    snprintf(errbuf, errlen, "%s: not JSON (near byte %zu)", path, off);
    free(text);
    return PQL_EINPUT;
  }
  free(text);
  int rc = PQL_OK;
  const char* ver = merge_str(log, "version");
  cJSON* runs = cJSON_GetObjectItemCaseSensitive(log, "runs");
  if (!ver || strcmp(ver, "2.1.0") || !cJSON_IsArray(runs)) {
    snprintf(errbuf, errlen, "%s: not a SARIF 2.1.0 log (version \"2.1.0\" and runs[] expected)",
             path);
    rc = PQL_EINPUT;
  }
  size_t ri = 0;
  cJSON* run;
  if (rc == 0) cJSON_ArrayForEach(run, runs) {
      if ((rc = merge_run(st, path, ri++, run, errbuf, errlen))) break;
    }
  cJSON_Delete(log);
  return rc;
}

/* Puts the merged rules, results, notifications into the skeleton run and
 * wraps it in a log. NULL on ENOMEM. */
static cJSON* merge_finish(merge_state* st) {
  /* no result: no array, and qsort must not see NULL (UBSan, found by fuzz_merge) */
  if (st->nitems) qsort(st->items, st->nitems, sizeof *st->items, merge_item_cmp);
  /* drop duplicates: equal dedup keys; the first in sorted order stays */
  merge_item** byk = malloc((st->nitems + 1) * sizeof *byk);
  if (!byk) return NULL;
  for (size_t i = 0; i < st->nitems; i++) byk[i] = &st->items[i];
  if (st->nitems) qsort(byk, st->nitems, sizeof *byk, merge_dedup_cmp);
  for (size_t i = 1; i < st->nitems; i++) {
    if (strcmp(byk[i - 1]->dedup, byk[i]->dedup)) continue;
    /* keep the one that sorts first by the reporter's order */
    merge_item* drop = merge_item_cmp(byk[i - 1], byk[i]) <= 0 ? byk[i] : byk[i - 1];
    if (drop == byk[i]) byk[i] = byk[i - 1]; /* carry the survivor forward */
    cJSON_Delete(drop->result);
    drop->result = NULL;
  }
  free(byk);

  cJSON* run = st->out_run;
  st->out_run = NULL;
  cJSON* tool = cJSON_GetObjectItemCaseSensitive(run, "tool");
  cJSON* drv = cJSON_GetObjectItemCaseSensitive(tool, "driver");
  if (cJSON_GetObjectItemCaseSensitive(drv, "rules"))
    cJSON_ReplaceItemInObjectCaseSensitive(drv, "rules", st->rules);
  else
    cJSON_AddItemToObject(drv, "rules", st->rules);
  st->rules = NULL;

  cJSON* invs = cJSON_GetObjectItemCaseSensitive(run, "invocations");
  if (!invs) invs = cJSON_AddArrayToObject(run, "invocations");
  while (cJSON_GetArraySize(invs) > 1) cJSON_DeleteItemFromArray(invs, 1);
  cJSON* i0 = cJSON_GetArrayItem(invs, 0);
  if (!i0) {
    i0 = cJSON_CreateObject();
    cJSON_AddItemToArray(invs, i0);
  }
  cJSON* ok = cJSON_CreateBool(st->success);
  if (cJSON_GetObjectItemCaseSensitive(i0, "executionSuccessful"))
    cJSON_ReplaceItemInObjectCaseSensitive(i0, "executionSuccessful", ok);
  else
    cJSON_AddItemToObject(i0, "executionSuccessful", ok);
  /* notifications sorted by their text (it starts with the file's path) */
  size_t nn = (size_t)cJSON_GetArraySize(st->notes);
  cJSON** nv = calloc(nn + 1, sizeof *nv);
  char** nk = calloc(nn + 1, sizeof *nk);
  cJSON* sorted = cJSON_CreateArray();
  if (nv && nk && sorted) {
    for (size_t i = 0; i < nn; i++) {
      nv[i] = cJSON_GetArrayItem(st->notes, (int)i);
      nk[i] = cJSON_PrintUnformatted(nv[i]);
    }
    for (size_t i = 1; i < nn; i++) /* insertion sort: notifications are few */
      for (size_t j = i; j > 0 && strcmp(nk[j - 1] ? nk[j - 1] : "", nk[j] ? nk[j] : "") > 0; j--) {
        cJSON* t = nv[j];
        nv[j] = nv[j - 1];
        nv[j - 1] = t;
        char* u = nk[j];
        nk[j] = nk[j - 1];
        nk[j - 1] = u;
      }
    for (size_t i = 0; i < nn; i++) cJSON_AddItemToArray(sorted, cJSON_Duplicate(nv[i], 1));
    if (cJSON_GetObjectItemCaseSensitive(i0, "toolExecutionNotifications"))
      cJSON_ReplaceItemInObjectCaseSensitive(i0, "toolExecutionNotifications", sorted);
    else
      cJSON_AddItemToObject(i0, "toolExecutionNotifications", sorted);
    sorted = NULL;
  }
  cJSON_Delete(sorted);
  for (size_t i = 0; nk && i < nn; i++) free(nk[i]);
  free(nk);
  free(nv);
  if (st->workdir) {
    cJSON* wd = cJSON_GetObjectItemCaseSensitive(i0, "workingDirectory");
    if (wd && cJSON_GetObjectItemCaseSensitive(wd, "uri"))
      cJSON_ReplaceItemInObjectCaseSensitive(wd, "uri", cJSON_CreateString(st->workdir));
  }

  /* GitHub's limit of results per run: keep the most severe */
  size_t per[3] = {0, 0, 0}, total = 0;
  for (size_t i = 0; i < st->nitems; i++) {
    if (!st->items[i].result) continue;
    per[merge_level(st->items[i].result)]++;
    total++;
  }
  if (total > MERGE_MAX_RESULTS) {
    size_t room = MERGE_MAX_RESULTS;
    size_t keep[3] = {0, 0, 0};
    for (int lv = 2; lv >= 0; lv--) {
      keep[lv] = per[lv] < room ? per[lv] : room;
      room -= keep[lv];
    }
    for (size_t i = 0; i < st->nitems; i++) {
      if (!st->items[i].result) continue;
      int lv = merge_level(st->items[i].result);
      if (keep[lv]) {
        keep[lv]--;
      } else {
        cJSON_Delete(st->items[i].result);
        st->items[i].result = NULL;
      }
    }
    cJSON* notes = cJSON_GetObjectItemCaseSensitive(i0, "toolExecutionNotifications");
    cJSON* n = cJSON_CreateObject();
    if (notes && n) {
      char msg[256];
      snprintf(msg, sizeof msg,
               "%zu of %zu results left out: GitHub accepts at most %d results in a run; "
               "the most severe are kept.",
               total - MERGE_MAX_RESULTS, total, MERGE_MAX_RESULTS);
      cJSON_AddStringToObject(n, "level", "warning");
      cJSON* m = cJSON_AddObjectToObject(n, "message");
      if (m) cJSON_AddStringToObject(m, "text", msg);
      cJSON_AddItemToArray(notes, n);
    } else {
      cJSON_Delete(n);
    }
  }

  cJSON* res = cJSON_CreateArray();
  for (size_t i = 0; res && i < st->nitems; i++) {
    if (!st->items[i].result) continue;
    cJSON_AddItemToArray(res, st->items[i].result);
    st->items[i].result = NULL;
  }
  if (cJSON_GetObjectItemCaseSensitive(run, "results"))
    cJSON_ReplaceItemInObjectCaseSensitive(run, "results", res);
  else
    cJSON_AddItemToObject(run, "results", res);

  cJSON* log = cJSON_CreateObject();
  if (!log) {
    cJSON_Delete(run);
    return NULL;
  }
  cJSON_AddStringToObject(log, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  cJSON_AddStringToObject(log, "version", "2.1.0");
  cJSON* runs = cJSON_AddArrayToObject(log, "runs");
  cJSON_AddItemToArray(runs, run);
  return log;
}

static void merge_state_free(merge_state* st) {
  cJSON_Delete(st->out_run);
  cJSON_Delete(st->rules);
  cJSON_Delete(st->notes);
  for (size_t i = 0; i < st->nitems; i++) {
    cJSON_Delete(st->items[i].result);
    free(st->items[i].path);
    free(st->items[i].dedup);
    free(st->items[i].whole);
  }
  free(st->items);
  free(st->workdir);
}

static int merge_put(FILE* out, void* ctx) {
  const char* s = ctx;
  return fputs(s, out) < 0 || fputc('\n', out) == EOF ? PQL_EIO : PQL_OK;
}

int merge_main(int argc, char** argv) {
  const char* output = NULL;
  const char** inputs = calloc((size_t)argc + 1, sizeof *inputs);
  size_t ninputs = 0;
  int only_files = 0;
  if (!inputs) {
    pql_errorf("merge: out of memory");
    return PQL_EXIT_ERROR;
  }
  for (int i = 1; i < argc; i++) {
    const char* a = argv[i];
    if (only_files || a[0] != '-' || !a[1]) {
      inputs[ninputs++] = a;
    } else if (!strcmp(a, "--")) {
      only_files = 1;
    } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(merge_usage, stdout);
      free(inputs);
      return PQL_EXIT_CLEAN;
    } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
      if (i + 1 >= argc) {
        pql_errorf("merge: %s needs a file name", a);
        free(inputs);
        return PQL_EXIT_ERROR;
      }
      output = argv[++i];
    } else if (!strncmp(a, "--output=", 9)) {
      output = a + 9;
    } else if (!strncmp(a, "-o", 2)) {
      output = a + 2;
    } else {
      pql_errorf("merge: unknown option '%s'", a);
      fputs(merge_usage, stderr);
      free(inputs);
      return PQL_EXIT_ERROR;
    }
  }
  if (ninputs == 0) {
    pql_errorf("merge: no input files");
    fputs(merge_usage, stderr);
    free(inputs);
    return PQL_EXIT_ERROR;
  }
  merge_state st = {.success = 1, .rules = cJSON_CreateArray(), .notes = cJSON_CreateArray()};
  char err[4096] = "";
  int rc = st.rules && st.notes ? PQL_OK : PQL_ENOMEM;
  for (size_t i = 0; rc == 0 && i < ninputs; i++) rc = merge_file(&st, inputs[i], err, sizeof err);
  if (rc == 0 && !st.out_run) {
    snprintf(err, sizeof err, "%s: no run in the input", inputs[0]);
    rc = PQL_EINPUT;
  }
  cJSON* log = rc == 0 ? merge_finish(&st) : NULL;
  if (rc == 0 && !log) rc = PQL_ENOMEM;
  char* text = log ? cJSON_PrintUnformatted(log) : NULL;
  cJSON_Delete(log);
  if (rc == 0 && !text) rc = PQL_ENOMEM;
  if (rc == 0) {
    if (output) {
      rc = pql_write_atomic(output, "report", merge_put, text, err, sizeof err);
    } else {
      rc = merge_put(stdout, text);
      if (rc == 0 && fflush(stdout) != 0) rc = PQL_EIO;
      if (rc) snprintf(err, sizeof err, "cannot write to the standard output");
    }
  }
  if (rc) pql_errorf("merge: %s", err[0] ? err : pql_strerror(rc));
  free(text);
  merge_state_free(&st);
  free(inputs);
  return rc ? PQL_EXIT_ERROR : PQL_EXIT_CLEAN;
}
