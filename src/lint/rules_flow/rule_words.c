/* rule_words.c - the words path rules use to name a handle kind in messages. */
#include "ir/flow_ir.h"
#include "rules_flow/rule_words.h"

const char* rule_kind_noun(int k) {
  return k == FK_CONN ? "connection" : k == FK_RESULT ? "result" : k == FK_POOLED ? "pooled connection" : "handle";
}

const char* rule_kind_fix(int k) {
  return k == FK_CONN ? "finished" : k == FK_RESULT ? "cleared" : "released to the pool";
}
