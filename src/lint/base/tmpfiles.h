/* tmpfiles.h - temporary report files that SIGINT/SIGTERM/SIGHUP remove before the process dies. */
#ifndef PQL_TMPFILES_H
#define PQL_TMPFILES_H

/* Installs the handler for SIGINT, SIGTERM and SIGHUP (a signal the
 * process was started ignoring stays ignored). On the signal the handler
 * unlinks every registered temporary, restores the default action and
 * re-raises it: the process dies of the signal, as it would have, with no
 * temporary left and every file it was about to replace untouched. */
void tmpfiles_install_signals(void);

/* mkstemp(template) with the signals blocked until the name is registered,
 * so no signal can leave it behind. Returns the fd, or -1 with errno set
 * (EMFILE: more than 4 temporaries at once). */
int tmpfiles_create(char* template);

/* Forgets path (after it was renamed or unlinked). Signals are blocked
 * while the slot is cleared. */
void tmpfiles_forget(const char* path);

/* Test knob: with PQL_TEST_WRITE_PAUSE=N in the environment, sleeps N
 * seconds (the writers call it while their temporary exists, before the
 * rename, so a test can signal the process then). Otherwise does nothing. */
void tmpfiles_test_pause(void);

#endif
