/* lint.c - rule selection: lint_rule_enabled. */
#include "base/lint.h"

#include <string.h>

int lint_rule_enabled(const lint_rules_on* on, const char* id) {
  if (!on || !id) return 1;
  for (size_t i = 0; i < on->ndisabled; i++)
    if (strcmp(on->disabled[i], id) == 0) return 0;
  if (on->nenabled == 0) return 1;
  for (size_t i = 0; i < on->nenabled; i++)
    if (strcmp(on->enabled[i], id) == 0) return 1;
  return 0;
}
