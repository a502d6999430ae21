/* rule_words.h - the words path rules use to name a handle kind in messages. */
#ifndef PQL_RULE_WORDS_H
#define PQL_RULE_WORDS_H

/* "connection", "result", "pooled connection", "libpq-allocated buffer", "cancel handle", "conninfo array", or "handle" for FK_* k. */
const char* rule_kind_noun(int k);
/* What releasing a handle of kind k is called: "finished", "cleared", "freed with PQfreemem", ..., "released to the pool". */
const char* rule_kind_fix(int k);

#endif
