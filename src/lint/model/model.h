/* model.h - the JSON models (the rules folder and --model FILE): what a connection, a result and the pool are, by name. */
#ifndef PQL_MODEL_H
#define PQL_MODEL_H

#include <stddef.h>
#include "base/finding.h"

/* One call pattern: a PCRE2 pattern on the callee's name plus the argument
 * that carries the handle. Compiled with PCRE2 JIT where available. */
typedef struct model_call {
  char* pattern;   /* the source text, e.g. "^PQfinish$" */
  void* re;        /* pcre2_code* */
  int arg;         /* handle argument index (0-based); -1 = the return value */
  int has_min;     /* "min": the call counts only when argument `arg` is an integer
                      constant >= min (nonlocal_exit: ereport's elevel >= ERROR) */
  long long min;
  int has_max;     /* "max": ... and <= max (ERROR longjmps; FATAL ends the process) */
  long long max;
  char* origin;    /* "FILE: pools[0].release[0]" (for model errors at first use), or NULL */
} model_call;

typedef struct model_calls {
  model_call* v;
  size_t n;
} model_calls;

/* Where a call pattern came from, for "arg N does not exist" at first use:
 * "team.json: pools[0].release[0]". Kept per pattern in model_call.origin. */

/* A resource kind: "connection", "result", "pooled" (a connection leased
 * from the pool), "memory" (libpq-allocated memory freed with PQfreemem),
 * "cancel" (a PGcancel) or "conninfo" (a PQconninfoOption array). Acquire: a call returning (arg -1) or filling through an
 * out-parameter (arg >= 0, passed as &var) a new handle. Release: frees the
 * handle in `arg`. Borrow: returns a pointer that dies with the handle in
 * `arg` (PQgetvalue). Check: tests its status (PQstatus, PQresultStatus).
 * Use: any other call receiving the handle; uses are implicit. */
typedef struct model_resource {
  char* kind;       /* "connection" | "result" | "pooled" | "memory" | "cancel" | "conninfo" */
  char* type;       /* C type name of the handle ("PGconn"), for declarations */
  model_calls acquire, release, discard, borrow, check;
  /* reads: calls that read the handle's data and need a checked status first
   * (PQgetvalue, PQntuples); info: calls harmless on an unchecked or failed
   * handle (PQerrorMessage, PQstatus). Both may be empty. */
  model_calls reads, info;
  /* rule ids for this resource's leak/double-release/use-after-release */
  char* leak_rule;  /* e.g. "conn-leak" */
  char* origin;     /* the model that defined it ("rules/libpq.json", "team.json") */
} model_resource;

/* A struct field or constructor argument that holds a pool size. */
typedef struct model_size_field {
  char* type_pattern;   /* struct/typedef name, e.g. "^pqpool_config$" */
  void* type_re;
  char* field_pattern;  /* field name, e.g. "^max_size$" */
  void* field_re;
} model_size_field;

typedef struct model_pool {
  char* name;              /* the model's name, e.g. "pqpool" */
  char** module_globs;     /* fnmatch globs of files that may connect directly (under src/pool/) */
  size_t nmodule_globs;
  char* lease_type;        /* C type of the pooled handle ("pqpool_lease"), or NULL */
  char* conn_field;        /* field of the lease holding the PGconn ("conn"), or NULL */
  model_calls acquire, release, discard, create, destroy;
  model_size_field* size_fields;
  size_t nsize_fields;
  model_calls size_args;   /* constructor/setter arguments holding a size (arg = index) */
  char* origin;            /* the model that defined it */
} model_pool;

/* A rule of the catalogue (rules/catalog.json): the SARIF reportingDescriptor. */
typedef struct model_rule {
  char* id;            /* "conn-leak" */
  char* name;          /* "ConnectionLeak" */
  char* short_desc;    /* one line */
  char* full_desc;     /* a paragraph */
  char* help_text;     /* long help with a bad and a good example (plain text) */
  char* help_markdown; /* same, markdown */
  finding_level level; /* default level */
  char** tags;
  size_t ntags;
  char* precision;     /* "very-high" | "high" | "medium" | "low" */
  int flow;            /* 1 for path rules (issue 3), 0 for syntactic ones */
} model_rule;

/* A list of lower-case words (rules/names.json). */
typedef struct model_words {
  char** v;
  size_t n;
} model_words;

/* How pqlint guesses, from its name alone, what a function it cannot see
 * (no body in the run, no model entry) does with the handles it is given or
 * returns: the "unknown_calls" section of the models (rules/names.json, a
 * --model file adds words; "replace": true replaces the lists it names).
 * A name is split into lower-case words at '_', digits and camelCase
 * (ParallelSlotsAdoptConn: parallel slots adopt conn). See flow_model.c. */
typedef struct model_name_words {
  model_words keeps;      /* a word (or inflection: adds, stored) that keeps every argument */
  model_words frees;      /* a word that frees or closes it (taken over: no double-release claim) */
  model_words makers;     /* constructor words: the call keeps a result it is given */
  model_words messages;   /* ... unless it makes a message about it (make_error) */
  model_words predicates; /* a first word that makes the name a test or getter: keeps nothing */
  model_words open_verbs; /* with a connection noun (open_conn): the PGconn * returned is the caller's */
  model_words conn_nouns;
} model_name_words;

typedef struct model_set {
  model_resource* resources;
  size_t nresources;
  model_calls connect;     /* direct-connect: connect functions (PQconnectdb, ...) */
  model_calls noreturn;    /* exit, abort, pg_fatal, ... */
  model_calls takes_ownership; /* calls that take a handle argument over (arg index) */
  model_calls nonlocal_exit; /* calls that leave the function by a longjmp (errstart(ERROR),
                                pg_re_throw, siglongjmp): handles held there are lost, unless a
                                try handler (below) of the function catches the jump */
  model_calls frees_memory; /* calls that free the memory argument `arg` points to (free, g_free,
                               pfree): a struct passed there loses the handles its fields hold */
  model_calls asserts;     /* assertion macros (assert, Assert, g_assert*): the path goes on only
                              where their condition holds */
  model_calls try_setjmp;  /* a branch on `call(...) == 0` (sigsetjmp in PG_TRY) is a try
                              block; its other side the handler (PG_CATCH / PG_FINALLY) */
  model_calls conninfo;    /* calls whose argument `arg` is a conninfo string/URI (hardcoded-secret) */
  model_calls params;      /* PQconnectdbParams-style: arg = keywords array index; values = arg+1 */
  model_calls password;    /* calls whose argument `arg` is a password itself (PQsetdbLogin arg 6) */
  /* async-unread: calls that send a command whose results are read with
   * `get` (arg: the connection) until it returns NULL; `commands` are the
   * calls that start the next command on that connection; `pipeline`
   * (PQenterPipelineMode) lets many commands be in flight. */
  model_calls async_send, async_get, async_commands, async_pipeline;
  model_pool* pools;
  size_t npools;
  model_rule* rules;
  size_t nrules;
  model_name_words unknown_calls; /* name words of functions pqlint cannot see */
  unsigned load_flags;     /* model_load_opts flags (MODEL_NO_BUNDLED_POOLS: no built-in pool either) */
} model_set;

/* model_load_opts flags. */
enum { MODEL_NO_BUNDLED_POOLS = 1 }; /* leave out the bundled models but libpq.json and catalog.json */

/* Loads the bundled models, then each extra file in order. Lists (noreturn,
 * connect, ...) add up; a rule given again has its keys replaced. A pool or
 * resource named (kind) again in the same file is extended; one that an
 * earlier file defined is an error, unless the object says "extend": true
 * (add to it) or "replace": true (drop the earlier one): models never merge
 * silently.
 * On error returns PQL_EMODEL (or PQL_EIO/PQL_ENOMEM), *out is NULL, and
 * errbuf holds "FILE:LINE:COL: what was wrong" (or "FILE: regex 'P' at
 * offset N: reason"). The caller frees the set with model_set_free. */
int model_load(const char* const* extra_files, size_t nextra, model_set** out,
               char* errbuf, size_t errlen);
/* model_load with flags (MODEL_NO_BUNDLED_POOLS). */
int model_load_opts(const char* const* extra_files, size_t nextra, unsigned flags, model_set** out,
                    char* errbuf, size_t errlen);

/* A call of `callee` with nargs arguments against every model pattern that
 * matches it: 0 if each pattern's `arg` exists on the call; else
 * PQL_EMODEL with errbuf "FILE: PATH: \"arg\": N, but CALLEE() is called
 * with M arguments at WHERE" (variadic calls may have more, never fewer). */
int model_check_call(const model_set* m, const char* callee, int nargs, const char* where,
                     char* errbuf, size_t errlen);

/* Loads one model text (used by model_load and the unit tests). `name` is
 * used in error messages. Same error contract as model_load. */
int model_load_text(model_set* set, const char* name, const char* text,
                    char* errbuf, size_t errlen);

model_set* model_set_new(void);
void model_set_free(model_set* set);

/* Index in `calls` of the first pattern that matches `name`, or -1.
 * Thread-safe (match data is per call). */
int model_calls_match(const model_calls* calls, const char* name);

/* The resource whose acquire (or release/borrow/...) matches, or NULL;
 * *idx gets the index of the matching call. */
const model_resource* model_find_acquire(const model_set* m, const char* callee, int* idx);
const model_resource* model_find_release(const model_set* m, const char* callee, int* idx);

/* 1 if `path` (as given, or its absolute form) matches a pool module glob
 * of any pool model, or one of the extra globs (--pool-module). */
int model_in_pool_module(const model_set* m, const char* path,
                         const char* const* extra_globs, size_t nextra);

/* 1 if compiled pattern `re` (a model's pcre2_code*) matches s; 0 if not,
 * if either is NULL, or on a match error. Thread-safe. */
int model_re_match(const void* re, const char* s);

const model_rule* model_rule_find(const model_set* m, const char* id);

#endif
