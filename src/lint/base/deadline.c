/* deadline.c - the per-file time limit (--file-timeout): a thread-local deadline that long-running stages poll. */
#include "base/deadline.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

static _Thread_local int dl_armed, dl_passed;
static _Thread_local double dl_at;
static _Thread_local size_t dl_steps, dl_max_steps;

double deadline_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static pthread_once_t dl_once = PTHREAD_ONCE_INIT;
static size_t dl_knob;

static void read_knob(void) {
  const char* s = getenv("PQL_TEST_DEADLINE_STEPS");
  dl_knob = s ? (size_t)strtoull(s, NULL, 10) : 0;
}

/* PQL_TEST_DEADLINE_STEPS, or 0 when unset (read once, for the whole process). */
static size_t test_steps(void) {
  pthread_once(&dl_once, read_knob);
  return dl_knob;
}

void deadline_arm(double seconds, size_t steps) {
  dl_armed = 1;
  dl_passed = 0;
  dl_steps = steps;
  dl_max_steps = test_steps();
  dl_at = deadline_now() + seconds;
  if (dl_max_steps) dl_passed = dl_steps >= dl_max_steps;
  else if (seconds <= 0) dl_passed = 1;
}

void deadline_disarm(void) { dl_armed = dl_passed = 0; }

/* One poll; reads the clock when `now` or on every 64th poll. */
static int poll_deadline(int now) {
  if (!dl_armed) return 0;
  if (dl_passed) return 1;
  dl_steps++;
  if (dl_max_steps) return dl_passed = dl_steps >= dl_max_steps;
  if ((now || (dl_steps & 63) == 0) && deadline_now() >= dl_at) dl_passed = 1;
  return dl_passed;
}

int deadline_passed(void) { return poll_deadline(0); }

int deadline_passed_now(void) { return poll_deadline(1); }

size_t deadline_steps(void) { return dl_steps; }
