/* ruleinfo.c - prints the rule catalogue for --list-rules and one rule's help for --explain. */
#include "model/ruleinfo.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/error.h"

/* --list-rules: "id  level  summary", one per line, catalogue order. */
void ruleinfo_list(const model_set* m) {
  for (size_t i = 0; i < m->nrules; i++) {
    const model_rule* r = &m->rules[i];
    printf("%-18s %-8s %s\n", r->id, finding_level_name(r->level),
           r->short_desc ? r->short_desc : "");
  }
}

static cJSON* ri_str(const char* s) { return s ? cJSON_CreateString(s) : cJSON_CreateNull(); }

int ruleinfo_list_json(const model_set* m, FILE* out) {
  cJSON* root = cJSON_CreateObject();
  if (!root) return PQL_ENOMEM;
  cJSON_AddNumberToObject(root, "version", 1);
  cJSON* a = cJSON_AddArrayToObject(root, "rules");
  int oom = !a;
  for (size_t i = 0; !oom && i < m->nrules; i++) {
    const model_rule* r = &m->rules[i];
    cJSON* o = cJSON_CreateObject();
    cJSON* tags = cJSON_CreateArray();
    if (!o || !tags) {
      cJSON_Delete(o);
      cJSON_Delete(tags);
      oom = 1;
      break;
    }
    cJSON_AddItemToArray(a, o);
    cJSON_AddStringToObject(o, "id", r->id);
    cJSON_AddItemToObject(o, "name", ri_str(r->name));
    cJSON_AddStringToObject(o, "level", finding_level_name(r->level));
    cJSON_AddStringToObject(o, "kind", r->flow ? "path" : "syntactic");
    cJSON_AddItemToObject(o, "summary", ri_str(r->short_desc));
    cJSON_AddItemToObject(o, "description", ri_str(r->full_desc));
    cJSON_AddItemToObject(o, "help", ri_str(r->help_text));
    for (size_t t = 0; t < r->ntags; t++) cJSON_AddItemToArray(tags, cJSON_CreateString(r->tags[t]));
    cJSON_AddItemToObject(o, "tags", tags);
    if (!cJSON_AddItemToObject(o, "precision", ri_str(r->precision))) oom = 1;
  }
  char* s = oom ? NULL : cJSON_Print(root);
  cJSON_Delete(root);
  if (!s) return PQL_ENOMEM;
  int rc = fputs(s, out) < 0 || fputc('\n', out) == EOF ? PQL_EIO : PQL_OK;
  free(s);
  return rc;
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

