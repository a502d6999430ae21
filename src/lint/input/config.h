/* config.h - the project configuration file .pqlint.json: found upward from the inputs, read with cJSON. */
#ifndef PQL_CONFIG_H
#define PQL_CONFIG_H

#include <stddef.h>

/* One entry of "per_file_ignores": rules that do not apply to files matching glob. */
typedef struct pql_file_ignore {
  char* glob;          /* absolute against the config's folder */
  char* raw;           /* as written */
  char** rules;        /* rule ids, globs or tags, as written */
  size_t nrules;
} pql_file_ignore;

/* Globs and model paths are made absolute against the config's folder, so
 * they mean the same whatever the current folder. */
typedef struct pql_config {
  char* path;          /* the file read */
  char* dir;           /* its folder, absolute */
  char** pool_modules; size_t npool_modules;  /* absolute globs */
  char** models;       size_t nmodels;        /* absolute paths */
  char** enable;       size_t nenable;
  char** disable;      size_t ndisable;
  char** exclude;      size_t nexclude;       /* absolute globs */
  char** flags;        size_t nflags;
  char** exclude_raw;  size_t nexclude_raw;   /* the exclude globs as written (for messages) */
  int parse_errors;    /* "parse_errors": 0 ignore, 1 warn, 2 fail (CLI_PE_*), -1 absent */
  int report_unused;   /* "report_unused_suppressions": 1 true, 0 false, -1 absent */
  int show_source;     /* "show_source": 1 true, 0 false, -1 absent */
  int bundled_models;  /* "bundled_models": 0 false (leave out rules/pqpool.json), 1 true, -1 absent */
  pql_file_ignore* file_ignores; size_t nfile_ignores;  /* "per_file_ignores" */
  long long max_file_size;  /* "max_file_size": bytes (0 = no limit), -1 absent */
  double file_timeout;      /* "file_timeout": seconds (0 = no limit), -1 absent */
  long long cache_max_size; /* "cache_max_size": bytes (0 = no cap), -1 absent */
} pql_config;

/* Reads path into *c (zeroed first). Returns 0; PQL_EIO if unreadable;
 * PQL_ECONFIG for bad JSON, an unknown key or a wrong type: errbuf then
 * holds "FILE:LINE:COL: what was wrong". Free with config_free (always). */
int config_load(const char* path, pql_config* c, char* errbuf, size_t errlen);
void config_free(pql_config* c);

/* The nearest .pqlint.json in start (a file's folder or a folder) or one of
 * its parents, as a malloc'd path, or NULL if there is none. */
char* config_find(const char* start);

/* Makes a glob or path p absolute against dir (unchanged if it is absolute
 * or starts with '*'). Returns a malloc'd string or NULL on ENOMEM. */
char* config_abs(const char* dir, const char* p);

#endif
