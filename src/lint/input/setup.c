/* setup.c - turns the options into a run's inputs: the configuration merged with the command line, the file list, per-file flags. */
#include "input/setup.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/error.h"
#include "base/readfile.h"
#include "input/staged.h"

void setup_free(setup* s) {
  sources_free(&s->src);
  compdb_free(s->db);
  config_free(&s->cfg);
  cli_list* lists[] = {&s->model_files, &s->pool_globs, &s->enabled, &s->disabled,
                       &s->flags,       &s->excludes,   &s->within,  &s->absolute};
  for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) cli_list_free(lists[i]);
  s->db = NULL;
  cli_list_free(&s->exclude_names);
  cli_list_free(&s->notes);
  includes_free(&s->inc);
  for (size_t i = 0; i < s->nignores; i++) cli_list_free(&s->ignores[i].rules);
  free(s->ignores);
  s->ignores = NULL;
  s->nignores = 0;
}

static int push_all(cli_list* dst, char* const* v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (cli_list_push(dst, v[i])) return PQL_ENOMEM;
  return 0;
}

/* Appends flags sanitised like a compile database's: a .pqlint.json in a
 * repository must not load code into libclang either. */
static int push_flags(cli_list* dst, char* const* v, size_t n) {
  if (n == 0) return 0;
  const char** argv = calloc(n + 1, sizeof *argv);
  if (!argv) return PQL_ENOMEM;
  argv[0] = "cc";
  for (size_t i = 0; i < n; i++) argv[i + 1] = v[i];
  char** out = NULL;
  size_t nout = 0;
  int rc = compdb_sanitise(argv, n + 1, NULL, &out, &nout);
  free(argv);
  for (size_t i = 0; i < nout; i++) {
    if (rc == 0) rc = cli_list_push(dst, out[i]);
    free(out[i]);
  }
  free(out);
  return rc;
}

static int contains(const cli_list* l, const char* s) {
  for (size_t i = 0; i < l->n; i++)
    if (!strcmp(l->v[i], s)) return 1;
  return 0;
}

int setup_config(setup* s, const cli_opts* o) {
  char err[1024];
  char* found = NULL;
  const char* path = o->config;
  if (!path && !o->no_config) {
    found = config_find(o->paths.n ? o->paths.v[0] : ".");
    path = found;
  }
  if (path) {
    int rc = config_load(path, &s->cfg, err, sizeof err);
    free(found);
    if (rc) {
      pql_errorf("%s", err);
      return rc;
    }
  }
  /* models: the config's, then --model; pool modules: both */
  if (push_all(&s->model_files, s->cfg.models, s->cfg.nmodels) ||
      push_all(&s->model_files, o->models.v, o->models.n) ||
      push_all(&s->pool_globs, s->cfg.pool_modules, s->cfg.npool_modules) ||
      push_all(&s->pool_globs, o->pool_globs.v, o->pool_globs.n) ||
      push_flags(&s->flags, s->cfg.flags, s->cfg.nflags) ||
      push_flags(&s->flags, o->flags.v, o->flags.n) ||
      push_all(&s->excludes, s->cfg.exclude, s->cfg.nexclude) ||
      push_all(&s->excludes, o->excludes.v, o->excludes.n) ||
      push_all(&s->exclude_names, s->cfg.exclude_raw, s->cfg.nexclude_raw) ||
      push_all(&s->exclude_names, o->excludes.v, o->excludes.n))
    return PQL_ENOMEM;
  if (o->no_bundled_models || (s->cfg.path && s->cfg.bundled_models == 0)) s->model_flags |= MODEL_NO_BUNDLED_POOLS;
  s->parse_errors = o->parse_errors >= 0 ? o->parse_errors
                    : s->cfg.path && s->cfg.parse_errors >= 0 ? s->cfg.parse_errors : CLI_PE_WARN;
  s->max_file_size = o->max_file_size >= 0 ? (size_t)o->max_file_size
                     : s->cfg.path && s->cfg.max_file_size >= 0 ? (size_t)s->cfg.max_file_size
                     : (size_t)CLI_DEFAULT_MAX_FILE_SIZE;
  s->file_timeout = o->file_timeout >= 0 ? o->file_timeout
                    : s->cfg.path && s->cfg.file_timeout >= 0 ? s->cfg.file_timeout
                    : CLI_DEFAULT_FILE_TIMEOUT;
  s->cache_max_size = o->cache_max_size >= 0 ? (unsigned long long)o->cache_max_size
                      : s->cfg.path && s->cfg.cache_max_size >= 0 ? (unsigned long long)s->cfg.cache_max_size
                      : CLI_DEFAULT_CACHE_MAX_SIZE;
  s->report_unused = o->report_unused || (s->cfg.path && s->cfg.report_unused > 0);
  s->show_source = o->show_source >= 0 ? o->show_source : s->cfg.path ? s->cfg.show_source : -1;
  /* rules: --enable replaces the config's "enable" and wins over its "disable" */
  if (o->enable.n) {
    if (push_all(&s->enabled, o->enable.v, o->enable.n)) return PQL_ENOMEM;
  } else if (push_all(&s->enabled, s->cfg.enable, s->cfg.nenable)) {
    return PQL_ENOMEM;
  }
  for (size_t i = 0; i < s->cfg.ndisable; i++)
    if (!contains(&o->enable, s->cfg.disable[i]) && cli_list_push(&s->disabled, s->cfg.disable[i]))
      return PQL_ENOMEM;
  return push_all(&s->disabled, o->disable.v, o->disable.n);
}

int setup_rule_pattern(const model_set* m, const char* pat, cli_list* out) {
  int n = 0;
  for (size_t i = 0; i < m->nrules; i++) {
    const model_rule* r = &m->rules[i];
    int hit = !strcmp(r->id, pat) || fnmatch(pat, r->id, 0) == 0;
    for (size_t t = 0; !hit && t < r->ntags; t++) hit = !strcmp(r->tags[t], pat);
    if (!hit) continue;
    if (cli_list_push(out, r->id)) return PQL_ENOMEM;
    n++;
  }
  return n;
}

/* Expands every pattern of v into out; an unknown one is an error naming where. */
static int expand(const model_set* m, char* const* v, size_t n, const char* where, cli_list* out) {
  for (size_t i = 0; i < n; i++) {
    int k = setup_rule_pattern(m, v[i], out);
    if (k < 0) return k;
    if (k == 0) {
      pql_errorf("unknown rule '%s' in %s: no rule id, glob or tag matches it (see pqlint --list-rules)",
                 v[i], where);
      return PQL_EINVAL;
    }
  }
  return 0;
}

int setup_check_rules(setup* s, const cli_opts* o, const model_set* m) {
  char where_e[PATH_MAX + 32], where_d[PATH_MAX + 32], where_i[PATH_MAX + 48];
  const char* cfg = s->cfg.path ? s->cfg.path : ".pqlint.json";
  snprintf(where_e, sizeof where_e, "%s (\"enable\")", cfg);
  snprintf(where_d, sizeof where_d, "%s (\"disable\")", cfg);
  snprintf(where_i, sizeof where_i, "%s (\"per_file_ignores\")", cfg);
  cli_list on_cli = {0}, off_cli = {0}, on_cfg = {0}, off_cfg = {0};
  int rc = expand(m, o->enable.v, o->enable.n, "--enable", &on_cli);
  if (!rc) rc = expand(m, o->disable.v, o->disable.n, "--disable", &off_cli);
  if (!rc) rc = expand(m, s->cfg.enable, s->cfg.nenable, where_e, &on_cfg);
  if (!rc) rc = expand(m, s->cfg.disable, s->cfg.ndisable, where_d, &off_cfg);
  if (!rc) {
    /* --enable replaces the config's "enable" and wins over its "disable" */
    cli_list_free(&s->enabled);
    cli_list_free(&s->disabled);
    const cli_list* on = o->enable.n ? &on_cli : &on_cfg;
    if (push_all(&s->enabled, on->v, on->n)) rc = PQL_ENOMEM;
    for (size_t i = 0; !rc && i < off_cfg.n; i++)
      if (!contains(&on_cli, off_cfg.v[i]) && cli_list_push(&s->disabled, off_cfg.v[i])) rc = PQL_ENOMEM;
    if (!rc && push_all(&s->disabled, off_cli.v, off_cli.n)) rc = PQL_ENOMEM;
  }
  if (!rc && s->cfg.nfile_ignores) {
    s->ignores = calloc(s->cfg.nfile_ignores, sizeof *s->ignores);
    if (!s->ignores) rc = PQL_ENOMEM;
    for (size_t i = 0; !rc && i < s->cfg.nfile_ignores; i++) {
      const pql_file_ignore* fi = &s->cfg.file_ignores[i];
      s->ignores[i].glob = fi->glob;
      s->nignores++;
      rc = expand(m, fi->rules, fi->nrules, where_i, &s->ignores[i].rules);
    }
  }
  cli_list_free(&on_cli);
  cli_list_free(&off_cli);
  cli_list_free(&on_cfg);
  cli_list_free(&off_cfg);
  if (rc == PQL_ENOMEM) pql_errorf("out of memory");
  return rc;
}

/* The folder holding .git at or above dir (dir is absolute), into out; 0 if none. */
static int git_top(const char* dir, char* out, size_t len) {
  snprintf(out, len, "%s", dir);
  for (;;) {
    char probe[PATH_MAX + 8];
    struct stat st;
    snprintf(probe, sizeof probe, "%s/.git", out);
    if (stat(probe, &st) == 0) {
      if (!out[0]) snprintf(out, len, "/");
      return 1;
    }
    char* slash = strrchr(out, '/');
    if (!slash) return 0;
    *slash = 0;
  }
}

char* setup_srcroot(const setup* s, const cli_opts* o) {
  char buf[PATH_MAX], top[PATH_MAX];
  struct stat st;
  if (o->srcroot) {
    if (!realpath(o->srcroot, buf) || stat(buf, &st) != 0 || !S_ISDIR(st.st_mode)) {
      pql_errorf("--srcroot %s: not a folder", o->srcroot);
      return NULL;
    }
    return strdup(buf);
  }
  if (!getcwd(buf, sizeof buf)) snprintf(buf, sizeof buf, "/");
  if (git_top(buf, top, sizeof top)) return strdup(top);
  if (s->cfg.dir) return strdup(s->cfg.dir);
  return strdup(buf);
}

/* Replaces a relative *p by its absolute form (kept alive in s->absolute). */
static int keep_abs(setup* s, const char** p) {
  if (!*p || (*p)[0] == '/') return 0;
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) return 0;
  size_t n = strlen(cwd) + strlen(*p) + 2;
  char* path = malloc(n);
  if (!path) return PQL_ENOMEM;
  snprintf(path, n, "%s/%s", cwd, *p);
  int rc = cli_list_push(&s->absolute, path);
  free(path);
  if (rc) return rc;
  *p = s->absolute.v[s->absolute.n - 1];
  return 0;
}

/* A run left with no file because excludes or .gitignore took them all:
 * says so on stderr, naming the first pattern, so "0 files" is never
 * taken for clean code. */
static void say_all_excluded(const setup* s) {
  const sources_opts* w = &s->walk;
  if (w->nexcluded && w->first_glob >= 0 && (size_t)w->first_glob < s->exclude_names.n) {
    const char* from = (size_t)w->first_glob < s->cfg.nexclude_raw ? s->cfg.path : "--exclude";
    pql_warnf("no file to analyse: the inputs were all excluded (%zu left out, first by '%s' "
              "from %s); name files to analyse them anyway, or pass --no-config",
              w->nexcluded, s->exclude_names.v[w->first_glob], from ? from : "the configuration");
  }
  if (w->ngitignored)
    pql_warnf("no file to analyse: %zu file%s left out because git ignores them (.gitignore); "
              "pass --no-gitignore to walk them", w->ngitignored, w->ngitignored == 1 ? "" : "s");
}

/* Collects the inputs: staged files, or the given paths (default "."). */
static int collect(setup* s, cli_opts* o) {
  char err[1024];
  int rc;
  if (o->staged) {
    for (size_t i = 0; i < o->paths.n; i++) {
      char abs[PATH_MAX];
      if (!realpath(o->paths.v[i], abs)) {
        pql_errorf("%s: no such file or folder", o->paths.v[i]);
        return PQL_EINPUT;
      }
      if (cli_list_push(&s->within, abs)) return PQL_ENOMEM;
    }
    /* file options given relative to the folder we started in keep their meaning */
    if (keep_abs(s, &o->output) || keep_abs(s, &o->baseline) ||
        keep_abs(s, &o->write_baseline) || keep_abs(s, &o->compdb))
      return PQL_ENOMEM;
    char* root = staged_git_root();
    if (!root || chdir(root) != 0) {
      pql_errorf("--staged: not inside a git work tree");
      free(root);
      return PQL_EINPUT;
    }
    free(root);
    rc = staged_collect(&s->src, (const char* const*)s->within.v, s->within.n,
                        (const char* const*)s->excludes.v, s->excludes.n, err, sizeof err);
  } else {
    const char* dot[] = {"."};
    const char* const* in = o->paths.n ? (const char* const*)o->paths.v : dot;
    size_t nin = o->paths.n ? o->paths.n : 1;
    s->walk.force_exclude = o->force_exclude;
    s->walk.use_git = !o->no_gitignore;
    rc = sources_collect_ex(&s->src, in, nin, (const char* const*)s->excludes.v, s->excludes.n,
                            &s->walk, err, sizeof err);
  }
  if (rc) {
    pql_errorf("%s", err);
    return rc;
  }
  sources_sort(&s->src);
  if (s->walk.nspecial) /* always said: a FIFO named x.c is a surprise worth a line */
    fprintf(stderr, "pqlint: note: %s: %s; skipped%s\n", s->walk.first_special,
            readfile_strerror(s->walk.first_special_errno),
            s->walk.nspecial > 1 ? " (and more walked names that are not regular files)" : "");
  if (s->walk.nspecial > 1)
    fprintf(stderr, "pqlint: note: %zu walked .c/.h names are not regular files (FIFO, socket or "
            "device) and were skipped\n", s->walk.nspecial);
  if (s->src.n == 0) say_all_excluded(s);
  return 0;
}

/* Adds a --summary line. */
static void note(setup* s, const char* fmt, const char* a, const char* b) {
  char line[PATH_MAX * 2 + 256];
  snprintf(line, sizeof line, fmt, a, b ? b : "");
  (void)cli_list_push(&s->notes, line);
}

/* The include folders of `in` as one line ("a, b, c"), at most 1 kB. */
static void join(const cli_list* l, char* out, size_t len) {
  out[0] = 0;
  for (size_t i = 0; i < l->n; i++) {
    size_t u = strlen(out);
    if (u + strlen(l->v[i]) + 8 >= len) {
      snprintf(out + u, len - u, ", ...");
      break;
    }
    snprintf(out + u, len - u, "%s%s", i ? ", " : "", l->v[i]);
  }
}

/* Files without compile database flags get the include folders found
 * (pqpool.h by pqlint's prefix, the tree's include folders). */
static int attach_includes(setup* s) {
  size_t bare = 0;
  for (size_t i = 0; i < s->src.n; i++) bare += s->src.v[i].nargs == 0;
  if (!bare) return 0;
  int rc = includes_discover(&s->src, NULL, &s->inc);
  for (size_t i = 0; rc == 0 && i < s->src.n; i++)
    if (s->src.v[i].nargs == 0) rc = includes_apply(&s->inc, &s->src.v[i]);
  if (rc) return rc;
  char list[1024], n[32];
  snprintf(n, sizeof n, "%zu", bare);
  if (s->inc.pool.n) {
    join(&s->inc.pool, list, sizeof list);
    note(s, "include folders for pqpool.h (pqlint's own): %s%s", list, NULL);
  }
  if (s->inc.tree.n) {
    join(&s->inc.tree, list, sizeof list);
    note(s, "include folders of the tree (named include, or named by quoted includes): %s%s", list, NULL);
  }
  if (!s->inc.pool.n && !s->inc.tree.n)
    note(s, "no include folder found for the %s file%s without compile database flags", n,
         bare == 1 ? "" : "s");
  return 0;
}

/* Copies e's flags to f. 0 or PQL_ENOMEM. */
static int give_args(source_file* f, const compdb_entry* e) {
  f->args = calloc(e->nargs ? e->nargs : 1, sizeof *f->args);
  if (!f->args) return PQL_ENOMEM;
  for (size_t k = 0; k < e->nargs; k++) {
    if (!(f->args[k] = strdup(e->args[k]))) return PQL_ENOMEM;
    f->nargs++;
  }
  return 0;
}

/* With -p: every C translation unit of the database that is not an input
 * joins the run as context (source_file.context), so the summaries cover
 * the whole program even when only some files are analysed. 0 or PQL_ENOMEM. */
static int add_context(setup* s) {
  char* used = calloc(s->db->n ? s->db->n : 1, 1);
  if (!used) return PQL_ENOMEM;
  for (size_t i = 0; i < s->src.n; i++) {
    const compdb_entry* e = compdb_find(s->db, s->src.v[i].path);
    if (e) used[e - s->db->v] = 1;
  }
  size_t added = 0;
  for (size_t k = 0; k < s->db->n; k++) {
    const char* f = s->db->v[k].file;
    size_t n = strlen(f);
    if (used[k] || n < 3 || strcmp(f + n - 2, ".c") || access(f, R_OK)) continue;
    if (sources_add(&s->src, f) || give_args(&s->src.v[s->src.n - 1], &s->db->v[k])) {
      free(used);
      return PQL_ENOMEM;
    }
    s->src.v[s->src.n - 1].context = 1;
    added++;
  }
  free(used);
  char num[32];
  snprintf(num, sizeof num, "%zu", added);
  if (added) note(s, "compile database: %s more translation unit(s) of it read for the summaries only%s", num, NULL);
  return 0;
}

/* Gives each source its compile database flags (-p, else auto-discovered). */
static int attach_compdb(setup* s, const cli_opts* o) {
  char err[1024];
  char* auto_path = NULL;
  const char* p = o->compdb;
  if (!p) p = auto_path = compdb_discover();
  if (!p) {
    note(s, "compile database: none (pass -p DIR)%s%s", "", NULL);
    return 0;
  }
  int rc = compdb_load(p, &s->db, err, sizeof err);
  if (rc) {
    if (auto_path) { /* a broken database we were not asked for: warn, go on without */
      pql_warnf("%s (ignored; pass -p to choose a compile database)", err);
      free(auto_path);
      return 0;
    }
    struct stat st;
    char db[PATH_MAX + 32];
    snprintf(db, sizeof db, "%s", p);
    if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) snprintf(db, sizeof db, "%s/compile_commands.json", p);
    if (rc == PQL_EIO && stat(db, &st) != 0) { /* -p names none: go on without flags, as clang-tidy does */
      pql_warnf("%s; running without compile database flags", err);
      note(s, "compile database: %s is missing; none used%s", p, NULL);
      return 0;
    }
    pql_errorf("%s", err);
    return rc;
  }
  note(s, "compile database: %s%s", s->db->path, auto_path ? " (found by pqlint; -p to choose)" : " (-p)");
  int explicit_db = auto_path == NULL;
  free(auto_path);
  for (size_t i = 0; i < s->src.n; i++) {
    const compdb_entry* e = compdb_find_nearest(s->db, s->src.v[i].path);
    if (!e) continue;
    if (give_args(&s->src.v[i], e)) return PQL_ENOMEM;
  }
  return explicit_db ? add_context(s) : 0;
}

int setup_inputs(setup* s, cli_opts* o) {
  int rc = collect(s, o);
  if (!rc) rc = attach_compdb(s, o);
  if (!rc) rc = attach_includes(s);
  if (rc == PQL_ENOMEM) pql_errorf("out of memory");
  return rc;
}
