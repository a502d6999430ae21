/* model_pos.c - where each cJSON node of a parsed model text sits in the text (for FILE:LINE:COL errors). */
#include <stdlib.h>
#include <string.h>

#include "model/model_pos.h"

/* Skips what cJSON skips between tokens: every byte from 1 to 32 (a
 * control character such as \003 too, not only space, tab and newlines). */
static size_t skip_ws(const char* t, size_t p) {
  while (t[p] && (unsigned char)t[p] <= 32) p++;
  return p;
}

/* p at the opening quote; returns the offset after the closing quote. */
static size_t skip_string(const char* t, size_t p) {
  p++;
  while (t[p] && t[p] != '"') p += (t[p] == '\\' && t[p + 1]) ? 2 : 1;
  return t[p] ? p + 1 : p;
}

static int tab_add(model_pos_tab* tab, const cJSON* node, size_t key, size_t val) {
  if (tab->n == tab->cap) {
    size_t cap = tab->cap ? tab->cap * 2 : 64;
    model_pos_ent* v = realloc(tab->v, cap * sizeof *v);
    if (!v) return -1;
    tab->v = v;
    tab->cap = cap;
  }
  tab->v[tab->n++] = (model_pos_ent){node, key, val};
  return 0;
}

/* Scans the value of `node` starting at p (no leading space); records the
 * positions of node's children; returns the offset after the value. */
static size_t scan_value(const char* t, size_t p, const cJSON* node, model_pos_tab* tab) {
  if (t[p] == '{' || t[p] == '[') {
    char close = t[p] == '{' ? '}' : ']';
    int is_obj = t[p] == '{';
    p++;
    const cJSON* child = node ? node->child : NULL;
    for (;;) {
      p = skip_ws(t, p);
      if (!t[p] || t[p] == close) break;
      size_t key = p;
      if (is_obj) {
        p = skip_ws(t, skip_string(t, p));
        if (t[p] == ':') p++;
        p = skip_ws(t, p);
      }
      if (child && tab_add(tab, child, key, p) < 0) return strlen(t);
      size_t at = p;
      p = scan_value(t, p, child, tab);
      if (child) child = child->next;
      p = skip_ws(t, p);
      if (t[p] == ',') p++;
      else if (p == at && t[p] && t[p] != close) p++; /* a stray byte: always move on (no endless loop) */
    }
    return t[p] ? p + 1 : p;
  }
  if (t[p] == '"') return skip_string(t, p);
  while ((unsigned char)t[p] > 32 && !strchr(",]}", t[p])) p++;
  return p;
}

int model_pos_build(model_pos_tab* tab, const char* text, const cJSON* root) {
  memset(tab, 0, sizeof *tab);
  size_t p = skip_ws(text, 0);
  if (tab_add(tab, root, p, p) < 0) return -1;
  scan_value(text, p, root, tab);
  return 0;
}

void model_pos_free(model_pos_tab* tab) {
  free(tab->v);
  memset(tab, 0, sizeof *tab);
}

size_t model_pos_of(const model_pos_tab* tab, const cJSON* node, int key) {
  for (size_t i = 0; i < tab->n; i++)
    if (tab->v[i].node == node) return key ? tab->v[i].key : tab->v[i].val;
  return 0;
}

void model_pos_linecol(const char* text, size_t off, unsigned* line, unsigned* col) {
  unsigned l = 1, c = 1;
  for (size_t i = 0; i < off && text[i]; i++) {
    if (text[i] == '\n') {
      l++;
      c = 1;
    } else {
      c++;
    }
  }
  *line = l;
  *col = c;
}
