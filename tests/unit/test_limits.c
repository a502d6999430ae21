/* test_limits.c - readfile's refusals (FIFO, device, folder, size limit) and the per-file deadline (clock, test knob, stickiness, threads). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/deadline.h"
#include "base/readfile.h"

#include "unit_check.h"

static void test_readfile(const char* dir) {
  char fifo[512], reg[512];
  snprintf(fifo, sizeof fifo, "%s/f.c", dir);
  snprintf(reg, sizeof reg, "%s/r.c", dir);
  check(mkfifo(fifo, 0600) == 0, "mkfifo");
  size_t len = 99;
  errno = 0;
  char* b = readfile(fifo, &len); /* blocks forever if the open is not O_NONBLOCK */
  check(!b && errno == READFILE_EFIFO, "a FIFO without a writer: READFILE_EFIFO, at once");
  check(strstr(readfile_strerror(READFILE_EFIFO), "(a FIFO)") != NULL, "FIFO text");
  errno = 0;
  b = readfile("/dev/zero", &len);
  check(!b && errno == READFILE_ECHR, "/dev/zero: READFILE_ECHR, nothing read");
  errno = 0;
  b = readfile(dir, &len);
  check(!b && errno == EISDIR, "a folder: EISDIR");
  errno = 0;
  b = readfile("/no/such/file.c", &len);
  check(!b && errno == ENOENT, "missing: ENOENT");

  FILE* f = fopen(reg, "w");
  for (int i = 0; i < 3000; i++) fputs("int x;\n", f); /* 21000 bytes */
  fclose(f);
  b = readfile_max(reg, 21000, &len);
  check(b && len == 21000 && b[len] == 0, "at the limit: read whole, NUL-terminated");
  free(b);
  len = 0;
  errno = 0;
  b = readfile_max(reg, 20999, &len);
  check(!b && errno == READFILE_ETOOBIG && len == 21000, "one byte over: ETOOBIG with the size");
  b = readfile_max(reg, 0, &len);
  check(b && len == 21000, "0: no limit");
  free(b);
  /* overrides (--staged) follow the same limit */
  check(readfile_override("blob.c", "abcdef", 6) == 0, "override");
  len = 0;
  b = readfile_max("blob.c", 5, &len);
  check(!b && errno == READFILE_ETOOBIG && len == 6, "override over the limit");
  b = readfile_max("blob.c", 6, &len);
  check(b && len == 6 && !strcmp(b, "abcdef"), "override at the limit");
  free(b);
  readfile_overrides_clear();
  unlink(fifo);
  unlink(reg);
}

static void* other_thread(void* arg) {
  (void)arg;
  return (void*)(long)deadline_passed_now(); /* not armed in this thread */
}

static void test_deadline(void) {
  check(!deadline_passed_now(), "not armed: never passed");
  deadline_arm(0, 0);
  check(deadline_passed(), "0 s: passed at once");
  deadline_arm(3600, 0);
  check(!deadline_passed_now(), "an hour: not passed");
  pthread_t t;
  deadline_arm(0, 0);
  void* r = NULL;
  pthread_create(&t, NULL, other_thread, NULL);
  pthread_join(t, &r);
  check(r == NULL, "the deadline is per thread");
  deadline_arm(0.02, 0);
  usleep(30000);
  check(deadline_passed_now(), "20 ms later: passed");
  check(deadline_passed(), "and it stays passed");
  deadline_disarm();
  check(!deadline_passed(), "disarmed");
}

/* The knob: a child with PQL_TEST_DEADLINE_STEPS=5 sees the deadline pass at the 5th poll,
 * counting the polls carried over from pass 1. */
static void test_knob(const char* self) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "PQL_TEST_DEADLINE_STEPS=5 %s --knob", self);
  check(system(cmd) == 0, "knob child");
}

static int knob_child(void) {
  deadline_arm(3600, 0);
  int at = 0;
  for (int i = 1; i <= 10 && !at; i++)
    if (deadline_passed()) at = i;
  if (at != 5) return printf("FAIL: knob passed at poll %d, not 5\n", at), 1;
  deadline_arm(3600, 3); /* 3 polls made in pass 1: 2 left */
  at = 0;
  for (int i = 1; i <= 10 && !at; i++)
    if (deadline_passed()) at = i;
  if (at != 2 || deadline_steps() != 5) return printf("FAIL: carried-over polls: at %d\n", at), 1;
  return 0;
}

int main(int argc, char** argv) {
  if (argc > 1 && !strcmp(argv[1], "--knob")) return knob_child();
  char dir[] = "/tmp/pqlint-limits.XXXXXX";
  if (!mkdtemp(dir)) return 2;
  test_readfile(dir);
  rmdir(dir);
  test_deadline();
  test_knob(argv[0]);
  return unit_done();
}
