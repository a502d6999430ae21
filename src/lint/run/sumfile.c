/* sumfile.c - writes and reads the summaries file (JSON): the files of a run with why each is parsed, the flags, and the final summary of every function. */
#include "run/sumfile.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/readfile.h"
#include "ir/flow_ir.h"
#include "run/select.h"

static const char* const why_names[] = {"no", "model", "learned", "summary"};

struct sumfile {
  char** files;
  int* why;
  size_t nfiles;
  char** flags;
  size_t nflags;
  flow_summaries* sums; /* as read: the slots' units are NULL (their files are in sum_file) */
  int* sum_file;         /* per slot: its file (index into files), or -1 */
  flow_unit* dummy; /* one identity per file whose unit a run does not have */
};

/* Every fact of a summary is written as well as the named keys above: the bytes of its flow_sum
 * (the facts; the identity is in flow_sum_slot, canonical: flow_sum_canon), in hex. A fact added
 * to flow_sum later (conditions, members, globals) then reaches the shards without a change here;
 * a file written by a build whose flow_sum differs in size is refused (its "facts_size"). */
#define SF_FACTS_OFF ((size_t)0)
#define SF_FACTS_LEN sizeof(flow_sum)

static cJSON* facts_hex(const flow_sum* su) {
  static const char hx[] = "0123456789abcdef";
  const unsigned char* p = (const unsigned char*)su + SF_FACTS_OFF;
  char* t = malloc(2 * SF_FACTS_LEN + 1);
  if (!t) return NULL;
  for (size_t i = 0; i < SF_FACTS_LEN; i++) t[2 * i] = hx[p[i] >> 4], t[2 * i + 1] = hx[p[i] & 15];
  t[2 * SF_FACTS_LEN] = 0;
  cJSON* j = cJSON_CreateString(t);
  free(t);
  return j;
}

/* Decodes a "facts" string into su. Returns 0, or -1 if it is not SF_FACTS_LEN bytes of hex. */
static int facts_read(const char* t, flow_sum* su) {
  if (strlen(t) != 2 * SF_FACTS_LEN) return -1;
  unsigned char* p = (unsigned char*)su + SF_FACTS_OFF;
  for (size_t i = 0; i < SF_FACTS_LEN; i++) {
    int v = 0;
    for (int k = 0; k < 2; k++) {
      char c = t[2 * i + k];
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    p[i] = (unsigned char)v;
  }
  return 0;
}

static cJSON* int_array(const int* v, int n) {
  cJSON* a = cJSON_CreateArray();
  for (int i = 0; a && i < n; i++) cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i]));
  return a;
}

char* sumfile_dump(const source_list* src, const int* why, const char* const* flags, size_t nflags,
                   flow_unit* const* units, const flow_summaries* sums) {
  cJSON* root = cJSON_CreateObject();
  if (!root) return NULL;
  cJSON_AddNumberToObject(root, "pqlint_summaries", SUMFILE_FORMAT);
  cJSON_AddStringToObject(root, "version", PQL_VERSION);
  cJSON_AddNumberToObject(root, "facts_size", (double)SF_FACTS_LEN);
  cJSON* fl = cJSON_AddArrayToObject(root, "flags");
  for (size_t i = 0; fl && i < nflags; i++) cJSON_AddItemToArray(fl, cJSON_CreateString(flags[i]));
  cJSON* files = cJSON_AddArrayToObject(root, "files");
  for (size_t i = 0; files && i < src->n; i++) {
    cJSON* o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "path", src->v[i].path);
    cJSON_AddStringToObject(o, "parsed", why_names[why[i] >= 0 && why[i] <= 3 ? why[i] : 0]);
    cJSON_AddItemToArray(files, o);
  }
  cJSON* arr = cJSON_AddArrayToObject(root, "summaries");
  for (size_t k = 0; arr && sums && k < sums->n; k++) {
    const flow_sum_slot* sl = &sums->v[k];
    const flow_sum* su = sl->sum;
    if (!su) continue;
    int file = -1;
    for (size_t i = 0; i < src->n && file < 0; i++)
      if (units[i] && units[i] == sl->unit) file = (int)i;
    cJSON* o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", sl->name);
    cJSON_AddNumberToObject(o, "file", file);
    cJSON_AddNumberToObject(o, "static", sl->is_static);
    cJSON_AddNumberToObject(o, "header", sl->hdr);
    cJSON_AddNumberToObject(o, "ret_kind", su->ret_kind);
    cJSON_AddNumberToObject(o, "noreturn", su->noreturn);
    cJSON_AddNumberToObject(o, "ret_okonly", su->ret_okonly);
    cJSON_AddNumberToObject(o, "ret_or_arg", su->ret_or_arg);
    cJSON_AddNumberToObject(o, "nargs", su->nargs);
    cJSON_AddItemToObject(o, "arg_role", int_array(su->arg_role, 16));
    cJSON_AddItemToObject(o, "arg_kind", int_array(su->arg_kind, 16));
    cJSON_AddItemToObject(o, "out_kind", int_array(su->out_kind, 16));
    cJSON_AddItemToObject(o, "facts", facts_hex(su));
    cJSON_AddItemToArray(arr, o);
  }
  char* text = cJSON_PrintUnformatted(root);
  cJSON_Delete(root);
  return text;
}

void sumfile_free(sumfile* f) {
  if (!f) return;
  for (size_t i = 0; i < f->nfiles; i++) free(f->files[i]);
  for (size_t i = 0; i < f->nflags; i++) free(f->flags[i]);
  flow_summaries_free(f->sums);
  free(f->sum_file);
  free(f->files);
  free(f->why);
  free(f->flags);
  free(f->dummy);
  free(f);
}

/* Reads a number field into *v; 0, or -1 when missing or not a number. */
static int get_int(const cJSON* o, const char* k, int* v) {
  const cJSON* x = cJSON_GetObjectItemCaseSensitive(o, k);
  if (!cJSON_IsNumber(x)) return -1;
  *v = x->valueint;
  return 0;
}

static int get_ints(const cJSON* o, const char* k, int* v, int n) {
  const cJSON* a = cJSON_GetObjectItemCaseSensitive(o, k);
  if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != n) return -1;
  int i = 0;
  for (const cJSON* x = a->child; x; x = x->next, i++) {
    if (!cJSON_IsNumber(x)) return -1;
    v[i] = x->valueint;
  }
  return 0;
}

#define BAD(...)                              \
  do {                                        \
    snprintf(err, errlen, __VA_ARGS__);       \
    goto bad;                                 \
  } while (0)

int sumfile_load(const char* path, sumfile** out, char* err, size_t errlen) {
  *out = NULL;
  size_t len = 0;
  char* text = readfile(path, &len);
  if (!text) {
    snprintf(err, errlen, "%s: cannot read the summaries file", path);
    return PQL_EINPUT;
  }
  cJSON* root = cJSON_ParseWithLength(text, len);
  free(text);
  sumfile* f = calloc(1, sizeof *f);
  if (!f) {
    cJSON_Delete(root);
    snprintf(err, errlen, "out of memory");
    return PQL_ENOMEM;
  }
  int fmt = 0;
  if (!root) BAD("%s: not JSON (a summaries file is written by `pqlint summaries -o FILE`)", path);
  if (get_int(root, "pqlint_summaries", &fmt) || fmt != SUMFILE_FORMAT)
    BAD("%s: not a pqlint summaries file of format %d", path, SUMFILE_FORMAT);
  const cJSON* ver = cJSON_GetObjectItemCaseSensitive(root, "version");
  if (!cJSON_IsString(ver) || strcmp(ver->valuestring, PQL_VERSION))
    BAD("%s: written by pqlint %s, this is %s: write it again with this pqlint", path,
        cJSON_IsString(ver) ? ver->valuestring : "?", PQL_VERSION);
  const cJSON* fsz = cJSON_GetObjectItemCaseSensitive(root, "facts_size");
  if (!cJSON_IsNumber(fsz) || fsz->valuedouble != (double)SF_FACTS_LEN)
    BAD("%s: written by another build of pqlint (its summaries have another layout): write it again with this pqlint", path);
  const cJSON* fl = cJSON_GetObjectItemCaseSensitive(root, "flags");
  const cJSON* files = cJSON_GetObjectItemCaseSensitive(root, "files");
  const cJSON* sums = cJSON_GetObjectItemCaseSensitive(root, "summaries");
  if (!cJSON_IsArray(fl) || !cJSON_IsArray(files) || !cJSON_IsArray(sums))
    BAD("%s: \"flags\", \"files\" or \"summaries\" is missing", path);
  size_t nfl = (size_t)cJSON_GetArraySize(fl), nf = (size_t)cJSON_GetArraySize(files),
         ns = (size_t)cJSON_GetArraySize(sums);
  f->flags = calloc(nfl ? nfl : 1, sizeof *f->flags);
  f->files = calloc(nf ? nf : 1, sizeof *f->files);
  f->why = calloc(nf ? nf : 1, sizeof *f->why);
  f->dummy = calloc(nf ? nf : 1, sizeof *f->dummy);
  f->sums = flow_summaries_new();
  f->sum_file = calloc(ns ? ns : 1, sizeof *f->sum_file);
  if (!f->flags || !f->files || !f->why || !f->dummy || !f->sums || !f->sum_file) BAD("out of memory");
  for (const cJSON* x = fl->child; x; x = x->next) {
    if (!cJSON_IsString(x)) BAD("%s: a flag is not a string", path);
    if (!(f->flags[f->nflags++] = strdup(x->valuestring))) BAD("out of memory");
  }
  for (const cJSON* x = files->child; x; x = x->next) {
    const cJSON* p = cJSON_GetObjectItemCaseSensitive(x, "path");
    const cJSON* w = cJSON_GetObjectItemCaseSensitive(x, "parsed");
    if (!cJSON_IsString(p) || !cJSON_IsString(w)) BAD("%s: files[%zu] lacks \"path\" or \"parsed\"", path, f->nfiles);
    int why = -1;
    for (int k = 0; k < 4; k++)
      if (!strcmp(w->valuestring, why_names[k])) why = k;
    if (why < 0) BAD("%s: files[%zu]: unknown \"parsed\" value '%s'", path, f->nfiles, w->valuestring);
    f->why[f->nfiles] = why;
    if (!(f->files[f->nfiles++] = strdup(p->valuestring))) BAD("out of memory");
  }
  for (const cJSON* x = sums->child; x; x = x->next) {
    size_t k = f->sums->n;
    flow_sum su;
    memset(&su, 0, sizeof su);
    int file = -1, is_static = 0, hdr = 0;
    const cJSON* name = cJSON_GetObjectItemCaseSensitive(x, "name");
    if (!cJSON_IsString(name) || get_int(x, "file", &file) || get_int(x, "static", &is_static) ||
        get_int(x, "header", &hdr) || get_int(x, "ret_kind", &su.ret_kind) ||
        get_int(x, "noreturn", &su.noreturn) || get_int(x, "ret_okonly", &su.ret_okonly) ||
        get_int(x, "ret_or_arg", &su.ret_or_arg) || get_int(x, "nargs", &su.nargs) ||
        get_ints(x, "arg_role", su.arg_role, 16) || get_ints(x, "arg_kind", su.arg_kind, 16) ||
        get_ints(x, "out_kind", su.out_kind, 16) || file < -1 || file >= (int)nf)
      BAD("%s: summaries[%zu] is incomplete or names no file of the list", path, k);
    const cJSON* facts = cJSON_GetObjectItemCaseSensitive(x, "facts");
    if (!cJSON_IsString(facts) || facts_read(facts->valuestring, &su))
      BAD("%s: summaries[%zu]: \"facts\" is missing or not %zu bytes of hex", path, k, (size_t)SF_FACTS_LEN);
    flow_sum_slot* sl = flow_sums_add(f->sums);
    if (!sl) BAD("out of memory");
    sl->is_static = is_static;
    sl->hdr = hdr;
    sl->seq = k;
    f->sum_file[k] = file;
    if (!(sl->name = strdup(name->valuestring)) || flow_sums_set(f->sums, k, &su)) BAD("out of memory");
  }
  cJSON_Delete(root);
  *out = f;
  return 0;
bad:
  cJSON_Delete(root);
  sumfile_free(f);
  return PQL_EINPUT;
}

int sumfile_match(const sumfile* f, const source_list* src, const char* const* flags, size_t nflags,
                  int* why, char* err, size_t errlen) {
  if (f->nflags != nflags)
    return snprintf(err, errlen, "the summaries file was written with other flags (%zu, here %zu)", f->nflags, nflags), PQL_EINPUT;
  for (size_t i = 0; i < nflags; i++)
    if (strcmp(f->flags[i], flags[i]))
      return snprintf(err, errlen, "the summaries file was written with other flags ('%s', here '%s')", f->flags[i], flags[i]), PQL_EINPUT;
  if (f->nfiles != src->n)
    return snprintf(err, errlen, "the summaries file lists %zu files, this run has %zu: write it for the same inputs", f->nfiles, src->n), PQL_EINPUT;
  for (size_t i = 0; i < src->n; i++) {
    if (strcmp(f->files[i], src->v[i].path))
      return snprintf(err, errlen, "the summaries file lists %s where this run has %s: write it for the same inputs", f->files[i], src->v[i].path), PQL_EINPUT;
    why[i] = f->why[i];
  }
  return 0;
}

flow_summaries* sumfile_table(const sumfile* f, const source_list* src, flow_unit* const* units) {
  (void)src;
  flow_summaries* t = flow_summaries_new();
  if (!t) return NULL;
  for (size_t k = 0; k < f->sums->n; k++) {
    const flow_sum_slot* from = &f->sums->v[k];
    flow_sum_slot* s = flow_sums_add(t);
    if (!s || !(s->name = strdup(from->name)) || flow_sums_set(t, k, from->sum)) {
      flow_summaries_free(t);
      return NULL;
    }
    int i = f->sum_file[k];
    s->unit = i < 0 ? NULL : units[i] ? units[i] : &f->dummy[i];
    s->owner = NULL;
    s->is_static = from->is_static;
    s->hdr = from->hdr;
    s->seq = from->seq;
  }
  return t;
}
