/* ndbm.h stub for pqlint's triage corpus (exim's hintsdb.h): declarations only, Debian ships no ndbm.h */
#ifndef PQLINT_STUB_NDBM_H
#define PQLINT_STUB_NDBM_H
typedef struct { char *dptr; int dsize; } datum;
typedef struct DBM DBM;
#define DBM_INSERT 0
#define DBM_REPLACE 1
DBM *dbm_open(const char *file, int flags, unsigned mode);
void dbm_close(DBM *db);
datum dbm_fetch(DBM *db, datum key);
int dbm_store(DBM *db, datum key, datum content, int mode);
int dbm_delete(DBM *db, datum key);
datum dbm_firstkey(DBM *db);
datum dbm_nextkey(DBM *db);
#endif
