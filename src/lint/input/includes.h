/* includes.h - include folders for files without a compile database: pqpool's installed header and the walked tree's own include folders. */
#ifndef PQL_INCLUDES_H
#define PQL_INCLUDES_H

#include "input/cli.h"
#include "input/sources.h"

/* What includes_discover found, for the files' flags and for --summary. */
typedef struct includes_found {
  cli_list pool;      /* folders holding pqpool.h: pqlint's own prefix (<prefix>/include) and, run
                       * from the build tree, the source tree's src/pool (given as -idirafter) */
  cli_list tree;      /* the tree's folders: named "include", or named by quoted includes (-I) */
} includes_found;

/* Looks for pqpool.h beside pqlint's own executable (exe: its path, from
 * /proc/self/exe; NULL: look it up) and for the include folders of the
 * files of src: folders named "include" that hold a file of src, and the
 * folders that make a quoted include ("x/y.h") of a file of src resolve to
 * a header of src when it does not resolve beside the including file.
 * Folders are absolute and sorted. Returns 0, PQL_ENOMEM, or PQL_EINPUT
 * (said on stderr) when a folder/pqpool.h path is too long; free with
 * includes_free. */
int includes_discover(const source_list* src, const char* exe, includes_found* out);

/* Appends the flags for f (-idirafter POOL..., -I TREE...) to the file's
 * args; only call it for files without compile database flags. 0 or PQL_ENOMEM. */
int includes_apply(const includes_found* in, source_file* f);

void includes_free(includes_found* in);

#endif
