/* cli.h - pqlint's command line: the options as parsed, before any file is read. */
#ifndef PQL_CLI_H
#define PQL_CLI_H

#include <stddef.h>
#include <stdio.h>

typedef struct cli_list {
  char** v;
  size_t n, cap;
} cli_list;

typedef struct cli_opts {
  cli_list paths;          /* PATH... (empty: the current folder) */
  cli_list flags;          /* after "--": extra compiler flags */
  cli_list pool_globs;     /* --pool-module GLOB */
  cli_list models;         /* --model FILE */
  int no_bundled_models;   /* --no-bundled-models: leave out rules/pqpool.json */
  cli_list enable;         /* --enable A,B (split at commas) */
  cli_list disable;        /* --disable A,B */
  const char* compdb;      /* -p DIR|FILE */
  int format;              /* report_format, or -1: not given */
  const char* output;      /* -o FILE */
  const char* config;      /* --config FILE */
  int no_config;           /* --no-config */
  int list_rules;          /* --list-rules */
  int list_files;          /* --list-files: print the inputs (after walk, excludes, shard) and exit */
  const char* explain;     /* --explain RULE */
  unsigned jobs;           /* -j N; 0 = number of cores */
  int version, help;
  int exit_zero;           /* --exit-zero */
  int summary;             /* --summary: summary line even when stderr is not a TTY */
  int progress;            /* --progress: 1 force, 0 never (--no-progress), -1 auto (TTY) */
  int staged;              /* --staged */
  const char* baseline;        /* --baseline FILE */
  const char* write_baseline;  /* --write-baseline FILE */
  unsigned shard_k, shard_n;   /* --shard K/N (1 <= K <= N); 0/0 = no sharding */
  /* workflow options (issues 8 and 11) */
  cli_list excludes;           /* --exclude GLOB (added to the config's "exclude") */
  int force_exclude;           /* --force-exclude: excludes apply to files named on the command line */
  int no_gitignore;            /* --no-gitignore: walk git work trees without asking git */
  int parse_errors;            /* --parse-errors: CLI_PE_* or -1 (not given) */
  const char* srcroot;         /* --srcroot DIR */
  int fail_on;                 /* --fail-on LEVEL: finding_level, or -1 (not given: note) */
  int statistics;              /* --statistics */
  int report_unused;           /* --report-unused-suppressions */
  int color;                   /* --color WHEN: 1 always, 0 never, -1 auto (a terminal, NO_COLOR unset) */
  int show_source;             /* --show-source 1, --no-show-source 0, -1 auto (stdout is a terminal) */
  /* limits (issue 13) */
  long long max_file_size;     /* --max-file-size: bytes, 0 = no limit, -1 = not given */
  double file_timeout;         /* --file-timeout: seconds, 0 = no limit, -1 = not given */
  /* the pass-1 cache (issue 9 item 3) */
  const char* cache_dir;       /* --cache-dir DIR (NULL: $XDG_CACHE_HOME/pqlint) */
  int no_cache;                /* --no-cache */
  long long cache_max_size;    /* --cache-max-size: bytes, 0 = no cap, -1 = not given */
  const char* summaries;       /* --summaries FILE: written by `pqlint summaries -o FILE` */
} cli_opts;

/* Default limits when neither the command line nor the configuration sets them. */
#define CLI_DEFAULT_MAX_FILE_SIZE (8ull << 20)
#define CLI_DEFAULT_FILE_TIMEOUT 30.0
#define CLI_DEFAULT_CACHE_MAX_SIZE (512ull << 20) /* the pass-1 cache's size cap */

/* Parses a size: a whole number of bytes with an optional suffix k, M or G
 * (powers of 1024; "8M" = 8388608); 0 = no limit. Returns 0, or -1 if s is
 * not such a size. */
int cli_parse_size(const char* s, unsigned long long* out);

/* Parses seconds: a decimal number >= 0 (0 = no limit), at most a day.
 * Returns 0, or -1 if s is not one. */
int cli_parse_seconds(const char* s, double* out);

/* --parse-errors values */
enum { CLI_PE_IGNORE = 0, CLI_PE_WARN = 1, CLI_PE_FAIL = 2 };

/* Parses "ignore"/"warn"/"fail" to CLI_PE_*; -1 if unknown. */
int cli_parse_errors_value(const char* s);

/* Parses argv (argv[0] is the program). On a usage error returns
 * PQL_EINVAL and errbuf says what was wrong ("bad value 'x' for -j: ...").
 * Strings point into argv except the lists' items, which are copies;
 * free with cli_free (also after an error). */
int cli_parse(int argc, char** argv, cli_opts* o, char* errbuf, size_t errlen);
void cli_free(cli_opts* o);

/* Appends a copy of s; returns 0 or PQL_ENOMEM. */
int cli_list_push(cli_list* l, const char* s);
void cli_list_free(cli_list* l);

/* The --help text. */
void cli_usage(FILE* out);

#endif
