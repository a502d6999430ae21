/* cache_cmd.c - "pqlint cache --stats | --clear [--cache-dir DIR] [--format text|json]": what the pass-1 cache folder holds, or its entries removed. */
#include "run/cache_cmd.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/error.h"
#include "base/fmtsize.h"
#include "run/cache_dir.h"

static const char cache_usage_text[] =
    "usage: pqlint cache --stats [--cache-dir DIR] [--format text|json]\n"
    "       pqlint cache --clear [--cache-dir DIR]\n"
    "The pass-1 cache folder (default $XDG_CACHE_HOME/pqlint, else ~/.cache/pqlint):\n"
    "  --stats   its entries, their bytes, the oldest and newest last use, temporaries\n"
    "            and other files (which pqlint never touches)\n"
    "  --clear   remove every pqlint entry and temporary; other files stay\n"
    "Runs keep it under --cache-max-size (default 512M) by removing the least recently\n"
    "used entries. Exit: 0 done, 2 usage error or a folder that cannot be read.\n";

/* A time as "2026-12-03T17:50:02Z" into out (at least 21 bytes), or "-" for none. */
static void cc_time(int have, time_t t, char* out, size_t n) {
  struct tm tm;
  if (!have || !gmtime_r(&t, &tm) || !strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm)) snprintf(out, n, "-");
}

/* The --stats text: one "key: value" line each. */
static int cc_stats_text(const char* dir, const cache_usage* u) {
  char old[32], new_[32], words[32];
  cc_time(u->entries > 0, u->oldest, old, sizeof old);
  cc_time(u->entries > 0, u->newest, new_, sizeof new_);
  pql_fmt_size(u->bytes, words, sizeof words);
  printf("folder:      %s%s\n", dir, u->exists ? "" : " (does not exist)");
  printf("entries:     %zu\n", u->entries);
  int plain = strstr(words, " bytes") != NULL; /* no shorter way to say it */
  printf("bytes:       %llu%s%s%s\n", u->bytes, plain ? "" : " (", plain ? "" : words, plain ? "" : ")");
  printf("oldest use:  %s\n", old);
  printf("newest use:  %s\n", new_);
  printf("temporaries: %zu (%llu bytes)\n", u->temps, u->temp_bytes);
  printf("other files: %zu (not pqlint's, left alone)\n", u->others);
  return fflush(stdout) ? -1 : 0;
}

/* The --stats JSON: {"version": 1, "folder", "exists", "entries", "bytes", "oldest_use",
 * "newest_use" (ISO 8601 UTC or null), "temporaries", "temporary_bytes", "other_files"}. */
static int cc_stats_json(const char* dir, const cache_usage* u) {
  char old[32], new_[32];
  cc_time(u->entries > 0, u->oldest, old, sizeof old);
  cc_time(u->entries > 0, u->newest, new_, sizeof new_);
  cJSON* o = cJSON_CreateObject();
  if (!o) return -1;
  cJSON_AddNumberToObject(o, "version", 1);
  cJSON_AddStringToObject(o, "folder", dir);
  cJSON_AddBoolToObject(o, "exists", u->exists);
  cJSON_AddNumberToObject(o, "entries", (double)u->entries);
  cJSON_AddNumberToObject(o, "bytes", (double)u->bytes);
  cJSON_AddItemToObject(o, "oldest_use", u->entries ? cJSON_CreateString(old) : cJSON_CreateNull());
  cJSON_AddItemToObject(o, "newest_use", u->entries ? cJSON_CreateString(new_) : cJSON_CreateNull());
  cJSON_AddNumberToObject(o, "temporaries", (double)u->temps);
  cJSON_AddNumberToObject(o, "temporary_bytes", (double)u->temp_bytes);
  cJSON_AddNumberToObject(o, "other_files", (double)u->others);
  char* s = cJSON_Print(o);
  cJSON_Delete(o);
  int rc = s && fputs(s, stdout) >= 0 && fputc('\n', stdout) != EOF && !fflush(stdout) ? 0 : -1;
  free(s);
  return rc;
}

/* Usage error: the message, then the usage text on stderr; returns the exit status. */
static int cc_usage_error(const char* what, const char* arg) {
  if (arg) pql_errorf("cache: %s '%s'", what, arg);
  else pql_errorf("cache: %s", what);
  fputs(cache_usage_text, stderr);
  return PQL_EXIT_ERROR;
}

int cache_main(int argc, char** argv) {
  const char* dir = NULL;
  int stats = 0, clear = 0, json = 0;
  for (int i = 1; i < argc; i++) {
    const char* a = argv[i];
    const char* val = NULL;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(cache_usage_text, stdout);
      return PQL_EXIT_CLEAN;
    } else if (!strcmp(a, "--stats")) {
      stats = 1;
    } else if (!strcmp(a, "--clear")) {
      clear = 1;
    } else if (!strcmp(a, "--cache-dir") || !strcmp(a, "--format")) {
      if (i + 1 >= argc) return cc_usage_error("option needs a value:", a);
      val = argv[++i];
    } else if (!strncmp(a, "--cache-dir=", 12) || !strncmp(a, "--format=", 9)) {
      val = strchr(a, '=') + 1;
    } else {
      return cc_usage_error(a[0] == '-' ? "unknown option" : "unexpected argument", a);
    }
    if (!val) continue;
    if (a[2] == 'c') { /* --cache-dir */
      if (!*val) return cc_usage_error("empty folder name for --cache-dir", NULL);
      dir = val;
    } else if (!strcmp(val, "json") || !strcmp(val, "text")) {
      json = val[0] == 'j';
    } else {
      return cc_usage_error("--format of pqlint cache is text or json, not", val);
    }
  }
  if (stats == clear) return cc_usage_error("give one of --stats or --clear", NULL);
  if (clear && json) return cc_usage_error("--format goes with --stats", NULL);
  char def[4096], err[4352];
  if (!dir) {
    if (cache_dir_default(def, sizeof def, err, sizeof err)) {
      pql_errorf("cache: %s (pass --cache-dir DIR)", err);
      return PQL_EXIT_ERROR;
    }
    dir = def;
  }
  if (stats) {
    cache_usage u;
    if (cache_dir_usage(dir, &u, err, sizeof err)) {
      pql_errorf("%s", err);
      return PQL_EXIT_ERROR;
    }
    if (json ? cc_stats_json(dir, &u) : cc_stats_text(dir, &u)) {
      pql_errorf("cache: cannot write to the standard output");
      return PQL_EXIT_ERROR;
    }
    return PQL_EXIT_CLEAN;
  }
  size_t removed = 0;
  unsigned long long freed = 0;
  int rc = cache_dir_clear(dir, &removed, &freed, err, sizeof err);
  char words[32];
  pql_fmt_size(freed, words, sizeof words);
  printf("pqlint cache: removed %zu entr%s (%s) from %s\n", removed, removed == 1 ? "y" : "ies", words, dir);
  if (rc) {
    pql_errorf("%s", err);
    return PQL_EXIT_ERROR;
  }
  return PQL_EXIT_CLEAN;
}
