/* main.c - pqlint's entry point: wires the stages (options, config, models, sources, driver, filters, report). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "cli.h"
#include "compdb.h"
#include "config.h"
#include "driver.h"
#include "error.h"
#include "lint.h"
#include "merge.h"
#include "model.h"
#include "report.h"
#include "sources.h"
#include "staged.h"
#include "suppress.h"

#ifndef PQL_VERSION
#define PQL_VERSION "0.1.0"
#endif

/* Everything main owns, freed in one place. */
typedef struct app {
  cli_opts o;
  pql_config cfg;
  model_set* models;
  source_list src;
  compdb* db;
  lint_run run;
  int have_run;
  cli_list model_files, pool_globs, enabled, disabled, flags, excludes, within, absolute;
  char* srcroot;
} app;

static void app_free(app* a) {
  if (a->have_run) driver_run_free(&a->run);
  sources_free(&a->src);
  compdb_free(a->db);
  model_set_free(a->models);
  config_free(&a->cfg);
  cli_list* lists[] = {&a->model_files, &a->pool_globs, &a->enabled, &a->disabled,
                       &a->flags, &a->excludes, &a->within, &a->absolute};
  for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) cli_list_free(lists[i]);
  free(a->srcroot);
  cli_free(&a->o);
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

/* --list-rules: "id  level  summary", one per line, catalogue order. */
static void list_rules(const model_set* m) {
  for (size_t i = 0; i < m->nrules; i++) {
    const model_rule* r = &m->rules[i];
    printf("%-18s %-8s %s\n", r->id, finding_level_name(r->level),
           r->short_desc ? r->short_desc : "");
  }
}

/* --explain RULE: the rule's descriptions and help; 0, or PQL_EINVAL if unknown. */
static int explain(const model_set* m, const char* id) {
  const model_rule* r = model_rule_find(m, id);
  if (!r) {
    pql_errorf("unknown rule '%s' for --explain (see pqlint --list-rules)", id);
    return PQL_EINVAL;
  }
  printf("%s (%s, default level %s)\n\n", r->id, r->name ? r->name : r->id,
         finding_level_name(r->level));
  if (r->short_desc) printf("%s\n\n", r->short_desc);
  if (r->full_desc) printf("%s\n\n", r->full_desc);
  if (r->help_text) printf("%s\n", r->help_text);
  if (r->ntags) {
    printf("\nTags:");
    for (size_t i = 0; i < r->ntags; i++) printf(" %s", r->tags[i]);
    printf("\n");
  }
  return 0;
}

/* Checks that every id of l names a rule of the catalogue. */
static int check_rule_ids(const model_set* m, const cli_list* l, const char* where) {
  for (size_t i = 0; i < l->n; i++) {
    if (!model_rule_find(m, l->v[i])) {
      pql_errorf("unknown rule '%s' in %s (see pqlint --list-rules)", l->v[i], where);
      return PQL_EINVAL;
    }
  }
  return 0;
}

/* Loads the configuration (explicit, or the nearest .pqlint.json upward
 * from the first input) and merges it with the command line. */
static int load_config(app* a) {
  char err[1024];
  char* found = NULL;
  const char* path = a->o.config;
  if (!path && !a->o.no_config) {
    found = config_find(a->o.paths.n ? a->o.paths.v[0] : ".");
    path = found;
  }
  if (path) {
    int rc = config_load(path, &a->cfg, err, sizeof err);
    free(found);
    if (rc) {
      pql_errorf("%s", err);
      return rc;
    }
  }
  /* models: the config's, then --model; pool modules: both */
  if (push_all(&a->model_files, a->cfg.models, a->cfg.nmodels) ||
      push_all(&a->model_files, a->o.models.v, a->o.models.n) ||
      push_all(&a->pool_globs, a->cfg.pool_modules, a->cfg.npool_modules) ||
      push_all(&a->pool_globs, a->o.pool_globs.v, a->o.pool_globs.n) ||
      push_flags(&a->flags, a->cfg.flags, a->cfg.nflags) ||
      push_flags(&a->flags, a->o.flags.v, a->o.flags.n) ||
      push_all(&a->excludes, a->cfg.exclude, a->cfg.nexclude))
    return PQL_ENOMEM;
  /* rules: --enable replaces the config's "enable" and wins over its "disable" */
  if (a->o.enable.n) {
    if (push_all(&a->enabled, a->o.enable.v, a->o.enable.n)) return PQL_ENOMEM;
  } else if (push_all(&a->enabled, a->cfg.enable, a->cfg.nenable)) {
    return PQL_ENOMEM;
  }
  for (size_t i = 0; i < a->cfg.ndisable; i++)
    if (!contains(&a->o.enable, a->cfg.disable[i]) && cli_list_push(&a->disabled, a->cfg.disable[i]))
      return PQL_ENOMEM;
  return push_all(&a->disabled, a->o.disable.v, a->o.disable.n);
}

/* Replaces a relative *p by its absolute form (kept alive in a->absolute). */
static int keep_abs(app* a, const char** p) {
  if (!*p || (*p)[0] == '/') return 0;
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) return 0;
  size_t n = strlen(cwd) + strlen(*p) + 2;
  char* s = malloc(n);
  if (!s) return PQL_ENOMEM;
  snprintf(s, n, "%s/%s", cwd, *p);
  int rc = cli_list_push(&a->absolute, s);
  free(s);
  if (rc) return rc;
  *p = a->absolute.v[a->absolute.n - 1];
  return 0;
}

/* Collects the inputs: staged files, or the given paths (default "."). */
static int collect(app* a) {
  char err[1024];
  int rc;
  if (a->o.staged) {
    for (size_t i = 0; i < a->o.paths.n; i++) {
      char abs[PATH_MAX];
      if (!realpath(a->o.paths.v[i], abs)) {
        pql_errorf("%s: no such file or folder", a->o.paths.v[i]);
        return PQL_EINPUT;
      }
      if (cli_list_push(&a->within, abs)) return PQL_ENOMEM;
    }
    /* file options given relative to the folder we started in keep their meaning */
    if (keep_abs(a, &a->o.output) || keep_abs(a, &a->o.baseline) ||
        keep_abs(a, &a->o.write_baseline) || keep_abs(a, &a->o.compdb))
      return PQL_ENOMEM;
    char* root = staged_git_root();
    if (!root || chdir(root) != 0) {
      pql_errorf("--staged: not inside a git work tree");
      free(root);
      return PQL_EINPUT;
    }
    free(root);
    rc = staged_collect(&a->src, (const char* const*)a->within.v, a->within.n,
                        (const char* const*)a->excludes.v, a->excludes.n, err, sizeof err);
  } else {
    const char* dot[] = {"."};
    const char* const* in = a->o.paths.n ? (const char* const*)a->o.paths.v : dot;
    size_t nin = a->o.paths.n ? a->o.paths.n : 1;
    rc = sources_collect(&a->src, in, nin, (const char* const*)a->excludes.v, a->excludes.n,
                         err, sizeof err);
  }
  if (rc) {
    pql_errorf("%s", err);
    return rc;
  }
  sources_sort(&a->src);
  return 0;
}

/* Gives each source its compile database flags (-p, else auto-discovered). */
static int attach_compdb(app* a) {
  char err[1024];
  char* auto_path = NULL;
  const char* p = a->o.compdb;
  if (!p) p = auto_path = compdb_discover();
  if (!p) return 0;
  int rc = compdb_load(p, &a->db, err, sizeof err);
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
  for (size_t i = 0; i < a->src.n; i++) {
    const compdb_entry* e = compdb_find_nearest(a->db, a->src.v[i].path);
    if (!e) continue;
    source_file* f = &a->src.v[i];
    f->args = calloc(e->nargs ? e->nargs : 1, sizeof *f->args);
    if (!f->args) return PQL_ENOMEM;
    for (size_t k = 0; k < e->nargs; k++) {
      if (!(f->args[k] = strdup(e->args[k]))) return PQL_ENOMEM;
      f->nargs++;
    }
  }
  return 0;
}

static size_t count_reported(const lint_run* run) {
  size_t n = 0;
  for (size_t i = 0; i < run->findings.n; i++)
    if (!run->findings.v[i].suppressed && !run->findings.v[i].baselined) n++;
  return n;
}

/* The run after the options are known; returns the exit status. */
static int run_main(app* a) {
  char err[1024];
  int rc = load_config(a);
  if (rc) return PQL_EXIT_ERROR;
  rc = model_load((const char* const*)a->model_files.v, a->model_files.n, &a->models, err,
                  sizeof err);
  if (rc) {
    pql_errorf("%s", err);
    return PQL_EXIT_ERROR;
  }
  if (a->o.list_rules) {
    list_rules(a->models);
    return PQL_EXIT_CLEAN;
  }
  if (a->o.explain) return explain(a->models, a->o.explain) ? PQL_EXIT_ERROR : PQL_EXIT_CLEAN;
  if (check_rule_ids(a->models, &a->o.enable, "--enable") ||
      check_rule_ids(a->models, &a->o.disable, "--disable"))
    return PQL_EXIT_ERROR;
  if (a->cfg.path) {
    char where[PATH_MAX + 32];
    snprintf(where, sizeof where, "%s (\"enable\")", a->cfg.path);
    cli_list l = {a->cfg.enable, a->cfg.nenable, a->cfg.nenable};
    if (check_rule_ids(a->models, &l, where)) return PQL_EXIT_ERROR;
    snprintf(where, sizeof where, "%s (\"disable\")", a->cfg.path);
    cli_list d = {a->cfg.disable, a->cfg.ndisable, a->cfg.ndisable};
    if (check_rule_ids(a->models, &d, where)) return PQL_EXIT_ERROR;
  }
  if (collect(a) || attach_compdb(a)) return PQL_EXIT_ERROR;
  if (a->o.list_files) {
    for (size_t i = 0; i < a->src.n; i++)
      if (!a->o.shard_n || sources_in_shard(a->src.v[i].path, a->o.shard_k, a->o.shard_n))
        printf("%s\n", a->src.v[i].path);
    return PQL_EXIT_CLEAN;
  }

  lint_rules_on on = {a->disabled.v, a->disabled.n, a->enabled.v, a->enabled.n};
  int tty = isatty(2);
  driver_opts d = {
      .models = a->models,
      .rules = &on,
      .pool_globs = (const char* const*)a->pool_globs.v,
      .npool_globs = a->pool_globs.n,
      .flags = (const char* const*)a->flags.v,
      .nflags = a->flags.n,
      .jobs = a->o.jobs,
      .progress = a->o.progress < 0 ? tty : a->o.progress ? 2 : 0,
      .shard_k = a->o.shard_k,
      .shard_n = a->o.shard_n,
  };
  rc = driver_run(&a->src, &d, &a->run);
  a->have_run = 1;
  if (rc) return PQL_EXIT_ERROR; /* input errors were printed; no report replaces a good one */
  char cwd[PATH_MAX];
  a->srcroot = strdup(getcwd(cwd, sizeof cwd) ? cwd : ".");
  a->run.srcroot = a->srcroot;

  if (suppress_apply(&a->run)) pql_warnf("a file changed during the run; its suppressions were not read");
  if (a->o.baseline) {
    size_t nstale = 0;
    if (baseline_apply(&a->run, a->o.baseline, &nstale, err, sizeof err)) {
      pql_errorf("%s", err);
      return PQL_EXIT_ERROR;
    }
    fprintf(stderr, "pqlint: %zu baselined, %zu new", a->run.nbaselined, count_reported(&a->run));
    if (nstale) fprintf(stderr, ", %zu stale baseline entr%s", nstale, nstale == 1 ? "y" : "ies");
    fputc('\n', stderr);
  }
  if (a->o.write_baseline) {
    if (baseline_write(&a->run, a->o.write_baseline, err, sizeof err)) {
      pql_errorf("%s", err);
      return PQL_EXIT_ERROR;
    }
    fprintf(stderr, "pqlint: wrote %zu finding(s) to the baseline %s\n", count_reported(&a->run),
            a->o.write_baseline);
    return PQL_EXIT_CLEAN;
  }

  report_format fmt = a->o.format < 0 ? REPORT_TEXT : (report_format)a->o.format;
  if (a->o.output) {
    if (report_write_path(&a->run, fmt, a->o.output, err, sizeof err)) {
      pql_errorf("%s", err);
      return PQL_EXIT_ERROR;
    }
  } else if (report_write(&a->run, fmt, stdout) || fflush(stdout) != 0) {
    pql_errorf("cannot write the report to the standard output");
    return PQL_EXIT_ERROR;
  }
  if (tty || a->o.summary) report_summary(&a->run, stderr, tty && !getenv("NO_COLOR"));
  if (a->o.exit_zero) return PQL_EXIT_CLEAN;
  return count_reported(&a->run) ? PQL_EXIT_FINDINGS : PQL_EXIT_CLEAN;
}

int main(int argc, char** argv) {
  if (argc > 1 && !strcmp(argv[1], "merge")) return merge_main(argc - 1, argv + 1);
  app a;
  memset(&a, 0, sizeof a);
  char err[1024];
  int status;
  if (cli_parse(argc, argv, &a.o, err, sizeof err)) {
    pql_errorf("%s", err);
    status = PQL_EXIT_ERROR;
  } else if (a.o.help) {
    cli_usage(stdout);
    status = PQL_EXIT_CLEAN;
  } else if (a.o.version) {
    printf("pqlint %s\n", PQL_VERSION);
    status = PQL_EXIT_CLEAN;
  } else {
    status = run_main(&a);
  }
  app_free(&a);
  return status;
}
