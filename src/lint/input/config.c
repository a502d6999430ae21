/* config.c - reads .pqlint.json (pool_modules, models, bundled_models, enable, disable, exclude, flags, per_file_ignores,
 * parse_errors, report_unused_suppressions, show_source, max_file_size, file_timeout, cache_max_size) and finds it upward. */
#include "input/config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "base/readfile.h"
#include "input/cli.h"

void config_free(pql_config* c) {
  char*** lists[] = {&c->pool_modules, &c->models, &c->enable, &c->disable, &c->exclude, &c->flags};
  size_t* counts[] = {&c->npool_modules, &c->nmodels, &c->nenable, &c->ndisable, &c->nexclude, &c->nflags};
  for (size_t k = 0; k < sizeof lists / sizeof *lists; k++) {
    for (size_t i = 0; i < *counts[k]; i++) free((*lists[k])[i]);
    free(*lists[k]);
    *lists[k] = NULL;
    *counts[k] = 0;
  }
  for (size_t i = 0; i < c->nexclude_raw; i++) free(c->exclude_raw[i]);
  free(c->exclude_raw);
  c->exclude_raw = NULL;
  c->nexclude_raw = 0;
  for (size_t i = 0; i < c->nfile_ignores; i++) {
    pql_file_ignore* fi = &c->file_ignores[i];
    free(fi->glob);
    free(fi->raw);
    for (size_t k = 0; k < fi->nrules; k++) free(fi->rules[k]);
    free(fi->rules);
  }
  free(c->file_ignores);
  c->file_ignores = NULL;
  c->nfile_ignores = 0;
  free(c->path);
  free(c->dir);
  c->path = c->dir = NULL;
}

char* config_abs(const char* dir, const char* p) {
  if (p[0] == '/' || p[0] == '*') return strdup(p);
  const char* q = p;
  while (q[0] == '.' && q[1] == '/') q += 2;
  size_t n = strlen(dir) + strlen(q) + 2;
  char* s = malloc(n);
  if (s) snprintf(s, n, "%s/%s", dir, q);
  return s;
}

/* Line and column (1-based) of byte offset off in text. */
static void line_col(const char* text, size_t off, unsigned* line, unsigned* col) {
  *line = 1;
  *col = 1;
  for (size_t i = 0; i < off && text[i]; i++) {
    if (text[i] == '\n') {
      (*line)++;
      *col = 1;
    } else {
      (*col)++;
    }
  }
}

/* Offset of the key "name" (the opening quote) in text, or 0 if not found. */
static size_t key_offset(const char* text, const char* name) {
  size_t n = strlen(name);
  for (const char* p = strchr(text, '"'); p; p = strchr(p + 1, '"')) {
    if (strncmp(p + 1, name, n) == 0 && p[n + 1] == '"') {
      const char* q = p + n + 2;
      while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') q++;
      if (*q == ':') return (size_t)(p - text);
    }
  }
  return 0;
}

/* Reads the array of strings `item` into *out (absolute against dir if
 * make_abs). Returns 0 or PQL_ECONFIG/PQL_ENOMEM with errbuf set. */
static int read_strings(const cJSON* item, const char* text, const char* path, const char* dir,
                        int make_abs, char*** out, size_t* n, char* errbuf, size_t errlen) {
  unsigned line, col;
  if (!cJSON_IsArray(item)) {
    line_col(text, key_offset(text, item->string), &line, &col);
    snprintf(errbuf, errlen, "%s:%u:%u: \"%s\" must be an array of strings", path, line, col,
             item->string);
    return PQL_ECONFIG;
  }
  /* a key given twice: the last one wins (fuzz_config found the overflow when it appended) */
  for (size_t i = 0; i < *n; i++) free((*out)[i]);
  free(*out);
  *out = NULL;
  *n = 0;
  size_t cnt = (size_t)cJSON_GetArraySize(item);
  *out = calloc(cnt ? cnt : 1, sizeof **out);
  if (!*out) return PQL_ENOMEM;
  const cJSON* e;
  cJSON_ArrayForEach(e, item) {
    if (!cJSON_IsString(e) || !e->valuestring[0]) {
      line_col(text, key_offset(text, item->string), &line, &col);
      snprintf(errbuf, errlen, "%s:%u:%u: \"%s\" must hold only non-empty strings", path, line,
               col, item->string);
      return PQL_ECONFIG;
    }
    char* s = make_abs ? config_abs(dir, e->valuestring) : strdup(e->valuestring);
    if (!s) return PQL_ENOMEM;
    (*out)[(*n)++] = s;
  }
  return 0;
}

/* Reads "per_file_ignores": {"glob": ["rule", ...], ...}. 0 or PQL_ECONFIG/PQL_ENOMEM. */
static int read_file_ignores(const cJSON* item, const char* text, const char* path, pql_config* c,
                             char* errbuf, size_t errlen) {
  unsigned line, col;
  if (!cJSON_IsObject(item)) {
    line_col(text, key_offset(text, item->string), &line, &col);
    snprintf(errbuf, errlen, "%s:%u:%u: \"per_file_ignores\" must be an object of glob: [rule ids]",
             path, line, col);
    return PQL_ECONFIG;
  }
  size_t n = (size_t)cJSON_GetArraySize(item);
  c->file_ignores = calloc(n ? n : 1, sizeof *c->file_ignores);
  if (!c->file_ignores) return PQL_ENOMEM;
  const cJSON* e;
  cJSON_ArrayForEach(e, item) {
    pql_file_ignore* fi = &c->file_ignores[c->nfile_ignores++];
    if (!e->string[0]) {
      line_col(text, key_offset(text, item->string), &line, &col);
      snprintf(errbuf, errlen, "%s:%u:%u: \"per_file_ignores\" has an empty glob", path, line, col);
      return PQL_ECONFIG;
    }
    fi->glob = config_abs(c->dir, e->string);
    fi->raw = strdup(e->string);
    if (!fi->glob || !fi->raw) return PQL_ENOMEM;
    int rc = read_strings(e, text, path, c->dir, 0, &fi->rules, &fi->nrules, errbuf, errlen);
    if (rc) return rc;
  }
  return 0;
}

/* Reads "max_file_size" or "cache_max_size" (bytes as a number, or a string
 * such as "8M") or "file_timeout" (seconds, a number). 0 or PQL_ECONFIG. */
static int read_limit(const cJSON* item, const char* text, const char* path, pql_config* c,
                      char* errbuf, size_t errlen) {
  unsigned line, col;
  int size = strcmp(item->string, "file_timeout") != 0;
  char num[64];
  const char* v = NULL;
  if (cJSON_IsString(item)) {
    v = item->valuestring;
  } else if (cJSON_IsNumber(item) && item->valuedouble >= 0 && item->valuedouble <= 1e18) {
    snprintf(num, sizeof num, size ? "%.0f" : "%.17g", item->valuedouble);
    if (!size || item->valuedouble == (double)(long long)item->valuedouble) v = num;
  }
  unsigned long long bytes = 0;
  double secs = 0;
  int bad = !v || (size ? cli_parse_size(v, &bytes) || bytes > (~0ull >> 2) : cli_parse_seconds(v, &secs));
  if (bad) {
    line_col(text, key_offset(text, item->string), &line, &col);
    if (size)
      snprintf(errbuf, errlen, "%s:%u:%u: \"%s\" must be a number of bytes or a size such as \"8M\" (0: %s)",
               path, line, col, item->string, strcmp(item->string, "cache_max_size") ? "no limit" : "no cap");
    else
      snprintf(errbuf, errlen, "%s:%u:%u: \"file_timeout\" must be a number of seconds from 0 (no limit) to 86400",
               path, line, col);
    return PQL_ECONFIG;
  }
  if (!size) c->file_timeout = secs;
  else if (!strcmp(item->string, "cache_max_size")) c->cache_max_size = (long long)bytes;
  else c->max_file_size = (long long)bytes;
  return 0;
}

int config_load(const char* path, pql_config* c, char* errbuf, size_t errlen) {
  memset(c, 0, sizeof *c);
  c->parse_errors = -1;
  c->max_file_size = -1;
  c->file_timeout = -1;
  c->cache_max_size = -1;
  c->report_unused = -1;
  c->show_source = -1;
  c->bundled_models = -1;
  size_t len = 0;
  char* text = readfile(path, &len);
  if (!text) {
    snprintf(errbuf, errlen, "%s: cannot read the configuration: %s", path, readfile_strerror(errno));
    return PQL_EIO;
  }
  int rc = 0;
  unsigned line, col;
  char abs[PATH_MAX];
  c->path = strdup(path);
  if (!realpath(path, abs)) snprintf(abs, sizeof abs, "%s", path);
  char* slash = strrchr(abs, '/');
  if (slash && slash != abs) *slash = 0;
  else if (slash) slash[1] = 0;
  c->dir = strdup(abs);
  if (!c->path || !c->dir) {
    free(text);
    return PQL_ENOMEM;
  }
  const char* end = NULL;
  cJSON* root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
  if (!root) {
    size_t off = end ? (size_t)(end - text) : 0;
    line_col(text, off, &line, &col);
    snprintf(errbuf, errlen, "%s:%u:%u: invalid JSON", path, line, col);
    rc = PQL_ECONFIG;
    goto out;
  }
  if (!cJSON_IsObject(root)) {
    snprintf(errbuf, errlen, "%s:1:1: the configuration must be a JSON object", path);
    rc = PQL_ECONFIG;
    goto out;
  }
  const cJSON* item;
  cJSON_ArrayForEach(item, root) {
    const char* k = item->string;
    if (!strcmp(k, "pool_modules"))
      rc = read_strings(item, text, path, c->dir, 1, &c->pool_modules, &c->npool_modules, errbuf, errlen);
    else if (!strcmp(k, "models"))
      rc = read_strings(item, text, path, c->dir, 1, &c->models, &c->nmodels, errbuf, errlen);
    else if (!strcmp(k, "enable"))
      rc = read_strings(item, text, path, c->dir, 0, &c->enable, &c->nenable, errbuf, errlen);
    else if (!strcmp(k, "disable"))
      rc = read_strings(item, text, path, c->dir, 0, &c->disable, &c->ndisable, errbuf, errlen);
    else if (!strcmp(k, "exclude")) {
      rc = read_strings(item, text, path, c->dir, 1, &c->exclude, &c->nexclude, errbuf, errlen);
      if (rc == 0)
        rc = read_strings(item, text, path, c->dir, 0, &c->exclude_raw, &c->nexclude_raw, errbuf, errlen);
    } else if (!strcmp(k, "per_file_ignores"))
      rc = read_file_ignores(item, text, path, c, errbuf, errlen);
    else if (!strcmp(k, "parse_errors")) {
      const char* v = cJSON_IsString(item) ? item->valuestring : "";
      c->parse_errors = !strcmp(v, "ignore") ? 0 : !strcmp(v, "warn") ? 1 : !strcmp(v, "fail") ? 2 : -1;
      if (c->parse_errors < 0) {
        line_col(text, key_offset(text, k), &line, &col);
        snprintf(errbuf, errlen, "%s:%u:%u: \"parse_errors\" must be \"fail\", \"warn\" or \"ignore\"",
                 path, line, col);
        rc = PQL_ECONFIG;
      }
    }
    else if (!strcmp(k, "report_unused_suppressions") || !strcmp(k, "show_source")) {
      if (!cJSON_IsBool(item)) {
        line_col(text, key_offset(text, k), &line, &col);
        snprintf(errbuf, errlen, "%s:%u:%u: \"%s\" must be true or false", path, line, col, k);
        rc = PQL_ECONFIG;
      } else if (k[0] == 'r') c->report_unused = cJSON_IsTrue(item);
      else c->show_source = cJSON_IsTrue(item);
    }
    else if (!strcmp(k, "flags"))
      rc = read_strings(item, text, path, c->dir, 0, &c->flags, &c->nflags, errbuf, errlen);
    else if (!strcmp(k, "bundled_models")) {
      if (!cJSON_IsBool(item)) {
        line_col(text, key_offset(text, k), &line, &col);
        snprintf(errbuf, errlen, "%s:%u:%u: \"bundled_models\" must be true or false", path, line, col);
        rc = PQL_ECONFIG;
      } else {
        c->bundled_models = cJSON_IsTrue(item);
      }
    }
    else if (!strcmp(k, "max_file_size") || !strcmp(k, "file_timeout") || !strcmp(k, "cache_max_size"))
      rc = read_limit(item, text, path, c, errbuf, errlen);
    else {
      line_col(text, key_offset(text, k), &line, &col);
      snprintf(errbuf, errlen,
               "%s:%u:%u: unknown key \"%s\" (known: pool_modules, models, enable, disable, "
               "exclude, flags, per_file_ignores, parse_errors, report_unused_suppressions, show_source, "
               "max_file_size, file_timeout, cache_max_size, bundled_models)",
               path, line, col, k);
      rc = PQL_ECONFIG;
    }
    if (rc == PQL_ENOMEM) snprintf(errbuf, errlen, "%s: out of memory", path);
    if (rc) break;
  }
out:
  cJSON_Delete(root);
  free(text);
  return rc;
}

char* config_find(const char* start) {
  char dir[PATH_MAX];
  struct stat st;
  if (!realpath(start, dir)) return NULL;
  if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
    char* slash = strrchr(dir, '/');
    if (slash) *slash = 0;
  }
  for (;;) {
    char cand[PATH_MAX + 16];
    snprintf(cand, sizeof cand, "%s/.pqlint.json", dir[0] ? dir : "");
    if (access(cand, F_OK) == 0) return strdup(cand);
    char* slash = strrchr(dir, '/');
    if (!slash || dir[0] == 0) return NULL;
    *slash = 0; /* "/a" -> "" stands for the root */
  }
}
