/* config_check.c - pqpool_create's config check: the caller's struct_size layout, every field's range, the conninfo. */
#include <stdlib.h>
#include <string.h>
#include "pool_internal.h"

/* A struct_size above this is garbage (an uninitialised config), not a newer layout. */
#define CONFIG_MAX_PLAUSIBLE_SIZE 4096

#define FIELD(f) #f, offsetof(pqpool_config, f)

/* The int fields and their smallest allowed value; relations between fields are checked after. */
static const struct int_rule {
  const char *name;
  size_t off;
  int min;
  const char *hint; /* what the smallest values mean, or "" */
} int_rules[] = {
    {FIELD(max_size), 1, ""},
    {FIELD(max_size_limit), 0, " (0 = max_size)"},
    {FIELD(min_idle), 0, ""},
    {FIELD(max_waiters), 0, " (0 = unlimited)"},
    {FIELD(acquire_timeout_ms), -1, " (-1 = forever)"},
    {FIELD(connect_timeout_ms), 1, ""},
    {FIELD(idle_timeout_ms), 0, " (0 = never)"},
    {FIELD(max_lifetime_ms), 0, " (0 = unlimited)"},
    {FIELD(max_lifetime_jitter_ms), -1, " (-1 = 10 % of max_lifetime_ms)"},
    {FIELD(check_after_idle_ms), 0, ""},
    {FIELD(check_timeout_ms), 1, ""},
    {FIELD(keepalive_interval_ms), 0, " (0 = off)"},
    {FIELD(leak_threshold_ms), 0, " (0 = off)"},
    {FIELD(backoff_initial_ms), 1, ""},
    {FIELD(backoff_max_ms), 1, ""},
    {FIELD(init_timeout_ms), 0, " (0 = no initial connect)"},
    {FIELD(housekeeping_interval_ms), 0, " (0 = no thread)"},
};

static int field_int(const pqpool_config *c, size_t off) {
  int v;
  memcpy(&v, (const char *)c + off, sizeof v);
  return v;
}

/* Copies the caller's config into *out (this library's full layout): the fields beyond the
   caller's struct_size keep pqpool_config_init's defaults. 0, or PQPOOL_EINVAL if struct_size is
   not a layout (too small, garbage) or the caller sets fields this library does not know. */
static int import_layout(const pqpool_config *in, pqpool_config *out, pqpool_error *err) {
  size_t n = in->struct_size;
  if (n < PQPOOL_CONFIG_MIN_SIZE || n > CONFIG_MAX_PLAUSIBLE_SIZE)
    return pool_err(err, PQPOOL_EINVAL, NULL,
                    "pqpool_create: struct_size is %zu, not a pqpool_config layout (%zu..%zu here): set the config "
                    "up with pqpool_config_init() or a preset before setting fields",
                    n, (size_t)PQPOOL_CONFIG_MIN_SIZE, sizeof *out);
  for (size_t i = sizeof *out; i < n; i++)
    if (((const unsigned char *)in)[i] != 0)
      return pool_err(err, PQPOOL_EINVAL, NULL,
                      "pqpool_create: struct_size is %zu and byte %zu is set, but this pqpool's pqpool_config has "
                      "%zu bytes: the program sets an option of a newer pqpool.h",
                      n, i, sizeof *out);
  pqpool_config_init_sized(out, sizeof *out);
  memcpy(out, in, n < sizeof *out ? n : sizeof *out);
  out->struct_size = sizeof *out;
  return 0;
}

static int check_ranges(const pqpool_config *c, pqpool_error *err) {
  for (size_t i = 0; i < sizeof int_rules / sizeof int_rules[0]; i++) {
    const struct int_rule *r = &int_rules[i];
    int v = field_int(c, r->off);
    if (v < r->min)
      return pool_err(err, PQPOOL_EINVAL, NULL, "pqpool_create: %s must be >= %d%s (got %d)", r->name, r->min,
                      r->hint, v);
  }
  if (c->min_idle > c->max_size)
    return pool_err(err, PQPOOL_EINVAL, NULL, "pqpool_create: min_idle must be in 0..max_size (got %d, max_size %d)",
                    c->min_idle, c->max_size);
  if (c->max_size_limit != 0 && c->max_size_limit < c->max_size)
    return pool_err(err, PQPOOL_EINVAL, NULL,
                    "pqpool_create: max_size_limit must be 0 or >= max_size (got %d, max_size %d)", c->max_size_limit,
                    c->max_size);
  if (c->backoff_max_ms < c->backoff_initial_ms)
    return pool_err(err, PQPOOL_EINVAL, NULL,
                    "pqpool_create: backoff_max_ms must be >= backoff_initial_ms (got %d, backoff_initial_ms %d)",
                    c->backoff_max_ms, c->backoff_initial_ms);
  if (c->idle_timeout_ms > 0 && c->housekeeping_interval_ms > 0 && c->idle_timeout_ms < c->housekeeping_interval_ms)
    return pool_err(err, PQPOOL_EINVAL, NULL,
                    "pqpool_create: idle_timeout_ms %d is below housekeeping_interval_ms %d, the interval that "
                    "checks it: raise idle_timeout_ms, lower the interval, or set idle_timeout_ms 0 (never)",
                    c->idle_timeout_ms, c->housekeeping_interval_ms);
  if (c->on_release_in_tx != PQPOOL_ROLLBACK && c->on_release_in_tx != PQPOOL_DISCARD)
    return pool_err(err, PQPOOL_EINVAL, NULL,
                    "pqpool_create: on_release_in_tx must be PQPOOL_ROLLBACK or PQPOOL_DISCARD (got %d)",
                    c->on_release_in_tx);
  if (c->fork_mode != PQPOOL_FORK_RESET && c->fork_mode != PQPOOL_FORK_STRICT)
    return pool_err(err, PQPOOL_EINVAL, NULL,
                    "pqpool_create: fork_mode must be PQPOOL_FORK_RESET or PQPOOL_FORK_STRICT (got %d)", c->fork_mode);
  return 0;
}

/* Resolves the conninfo (conninfo, else $POSTGRES_URL, unless conninfo_cb supplies one per
   connect) into c->conninfo and checks that libpq parses it. 0, PQPOOL_EINVAL or PQPOOL_ENOMEM. */
static int check_conninfo(pqpool_config *c, pqpool_error *err) {
  const char *field = "conninfo";
  if (c->conninfo_cb) return 0; /* asked per connect; a bad one fails that connect */
  if (!c->conninfo) {
    field = "POSTGRES_URL";
    c->conninfo = getenv("POSTGRES_URL");
    if (!c->conninfo || !*c->conninfo)
      return pool_err(err, PQPOOL_EINVAL, NULL, "pqpool_create: no conninfo and POSTGRES_URL is not set");
  }
  char *msg = NULL;
  PQconninfoOption *opts = PQconninfoParse(c->conninfo, &msg);
  if (opts) {
    PQconninfoFree(opts);
    return 0;
  }
  if (!msg) return pool_err(err, PQPOOL_ENOMEM, NULL, "pqpool_create: out of memory parsing the %s", field);
  size_t n = strlen(msg);
  while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = 0;
  int rc = pool_err(err, PQPOOL_EINVAL, msg, "pqpool_create: %s cannot be parsed by libpq: %s", field,
                    msg);
  PQfreemem(msg);
  return rc;
}

/* See pool_internal.h. */
int pool_config_check(const pqpool_config *in, pqpool_config *out, pqpool_error *err) {
  int rc;
  if (!in) {
    pqpool_config_init_sized(out, sizeof *out);
  } else if ((rc = import_layout(in, out, err)) < 0) {
    return rc;
  }
  if ((rc = check_ranges(out, err)) < 0) return rc;
  return check_conninfo(out, err);
}
