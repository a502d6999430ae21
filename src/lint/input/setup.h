/* setup.h - the run's inputs from the options: configuration merged with the command line, files, per-file flags. */
#ifndef PQL_SETUP_H
#define PQL_SETUP_H

#include "input/cli.h"
#include "input/compdb.h"
#include "input/config.h"
#include "input/includes.h"
#include "model/model.h"
#include "input/sources.h"

/* One "per_file_ignores" entry with its rules expanded to rule ids. */
typedef struct setup_ignore {
  const char* glob;        /* absolute glob (points into the config) */
  cli_list rules;          /* rule ids */
} setup_ignore;

typedef struct setup {
  pql_config cfg;          /* the .pqlint.json read (zeroed if none) */
  cli_list model_files;    /* the config's models, then --model */
  cli_list pool_globs;     /* the config's pool_modules, then --pool-module */
  cli_list enabled, disabled;  /* rule selection, config and command line merged */
  cli_list flags;          /* the config's flags then "-- FLAGS", sanitised */
  cli_list excludes;       /* the config's exclude globs */
  cli_list within;         /* --staged: absolute PATHs that restrict the staged files */
  cli_list absolute;       /* storage for option paths made absolute before --staged moves */
  source_list src;         /* the files, sorted, with their compile database flags */
  compdb* db;
  /* workflow (issues 8 and 11) */
  cli_list exclude_names;  /* the excludes as written (config, then --exclude), parallel to excludes */
  sources_opts walk;       /* what the walk left out */
  includes_found inc;      /* include folders found for files without a compile database */
  int parse_errors;        /* CLI_PE_*: --parse-errors, else the config's, else warn */
  size_t max_file_size;    /* bytes (0 = none): --max-file-size, else the config's, else 8 MB */
  double file_timeout;     /* seconds (0 = none): --file-timeout, else the config's, else 30 */
  unsigned long long cache_max_size; /* bytes (0 = no cap): --cache-max-size, else the config's, else 512 MB */
  int report_unused;       /* --report-unused-suppressions or the config's "report_unused_suppressions" */
  int show_source;         /* --show-source/--no-show-source, else the config's "show_source"; -1: auto */
  unsigned model_flags;    /* model_load_opts flags: MODEL_NO_BUNDLED_POOLS from --no-bundled-models
                              or "bundled_models": false */
  cli_list notes;          /* lines for --summary: compile database used, include folders added */
  setup_ignore* ignores;   /* "per_file_ignores", rule patterns expanded to ids */
  size_t nignores;
} setup;

/* Reads the configuration (--config, else the nearest .pqlint.json upward
 * from the first input, unless --no-config) and merges it with o: --enable
 * replaces the config's "enable" and wins over its "disable"; --disable,
 * --model, --pool-module, "-- FLAGS" add. Returns 0 or a negative PQL_E*
 * after printing the error. s must be zeroed first; free with setup_free. */
int setup_config(setup* s, const cli_opts* o);

/* Expands the rule patterns of --enable/--disable, of the config's
 * enable/disable and of its per_file_ignores into rule ids of m (a pattern
 * is a rule id, an fnmatch glob such as "pool-*", or a tag of
 * rules/catalog.json such as "security") and merges them: --enable
 * replaces the config's enable and wins over its disable. A pattern that
 * names no rule: prints which and returns PQL_EINVAL. 0 or PQL_ENOMEM. */
int setup_check_rules(setup* s, const cli_opts* o, const model_set* m);

/* The rule ids pattern pat stands for, appended to out; returns how many
 * (0: none), or PQL_ENOMEM. */
int setup_rule_pattern(const model_set* m, const char* pat, cli_list* out);

/* The folder that report paths are relative to (%SRCROOT%, baselines):
 * --srcroot DIR, else the git top level of the current folder, else the
 * configuration's folder, else the current folder. malloc'd absolute path;
 * NULL after printing an error (DIR is not a folder) or on ENOMEM. */
char* setup_srcroot(const setup* s, const cli_opts* o);

/* Collects the files (--staged: staged files, moving to the repository
 * root and making o's file options absolute first; else the PATHs or ".")
 * and gives each its compile database flags (-p, else auto-discovered).
 * Returns 0 or a negative PQL_E* after printing the error. */
int setup_inputs(setup* s, cli_opts* o);

void setup_free(setup* s);

#endif
