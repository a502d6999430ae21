/* error.h - pqlint's error codes (negative, libuv style) and the diagnostic printer for the tool itself. */
#ifndef PQL_ERROR_H
#define PQL_ERROR_H

#define PQL_OK 0
#define PQL_ENOMEM (-1)   /* out of memory */
#define PQL_EINVAL (-2)   /* bad argument, usage error */
#define PQL_EIO (-3)      /* a file could not be read or written */
#define PQL_EMODEL (-4)   /* a model file is wrong */
#define PQL_ECONFIG (-5)  /* the configuration is wrong */
#define PQL_EPARSE (-6)   /* libclang could not parse at all */
#define PQL_EINPUT (-7)   /* an input is missing, binary or unreadable */
#define PQL_ETOOBIG (-8)  /* a file is larger than --max-file-size */
#define PQL_ETIMEDOUT (-9) /* a file's analysis ran past --file-timeout */

/* Exit statuses of the command (ruff/shellcheck convention). */
#define PQL_EXIT_CLEAN 0
#define PQL_EXIT_FINDINGS 1
#define PQL_EXIT_ERROR 2

const char* pql_strerror(int code);

/* Prints "pqlint: error: <formatted>\n" to stderr (thread-safe, one write). */
void pql_errorf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "pqlint: warning: <formatted>\n" to stderr. */
void pql_warnf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
/* on != 0: pql_errorf and pql_warnf print nothing from now on (the fuzz
 * harnesses: their stderr carries libFuzzer's and the sanitizers' reports). */
void pql_diag_quiet(int on);

#endif
