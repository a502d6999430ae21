/* model_pos.h - text positions of the nodes of a parsed JSON model (internal to the model loader). */
#ifndef PQL_MODEL_POS_H
#define PQL_MODEL_POS_H

#include <cjson/cJSON.h>
#include <stddef.h>

typedef struct model_pos_ent {
  const cJSON* node;
  size_t key; /* offset of the node's key (of the value for array items and the root) */
  size_t val; /* offset of the node's value */
} model_pos_ent;

typedef struct model_pos_tab {
  model_pos_ent* v;
  size_t n, cap;
} model_pos_tab;

/* Walks `text` (which cJSON parsed into `root` without error) alongside the
 * tree and records each node's offsets. 0, or -1 out of memory (the table
 * then holds what it got). Free with model_pos_free. */
int model_pos_build(model_pos_tab* tab, const char* text, const cJSON* root);
void model_pos_free(model_pos_tab* tab);

/* Offset of node's key (key=1) or value (key=0); 0 if unknown. */
size_t model_pos_of(const model_pos_tab* tab, const cJSON* node, int key);

/* 1-based line and column (in bytes) of offset `off` in text. */
void model_pos_linecol(const char* text, size_t off, unsigned* line, unsigned* col);

#endif
