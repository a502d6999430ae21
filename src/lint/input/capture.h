/* capture.h - runs a program (never through a shell) and captures its standard output (git plumbing for --staged and walks). */
#ifndef PQL_CAPTURE_H
#define PQL_CAPTURE_H
#include <stddef.h>

/* Runs argv[0] (looked up on PATH) with argv, stdout captured into *out (NUL-terminated, *len bytes,
   the caller frees it). Returns the program's exit status (0..255), or -1 when it could not be run,
   was killed, or its output could not be read (then *out is NULL). */
int capture_output(const char* const* argv, char** out, size_t* len);

#endif
