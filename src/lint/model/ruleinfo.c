/* ruleinfo.c - prints the rule catalogue for --list-rules and one rule's help for --explain. */
#include "model/ruleinfo.h"

#include <stdio.h>

#include "base/error.h"

/* --list-rules: "id  level  summary", one per line, catalogue order. */
void ruleinfo_list(const model_set* m) {
  for (size_t i = 0; i < m->nrules; i++) {
    const model_rule* r = &m->rules[i];
    printf("%-18s %-8s %s\n", r->id, finding_level_name(r->level),
           r->short_desc ? r->short_desc : "");
  }
}

/* --explain RULE: the rule's descriptions and help; 0, or PQL_EINVAL if unknown. */
int ruleinfo_explain(const model_set* m, const char* id) {
  const model_rule* r = model_rule_find(m, id);
  if (!r) {
    pql_errorf("unknown rule '%s' for --explain (see pqlint --list-rules)", id);
    return PQL_EINVAL;
  }
  printf("%s (%s, default level %s)\n\n", r->id, r->name ? r->name : r->id,
         finding_level_name(r->level));
  if (r->short_desc) printf("%s\n\n", r->short_desc);
  if (r->full_desc) printf("%s\n\n", r->full_desc);
  if (r->help_text) printf("%s\n", r->help_text);
  if (r->ntags) {
    printf("\nTags:");
    for (size_t i = 0; i < r->ntags; i++) printf(" %s", r->tags[i]);
    printf("\n");
  }
  return 0;
}

