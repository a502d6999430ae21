/* path_place.c - what kind of place a variable is: a member of a parameter (w->conn of parameter w) and its access path. */
#include <string.h>

#include "engine/path.h"

int member_param(const flow_fn* f, int var, const char** path) {
  if (var < 0 || var >= f->nvars) return -1;
  int b = f->vars[var].field_of;
  if (b < 0 || f->vars[b].param < 0 || f->vars[b].param >= 16 || !f->vars[b].ptr) return -1;
  size_t n = strlen(f->vars[b].name);
  const char* name = f->vars[var].name;
  if (name[0] == '*' && !strcmp(name + 1, f->vars[b].name)) { /* *p: path "*" */
    if (path) *path = "*";
    return f->vars[b].param;
  }
  if (strncmp(name, f->vars[b].name, n) || strncmp(name + n, "->", 2)) return -1;
  if (path) *path = name + n;
  return f->vars[b].param;
}
