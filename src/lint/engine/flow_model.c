/* flow_model.c - classifies a lowered call for the flow analysis: by the models, by summaries, and by a built-in libpq/pqpool table when no model is loaded. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ir/flow_ir.h"
#include "model/model.h"

typedef struct fb_call {
  const char* name;
  int kind;  /* FK_* */
  int what;  /* 'a' acquire, 'r' release, 'd' discard, 'b' borrow, 'c' check, 'C' pool create, 'D' pool destroy */
  int arg;   /* -1 = return value */
} fb_call;

/* Used only for the parts the loaded models leave empty. */
static const fb_call fallback[] = {
    {"PQconnectdb", FK_CONN, 'a', -1},        {"PQconnectdbParams", FK_CONN, 'a', -1},
    {"PQsetdbLogin", FK_CONN, 'a', -1},       {"PQsetdb", FK_CONN, 'a', -1},
    {"PQconnectStart", FK_CONN, 'a', -1},     {"PQconnectStartParams", FK_CONN, 'a', -1},
    {"PQfinish", FK_CONN, 'r', 0},            {"PQstatus", FK_CONN, 'c', 0},
    {"PQconnectPoll", FK_CONN, 'c', 0},       {"PQexec", FK_RESULT, 'a', -1},
    {"PQexecParams", FK_RESULT, 'a', -1},     {"PQexecPrepared", FK_RESULT, 'a', -1},
    {"PQprepare", FK_RESULT, 'a', -1},        {"PQdescribePrepared", FK_RESULT, 'a', -1},
    {"PQdescribePortal", FK_RESULT, 'a', -1}, {"PQgetResult", FK_RESULT, 'a', -1},
    {"PQmakeEmptyPGresult", FK_RESULT, 'a', -1}, {"PQcopyResult", FK_RESULT, 'a', -1},
    {"PQfn", FK_RESULT, 'a', -1},             {"PQclear", FK_RESULT, 'r', 0},
    {"PQresultStatus", FK_RESULT, 'c', 0},    {"PQgetvalue", FK_RESULT, 'b', 0},
    {"PQresultErrorMessage", FK_RESULT, 'b', 0}, {"PQresultErrorField", FK_RESULT, 'b', 0},
    {"PQcmdStatus", FK_RESULT, 'b', 0},       {"PQcmdTuples", FK_RESULT, 'b', 0},
    {"PQfname", FK_RESULT, 'b', 0},           {"PQoidStatus", FK_RESULT, 'b', 0},
    {"pqpool_acquire", FK_POOLED, 'a', 2},    {"pqpool_acquire_at", FK_POOLED, 'a', 2},
    {"pqpool_release", FK_POOLED, 'r', 1},    {"pqpool_discard", FK_POOLED, 'd', 1},
    {"pqpool_create", FK_POOL, 'C', 1},       {"pqpool_close", FK_POOL, 'D', 0},
};

/* Used when no loaded model has a `noreturn` list. */
static const char* const fb_noreturn[] = {"exit", "_exit", "_Exit", "abort", "quick_exit",
                                          "exit_nicely", "pg_fatal", "die", "err", "errx",
                                          "__assert_fail", "longjmp", "siglongjmp", "proc_exit",
                                          "pthread_exit", NULL};

/* Calls that read a result's rows (need PQresultStatus first); used when
 * no loaded model has a `reads` list (rules/libpq.json has the same). */
static const char* const rowreads[] = {"PQgetvalue", "PQntuples", "PQnfields", "PQgetisnull",
                                       "PQgetlength", "PQfname", "PQfnumber", "PQftype",
                                       "PQfsize", "PQfmod", "PQfformat", "PQftable",
                                       "PQftablecol", "PQbinaryTuples", NULL};

/* Calls harmless on a bad handle (no status needed, not a query); used
 * when no loaded model has an `info` list (rules/libpq.json has the same
 * for the calls that take a handle). */
static const char* const infos[] = {
    "PQerrorMessage", "PQsocket", "PQstatus", "PQconnectPoll", "PQtransactionStatus",
    "PQpass", "PQuser", "PQdb", "PQhost", "PQport", "PQoptions", "PQhostaddr",
    "PQconnectionNeedsPassword", "PQconnectionUsedPassword", "PQparameterStatus",
    "PQserverVersion", "PQprotocolVersion", "PQbackendPID", "PQclientEncoding",
    "PQsetNoticeProcessor", "PQsetNoticeReceiver", "PQsetErrorVerbosity",
    "PQsetErrorContextVisibility", "PQresultErrorMessage", "PQresultErrorField",
    "PQresultVerboseErrorMessage", "PQcmdStatus", "PQresStatus", "PQisBusy",
    "PQconninfo", "PQsslInUse", "PQsslAttribute", "PQgetssl", "PQtrace", "PQuntrace",
    "PQpipelineStatus", "PQisnonblocking", "PQsetnonblocking", "PQreset", "PQresetStart",
    "PQresetPoll", "PQsetTraceFlags", "PQsslAttributeNames", "PQsslStruct", "PQgssEncInUse",
    "PQgetgssctx", "PQtty", "PQresultMemorySize", "PQfreemem", NULL};

static int in_list(const char* const* l, const char* n) {
  for (; *l; l++)
    if (!strcmp(*l, n)) return 1;
  return 0;
}

static int kind_of(const char* k) {
  if (!k) return FK_NONE;
  if (!strcmp(k, "connection")) return FK_CONN;
  if (!strcmp(k, "result")) return FK_RESULT;
  if (!strcmp(k, "pooled")) return FK_POOLED;
  if (!strcmp(k, "memory")) return FK_MEM;
  if (!strcmp(k, "cancel")) return FK_CANCEL;
  if (!strcmp(k, "conninfo")) return FK_CONNINFO;
  if (!strcmp(k, "pool")) return FK_POOL;
  return FK_NONE;
}

static int match(const model_calls* c, const char* name, int* arg) {
  if (!c || !c->n) return 0;
  int i = model_calls_match(c, name);
  if (i < 0) return 0;
  *arg = c->v[i].arg;
  return 1;
}

/* 1 if a noreturn entry matches call e: by name, and when it has "min" or
 * "max", with argument arg a constant in range (ereport(FATAL) ends the
 * process, ereport(ERROR) does not). */
static int match_noreturn(const model_calls* c, const flow_ev* e) {
  for (size_t i = 0; i < c->n; i++) {
    const model_call* x = &c->v[i];
    if (!model_re_match(x->re, e->callee)) continue;
    if (!x->has_min && !x->has_max) return 1;
    if (x->arg < 0 || x->arg >= e->nargs || !e->args[x->arg].isconst) continue;
    long long k = e->args[x->arg].cval;
    if ((!x->has_min || k >= x->min) && (!x->has_max || k <= x->max)) return 1;
  }
  return 0;
}

static void set_role(flow_callinfo* ci, int arg, int role, int kind) {
  if (arg < 0 || arg >= 16) return;
  ci->role[arg] = role;
  ci->role_kind[arg] = kind;
}

static void apply(flow_callinfo* ci, int kind, int what, int arg) {
  switch (what) {
  case 'a':
    if (arg < 0) ci->ret_kind = kind;
    else {
      ci->out_kind = kind;
      ci->out_arg = arg;
    }
    break;
  case 'r': set_role(ci, arg, FR_RELEASE, kind); break;
  case 'd': set_role(ci, arg, FR_DISCARD, kind); break;
  case 'b': ci->ret_borrow = arg; break;
  case 'c': set_role(ci, arg, FR_CHECK, kind); break;
  case 'C': ci->pool_create_arg = arg < 0 ? -2 : arg; break;
  case 'D': ci->pool_destroy_arg = arg; break;
  }
}

/* 1 if word w (lower case, n bytes) is verb v or an inflection of it
 * (adds, stored, closed, added). */
static int word_is(const char* w, size_t n, const char* v) {
  size_t k = strlen(v);
  if (n < k || strncmp(w, v, k)) return 0;
  const char* t = w + k;
  size_t r = n - k;
  return r == 0 || (r == 1 && (*t == 's' || (*t == 'd' && v[k - 1] == 'e'))) ||
         (r == 2 && !strncmp(t, "ed", 2)) || (r == 2 && !strncmp(t, "es", 2));
}

/* 1 if n names a C++ constructor as lowered ("Class::Class"). */
static int ctor_name(const char* n) {
  const char* sep = strstr(n, "::");
  if (!sep || sep == n) return 0;
  size_t k = (size_t)(sep - n);
  return strlen(sep + 2) == k && !strncmp(n, sep + 2, k);
}

/* 1 if word w (lower case, n bytes) is one of ws or an inflection of one. */
static int word_in(const char* w, size_t n, const model_words* ws) {
  for (size_t i = 0; i < ws->n; i++)
    if (word_is(w, n, ws->v[i])) return 1;
  return 0;
}

/* 1 if word w (lower case, n bytes) is exactly one of ws. */
static int word_eq(const char* w, size_t n, const model_words* ws) {
  for (size_t i = 0; i < ws->n; i++)
    if (strlen(ws->v[i]) == n && !strncmp(w, ws->v[i], n)) return 1;
  return 0;
}

/* Splits name n into lower-case words (at '_', digits and before an
 * upper-case letter that follows a lower-case one: adoptConn) and calls
 * fn(w, len, first, arg) on each until it returns non-zero, which is then
 * returned (0 when every word was seen). Words are cut at 63 bytes. */
static int name_words(const char* n, int (*fn)(const char*, size_t, int, void*), void* arg) {
  char w[64];
  size_t wn = 0;
  int first = 1, r;
  for (const char* p = n;; p++) {
    char ch = *p;
    int upper = ch >= 'A' && ch <= 'Z', lower = ch >= 'a' && ch <= 'z';
    int boundary = !ch || (!upper && !lower) || (upper && wn && p > n && p[-1] >= 'a' && p[-1] <= 'z');
    if (boundary && wn) {
      w[wn] = 0;
      if ((r = fn(w, wn, first, arg))) return r;
      first = 0;
      wn = 0;
    }
    if (!ch) return 0;
    if ((upper || lower) && wn + 1 < sizeof w) w[wn++] = (char)(upper ? ch + 32 : ch);
  }
}

typedef struct stores_scan {
  const model_name_words* nw;
  int maker, reader;
} stores_scan;

/* name_words callback of stores_by_name: -1 stop (a predicate), 1 stop (keeps/frees). */
static int stores_word(const char* w, size_t n, int first, void* arg) {
  stores_scan* k = arg;
  if (first && word_eq(w, n, &k->nw->predicates)) return -1;
  if (word_in(w, n, &k->nw->keeps) || word_in(w, n, &k->nw->frees)) return 1;
  if (word_in(w, n, &k->nw->makers)) k->maker = 1;
  if (word_in(w, n, &k->nw->messages)) k->reader = 1;
  return 0;
}

/* 1 if the name of a function we cannot see says it keeps or frees its
 * argument (list_append, ParallelSlotsAdoptConn, disconnectDatabase...),
 * by the models' unknown_calls words (rules/names.json): a keeps/frees word
 * must be a whole word (restore_settings is not "store", get_server_address
 * not "add"), and a predicate first word (check_, is_, has_...) keeps
 * nothing (check_node_can_attach). Returns 1, or 2 for a maker word (new,
 * create, wrap...) and no message word (make_error): it keeps a result,
 * not a connection. 0 without models. */
static int stores_by_name(const model_set* m, const char* n) {
  if (!m) return 0;
  stores_scan k = {&m->unknown_calls, 0, 0};
  int r = name_words(n, stores_word, &k);
  if (r) return r > 0 ? 1 : 0;
  return k.maker && !k.reader ? 2 : 0;
}

typedef struct connect_scan {
  const model_name_words* nw;
  int verb, noun;
} connect_scan;

/* name_words callback of connect_name: notes open verbs and connection nouns. */
static int connect_word(const char* w, size_t n, int first, void* arg) {
  connect_scan* k = arg;
  (void)first;
  k->verb |= word_eq(w, n, &k->nw->open_verbs);
  k->noun |= word_eq(w, n, &k->nw->conn_nouns);
  return 0;
}

/* 1 if the name says it opens a connection: "connect" but not
 * "connection" (PQconnectdb, connectDatabase), or one of the models' open
 * verbs with a connection noun as whole words (duplicate_connection,
 * open_conn, establish_db_connection); getters (GetConnection) are not. */
static int connect_name(const model_set* m, const char* n) {
  char low[128];
  size_t i = 0;
  for (; n[i] && i + 1 < sizeof low; i++) low[i] = (char)(n[i] >= 'A' && n[i] <= 'Z' ? n[i] + 32 : n[i]);
  low[i] = 0;
  for (const char* p = strstr(low, "connect"); p; p = strstr(p + 1, "connect"))
    if (strncmp(p, "connection", 10) != 0) return 1;
  if (!m) return 0;
  connect_scan k = {&m->unknown_calls, 0, 0};
  name_words(n, connect_word, &k);
  return k.verb && k.noun;
}

/* The nonlocal_exit entries of the models for call e: ci->nonlocal when
 * one applies (no condition, or its argument is a constant >= min);
 * ci->nonlocal_param when the argument is a variable (a summary fact of the
 * caller: ereport(elevel, ...) in a helper taking elevel). */
static void classify_nonlocal(const model_set* m, const flow_ev* e, flow_callinfo* ci) {
  if (!m) return;
  for (size_t i = 0; i < m->nonlocal_exit.n; i++) {
    const model_call* c = &m->nonlocal_exit.v[i];
    if (!model_re_match(c->re, e->callee)) continue;
    if (!c->has_min && !c->has_max) {
      ci->nonlocal = 1;
      continue;
    }
    if (c->arg < 0 || c->arg >= e->nargs) continue;
    const flow_arg* ar = &e->args[c->arg];
    if (ar->isconst) {
      if ((!c->has_min || ar->cval >= c->min) && (!c->has_max || ar->cval <= c->max)) ci->nonlocal = 1;
    } else if (c->has_min && ar->var >= 0 && !ar->addr && !ar->member) {
      ci->nonlocal_param = c->arg + 1;
      ci->nonlocal_min = c->min;
      ci->nonlocal_max = c->has_max ? c->max : LLONG_MAX;
    }
  }
  if (ci->nonlocal) ci->noreturn = 0; /* not an exit(): what is held there is lost */
}

/* The facts of summary su under the constant arguments of call e: a
 * helper that exits or releases only when a flag argument is set (or
 * clear), a wrapper of ereport(elevel) given a constant elevel. */
static void classify_conditions(const flow_sum* su, const flow_ev* e, flow_callinfo* ci) {
  if (su->nonlocal) ci->nonlocal = 1;
  if (su->nonlocal_param) {
    int k = su->nonlocal_param - 1;
    if (k < e->nargs && e->args[k].isconst && e->args[k].cval >= su->nonlocal_min &&
        e->args[k].cval <= su->nonlocal_max)
      ci->nonlocal = 1;
  }
  for (int p = 0; p < e->nargs && p < 16; p++) {
    unsigned rel = 0;
    int decided = e->args[p].isconst;
    int nz = decided && e->args[p].cval != 0;
    if (decided && nz && (su->noreturn_nz & (1u << p))) ci->noreturn = 1;
    if (decided && nz && (su->nonlocal_nz & (1u << p))) ci->nonlocal = 1;
    int var_flag = !decided && e->args[p].var >= 0 && !e->args[p].addr && !e->args[p].member;
    if (var_flag && (su->noreturn_nz & (1u << p))) ci->exit_if_nz |= 1u << p; /* the path knows */
    if (var_flag && (su->nonlocal_nz & (1u << p))) ci->nonlocal_if_nz |= 1u << p;
    if (su->rel_nz[p] == su->rel_z[p]) continue; /* the flag decides no release */
    rel = nz ? su->rel_nz[p] : su->rel_z[p];
    for (int k = 0; k < e->nargs && k < 16; k++) {
      if (!((su->rel_nz[p] ^ su->rel_z[p]) & (1u << k))) continue;
      if (!decided) { /* released or not, by a flag we cannot read: silent */
        set_role(ci, k, FR_ESCAPE, su->arg_kind[k]);
        ci->undecided |= 1u << k;
      } else if (rel & (1u << k)) {
        set_role(ci, k, FR_RELEASE, su->arg_kind[k]);
      } else {
        set_role(ci, k, FR_USE, FK_NONE);
      }
    }
  }
  if (ci->nonlocal) ci->noreturn = 0;
}

/* Fills *ci for the call event e. Never fails: unknown calls are plain uses. */
void flow_classify(const model_set* m, const flow_summaries* s, const flow_unit* u,
                   const flow_ev* e, flow_callinfo* ci) {
  memset(ci, 0, sizeof *ci);
  ci->ret_kind = ci->out_kind = FK_NONE;
  ci->ret_borrow = ci->out_arg = ci->pool_create_arg = ci->pool_destroy_arg = -1;
  for (int i = 0; i < 16; i++) ci->role_kind[i] = FK_NONE;
  const char* n = e->callee;
  ci->noreturn = e->decl_noreturn;
  if (!n) return;
  ci->libpq = !strncmp(n, "PQ", 2) || !strncmp(n, "lo_", 3);
  int arg, known = 0;
  int have_res = m && m->nresources > 0;
  int have_pool = m && (m->npools > 0 || (m->load_flags & MODEL_NO_BUNDLED_POOLS));
  if (have_res) {
    for (size_t r = 0; r < m->nresources; r++) {
      const model_resource* R = &m->resources[r];
      int k = kind_of(R->kind);
      if (k == FK_NONE) continue;
      if (match(&R->acquire, n, &arg)) apply(ci, k, 'a', arg), known = 1;
      if (match(&R->release, n, &arg)) apply(ci, k, 'r', arg), known = 1;
      if (match(&R->discard, n, &arg)) apply(ci, k, 'd', arg), known = 1;
      if (match(&R->borrow, n, &arg)) apply(ci, k, 'b', arg), known = 1;
      if (match(&R->check, n, &arg)) apply(ci, k, 'c', arg), known = 1;
    }
  }
  if (have_pool) {
    for (size_t p = 0; p < m->npools; p++) {
      const model_pool* P = &m->pools[p];
      if (match(&P->acquire, n, &arg)) apply(ci, FK_POOLED, 'a', arg), known = 1;
      if (match(&P->release, n, &arg)) apply(ci, FK_POOLED, 'r', arg), known = 1;
      if (match(&P->discard, n, &arg)) apply(ci, FK_POOLED, 'd', arg), known = 1;
      if (match(&P->create, n, &arg)) apply(ci, FK_POOL, 'C', arg), known = 1;
      if (match(&P->destroy, n, &arg)) apply(ci, FK_POOL, 'D', arg), known = 1;
    }
  }
  for (size_t i = 0; i < sizeof fallback / sizeof *fallback; i++) {
    const fb_call* f = &fallback[i];
    int pooly = f->kind == FK_POOLED || f->kind == FK_POOL;
    if ((pooly ? have_pool : have_res) || strcmp(f->name, n)) continue;
    apply(ci, f->kind, f->what, f->arg);
    known = 1;
  }
  if (ci->ret_kind == FK_CONN) ci->connect = 1;
  if (m && match(&m->connect, n, &arg)) ci->connect = 1;
  if (m && m->noreturn.n ? match_noreturn(&m->noreturn, e) : in_list(fb_noreturn, n)) ci->noreturn = 1;
  if (m && match(&m->takes_ownership, n, &arg)) set_role(ci, arg, FR_ESCAPE, FK_NONE), known = 1;
  if (m && match(&m->try_setjmp, n, &arg)) ci->try_call = 1;
  classify_nonlocal(m, e, ci);
  /* reads (need a checked status) and info calls (harmless on a bad
   * handle): the models' lists (a --model file may add to them), or the
   * built-in ones when no loaded model has any */
  int have_reads = 0, have_info = 0;
  for (size_t r = 0; m && r < m->nresources; r++) {
    have_reads |= m->resources[r].reads.n > 0;
    have_info |= m->resources[r].info.n > 0;
  }
  if (have_reads) {
    for (size_t r = 0; r < m->nresources; r++) {
      int k = kind_of(m->resources[r].kind);
      if (k == FK_NONE || !match(&m->resources[r].reads, n, &arg)) continue;
      known = 1;
      if (arg >= 0 && arg < 16 && ci->role[arg] == FR_USE) set_role(ci, arg, FR_ROWREAD, k);
    }
  } else if (in_list(rowreads, n) && ci->role[0] == FR_USE) {
    set_role(ci, 0, FR_ROWREAD, FK_RESULT);
  }
  if (have_info) {
    for (size_t r = 0; r < m->nresources; r++) {
      if (!match(&m->resources[r].info, n, &arg)) continue;
      known = 1;
      if (arg >= 0 && arg < 16 && ci->role[arg] == FR_USE) set_role(ci, arg, FR_INFO, FK_NONE);
    }
  } else if (in_list(infos, n) && ci->role[0] == FR_USE) {
    set_role(ci, 0, FR_INFO, FK_NONE);
  }
  if (known || ci->libpq) return;
  const flow_sum* su = flow_sum_find(s, n, u);
  if (!su) {
    /* a function outside the run whose name says it keeps what it gets */
    /* a function we cannot see: by libpq's conventions a PGresult * it
     * returns is the caller's to clear, and a *connect* function's PGconn *
     * the caller's to finish (getters like GetConnection() are not) */
    if (e->ret_type == FK_RESULT) {
      ci->ret_kind = FK_RESULT;
      ci->ret_summary = ci->ret_guess = 1;
    } else if (e->ret_type == FK_CONN && connect_name(m, n)) {
      ci->ret_kind = FK_CONN;
      ci->ret_summary = ci->ret_guess = 1;
    }
    int keeps = stores_by_name(m, n);
    if (ctor_name(n)) keeps = 1; /* C++ Session s(conn): an object built on a handle keeps it */
    for (int i = 0; i < e->nargs && i < 16; i++)
      if (e->args[i].fmtarg) continue; /* converted by a literal printf format: printed (a use) */
      else if (keeps == 1 || e->args[i].voidp) set_role(ci, i, FR_ESCAPE, FK_NONE);
      else if (keeps == 2 && !e->ret_plain) /* results only, into what could hold them */
        set_role(ci, i, FR_ESCAPE, FK_RESULT);
    return;
  }
  if (su->broken) { /* its body did not parse: what it does with a handle is unknown */
    for (int i = 0; i < e->nargs && i < 16; i++) {
      set_role(ci, i, FR_ESCAPE, FK_NONE);
      ci->undecided |= 1u << i;
    }
    return;
  }
  if (su->noreturn) ci->noreturn = 1;
  if (su->ret_kind != FK_NONE) {
    ci->ret_kind = su->ret_kind;
    ci->ret_summary = 1;
    ci->ret_okonly = su->ret_okonly;
    ci->ret_or_arg = su->ret_or_arg;
  }
  for (int i = 0; i < su->nargs && i < 16; i++) {
    if (su->arg_role[i] != FR_USE) set_role(ci, i, su->arg_role[i], su->arg_kind[i]);
    if ((su->relret & (1u << i)) && e->dest == FD_VAR && e->var >= 0) {
      ci->relret |= 1u << i; /* rc = helper(conn): released where rc == relret_val */
      ci->relret_val[i] = su->relret_val[i];
      ci->relret_lo[i] = su->ur_lo[i];
      ci->relret_hi[i] = su->ur_hi[i];
    }
    if (su->out_kind[i] != FK_NONE && ci->out_kind == FK_NONE) {
      ci->out_kind = su->out_kind[i];
      ci->out_arg = i;
      ci->ret_summary = 1;
      if (su->outret & (1u << i)) { /* filled on the returns of [of_lo, of_hi] only */
        ci->outret = 1;
        ci->outret_all = (su->outret_all >> i) & 1;
        ci->of_lo = su->of_lo[i], ci->of_hi = su->of_hi[i];
        ci->on_lo = su->on_lo[i], ci->on_hi = su->on_hi[i];
      }
    }
  }
  classify_conditions(su, e, ci);
  for (int i = 0; i < 16; i++)
    if (ci->role[i] != FR_ESCAPE) ci->relret &= ~(1u << i); /* a flag decided it */
}

const char* flow_kind_leak_rule(const model_set* m, int kind) {
  static const char* const defaults[] = {"conn-leak",   "result-leak",   "pool-leak",
                                         "memory-leak", "cancel-leak",   "conninfo-leak", NULL};
  if (kind < 0 || kind >= FK_POOL) return NULL;
  if (m)
    for (size_t r = 0; r < m->nresources; r++)
      if (kind_of(m->resources[r].kind) == kind && m->resources[r].leak_rule)
        return m->resources[r].leak_rule;
  return defaults[kind];
}
