/* check_secret.c - hardcoded-secret: a password in a conninfo or URI string literal, in a password argument literal (models' "password": PQsetdbLogin), or beside "password" in PQconnectdbParams arrays. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/ast.h"
#include "checks/check_syntactic.h"
#include "base/error.h"

#define ADVICE "take it from the environment (PGPASSWORD), a password file (PGPASSFILE) or a secret store"

/* libpq's connection keywords (PQconndefaults of libpq 15 and 16): a
 * literal is a conninfo string only if every key is one of these. */
static const char* const conninfo_keys[] = {
    "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "channel_binding",
    "connect_timeout", "client_encoding", "options", "application_name",
    "fallback_application_name", "keepalives", "keepalives_idle", "keepalives_interval",
    "keepalives_count", "tcp_user_timeout", "replication", "gssencmode", "sslmode",
    "requiressl", "sslcompression", "sslcert", "sslkey", "sslpassword", "sslrootcert", "sslcrl",
    "sslcrldir", "sslsni", "requirepeer", "ssl_min_protocol_version",
    "ssl_max_protocol_version", "krbsrvname", "gsslib", "gssdelegation", "service",
    "target_session_attrs", "load_balance_hosts", "require_auth", "sslcertmode",
    "sslnegotiation", NULL};

static int known_key(const char* k, size_t n) {
  for (size_t i = 0; conninfo_keys[i]; i++)
    if (strlen(conninfo_keys[i]) == n && !memcmp(conninfo_keys[i], k, n)) return 1;
  return 0;
}

/* 1 if v (n bytes) holds a printf placeholder (%s, %.*s, %d): the secret
 * comes from elsewhere at run time. A URI's %XX escapes are not. */
static int has_placeholder(const char* v, size_t n) {
  for (size_t i = 0; i + 1 < n; i++) {
    if (v[i] != '%') continue;
    if (i + 2 < n && isxdigit((unsigned char)v[i + 1]) && isxdigit((unsigned char)v[i + 2]))
      continue; /* %40: a URI escape */
    size_t j = i + 1;
    while (j < n && strchr("-+ #0.*123456789", v[j])) j++;
    if (j >= n) continue;
    if (v[j] == 's' || v[j] == 'c' || v[j] == 'i' || v[j] == 'u') return 1;
    if (v[j] == 'd' && (j + 1 >= n || !isxdigit((unsigned char)v[j + 1]) || j > i + 1)) return 1;
  }
  return 0;
}

/* 1 if v (n bytes) is no real secret: a printf placeholder, a redaction
 * mask (only '*'), or a template slot (<your-password>, ${DB_PASSWORD}). */
static int not_a_secret(const char* v, size_t n) {
  if (has_placeholder(v, n)) return 1;
  size_t stars = 0;
  while (stars < n && v[stars] == '*') stars++;
  if (n && stars == n) return 1;
  if (n >= 2 && v[0] == '<' && v[n - 1] == '>') return 1;
  if (n >= 3 && v[0] == '$' && v[1] == '{' && v[n - 1] == '}') return 1;
  return 0;
}

/* Parses s as a libpq keyword/value string (libpq's conninfo_parse rules:
 * key = value, value bare or '...' with backslash escapes). Returns 1 if
 * it is one (every key known, at least one pair) AND it holds a non-empty,
 * literal password; 0 otherwise. */
static int conninfo_has_password(const char* s) {
  int pairs = 0, secret = 0;
  const char* p = s;
  for (;;) {
    while (isspace((unsigned char)*p)) p++;
    if (!*p) break;
    const char* key = p;
    while (*p && *p != '=' && !isspace((unsigned char)*p)) p++;
    size_t klen = (size_t)(p - key);
    while (isspace((unsigned char)*p)) p++;
    if (*p != '=' || !klen || !known_key(key, klen)) return 0;
    p++;
    while (isspace((unsigned char)*p)) p++;
    size_t vlen = 0;
    const char *val = p, *vend = p;
    if (*p == '\'') {
      p++;
      val = p;
      while (*p && *p != '\'') {
        if (*p == '\\' && p[1]) p++;
        p++;
        vlen++;
      }
      if (*p != '\'') return 0; /* unterminated quote: libpq rejects it */
      vend = p++;
    } else {
      while (*p && !isspace((unsigned char)*p)) {
        if (*p == '\\' && p[1]) p++;
        p++;
        vlen++;
      }
      vend = p;
    }
    pairs++;
    if (klen == 8 && !memcmp(key, "password", 8) && vlen > 0 &&
        !not_a_secret(val, (size_t)(vend - val)))
      secret = 1;
  }
  return pairs > 0 && secret;
}

/* 1 if s is a postgres:// or postgresql:// URI with a non-empty literal
 * password in its user info or a password= query parameter. */
static int uri_has_password(const char* s) {
  const char* rest = NULL;
  if (!strncmp(s, "postgresql://", 13)) rest = s + 13;
  else if (!strncmp(s, "postgres://", 11)) rest = s + 11;
  if (!rest) return 0;
  size_t alen = strcspn(rest, "/?");
  const char* at = NULL;
  for (size_t i = 0; i < alen; i++)
    if (rest[i] == '@') at = rest + i;
  if (at) {
    const char* colon = memchr(rest, ':', (size_t)(at - rest));
    if (colon && at - colon > 1 && !not_a_secret(colon + 1, (size_t)(at - colon - 1)))
      return 1;
  }
  const char* q = strchr(rest, '?');
  while (q) {
    q++;
    size_t plen = strcspn(q, "&");
    if (plen > 9 && !strncmp(q, "password=", 9) && !not_a_secret(q + 9, plen - 9)) return 1;
    q = strchr(q, '&');
  }
  return 0;
}

static void visit_literal(syn_ctx* k, CXCursor c) {
  size_t len = 0;
  char* s = ast_string_value(c, &len);
  if (!s) {
    return;
  }
  if (strlen(s) == len) { /* embedded NUL: not a connection string */
    if (conninfo_has_password(s))
      syn_report(k, SYN_HARDCODED_SECRET, FINDING_ERROR, c,
                 "password written in a connection string literal: " ADVICE);
    else if (uri_has_password(s))
      syn_report(k, SYN_HARDCODED_SECRET, FINDING_ERROR, c,
                 "password written in a connection URI literal: " ADVICE);
  }
  free(s);
}

/* 1 if expression e is a string literal (direct, macro or const variable)
 * with a non-empty value that is not a placeholder or mask. */
static int literal_secret(CXCursor e) {
  size_t len = 0;
  char* s = ast_string_value(e, &len);
  int r = s && len > 0 && !not_a_secret(s, len);
  free(s);
  return r;
}

/* The InitListExpr that initialises an array expression: a variable
 * declared with an initializer, or a compound literal. Null if none. */
static CXCursor array_init(CXCursor e) {
  e = ast_unwrap(e);
  enum CXCursorKind k = clang_getCursorKind(e);
  if (k == CXCursor_DeclRefExpr) {
    CXCursor d = clang_getCursorReferenced(e);
    if (clang_getCursorKind(d) != CXCursor_VarDecl) return clang_getNullCursor();
    unsigned n = ast_nchildren(d);
    if (!n) return clang_getNullCursor();
    e = ast_unwrap(ast_child(d, n - 1));
    k = clang_getCursorKind(e);
  }
  if (k == CXCursor_CompoundLiteralExpr) {
    unsigned n = ast_nchildren(e);
    if (!n) return clang_getNullCursor();
    e = ast_child(e, n - 1);
    k = clang_getCursorKind(e);
  }
  return k == CXCursor_InitListExpr ? e : clang_getNullCursor();
}

/* PQconnectdbParams(keywords, values, ...): "password" beside a literal. */
static void visit_params(syn_ctx* k, CXCursor call, int kwarg, const char* name) {
  int nargs = clang_Cursor_getNumArguments(call);
  if (kwarg < 0 || kwarg + 1 >= nargs) return;
  CXCursor kw = array_init(clang_Cursor_getArgument(call, (unsigned)kwarg));
  CXCursor vals = array_init(clang_Cursor_getArgument(call, (unsigned)kwarg + 1));
  if (clang_Cursor_isNull(kw) || clang_Cursor_isNull(vals)) return;
  ast_cursors kws = {0}, vs = {0};
  if (ast_children(kw, &kws) < 0 || ast_children(vals, &vs) < 0) {
    k->err = PQL_ENOMEM;
  } else {
    for (size_t i = 0; i < kws.n && i < vs.n; i++) {
      char* key = ast_string_value(kws.v[i], NULL);
      int is_pw = key && !strcmp(key, "password");
      free(key);
      if (is_pw && literal_secret(vs.v[i])) {
        char msg[512];
        snprintf(msg, sizeof msg,
                 "password given as a string literal in the values passed to %s: " ADVICE, name);
        syn_report(k, SYN_HARDCODED_SECRET, FINDING_ERROR, vs.v[i], msg);
      }
    }
  }
  ast_cursors_free(&kws);
  ast_cursors_free(&vs);
}

static void visit_call(syn_ctx* k, CXCursor c) {
  char* name = ast_callee_name(c);
  if (!name) return;
  int idx = model_calls_match(&k->m->params, name);
  if (idx >= 0) visit_params(k, c, k->m->params.v[idx].arg, name);
  /* arguments that are a password themselves (PQsetdbLogin's 7th) */
  int nargs = clang_Cursor_getNumArguments(c);
  for (size_t i = 0; i < k->m->password.n; i++) {
    const model_call* pc = &k->m->password.v[i];
    if (pc->arg < 0 || pc->arg >= nargs || !syn_call_matches(pc, name)) continue;
    CXCursor pw = clang_Cursor_getArgument(c, (unsigned)pc->arg);
    if (literal_secret(pw)) {
      char msg[512];
      snprintf(msg, sizeof msg, "password passed to %s as a string literal: " ADVICE, name);
      syn_report(k, SYN_HARDCODED_SECRET, FINDING_ERROR, pw, msg);
    }
  }
  free(name);
}

/* The check's visitor (syn_check.visit): every cursor of the main file. */
static void visit_cursor(syn_ctx* k, CXCursor c) {
  enum CXCursorKind kind = clang_getCursorKind(c);
  if (kind == CXCursor_StringLiteral) visit_literal(k, c);
  else if (kind == CXCursor_CallExpr) visit_call(k, c);
}

const syn_check syn_check_secret = {SYN_HARDCODED_SECRET, 0, visit_cursor};
