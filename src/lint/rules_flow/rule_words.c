/* rule_words.c - the words path rules use to name a handle kind in messages. */
#include "ir/flow_ir.h"
#include "rules_flow/rule_words.h"

const char* rule_kind_noun(int k) {
  switch (k) {
  case FK_CONN: return "connection";
  case FK_RESULT: return "result";
  case FK_POOLED: return "pooled connection";
  case FK_MEM: return "libpq-allocated buffer";
  case FK_CANCEL: return "cancel handle";
  case FK_CONNINFO: return "conninfo array";
  default: return "handle";
  }
}

const char* rule_kind_fix(int k) {
  switch (k) {
  case FK_CONN: return "finished";
  case FK_RESULT: return "cleared";
  case FK_MEM: return "freed with PQfreemem";
  case FK_CANCEL: return "freed with PQfreeCancel";
  case FK_CONNINFO: return "freed with PQconninfoFree";
  default: return "released to the pool";
  }
}
