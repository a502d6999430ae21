/* setup.h - the run's inputs from the options: configuration merged with the command line, files, per-file flags. */
#ifndef PQL_SETUP_H
#define PQL_SETUP_H

#include "input/cli.h"
#include "input/compdb.h"
#include "input/config.h"
#include "model/model.h"
#include "input/sources.h"

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
} setup;

/* Reads the configuration (--config, else the nearest .pqlint.json upward
 * from the first input, unless --no-config) and merges it with o: --enable
 * replaces the config's "enable" and wins over its "disable"; --disable,
 * --model, --pool-module, "-- FLAGS" add. Returns 0 or a negative PQL_E*
 * after printing the error. s must be zeroed first; free with setup_free. */
int setup_config(setup* s, const cli_opts* o);

/* Every rule id of --enable/--disable and of the config names a rule of m;
 * else prints which and returns PQL_EINVAL. */
int setup_check_rules(const setup* s, const cli_opts* o, const model_set* m);

/* Collects the files (--staged: staged files, moving to the repository
 * root and making o's file options absolute first; else the PATHs or ".")
 * and gives each its compile database flags (-p, else auto-discovered).
 * Returns 0 or a negative PQL_E* after printing the error. */
int setup_inputs(setup* s, cli_opts* o);

void setup_free(setup* s);

#endif
