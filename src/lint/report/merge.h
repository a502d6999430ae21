/* merge.h - "pqlint merge": several SARIF reports (shards) into one, without duplicate results. */
#ifndef PQL_MERGE_H
#define PQL_MERGE_H

/* argv[0] is "merge"; then input files and -o FILE (stdout without it).
 * Returns the exit status: 0 merged, 2 usage error, unreadable input,
 * input that is not a pqlint SARIF 2.1.0 log, or a failed write. */
int merge_main(int argc, char** argv);

#endif
