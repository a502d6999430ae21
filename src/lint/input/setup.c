/* setup.c - turns the options into a run's inputs: the configuration merged with the command line, the file list, per-file flags. */
#include "input/setup.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/error.h"
#include "input/staged.h"

void setup_free(setup* s) {
  sources_free(&s->src);
  compdb_free(s->db);
  config_free(&s->cfg);
  cli_list* lists[] = {&s->model_files, &s->pool_globs, &s->enabled, &s->disabled,
                       &s->flags,       &s->excludes,   &s->within,  &s->absolute};
  for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) cli_list_free(lists[i]);
  s->db = NULL;
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
      push_all(&s->excludes, s->cfg.exclude, s->cfg.nexclude))
    return PQL_ENOMEM;
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

/* Checks that every id of l names a rule of the catalogue. */
static int check_ids(const model_set* m, const cli_list* l, const char* where) {
  for (size_t i = 0; i < l->n; i++) {
    if (!model_rule_find(m, l->v[i])) {
      pql_errorf("unknown rule '%s' in %s (see pqlint --list-rules)", l->v[i], where);
      return PQL_EINVAL;
    }
  }
  return 0;
}

int setup_check_rules(const setup* s, const cli_opts* o, const model_set* m) {
  if (check_ids(m, &o->enable, "--enable") || check_ids(m, &o->disable, "--disable"))
    return PQL_EINVAL;
  if (s->cfg.path) {
    char where[PATH_MAX + 32];
    snprintf(where, sizeof where, "%s (\"enable\")", s->cfg.path);
    cli_list l = {s->cfg.enable, s->cfg.nenable, s->cfg.nenable};
    if (check_ids(m, &l, where)) return PQL_EINVAL;
    snprintf(where, sizeof where, "%s (\"disable\")", s->cfg.path);
    cli_list d = {s->cfg.disable, s->cfg.ndisable, s->cfg.ndisable};
    if (check_ids(m, &d, where)) return PQL_EINVAL;
  }
  return 0;
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
    rc = sources_collect(&s->src, in, nin, (const char* const*)s->excludes.v, s->excludes.n,
                         err, sizeof err);
  }
  if (rc) {
    pql_errorf("%s", err);
    return rc;
  }
  sources_sort(&s->src);
  return 0;
}

/* Gives each source its compile database flags (-p, else auto-discovered). */
static int attach_compdb(setup* s, const cli_opts* o) {
  char err[1024];
  char* auto_path = NULL;
  const char* p = o->compdb;
  if (!p) p = auto_path = compdb_discover();
  if (!p) return 0;
  int rc = compdb_load(p, &s->db, err, sizeof err);
  if (rc) {
    if (auto_path) { /* a broken database we were not asked for: warn, go on without */
      pql_warnf("%s (ignored; pass -p to choose a compile database)", err);
      free(auto_path);
      return 0;
    }
    pql_errorf("%s", err);
    return rc;
  }
  free(auto_path);
  for (size_t i = 0; i < s->src.n; i++) {
    const compdb_entry* e = compdb_find_nearest(s->db, s->src.v[i].path);
    if (!e) continue;
    source_file* f = &s->src.v[i];
    f->args = calloc(e->nargs ? e->nargs : 1, sizeof *f->args);
    if (!f->args) return PQL_ENOMEM;
    for (size_t k = 0; k < e->nargs; k++) {
      if (!(f->args[k] = strdup(e->args[k]))) return PQL_ENOMEM;
      f->nargs++;
    }
  }
  return 0;
}

int setup_inputs(setup* s, cli_opts* o) {
  int rc = collect(s, o);
  return rc ? rc : attach_compdb(s, o);
}
