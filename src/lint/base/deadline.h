/* deadline.h - the per-file time limit (--file-timeout): a thread-local deadline that long-running stages poll. */
#ifndef PQL_DEADLINE_H
#define PQL_DEADLINE_H

#include <stddef.h>

/* Arms this thread's deadline: it passes `seconds` from now (seconds <= 0:
 * at once; the caller passes the time left of a file's budget). With the
 * test knob PQL_TEST_DEADLINE_STEPS=N in the environment the clock is not
 * used: the deadline passes at the N-th poll of the file, counting `steps`
 * polls already made for it (deterministic on any machine). */
void deadline_arm(double seconds, size_t steps);

/* Disarms this thread's deadline (deadline_passed returns 0 again). */
void deadline_disarm(void);

/* 1 once this thread's armed deadline has passed (sticky), else 0. Cheap:
 * it reads the clock only every 64th call. Thread-safe (thread-local). */
int deadline_passed(void);

/* deadline_passed, reading the clock now (for a check between stages). */
int deadline_passed_now(void);

/* The polls made since deadline_arm, plus its `steps` (for the next arm). */
size_t deadline_steps(void);

/* Seconds on the monotonic clock. */
double deadline_now(void);

#endif
