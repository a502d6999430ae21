/* model.c - loads JSON models (the bundled rules folder, then --model files) into a model_set, with FILE:LINE:COL errors. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "model/bundled.h"
#include "base/error.h"
#include "model/model.h"
#include "model/model_pos.h"
#include "base/readfile.h"

#define MAX_DESC 1024

/* The state of loading one model text. */
typedef struct ld {
  model_set* set;
  const char* name;
  const char* text;
  model_pos_tab pos;
  char* err;
  size_t errlen;
} ld;

/* Writes "NAME:LINE:COL: msg" for node (its key if at_key) and returns PQL_EMODEL. */
static int __attribute__((format(printf, 4, 5)))
err_at(ld* l, const cJSON* node, int at_key, const char* fmt, ...) {
  unsigned line, col;
  model_pos_linecol(l->text, model_pos_of(&l->pos, node, at_key), &line, &col);
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (l->err && l->errlen) snprintf(l->err, l->errlen, "%s:%u:%u: %s", l->name, line, col, msg);
  return PQL_EMODEL;
}

static int err_nomem(ld* l) {
  if (l->err && l->errlen) snprintf(l->err, l->errlen, "%s: out of memory", l->name);
  return PQL_ENOMEM;
}

/* Checks that every key of obj is in `allowed` (NULL-terminated). */
static int check_keys(ld* l, const cJSON* obj, const char* path, const char* const* allowed) {
  for (const cJSON* c = obj->child; c; c = c->next) {
    for (const cJSON* d = obj->child; d != c; d = d->next)
      if (!strcmp(d->string, c->string))
        return err_at(l, c, 1, "duplicate key '%s' in %s", c->string,
                      *path ? path : "the top level");
    int ok = 0;
    for (size_t i = 0; allowed[i] && !ok; i++) ok = !strcmp(c->string, allowed[i]);
    if (!ok) {
      if (*path)
        return err_at(l, c, 1, "unknown key '%s' in %s", c->string, path);
      return err_at(l, c, 1, "unknown key '%s' at the top level", c->string);
    }
  }
  return 0;
}

static int expect_object(ld* l, const cJSON* node, const char* path) {
  if (cJSON_IsObject(node)) return 0;
  return err_at(l, node, 0, "%s: expected an object", path);
}

static int expect_array(ld* l, const cJSON* node, const char* path) {
  if (cJSON_IsArray(node)) return 0;
  return err_at(l, node, 0, "%s: expected an array", path);
}

/* Replaces *out with a copy of the string value of obj[key] if present. */
static int get_string(ld* l, const cJSON* obj, const char* key, const char* path, char** out,
                      size_t maxlen) {
  const cJSON* v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!v) return 0;
  if (!cJSON_IsString(v) || !v->valuestring)
    return err_at(l, v, 0, "%s.%s: expected a string", path, key);
  if (maxlen && strlen(v->valuestring) > maxlen)
    return err_at(l, v, 0, "%s.%s: longer than %zu characters", path, key, maxlen);
  char* s = strdup(v->valuestring);
  if (!s) return err_nomem(l);
  free(*out);
  *out = s;
  return 0;
}

/* *out = obj[key] as an integer >= lo if present. */
static int get_int(ld* l, const cJSON* v, const char* path, int lo, int* out) {
  /* range first: casting a double outside int's range is undefined (found by fuzz_model) */
  if (!cJSON_IsNumber(v) || !(v->valuedouble >= INT_MIN && v->valuedouble <= INT_MAX) ||
      v->valuedouble != (double)(int)v->valuedouble)
    return err_at(l, v, 0, "%s: expected an integer", path);
  if (v->valueint < lo) return err_at(l, v, 0, "%s: must be at least %d", path, lo);
  *out = v->valueint;
  return 0;
}

/* Compiles `pattern` (JIT where available). NULL and errbuf filled on error. */
static pcre2_code* compile_re(ld* l, const char* pattern, const char* path) {
  int code;
  PCRE2_SIZE off;
  pcre2_code* re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &code, &off, NULL);
  if (!re) {
    PCRE2_UCHAR msg[256];
    if (pcre2_get_error_message(code, msg, sizeof msg) < 0) strcpy((char*)msg, "unknown error");
    if (l->err && l->errlen)
      snprintf(l->err, l->errlen, "%s: %s: invalid regex '%s' at offset %zu: %s", l->name, path,
               pattern, (size_t)off, (char*)msg);
    return NULL;
  }
  pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* falls back to the interpreter if unsupported */
  return re;
}

/* Appends pattern (compiled) with its arg and, when has_min/has_max, a
 * condition on that argument ("min"/"max"); origin: "FILE: PATH" of the call
 * for later errors (copied; NULL: made from l->name and path without a
 * trailing ".call"). 0, or PQL_EMODEL/PQL_ENOMEM with the error in l. */
static int calls_push(ld* l, model_calls* calls, const char* pattern, int arg, int has_min,
                      long long min, int has_max, long long max, const char* path,
                      const char* origin) {
  model_call* v = realloc(calls->v, (calls->n + 1) * sizeof *v);
  if (!v) return err_nomem(l);
  calls->v = v;
  char* p = strdup(pattern);
  if (!p) return err_nomem(l);
  char ob[400];
  if (!origin) {
    size_t n = strlen(path);
    if (n >= 5 && !strcmp(path + n - 5, ".call")) n -= 5;
    snprintf(ob, sizeof ob, "%s: %.*s", l->name, (int)n, path);
    origin = ob;
  }
  char* o = strdup(origin);
  pcre2_code* re = o ? compile_re(l, pattern, path) : NULL;
  if (!re) {
    free(p);
    free(o);
    return o ? PQL_EMODEL : err_nomem(l);
  }
  calls->v[calls->n++] = (model_call){p, re, arg, has_min, min, has_max, max, o};
  return 0;
}

/* Appends copies (recompiled, same origin) of src's calls to dst. */
static int calls_copy(ld* l, model_calls* dst, const model_calls* src, const char* path) {
  for (size_t i = 0; i < src->n; i++) {
    int rc = calls_push(l, dst, src->v[i].pattern, src->v[i].arg, src->v[i].has_min, src->v[i].min,
                        src->v[i].has_max, src->v[i].max, path, src->v[i].origin);
    if (rc) return rc;
  }
  return 0;
}

/* Removes from dst the first call equal (pattern and arg) to each call of
 * src: a replaced pool's calls leave the resource "pooled". */
static void calls_remove(model_calls* dst, const model_calls* src) {
  for (size_t i = 0; i < src->n; i++)
    for (size_t j = 0; j < dst->n; j++) {
      model_call* c = &dst->v[j];
      if (c->arg != src->v[i].arg || strcmp(c->pattern, src->v[i].pattern)) continue;
      free(c->pattern);
      free(c->origin);
      pcre2_code_free(c->re);
      memmove(c, c + 1, (dst->n - j - 1) * sizeof *c);
      dst->n--;
      break;
    }
}

/* obj[key]: an array of calls, each "regex" or {"call": "regex", "arg": n}
 * (arg -1 = the return value; def_arg when absent). Appended to *calls. */
static int get_calls(ld* l, const cJSON* obj, const char* key, const char* path, int def_arg,
                     model_calls* calls) {
  static const char* const keys[] = {"call", "arg", "min", "max", "comment", NULL};
  const cJSON* arr = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!arr) return 0;
  char p[256], ip[300];
  snprintf(p, sizeof p, "%s%s%s", path, *path ? "." : "", key);
  if (!cJSON_IsArray(arr))
    return err_at(l, arr, 0, "%s: expected an array of calls", p);
  int i = 0;
  for (const cJSON* it = arr->child; it; it = it->next, i++) {
    snprintf(ip, sizeof ip, "%s[%d]", p, i);
    int rc, arg = def_arg, has_min = 0, min = 0, has_max = 0, max = 0;
    const char* pattern;
    char cp[320];
    if (cJSON_IsString(it)) {
      pattern = it->valuestring;
      snprintf(cp, sizeof cp, "%s", ip);
    } else if (cJSON_IsObject(it)) {
      if ((rc = check_keys(l, it, ip, keys))) return rc;
      const cJSON* c = cJSON_GetObjectItemCaseSensitive(it, "call");
      if (!c) return err_at(l, it, 0, "%s: missing key 'call'", ip);
      if (!cJSON_IsString(c)) return err_at(l, c, 0, "%s.call: expected a string", ip);
      pattern = c->valuestring;
      const cJSON* a = cJSON_GetObjectItemCaseSensitive(it, "arg");
      snprintf(cp, sizeof cp, "%s.arg", ip);
      if (a && (rc = get_int(l, a, cp, -1, &arg))) return rc;
      const cJSON* mn = cJSON_GetObjectItemCaseSensitive(it, "min");
      snprintf(cp, sizeof cp, "%s.min", ip);
      if (mn && (rc = get_int(l, mn, cp, INT_MIN, &min))) return rc;
      const cJSON* mx = cJSON_GetObjectItemCaseSensitive(it, "max");
      snprintf(cp, sizeof cp, "%s.max", ip);
      if (mx && (rc = get_int(l, mx, cp, INT_MIN, &max))) return rc;
      if ((mn || mx) && arg < 0)
        return err_at(l, mn ? mn : mx, 0, "%s: 'min'/'max' need an argument ('arg' >= 0)", ip);
      has_min = mn != NULL;
      has_max = mx != NULL;
      snprintf(cp, sizeof cp, "%s.call", ip);
    } else {
      return err_at(l, it, 0, "%s: expected a regex string or an object {\"call\", \"arg\"}", ip);
    }
    if ((rc = calls_push(l, calls, pattern, arg, has_min, min, has_max, max, cp, NULL))) return rc;
  }
  return 0;
}

/* Frees the words of w and empties it. */
static void words_free(model_words* w) {
  for (size_t i = 0; i < w->n; i++) free(w->v[i]);
  free(w->v);
  w->v = NULL;
  w->n = 0;
}

/* obj[key]: an array of strings, appended to (*v, *n). */
static int get_strings(ld* l, const cJSON* obj, const char* key, const char* path, char*** v,
                       size_t* n) {
  const cJSON* arr = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!arr) return 0;
  if (!cJSON_IsArray(arr))
    return err_at(l, arr, 0, "%s.%s: expected an array of strings", path, key);
  int i = 0;
  for (const cJSON* it = arr->child; it; it = it->next, i++) {
    if (!cJSON_IsString(it))
      return err_at(l, it, 0, "%s.%s[%d]: expected a string", path, key, i);
    char** nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv) return err_nomem(l);
    *v = nv;
    if (!(nv[*n] = strdup(it->valuestring))) return err_nomem(l);
    (*n)++;
  }
  return 0;
}

static void calls_free(model_calls* c);
static void resource_clear(model_resource* r);
static void pool_clear(model_pool* p);

/* The resource of this kind, created empty if new (defined by l->name);
 * NULL out of memory. *found: 1 if it existed. */
static model_resource* resource_get(ld* l, const char* kind, int* found) {
  model_set* s = l->set;
  *found = 1;
  for (size_t i = 0; i < s->nresources; i++)
    if (!strcmp(s->resources[i].kind, kind)) return &s->resources[i];
  *found = 0;
  model_resource* v = realloc(s->resources, (s->nresources + 1) * sizeof *v);
  if (!v) return NULL;
  s->resources = v;
  model_resource* r = &v[s->nresources];
  memset(r, 0, sizeof *r);
  if (!(r->kind = strdup(kind)) || !(r->origin = strdup(l->name))) {
    free(r->kind);
    return NULL;
  }
  s->nresources++;
  return r;
}

/* A pool or resource (what, e.g. "a resource of kind 'result'") that the
 * earlier model `origin` defined is named again by object o of this model:
 * "extend": true adds to it (0), "replace": true asks the caller to clear
 * it (1), neither is an error that says so. */
static int shadow_check(ld* l, const cJSON* o, const char* path, const char* what,
                        const char* origin) {
  const cJSON* ext = cJSON_GetObjectItemCaseSensitive(o, "extend");
  const cJSON* rep = cJSON_GetObjectItemCaseSensitive(o, "replace");
  if (ext && !cJSON_IsBool(ext)) return err_at(l, ext, 0, "%s.extend: expected true or false", path);
  if (rep && !cJSON_IsBool(rep)) return err_at(l, rep, 0, "%s.replace: expected true or false", path);
  if (cJSON_IsTrue(ext) && cJSON_IsTrue(rep))
    return err_at(l, rep, 1, "%s: \"extend\" and \"replace\" together", path);
  if (!origin || !strcmp(origin, l->name)) return 0; /* the same file: extends */
  if (cJSON_IsTrue(ext)) return 0;
  if (cJSON_IsTrue(rep)) return 1;
  return err_at(l, o, 0,
                "%s: %s is already defined by %s; add \"replace\": true to replace it or "
                "\"extend\": true to add to it (models are never merged silently)",
                path, what, origin);
}

static int load_resource(ld* l, const cJSON* o, const char* path) {
  static const char* const keys[] = {"kind",  "type",  "leak_rule", "acquire", "release",
                                     "discard", "borrow", "check",  "reads",   "info",
                                     "extend", "replace", "comment", NULL};
  int rc;
  if ((rc = expect_object(l, o, path)) || (rc = check_keys(l, o, path, keys))) return rc;
  const cJSON* kind = cJSON_GetObjectItemCaseSensitive(o, "kind");
  if (!kind) return err_at(l, o, 0, "%s: missing key 'kind'", path);
  if (!cJSON_IsString(kind) || !*kind->valuestring)
    return err_at(l, kind, 0, "%s.kind: expected a non-empty string", path);
  static const char* const kinds[] = {"connection", "result", "pooled", "memory",
                                      "cancel", "conninfo", NULL};
  int known = 0;
  for (size_t i = 0; kinds[i] && !known; i++) known = !strcmp(kind->valuestring, kinds[i]);
  if (!known)
    return err_at(l, kind, 0,
                  "%s.kind: expected \"connection\", \"result\", \"pooled\", \"memory\", "
                  "\"cancel\" or \"conninfo\"",
                  path);
  const cJSON* lr = cJSON_GetObjectItemCaseSensitive(o, "leak_rule");
  if (lr && cJSON_IsString(lr) && l->set->nrules && !model_rule_find(l->set, lr->valuestring))
    return err_at(l, lr, 0, "%s.leak_rule: '%s' is not a rule of the catalogue", path,
                  lr->valuestring);
  int found;
  model_resource* r = resource_get(l, kind->valuestring, &found);
  if (!r) return err_nomem(l);
  char what[96];
  snprintf(what, sizeof what, "a resource of kind '%s'", kind->valuestring);
  if ((rc = shadow_check(l, o, path, what, found ? r->origin : NULL)) < 0) return rc;
  if (rc == 1) {
    resource_clear(r);
    free(r->origin);
    if (!(r->origin = strdup(l->name))) return err_nomem(l);
  }
  if ((rc = get_string(l, o, "type", path, &r->type, 0)) ||
      (rc = get_string(l, o, "leak_rule", path, &r->leak_rule, 0)) ||
      (rc = get_calls(l, o, "acquire", path, -1, &r->acquire)) ||
      (rc = get_calls(l, o, "release", path, 0, &r->release)) ||
      (rc = get_calls(l, o, "discard", path, 0, &r->discard)) ||
      (rc = get_calls(l, o, "borrow", path, 0, &r->borrow)) ||
      (rc = get_calls(l, o, "check", path, 0, &r->check)) ||
      (rc = get_calls(l, o, "reads", path, 0, &r->reads)) ||
      (rc = get_calls(l, o, "info", path, 0, &r->info)))
    return rc;
  return 0;
}

static int load_size_fields(ld* l, const cJSON* o, const char* path, model_pool* p) {
  static const char* const keys[] = {"type", "field", "comment", NULL};
  const cJSON* arr = cJSON_GetObjectItemCaseSensitive(o, "size_fields");
  if (!arr) return 0;
  char ap[256], ip[300], cp[320];
  snprintf(ap, sizeof ap, "%s.size_fields", path);
  int rc = expect_array(l, arr, ap), i = 0;
  if (rc) return rc;
  for (const cJSON* it = arr->child; it; it = it->next, i++) {
    snprintf(ip, sizeof ip, "%s[%d]", ap, i);
    if ((rc = expect_object(l, it, ip)) || (rc = check_keys(l, it, ip, keys))) return rc;
    const cJSON* t = cJSON_GetObjectItemCaseSensitive(it, "type");
    const cJSON* f = cJSON_GetObjectItemCaseSensitive(it, "field");
    if (!t) return err_at(l, it, 0, "%s: missing key 'type'", ip);
    if (!f) return err_at(l, it, 0, "%s: missing key 'field'", ip);
    if (!cJSON_IsString(t)) return err_at(l, t, 0, "%s.type: expected a string", ip);
    if (!cJSON_IsString(f)) return err_at(l, f, 0, "%s.field: expected a string", ip);
    model_size_field* v = realloc(p->size_fields, (p->nsize_fields + 1) * sizeof *v);
    if (!v) return err_nomem(l);
    p->size_fields = v;
    model_size_field* sf = &v[p->nsize_fields];
    memset(sf, 0, sizeof *sf);
    snprintf(cp, sizeof cp, "%s.type", ip);
    if (!(sf->type_re = compile_re(l, t->valuestring, cp))) return PQL_EMODEL;
    snprintf(cp, sizeof cp, "%s.field", ip);
    if (!(sf->field_re = compile_re(l, f->valuestring, cp))) {
      pcre2_code_free(sf->type_re);
      return PQL_EMODEL;
    }
    sf->type_pattern = strdup(t->valuestring);
    sf->field_pattern = strdup(f->valuestring);
    p->nsize_fields++;
    if (!sf->type_pattern || !sf->field_pattern) return err_nomem(l);
  }
  return 0;
}

/* The pool of this name, created empty if new (defined by l->name); NULL
 * out of memory. *found: 1 if it existed. */
static model_pool* pool_get(ld* l, const char* name, int* found) {
  model_set* s = l->set;
  *found = 1;
  for (size_t i = 0; i < s->npools; i++)
    if (!strcmp(s->pools[i].name, name)) return &s->pools[i];
  *found = 0;
  model_pool* v = realloc(s->pools, (s->npools + 1) * sizeof *v);
  if (!v) return NULL;
  s->pools = v;
  model_pool* p = &v[s->npools];
  memset(p, 0, sizeof *p);
  if (!(p->name = strdup(name)) || !(p->origin = strdup(l->name))) {
    free(p->name);
    return NULL;
  }
  s->npools++;
  return p;
}

/* A pool's acquire/release/discard also extend the resource "pooled", so
 * the path rules track leases like any other handle. */
static int load_pool(ld* l, const cJSON* o, const char* path) {
  static const char* const keys[] = {"name",   "modules", "type",    "conn_field",  "acquire",
                                     "release", "discard", "create",  "destroy",     "size_fields",
                                     "size_args", "extend", "replace", "comment", NULL};
  int rc;
  if ((rc = expect_object(l, o, path)) || (rc = check_keys(l, o, path, keys))) return rc;
  const cJSON* name = cJSON_GetObjectItemCaseSensitive(o, "name");
  if (!name) return err_at(l, o, 0, "%s: missing key 'name'", path);
  if (!cJSON_IsString(name) || !*name->valuestring)
    return err_at(l, name, 0, "%s.name: expected a non-empty string", path);
  int found;
  model_pool* p = pool_get(l, name->valuestring, &found);
  if (!p) return err_nomem(l);
  char what[160];
  snprintf(what, sizeof what, "a pool named '%.100s'", name->valuestring);
  if ((rc = shadow_check(l, o, path, what, found ? p->origin : NULL)) < 0) return rc;
  if (rc == 1) { /* its leases leave the resource "pooled" with it */
    for (size_t i = 0; i < l->set->nresources; i++)
      if (!strcmp(l->set->resources[i].kind, "pooled")) {
        model_resource* pr = &l->set->resources[i];
        calls_remove(&pr->acquire, &p->acquire);
        calls_remove(&pr->release, &p->release);
        calls_remove(&pr->discard, &p->discard);
      }
    pool_clear(p);
    free(p->origin);
    if (!(p->origin = strdup(l->name))) return err_nomem(l);
  }
  model_pool tmp = {0};
  if ((rc = get_strings(l, o, "modules", path, &p->module_globs, &p->nmodule_globs)) ||
      (rc = get_string(l, o, "type", path, &p->lease_type, 0)) ||
      (rc = get_string(l, o, "conn_field", path, &p->conn_field, 0)) ||
      (rc = get_calls(l, o, "acquire", path, -1, &tmp.acquire)) ||
      (rc = get_calls(l, o, "release", path, 0, &tmp.release)) ||
      (rc = get_calls(l, o, "discard", path, 0, &tmp.discard)) ||
      (rc = get_calls(l, o, "create", path, -1, &p->create)) ||
      (rc = get_calls(l, o, "destroy", path, 0, &p->destroy)) ||
      (rc = load_size_fields(l, o, path, p)) ||
      (rc = get_calls(l, o, "size_args", path, 0, &p->size_args)))
    goto out;
  int rfound;
  model_resource* r = resource_get(l, "pooled", &rfound);
  if (!r) {
    rc = err_nomem(l);
    goto out;
  }
  if (!r->type && p->lease_type && !(r->type = strdup(p->lease_type))) rc = err_nomem(l);
  if (!rc && !r->leak_rule && !(r->leak_rule = strdup("pool-leak"))) rc = err_nomem(l);
  if (!rc) rc = calls_copy(l, &p->acquire, &tmp.acquire, path);
  if (!rc) rc = calls_copy(l, &p->release, &tmp.release, path);
  if (!rc) rc = calls_copy(l, &p->discard, &tmp.discard, path);
  if (!rc) rc = calls_copy(l, &r->acquire, &tmp.acquire, path);
  if (!rc) rc = calls_copy(l, &r->release, &tmp.release, path);
  if (!rc) rc = calls_copy(l, &r->discard, &tmp.discard, path);
out:
  calls_free(&tmp.acquire);
  calls_free(&tmp.release);
  calls_free(&tmp.discard);
  return rc;
}

static model_rule* rule_get(model_set* s, const char* id) {
  for (size_t i = 0; i < s->nrules; i++)
    if (!strcmp(s->rules[i].id, id)) return &s->rules[i];
  model_rule* v = realloc(s->rules, (s->nrules + 1) * sizeof *v);
  if (!v) return NULL;
  s->rules = v;
  model_rule* r = &v[s->nrules];
  memset(r, 0, sizeof *r);
  r->level = FINDING_WARNING;
  if (!(r->id = strdup(id))) return NULL;
  s->nrules++;
  return r;
}

/* A rule of the catalogue; an id seen before has the given keys replaced. */
static int load_rule(ld* l, const cJSON* o, const char* path) {
  static const char* const keys[] = {"id",   "name", "short",     "full", "help_text",
                                     "help_markdown", "level", "tags", "precision", "flow",
                                     "comment", NULL};
  int rc;
  if ((rc = expect_object(l, o, path)) || (rc = check_keys(l, o, path, keys))) return rc;
  const cJSON* id = cJSON_GetObjectItemCaseSensitive(o, "id");
  if (!id) return err_at(l, o, 0, "%s: missing key 'id'", path);
  if (!cJSON_IsString(id) || !*id->valuestring)
    return err_at(l, id, 0, "%s.id: expected a non-empty string", path);
  for (const char* c = id->valuestring; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
      return err_at(l, id, 0, "%s.id: '%s' is not a kebab-case id", path, id->valuestring);
  model_rule* r = rule_get(l->set, id->valuestring);
  if (!r) return err_nomem(l);
  if ((rc = get_string(l, o, "name", path, &r->name, 0)) ||
      (rc = get_string(l, o, "short", path, &r->short_desc, MAX_DESC)) ||
      (rc = get_string(l, o, "full", path, &r->full_desc, MAX_DESC)) ||
      (rc = get_string(l, o, "help_text", path, &r->help_text, 0)) ||
      (rc = get_string(l, o, "help_markdown", path, &r->help_markdown, 0)) ||
      (rc = get_string(l, o, "precision", path, &r->precision, 0)))
    return rc;
  const cJSON* lv = cJSON_GetObjectItemCaseSensitive(o, "level");
  if (lv) {
    const char* s = cJSON_IsString(lv) ? lv->valuestring : "";
    if (!strcmp(s, "error")) r->level = FINDING_ERROR;
    else if (!strcmp(s, "warning")) r->level = FINDING_WARNING;
    else if (!strcmp(s, "note")) r->level = FINDING_NOTE;
    else return err_at(l, lv, 0, "%s.level: expected \"error\", \"warning\" or \"note\"", path);
  }
  if (r->precision && strcmp(r->precision, "very-high") && strcmp(r->precision, "high") &&
      strcmp(r->precision, "medium") && strcmp(r->precision, "low"))
    return err_at(l, cJSON_GetObjectItemCaseSensitive(o, "precision"), 0,
                  "%s.precision: expected \"very-high\", \"high\", \"medium\" or \"low\"", path);
  const cJSON* fl = cJSON_GetObjectItemCaseSensitive(o, "flow");
  if (fl) {
    if (!cJSON_IsBool(fl)) return err_at(l, fl, 0, "%s.flow: expected true or false", path);
    r->flow = cJSON_IsTrue(fl);
  }
  if (cJSON_GetObjectItemCaseSensitive(o, "tags")) {
    for (size_t i = 0; i < r->ntags; i++) free(r->tags[i]);
    free(r->tags);
    r->tags = NULL;
    r->ntags = 0;
  }
  return get_strings(l, o, "tags", path, &r->tags, &r->ntags);
}

/* The "unknown_calls" section: word lists appended to the set's (or, with
 * "replace": true, replacing the lists this section names). Words must be
 * lower-case letters (names are split into such words). */
static int load_unknown_calls(ld* l, const cJSON* root) {
  static const char* const keys[] = {"comment", "replace", "keeps_args", "frees_args", "makers",
                                     "message_words", "predicates", "open_verbs",
                                     "connection_nouns", NULL};
  const cJSON* o = cJSON_GetObjectItemCaseSensitive(root, "unknown_calls");
  if (!o) return 0;
  int rc = expect_object(l, o, "unknown_calls");
  if (rc || (rc = check_keys(l, o, "unknown_calls", keys))) return rc;
  const cJSON* rep = cJSON_GetObjectItemCaseSensitive(o, "replace");
  if (rep && !cJSON_IsBool(rep)) return err_at(l, rep, 0, "unknown_calls.replace: expected true or false");
  model_name_words* w = &l->set->unknown_calls;
  model_words* lists[] = {&w->keeps, &w->frees, &w->makers, &w->messages,
                          &w->predicates, &w->open_verbs, &w->conn_nouns};
  for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
    const cJSON* arr = cJSON_GetObjectItemCaseSensitive(o, keys[i + 2]);
    if (!arr) continue;
    if (cJSON_IsTrue(rep)) words_free(lists[i]);
    size_t first = lists[i]->n;
    if ((rc = get_strings(l, o, keys[i + 2], "unknown_calls", &lists[i]->v, &lists[i]->n))) return rc;
    const cJSON* it = arr->child;
    for (size_t k = first; k < lists[i]->n; k++, it = it->next) {
      const char* s = lists[i]->v[k];
      if (!*s || strspn(s, "abcdefghijklmnopqrstuvwxyz") != strlen(s))
        return err_at(l, it, 0, "unknown_calls.%s[%zu]: '%s' is not a lower-case word (a-z)",
                      keys[i + 2], k - first, s);
    }
  }
  return 0;
}

/* Calls each loader on the items of the array top[key]. */
static int load_list(ld* l, const cJSON* top, const char* key,
                     int (*fn)(ld*, const cJSON*, const char*)) {
  const cJSON* arr = cJSON_GetObjectItemCaseSensitive(top, key);
  if (!arr) return 0;
  int rc = expect_array(l, arr, key), i = 0;
  if (rc) return rc;
  char path[64];
  for (const cJSON* it = arr->child; it; it = it->next, i++) {
    snprintf(path, sizeof path, "%s[%d]", key, i);
    if ((rc = fn(l, it, path))) return rc;
  }
  return 0;
}

/* root.async: {"send", "get", "commands", "pipeline"}, each an array of calls (arg: the connection). */
static int load_async(ld* l, const cJSON* root) {
  static const char* const keys[] = {"send", "get", "commands", "pipeline", "comment", NULL};
  const cJSON* o = cJSON_GetObjectItemCaseSensitive(root, "async");
  if (!o) return 0;
  int rc;
  model_set* m = l->set;
  if ((rc = expect_object(l, o, "async")) || (rc = check_keys(l, o, "async", keys)) ||
      (rc = get_calls(l, o, "send", "async", 0, &m->async_send)) ||
      (rc = get_calls(l, o, "get", "async", 0, &m->async_get)) ||
      (rc = get_calls(l, o, "commands", "async", 0, &m->async_commands)) ||
      (rc = get_calls(l, o, "pipeline", "async", 0, &m->async_pipeline)))
    return rc;
  return 0;
}

static int load_root(ld* l, const cJSON* root) {
  static const char* const keys[] = {"name",     "description", "comment", "resources",
                                     "connect",  "noreturn",    "takes_ownership", "nonlocal_exit", "try", "assert", "frees_memory",
                                     "conninfo", "params",      "password", "pools",   "rules",
                                     "async",    "unknown_calls", NULL};
  int rc;
  if (!cJSON_IsObject(root)) return err_at(l, root, 0, "a model must be a JSON object");
  if ((rc = check_keys(l, root, "", keys))) return rc;
  const cJSON* s;
  if ((s = cJSON_GetObjectItemCaseSensitive(root, "name")) && !cJSON_IsString(s))
    return err_at(l, s, 0, "name: expected a string");
  if ((s = cJSON_GetObjectItemCaseSensitive(root, "description")) && !cJSON_IsString(s))
    return err_at(l, s, 0, "description: expected a string");
  model_set* m = l->set;
  /* rules first: a resource's leak_rule must name a rule of the catalogue */
  if ((rc = load_list(l, root, "rules", load_rule)) ||
      (rc = load_list(l, root, "resources", load_resource)) ||
      (rc = get_calls(l, root, "connect", "", -1, &m->connect)) ||
      (rc = get_calls(l, root, "noreturn", "", -1, &m->noreturn)) ||
      (rc = get_calls(l, root, "takes_ownership", "", 0, &m->takes_ownership)) ||
      (rc = get_calls(l, root, "nonlocal_exit", "", -1, &m->nonlocal_exit)) ||
      (rc = get_calls(l, root, "try", "", -1, &m->try_setjmp)) ||
      (rc = get_calls(l, root, "assert", "", 0, &m->asserts)) ||
      (rc = get_calls(l, root, "frees_memory", "", 0, &m->frees_memory)) ||
      (rc = get_calls(l, root, "conninfo", "", 0, &m->conninfo)) ||
      (rc = get_calls(l, root, "params", "", 0, &m->params)) ||
      (rc = get_calls(l, root, "password", "", 0, &m->password)) ||
      (rc = load_async(l, root)) ||
      (rc = load_list(l, root, "pools", load_pool)) ||
      (rc = load_unknown_calls(l, root)))
    return rc;
  return 0;
}

int model_load_text(model_set* set, const char* name, const char* text, char* errbuf,
                    size_t errlen) {
  if (!set || !name || !text) {
    if (errbuf && errlen) snprintf(errbuf, errlen, "model_load_text: NULL argument");
    return PQL_EINVAL;
  }
  if (!strncmp(text, "\xef\xbb\xbf", 3)) text += 3; /* a UTF-8 byte order mark */
  ld l = {set, name, text, {0}, errbuf, errlen};
  const char* end = NULL;
  cJSON* root = cJSON_ParseWithOpts(text, &end, 1);
  if (!root) {
    size_t off = end ? (size_t)(end - text) : 0;
    unsigned line, col;
    model_pos_linecol(text, off, &line, &col);
    if (errbuf && errlen) snprintf(errbuf, errlen, "%s:%u:%u: invalid JSON", name, line, col);
    return PQL_EMODEL;
  }
  int rc;
  if (model_pos_build(&l.pos, text, root) < 0) rc = err_nomem(&l);
  else rc = load_root(&l, root);
  model_pos_free(&l.pos);
  cJSON_Delete(root);
  return rc;
}

model_set* model_set_new(void) { return calloc(1, sizeof(model_set)); }

static void calls_free(model_calls* c) {
  for (size_t i = 0; i < c->n; i++) {
    free(c->v[i].pattern);
    free(c->v[i].origin);
    pcre2_code_free(c->v[i].re);
  }
  free(c->v);
  c->v = NULL;
  c->n = 0;
}

/* Frees what r holds but its kind and origin, and zeroes it. */
static void resource_clear(model_resource* r) {
  free(r->type);
  free(r->leak_rule);
  r->type = r->leak_rule = NULL;
  model_calls* all[] = {&r->acquire, &r->release, &r->discard, &r->borrow,
                        &r->check,   &r->reads,   &r->info};
  for (size_t k = 0; k < sizeof all / sizeof *all; k++) calls_free(all[k]);
}

/* Frees what p holds but its name and origin, and zeroes it. */
static void pool_clear(model_pool* p) {
  for (size_t k = 0; k < p->nmodule_globs; k++) free(p->module_globs[k]);
  free(p->module_globs);
  p->module_globs = NULL;
  p->nmodule_globs = 0;
  free(p->lease_type);
  free(p->conn_field);
  p->lease_type = p->conn_field = NULL;
  model_calls* all[] = {&p->acquire, &p->release, &p->discard,
                        &p->create,  &p->destroy, &p->size_args};
  for (size_t k = 0; k < sizeof all / sizeof *all; k++) calls_free(all[k]);
  for (size_t k = 0; k < p->nsize_fields; k++) {
    free(p->size_fields[k].type_pattern);
    free(p->size_fields[k].field_pattern);
    pcre2_code_free(p->size_fields[k].type_re);
    pcre2_code_free(p->size_fields[k].field_re);
  }
  free(p->size_fields);
  p->size_fields = NULL;
  p->nsize_fields = 0;
}

void model_set_free(model_set* s) {
  if (!s) return;
  for (size_t i = 0; i < s->nresources; i++) {
    model_resource* r = &s->resources[i];
    free(r->kind);
    free(r->origin);
    resource_clear(r);
  }
  free(s->resources);
  calls_free(&s->connect);
  calls_free(&s->noreturn);
  calls_free(&s->takes_ownership);
  calls_free(&s->nonlocal_exit);
  calls_free(&s->try_setjmp);
  calls_free(&s->asserts);
  calls_free(&s->frees_memory);
  calls_free(&s->conninfo);
  calls_free(&s->params);
  calls_free(&s->password);
  calls_free(&s->async_send);
  calls_free(&s->async_get);
  calls_free(&s->async_commands);
  calls_free(&s->async_pipeline);
  for (size_t i = 0; i < s->npools; i++) {
    model_pool* p = &s->pools[i];
    free(p->name);
    free(p->origin);
    pool_clear(p);
  }
  free(s->pools);
  for (size_t i = 0; i < s->nrules; i++) {
    model_rule* r = &s->rules[i];
    free(r->id);
    free(r->name);
    free(r->short_desc);
    free(r->full_desc);
    free(r->help_text);
    free(r->help_markdown);
    free(r->precision);
    for (size_t k = 0; k < r->ntags; k++) free(r->tags[k]);
    free(r->tags);
  }
  free(s->rules);
  model_name_words* w = &s->unknown_calls;
  model_words* lists[] = {&w->keeps, &w->frees, &w->makers, &w->messages,
                          &w->predicates, &w->open_verbs, &w->conn_nouns};
  for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) words_free(lists[i]);
  free(s);
}

/* Reads a whole file into a NUL-terminated malloc'd buffer; NULL with errno
 * (EILSEQ if the file holds a NUL byte). */
static char* read_file(const char* path) {
  size_t n = 0;
  char* buf = readfile(path, &n);
  if (buf && memchr(buf, 0, n)) {
    free(buf);
    errno = EILSEQ;
    return NULL;
  }
  return buf;
}

/* 1 if bundled model `name` ("rules/pqpool.json") stays with MODEL_NO_BUNDLED_POOLS. */
static int bundled_core(const char* name) {
  return !strcmp(name, "rules/libpq.json") || !strcmp(name, "rules/catalog.json");
}

int model_load(const char* const* extra_files, size_t nextra, model_set** out, char* errbuf,
               size_t errlen) {
  return model_load_opts(extra_files, nextra, 0, out, errbuf, errlen);
}

int model_load_opts(const char* const* extra_files, size_t nextra, unsigned flags, model_set** out,
                    char* errbuf, size_t errlen) {
  *out = NULL;
  model_set* s = model_set_new();
  if (!s) {
    if (errbuf && errlen) snprintf(errbuf, errlen, "out of memory loading the models");
    return PQL_ENOMEM;
  }
  int rc = 0;
  s->load_flags = flags;
  for (unsigned i = 0; i < bundled_models_count && !rc; i++)
    if (!(flags & MODEL_NO_BUNDLED_POOLS) || bundled_core(bundled_models[i].name))
      rc = model_load_text(s, bundled_models[i].name, bundled_models[i].text, errbuf, errlen);
  for (size_t i = 0; i < nextra && !rc; i++) {
    char* text = read_file(extra_files[i]);
    if (!text) {
      if (errbuf && errlen)
        snprintf(errbuf, errlen, "%s: cannot read the model: %s", extra_files[i],
                 errno == EILSEQ ? "binary file" : readfile_strerror(errno));
      rc = errno == ENOMEM ? PQL_ENOMEM : PQL_EIO;
      break;
    }
    rc = model_load_text(s, extra_files[i], text, errbuf, errlen);
    free(text);
  }
  if (rc) {
    model_set_free(s);
    return rc;
  }
  *out = s;
  return 0;
}
