/* tmpfiles.c - temporary report files that SIGINT/SIGTERM/SIGHUP remove before the process dies. */
#include "base/tmpfiles.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TF_SLOTS 4

/* Written with the signals blocked; read by the handler. */
static char tf_path[TF_SLOTS][PATH_MAX];
static volatile sig_atomic_t tf_used[TF_SLOTS];

static const int tf_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define TF_NSIG (sizeof tf_signals / sizeof *tf_signals)

/* Async-signal-safe: unlink, signal, raise only. */
static void tf_on_signal(int sig) {
  for (int i = 0; i < TF_SLOTS; i++)
    if (tf_used[i]) unlink(tf_path[i]);
  signal(sig, SIG_DFL);
  raise(sig); /* delivered when the handler returns (the signal is blocked in it) */
}

void tmpfiles_install_signals(void) {
  for (size_t i = 0; i < TF_NSIG; i++) {
    struct sigaction old, sa;
    if (sigaction(tf_signals[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN) continue;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = tf_on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t k = 0; k < TF_NSIG; k++) sigaddset(&sa.sa_mask, tf_signals[k]);
    sigaction(tf_signals[i], &sa, NULL);
  }
}

/* Blocks (block=1) or restores the handled signals. */
static void tf_block(int block, sigset_t* saved) {
  if (block) {
    sigset_t set;
    sigemptyset(&set);
    for (size_t k = 0; k < TF_NSIG; k++) sigaddset(&set, tf_signals[k]);
    pthread_sigmask(SIG_BLOCK, &set, saved);
  } else {
    pthread_sigmask(SIG_SETMASK, saved, NULL);
  }
}

int tmpfiles_create(char* template) {
  sigset_t saved;
  if (strlen(template) >= PATH_MAX) {
    errno = ENAMETOOLONG;
    return -1;
  }
  tf_block(1, &saved);
  int slot = -1;
  for (int i = 0; i < TF_SLOTS && slot < 0; i++)
    if (!tf_used[i]) slot = i;
  int fd = slot < 0 ? -1 : mkstemp(template);
  int err = slot < 0 ? EMFILE : errno;
  if (fd >= 0) {
    strcpy(tf_path[slot], template);
    tf_used[slot] = 1;
  }
  tf_block(0, &saved);
  if (fd < 0) errno = err;
  return fd;
}

void tmpfiles_forget(const char* path) {
  sigset_t saved;
  tf_block(1, &saved);
  for (int i = 0; i < TF_SLOTS; i++)
    if (tf_used[i] && !strcmp(tf_path[i], path)) tf_used[i] = 0;
  tf_block(0, &saved);
}

void tmpfiles_test_pause(void) {
  const char* s = getenv("PQL_TEST_WRITE_PAUSE");
  if (s && *s) sleep((unsigned)atoi(s));
}
