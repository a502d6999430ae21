/* compdb.c - reads compile_commands.json with cJSON and sanitises each entry's flags. */
#include "input/compdb.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "base/readfile.h"
#include "base/srclang.h"

typedef struct strvec {
  char** v;
  size_t n, cap;
} strvec;

static int vec_push(strvec* s, const char* str, size_t len) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 16;
    char** v = realloc(s->v, cap * sizeof *v);
    if (!v) return PQL_ENOMEM;
    s->v = v;
    s->cap = cap;
  }
  char* c = strndup(str, len);
  if (!c) return PQL_ENOMEM;
  s->v[s->n++] = c;
  return 0;
}

static void vec_free(strvec* s) {
  for (size_t i = 0; i < s->n; i++) free(s->v[i]);
  free(s->v);
  memset(s, 0, sizeof *s);
}

int compdb_split(const char* cmd, char*** out, size_t* nout) {
  strvec v = {0};
  size_t cap = strlen(cmd) + 1;
  char* word = malloc(cap);
  if (!word) return PQL_ENOMEM;
  const char* p = cmd;
  int rc = 0;
  while (*p && rc == 0) {
    while (*p == ' ' || *p == '\t' || *p == '\n') p++;
    if (!*p) break;
    size_t n = 0;
    char quote = 0;
    for (; *p; p++) {
      if (quote) {
        if (*p == quote) quote = 0;
        else if (*p == '\\' && quote == '"' && (p[1] == '"' || p[1] == '\\')) word[n++] = *++p;
        else word[n++] = *p;
      } else if (*p == '\'' || *p == '"') {
        quote = *p;
      } else if (*p == '\\' && p[1]) {
        word[n++] = *++p;
      } else if (*p == ' ' || *p == '\t' || *p == '\n') {
        break;
      } else {
        word[n++] = *p;
      }
    }
    rc = vec_push(&v, word, n);
  }
  free(word);
  if (rc) {
    vec_free(&v);
    return rc;
  }
  *out = v.v;
  *nout = v.n;
  return 0;
}

static int starts(const char* s, const char* prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* 1 if argv0 is a compiler launcher that runs the next word (ccache g++). */
static int is_launcher(const char* argv0) {
  const char* b = strrchr(argv0, '/');
  b = b ? b + 1 : argv0;
  return !strcmp(b, "ccache") || !strcmp(b, "sccache") || !strcmp(b, "distcc") ||
         !strcmp(b, "icecc");
}

int compdb_sanitise(const char* const* argv, size_t argc, const char* file, char*** out,
                    size_t* nout) {
  strvec v = {0};
  int rc = 0;
  const char* base = file ? strrchr(file, '/') : NULL;
  base = base ? base + 1 : file;
  size_t first = 1; /* argv[0]: the compiler, never run */
  if (argc > 1 && is_launcher(argv[0])) first = 2; /* ccache g++ ...: argv[1] is the compiler */
  /* g++ and clang++ compile every input as C++, a .c too: say it as a flag
   * (a later -x in the entry still wins, as it does for the compiler) */
  if (argc >= first && srclang_is_cxx_compiler(argv[first - 1])) {
    rc = vec_push(&v, "-x", 2);
    if (rc == 0) rc = vec_push(&v, "c++", 3);
  }
  for (size_t i = first; i < argc && rc == 0; i++) {
    const char* a = argv[i];
    if (!strcmp(a, "-c") || !strcmp(a, "-S") || !strcmp(a, "-E")) continue;
    if (!strcmp(a, "-o") || !strcmp(a, "-MF") || !strcmp(a, "-MT") || !strcmp(a, "-MQ") ||
        !strcmp(a, "--config")) {
      i++; /* and its argument */
      continue;
    }
    if (starts(a, "-o") || starts(a, "-MF") || starts(a, "-MT") || starts(a, "-MQ") ||
        !strcmp(a, "-MD") || !strcmp(a, "-MMD") || !strcmp(a, "-M") || !strcmp(a, "-MM") ||
        !strcmp(a, "-MP") || starts(a, "--config") || starts(a, "-fplugin") ||
        starts(a, "-fpass-plugin") || starts(a, "-Werror") || starts(a, "-Wfatal-errors"))
      continue;
    if (!strcmp(a, "-Xclang") && i + 1 < argc) {
      const char* b = argv[i + 1];
      if (!strcmp(b, "-load") || !strcmp(b, "-plugin") || !strcmp(b, "-add-plugin") ||
          starts(b, "-plugin-arg")) {
        i++; /* -Xclang -load */
        if (i + 2 < argc && !strcmp(argv[i + 1], "-Xclang")) i += 2; /* -Xclang ARG */
        else if (i + 1 < argc && argv[i + 1][0] != '-') i++;
        continue;
      }
      if (rc == 0) rc = vec_push(&v, a, strlen(a));
      if (rc == 0) rc = vec_push(&v, b, strlen(b));
      i++;
      continue;
    }
    if (file && a[0] != '-') { /* the input itself (as written, or its base name) */
      const char* ab = strrchr(a, '/');
      ab = ab ? ab + 1 : a;
      if (!strcmp(a, file) || (base && !strcmp(ab, base))) continue;
    }
    rc = vec_push(&v, a, strlen(a));
  }
  if (rc) {
    vec_free(&v);
    return rc;
  }
  *out = v.v;
  *nout = v.n;
  return 0;
}

static int cmp_entry(const void* a, const void* b) {
  return strcmp(((const compdb_entry*)a)->file, ((const compdb_entry*)b)->file);
}

void compdb_free(compdb* db) {
  if (!db) return;
  for (size_t i = 0; i < db->n; i++) {
    free(db->v[i].file);
    for (size_t j = 0; j < db->v[i].nargs; j++) free(db->v[i].args[j]);
    free(db->v[i].args);
  }
  free(db->v);
  free(db->path);
  free(db);
}

/* Path options whose value is a path relative to the compile's directory. */
static const char* const path_opts[] = {"-I", "-isystem", "-iquote", "-idirafter", "-include",
                                        "-imacros", "-isysroot", "--sysroot", "-F", NULL};

/* Makes the value of every path option of e absolute against dir. */
static int absolutise(compdb_entry* e, const char* dir) {
  for (size_t i = 0; i < e->nargs; i++) {
    for (int k = 0; path_opts[k]; k++) {
      size_t ol = strlen(path_opts[k]);
      char* a = e->args[i];
      char** slot = NULL;
      const char* val = NULL;
      if (!strcmp(a, path_opts[k]) && i + 1 < e->nargs) {
        slot = &e->args[i + 1];
        val = *slot;
      } else if (!strncmp(a, path_opts[k], ol) && a[ol] && (ol == 2 || a[ol] == '=')) {
        slot = &e->args[i];
        val = a + ol + (a[ol] == '=');
      }
      if (!slot || val[0] == '/' || !val[0]) continue;
      size_t prefix = (size_t)(val - *slot);
      size_t n = prefix + strlen(dir) + strlen(val) + 2;
      char* s = malloc(n);
      if (!s) return PQL_ENOMEM;
      snprintf(s, n, "%.*s%s/%s", (int)prefix, *slot, dir, val);
      free(*slot);
      *slot = s;
      if (slot == &e->args[i + 1]) i++;
      break;
    }
  }
  return 0;
}

/* Fills e from one JSON entry; 0, PQL_ENOMEM or PQL_ECONFIG. */
static int load_entry(const cJSON* j, const char* dbdir, compdb_entry* e) {
  const cJSON* dir = cJSON_GetObjectItemCaseSensitive(j, "directory");
  const cJSON* file = cJSON_GetObjectItemCaseSensitive(j, "file");
  const cJSON* args = cJSON_GetObjectItemCaseSensitive(j, "arguments");
  const cJSON* cmd = cJSON_GetObjectItemCaseSensitive(j, "command");
  if (!cJSON_IsString(file)) return PQL_ECONFIG;
  const char* d = cJSON_IsString(dir) ? dir->valuestring : dbdir;
  char** argv = NULL;
  size_t argc = 0;
  int rc = 0;
  if (cJSON_IsArray(args)) {
    argc = (size_t)cJSON_GetArraySize(args);
    argv = calloc(argc + 1, sizeof *argv);
    if (!argv) return PQL_ENOMEM;
    size_t i = 0;
    const cJSON* a;
    cJSON_ArrayForEach(a, args) {
      if (!cJSON_IsString(a)) {
        free(argv);
        return PQL_ECONFIG;
      }
      argv[i++] = a->valuestring;
    }
    rc = compdb_sanitise((const char* const*)argv, argc, file->valuestring, &e->args, &e->nargs);
    free(argv);
  } else if (cJSON_IsString(cmd)) {
    rc = compdb_split(cmd->valuestring, &argv, &argc);
    if (rc == 0)
      rc = compdb_sanitise((const char* const*)argv, argc, file->valuestring, &e->args, &e->nargs);
    for (size_t i = 0; i < argc; i++) free(argv[i]);
    free(argv);
  } else {
    return PQL_ECONFIG;
  }
  if (rc) return rc;
  /* relative include paths resolve against the entry's directory, as the build did */
  rc = absolutise(e, d);
  if (rc) return rc;
  char joined[PATH_MAX * 2], real[PATH_MAX];
  if (file->valuestring[0] == '/') snprintf(joined, sizeof joined, "%s", file->valuestring);
  else snprintf(joined, sizeof joined, "%s/%s", d, file->valuestring);
  e->file = strdup(realpath(joined, real) ? real : joined);
  return e->file ? 0 : PQL_ENOMEM;
}

int compdb_load(const char* dir_or_file, compdb** out, char* errbuf, size_t errlen) {
  *out = NULL;
  char path[PATH_MAX];
  struct stat st;
  if (stat(dir_or_file, &st) == 0 && S_ISDIR(st.st_mode))
    snprintf(path, sizeof path, "%s/compile_commands.json", dir_or_file);
  else
    snprintf(path, sizeof path, "%s", dir_or_file);
  size_t len = 0;
  char* text = readfile(path, &len);
  if (!text) {
    snprintf(errbuf, errlen, "%s: cannot read the compile database: %s", path, readfile_strerror(errno));
    return PQL_EIO;
  }
  char dbdir[PATH_MAX];
  if (!realpath(path, dbdir)) snprintf(dbdir, sizeof dbdir, "%s", path);
  char* slash = strrchr(dbdir, '/');
  if (slash) *slash = 0;
  const char* end = NULL;
  cJSON* root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
  int rc = 0;
  compdb* db = calloc(1, sizeof *db);
  if (!db) {
    rc = PQL_ENOMEM;
    snprintf(errbuf, errlen, "out of memory");
    goto out;
  }
  db->path = strdup(path);
  if (!root || !cJSON_IsArray(root)) {
    unsigned line = 1, col = 1;
    size_t off = end && !root ? (size_t)(end - text) : 0;
    for (size_t i = 0; i < off; i++) {
      if (text[i] == '\n') line++, col = 1;
      else col++;
    }
    snprintf(errbuf, errlen, "%s:%u:%u: %s", path, line, col,
             root ? "a compile database must be a JSON array" : "invalid JSON");
    rc = PQL_ECONFIG;
    goto out;
  }
  size_t n = (size_t)cJSON_GetArraySize(root);
  db->v = calloc(n ? n : 1, sizeof *db->v);
  if (!db->v) {
    rc = PQL_ENOMEM;
    snprintf(errbuf, errlen, "out of memory");
    goto out;
  }
  const cJSON* j;
  cJSON_ArrayForEach(j, root) {
    rc = load_entry(j, dbdir, &db->v[db->n]);
    db->n++;
    if (rc == PQL_ECONFIG) {
      snprintf(errbuf, errlen,
               "%s: entry %zu needs \"file\" and \"arguments\" (array of strings) or \"command\"",
               path, db->n);
    } else if (rc) {
      snprintf(errbuf, errlen, "out of memory");
    }
    if (rc) goto out;
  }
  if (db->n) qsort(db->v, db->n, sizeof *db->v, cmp_entry);
out:
  cJSON_Delete(root);
  free(text);
  if (rc) {
    compdb_free(db);
    return rc;
  }
  *out = db;
  return 0;
}

const compdb_entry* compdb_find(const compdb* db, const char* path) {
  char real[PATH_MAX];
  if (!db || !db->n || !realpath(path, real)) return NULL; /* no entries: no array for bsearch */
  compdb_entry key = {.file = real};
  return bsearch(&key, db->v, db->n, sizeof *db->v, cmp_entry);
}

const compdb_entry* compdb_find_nearest(const compdb* db, const char* path) {
  const compdb_entry* e = compdb_find(db, path);
  if (e || !db || db->n == 0) return e;
  char real[PATH_MAX];
  if (!realpath(path, real)) return NULL;
  /* a header borrows the flags of its .c file (C++: .cpp, .cc, .cxx), else of a
   * file in its folder */
  static const char* const exts[] = {".c", ".cpp", ".cc", ".cxx"};
  char stem[PATH_MAX];
  snprintf(stem, sizeof stem, "%s", real);
  char* dot = strrchr(stem, '.');
  char* slash = strrchr(stem, '/');
  for (size_t k = 0; k < sizeof exts / sizeof *exts; k++) {
    if (!(dot && slash && dot > slash && (size_t)(dot - stem) + 5 < sizeof stem)) break;
    strcpy(dot, exts[k]);
    compdb_entry key = {.file = stem};
    e = bsearch(&key, db->v, db->n, sizeof *db->v, cmp_entry);
    if (e) return e;
  }
  slash = strrchr(real, '/');
  if (!slash) return NULL;
  size_t dlen = (size_t)(slash - real) + 1; /* "/dir/" */
  for (size_t i = 0; i < db->n; i++)
    if (!strncmp(db->v[i].file, real, dlen) && !strchr(db->v[i].file + dlen, '/')) return &db->v[i];
  return NULL;
}

/* The first of root/compile_commands.json, root/build/, root/build* folders (sorted),
 * root/out/ that is readable, malloc'd; NULL if none. */
static char* discover_in(const char* root) {
  char cand[PATH_MAX + 300];
  const char* fixed[] = {"", "build/"};
  for (int i = 0; i < 2; i++) {
    snprintf(cand, sizeof cand, "%s/%scompile_commands.json", root, fixed[i]);
    if (access(cand, R_OK) == 0) return strdup(cand);
  }
  struct dirent** names = NULL;
  int n = scandir(root, &names, NULL, alphasort);
  char* found = NULL;
  for (int i = 0; i < n; i++) {
    const char* d = names[i]->d_name;
    if (!found && !strncmp(d, "build", 5) && d[5]) {
      snprintf(cand, sizeof cand, "%s/%s/compile_commands.json", root, d);
      if (access(cand, R_OK) == 0) found = strdup(cand);
    }
    free(names[i]);
  }
  free(names);
  if (found) return found;
  snprintf(cand, sizeof cand, "%s/out/compile_commands.json", root);
  return access(cand, R_OK) == 0 ? strdup(cand) : NULL;
}

char* compdb_discover(void) {
  char dir[PATH_MAX];
  if (!getcwd(dir, sizeof dir)) return NULL;
  for (;;) {
    char cand[PATH_MAX + 64];
    snprintf(cand, sizeof cand, "%s/.git", dir);
    if (access(cand, F_OK) == 0) return discover_in(dir);
    char* slash = strrchr(dir, '/');
    if (!slash || slash == dir) return NULL;
    *slash = 0;
  }
}
