/* t_config.c - pqpool_create's config check (a table of bad and boundary configs, each error naming its
   field) and the struct_size layout contract (an older, shorter and a newer, longer caller). No server. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "pqpool.h"
#include "tcheck.h"

#define CI "host=/nonexistent-pqpool-t_config dbname=x" /* parses; never connected (no init_timeout, min_idle 0) */
#define OFF(f) offsetof(pqpool_config, f)

/* One int field set to one value, on the services or the scripts preset. */
typedef struct int_case {
  size_t off;
  int value;
  int script;          /* 1: start from pqpool_config_script */
  const char *expect;  /* NULL: accepted; else PQPOOL_EINVAL with this in err.msg (the field's name) */
} int_case;

static const int_case int_cases[] = {
    {OFF(max_size), 0, 0, "max_size"},
    {OFF(max_size), -1, 0, "max_size"},
    {OFF(max_size), INT_MIN, 0, "max_size"},
    {OFF(max_size), 1, 0, NULL},
    {OFF(min_idle), -1, 0, "min_idle"},
    {OFF(min_idle), 11, 0, "min_idle"}, /* above max_size 10 */
    {OFF(min_idle), 10, 1, "min_idle"}, /* above the scripts preset's 2 */
    {OFF(max_size_limit), -1, 0, "max_size_limit"},
    {OFF(max_size_limit), 9, 0, "max_size_limit"}, /* below max_size */
    {OFF(max_size_limit), 10, 0, NULL},
    {OFF(max_waiters), -1, 0, "max_waiters"},
    {OFF(acquire_timeout_ms), -2, 0, "acquire_timeout_ms"},
    {OFF(acquire_timeout_ms), -1, 0, NULL}, /* forever */
    {OFF(acquire_timeout_ms), 0, 0, NULL},
    {OFF(connect_timeout_ms), 0, 0, "connect_timeout_ms"},
    {OFF(connect_timeout_ms), -1, 0, "connect_timeout_ms"},
    {OFF(idle_timeout_ms), -1, 0, "idle_timeout_ms"},
    {OFF(idle_timeout_ms), 999, 0, "idle_timeout_ms"},  /* below housekeeping_interval_ms 1000 */
    {OFF(idle_timeout_ms), 1000, 0, NULL},              /* equal: fine */
    {OFF(idle_timeout_ms), 0, 0, NULL},                 /* never */
    {OFF(idle_timeout_ms), 1, 1, NULL},                 /* scripts: no thread, maintain() by hand */
    {OFF(max_lifetime_ms), -1, 0, "max_lifetime_ms"},
    {OFF(max_lifetime_jitter_ms), -2, 0, "max_lifetime_jitter_ms"},
    {OFF(check_after_idle_ms), -1, 0, "check_after_idle_ms"},
    {OFF(check_timeout_ms), 0, 0, "check_timeout_ms"},
    {OFF(keepalive_interval_ms), -1, 0, "keepalive_interval_ms"},
    {OFF(leak_threshold_ms), -1, 0, "leak_threshold_ms"},
    {OFF(backoff_initial_ms), 0, 0, "backoff_initial_ms"},
    {OFF(backoff_max_ms), -1, 0, "backoff_max_ms"},
    {OFF(backoff_max_ms), 249, 0, "backoff_max_ms"}, /* below backoff_initial_ms 250 */
    {OFF(init_timeout_ms), -1, 0, "init_timeout_ms"},
    {OFF(housekeeping_interval_ms), -1, 0, "housekeeping_interval_ms"},
    {OFF(housekeeping_interval_ms), 20001, 0, "idle_timeout_ms"}, /* the interval above idle 20000 */
    {OFF(housekeeping_interval_ms), 0, 0, NULL},
    {OFF(on_release_in_tx), 2, 0, "on_release_in_tx"},
    {OFF(on_release_in_tx), -1, 0, "on_release_in_tx"},
    {OFF(fork_mode), 7, 0, "fork_mode"},
};

typedef struct conninfo_case {
  const char *conninfo;
  const char *expect; /* NULL: accepted */
} conninfo_case;

static const conninfo_case conninfo_cases[] = {
    {"host=/tmp dbname", "conninfo"},            /* a keyword without = */
    {"host=/tmp nosuchoption=1", "conninfo"},    /* unknown keyword */
    {"dbname='unterminated", "conninfo"},        /* open quote */
    {"postgresql://[::1", "conninfo"},           /* URI with an unclosed IPv6 bracket */
    {"postgresql://h/db?nosuch=1", "conninfo"},  /* URI with an unknown parameter */
    {"mydb", "conninfo"},                        /* neither key=value nor a URI */
    {"", NULL},                                  /* all defaults: libpq parses it */
    {"host=/tmp port=5432 dbname=app", NULL},
    {"postgresql:///app?host=/tmp", NULL},
};

static void expect_create(const pqpool_config *c, const char *expect, const char *what) {
  pqpool *p = (pqpool *)&p; /* not NULL: a failed create must set it to NULL */
  pqpool_error err;
  memset(&err, 0, sizeof err);
  int rc = pqpool_create(c, &p, &err);
  if (expect) {
    CHECK(rc == PQPOOL_EINVAL && err.code == PQPOOL_EINVAL && p == NULL, "%s: rejected with EINVAL (rc %d, %s)", what,
          rc, err.msg);
    CHECK(strstr(err.msg, expect) != NULL, "%s: the message names %s: %s", what, expect, err.msg);
    CHECK(strncmp(err.msg, "pqpool_create: ", 15) == 0, "%s: the message says who: %s", what, err.msg);
  } else {
    CHECK(rc == 0 && p != NULL, "%s: accepted (rc %d: %s)", what, rc, err.msg);
  }
  if (rc == 0 && p) pqpool_close(p);
}

static void int_table(void) {
  for (size_t i = 0; i < sizeof int_cases / sizeof int_cases[0]; i++) {
    const int_case *t = &int_cases[i];
    pqpool_config c;
    if (t->script)
      pqpool_config_script(&c);
    else
      pqpool_config_service(&c);
    c.conninfo = CI;
    memcpy((char *)&c + t->off, &t->value, sizeof t->value);
    char what[96];
    snprintf(what, sizeof what, "int case %zu (offset %zu = %d%s)", i, t->off, t->value, t->script ? ", scripts" : "");
    expect_create(&c, t->expect, what);
  }
}

static const char *conninfo_from_arg(void *arg) { return arg; }

static void conninfo_table(void) {
  for (size_t i = 0; i < sizeof conninfo_cases / sizeof conninfo_cases[0]; i++) {
    pqpool_config c;
    pqpool_config_init(&c);
    c.conninfo = conninfo_cases[i].conninfo;
    char what[96];
    snprintf(what, sizeof what, "conninfo '%s'", c.conninfo);
    expect_create(&c, conninfo_cases[i].expect, what);
  }
  /* libpq's reason is passed on, in msg and in last_libpq_error */
  pqpool_config c;
  pqpool_config_init(&c);
  c.conninfo = "host=/tmp nosuchoption=1";
  pqpool *p;
  pqpool_error err;
  pqpool_create(&c, &p, &err);
  CHECK(strstr(err.msg, "nosuchoption") && strstr(err.last_libpq_error, "nosuchoption"),
        "libpq's reason is in the message: %s / %s", err.msg, err.last_libpq_error);
  /* $POSTGRES_URL is checked the same way and named as the source */
  c.conninfo = NULL;
  setenv("POSTGRES_URL", "host=/tmp dbname", 1);
  expect_create(&c, "POSTGRES_URL", "unparsable POSTGRES_URL");
  setenv("POSTGRES_URL", CI, 1);
  expect_create(&c, NULL, "POSTGRES_URL that parses");
  expect_create(NULL, NULL, "NULL config (defaults, POSTGRES_URL)");
  unsetenv("POSTGRES_URL");
  expect_create(NULL, "POSTGRES_URL", "NULL config without POSTGRES_URL");
  /* a conninfo_cb is asked per connect: the unused conninfo beside it is not parsed */
  c.conninfo = "not parsed";
  c.conninfo_cb = conninfo_from_arg;
  c.conninfo_arg = CI;
  expect_create(&c, NULL, "conninfo_cb set");
}

/* A page of memory followed by an inaccessible one: a struct placed at the end of the first
   faults on any read or write past its last byte. */
static char *guarded_end(size_t n, void **map, size_t *maplen) {
  size_t pg = (size_t)sysconf(_SC_PAGESIZE);
  *maplen = 2 * pg;
  char *m = mmap(NULL, *maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return NULL;
  mprotect(m + pg, pg, PROT_NONE);
  *map = m;
  return m + pg - n;
}

/* A program built against the first layout (struct_size .. hook_arg, no max_size_limit): the
   presets and pqpool_create touch only its bytes, and the fields it lacks get their defaults. */
static void older_caller(void) {
  void *map;
  size_t maplen;
  size_t n = PQPOOL_CONFIG_MIN_SIZE;
  CHECK(n < sizeof(pqpool_config), "the first layout is shorter than today's (%zu < %zu)", n, sizeof(pqpool_config));
  char *mem = guarded_end(n, &map, &maplen);
  if (!mem) {
    CHECK(0, "mmap failed");
    return;
  }
  pqpool_config *old = (pqpool_config *)mem; /* only fields below offset n are used */
  memset(mem, 0xAB, n);
  pqpool_config_script_sized(old, n); /* faults if it writes past n */
  CHECK(old->struct_size == n, "struct_size recorded: %zu", old->struct_size);
  CHECK(old->max_size == 2 && old->housekeeping_interval_ms == 0 && old->connect_timeout_ms == 5000 &&
            old->hook_arg == NULL,
        "scripts preset in the short layout: max %d", old->max_size);
  old->conninfo = CI;
  old->max_size = 3;
  pqpool *p = NULL;
  pqpool_error err;
  int rc = pqpool_create(old, &p, &err); /* faults if it reads past n */
  CHECK(rc == 0 && p, "create from the short layout: %d %s", rc, rc ? err.msg : "");
  if (p) {
    /* max_size_limit is beyond the old layout: its default 0 (= max_size) holds, so no growth */
    CHECK(pqpool_set_max_size(p, 4) == PQPOOL_EINVAL, "missing max_size_limit defaults to max_size");
    CHECK(pqpool_set_max_size(p, 2) >= 0, "shrinking within max_size works");
    struct pqpool_stats s;
    pqpool_stats(p, &s);
    CHECK(s.max_size == 2, "the short config's fields were taken (max_size now %d)", s.max_size);
    pqpool_close(p);
  }
  /* the same with today's layout and max_size_limit set: growth is allowed (the test above can fail) */
  pqpool_config full;
  pqpool_config_script(&full);
  CHECK(full.struct_size == sizeof full, "full struct_size %zu", full.struct_size);
  full.conninfo = CI;
  full.max_size = 3;
  full.max_size_limit = 5;
  if (pqpool_create(&full, &p, &err) == 0) {
    CHECK(pqpool_set_max_size(p, 4) >= 0, "max_size_limit 5 allows 4");
    pqpool_close(p);
  } else {
    CHECK(0, "create full: %s", err.msg);
  }
  /* struct_size below the first layout is not a layout */
  memset(mem, 0, n);
  pqpool_config_init_sized(old, n);
  old->conninfo = CI;
  old->struct_size = n - 1;
  expect_create(old, "struct_size", "struct_size one below the first layout");
  munmap(map, maplen);
}

/* A program built against a newer, longer pqpool_config: zero bytes beyond ours are fine (the
   preset zeroes them), a set one is an option this library does not have. */
static void newer_caller(void) {
  size_t big = sizeof(pqpool_config) + 64;
  void *map;
  size_t maplen;
  char *mem = guarded_end(big, &map, &maplen);
  if (!mem) return;
  memset(mem, 0xCD, big);
  pqpool_config *c = (pqpool_config *)mem;
  pqpool_config_init_sized(c, big);
  int tail_zero = 1;
  for (size_t i = sizeof(pqpool_config); i < big; i++) tail_zero &= mem[i] == 0;
  CHECK(c->struct_size == big && tail_zero, "a longer layout: struct_size %zu, unknown tail zeroed %d", c->struct_size,
        tail_zero);
  c->conninfo = CI;
  expect_create(c, NULL, "longer layout, nothing set beyond ours");
  mem[sizeof(pqpool_config) + 10] = 1;
  expect_create(c, "struct_size", "longer layout setting an unknown option");
  munmap(map, maplen);
}

static void bad_struct_size(void) {
  pqpool_config c;
  memset(&c, 0, sizeof c); /* never initialised by a preset */
  c.conninfo = CI;
  c.max_size = 5;
  expect_create(&c, "struct_size", "zeroed config without a preset");
  pqpool_config_init(&c);
  c.conninfo = CI;
  c.struct_size = (size_t)(uintptr_t)&c; /* garbage (a pointer) */
  expect_create(&c, "pqpool_config_init", "garbage struct_size");
  pqpool_config_init(&c);
  CHECK(c.struct_size == sizeof c, "pqpool_config_init sets struct_size (%zu)", c.struct_size);
}

int main(void) {
  unsetenv("POSTGRES_URL");
  int_table();
  conninfo_table();
  older_caller();
  newer_caller();
  bad_struct_size();
  return t_done("t_config");
}
