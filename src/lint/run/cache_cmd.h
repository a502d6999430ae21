/* cache_cmd.h - "pqlint cache": the pass-1 cache folder's statistics, or its entries cleared. */
#ifndef PQL_CACHE_CMD_H
#define PQL_CACHE_CMD_H

/* argv[0] is "cache"; then --stats [--format text|json] or --clear, and --cache-dir DIR (default
 * $XDG_CACHE_HOME/pqlint, else $HOME/.cache/pqlint). --stats prints the folder, the entries, their
 * bytes, the oldest and newest last use, temporaries and other files; --clear removes pqlint's
 * entries and temporaries only. A folder that does not exist holds nothing (exit 0). Returns the
 * exit status: 0 done, 2 usage error, a folder that cannot be listed, or an entry not removed. */
int cache_main(int argc, char** argv);

#endif
