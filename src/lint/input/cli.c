/* cli.c - parses pqlint's command line into cli_opts (no file is touched here). */
#include "input/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/finding.h"
#include "base/suggest.h"
#include "report/report.h"

int cli_list_push(cli_list* l, const char* s) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 8;
    char** v = realloc(l->v, cap * sizeof *v);
    if (!v) return PQL_ENOMEM;
    l->v = v;
    l->cap = cap;
  }
  char* c = strdup(s);
  if (!c) return PQL_ENOMEM;
  l->v[l->n++] = c;
  return 0;
}

void cli_list_free(cli_list* l) {
  for (size_t i = 0; i < l->n; i++) free(l->v[i]);
  free(l->v);
  l->v = NULL;
  l->n = l->cap = 0;
}

void cli_free(cli_opts* o) {
  cli_list_free(&o->paths);
  cli_list_free(&o->flags);
  cli_list_free(&o->pool_globs);
  cli_list_free(&o->models);
  cli_list_free(&o->enable);
  cli_list_free(&o->disable);
  cli_list_free(&o->excludes);
}

void cli_usage(FILE* out) {
  fputs(
      "usage: pqlint [options] [PATH...] [-- COMPILER-FLAGS...]\n"
      "       pqlint merge [-o FILE] REPORT.sarif...\n"
      "       pqlint summaries -o S.json [options] [PATH...] [-- FLAGS]   (then --summaries S.json --shard K/N)\n"
      "       pqlint cache --stats|--clear [--cache-dir DIR] [--format text|json]\n"
      "\n"
      "Finds PostgreSQL libpq connection misuse in C and C++ code. A folder is walked\n"
      "for .c .h and C++ .cc .cpp .cxx .C .hpp .hh .hxx files (skipping .git and build\n"
      "folders); no PATH = the current folder.\n"
      "\n"
      "Inputs:\n"
      "  -p DIR|FILE            compile_commands.json (per-file flags); default: the one\n"
      "                         in the git root, its build/, build*/ or out/ folder\n"
      "  --staged               analyse the files staged in git, as staged\n"
      "  --shard K/N            analyse only share K of N (for CI matrices)\n"
      "  --summaries FILE       take what to parse and every summary from FILE\n"
      "                         (pqlint summaries -o FILE): a shard parses only its share\n"
      "  -- FLAGS               extra compiler flags for every file\n"
      "  --cache-dir DIR        pass-1 cache (default: $XDG_CACHE_HOME/pqlint or ~/.cache/pqlint)\n"
      "  --no-cache             neither read nor write the cache\n"
      "  --cache-max-size SIZE  after the run, remove the least recently used cache\n"
      "                         entries past SIZE (k, M, G; default 512M; 0 = no cap)\n"
      "  --exclude GLOB         leave matching files out of folder walks (repeatable)\n"
      "  --force-exclude        apply the excludes to files named on the command line too\n"
      "  --no-gitignore         walk git work trees without honouring .gitignore\n"
      "  --parse-errors MODE    fail (exit 2), warn (default) or ignore files that do not\n"
      "                         parse cleanly or were not analysed in full (limits below)\n"
      "  --max-file-size SIZE   do not parse a file larger than SIZE bytes (k, M, G\n"
      "                         suffixes; default 8M; 0 = no limit): reported incomplete\n"
      "  --file-timeout SECONDS stop a file's analysis after SECONDS of parse plus\n"
      "                         analysis (default 30; 0 = none): its findings are dropped,\n"
      "                         it is reported incomplete, the run goes on\n"
      "Configuration:\n"
      "  --config FILE          use FILE (default: nearest .pqlint.json upward)\n"
      "  --no-config            ignore .pqlint.json files\n"
      "  --model FILE           extra JSON model (repeatable)\n"
      "  --no-bundled-models    leave out the bundled pool model (rules/pqpool.json)\n"
      "  --pool-module GLOB     files that may connect directly (repeatable)\n"
      "  --enable RULE,...      run only these rules (ids, globs such as 'pool-*', or tags)\n"
      "  --disable RULE,...     do not run these rules (ids, globs or tags)\n"
      "Output:\n"
      "  --format FMT           text (default), json, sarif or github\n"
      "  -o FILE                write the report to FILE (atomically)\n"
      "  --baseline FILE        report only findings not in the baseline FILE\n"
      "  --write-baseline FILE  record today's findings in FILE and exit 0\n"
      "  --srcroot DIR          the folder report paths are relative to (default: the git\n"
      "                         root, else the configuration's folder)\n"
      "  --statistics           print per-rule counts instead of the findings (text or json)\n"
      "  --report-unused-suppressions\n"
      "                         warn about suppression comments that silenced nothing\n"
      "  --exit-zero            exit 0 even when there are findings\n"
      "  --fail-on LEVEL        exit 1 only for findings of LEVEL or above: error, warning,\n"
      "                         note (default)\n"
      "  --color WHEN           colour the text report and the summary: auto (default: on a\n"
      "                         terminal, unless NO_COLOR is set), always or never\n"
      "  --show-source          print the source line and a caret under each finding\n"
      "  --no-show-source       never (default: on a terminal; config \"show_source\")\n"
      "  --summary              print the summary line on stderr even when not a terminal\n"
      "  --progress             always print progress on stderr (default: on a terminal)\n"
      "  --no-progress          never print progress on stderr\n"
      "Other:\n"
      "  -j, --jobs N           worker threads (default: number of cores)\n"
      "  --list-rules           list the rules and exit (--format json: as JSON)\n"
      "  --list-files           list the files that would be analysed and exit\n"
      "  --explain RULE         print a rule's help and exit\n"
      "  --version              print the version and exit\n"
      "  -h, --help             print this help and exit\n"
      "\n"
      "Exit status: 0 no findings, 1 findings, 2 usage, configuration, input or internal error.\n",
      out);
}

/* Splits "a,b,,c" at commas into l (empty items skipped). 0 or PQL_ENOMEM. */
static int push_csv(cli_list* l, const char* s) {
  char* copy = strdup(s);
  if (!copy) return PQL_ENOMEM;
  int rc = 0;
  char* save = NULL;
  for (char* t = strtok_r(copy, ",", &save); t && rc == 0; t = strtok_r(NULL, ",", &save))
    if (*t) rc = cli_list_push(l, t);
  free(copy);
  return rc;
}

/* Parses a positive decimal into *out; 0 on success, -1 if not a number in [1, max]. */
static int parse_uint(const char* s, unsigned max, unsigned* out) {
  if (!s || !*s) return -1;
  char* end = NULL;
  errno = 0;
  unsigned long v = strtoul(s, &end, 10);
  if (errno || *end || s[0] == '-' || s[0] == '+' || v < 1 || v > max) return -1;
  *out = (unsigned)v;
  return 0;
}

/* The options that take a value; the rest are flags. */
static const char* const value_opts[] = {
    "-p", "--format", "-o", "--output", "--config", "--pool-module", "--model", "--enable",
    "--disable", "--explain", "-j", "--jobs", "--baseline", "--write-baseline", "--shard",
    "--exclude", "--parse-errors", "--srcroot", "--fail-on", "--color", "--max-file-size",
    "--file-timeout", "--cache-dir", "--cache-max-size", "--summaries", NULL};

/* Every option, for the suggestion after a mistyped one. */
static const char* const all_opts[] = {
    "-p", "--format", "-o", "--output", "--config", "--no-config", "--pool-module", "--model",
    "--enable", "--disable", "--list-rules", "--list-files", "--explain", "-j", "--jobs",
    "--version", "-h", "--help", "--exit-zero", "--summary", "--progress", "--no-progress",
    "--staged", "--baseline", "--write-baseline", "--shard", "--exclude", "--force-exclude",
    "--no-gitignore", "--parse-errors", "--srcroot", "--fail-on", "--statistics",
    "--report-unused-suppressions", "--color", "--show-source", "--no-show-source",
    "--max-file-size", "--file-timeout", "--cache-dir", "--no-cache", "--cache-max-size", "--summaries",
    "--no-bundled-models",
    NULL};

/* The known option closest to name, or NULL. */
static const char* suggest(const char* name) {
  size_t n = 0;
  while (all_opts[n]) n++;
  return pql_suggest(name, all_opts, n);
}

int cli_parse_size(const char* s, unsigned long long* out) {
  if (!s || !*s || *s == '-' || *s == '+' || *s == ' ') return -1;
  char* end = NULL;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s) return -1;
  unsigned shift = 0;
  if (*end == 'k' || *end == 'K') shift = 10, end++;
  else if (*end == 'M' || *end == 'm') shift = 20, end++;
  else if (*end == 'G' || *end == 'g') shift = 30, end++;
  if (*end == 'B' || *end == 'b') end++; /* "8MB" */
  if (*end || v > (~0ull >> shift)) return -1;
  *out = v << shift;
  return 0;
}

int cli_parse_seconds(const char* s, double* out) {
  if (!s || !*s || *s == '-' || *s == '+' || *s == ' ') return -1;
  char* end = NULL;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || end == s || *end || !(v >= 0) || v > 86400) return -1;
  *out = v;
  return 0;
}

int cli_parse_errors_value(const char* s) {
  if (!s) return -1;
  if (!strcmp(s, "ignore")) return CLI_PE_IGNORE;
  if (!strcmp(s, "warn")) return CLI_PE_WARN;
  if (!strcmp(s, "fail")) return CLI_PE_FAIL;
  return -1;
}

static int takes_value(const char* name) {
  for (int i = 0; value_opts[i]; i++)
    if (strcmp(value_opts[i], name) == 0) return 1;
  return 0;
}

#define USAGE(...)                              \
  do {                                          \
    snprintf(errbuf, errlen, __VA_ARGS__);      \
    return PQL_EINVAL;                          \
  } while (0)

/* Applies one option with its value (NULL for flags). */
static int apply(cli_opts* o, const char* name, const char* val, char* errbuf, size_t errlen) {
  int rc = 0;
  if (!strcmp(name, "-p")) o->compdb = val;
  else if (!strcmp(name, "--format")) {
    o->format = report_format_parse(val);
    if (o->format < 0) USAGE("unknown format '%s' for --format (text, json, sarif, github)", val);
  } else if (!strcmp(name, "-o") || !strcmp(name, "--output")) {
    if (!*val) USAGE("empty file name for %s", name);
    o->output = val;
  } else if (!strcmp(name, "--config")) o->config = val;
  else if (!strcmp(name, "--no-config")) o->no_config = 1;
  else if (!strcmp(name, "--pool-module")) rc = cli_list_push(&o->pool_globs, val);
  else if (!strcmp(name, "--model")) rc = cli_list_push(&o->models, val);
  else if (!strcmp(name, "--no-bundled-models")) o->no_bundled_models = 1;
  else if (!strcmp(name, "--enable")) rc = push_csv(&o->enable, val);
  else if (!strcmp(name, "--disable")) rc = push_csv(&o->disable, val);
  else if (!strcmp(name, "--list-rules")) o->list_rules = 1;
  else if (!strcmp(name, "--list-files")) o->list_files = 1;
  else if (!strcmp(name, "--explain")) o->explain = val;
  else if (!strcmp(name, "-j") || !strcmp(name, "--jobs")) {
    if (parse_uint(val, 1024, &o->jobs))
      USAGE("bad value '%s' for %s: expected a number of threads from 1 to 1024", val, name);
  } else if (!strcmp(name, "--version")) o->version = 1;
  else if (!strcmp(name, "-h") || !strcmp(name, "--help")) o->help = 1;
  else if (!strcmp(name, "--exit-zero")) o->exit_zero = 1;
  else if (!strcmp(name, "--summary")) o->summary = 1;
  else if (!strcmp(name, "--progress")) o->progress = 1;
  else if (!strcmp(name, "--no-progress")) o->progress = 0;
  else if (!strcmp(name, "--staged")) o->staged = 1;
  else if (!strcmp(name, "--baseline")) o->baseline = val;
  else if (!strcmp(name, "--write-baseline")) o->write_baseline = val;
  else if (!strcmp(name, "--shard")) {
    const char* slash = strchr(val, '/');
    char k[32];
    if (!slash || (size_t)(slash - val) >= sizeof k)
      USAGE("bad value '%s' for --shard: expected K/N, e.g. 1/4", val);
    memcpy(k, val, (size_t)(slash - val));
    k[slash - val] = 0;
    if (parse_uint(k, 100000, &o->shard_k) || parse_uint(slash + 1, 100000, &o->shard_n) ||
        o->shard_k > o->shard_n)
      USAGE("bad value '%s' for --shard: expected K/N with 1 <= K <= N", val);
  } else if (!strcmp(name, "--exclude")) rc = cli_list_push(&o->excludes, val);
  else if (!strcmp(name, "--force-exclude")) o->force_exclude = 1;
  else if (!strcmp(name, "--cache-dir")) {
    if (!*val) USAGE("empty folder name for --cache-dir");
    o->cache_dir = val;
  } else if (!strcmp(name, "--no-cache")) o->no_cache = 1;
  else if (!strcmp(name, "--cache-max-size")) {
    unsigned long long v;
    if (cli_parse_size(val, &v) || v > (unsigned long long)(~0ull >> 2))
      USAGE("bad value '%s' for --cache-max-size: expected bytes, e.g. 512M or 2G (0: no cap)", val);
    o->cache_max_size = (long long)v;
  }
  else if (!strcmp(name, "--summaries")) o->summaries = val;
  else if (!strcmp(name, "--no-gitignore")) o->no_gitignore = 1;
  else if (!strcmp(name, "--parse-errors")) {
    o->parse_errors = cli_parse_errors_value(val);
    if (o->parse_errors < 0) USAGE("bad value '%s' for --parse-errors: expected fail, warn or ignore", val);
  } else if (!strcmp(name, "--srcroot")) {
    if (!*val) USAGE("empty folder name for --srcroot");
    o->srcroot = val;
  } else if (!strcmp(name, "--fail-on")) {
    o->fail_on = !strcmp(val, "error") ? FINDING_ERROR : !strcmp(val, "warning") ? FINDING_WARNING
                 : !strcmp(val, "note") ? FINDING_NOTE : -1;
    if (o->fail_on < 0) USAGE("bad value '%s' for --fail-on: expected error, warning or note", val);
  } else if (!strcmp(name, "--max-file-size")) {
    unsigned long long v;
    if (cli_parse_size(val, &v) || v > (unsigned long long)(~0ull >> 2))
      USAGE("bad value '%s' for --max-file-size: expected bytes, e.g. 8M or 500k (0: no limit)", val);
    o->max_file_size = (long long)v;
  } else if (!strcmp(name, "--file-timeout")) {
    if (cli_parse_seconds(val, &o->file_timeout))
      USAGE("bad value '%s' for --file-timeout: expected seconds from 0 (no limit) to 86400", val);
  } else if (!strcmp(name, "--statistics")) o->statistics = 1;
  else if (!strcmp(name, "--report-unused-suppressions")) o->report_unused = 1;
  else if (!strcmp(name, "--color")) {
    o->color = !strcmp(val, "always") ? 1 : !strcmp(val, "never") ? 0 : !strcmp(val, "auto") ? -1 : -2;
    if (o->color == -2) USAGE("bad value '%s' for --color: expected auto, always or never", val);
  } else if (!strcmp(name, "--show-source")) o->show_source = 1;
  else if (!strcmp(name, "--no-show-source")) o->show_source = 0;
  else {
    const char* hint = suggest(name);
    if (hint) USAGE("unknown option '%s' (did you mean %s?)", name, hint);
    USAGE("unknown option '%s' (see pqlint --help)", name);
  }
  if (rc) USAGE("out of memory");
  return 0;
}

int cli_parse(int argc, char** argv, cli_opts* o, char* errbuf, size_t errlen) {
  memset(o, 0, sizeof *o);
  o->format = -1;
  o->progress = -1;
  o->parse_errors = -1;
  o->fail_on = -1;
  o->color = -1;
  o->show_source = -1;
  o->max_file_size = -1;
  o->file_timeout = -1;
  o->cache_max_size = -1;
  for (int i = 1; i < argc; i++) {
    const char* a = argv[i];
    if (!strcmp(a, "--")) {
      for (i++; i < argc; i++)
        if (cli_list_push(&o->flags, argv[i])) USAGE("out of memory");
      break;
    }
    if (a[0] != '-' || a[1] == 0) { /* a PATH ("-" alone is a path too) */
      if (cli_list_push(&o->paths, a)) USAGE("out of memory");
      continue;
    }
    char name[64];
    const char* val = NULL;
    if (a[1] == '-') { /* --name or --name=value */
      const char* eq = strchr(a, '=');
      size_t len = eq ? (size_t)(eq - a) : strlen(a);
      if (len >= sizeof name) USAGE("unknown option '%s' (see pqlint --help)", a);
      memcpy(name, a, len);
      name[len] = 0;
      if (eq) {
        if (!takes_value(name)) {
          int known = 0;
          for (int k = 0; all_opts[k]; k++) known |= !strcmp(all_opts[k], name);
          if (known) USAGE("option '%s' takes no value", name);
          return apply(o, name, NULL, errbuf, errlen); /* unknown: says so, with a suggestion */
        }
        val = eq + 1;
      }
    } else { /* -x, -xVALUE */
      name[0] = '-';
      name[1] = a[1];
      name[2] = 0;
      if (a[2]) {
        if (!takes_value(name)) USAGE("unknown option '%s' (see pqlint --help)", a);
        val = a + 2;
      }
    }
    if (takes_value(name) && !val) {
      if (i + 1 >= argc) USAGE("option '%s' needs a value", name);
      val = argv[++i];
    }
    int rc = apply(o, name, val, errbuf, errlen);
    if (rc) return rc;
  }
  if (o->list_rules && o->format != -1 && o->format != REPORT_TEXT && o->format != REPORT_JSON)
    USAGE("--list-rules prints text or json, not --format %s",
          o->format == REPORT_SARIF ? "sarif" : "github");
  if (o->statistics && o->format != -1 && o->format != REPORT_TEXT && o->format != REPORT_JSON)
    USAGE("--statistics prints text or json, not --format %s",
          o->format == REPORT_SARIF ? "sarif" : "github");
  return 0;
}
