/* incguard.h - before libclang opens a file's includes: refuses a file that includes a FIFO, socket or device of the tree. */
#ifndef PQL_INCGUARD_H
#define PQL_INCGUARD_H

#include <stddef.h>

/* Follows the #include lines of buf (the text of path; 4 levels, 256
 * headers at most) as the preprocessor would resolve them in the tree:
 * beside the includer for "quoted" ones, then the -I, -iquote, -isystem
 * and -idirafter folders of args (the file's compile flags) and extra (the
 * common flags); an absolute name as it is. Returns 1 if the first existing
 * candidate of one of them is not a regular file (libclang would block on
 * a FIFO, or read /dev/zero until memory runs out), with why set to "not
 * parsed: it includes NAME (PATH): not a regular file (a FIFO); ..."; else 0. Headers
 * not found are left to libclang. Reads headers only through readfile
 * (never blocks). */
int incguard_check(const char* path, const char* buf, size_t len, const char* const* args,
                   size_t nargs, const char* const* extra, size_t nextra, char* why, size_t whylen);

#endif
