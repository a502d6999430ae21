/* main.c - pqlint's entry point: wires the stages (options, setup, models, driver, filters, report). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filter/baseline.h"
#include "input/cli.h"
#include "run/cache_cmd.h"
#include "run/driver.h"
#include "base/error.h"
#include "base/tmpfiles.h"
#include "base/lint.h"
#include "report/merge.h"
#include "model/model.h"
#include "report/report.h"
#include "model/ruleinfo.h"
#include "input/setup.h"
#include "run/sumfile.h"
#include "filter/suppress.h"
#include "filter/ignore.h"

#ifndef PQL_VERSION
#error "PQL_VERSION is set by src/lint/CMakeLists.txt from the project VERSION (the one version source)"
#endif

/* Everything main owns, freed in one place. */
typedef struct app {
  cli_opts o;
  setup s;
  model_set* models;
  lint_run run;
  int have_run;
  char* srcroot;
  cache* cache;
  int summaries_mode;  /* pqlint summaries: write the summaries file, no report */
  sumfile* sums_in;    /* --summaries FILE */
  char* sums_out;      /* the summaries file's text */
} app;

static void app_free(app* a) {
  if (a->have_run) {
    suppress_warnings_free(&a->run);
    driver_run_free(&a->run);
  }
  setup_free(&a->s);
  model_set_free(a->models);
  free(a->srcroot);
  cache_close(a->cache);
  sumfile_free(a->sums_in);
  free(a->sums_out);
  cli_free(&a->o);
}

static size_t count_reported(const lint_run* run) {
  size_t n = 0;
  for (size_t i = 0; i < run->findings.n; i++)
    if (!run->findings.v[i].suppressed && !run->findings.v[i].baselined) n++;
  return n;
}

/* Listed findings of level min or above (--fail-on). */
static size_t count_failing(const lint_run* run, int min) {
  size_t n = 0;
  for (size_t i = 0; i < run->findings.n; i++)
    if (!run->findings.v[i].suppressed && !run->findings.v[i].baselined &&
        (int)run->findings.v[i].level >= min)
      n++;
  return n;
}

/* The run after the options are known; returns the exit status. */
static int run_main(app* a) {
  char err[1024];
  int rc = setup_config(&a->s, &a->o);
  if (rc) return PQL_EXIT_ERROR;
  rc = model_load_opts((const char* const*)a->s.model_files.v, a->s.model_files.n, a->s.model_flags,
                       &a->models, err, sizeof err);
  if (rc) {
    pql_errorf("%s", err);
    return PQL_EXIT_ERROR;
  }
  if (a->o.list_rules) {
    if (a->o.format == REPORT_JSON) {
      if (ruleinfo_list_json(a->models, stdout) || fflush(stdout)) {
        pql_errorf("cannot write the rule list to the standard output");
        return PQL_EXIT_ERROR;
      }
    } else {
      ruleinfo_list(a->models);
    }
    return PQL_EXIT_CLEAN;
  }
  if (a->o.explain) return ruleinfo_explain(a->models, a->o.explain) ? PQL_EXIT_ERROR : PQL_EXIT_CLEAN;
  if (setup_check_rules(&a->s, &a->o, a->models) || setup_inputs(&a->s, &a->o)) return PQL_EXIT_ERROR;
  if (a->o.list_files) {
    for (size_t i = 0; i < a->s.src.n; i++)
      if (!a->s.src.v[i].context &&
          (!a->o.shard_n || sources_in_shard(a->s.src.v[i].path, a->o.shard_k, a->o.shard_n)))
        printf("%s\n", a->s.src.v[i].path);
    return PQL_EXIT_CLEAN;
  }

  lint_rules_on on = {a->s.disabled.v, a->s.disabled.n, a->s.enabled.v, a->s.enabled.n};
  int tty = isatty(2);
  driver_opts d = {
      .models = a->models,
      .rules = &on,
      .pool_globs = (const char* const*)a->s.pool_globs.v,
      .npool_globs = a->s.pool_globs.n,
      .flags = (const char* const*)a->s.flags.v,
      .nflags = a->s.flags.n,
      .jobs = a->o.jobs,
      .progress = a->o.progress < 0 ? tty : a->o.progress ? 2 : 0,
      .shard_k = a->o.shard_k,
      .shard_n = a->o.shard_n,
      .max_file_size = a->s.max_file_size,
      .file_timeout = a->s.file_timeout,
  };
  if (!a->o.no_cache) {
    /* entries depend on the rules switched on (the rest is in the key) */
    char salt[8192];
    size_t k = 0;
    salt[0] = 0;
    for (size_t i = 0; i < on.ndisabled && k < sizeof salt - 1; i++)
      k += (size_t)snprintf(salt + k, sizeof salt - k, "-%s,", on.disabled[i]);
    for (size_t i = 0; i < on.nenabled && k < sizeof salt - 1; i++)
      k += (size_t)snprintf(salt + k, sizeof salt - k, "+%s,", on.enabled[i]);
    if (cache_open(a->o.cache_dir, salt, (const char* const*)a->s.model_files.v, a->s.model_files.n,
                   &a->cache, err, sizeof err) && a->o.cache_dir)
      pql_warnf("%s; running without a cache", err); /* the default folder fails quietly */
    d.cache = a->cache;
  }
  if (a->o.summaries) {
    if (sumfile_load(a->o.summaries, &a->sums_in, err, sizeof err)) {
      pql_errorf("%s", err);
      return PQL_EXIT_ERROR;
    }
    d.sums_in = a->sums_in;
    d.sums_in_path = a->o.summaries;
  }
  if (a->summaries_mode) d.sums_out = &a->sums_out;
  rc = driver_run(&a->s.src, &d, &a->run);
  a->have_run = 1;
  if (a->cache && a->s.cache_max_size) { /* the size cap: least recently used entries go */
    unsigned long long freed;
    a->run.cache_max_size = a->s.cache_max_size;
    if (cache_enforce_cap(a->cache, a->s.cache_max_size, &a->run.ncache_pruned, &freed, err, sizeof err))
      pql_warnf("%s; the cache was not pruned", err);
  }
  if (rc) return PQL_EXIT_ERROR; /* input errors were printed; no report replaces a good one */
  if (a->summaries_mode) {
    if (report_write_text(a->o.output, a->sums_out, err, sizeof err)) {
      pql_errorf("%s", err);
      return PQL_EXIT_ERROR;
    }
    return PQL_EXIT_CLEAN;
  }
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) snprintf(cwd, sizeof cwd, ".");
  a->srcroot = setup_srcroot(&a->s, &a->o); /* the repository root: SARIF, github, JSON, baselines */
  if (!a->srcroot) return PQL_EXIT_ERROR;
  a->run.srcroot = a->srcroot;
  a->run.cwd = cwd;
  for (size_t i = 0; i < a->s.nignores; i++) /* per_file_ignores: those rules do not apply there */
    ignore_apply(&a->run, a->s.ignores[i].glob, a->s.ignores[i].rules.v, a->s.ignores[i].rules.n);

  suppress_check chk = {a->models, &on, a->s.report_unused, 0}; /* unknown rule ids always, unused ones on request */
  rc = suppress_apply_checked(&a->run, &chk);
  if (rc == PQL_ENOMEM) {
    pql_errorf("out of memory while reading the suppression comments");
    return PQL_EXIT_ERROR;
  }
  if (rc) pql_warnf("a file changed during the run; its suppressions were not read");
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
  a->run.statistics = a->o.statistics;
  /* colour and source lines: on a terminal under auto (NO_COLOR, when set and not empty, turns colour off) */
  const char* nc = getenv("NO_COLOR");
  int no_color = nc && *nc, out_tty = !a->o.output && isatty(1);
  a->run.color = a->o.color == 1 || (a->o.color < 0 && out_tty && !no_color);
  a->run.show_source = a->s.show_source == 1 || (a->s.show_source < 0 && out_tty);
  if (a->o.output) {
    if (report_write_path(&a->run, fmt, a->o.output, err, sizeof err)) {
      pql_errorf("%s", err);
      return PQL_EXIT_ERROR;
    }
  } else if (report_write(&a->run, fmt, stdout) || fflush(stdout) != 0) {
    pql_errorf("cannot write the report to the standard output");
    return PQL_EXIT_ERROR;
  }
  if (tty || a->o.summary) {
    for (size_t i = 0; i < a->s.notes.n; i++) fprintf(stderr, "pqlint: %s\n", a->s.notes.v[i]);
    report_summary(&a->run, stderr, a->o.color == 1 || (a->o.color < 0 && tty && !no_color));
  }
  if (a->o.summary) report_summary_files(&a->run, stderr);
  size_t perr = 0, nlimit = 0, inc_files, inc_fns;
  for (size_t i = 0; i < a->run.nfiles; i++) {
    perr += a->run.files[i].parse_errors > 0;
    nlimit += a->run.files[i].incomplete != NULL; /* --max-file-size, --file-timeout, a FIFO header */
  }
  report_count_incomplete(&a->run, &inc_files, &inc_fns);
  if (perr && a->s.parse_errors != CLI_PE_IGNORE) /* never a silent pass, even under pre-commit */
    fprintf(stderr, "pqlint: %s: %zu file%s with parse errors; %zu file%s (%zu function%s that touch a "
            "handle) analysed incompletely (pass -p BUILD-DIR or -I flags%s)\n",
            a->s.parse_errors == CLI_PE_FAIL ? "error" : "warning", perr, perr == 1 ? "" : "s",
            inc_files, inc_files == 1 ? "" : "s", inc_fns, inc_fns == 1 ? "" : "s",
            a->s.parse_errors == CLI_PE_FAIL ? "" : "; --parse-errors=fail to fail on them");
  if (nlimit && a->s.parse_errors != CLI_PE_IGNORE)
    fprintf(stderr, "pqlint: %s: %zu file%s not analysed in full (over --max-file-size, past "
            "--file-timeout, an include that is not a regular file, or C++ not modelled; the report says which)%s\n",
            a->s.parse_errors == CLI_PE_FAIL ? "error" : "warning", nlimit, nlimit == 1 ? "" : "s",
            a->s.parse_errors == CLI_PE_FAIL ? "" : "; --parse-errors=fail to fail on them");
  if ((perr || nlimit) && a->s.parse_errors == CLI_PE_FAIL) return PQL_EXIT_ERROR;
  if (a->o.exit_zero) return PQL_EXIT_CLEAN;
  return count_failing(&a->run, a->o.fail_on < 0 ? FINDING_NOTE : a->o.fail_on) ? PQL_EXIT_FINDINGS
                                                                                : PQL_EXIT_CLEAN;
}

int main(int argc, char** argv) {
  tmpfiles_install_signals(); /* an interrupt leaves no temporary report and replaces no -o file */
  if (argc > 1 && !strcmp(argv[1], "merge")) return merge_main(argc - 1, argv + 1);
  if (argc > 1 && !strcmp(argv[1], "cache")) return cache_main(argc - 1, argv + 1);
  app a;
  memset(&a, 0, sizeof a);
  char err[1024];
  int status;
  int summaries = argc > 1 && !strcmp(argv[1], "summaries"); /* pqlint summaries -o S.json PATH... */
  if (summaries) {
    argv[1] = argv[0];
    argc--;
    argv++;
  }
  if (cli_parse(argc, argv, &a.o, err, sizeof err)) {
    pql_errorf("%s", err);
    status = PQL_EXIT_ERROR;
  } else if (a.o.help) {
    cli_usage(stdout);
    status = PQL_EXIT_CLEAN;
  } else if (a.o.version) {
    printf("pqlint %s\n", PQL_VERSION);
    status = PQL_EXIT_CLEAN;
  } else if (summaries && !a.o.output) {
    pql_errorf("pqlint summaries needs -o FILE (the summaries file to write)");
    status = PQL_EXIT_ERROR;
  } else if (summaries && (a.o.summaries || a.o.shard_n)) {
    pql_errorf("pqlint summaries covers every file: --summaries and --shard belong to the runs that use it");
    status = PQL_EXIT_ERROR;
  } else {
    a.summaries_mode = summaries;
    status = run_main(&a);
  }
  app_free(&a);
  return status;
}
