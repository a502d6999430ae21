/* fingerprint.h - GitHub code scanning's primaryLocationLineHash (codeql-action src/fingerprints.ts), in C. */
#ifndef PQL_FINGERPRINT_H
#define PQL_FINGERPRINT_H

#include <stddef.h>

/* Computes the hash of every line of text (len bytes). On success *out is
 * an array of *nlines malloc'd strings "hex:N" (line i+1 at index i; the
 * EOF sentinel's extra line included, as GitHub does); free with
 * fingerprint_free. Returns 0 or PQL_ENOMEM. */
int fingerprint_lines(const char* text, size_t len, char*** out, size_t* nlines);
void fingerprint_free(char** hashes, size_t nlines);

#endif
